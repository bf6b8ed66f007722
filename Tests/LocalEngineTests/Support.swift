import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import LocalEngine

// MARK: - HTTP test client

/// One HTTP reply as the tests see it.
struct Reply {
    let status: Int
    let body: Data
    let contentType: String?
    var headers: HTTPHeaders = [:]

    /// The `Allow` header of a 405.
    var allow: String? { headers.first(name: "Allow") }

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
    func send(
        _ method: HTTPMethod, _ path: String, body: String? = nil, key: String?? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let bearer = key ?? self.key { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(90))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return Reply(
            status: Int(response.status.code), body: Data(buffer.readableBytesView),
            contentType: response.headers.first(name: "Content-Type"), headers: response.headers)
    }

    /// `GET path`.
    func get(_ path: String, key: String?? = nil) async throws -> Reply {
        try await send(.GET, path, key: key)
    }

    /// `POST path` with a raw body.
    func post(_ path: String, _ body: String?, key: String?? = nil, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.POST, path, body: body, key: key, headers: headers)
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

    /// July dialect: queues one item (confidence 0.78) and finds its id in the queue, as the reply names none.
    func enqueueJuly(_ engine: LocalEngine, actor: String = "invoice_bot", action: String = "invoice:create") async throws -> String {
        let reply = try await authorize(["actor": actor, "action": action, "confidence": 0.78])
        #expect(reply.json["review_id"] == nil, "the July engine's reply has no review_id")
        #expect(reply.json["requires_human_review"] as? Bool == true)
        return try #require(await engine.queue.enqueuedIDs().last)
    }
}

/// The key the tests' engines use.
let testKey = "lelu_test_8c1f0d2e"

/// An engine playing the July 2026 snapshot.
func julyConfiguration(store: QueueStoreKind = .memory, listLimit: Int = 50) -> LocalEngineConfiguration {
    LocalEngineConfiguration(apiKey: testKey, listLimit: listLimit, dialect: .july2026, store: store)
}

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

// MARK: - Raw HTTP

/// Sends `request` as raw bytes to `127.0.0.1:port` and returns every byte read until the server closes.
///
/// For what no HTTP client shows: a connection closed before any status line.
func rawExchange(port: Int, _ request: String, timeoutSeconds: Int = 30) async -> [UInt8] {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: blockingExchange(port: port, request, timeoutSeconds: timeoutSeconds))
        }
        thread.start()
    }
}

/// The blocking half of ``rawExchange(port:_:timeoutSeconds:)``, run on its own thread.
private func blockingExchange(port: Int, _ request: String, timeoutSeconds: Int) -> [UInt8] {
    #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { return [] }
    let bytes = Array(request.utf8)
    _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { break }
        received.append(contentsOf: chunk[0..<count])
    }
    return received
}
