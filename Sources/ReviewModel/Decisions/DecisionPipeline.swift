import Foundation

// MARK: - Decision pipeline

/// Every decision between the reviewer's key and the engine's final answer:
/// held (undo window) → outbox → in flight → answered, or retrying, or a conflict whose winner
/// is being looked up; decisions a previous session left unsent are checked first; bulk
/// decisions are reported per batch.
///
/// A value with its own operations: it applies the engine's answers, counts bulk decisions and
/// returns what happened (``DecisionOutcome``, ``BatchProgress``, ``RecoveryOutcome``, in
/// `DecisionOutcome.swift`). Its queues change only through its methods; only the settings are
/// assigned from outside. The console's reducer (`Reducer+Decisions.swift`) decides when to call
/// them and turns what they return into the status line, journal records and table changes.
struct DecisionPipeline: Equatable, Sendable {
    // MARK: Settings

    /// Decisions sent at once, at most.
    var maxInFlight = 8
    /// Send decisions a crashed session left unsent without asking, however old (`--resend-held`).
    var resendHeld = false
    /// Left-unsent decisions older than this wait for the reviewer's y/N instead of being sent.
    var staleAfter: TimeInterval = 600

    /// Decisions held in the undo window, oldest first.
    private(set) var held: DecisionQueue = []
    /// Decisions due to be sent, waiting for a free slot.
    private(set) var outbox: DecisionQueue = []
    /// Decisions sent and not yet answered, by ID.
    private(set) var inFlight: [String: PendingDecision] = [:]
    /// Conflicts waiting for the engine to say who resolved them.
    private(set) var conflicts: [String: PendingDecision] = [:]
    /// Conflicts whose lookup failed transiently, asked again after the next good poll.
    private(set) var conflictRefetch: Set<String> = []
    /// Decisions whose send failed transiently, waiting for their retry time.
    private(set) var retrying: DecisionQueue = []
    /// Decisions a previous session left unsent, being checked against the engine.
    private(set) var recovering: [String: PendingDecision] = [:]
    /// Recovered decisions whose check is under way.
    private(set) var recoveryAsked: Set<String> = []
    /// Recovered decisions left unsent long ago and still pending: they wait for the reviewer's y/N.
    private(set) var awaitingReviewer: [PendingDecision] = []
    /// What the engine says became of the other long-unsent ones ("already denied by bob", "expired", "gone").
    private(set) var staleChanges: [ScreenText] = []
    /// Bulk decisions being reported, by batch number.
    private(set) var batches: [Int: BatchReport] = [:]
    /// The next batch number.
    private(set) var nextBatch = 1
    /// The batch whose undo countdown the status line shows.
    private(set) var countdownBatch: Int?

    // MARK: - Questions

    /// The decision pending for a request (held, queued, in flight, retrying or recovering), if any.
    func pendingDecision(_ id: String) -> PendingDecision? {
        inFlight[id] ?? held.first(withID: id) ?? outbox.first(withID: id) ?? retrying.first(withID: id)
            ?? recovering[id] ?? awaitingReviewer.first { $0.id == id }
    }

    /// Decisions not yet answered by the engine.
    var unsentCount: Int { held.count + outbox.count + inFlight.count + retrying.count + recovering.count }

    /// Decisions not yet answered by the engine whose row keys `keep` accepts (several engines).
    func unsentCount(where keep: (String) -> Bool) -> Int {
        held.count { keep($0.id) } + outbox.count { keep($0.id) } + inFlight.keys.count(where: keep)
            + retrying.count { keep($0.id) } + recovering.keys.count(where: keep)
    }

    // MARK: - Moving decisions along

    /// A new batch number for the decisions of one key press.
    mutating func newBatch() -> Int {
        defer { nextBatch += 1 }
        return nextBatch
    }

    /// Moves retries whose time has come and held decisions whose undo window has closed to the outbox.
    mutating func releaseDue(now: Date) {
        if !retrying.isEmpty {
            let due = retrying.filter { ($0.retryAt ?? now) <= now }
            if !due.isEmpty {
                retrying.removeAll { ($0.retryAt ?? now) <= now }
                outbox += due
            }
        }
        if !held.isEmpty {
            let due = held.filter { $0.due <= now }
            if !due.isEmpty {
                held.removeAll { $0.due <= now }
                outbox += due
            }
        }
    }

    /// Takes decisions from the outbox into flight while fewer than `maxInFlight` are out.
    mutating func nextToSend(maxInFlight: Int) -> [PendingDecision] {
        var sent: [PendingDecision] = []
        while inFlight.count < maxInFlight, !outbox.isEmpty {
            let pending = outbox.removeFirst()
            inFlight[pending.id] = pending
            sent.append(pending)
        }
        return sent
    }

    /// Takes back the most recent held batch (the undo), returning its decisions; nothing was sent.
    mutating func takeBackLast() -> [PendingDecision] {
        guard let last = held.last else { return [] }
        let taken = Array(held.filter { $0.batch == last.batch })
        held.removeAll { $0.batch == last.batch }
        batches[last.batch] = nil
        countdownBatch = held.last?.batch
        return taken
    }

    /// Moves every held decision to the outbox at once (quitting sends what is held).
    mutating func releaseAllHeld() {
        outbox += held
        held.removeAll()
        countdownBatch = nil
    }

    /// Schedules another send of a decision whose send failed transiently; returns it as scheduled.
    @discardableResult
    mutating func retry(_ pending: PendingDecision, at time: Date) -> PendingDecision {
        var next = pending
        next.retryAt = time
        retrying.append(next)
        return next
    }

    // MARK: - Holding and recovering

    /// Holds a decision in its undo window (after those held already).
    mutating func hold(_ pending: PendingDecision) {
        held.append(pending)
    }

    /// Shows the undo countdown of this batch on the status line.
    mutating func showCountdown(batch: Int) {
        countdownBatch = batch
    }

    /// Queues a decision a previous session left unsent, to be checked against the engine.
    mutating func recover(_ pending: PendingDecision) {
        recovering[pending.id] = pending
    }

    /// Drops a recovered decision: the request was decided again since, and that decision stands.
    mutating func dropRecovering(_ id: String) {
        recovering[id] = nil
    }

    /// Asks about every recovered decision: their IDs, sorted, now counted as asked.
    mutating func askAboutRecovering() -> [String] {
        recoveryAsked = Set(recovering.keys)
        return recovering.keys.sorted()
    }

    /// Remembers what became of a long-unsent decision, for the question about the others.
    mutating func noteStale(_ change: ScreenText) {
        staleChanges.append(change)
    }

    /// Forgets the long-unsent decisions and what became of the others, once asked about.
    mutating func clearLongUnsent() {
        awaitingReviewer.removeAll()
        staleChanges.removeAll()
    }

    /// Sends long-unsent decisions the reviewer said yes to.
    mutating func resend(_ decisions: [PendingDecision]) {
        outbox.append(contentsOf: decisions.map { var p = $0; p.leftAt = nil; return p })
    }
}

// MARK: - Answers

extension DecisionPipeline {
    /// Applies the engine's answer to the decision in flight for `id` (nil `error`: it was taken);
    /// nil when no decision for `id` is in flight.
    ///
    /// - Parameters:
    ///   - engine: how the engine is named in a retry's reason.
    ///   - fixes: where that reason says the engine is set up (its own table among several).
    mutating func answer(
        _ id: String, error: EngineError?, now: Date, engine: String, fixes: EngineError.Fixes = .oneEngine
    ) -> DecisionOutcome? {
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
            pending.lastError = error.message(engine: engine, fixes: fixes)
            let delay = retryDelay(attempt: pending.attempts, id: id)
            return .retrying(retry(pending, at: now.addingTimeInterval(delay)), delay: delay)
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
