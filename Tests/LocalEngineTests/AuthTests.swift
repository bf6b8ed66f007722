import Foundation
import NIOHTTP1
import Testing
@testable import LocalEngine

// MARK: - Health and authentication

@Suite("Health and authentication")
struct AuthTests {
    @Test("healthz answers without a key")
    func healthNeedsNoKey() async throws {
        try await withEngine { client, _ in
            let reply = try await client.get("/healthz", key: .some(nil))
            #expect(reply.status == 200)
            #expect(reply.json["status"] as? String == "ok")
            #expect(reply.json["service"] as? String == "lelu-engine")
            #expect(reply.contentType == "application/json")
        }
    }

    @Test("a missing or wrong key is 401 with the engine's text on every protected route")
    func unauthorized() async throws {
        try await withEngine { client, _ in
            let routes: [(HTTPMethod, String)] = [
                (.GET, "/v1/queue/pending"), (.GET, "/v1/queue/x"), (.GET, "/v1/queue/x/wait?timeout_ms=1"),
                (.POST, "/v1/queue/x/approve"), (.POST, "/v1/queue/x/deny"), (.POST, "/v1/agent/authorize"),
            ]
            for (method, path) in routes {
                for key in [String?.none, "wrong", testKey + "x", String(testKey.dropLast())] {
                    let reply = try await client.send(method, path, body: "{}", key: .some(key))
                    #expect(reply.status == 401, "\(path) with key \(key ?? "none")")
                    #expect(reply.error == "unauthorized: invalid or missing API key")
                    #expect(reply.contentType == "application/json")
                }
            }
            #expect(try await client.get("/v1/queue/pending").status == 200)
        }
    }

    @Test("an engine with neither key nor insecure answers 500 misconfigured")
    func misconfigured() async throws {
        try await withEngine(LocalEngineConfiguration()) { client, _ in
            let reply = try await client.get("/v1/queue/pending", key: .some("anything"))
            #expect(reply.status == 500)
            #expect(reply.error == "server misconfigured: API key is required (set LELU_DEV_INSECURE=true for local dev)")
            let authorize = try await client.authorize(["action": "x", "confidence": 0.95])
            #expect(authorize.status == 500)
            #expect(try await client.get("/healthz").status == 200)
        }
    }

    @Test("an insecure engine without a key needs no Authorization header")
    func insecure() async throws {
        try await withEngine(LocalEngineConfiguration(insecure: true)) { client, _ in
            let reply = try await client.get("/v1/queue/pending", key: .some(nil))
            #expect(reply.status == 200)
            #expect(reply.json["count"] as? Int == 0)
        }
    }

    @Test("a configured key is still enforced when insecure is also set")
    func keyWinsOverInsecure() async throws {
        try await withEngine(LocalEngineConfiguration(apiKey: testKey, insecure: true)) { client, _ in
            let without = try await client.get("/v1/queue/pending", key: .some(nil))
            let with = try await client.get("/v1/queue/pending")
            #expect(without.status == 401)
            #expect(with.status == 200)
        }
    }

    @Test("constant-time comparison agrees with ==")
    func constantTime() {
        #expect(constantTimeEquals("abc", "abc"))
        #expect(!constantTimeEquals("abc", "abd"))
        #expect(!constantTimeEquals("abc", "abcd"))
        #expect(!constantTimeEquals("", "a"))
        #expect(constantTimeEquals("", ""))
    }
}
