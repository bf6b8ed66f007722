import Foundation
import ReviewModel

// MARK: - Mapping answers

extension EngineError {
    /// Maps an HTTP status and body to what it means, per both contracts.
    ///
    /// - Parameters:
    ///   - path: the route asked, named when the engine has no such route.
    ///   - reviewerKeySent: whether the request carried `X-Lelu-Reviewer-Key` (a 403 then means it was wrong).
    static func from(
        status: Int, body: Data, id: String?, path: String = "", reviewerKeySent: Bool = false
    ) -> EngineError {
        let json = WireFormat.errorBody(body)
        let message = json?.error ?? String(decoding: body.prefix(200), as: UTF8.self)
        let lower = message.lowercased()
        let id = id ?? ""
        switch status {
        case 401:
            return .unauthorized
        case 403:
            if lower.contains("reviewer credential") { return .reviewerKeyRequired(sent: reviewerKeySent) }
            if lower.contains("cannot resolve its own") { return .selfApproval }
            return .forbidden(message: message)
        case 404 where json == nil:
            return .noSuchRoute(path: path)
        case 404 where lower.hasPrefix("queue: get:"):
            return .storeFailing(message: message)
        case 404:
            return .notFound(id: id)
        case 408:
            return .timeout
        case 409:
            // `{"success":false,"error":…,"current_status":"approved"}`; "" when the engine's re-read failed.
            let current = json?.currentStatus ?? ""
            return .alreadyResolved(id: id, status: ReviewStatus(current.isEmpty ? "resolved" : current))
        case 413:
            return .tooLarge
        case 400:
            return fromBadRequest(message, id: id)
        case 503 where lower.contains("queue not configured"):
            return .queueNotConfigured
        case 500 where lower.contains("misconfigured"):
            return .misconfigured
        case 500 where isStoreFailure(lower):
            return .storeFailing(message: message)
        case 400..<500:
            return .badRequest(status: status, message: message)
        default:
            return .server(status: status, message: message)
        }
    }

    /// Whether an engine message is its queue store failing: the store's own operations
    /// (`queue: xrevrange: …` listing on July's Redis store, `queue: index size: …`,
    /// `index range`, `mget` on the current one, `queue: get: …`, `queue: update: …`,
    /// `queue: resolve lock: …`), never an item's answer (`queue: item "ID" …`).
    static func isStoreFailure(_ lower: String) -> Bool {
        let operations = ["queue: xrevrange", "queue: index", "queue: mget", "queue: get:", "queue: update:",
                          "queue: resolve lock", "queue: set:", "queue: xadd"]
        return operations.contains { lower.hasPrefix($0) }
    }

    /// A 400: July conflicts and unknown IDs, and the current engine's reviewer-name and expiry rules.
    static func fromBadRequest(_ message: String, id: String) -> EngineError {
        let lower = message.lowercased()
        if isStoreFailure(lower) { return .storeFailing(message: message) }
        // The message's end is the engine's own words; the ID inside the quotes is anyone's text.
        if lower.hasSuffix("not found") { return .notFound(id: id) }
        if lower.hasSuffix("expired without a decision") { return .expired(id: id) }
        if lower.hasPrefix("resolved_by is required") { return .reviewerNameRequired }
        if let range = lower.range(of: "is already ", options: .backwards) {
            // `queue: item "ID" is already approved`: the status is the word after the last "is already ".
            let word = lower[range.upperBound...].prefix { $0.isLetter }
            return .alreadyResolved(id: id, status: ReviewStatus(word.isEmpty ? "resolved" : String(word)))
        }
        return .badRequest(status: 400, message: message)
    }
}
