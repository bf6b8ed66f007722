import Foundation

// MARK: - Authorize request

/// The body of `POST /v1/agent/authorize`; unknown fields are ignored like Go's decoder does.
struct AuthorizeRequest: Decodable, Sendable {
    var actor: String?
    var action: String?
    var resource: [String: JSONValue]?
    var confidence: Double?
    var actingFor: String?
    var tenantID: String?
    var scope: String?
    var args: JSONValue?

    private enum CodingKeys: String, CodingKey {
        case actor, action, resource, confidence, scope, args
        case actingFor = "acting_for"
        case tenantID = "tenant_id"
    }

    /// The resource with every value turned into a string (`1200.5` → `"1200.5"`).
    var stringResource: [String: String] {
        (resource ?? [:]).compactMapValues(\.stringValue)
    }
}

/// Any JSON value, so that `resource` and `args` accept whatever agents send.
enum JSONValue: Decodable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value as resource text; `null` has none and is dropped.
    var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .null: return nil
        case .array(let values): return "[" + values.map { $0.stringValue ?? "null" }.joined(separator: ",") + "]"
        case .object(let fields):
            let pairs = fields.keys.sorted().map { "\($0):\(fields[$0]?.stringValue ?? "null")" }
            return "{" + pairs.joined(separator: ",") + "}"
        }
    }
}

// MARK: - Authorize reply

/// The reply of `POST /v1/agent/authorize`, shaped like the engine's (see `authorize-review.json`).
///
/// Every reply has `allowed`, `reason`, `trace_id`, `requires_human_review` and `confidence_used`:
/// - `>= 0.90`: `allowed: true`.
/// - `0.70..<0.90`: `allowed: false`, `requires_human_review: true`, plus `review_id` (the queue id).
/// - `0.50..<0.70`: `allowed: true` plus `downgraded_scope: "read_only"` (the SDK's field).
/// - `< 0.50`, or no confidence in deny mode: `allowed: false` (`confidence_used` 0 when missing).
struct AuthorizeReply: WireEncodable {
    var allowed: Bool
    var reason: String
    var traceID: String
    var requiresHumanReview: Bool
    var confidenceUsed: Double
    var downgradedScope: String?
    var reviewID: String?

    var wireJSON: String {
        WireJSON.object([
            ("allowed", WireJSON.bool(allowed)),
            ("reason", WireJSON.string(reason)),
            ("trace_id", WireJSON.string(traceID)),
            ("requires_human_review", WireJSON.bool(requiresHumanReview)),
            ("confidence_used", WireJSON.number(confidenceUsed)),
            ("downgraded_scope", downgradedScope.map(WireJSON.string)),
            ("review_id", reviewID.map(WireJSON.string)),
        ])
    }
}

// MARK: - Gate

/// The engine's default confidence gate.
enum ConfidenceGate {
    /// At or above this, the request is allowed as asked.
    static let allowThreshold = 0.90
    /// At or above this (and below ``allowThreshold``), a human must review.
    static let reviewThreshold = 0.70
    /// At or above this (and below ``reviewThreshold``), the scope drops to `read_only`.
    static let downgradeThreshold = 0.50
    /// The scope granted in the downgrade band.
    static let downgradedScope = "read_only"
    /// Reason for a request without confidence that is queued (`--missing-confidence review`).
    static let missingReviewReason = "no confidence signal detected; routed to human review — pass a confidence_signal derived from your LLM provider's response, or set CONFIDENCE_MISSING_MODE=review on the engine during development"
    /// Reason for a request without confidence that is denied (the default).
    static let missingDenyReason = "no confidence signal detected; request denied — pass a confidence_signal derived from your LLM provider's response, or set CONFIDENCE_MISSING_MODE=review on the engine during development"

    /// The gate's verdict for one confidence value.
    enum Verdict: Equatable {
        case allow
        case review
        case downgrade
        case deny
    }

    /// Classifies a confidence in 0...1 into its band.
    static func verdict(for confidence: Double) -> Verdict {
        switch confidence {
        case allowThreshold...: return .allow
        case reviewThreshold...: return .review
        case downgradeThreshold...: return .downgrade
        default: return .deny
        }
    }

    /// `0.78` → `78%`.
    static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }

    /// The human-readable reason the engine gives for a verdict.
    static func reason(for verdict: Verdict, confidence: Double) -> String {
        let shown = percent(confidence)
        switch verdict {
        case .allow: return "confidence \(shown) meets threshold (\(percent(allowThreshold)))"
        case .review: return "confidence \(shown) requires human approval (threshold \(percent(allowThreshold)))"
        case .downgrade: return "confidence \(shown) below \(percent(reviewThreshold)); scope downgraded to \(downgradedScope)"
        case .deny: return "confidence \(shown) below minimum threshold (\(percent(downgradeThreshold)))"
        }
    }

    /// A fresh trace id like `tr_5a0f3c2e9b71`.
    static func traceID() -> String {
        "tr_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    }
}
