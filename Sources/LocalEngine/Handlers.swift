import Foundation
import Hummingbird

// MARK: - Handlers

/// The engine's route handlers over one queue; each concern lives in its own file.
struct EngineHandlers: Sendable {
    let queue: ReviewQueue
    let configuration: LocalEngineConfiguration
    let reviewerKeys: ReviewerKeys
    /// When the engine started, for the July health report's `last_check`.
    let startedAt: Timestamp
    /// Whether the queue store is failing (tests; `kill -USR1` on the executable).
    let outage = StoreOutage()

    /// Default and cap for `/wait`'s `timeout_ms`.
    static let defaultWaitMilliseconds = 30_000
    static let maxWaitMilliseconds = 60_000

    /// Runs the handler of `route`; `id` is the unescaped `{id}` (empty for routes without one).
    func handle(_ route: Route, id: String, request: Request) async -> Response {
        switch route {
        case .health: return health()
        case .pending: return await pending(request)
        case .item: return await item(id)
        case .wait: return await wait(id, timeoutParameter: request.uri.queryParameters["timeout_ms"])
        case .approve: return await resolve(id, as: .approved, request: request)
        case .deny: return await resolve(id, as: .denied, request: request)
        case .redeem: return await redeem(id, request: request)
        case .authorize: return await authorize(request)
        }
    }

    // MARK: - One item

    private func item(_ id: String) async -> Response {
        guard let item = await queue.item(id) else {
            return JSONReply.error(WireText.notFound(id), status: .notFound)
        }
        return JSONReply.make(item)
    }

    /// `timeout_ms`: 30000 by default, ignored when not a positive integer, at most 60000.
    static func waitMilliseconds(_ parameter: Substring?) -> Int {
        var milliseconds = defaultWaitMilliseconds
        if let text = parameter, let value = Int(text), value > 0 { milliseconds = value }
        return min(milliseconds, maxWaitMilliseconds)
    }

    private func wait(_ id: String, timeoutParameter: Substring?) async -> Response {
        switch await queue.wait(for: id, timeout: .milliseconds(Self.waitMilliseconds(timeoutParameter))) {
        case .notFound: return JSONReply.error(WireText.notFound(id), status: .notFound)
        case .resolved(let item): return JSONReply.make(item)
        case .stillPending(let item): return JSONReply.make(item, status: .requestTimeout)
        }
    }

    // MARK: - Bodies

    /// The most bytes read from a body: the current engine's limit, or a generous cap for July (which had none).
    private var bodyCap: Int {
        configuration.dialect == .current ? configuration.maxBodyBytes : 16 << 20
    }

    /// Reads the body and its first JSON value, or the 400 message Go's decoder would give.
    func readJSON(_ request: Request) async -> Result<GoJSON, BodyError> {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: bodyCap)
        } catch {
            return .failure(BodyError(message: "http: request body too large"))
        }
        return GoJSON.decodeFirst(Array(buffer.readableBytesView))
    }
}

/// Why a request body could not be decoded; `message` is the 400's `error`.
struct BodyError: Error, Equatable {
    let message: String
}
