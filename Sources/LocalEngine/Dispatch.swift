import Foundation
import Hummingbird

// MARK: - Request context

/// Hummingbird's request context plus the connection, so an answer can be dropped like Go's write timeout does.
struct EngineRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Closes the connection without writing anything.
    let dropConnection: @Sendable () async -> Void

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        let channel = source.channel
        self.dropConnection = { try? await channel.close().get() }
    }
}

// MARK: - Route table

/// The routes both engines register, as Go 1.22 `ServeMux` patterns.
enum Route: Sendable, Equatable {
    case health, pending, item, wait, approve, deny, redeem, authorize

    /// One path segment of a pattern.
    enum Segment: Sendable, Equatable {
        case literal(String)
        case id
    }

    /// The method and path pattern, e.g. `POST /v1/queue/{id}/approve`.
    var pattern: (method: HTTPRequest.Method, segments: [Segment]) {
        let queue: [Segment] = [.literal("v1"), .literal("queue")]
        switch self {
        case .health: return (.get, [.literal("healthz")])
        case .pending: return (.get, queue + [.literal("pending")])
        case .item: return (.get, queue + [.id])
        case .wait: return (.get, queue + [.id, .literal("wait")])
        case .approve: return (.post, queue + [.id, .literal("approve")])
        case .deny: return (.post, queue + [.id, .literal("deny")])
        case .redeem: return (.post, queue + [.id, .literal("redeem")])
        case .authorize: return (.post, [.literal("v1"), .literal("agent"), .literal("authorize")])
        }
    }

    /// The routes a dialect serves, most specific first (a literal segment beats `{id}`).
    static func table(for dialect: EngineDialect) -> [Route] {
        switch dialect {
        case .current: return [.health, .pending, .wait, .approve, .deny, .redeem, .authorize, .item]
        case .july2026: return [.health, .pending, .wait, .approve, .deny, .authorize, .item]
        }
    }

    /// The `{id}` value when `segments` (already unescaped) fit this route's path, whatever the method.
    func match(_ segments: [String]) -> String?? {
        let parts = pattern.segments
        guard parts.count == segments.count else { return nil }
        var id: String?
        for (part, segment) in zip(parts, segments) {
            switch part {
            case .literal(let text): guard segment == text else { return nil }
            case .id:
                guard !segment.isEmpty else { return nil }
                id = segment
            }
        }
        return .some(id)
    }
}

/// What the mux decided for one request.
enum RouteMatch: Equatable {
    /// A route takes it; `id` is the unescaped `{id}`.
    case route(Route, id: String)
    /// The path exists with other methods: 405 with this `Allow`.
    case methodNotAllowed(allow: String)
    /// No route has this path.
    case notFound

    /// Matches like Go's mux: GET routes also take HEAD; `Allow` lists every method of the path, sorted.
    init(method: HTTPRequest.Method, path: String, table: [Route]) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { raw in
            String(raw).removingPercentEncoding ?? String(raw)
        }
        var allowed = Set<String>()
        for route in table {
            guard let id = route.match(Array(segments)) else { continue }
            let routeMethod = route.pattern.method
            if routeMethod == method || (routeMethod == .get && method == .head) {
                self = .route(route, id: id ?? "")
                return
            }
            allowed.insert(routeMethod.rawValue)
            if routeMethod == .get { allowed.insert("HEAD") }
        }
        self = allowed.isEmpty ? .notFound : .methodNotAllowed(allow: allowed.sorted().joined(separator: ", "))
    }
}

// MARK: - Responder

/// The whole engine as one responder: authentication, body limit, mux, HEAD and the write timeout.
struct EngineResponder: HTTPResponder {
    typealias Context = EngineRequestContext

    let handlers: EngineHandlers
    var configuration: LocalEngineConfiguration { handlers.configuration }

    func respond(to request: Request, context: EngineRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        var response = await answer(request, path: path)
        if request.method == .head { response = response.createHeadResponse() }
        let late = ContinuousClock.now - start > configuration.writeTimeout
        if configuration.logRequests {
            let milliseconds = Double((ContinuousClock.now - start) / .microseconds(1)) / 1000
            let outcome = late ? "dropped (write timeout)" : String(response.status.code)
            let size = response.body.contentLength.map { " \($0)B" } ?? ""
            let line = "\(request.method) \(path) \(outcome) \(String(format: "%.1f", milliseconds))ms\(size)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        if late {
            // Go's WriteTimeout: the deadline passed, so nothing reaches the client and the connection closes.
            await context.dropConnection()
        }
        return response
    }

    /// The response before HEAD and the write timeout are applied.
    private func answer(_ request: Request, path: String) async -> Response {
        let unescaped = path.removingPercentEncoding ?? path
        if !isExempt(unescaped), let refusal = authRefusal(request) { return refusal }
        if configuration.dialect == .current, let length = request.headers[.contentLength].flatMap({ Int($0) }),
           length > configuration.maxBodyBytes {
            return JSONReply.error(WireText.bodyTooLarge, status: .contentTooLarge)
        }
        switch RouteMatch(method: request.method, path: path, table: Route.table(for: configuration.dialect)) {
        case .notFound: return JSONReply.pageNotFound()
        case .methodNotAllowed(let allow): return JSONReply.plain("Method Not Allowed", status: .methodNotAllowed, allow: allow)
        case .route(let route, let id):
            if handlers.outage.isDown, let failing = StoreOutage.answer(route, dialect: configuration.dialect) {
                return failing
            }
            return await handlers.handle(route, id: id, request: request)
        }
    }

    /// Paths the auth middleware lets through without a key.
    private func isExempt(_ path: String) -> Bool {
        if path == "/healthz" || path.hasPrefix("/.well-known/") { return true }
        switch configuration.dialect {
        case .july2026: return path == "/metrics" || path.hasPrefix("/metrics/") || path.hasPrefix("/oauth/")
        case .current: return ["/oauth/token", "/oauth/revoke", "/oauth/introspect"].contains(path)
        }
    }

    /// The 500 or 401 the auth middleware answers, or `nil` to go on.
    private func authRefusal(_ request: Request) -> Response? {
        guard let apiKey = configuration.apiKey, !apiKey.isEmpty else {
            if configuration.insecure { return nil }
            return JSONReply.error(WireText.misconfigured, status: .internalServerError)
        }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), constantTimeEquals(String(header.dropFirst(prefix.count)), apiKey) else {
            return JSONReply.error(WireText.unauthorized, status: .unauthorized)
        }
        return nil
    }
}

/// Compares two secrets in time that depends only on their lengths.
func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    var difference: UInt8 = left.count == right.count ? 0 : 1
    for index in 0..<max(left.count, right.count) {
        let a = index < left.count ? left[index] : 0
        let b = index < right.count ? right[index] : 0
        difference |= a ^ b
    }
    return difference == 0
}
