import Foundation
import Testing
@testable import LocalEngine

// MARK: - Redeem (current dialect)

@Suite("Redeem")
struct RedeemTests {
    /// The authorize body the agent sends, and sends again to redeem.
    static let body = #"{"actor":"invoice_bot","action":"issue_refund","confidence":0.78,"resource":{"invoice_id":"inv_42"},"tenant_id":"acme","args":{"b":1,"a":[true,null]}}"#

    /// Queues `body` and returns the review id.
    static func enqueue(_ client: EngineClient, _ body: String = body) async throws -> String {
        let reply = try await client.post("/v1/agent/authorize", body)
        return try #require(reply.json["review_id"] as? String, "\(reply.text)")
    }

    /// Checks a redeem reply's shape and returns its reason.
    static func reason(_ reply: Reply, allowed: Bool, id: String) -> String? {
        #expect(reply.status == (allowed ? 200 : 403))
        #expect(reply.json["allowed"] as? Bool == allowed)
        #expect(reply.json["review_id"] as? String == id)
        #expect(reply.text.wholeMatch(of: #/\{"allowed":(true|false),"reason":"[^"]*","review_id":"[^"]*","trace_id":"tr_[0-9a-f]{12}"\}\n/#) != nil, "\(reply.text)")
        return reply.json["reason"] as? String
    }

    @Test("an approved request redeems once with its own payload; a mismatch does not use it up")
    func redeemOnce() async throws {
        try await withEngine { client, _ in
            let id = try await Self.enqueue(client)
            let item = try await client.get("/v1/queue/\(id)").json
            let fingerprint = try #require(item["payload_fingerprint"] as? String)
            #expect(fingerprint.wholeMatch(of: #/[0-9a-f]{64}/#) != nil)

            #expect(Self.reason(try await client.post("/v1/queue/\(id)/redeem", Self.body), allowed: false, id: id) == "review is still pending human decision")
            _ = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"oncall"}"#)

            let other = Self.body.replacingOccurrences(of: "inv_42", with: "inv_43")
            #expect(Self.reason(try await client.post("/v1/queue/\(id)/redeem", other), allowed: false, id: id) == "payload does not match what was approved")
            // Same effect, other key order and spelling of numbers: still the same payload.
            let reordered = #"{"tenant_id":"acme","args":{"a":[true,null],"b":1.0},"confidence":0.9,"resource":{"invoice_id":"inv_42"},"action":"issue_refund","actor":"invoice_bot"}"#
            #expect(Self.reason(try await client.post("/v1/queue/\(id)/redeem", reordered), allowed: true, id: id) == "payload matches the approved request")
            #expect(try await client.get("/v1/queue/\(id)").json["redeemed_at"] is String)
            #expect(Self.reason(try await client.post("/v1/queue/\(id)/redeem", Self.body), allowed: false, id: id) == "approval has already been redeemed")
        }
    }

    @Test("denied, expired, unbound and unknown reviews are refused with the engine's words")
    func refusals() async throws {
        try await withEngine(LocalEngineConfiguration(apiKey: testKey)) { client, engine in
            let denied = try await Self.enqueue(client)
            _ = try await client.post("/v1/queue/\(denied)/deny", #"{"resolved_by":"oncall"}"#)
            #expect(Self.reason(try await client.post("/v1/queue/\(denied)/redeem", Self.body), allowed: false, id: denied) == "review was denied")

            let unbound = "0f0f0f0f-0000-4000-8000-000000000001"
            await engine.queue.enqueue(ReviewItem(id: unbound, actor: "a", action: "b", confidenceScore: 0.8, reason: "r", enqueuedAt: .now()))
            _ = try await client.post("/v1/queue/\(unbound)/approve", #"{"resolved_by":"oncall"}"#)
            #expect(Self.reason(try await client.post("/v1/queue/\(unbound)/redeem", "{}"), allowed: false, id: unbound) == "approval is not bound to a payload and cannot be redeemed")

            let missing = try await client.post("/v1/queue/nope/redeem", "{}")
            #expect(missing.status == 404)
            #expect(missing.text == #"{"error":"review \"nope\" not found"}"# + "\n")
            let undecodable = try await client.post("/v1/queue/\(denied)/redeem", "{")
            #expect(undecodable.status == 400)
            #expect(undecodable.error == "unexpected EOF")
        }
        // Expiry on an engine of its own, so a loaded machine cannot expire the others first.
        try await withEngine(LocalEngineConfiguration(apiKey: testKey, pendingMaxAge: .milliseconds(300))) { client, _ in
            let stale = try await Self.enqueue(client)
            try await Task.sleep(for: .milliseconds(400))
            #expect(Self.reason(try await client.post("/v1/queue/\(stale)/redeem", Self.body), allowed: false, id: stale) == "review expired without a human decision")
        }
    }

    @Test("an approval older than the TTL is refused, naming the TTL as Go prints it")
    func approvalTTL() async throws {
        var configuration = LocalEngineConfiguration(apiKey: testKey)
        configuration.approvalTTL = .milliseconds(300)
        try await withEngine(configuration) { client, _ in
            let id = try await Self.enqueue(client)
            _ = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"oncall"}"#)
            try await Task.sleep(for: .milliseconds(450))
            #expect(Self.reason(try await client.post("/v1/queue/\(id)/redeem", Self.body), allowed: false, id: id) == "approval expired (older than 300ms)")
        }
        #expect(WireText.goDuration(.seconds(15 * 60)) == "15m0s")
        #expect(WireText.goDuration(.milliseconds(1500)) == "1.5s")
        #expect(WireText.goDuration(.seconds(3 * 3600 + 5)) == "3h0m5s")
    }

    @Test("SHA-256 matches the standard vectors")
    func sha256Vectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(Array(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
