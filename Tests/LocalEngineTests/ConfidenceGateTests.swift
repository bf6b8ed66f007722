import Foundation
import Testing
@testable import LocalEngine

// MARK: - Confidence gate

@Suite("Confidence gate")
struct ConfidenceGateTests {
    /// One band edge and what the engine must answer there.
    struct Edge: Sendable, CustomTestStringConvertible {
        let confidence: Double
        let allowed: Bool
        let review: Bool
        let downgraded: Bool
        let reason: String
        var testDescription: String { "confidence \(confidence)" }
    }

    static let edges: [Edge] = [
        Edge(confidence: 1.0, allowed: true, review: false, downgraded: false, reason: "confidence 100% meets threshold (90%)"),
        Edge(confidence: 0.9, allowed: true, review: false, downgraded: false, reason: "confidence 90% meets threshold (90%)"),
        Edge(confidence: 0.89, allowed: false, review: true, downgraded: false, reason: "confidence 89% requires human approval (threshold 90%)"),
        Edge(confidence: 0.7, allowed: false, review: true, downgraded: false, reason: "confidence 70% requires human approval (threshold 90%)"),
        Edge(confidence: 0.69, allowed: true, review: false, downgraded: true, reason: "confidence 69% below 70%; scope downgraded to read_only"),
        Edge(confidence: 0.5, allowed: true, review: false, downgraded: true, reason: "confidence 50% below 70%; scope downgraded to read_only"),
        Edge(confidence: 0.49, allowed: false, review: false, downgraded: false, reason: "confidence 49% below minimum threshold (50%)"),
        Edge(confidence: 0, allowed: false, review: false, downgraded: false, reason: "confidence 0% below minimum threshold (50%)"),
    ]

    @Test("each band edge gets the engine's decision, reply shape and queue effect", arguments: edges)
    func bandEdge(_ edge: Edge) async throws {
        try await withEngine { client, _ in
            let reply = try await client.authorize([
                "actor": "invoice_bot", "action": "invoice:create", "confidence": edge.confidence,
                "resource": ["amount": "1200.00"], "acting_for": "user_123",
            ])
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            let json = reply.json
            #expect(json["allowed"] as? Bool == edge.allowed)
            #expect(json["requires_human_review"] as? Bool == edge.review)
            #expect(json["reason"] as? String == edge.reason)
            #expect(json["confidence_used"] as? Double == edge.confidence)
            let trace = try #require(json["trace_id"] as? String)
            #expect(trace.wholeMatch(of: #/tr_[0-9a-f]{12}/#) != nil)
            #expect(json["downgraded_scope"] as? String == (edge.downgraded ? "read_only" : nil))

            var expectedKeys: Set<String> = ["allowed", "reason", "trace_id", "requires_human_review", "confidence_used"]
            if edge.review { expectedKeys.insert("review_id") }
            if edge.downgraded { expectedKeys.formUnion(["downgraded_scope", "effective_scope"]) }
            #expect(Set(json.keys) == expectedKeys)

            let pending = try await client.get("/v1/queue/pending").json
            #expect(pending["count"] as? Int == (edge.review ? 1 : 0))
            if edge.review {
                let id = try #require(json["review_id"] as? String)
                let item = try await client.get("/v1/queue/\(id)").json
                #expect(item["confidence_score"] as? Double == edge.confidence)
                #expect(item["reason"] as? String == edge.reason)
                #expect(item["resource"] as? [String: String] == ["amount": "1200.00"])
            }
        }
    }

    @Test("no confidence is denied by default and nothing is queued")
    func missingDenied() async throws {
        try await withEngine { client, _ in
            for body: [String: Any] in [["actor": "ops_copilot", "action": "delete_user"], ["action": "delete_user", "confidence": NSNull()]] {
                let json = try await client.authorize(body).json
                #expect(json["allowed"] as? Bool == false)
                #expect(json["requires_human_review"] as? Bool == false)
                #expect(json["review_id"] == nil)
                #expect((json["reason"] as? String)?.hasPrefix("no confidence signal detected") == true)
            }
            #expect(try await client.get("/v1/queue/pending").json["count"] as? Int == 0)
        }
    }

    @Test("no confidence in review mode is queued with score 0 and the engine's reason")
    func missingReviewed() async throws {
        let configuration = LocalEngineConfiguration(apiKey: testKey, missingConfidence: .review)
        try await withEngine(configuration) { client, _ in
            let json = try await client.authorize(["actor": "ops_copilot", "action": "delete_user"]).json
            let reason = "no confidence signal detected; routed to human review — pass a confidence_signal derived from your LLM provider's response, or set CONFIDENCE_MISSING_MODE=review on the engine during development"
            #expect(json["allowed"] as? Bool == false)
            #expect(json["requires_human_review"] as? Bool == true)
            #expect(json["reason"] as? String == reason)
            #expect(json["confidence_used"] as? Double == 0)
            let id = try #require(json["review_id"] as? String)
            let item = try await client.get("/v1/queue/\(id)")
            #expect(item.json["confidence_score"] as? Double == 0)
            #expect(item.json["reason"] as? String == reason)
            #expect(item.text.contains(#""confidence_score":0,"#))
        }
    }

    @Test("malformed authorize requests are 400 with an error body")
    func badRequests() async throws {
        try await withEngine { client, _ in
            let cases: [(String?, String?)] = [
                (nil, "EOF"),
                ("bogus", "invalid character 'b' looking for beginning of value"),
                (#"{"confidence":0.95}"#, "action is required"),
                (#"{"action":"x","confidence":1.5}"#, "confidence: confidence: score 1.5000 is out of range [0, 1]"),
                (#"{"action":"x","confidence":"high"}"#, "json: cannot unmarshal string into Go struct field agentAuthorizeRequest.confidence of type float64"),
                (#"{"action":"x","resource":{"amount":1200}}"#, "json: cannot unmarshal number into Go struct field agentAuthorizeRequest.resource.amount of type string"),
                ("[1]", "json: cannot unmarshal array into Go value of type server.agentAuthorizeRequest"),
            ]
            for (body, message) in cases {
                let reply = try await client.post("/v1/agent/authorize", body)
                #expect(reply.status == 400, "body \(body ?? "none")")
                #expect(reply.error != nil)
                if let message { #expect(reply.error == message) }
            }
        }
    }
}
