import AsyncHTTPClient
import Foundation
import Hummingbird
@testable import LocalEngine
import Logging
import NIOCore
@testable import ReviewModel
import ServiceLifecycle
@testable import LeluClient

// MARK: - Failures

/// A test-setup failure with a readable message.
struct SetupFailure: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
}

/// Parses a URL or throws.
func url(_ text: String) throws -> URL {
    guard let url = URL(string: text) else { throw SetupFailure(description: "bad URL \(text)") }
    return url
}

// MARK: - Engines

/// The key the test engines use.
let testKey = "lelu_test_integration_key"

/// A local engine on a free loopback port, stopped when `body` ends, on every path.
@discardableResult
func withEngine<T: Sendable>(
    _ configuration: LocalEngineConfiguration = .init(apiKey: testKey),
    _ body: (LocalEngine) async throws -> T
) async throws -> T {
    let engine = try await LocalEngine.start(configuration)
    do {
        let result = try await body(engine)
        await engine.stop()
        return result
    } catch {
        await engine.stop()
        throw error
    }
}

/// A client for `base`, shut down when `body` ends, on every path.
@discardableResult
func withClient<T: Sendable>(
    _ base: String, key: String? = testKey, timeout: Duration = .seconds(10), limit: Int = 16 * 1024 * 1024,
    _ body: (HTTPEngineClient) async throws -> T
) async throws -> T {
    let configuration = HTTPEngineClient.Configuration(
        baseURL: try url(base), apiKey: key, requestTimeout: timeout, responseLimit: limit)
    return try await HTTPEngineClient.withClient(configuration) { client in try await body(client) }
}

/// Enqueues `count` review requests through `POST /v1/agent/authorize` (confidence 0.78); returns their IDs.
func enqueue(_ engine: LocalEngine, count: Int, action: String = "issue_refund", key: String? = testKey) async throws -> [String] {
    try await enqueue(base: engine.baseURL, key: key, actions: Array(repeating: action, count: count))
}

/// Enqueues one review request per action (actor `support_agent`, resource `order_id=ord_<i>`); returns the IDs.
func enqueue(base: String, key: String?, actions: [String]) async throws -> [String] {
    var ids: [String] = []
    for (i, action) in actions.enumerated() {
        var request = HTTPClientRequest(url: base + "/v1/agent/authorize")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let body = #"{"actor":"support_agent","action":"\#(action)","resource":{"order_id":"ord_\#(i)"},"confidence":0.78}"#
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
        guard let id = object?["review_id"] as? String else {
            throw SetupFailure(description: "authorize did not enqueue: \(String(buffer: bytes))")
        }
        ids.append(id)
    }
    return ids
}

// MARK: - Loopback servers

/// Runs a Hummingbird router on a free loopback port; `body` gets the base URL.
///
/// The server stops gracefully (it finishes the requests it is answering, as the local engine
/// does): cancelling a server with a request in its handler crashes inside NIO
/// ("Deinited NIOAsyncWriter without calling finish()"). A slow handler ends early once its
/// ``ServerRelease`` is released.
@discardableResult
func withServer<T: Sendable, Context: RequestContext>(
    _ router: Router<Context>, _ body: (String) async throws -> T
) async throws -> T where Context.Source == ApplicationRequestContextSource {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        },
        logger: Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    let quiet = Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() })
    let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quiet))
    let task = Task { try await group.run() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next(), port > 0 else {
        await group.triggerGracefulShutdown()
        _ = await task.result
        throw SetupFailure(description: "test server did not start")
    }
    let result: Result<T, any Error>
    do {
        result = .success(try await body("http://127.0.0.1:\(port)"))
    } catch {
        result = .failure(error)
    }
    await group.triggerGracefulShutdown()
    _ = await task.result
    return try result.get()
}

/// Lets a slow test server's handlers finish early, so the server can stop at once.
final class ServerRelease: @unchecked Sendable {
    private let lock = NSLock()
    private var released = false

    /// Ends every wait now and later.
    func release() {
        lock.lock()
        released = true
        lock.unlock()
    }

    /// Whether ``release()`` was called.
    var isReleased: Bool {
        lock.lock()
        defer { lock.unlock() }
        return released
    }
}

/// Remembers the paths a test server saw.
actor PathLog {
    /// Paths in arrival order.
    private(set) var paths: [String] = []

    /// Records one path.
    func add(_ path: String) { paths.append(path) }
}

/// A reverse proxy that serves the engine under `/lelu` (and nothing else), logging what it forwards.
func prefixProxy(to engine: String, log: PathLog) -> Router<BasicRequestContext> {
    let router = Router()
    let forward: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
        let path = request.uri.path
        await log.add(path)
        guard path.hasPrefix("/lelu/") else { return Response(status: .notFound) }
        var target = engine + path.dropFirst("/lelu".count)
        if let query = request.uri.query { target += "?" + query }
        var outgoing = HTTPClientRequest(url: target)
        outgoing.method = request.method == .post ? .POST : .GET
        if let auth = request.headers[.authorization] { outgoing.headers.add(name: "Authorization", value: auth) }
        if let type = request.headers[.contentType] { outgoing.headers.add(name: "Content-Type", value: type) }
        let body = try await request.body.collect(upTo: 1 << 20)
        if body.readableBytes > 0 { outgoing.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(outgoing, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 24)
        return Response(
            status: .init(code: Int(response.status.code)), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: bytes))
    }
    router.get("/lelu/**", use: forward)
    router.post("/lelu/**", use: forward)
    return router
}

/// A server whose queue list is `size` bytes, with a Content-Length or streamed in chunks without one.
func oversizedServer(size: Int, declareLength: Bool) -> Router<BasicRequestContext> {
    let router = Router()
    router.get("/v1/queue/pending") { _, _ -> Response in
        let chunk = ByteBuffer(repeating: UInt8(ascii: " "), count: 1 << 20)
        let chunks = (size + chunk.readableBytes - 1) / chunk.readableBytes
        let body = ResponseBody(contentLength: declareLength ? chunks * chunk.readableBytes : nil) { writer in
            for _ in 0..<chunks { try await writer.write(chunk) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }
    return router
}

/// A server that answers after `delay`, or as soon as `release` is released.
func slowServer(delay: Duration, release: ServerRelease = ServerRelease()) -> Router<BasicRequestContext> {
    let router = Router()
    router.get("/v1/queue/pending") { _, _ -> Response in
        let deadline = ContinuousClock.now + delay
        while ContinuousClock.now < deadline, !release.isReleased { try? await Task.sleep(for: .milliseconds(50)) }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"items":[],"count":0}"#)))
    }
    return router
}

/// A loopback port nothing listens on (an engine's port, after it stopped).
func closedPort() async throws -> Int {
    // Bound but never listening: connecting is refused, and no parallel test can take the
    // port while this process holds it (a port merely closed again could be reused at once).
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SetupFailure(description: "socket() failed: \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
            bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
        }
    }
    guard bound else { throw SetupFailure(description: "bind() failed: \(errno)") }
    heldSocketsLock.withLock { heldSockets.append(fd) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Sockets held for the life of the test process so their ports stay closed.
nonisolated(unsafe) var heldSockets: [Int32] = []
/// Guards ``heldSockets``.
let heldSocketsLock = NSLock()

// MARK: - Connection counting

/// A request context that knows the client's address, to count TCP connections.
struct PeerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's address (one per connection).
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The distinct client ports seen.
actor PeerLog {
    private(set) var ports: Set<Int> = []
    /// Records one request's client port.
    func add(_ port: Int?) { if let port { ports.insert(port) } }
}

/// A `/healthz` that records which connection each request came on.
func peerCountingServer(log: PeerLog) -> Router<PeerContext> {
    let router = Router(context: PeerContext.self)
    router.get("/healthz") { _, context in
        await log.add(context.remoteAddress?.port)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok","service":"lelu-engine"}"#)))
    }
    return router
}
