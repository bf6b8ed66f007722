import Foundation

// MARK: - EngineClient

/// Everything the console asks of a Lelu engine.
///
/// The HTTP implementation is ``HTTPEngineClient``; tests of the reducer need none,
/// because the reducer only emits ``Effect`` values.
public protocol EngineClient: Sendable {
    /// `GET /healthz`.
    func health() async throws(EngineError) -> EngineHealth
    /// `GET /v1/queue/pending`.
    func pending() async throws(EngineError) -> PendingList
    /// `GET /v1/queue/{id}`.
    func item(id: String) async throws(EngineError) -> ReviewRequest
    /// `POST /v1/queue/{id}/approve` or `/deny` with `{"resolved_by","note"}`.
    func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
}

// MARK: - EngineError

/// What went wrong talking to the engine, in terms a person can act on.
public enum EngineError: Error, Equatable, Sendable {
    /// 401: the API key is wrong or missing.
    case unauthorized
    /// 500 "server misconfigured": the engine was started without an API key.
    case misconfigured
    /// 503 "queue not configured".
    case queueNotConfigured
    /// 404 (or the engine's 400 "not found" on resolve).
    case notFound(id: String)
    /// 400 "already approved/denied".
    case alreadyResolved(id: String, status: ReviewStatus)
    /// Other 4xx, with the engine's message.
    case badRequest(status: Int, message: String)
    /// 5xx, with the engine's message.
    case server(status: Int, message: String)
    /// 408 from `/wait` or no answer within the request timeout.
    case timeout
    /// Could not connect: connection refused, DNS failure, network down.
    case unreachable(detail: String)
    /// The body was larger than the client accepts.
    case responseTooLarge(limit: Int)
    /// The body was not the JSON we expected.
    case undecodable(excerpt: String)

    /// True for failures worth retrying (transport, timeouts, 5xx).
    public var isTransient: Bool {
        switch self {
        case .timeout, .unreachable, .server: true
        default: false
        }
    }

    /// A one-line explanation, naming the engine and the fix; never the key.
    public func message(engine: String) -> String {
        switch self {
        case .unauthorized:
            "\(engine) rejected the API key (401): set LELU_API_KEY or --api-key-file to the engine's key"
        case .misconfigured:
            "\(engine) has no API key configured (500): start it with an API key, or LELU_DEV_INSECURE=true for local dev"
        case .queueNotConfigured:
            "\(engine) has no review queue configured (503)"
        case .notFound(let id):
            "request \(SafeText.line(id, limit: 40)) not found on \(engine) (engine restarted or item expired)"
        case .alreadyResolved(let id, let status):
            "request \(SafeText.line(id, limit: 40)) is already \(SafeText.line(status.description, limit: 20))"
        case .badRequest(let status, let message):
            "\(engine) refused the request (\(status)): \(SafeText.line(message, limit: 160))"
        case .server(let status, let message):
            "\(engine) failed (\(status)): \(SafeText.line(message, limit: 160))"
        case .timeout:
            "\(engine) did not answer in time"
        case .unreachable(let detail):
            "cannot reach \(engine): \(SafeText.line(detail, limit: 120)) — is the engine running? (--engine URL or LELU_BASE_URL)"
        case .responseTooLarge(let limit):
            "\(engine) sent a response larger than \(limit / (1024 * 1024)) MiB; not read"
        case .undecodable(let excerpt):
            "\(engine) sent a response that is not the Lelu queue format: \(excerpt)"
        }
    }

    /// Maps an HTTP status and error body to an error, per ENGINE.md.
    public static func from(status: Int, body: Data, id: String?) -> EngineError {
        let message = WireFormat.errorMessage(body) ?? String(decoding: body.prefix(200), as: UTF8.self)
        let lower = message.lowercased()
        switch status {
        case 401, 403:
            return .unauthorized
        case 404:
            return .notFound(id: id ?? "")
        case 408:
            return .timeout
        case 400 where lower.contains("is already "):
            // `queue: item "ID" is already approved`: the status is the word after the last "is already ".
            let tail = lower.components(separatedBy: "is already ").last ?? ""
            let word = tail.prefix { $0.isLetter }
            return .alreadyResolved(id: id ?? "", status: ReviewStatus(word.isEmpty ? "resolved" : String(word)))
        case 400 where lower.contains("not found"):
            return .notFound(id: id ?? "")
        case 503 where lower.contains("queue not configured"):
            return .queueNotConfigured
        case 500 where lower.contains("misconfigured"):
            return .misconfigured
        case 400..<500:
            return .badRequest(status: status, message: message)
        default:
            return .server(status: status, message: message)
        }
    }
}
