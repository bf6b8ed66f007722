import Foundation
import Testing
@testable import LocalEngine

// MARK: - The July 2026 engine

@Suite("July 2026 dialect")
struct JulyDialectTests {
    @Test("the list is {count, items}, count first, at most listLimit, query parameters ignored")
    func listShape() async throws {
        try await withEngine(julyConfiguration(listLimit: 50)) { client, engine in
            #expect(try await client.get("/v1/queue/pending").text == #"{"count":0,"items":[]}"# + "\n")
            for _ in 0..<55 { _ = try await client.enqueueJuly(engine) }
            let reply = try await client.get("/v1/queue/pending?limit=3&offset=10")
            #expect(reply.text.hasPrefix(#"{"count":50,"items":[{"id":"#))
            #expect(Set(reply.json.keys) == ["count", "items"])
            #expect((reply.json["items"] as? [Any])?.count == 50)
        }
    }

    @Test("blank resolved_by is accepted and omitted; the approve body is {success:true}")
    func blankResolvedBy() async throws {
        try await withEngine(julyConfiguration()) { client, engine in
            let id = try await client.enqueueJuly(engine, actor: "invoice_bot")
            let reply = try await client.post("/v1/queue/\(id)/approve", "{}", headers: [("X-Lelu-Reviewer-Key", "ignored")])
            #expect(reply.text == #"{"success":true}"# + "\n")
            let item = try await client.get("/v1/queue/\(id)").json
            #expect(item["resolved_by"] == nil)
            #expect(item["payload_fingerprint"] == nil, "the July engine has no fingerprint")
            let own = try await client.enqueueJuly(engine, actor: "invoice_bot")
            #expect(try await client.post("/v1/queue/\(own)/deny", #"{"resolved_by":"invoice_bot"}"#).status == 200, "no self-approval check")
        }
    }

    @Test("healthz has the recorded July shape")
    func health() async throws {
        try await withEngine(julyConfiguration()) { client, _ in
            let reply = try await client.get("/healthz", key: .some(nil))
            let stamp = #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#
            let breaker = #"\{"failures":0,"healthy":true,"last_check":""# + stamp + #"","mode":"closed"\}"#
            let expected = #"\{"dependencies":\{"fallback":\{"control_plane":"# + breaker + #","redis":"# + breaker
                + #"\},"queue":\{"status":"ok"\},"redis":\{"status":"ok"\}\},"service":"lelu-engine","status":"ok"\}\n"#
            let pattern = try Regex(expected)
            #expect(reply.text.wholeMatch(of: pattern) != nil, "\(reply.text)")
            #expect(reply.body.count == 306)
        }
    }

    @Test("stream store: newest first, a resolved item stays listed as pending, GET has the truth")
    func streamKeepsResolvedPending() async throws {
        try await withEngine(julyConfiguration(store: .stream)) { client, engine in
            let a = try await client.enqueueJuly(engine, actor: "a_bot")
            let b = try await client.enqueueJuly(engine, actor: "b_bot")
            let c = try await client.enqueueJuly(engine, actor: "c_bot")
            _ = try await client.post("/v1/queue/\(a)/approve", #"{"resolved_by":"x"}"#)
            _ = try await client.post("/v1/queue/\(b)/deny", #"{"resolved_by":"y"}"#)
            let items = try await client.get("/v1/queue/pending").json["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["id"] as? String } == [c, b, a])
            #expect(items.allSatisfy { $0["status"] as? String == "pending" && $0["resolved_by"] == nil })
            #expect(try await client.get("/v1/queue/\(a)").json["status"] as? String == "approved")
            let again = try await client.post("/v1/queue/\(a)/approve", #"{"resolved_by":"z"}"#)
            #expect(again.status == 400)
            #expect(again.error == "queue: item \"\(a)\" is already approved")
        }
    }

    @Test("stream store: once 50 newer requests exist, an older pending one is no longer listed")
    func streamDropsOlder() async throws {
        try await withEngine(julyConfiguration(store: .stream)) { client, engine in
            let old = try await client.enqueueJuly(engine)
            var later: [String] = []
            for _ in 0..<49 { later.append(try await client.enqueueJuly(engine)) }
            #expect((try await client.get("/v1/queue/pending").json["items"] as? [[String: Any]])?.last?["id"] as? String == old)
            later.append(try await client.enqueueJuly(engine))
            let reply = try await client.get("/v1/queue/pending")
            let ids = (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(reply.json["count"] as? Int == 50)
            #expect(ids == later.reversed())
            #expect(!ids.contains(old))
            #expect(try await client.get("/v1/queue/\(old)").json["status"] as? String == "pending")
        }
    }
}
