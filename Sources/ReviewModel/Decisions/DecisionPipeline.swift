import Foundation

// MARK: - Decision pipeline

/// Every decision between the reviewer's key and the engine's final answer:
/// held (undo window) → outbox → in flight → answered, or retrying, or a conflict whose winner
/// is being looked up; decisions a previous session left unsent are checked first; bulk
/// decisions are reported per batch.
///
/// A value with its own operations: it applies the engine's answers, counts bulk decisions and
/// returns what happened (``DecisionOutcome``, ``BatchProgress``, ``RecoveryOutcome``; see
/// `DecisionOutcome.swift`). The console's reducer (`Reducer+Decisions.swift`) decides when to
/// call them and turns what they return into the status line, journal records and table changes.
package struct DecisionPipeline: Equatable, Sendable {
    // MARK: Settings

    /// Decisions sent at once, at most.
    package var maxInFlight = 8
    /// Send decisions a crashed session left unsent without asking, however old (`--resend-held`).
    package var resendHeld = false
    /// Left-unsent decisions older than this wait for the reviewer's y/N instead of being sent.
    package var staleAfter: TimeInterval = 600

    /// Decisions held in the undo window, oldest first.
    package var held: DecisionQueue = []
    /// Decisions due to be sent, waiting for a free slot.
    package var outbox: DecisionQueue = []
    /// Decisions sent and not yet answered, by ID.
    package var inFlight: [String: PendingDecision] = [:]
    /// Conflicts waiting for the engine to say who resolved them.
    package var conflicts: [String: PendingDecision] = [:]
    /// Conflicts whose lookup failed transiently, asked again after the next good poll.
    package var conflictRefetch: Set<String> = []
    /// Decisions whose send failed transiently, waiting for their retry time.
    package var retrying: DecisionQueue = []
    /// Decisions a previous session left unsent, being checked against the engine.
    package var recovering: [String: PendingDecision] = [:]
    /// Recovered decisions whose check is under way.
    package var recoveryAsked: Set<String> = []
    /// Recovered decisions left unsent long ago and still pending: they wait for the reviewer's y/N.
    package var awaitingReviewer: [PendingDecision] = []
    /// What the engine says became of the other long-unsent ones ("already denied by bob", "expired", "gone").
    package var staleChanges: [ScreenText] = []
    /// Bulk decisions being reported, by batch number.
    package var batches: [Int: BatchReport] = [:]
    /// The next batch number.
    package var nextBatch = 1
    /// The batch whose undo countdown the status line shows.
    package var countdownBatch: Int?

    // MARK: - Questions

    /// The decision pending for a request (held, queued, in flight, retrying or recovering), if any.
    package func pendingDecision(_ id: String) -> PendingDecision? {
        inFlight[id] ?? held.first(withID: id) ?? outbox.first(withID: id) ?? retrying.first(withID: id)
            ?? recovering[id] ?? awaitingReviewer.first { $0.id == id }
    }

    /// Decisions not yet answered by the engine.
    package var unsentCount: Int { held.count + outbox.count + inFlight.count + retrying.count + recovering.count }

    // MARK: - Moving decisions along

    /// A new batch number for the decisions of one key press.
    package mutating func newBatch() -> Int {
        defer { nextBatch += 1 }
        return nextBatch
    }

    /// Moves retries whose time has come and held decisions whose undo window has closed to the outbox.
    package mutating func releaseDue(now: Date) {
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
    package mutating func nextToSend(maxInFlight: Int) -> [PendingDecision] {
        var sent: [PendingDecision] = []
        while inFlight.count < maxInFlight, !outbox.isEmpty {
            let pending = outbox.removeFirst()
            inFlight[pending.id] = pending
            sent.append(pending)
        }
        return sent
    }

    /// Takes back the most recent held batch (the undo), returning its decisions; nothing was sent.
    package mutating func takeBackLast() -> [PendingDecision] {
        guard let last = held.last else { return [] }
        let taken = Array(held.filter { $0.batch == last.batch })
        held.removeAll { $0.batch == last.batch }
        batches[last.batch] = nil
        countdownBatch = held.last?.batch
        return taken
    }

    /// Moves every held decision to the outbox at once (quitting sends what is held).
    package mutating func releaseAllHeld() {
        outbox += held
        held.removeAll()
        countdownBatch = nil
    }

    /// Schedules another send of a decision whose send failed transiently.
    package mutating func retry(_ pending: PendingDecision, at time: Date) {
        var next = pending
        next.retryAt = time
        retrying.append(next)
    }
}
