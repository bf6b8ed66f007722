import Foundation
import Hummingbird

// MARK: - Wire texts

/// Error texts copied from the real engine.
enum WireText {
    static let unauthorized = "unauthorized: invalid or missing API key"
    static let misconfigured = "server misconfigured: API key is required (set LELU_DEV_INSECURE=true for local dev)"

    static func notFound(_ id: String) -> String { "queue: item \"\(id)\" not found" }
    static func already(_ id: String, _ status: ReviewStatus) -> String { "queue: item \"\(id)\" is already \(status.rawValue)" }
}

// MARK: - JSON responses

/// Builds JSON responses the way Go's `json.NewEncoder(w).Encode` writes them (with a final newline).
enum JSONReply {
    /// `json` plus a newline, `Content-Type: application/json`.
    static func make(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json + "\n"))
        )
    }

    /// `value`'s wire JSON.
    static func make(_ value: some WireEncodable, status: HTTPResponse.Status = .ok) -> Response {
        make(value.wireJSON, status: status)
    }

    /// `{"error": message}`.
    static func error(_ message: String, status: HTTPResponse.Status) -> Response {
        make(WireJSON.object([("error", WireJSON.string(message))]), status: status)
    }

    /// `{"success": true}`.
    static func success() -> Response {
        make(WireJSON.object([("success", WireJSON.bool(true))]))
    }
}

// MARK: - Request bodies

/// Decodes a JSON body, failing with the message Go's `json.Decoder` would give where it matters.
enum BodyDecoder {
    /// The most bytes a request body may have.
    static let maxBytes = 1 << 20

    /// Decodes `T`, or returns the error text to answer 400 with.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async -> Result<T, BodyError> {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            return .failure(BodyError(message: "http: request body too large"))
        }
        let bytes = Data(buffer.readableBytesView)
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            return .failure(BodyError(message: "EOF"))
        }
        do {
            return .success(try JSONDecoder().decode(T.self, from: bytes))
        } catch {
            let opening = Set("{[\"-0123456789tfn".utf8)
            if !opening.contains(first) {
                let character = String(decoding: [first], as: UTF8.self)
                return .failure(BodyError(message: "invalid character '\(character)' looking for beginning of value"))
            }
            return .failure(BodyError(message: "invalid request body"))
        }
    }
}

/// Why a request body could not be decoded.
struct BodyError: Error, Equatable {
    let message: String
}

// MARK: - Middleware

/// Enforces the engine's bearer-key rules on every route it wraps.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let apiKey: String?
    let insecure: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let apiKey else {
            if insecure { return try await next(request, context) }
            return JSONReply.error(WireText.misconfigured, status: .internalServerError)
        }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), constantTimeEquals(String(header.dropFirst(prefix.count)), apiKey) else {
            return JSONReply.error(WireText.unauthorized, status: .unauthorized)
        }
        return try await next(request, context)
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

/// Writes `METHOD PATH STATUS MILLISECONDSms` to standard error for each request.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let line = "\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds))ms\n"
        FileHandle.standardError.write(Data(line.utf8))
        return response
    }
}

// MARK: - Routes

/// The engine's HTTP routes over one queue.
struct EngineRoutes: Sendable {
    let queue: ReviewQueue
    let configuration: LocalEngineConfiguration

    /// Default and cap for `/wait`'s `timeout_ms`.
    static let defaultWaitMilliseconds = 30_000
    static let maxWaitMilliseconds = 60_000

    /// A router serving every route with auth and optional logging.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        if configuration.logRequests { router.add(middleware: RequestLogMiddleware()) }
        router.get("/healthz") { _, _ in health() }
        let key = configuration.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        let v1 = router.group("/v1").add(middleware: AuthMiddleware(apiKey: key, insecure: configuration.insecure))
        v1.get("/queue/pending") { _, _ in await pending() }
        v1.get("/queue/:id") { _, context in await item(context.parameters.get("id") ?? "") }
        v1.get("/queue/:id/wait") { request, context in
            await wait(context.parameters.get("id") ?? "", timeoutParameter: request.uri.queryParameters["timeout_ms"])
        }
        v1.post("/queue/:id/approve") { request, context in
            await resolve(context.parameters.get("id") ?? "", as: .approved, request: request)
        }
        v1.post("/queue/:id/deny") { request, context in
            await resolve(context.parameters.get("id") ?? "", as: .denied, request: request)
        }
        v1.post("/agent/authorize") { request, _ in await authorize(request) }
        return router
    }

    private func health() -> Response {
        JSONReply.make(WireJSON.object([
            ("status", WireJSON.string("ok")),
            ("service", WireJSON.string("lelu-engine")),
            ("dependencies", WireJSON.map(["queue": "memory"])),
        ]))
    }

    private func pending() async -> Response {
        let items = await queue.pending(limit: configuration.listLimit)
        return JSONReply.make(WireJSON.object([
            ("items", WireJSON.array(items.map(\.wireJSON))),
            ("count", String(items.count)),
        ]))
    }

    private func item(_ id: String) async -> Response {
        guard let item = await queue.item(id) else {
            return JSONReply.error(WireText.notFound(id), status: .notFound)
        }
        return JSONReply.make(item)
    }

    private func wait(_ id: String, timeoutParameter: Substring?) async -> Response {
        var milliseconds = Self.defaultWaitMilliseconds
        if let text = timeoutParameter, let value = Int(text), value > 0 { milliseconds = value }
        milliseconds = min(milliseconds, Self.maxWaitMilliseconds)
        switch await queue.wait(for: id, timeout: .milliseconds(milliseconds)) {
        case .notFound: return JSONReply.error(WireText.notFound(id), status: .notFound)
        case .resolved(let item): return JSONReply.make(item)
        case .stillPending(let item): return JSONReply.make(item, status: .requestTimeout)
        }
    }

    private struct Resolution: Decodable {
        var resolvedBy: String?
        var note: String?
        private enum CodingKeys: String, CodingKey {
            case note
            case resolvedBy = "resolved_by"
        }
    }

    private func resolve(_ id: String, as status: ReviewStatus, request: Request) async -> Response {
        let body: Resolution
        switch await BodyDecoder.decode(Resolution.self, from: request) {
        case .success(let decoded): body = decoded
        case .failure(let error): return JSONReply.error(error.message, status: .badRequest)
        }
        switch await queue.resolve(id, as: status, by: body.resolvedBy ?? "", note: body.note ?? "") {
        case .resolved: return JSONReply.success()
        case .notFound: return JSONReply.error(WireText.notFound(id), status: .badRequest)
        case .alreadyResolved(let current): return JSONReply.error(WireText.already(id, current), status: .badRequest)
        }
    }

    private func authorize(_ request: Request) async -> Response {
        let body: AuthorizeRequest
        switch await BodyDecoder.decode(AuthorizeRequest.self, from: request) {
        case .success(let decoded): body = decoded
        case .failure(let error): return JSONReply.error(error.message, status: .badRequest)
        }
        guard let action = body.action, !action.isEmpty else {
            return JSONReply.error("action is required", status: .badRequest)
        }
        if let confidence = body.confidence, !(0...1).contains(confidence) {
            return JSONReply.error("confidence must be between 0 and 1", status: .badRequest)
        }
        let traceID = ConfidenceGate.traceID()
        guard let confidence = body.confidence else {
            guard configuration.missingConfidence == .review else {
                return JSONReply.make(AuthorizeReply(
                    allowed: false, reason: ConfidenceGate.missingDenyReason, traceID: traceID,
                    requiresHumanReview: false, confidenceUsed: 0))
            }
            let id = await enqueue(body, action: action, confidence: 0, reason: ConfidenceGate.missingReviewReason)
            return JSONReply.make(AuthorizeReply(
                allowed: false, reason: ConfidenceGate.missingReviewReason, traceID: traceID,
                requiresHumanReview: true, confidenceUsed: 0, reviewID: id))
        }
        let verdict = ConfidenceGate.verdict(for: confidence)
        let reason = ConfidenceGate.reason(for: verdict, confidence: confidence)
        var reply = AuthorizeReply(
            allowed: verdict == .allow || verdict == .downgrade, reason: reason, traceID: traceID,
            requiresHumanReview: verdict == .review, confidenceUsed: confidence)
        switch verdict {
        case .review: reply.reviewID = await enqueue(body, action: action, confidence: confidence, reason: reason)
        case .downgrade: reply.downgradedScope = ConfidenceGate.downgradedScope
        case .allow, .deny: break
        }
        return JSONReply.make(reply)
    }

    private func enqueue(_ body: AuthorizeRequest, action: String, confidence: Double, reason: String) async -> String {
        let item = ReviewItem(
            id: UUID().uuidString.lowercased(),
            tenantID: body.tenantID ?? "",
            actor: body.actor ?? "",
            action: action,
            resource: body.stringResource,
            confidenceScore: confidence,
            reason: reason,
            actingFor: body.actingFor ?? "",
            enqueuedAt: Timestamp.now()
        )
        await queue.enqueue(item)
        return item.id
    }
}
