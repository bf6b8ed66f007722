import Foundation
import Testing
@testable import LocalEngine

// MARK: - Queue routes

@Suite("Queue routes")
struct QueueTests {
    /// `2026-07-01T11:26:46.123456789Z` with 0–9 fractional digits, no trailing zero.
    static var timestampPattern: Regex<(Substring, Substring?)> { #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z/# }

    @Test("pending lists queued items with the current engine's field names, omitting empty ones")
    func pendingShape() async throws {
        try await withEngine { client, _ in
            let full = try await client.authorize([
                "actor": "invoice_bot", "action": "invoice:create", "confidence": 0.78, "acting_for": "user_123",
                "tenant_id": "acme", "scope": "write", "args": ["x": 1],
                "resource": ["customer_id": "cus_8812", "amount": "1200.5", "gone": NSNull()],
            ])
            let fullID = try #require(full.json["review_id"] as? String)
            let bareID = try await client.enqueue(actor: "support_agent", action: "issue_refund")

            let reply = try await client.get("/v1/queue/pending")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(Set(reply.json.keys) == ["items", "count", "total", "offset", "limit"])
            #expect(reply.json["count"] as? Int == 2)
            let items = try #require(reply.json["items"] as? [[String: Any]])
            let byID = Dictionary(uniqueKeysWithValues: items.compactMap { item in (item["id"] as? String).map { ($0, item) } })

            let rich = try #require(byID[fullID])
            #expect(Set(rich.keys) == [
                "id", "tenant_id", "actor", "action", "resource", "confidence_score", "reason", "acting_for", "enqueued_at", "status",
                "payload_fingerprint",
            ])
            // Go's map[string]string turns a null member into "".
            #expect(rich["resource"] as? [String: String] == ["customer_id": "cus_8812", "amount": "1200.5", "gone": ""])
            #expect(rich["confidence_score"] as? Double == 0.78)
            #expect(rich["reason"] as? String == "confidence 78% requires human approval (threshold 90%)")
            #expect(rich["tenant_id"] as? String == "acme")
            #expect(rich["acting_for"] as? String == "user_123")
            #expect(rich["status"] as? String == "pending")
            let stamp = try #require(rich["enqueued_at"] as? String)
            #expect(stamp.wholeMatch(of: Self.timestampPattern) != nil, "enqueued_at \(stamp)")

            let bare = try #require(byID[bareID])
            #expect(Set(bare.keys) == ["id", "actor", "action", "confidence_score", "reason", "enqueued_at", "status", "payload_fingerprint"])
            #expect(fullID.count == 36 && fullID == fullID.lowercased() && UUID(uuidString: fullID) != nil)
        }
    }

    @Test("pending returns at most 50 items and count is the number returned")
    func pendingCap() async throws {
        try await withEngine { client, _ in
            for _ in 0..<60 { _ = try await client.enqueue() }
            let reply = try await client.get("/v1/queue/pending")
            #expect(reply.json["count"] as? Int == 50)
            #expect((reply.json["items"] as? [Any])?.count == 50)
        }
    }

    @Test("listLimit caps the pending list")
    func pendingListLimit() async throws {
        try await withEngine(LocalEngineConfiguration(apiKey: testKey, listLimit: 5)) { client, _ in
            for _ in 0..<8 { _ = try await client.enqueue() }
            let reply = try await client.get("/v1/queue/pending")
            #expect(reply.json["count"] as? Int == 5)
            #expect((reply.json["items"] as? [Any])?.count == 5)
        }
    }

    @Test("July memory store: pending order changes between calls and resolved items leave the list")
    func pendingOrderAndResolution() async throws {
        try await withEngine(julyConfiguration()) { client, engine in
            var ids: [String] = []
            for _ in 0..<20 { ids.append(try await client.enqueueJuly(engine)) }
            var orders = Set<[String]>()
            for _ in 0..<10 {
                let items = try await client.get("/v1/queue/pending").json["items"] as? [[String: Any]] ?? []
                orders.insert(items.compactMap { $0["id"] as? String })
            }
            #expect(orders.count > 1, "the order should be unstable like a Go map")
            #expect(orders.allSatisfy { Set($0) == Set(ids) })

            _ = try await client.post("/v1/queue/\(ids[0])/approve", #"{"resolved_by":"a"}"#)
            let after = try await client.get("/v1/queue/pending")
            #expect(after.json["count"] as? Int == 19)
        }
    }

    @Test("get returns one item; an unknown id is 404 with the engine's text")
    func getOne() async throws {
        try await withEngine { client, _ in
            let id = try await client.enqueue()
            let reply = try await client.get("/v1/queue/\(id)")
            #expect(reply.status == 200)
            #expect(reply.json["id"] as? String == id)
            #expect(reply.json["actor"] as? String == "invoice_bot")
            #expect(reply.json["status"] as? String == "pending")

            let missing = try await client.get("/v1/queue/9d9f0c4e-0000-4000-8000-000000000000")
            #expect(missing.status == 404)
            #expect(missing.error == #"queue: item "9d9f0c4e-0000-4000-8000-000000000000" not found"#)
            #expect(missing.contentType == "application/json")
        }
    }

    @Test("July: approve records the resolution; a second resolve is 400 naming the status it has")
    func approveThenAgain() async throws {
        try await withEngine(julyConfiguration()) { client, engine in
            let id = try await client.enqueueJuly(engine)
            let reply = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"oncall@laptop","note":"matches ticket 9921"}"#)
            #expect(reply.status == 200)
            #expect(reply.text == "{\"success\":true}\n")

            let item = try await client.get("/v1/queue/\(id)").json
            #expect(item["status"] as? String == "approved")
            #expect(item["resolved_by"] as? String == "oncall@laptop")
            #expect(item["resolution_note"] as? String == "matches ticket 9921")
            let stamp = try #require(item["resolved_at"] as? String)
            #expect(stamp.wholeMatch(of: Self.timestampPattern) != nil)

            for verb in ["approve", "deny"] {
                let again = try await client.post("/v1/queue/\(id)/\(verb)", #"{"resolved_by":"other"}"#)
                #expect(again.status == 400)
                #expect(again.error == "queue: item \"\(id)\" is already approved")
            }
            #expect(try await client.get("/v1/queue/\(id)").json["resolved_by"] as? String == "oncall@laptop")
        }
    }

    @Test("July: deny records the resolution; a second resolve says already denied")
    func denyThenAgain() async throws {
        try await withEngine(julyConfiguration()) { client, engine in
            let id = try await client.enqueueJuly(engine)
            let reply = try await client.post("/v1/queue/\(id)/deny", #"{"resolved_by":"r","note":""}"#)
            #expect(reply.status == 200)
            #expect(reply.json["success"] as? Bool == true)
            let item = try await client.get("/v1/queue/\(id)").json
            #expect(item["status"] as? String == "denied")
            #expect(item["resolution_note"] == nil, "an empty note is omitted")
            for verb in ["approve", "deny"] {
                let again = try await client.post("/v1/queue/\(id)/\(verb)", "{}")
                #expect(again.status == 400)
                #expect(again.error == "queue: item \"\(id)\" is already denied")
            }
        }
    }

    @Test("July resolve errors: unknown id is 400 not found, empty body is EOF, non-JSON is 400")
    func resolveErrors() async throws {
        try await withEngine(julyConfiguration()) { client, engine in
            let unknown = "9d9f0c4e-0000-4000-8000-000000000000"
            for verb in ["approve", "deny"] {
                let missing = try await client.post("/v1/queue/\(unknown)/\(verb)", #"{"resolved_by":"r"}"#)
                #expect(missing.status == 400)
                #expect(missing.error == "queue: item \"\(unknown)\" not found")
            }
            let id = try await client.enqueueJuly(engine)
            for body in [String?.none, "", "  \n"] {
                let empty = try await client.post("/v1/queue/\(id)/approve", body)
                #expect(empty.status == 400)
                #expect(empty.error == "EOF")
            }
            let garbage = try await client.post("/v1/queue/\(id)/approve", "approve please")
            #expect(garbage.status == 400)
            #expect(garbage.error == "invalid character 'a' looking for beginning of value")
            let truncated = try await client.post("/v1/queue/\(id)/deny", #"{"resolved_by":"#)
            #expect(truncated.status == 400)
            #expect(truncated.error == "unexpected EOF")
            #expect(truncated.contentType == "application/json")
            #expect(try await client.get("/v1/queue/\(id)").json["status"] as? String == "pending")
        }
    }

    @Test("wait answers 408 with the pending item after timeout_ms")
    func waitTimesOut() async throws {
        try await withEngine { client, _ in
            let id = try await client.enqueue()
            let start = ContinuousClock.now
            let reply = try await client.get("/v1/queue/\(id)/wait?timeout_ms=150")
            let elapsed = ContinuousClock.now - start
            #expect(reply.status == 408)
            #expect(reply.json["id"] as? String == id)
            #expect(reply.json["status"] as? String == "pending")
            #expect(elapsed >= .milliseconds(150))
            #expect(elapsed < .seconds(20), "well under the 30 s default: timeout_ms was used")
        }
    }

    @Test("wait answers 200 as soon as the item is resolved concurrently")
    func waitWakesOnResolution() async throws {
        try await withEngine { client, _ in
            let id = try await client.enqueue()
            let start = ContinuousClock.now
            async let waited = client.get("/v1/queue/\(id)/wait?timeout_ms=20000")
            try await Task.sleep(for: .milliseconds(300))
            let approve = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"tester"}"#)
            #expect(approve.status == 200)
            let reply = try await waited
            #expect(reply.status == 200)
            #expect(reply.json["status"] as? String == "approved")
            #expect(reply.json["resolved_by"] as? String == "tester")
            #expect(ContinuousClock.now - start < .seconds(19), "before the 20 s timeout: the approval woke it")

            let immediate = try await client.get("/v1/queue/\(id)/wait")
            #expect(immediate.status == 200)
            let missing = try await client.get("/v1/queue/nope/wait?timeout_ms=10")
            #expect(missing.status == 404)
            #expect(missing.error == #"queue: item "nope" not found"#)
        }
    }

    /// The wait is parked for 300 s: ending long before that, it was `stop` that ended it. (A loaded
    /// CI machine once took 15 s for the server's graceful shutdown, so the bound is wide.)
    @Test("stopping the engine releases parked waits with 408")
    func stopReleasesWaiters() async throws {
        let engine = try await LocalEngine.start(LocalEngineConfiguration(insecure: true))
        let queue = engine.queue
        let id = UUID().uuidString.lowercased()
        await queue.enqueue(ReviewItem(id: id, actor: "a", action: "b", confidenceScore: 0.8, reason: "r", enqueuedAt: .now()))
        let start = ContinuousClock.now
        async let outcome = queue.wait(for: id, timeout: .seconds(300))
        try await Task.sleep(for: .milliseconds(100))
        await engine.stop()
        await engine.stop()
        let ended = await outcome
        guard case .stillPending(let item) = ended else {
            Issue.record("the wait should end still pending, not \(ended)")
            return
        }
        #expect(item.id == id)
        #expect(ContinuousClock.now - start < .seconds(200), "released by stop, not by its own timeout")
    }

    @Test("timestamps are RFC 3339 UTC with Go's trimmed nanoseconds")
    func timestampFormat() {
        #expect(Timestamp(seconds: 1_782_905_206, nanoseconds: 123_456_789).rfc3339 == "2026-07-01T11:26:46.123456789Z")
        #expect(Timestamp(seconds: 1_782_905_222, nanoseconds: 500_000_000).rfc3339 == "2026-07-01T11:27:02.5Z")
        #expect(Timestamp(seconds: 1_782_905_290, nanoseconds: 0).rfc3339 == "2026-07-01T11:28:10Z")
    }
}
