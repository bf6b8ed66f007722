import Foundation

// MARK: - EngineError

/// What an engine's answer means for the reviewer, in terms a person can act on.
///
/// Both engines of the contract are mapped here (docs/engines.md#differences-at-a-glance: July 2026,
/// for 0.2.0 and later): a July `400 … is already approved` and a current `409` are the same
/// conflict; a `403` is about the reviewer, never the API key.
package enum EngineError: Error, Equatable, Sendable {
    /// 401: the API key is wrong or missing.
    case unauthorized
    /// 500 "server misconfigured": the engine was started without an API key.
    case misconfigured
    /// 503 "queue not configured".
    case queueNotConfigured
    /// 404 (or the July engine's 400 "not found" on resolve): the request is gone.
    case notFound(id: String)
    /// July 400 "is already approved/denied" or current 409; `.other("resolved")` when the engine could not say.
    case alreadyResolved(id: String, status: ReviewStatus)
    /// Current engine, 403: approve and deny need a valid `X-Lelu-Reviewer-Key`; `sent` says whether one went.
    case reviewerKeyRequired(sent: Bool)
    /// Current engine, 403: `resolved_by` is the agent's own `actor`.
    case selfApproval
    /// Current engine, 400: `resolved_by` was blank.
    case reviewerNameRequired
    /// Current engine, 400: the request expired without a decision and accepts none now.
    case expired(id: String)
    /// 413: the decision's body (in practice, its note) is over the engine's limit.
    case tooLarge
    /// A 404 whose message starts `queue: get:`: the engine's store failed, the item may well exist.
    case storeFailing(message: String)
    /// A plain-text `404 page not found`: the engine serves no such route (wrong base URL or older engine).
    case noSuchRoute(path: String)
    /// Other 403, with the engine's message.
    case forbidden(message: String)
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

    /// True for failures worth retrying (transport, timeouts, 5xx, a failing store).
    var isTransient: Bool {
        switch self {
        case .timeout, .unreachable, .server, .storeFailing: true
        default: false
        }
    }

    /// A one-line explanation, naming the engine and the fix; never a key.
    package func message(engine: String, fixes: Fixes = .oneEngine) -> String {
        screenMessage(engine: engine, fixes: fixes).description
    }

    /// Where a reviewer sets what a message tells them to fix: flags and environment for the one
    /// engine, or the engine's own `[engines.NAME]` table when the console watches several.
    package struct Fixes: Equatable, Sendable {
        /// Where the API key is set.
        var apiKey: String
        /// Where the reviewer key is set.
        var reviewerKey: String
        /// Where the engine's URL is set.
        var url: String

        /// One engine: flags and environment.
        package static let oneEngine = Fixes(
            apiKey: "LELU_API_KEY or --api-key-file", reviewerKey: "--reviewer-key-file PATH or LELU_REVIEWER_KEY",
            url: "--engine URL or LELU_BASE_URL")

        /// The engine called `label` among several: its own table.
        package static func table(_ label: String) -> Fixes {
            Fixes(apiKey: "api_key_file or api_key_env in [engines.\(label)]",
                  reviewerKey: "reviewer_key_file in [engines.\(label)]", url: "url in [engines.\(label)]")
        }
    }

    /// The explanation as screen text: what the engine or the agent wrote is quoted.
    ///
    /// `fixes` says where the keys and the URL are set (several engines: the engine's own table).
    func screenMessage(engine: String, fixes: Fixes = .oneEngine) -> ScreenText {
        switch self {
        case .unauthorized:
            "\(engine) rejected the API key (401): set \(fixes.apiKey) to the engine's key"
        case .misconfigured:
            "\(engine) has no API key configured (500): start it with an API key, or LELU_DEV_INSECURE=true for local dev"
        case .queueNotConfigured:
            "\(engine) has no review queue configured (503)"
        case .notFound(let id):
            "request \(quoted: SafeText.line(id, limit: 40)) not found on \(engine) (engine restarted or item expired)"
        case .alreadyResolved(let id, let status):
            "request \(quoted: SafeText.line(id, limit: 40)) is already \(quoted: SafeText.line(status.description, limit: 20))"
        case .reviewerKeyRequired(let sent):
            sent
                ? "\(engine) rejected the reviewer key (403): check \(fixes.reviewerKey)"
                : "\(engine) needs a reviewer key to approve or deny (403): set \(fixes.reviewerKey)"
        case .selfApproval:
            "the engine refuses: the reviewer name is the agent's own (403) — decide under your own name (--reviewer NAME)"
        case .reviewerNameRequired:
            "\(engine) needs a reviewer name (400): set --reviewer NAME"
        case .expired(let id):
            "request \(quoted: SafeText.line(id, limit: 40)) expired without a decision; the engine accepts none now"
        case .tooLarge:
            "\(engine) refused the decision as too large (413): shorten the note"
        case .storeFailing(let message):
            "\(engine) cannot read its queue store: \(quoted: SafeText.line(message, limit: 160))"
        case .noSuchRoute(let path):
            "\(engine) has no route \(quoted: SafeText.line(path, limit: 80)) (404 page not found): is the URL the engine's base URL?"
        case .forbidden(let message):
            "\(engine) refused (403): \(quoted: SafeText.line(message, limit: 160))"
        case .badRequest(let status, let message):
            "\(engine) refused the request (\(status)): \(quoted: SafeText.line(message, limit: 160))"
        case .server(let status, let message):
            "\(engine) failed (\(status)): \(quoted: SafeText.line(message, limit: 160))"
        case .timeout:
            "\(engine) did not answer in time"
        case .unreachable(let detail):
            "cannot reach \(engine): \(quoted: SafeText.line(detail, limit: 120)) — is the engine running? (\(fixes.url))"
        case .responseTooLarge(let limit):
            "\(engine) sent a response larger than \(limit / (1024 * 1024)) MiB; not read"
        case .undecodable(let excerpt):
            "\(engine) sent a response that is not the Lelu queue format: \(quoted: excerpt)"
        }
    }
}
