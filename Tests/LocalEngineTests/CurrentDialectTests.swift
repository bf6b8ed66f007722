import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import LocalEngine

// MARK: - The current engine's queue rules

@Suite("Current dialect")
struct CurrentDialectTests {
    /// The IDs of a list reply, in order.
    static func ids(_ reply: Reply) -> [String] {
        (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test("pending pages newest first with items, count, total, offset, limit in that order")
    func paging() async throws {
        try await withEngine { client, _ in
            var ids: [String] = []
            for index in 0..<7 { ids.append(try await client.enqueue(actor: "agent_\(index)")) }
            let newestFirst = Array(ids.reversed())

            let first = try await client.get("/v1/queue/pending?limit=3")
            #expect(first.text.hasPrefix(#"{"items":["#))
            #expect(first.text.hasSuffix(#"],"count":3,"total":7,"offset":0,"limit":3}"# + "\n"))
            #expect(Self.ids(first) == Array(newestFirst[0..<3]))
            let second = try await client.get("/v1/queue/pending?limit=3&offset=3")
            #expect(Self.ids(second) == Array(newestFirst[3..<6]))
            let past = try await client.get("/v1/queue/pending?offset=99")
            #expect(past.text == #"{"items":[],"count":0,"total":7,"offset":99,"limit":50}"# + "\n")

            for bad in ["0", "-1", "501", "abc", "2.5", ""] {
                let reply = try await client.get("/v1/queue/pending?limit=\(bad)")
                #expect(reply.json["limit"] as? Int == 50, "limit=\(bad)")
                #expect(reply.json["count"] as? Int == 7)
            }
            for bad in ["-1", "abc", "2.5", ""] {
                let reply = try await client.get("/v1/queue/pending?offset=\(bad)")
                #expect(reply.json["offset"] as? Int == 0, "offset=\(bad)")
                #expect(reply.json["count"] as? Int == 7)
            }
            #expect(try await client.get("/v1/queue/pending?limit=500").json["limit"] as? Int == 500)

            _ = try await client.post("/v1/queue/\(ids[6])/approve", #"{"resolved_by":"reviewer"}"#)
            let after = try await client.get("/v1/queue/pending")
            #expect(after.json["total"] as? Int == 6)
            #expect(Self.ids(after) == Array(newestFirst.dropFirst()))
        }
    }

    @Test("listLimit is the default page size, so a large one lists everything in one call")
    func listLimitIsTheDefault() async throws {
        try await withEngine(LocalEngineConfiguration(apiKey: testKey, listLimit: 600)) { client, _ in
            for _ in 0..<550 { _ = try await client.enqueue() }
            let all = try await client.get("/v1/queue/pending")
            #expect(all.json["count"] as? Int == 550)
            #expect(all.json["limit"] as? Int == 600)
            #expect(try await client.get("/v1/queue/pending?limit=10").json["count"] as? Int == 10)
        }
    }

    @Test("a second resolve is 409 with success false and the current status; unknown id is 404")
    func conflictAndNotFound() async throws {
        try await withEngine { client, _ in
            let id = try await client.enqueue()
            let approve = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"  oncall  ","note":" as sent "}"#)
            #expect(approve.status == 200)
            #expect(approve.text == #"{"success":true,"resolved_by":"oncall","reviewer_authenticated":false}"# + "\n")
            let item = try await client.get("/v1/queue/\(id)").json
            #expect(item["resolved_by"] as? String == "oncall")
            #expect(item["resolution_note"] as? String == " as sent ")
            for verb in ["approve", "deny"] {
                let again = try await client.post("/v1/queue/\(id)/\(verb)", #"{"resolved_by":"other"}"#)
                #expect(again.status == 409)
                #expect(again.contentType == "application/json")
                #expect(again.text == #"{"success":false,"error":"this item was already resolved; your decision was not applied","current_status":"approved"}"# + "\n")
            }
            let unknown = "9d9f0c4e-0000-4000-8000-000000000000"
            let missing = try await client.post("/v1/queue/\(unknown)/deny", #"{"resolved_by":"r"}"#)
            #expect(missing.status == 404)
            #expect(missing.error == "queue: item \"\(unknown)\" not found")
            let undecodable = try await client.post("/v1/queue/\(unknown)/deny", "")
            #expect(undecodable.status == 400, "the body is decoded before the item is read")
            #expect(undecodable.error == "EOF")
        }
    }

    @Test("without reviewer keys: blank resolved_by is 400, the actor itself is 403, null body counts as {}")
    func selfAssertedReviewer() async throws {
        try await withEngine { client, _ in
            let id = try await client.enqueue(actor: "invoice_bot")
            let cases: [(String, Int, String)] = [
                ("{}", 400, "resolved_by is required and must name the human resolving this item"),
                ("null", 400, "resolved_by is required and must name the human resolving this item"),
                (#"{"resolved_by":"   "}"#, 400, "resolved_by is required and must name the human resolving this item"),
                (#"{"resolved_by":" invoice_bot "}"#, 403, "an actor cannot resolve its own human_review item"),
                (#"{"resolved_by":5}"#, 400, "json: cannot unmarshal number into Go struct field resolveRequest.resolved_by of type string"),
                (#"{"resolved_by":"x","note":["a"]}"#, 400, "json: cannot unmarshal array into Go struct field resolveRequest.note of type string"),
                (#""x""#, 400, "json: cannot unmarshal string into Go value of type server.resolveRequest"),
            ]
            for (body, status, message) in cases {
                let reply = try await client.post("/v1/queue/\(id)/approve", body)
                #expect(reply.status == status, "body \(body)")
                #expect(reply.error == message, "body \(body)")
            }
            let other = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"Invoice_bot"}"#)
            #expect(other.status == 200, "the actor check is case-sensitive")
        }
    }

    @Test("reviewer keys: missing or wrong header is 403; the right one names the reviewer and skips the actor check")
    func reviewerKeys() async throws {
        let secret = "alice-secret-0123456789"
        let configuration = LocalEngineConfiguration(
            apiKey: testKey, reviewerKeys: " alice:\(secret) , bob:short , malformed, carol:carol-secret-abcdefgh")
        try await withEngine(configuration) { client, _ in
            let id = try await client.enqueue(actor: "alice")
            let refusal = "a valid reviewer credential (X-Lelu-Reviewer-Key) is required to resolve a human_review item"
            for header in [[], [("X-Lelu-Reviewer-Key", "wrong-secret-0123456789")], [("X-Lelu-Reviewer-Key", "short")]] {
                let reply = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"mallory"}"#, headers: header)
                #expect(reply.status == 403)
                #expect(reply.error == refusal)
            }
            let approved = try await client.post(
                "/v1/queue/\(id)/approve", #"{"resolved_by":"mallory"}"#, headers: [("X-Lelu-Reviewer-Key", "  \(secret) ")])
            #expect(approved.text == #"{"success":true,"resolved_by":"alice","reviewer_authenticated":true}"# + "\n")
            #expect(try await client.get("/v1/queue/\(id)").json["resolved_by"] as? String == "alice")

            let second = try await client.enqueue()
            let carol = try await client.post("/v1/queue/\(second)/deny", "{}", headers: [("X-Lelu-Reviewer-Key", "carol-secret-abcdefgh")])
            #expect(carol.json["resolved_by"] as? String == "carol")
        }
    }

    @Test("reviewer keys parse: trimmed pairs, short secrets and malformed pairs ignored without printing the secret")
    func reviewerKeyParsing() {
        let keys = ReviewerKeys(parsing: " alice:0123456789abcdef ,bob:tiny-secret,:nameless-secret-123,junk")
        #expect(keys.credentials == [.init(name: "alice", secret: "0123456789abcdef")])
        #expect(keys.warnings.count == 3)
        #expect(!keys.warnings.joined().contains("tiny-secret"))
        #expect(keys.reviewer(for: " 0123456789abcdef\t") == "alice")
        #expect(keys.reviewer(for: "") == nil)
        let off = ReviewerKeys(parsing: "bob:short")
        #expect(!off.isEnabled)
        #expect(off.warnings.last == "warning: no valid reviewer key; reviewer credentials are off")
    }

    @Test("an item older than the maximum age reads as expired: GET and wait show it, the list omits it, resolve is 400")
    func expiry() async throws {
        let configuration = LocalEngineConfiguration(apiKey: testKey, pendingMaxAge: .milliseconds(600))
        try await withEngine(configuration) { client, _ in
            let id = try await client.enqueue()
            // 200, not 408 after 5 s: the wait ended when the item expired.
            let waited = try await client.get("/v1/queue/\(id)/wait?timeout_ms=5000")
            #expect(waited.status == 200)
            #expect(waited.json["status"] as? String == "expired")
            #expect(try await client.get("/v1/queue/\(id)").json["status"] as? String == "expired")
            #expect(try await client.get("/v1/queue/pending").json["total"] as? Int == 0)
            let resolve = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"late"}"#)
            #expect(resolve.status == 400)
            #expect(resolve.error == "queue: item \"\(id)\" expired without a decision")
        }
    }

    @Test("Content-Length over 262144 is 413; a chunked body over it is 400")
    func bodyLimit() async throws {
        try await withEngine { client, _ in
            let large = "{\"resolved_by\":\"" + String(repeating: "a", count: 262_144) + "\"}"
            let refused = try await client.post("/v1/queue/x/approve", large)
            #expect(refused.status == 413)
            #expect(refused.text == #"{"error":"request body too large"}"# + "\n")

            var request = HTTPClientRequest(url: client.baseURL + "/v1/queue/x/approve")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(testKey)")
            let chunks = [ByteBuffer(string: String(large.prefix(200_000))), ByteBuffer(string: String(large.dropFirst(200_000)))]
            request.body = .stream(chunks.async, length: .unknown)
            let response = try await client.http.execute(request, timeout: .seconds(30))
            #expect(response.status.code == 400)
            let body = try await response.body.collect(upTo: 1 << 16)
            #expect(String(buffer: body) == #"{"error":"http: request body too large"}"# + "\n")
        }
    }

    @Test("healthz reports the current engine's human_review and auth_mode, keys sorted")
    func health() async throws {
        try await withEngine(LocalEngineConfiguration(apiKey: testKey, reviewerKeys: "alice:0123456789abcdef")) { client, _ in
            let reply = try await client.get("/healthz", key: .some(nil))
            #expect(reply.text == #"{"dependencies":{"auth_mode":{"platform_keys":false,"static_admin":true},"human_review":{"authenticated_reviewer":true,"configured":true,"reviewer_credentials":true},"queue":{"status":"ok"}},"service":"lelu-engine","status":"ok"}"# + "\n")
        }
        try await withEngine { client, _ in
            let review = try await client.get("/healthz").json["dependencies"] as? [String: Any]
            let human = review?["human_review"] as? [String: Bool]
            #expect(human == ["authenticated_reviewer": false, "configured": true, "reviewer_credentials": false])
        }
    }

    @Test("the stream store is refused with the current dialect")
    func streamNeedsJuly() async throws {
        let configuration = LocalEngineConfiguration(apiKey: testKey, store: .stream)
        await #expect(throws: LocalEngine.StartError.self) { _ = try await LocalEngine.start(configuration) }
    }
}

extension Array where Element == ByteBuffer {
    /// The buffers as an async sequence, for a streamed (chunked) request body.
    var async: AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            for buffer in self { continuation.yield(buffer) }
            continuation.finish()
        }
    }
}
