import Foundation

// MARK: - Engine profile

/// Which Lelu engine the console is talking to, as far as probing could tell.
///
/// No engine sends a version string, so the console probes features (docs/engines.md#telling-them-apart,
/// "How a client can tell which engine it is talking to"): `/healthz` naming
/// `dependencies.human_review` or a list carrying `total` means the current engine;
/// otherwise `POST /v1/queue/<random>/redeem` answering JSON 404 means the 0.2.0 engine
/// and a plain-text 404 means the July 2026 engine.
package struct EngineProfile: Equatable, Sendable, CustomStringConvertible {
    /// The review API the engine speaks.
    package enum API: String, Equatable, Sendable {
        /// 0.2.0 after the reviewer-credential change: 409 conflicts, paging with `total`, reviewer keys.
        case current
        /// 0.2.0 before it: July's list and 400 conflicts, with `review_id` and `/redeem`.
        case early020 = "0.2.0"
        /// The July 2026 snapshot: `{"count","items"}` capped at 50, 400 conflicts.
        case july2026 = "2026-07"
        /// The probes did not answer (the engine was down or refused the key).
        case unknown
    }

    /// The API found.
    package var api: API
    /// Whether approve and deny need `X-Lelu-Reviewer-Key`; nil when the engine did not say.
    var reviewerCredentials: Bool?

    /// Creates a profile.
    package init(api: API, reviewerCredentials: Bool? = nil) {
        self.api = api
        self.reviewerCredentials = reviewerCredentials
    }

    /// True when the engine lists pages (`limit`, `offset`, `total`) of only really pending items.
    var pages: Bool { api == .current }

    /// "current API · reviewer credentials required", "July 2026 API (lists at most 50)", ….
    package var description: String {
        switch api {
        case .current:
            switch reviewerCredentials {
            case true?: "current API · reviewer credentials required"
            case false?: "current API · reviewer names self-asserted"
            case nil: "current API"
            }
        case .early020: "0.2.0 API (lists at most 50, no reviewer credentials)"
        case .july2026: "July 2026 API (lists at most 50, no reviewer credentials)"
        case .unknown: "not identified yet"
        }
    }

    /// The profile a `/healthz` answer alone establishes, or nil when it names no `human_review`.
    package static func fromHealth(_ health: EngineHealth) -> EngineProfile? {
        health.humanReview.map { EngineProfile(api: .current, reviewerCredentials: $0.reviewerCredentials) }
    }
}
