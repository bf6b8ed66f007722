import Foundation

// MARK: - Decision outcomes

// The pipeline (`DecisionPipeline.swift`) applies the engine's answers to its decisions and counts
// them towards their bulk reports; it returns these values, and the reducer (`Reducer+Decisions.swift`) says it on the
// status line, journals it and takes answered rows out of the table.

/// What the engine's answer to a sent decision did to it.
enum DecisionOutcome: Equatable, Sendable {
    /// The engine took the decision.
    case confirmed(PendingDecision)
    /// Someone resolved the request first: the pipeline keeps the decision in `conflicts` until
    /// the engine says who (the reducer asks with `.fetchItem`).
    case conflict(PendingDecision)
    /// The engine no longer has the request (restarted, or the item expired and was dropped).
    case gone(PendingDecision)
    /// The request expired without a decision before ours reached the engine.
    case expired(PendingDecision)
    /// The send failed transiently: the decision is retrying, sent again after `delay` seconds.
    case retrying(PendingDecision, delay: TimeInterval)
    /// A final failure (or the last attempt): never sent again.
    case failed(PendingDecision, EngineError)

    /// The decision the answer was for.
    var decision: PendingDecision {
        switch self {
        case .confirmed(let p), .conflict(let p), .gone(let p), .expired(let p), .retrying(let p, _), .failed(let p, _): p
        }
    }
}

/// One answer, as a bulk decision's report counts it.
enum BatchAnswer: Equatable, Sendable {
    case confirmed
    /// "denied by oncall@ops-2": what the engine already had, and by whom.
    case conflict(String)
    case gone
    case expired
    case failed
}

/// Where a bulk decision's report stands after an answer.
enum BatchProgress: Equatable, Sendable {
    /// More answers are to come.
    case waiting(BatchReport)
    /// Every answer is in; the report is done (the pipeline has let it go).
    case complete(BatchReport)
}

/// What became of a decision the last session left unsent, once the engine showed its request.
enum RecoveryOutcome: Equatable, Sendable {
    /// Still pending, left unsent long ago: it waits for the reviewer's y/N (`awaitingReviewer`).
    case awaitingReviewer
    /// Still pending: it is in the outbox, sent again at once.
    case resending
    /// The request is no longer pending: it has this status (the reducer records why).
    case settled(ReviewStatus)
}

/// What became of a conflict whose winner could not be looked up.
enum ConflictLookup: Equatable, Sendable {
    /// The failure was transient: asked again after the next good read.
    case askAgain
    /// Given up: the conflict is recorded without knowing who won.
    case gaveUp(PendingDecision)
}

// MARK: - Retries

/// Sends of one decision, at most, before it is recorded as failed (about two minutes of retrying).
let maxAttempts = 10

/// Seconds before retry `attempt`: 1 s doubling to a 15 s cap, plus up to 25 % jitter.
///
/// The jitter is derived from the ID and the attempt, so many consoles retrying at once
/// spread out while the reducer stays deterministic for tests.
func retryDelay(attempt: Int, id: String) -> TimeInterval {
    let base = min(15, pow(2, Double(max(0, attempt - 1))))
    var hash: UInt64 = 1_469_598_103_934_665_603
    for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
    hash = (hash ^ UInt64(truncatingIfNeeded: attempt)) &* 1_099_511_628_211
    return base * (1 + Double(hash % 1000) / 4000)
}
