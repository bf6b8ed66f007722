import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
@testable import LocalEngine

// MARK: - HTTP test client

/// One HTTP reply as the tests see it.
struct Reply {
    let status: Int
    let body: Data
    let contentType: String?

    /// The body as a JSON object, or an empty one when it is not.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    /// The `error` text of an error body.
    var error: String? { json["error"] as? String }

    /// The body as text, for failure messages.
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A real HTTP client pointed at one engine.
struct EngineClient {
    let http: HTTPClient
    let baseURL: String
    let key: String?

    /// Sends one request and collects the whole reply.
    func send(_ method: HTTPMethod, _ path: String, body: String? = nil, key: String?? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let bearer = key ?? self.key { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(90))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), body: Data(buffer.readableBytesView), contentType: response.headers.first(name: "Content-Type"))
    }

    /// `GET path`.
    func get(_ path: String, key: String?? = nil) async throws -> Reply {
        try await send(.GET, path, key: key)
    }

    /// `POST path` with a raw body.
    func post(_ path: String, _ body: String?, key: String?? = nil) async throws -> Reply {
        try await send(.POST, path, body: body, key: key)
    }

    /// Authorizes one request and returns the reply's JSON.
    func authorize(_ fields: [String: Any]) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: fields)
        return try await post("/v1/agent/authorize", String(decoding: data, as: UTF8.self))
    }

    /// Queues one review item (confidence 0.78) and returns its id.
    func enqueue(actor: String = "invoice_bot", action: String = "invoice:create") async throws -> String {
        let reply = try await authorize(["actor": actor, "action": action, "confidence": 0.78])
        let id = try #require(reply.json["review_id"] as? String, "authorize gave no review_id: \(reply.text)")
        return id
    }
}

/// The key the tests' engines use.
let testKey = "lelu_test_8c1f0d2e"

/// Starts an engine on a free loopback port, runs `body` with a client for it, then stops both.
func withEngine(
    _ configuration: LocalEngineConfiguration = LocalEngineConfiguration(apiKey: testKey),
    _ body: (EngineClient, LocalEngine) async throws -> Void
) async throws {
    let engine = try await LocalEngine.start(configuration)
    let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
        timeout: .init(connect: .seconds(60)),  // waiting for a pooled connection counts as connecting
        connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)))
    let client = EngineClient(http: http, baseURL: engine.baseURL, key: configuration.apiKey)
    do {
        try await body(client, engine)
    } catch {
        try await http.shutdown()
        await engine.stop()
        throw error
    }
    try await http.shutdown()
    await engine.stop()
}
