import AsyncHTTPClient
import Foundation
import ReviewModel
import NIOCore
import NIOHTTP1
import NIOPosix

// MARK: - HTTPEngineClient

/// Talks to a Lelu engine over HTTP, either dialect (docs/engines.md).
///
/// Built on AsyncHTTPClient for three things URLSession does not give on Linux:
/// a response body read as a stream and capped (``Configuration/responseLimit``),
/// a connect timeout separate from the request timeout, and connection reuse.
///
/// The client owns its `HTTPClient`: call ``shutdown()`` when done, or use
/// ``withClient(_:_:)`` which does it on every path.
package final class HTTPEngineClient: EngineClient {
    // MARK: - Configuration

    /// Where the engine is and how patient to be with it.
    struct Configuration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The engine's base URL; may carry a path prefix (`http://host/lelu`), routes are appended.
        var baseURL: URL
        /// Sent as `Authorization: Bearer …` when present. Never logged or shown.
        var apiKey: String?
        /// Sent as `X-Lelu-Reviewer-Key` on approve and deny only, when present. Never logged or shown.
        var reviewerKey: String?
        /// How long to wait for a TCP connection.
        var connectTimeout: Duration
        /// How long a whole request (connect, send, read the body) may take.
        var requestTimeout: Duration
        /// The largest response body read, in bytes.
        var responseLimit: Int

        /// The configuration with the key redacted.
        var description: String {
            "\(baseURL.absoluteString) key: \(apiKey == nil ? "none" : "set") "
                + "reviewer key: \(reviewerKey == nil ? "none" : "set") connect: \(connectTimeout) "
                + "request: \(requestTimeout) limit: \(responseLimit)"
        }

        /// The same as ``description``: debug output must not show the key either.
        var debugDescription: String { description }

        /// Creates a configuration; the defaults are 2 s connect, 10 s request, 16 MiB body.
        init(
            baseURL: URL, apiKey: String? = nil, reviewerKey: String? = nil, connectTimeout: Duration = .seconds(2),
            requestTimeout: Duration = .seconds(10), responseLimit: Int = 16 * 1024 * 1024
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.reviewerKey = reviewerKey
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.responseLimit = responseLimit
        }
    }

    /// The configuration this client was made with.
    let configuration: Configuration
    /// The base URL as text without a trailing slash; routes are appended to it.
    let base: String
    /// The pooled HTTP client (connections are reused between calls).
    let http: HTTPClient

    // MARK: - Lifecycle

    /// Creates a client. Call ``shutdown()`` before it goes away.
    init(configuration: Configuration) {
        self.configuration = configuration
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        var config = HTTPClient.Configuration()
        config.timeout = .init(
            connect: Self.timeAmount(configuration.connectTimeout),
            read: Self.timeAmount(configuration.requestTimeout))
        config.redirectConfiguration = .disallow  // never carry the key to another host
        config.connectionPool.retryConnectionEstablishment = false  // refused means refused, now
        config.decompression = .disabled
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    /// A client for the engine these settings reach, each request allowed `requestTimeout`.
    package convenience init(_ settings: ConnectionSettings, requestTimeout: Duration = .seconds(10)) {
        self.init(configuration: settings.clientConfiguration(requestTimeout: requestTimeout))
    }

    /// A client for a loopback engine (the demo's, the benchmarks'), with this key and the default patience.
    package convenience init(baseURL: URL, apiKey: String) {
        self.init(configuration: Configuration(baseURL: baseURL, apiKey: apiKey))
    }

    /// Closes pooled connections; the client cannot be used afterwards.
    package func shutdown() async {
        try? await http.shutdown()
    }

    /// Runs `body` with a new client for the engine these settings reach and shuts the client
    /// down afterwards, on every path.
    package static func withClient<T: Sendable, E: Error>(
        _ settings: ConnectionSettings, requestTimeout: Duration, _ body: (HTTPEngineClient) async throws(E) -> T
    ) async throws(E) -> T {
        try await withClient(settings.clientConfiguration(requestTimeout: requestTimeout), body)
    }

    /// Runs `body` with a new client and shuts the client down afterwards, on every path.
    static func withClient<T: Sendable, E: Error>(
        _ configuration: Configuration, _ body: (HTTPEngineClient) async throws(E) -> T
    ) async throws(E) -> T {
        let client = HTTPEngineClient(configuration: configuration)
        let result: Result<T, E>
        do {
            result = .success(try await body(client))
        } catch {
            result = .failure(error)
        }
        await client.shutdown()
        return try result.get()
    }

    // MARK: - EngineClient

    /// `GET /healthz`; a `503` with a readable body is reported as a degraded health, not an error.
    package func health() async throws(EngineError) -> EngineHealth {
        let (status, body) = try await send(.GET, path: "/healthz", id: nil)
        if status == 200 || status == 503, let health = try? WireFormat.decodeHealth(body) {
            return health
        }
        guard status == 200 else { throw EngineError.from(status: status, body: body, id: nil) }
        return try WireFormat.decodeHealth(body)
    }

    /// `GET /v1/queue/pending`.
    package func pending() async throws(EngineError) -> PendingList {
        try await pendingWithBody().list
    }

    /// `GET /v1/queue/pending?limit=L&offset=O`: one page of the current engine's queue.
    package func pending(page: PageRequest) async throws(EngineError) -> PendingList {
        try await pendingWithBody(page: page).list
    }

    /// One page, with the body as the engine sent it (for `list --json`).
    package func pendingWithBody(page: PageRequest) async throws(EngineError) -> (list: PendingList, body: Data) {
        try await list(path: "/v1/queue/pending?limit=\(page.limit)&offset=\(page.offset)")
    }

    /// `GET /v1/queue/pending`, with the body as the engine sent it (for `list --json`).
    package func pendingWithBody() async throws(EngineError) -> (list: PendingList, body: Data) {
        try await list(path: "/v1/queue/pending")
    }

    /// A list answer, decoded, with its body.
    private func list(path: String) async throws(EngineError) -> (list: PendingList, body: Data) {
        let (status, body) = try await send(.GET, path: path, id: nil)
        guard status == 200 else { throw EngineError.from(status: status, body: body, id: nil, path: path) }
        return (try WireFormat.decodePending(body), body)
    }

    /// `GET /v1/queue/{id}`.
    package func item(id: String) async throws(EngineError) -> ReviewRequest {
        try await itemWithBody(id: id).item
    }

    /// `GET /v1/queue/{id}`, with the body as the engine sent it (for `show --json`).
    package func itemWithBody(id: String) async throws(EngineError) -> (item: ReviewRequest, body: Data) {
        let path = "/v1/queue/\(Self.pathComponent(id))"
        let (status, body) = try await send(.GET, path: path, id: id)
        guard status == 200 else { throw EngineError.from(status: status, body: body, id: id, path: path) }
        return (try WireFormat.decodeItem(body), body)
    }

    /// `POST /v1/queue/{id}/approve` or `/deny`, always with a `{"resolved_by","note"}` body and,
    /// when configured, the reviewer credential.
    @discardableResult
    package func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
        -> ResolveReceipt
    {
        let path = "/v1/queue/\(Self.pathComponent(id))/\(decision.rawValue)"
        let payload = WireFormat.decisionBody(resolvedBy: resolvedBy, note: note)
        let reviewerKey = configuration.reviewerKey.flatMap { $0.isEmpty ? nil : $0 }
        let headers = reviewerKey.map { [("X-Lelu-Reviewer-Key", $0)] } ?? []
        let (status, body) = try await send(.POST, path: path, id: id, body: payload, headers: headers)
        guard (200..<300).contains(status) else {
            throw EngineError.from(status: status, body: body, id: id, path: path, reviewerKeySent: reviewerKey != nil)
        }
        return WireFormat.decodeReceipt(body)
    }

    /// Tells the engines apart by their features (see ``EngineProfile``); no side effects on any engine.
    package func probe() async -> EngineProfile {
        if let health = try? await health(), let profile = EngineProfile.fromHealth(health) { return profile }
        guard let (status, body) = try? await send(.GET, path: "/v1/queue/pending?limit=1", id: nil), status == 200,
              let list = try? WireFormat.decodePending(body)
        else { return EngineProfile(api: .unknown) }
        if list.total != nil { return EngineProfile(api: .current) }
        // July has no redeem route (plain-text 404); 0.2.0 answers JSON `review "…" not found` before writing anything.
        let probeID = UUID().uuidString.lowercased()
        guard let (redeemStatus, redeemBody) = try? await send(
            .POST, path: "/v1/queue/\(probeID)/redeem", id: nil, body: Data("{}".utf8)), redeemStatus == 404
        else { return EngineProfile(api: .unknown) }
        let api: EngineProfile.API = WireFormat.errorBody(redeemBody) == nil ? .july2026 : .early020
        return EngineProfile(api: api, reviewerCredentials: false)
    }

    // MARK: - Transport

    /// Sends one request and reads the whole body (up to the limit).
    func send(
        _ method: HTTPMethod, path: String, id: String?, body: Data? = nil, headers: [(String, String)] = []
    ) async throws(EngineError) -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "lelu-console")
        if let key = configuration.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + Self.timeAmount(configuration.requestTimeout)
        do {
            let response = try await http.execute(request, deadline: deadline)
            let buffer = try await response.body.collect(upTo: configuration.responseLimit)
            return (Int(response.status.code), Data(buffer.readableBytesView))
        } catch {
            throw Self.map(error, limit: configuration.responseLimit)
        }
    }

    /// Translates transport errors into ``EngineError``; no message carries request headers.
    static func map(_ error: any Error, limit: Int) -> EngineError {
        if let engine = error as? EngineError { return engine }
        if error is NIOTooManyBytesError { return .responseTooLarge(limit: limit) }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                return .timeout
            case .connectTimeout:
                return .unreachable(detail: "connection timed out")
            case .remoteConnectionClosed:
                return .unreachable(detail: "the engine closed the connection")
            case .invalidURL, .emptyHost, .emptyScheme:
                return .unreachable(detail: "the engine URL is not valid")
            case .cancelled:
                return .unreachable(detail: "request cancelled")
            default:
                return .unreachable(detail: client.shortDescription.lowercased())
            }
        }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first {
                return .unreachable(detail: describe(first.error))
            }
            return .unreachable(detail: "cannot resolve host \(connection.host)")
        }
        if error is CancellationError { return .unreachable(detail: "request cancelled") }
        return .unreachable(detail: describe(error))
    }

    /// A short text for a socket-level error: "connection refused" rather than an errno dump.
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ENETUNREACH, EHOSTUNREACH: return "no route to host"
            case ETIMEDOUT: return "connection timed out"
            case ECONNRESET: return "connection reset"
            default: return String(cString: strerror(io.errnoCode)).lowercased()
            }
        }
        if error is ChannelError { return "connection failed (\(error))" }
        return String(describing: error)
    }

    // MARK: - Helpers

    /// Percent-encodes an ID for use as one path segment (a `/` in an ID cannot escape the route).
    static func pathComponent(_ id: String) -> String {
        let allowed = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Converts a Swift `Duration` to NIO's `TimeAmount`.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
