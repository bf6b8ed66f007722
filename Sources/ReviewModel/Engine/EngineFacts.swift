import Foundation

// MARK: - Engine facts

/// What the console has learnt about its engine: which API it speaks and how it stands with
/// this reviewer's key. The key itself never enters the state.
struct EngineFacts: Equatable, Sendable {
    /// Which engine this is, once probed.
    var profile: EngineProfile?
    /// Whether a probe is out.
    var probing = false
    /// The engine's list cap; a full list says so in the header.
    var listLimit = 50
    /// Whether a reviewer key (`X-Lelu-Reviewer-Key`) is configured.
    var hasReviewerKey = false
    /// The name the engine records for us when our reviewer key names us (from a receipt).
    var credentialName: String?
    /// Set when the engine refused a decision for want of a valid reviewer key (it said 403).
    var reviewerKeyRefused: EngineError?

    /// Nothing known yet.
    init() {}
}
