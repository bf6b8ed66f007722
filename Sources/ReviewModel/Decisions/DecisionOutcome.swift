import Foundation

// MARK: - Decision outcomes

// The pipeline applies the engine's answers to its decisions and counts them towards their bulk
// reports; it returns what happened, and the reducer (`Reducer+Decisions.swift`) says it on the
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
package func retryDelay(attempt: Int, id: String) -> TimeInterval {
    let base = min(15, pow(2, Double(max(0, attempt - 1))))
    var hash: UInt64 = 1_469_598_103_934_665_603
    for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
    hash = (hash ^ UInt64(truncatingIfNeeded: attempt)) &* 1_099_511_628_211
    return base * (1 + Double(hash % 1000) / 4000)
}

// MARK: - Answers

extension DecisionPipeline {
    /// Applies the engine's answer to the decision in flight for `id` (nil `error`: it was taken);
    /// nil when no decision for `id` is in flight.
    ///
    /// - Parameter engine: how the engine is named in a retry's reason.
    mutating func answer(_ id: String, error: EngineError?, now: Date, engine: String) -> DecisionOutcome? {
        guard var pending = inFlight.removeValue(forKey: id) else { return nil }
        switch error {
        case nil:
            return .confirmed(pending)
        case .alreadyResolved(_, let status)?:
            pending.conflictStatus = status
            conflicts[id] = pending
            return .conflict(pending)
        case .notFound?:
            return .gone(pending)
        case .expired?:
            return .expired(pending)
        case let error? where error.isTransient && pending.attempts + 1 < maxAttempts:
            // Transport errors, timeouts and 5xx: the engine may not have it; try again later.
            // A retry of a decision that did land comes back "already <ours>", which counts as confirmed.
            pending.attempts += 1
            pending.lastError = error.message(engine: engine)
            let delay = retryDelay(attempt: pending.attempts, id: id)
            pending.retryAt = now.addingTimeInterval(delay)
            retry(pending, at: now.addingTimeInterval(delay))
            return .retrying(pending, delay: delay)
        case let error?:
            return .failed(pending, error)
        }
    }

    /// Counts an answer towards the decision's bulk report; nil when it was not part of one.
    mutating func tally(_ pending: PendingDecision, _ answer: BatchAnswer) -> BatchProgress? {
        guard var batch = batches[pending.batch] else { return nil }
        switch answer {
        case .confirmed: batch.confirmed += 1
        case .conflict(let what): batch.conflicts.append(what)
        case .gone: batch.gone += 1
        case .expired: batch.expired += 1
        case .failed: batch.failed += 1
        }
        guard batch.answered < batch.total else {
            batches[pending.batch] = nil
            return .complete(batch)
        }
        batches[pending.batch] = batch
        return .waiting(batch)
    }

    /// Starts the report of a bulk decision of `total` requests.
    mutating func startReport(batch: Int, decision: Decision, total: Int) {
        batches[batch] = BatchReport(decision: decision, total: total)
    }

    // MARK: - Conflicts and recovered decisions

    /// A failed lookup of who won a conflict: asked again while the failure is transient.
    mutating func conflictLookupFailed(_ id: String, error: EngineError) -> ConflictLookup? {
        guard var pending = conflicts[id] else { return nil }
        if error.isTransient, pending.fetchAttempts + 1 < maxAttempts {
            // Who won matters (ours from an earlier attempt, or someone else's): ask again later.
            pending.fetchAttempts += 1
            conflicts[id] = pending
            conflictRefetch.insert(id)
            return .askAgain
        }
        conflicts[id] = nil
        return .gaveUp(pending)
    }

    /// Takes the conflict on `id` whose winner the engine has just named.
    mutating func takeConflict(_ id: String) -> PendingDecision? {
        conflicts.removeValue(forKey: id)
    }

    /// Takes the recovered decision on `id` whose request the engine has just shown.
    mutating func takeRecovering(_ id: String) -> PendingDecision? {
        guard let pending = recovering.removeValue(forKey: id) else { return nil }
        recoveryAsked.remove(id)
        return pending
    }

    /// Moves a recovered decision on by the status the engine has for its request.
    mutating func recovered(_ pending: PendingDecision, status: ReviewStatus) -> RecoveryOutcome {
        switch status {
        case .pending where pending.leftAt != nil:
            awaitingReviewer.append(pending)
            return .awaitingReviewer
        case .pending:
            outbox.append(pending)
            return .resending
        case let status:
            return .settled(status)
        }
    }

    /// A failed lookup of a recovered decision's request: true when the engine has no such
    /// request (the decision is dropped); otherwise it is asked about again after the next good read.
    mutating func recoveryLookupFailed(_ pending: PendingDecision, error: EngineError) -> Bool {
        if case .notFound = error {
            recovering[pending.id] = nil
            return true
        }
        recoveryAsked.remove(pending.id)
        return false
    }

    /// The lookups to ask (again) after a good read: conflicts whose lookup failed, then
    /// recovered decisions not being asked about, each sorted.
    mutating func takeLookupsDue() -> [String] {
        let refetch = conflictRefetch.sorted()
        conflictRefetch.removeAll()
        let unasked = recovering.keys.filter { !recoveryAsked.contains($0) }.sorted()
        recoveryAsked.formUnion(unasked)
        return refetch + unasked
    }

    /// When the pipeline next needs time to pass: a held decision's undo window closing or a
    /// failed send's retry (nil when neither is waiting).
    var nextDue: Date? {
        var due = held.first?.due
        for retry in retrying {
            guard let at = retry.retryAt else { continue }
            due = min(due ?? at, at)
        }
        return due
    }
}
