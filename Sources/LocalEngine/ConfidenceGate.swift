import Foundation

// MARK: - Authorize request

/// The body of `POST /v1/agent/authorize` (Go's `agentAuthorizeRequest`); unknown fields are ignored.
struct AuthorizeRequest: Sendable, Equatable {
    var actor: String?
    var action: String?
    var resource: [String: String]?
    var confidence: Double?
    var actingFor: String?
    var tenantID: String?
    var scope: String?
    var args: GoJSON?
    /// `confidence_signal.token_probabilities`, when every one is a number.
    var tokenProbabilities: [Double]?

    /// The resource as stored on the item.
    var stringResource: [String: String] { resource ?? [:] }

    /// Decodes as Go's `json.Decoder` would, with its type-error texts, or gives the 400 message.
    static func decode(_ value: GoJSON) -> Result<AuthorizeRequest, BodyError> {
        var decoder = GoStructDecoder(structName: "agentAuthorizeRequest")
        let members: [(String, GoJSON)]
        switch decoder.members(of: value) {
        case .success(let found): members = found
        case .failure(let error): return .failure(error)
        }
        var body = AuthorizeRequest()
        let strings: [(String, WritableKeyPath<AuthorizeRequest, String?>)] = [
            ("actor", \.actor), ("action", \.action), ("acting_for", \.actingFor), ("tenant_id", \.tenantID), ("scope", \.scope),
        ]
        for (key, member) in members {
            if let (name, path) = strings.first(where: { GoStructDecoder.matches(key, $0.0) }) {
                body[keyPath: path] = decoder.string(member, path: name, current: body[keyPath: path])
            } else if GoStructDecoder.matches(key, "confidence") {
                body.confidence = decoder.float(member, path: "confidence", current: body.confidence)
            } else if GoStructDecoder.matches(key, "resource") {
                body.resource = decoder.stringMap(member, path: "resource", current: body.resource)
            } else if GoStructDecoder.matches(key, "args") {
                body.args = member
            } else if GoStructDecoder.matches(key, "confidence_signal") {
                body.tokenProbabilities = Self.tokenProbabilities(member)
            }
        }
        if let error = decoder.firstError { return .failure(error) }
        return .success(body)
    }

    /// The confidence a request states: `confidence`, else the mean of its signal's token probabilities.
    ///
    /// The local engine honours a bare `confidence` as `CONFIDENCE_ALLOW_UNVERIFIED=true` does. The mean
    /// is this engine's stand-in for the real engine's signal scoring (they agree for one token).
    var statedConfidence: Double? {
        if let confidence { return confidence }
        guard let probabilities = tokenProbabilities, !probabilities.isEmpty else { return nil }
        return probabilities.reduce(0, +) / Double(probabilities.count)
    }

    /// The numbers in `{"token_probabilities":[…]}`, or `nil` when the signal has none or other values.
    private static func tokenProbabilities(_ signal: GoJSON) -> [Double]? {
        guard case .object(let members) = signal,
              case .array(let values)? = members.last(where: { GoStructDecoder.matches($0.0, "token_probabilities") })?.1
        else { return nil }
        let numbers = values.compactMap { value -> Double? in
            if case .number(let text) = value { return Double(text) }
            return nil
        }
        return numbers.count == values.count ? numbers : nil
    }

    /// SHA-256 over the request's effect: `{actor, tenant_id, action, resource, args, acting_for, scope}`.
    ///
    /// The serialization is this engine's own (the real engine's bytes are not part of the contract):
    /// a JSON object with exactly those keys in that order, strings as ``WireJSON`` writes them,
    /// `resource` with sorted keys, `args` with object keys sorted and numbers normalised, absent as `null`.
    var fingerprint: String {
        let canonical = WireJSON.object([
            ("actor", WireJSON.string(actor ?? "")),
            ("tenant_id", WireJSON.string(tenantID ?? "")),
            ("action", WireJSON.string(action ?? "")),
            ("resource", WireJSON.map(resource ?? [:])),
            ("args", Self.canonical(args ?? .null)),
            ("acting_for", WireJSON.string(actingFor ?? "")),
            ("scope", WireJSON.string(scope ?? "")),
        ])
        return SHA256.hex(Array(canonical.utf8))
    }

    /// A JSON value in one spelling: sorted keys (last repeated key wins), numbers as float64 prints them.
    private static func canonical(_ value: GoJSON) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return WireJSON.bool(flag)
        case .number(let text): return Double(text).map(WireJSON.number) ?? text
        case .string(let text): return WireJSON.string(text)
        case .array(let elements): return WireJSON.array(elements.map(canonical))
        case .object(let members):
            var last: [String: GoJSON] = [:]
            for (key, member) in members { last[key] = member }
            return WireJSON.object(last.keys.sorted().map { ($0, last[$0].map(canonical)) })
        }
    }
}

// MARK: - Authorize reply

/// The reply of `POST /v1/agent/authorize`, shaped like the engine's (see `authorize-review.json`).
///
/// Every reply has `allowed`, `reason`, `trace_id`, `requires_human_review` and `confidence_used`:
/// - `>= 0.90`: `allowed: true`.
/// - `0.70..<0.90`: `allowed: false`, `requires_human_review: true`, plus `review_id` (the queue id).
/// - `0.50..<0.70`: `allowed: true` plus `downgraded_scope` and `effective_scope`, both `"read_only"`.
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
            ("downgraded_scope", downgradedScope.map(WireJSON.string)),
            ("effective_scope", downgradedScope.map(WireJSON.string)),
            ("requires_human_review", WireJSON.bool(requiresHumanReview)),
            ("confidence_used", WireJSON.number(confidenceUsed)),
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
