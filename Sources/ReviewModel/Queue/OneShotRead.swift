import Foundation

// MARK: - A one-shot read of the queue

// `lelu-console list` runs the table's own sync once, headless, until its first reads are over
// and every row in doubt has been asked about (docs/engines.md#the-pending-list). When that
// is, and what such a read could not know, are the sync's to say: the command only drives the
// runner and prints.

extension ConsoleState {
    /// Sets the sync up for a read that must print no request an engine says is resolved: every
    /// row a capped list brings is checked before it counts, `checksInFlight` at a time and
    /// without the console's 10-a-second budget, and a capped list is read again twice at most.
    package mutating func prepareOneShotRead(maxRequests: Int, checksInFlight: Int) {
        sync.maxRequests = maxRequests
        sync.checkArrivals = true
        sync.maxChecksPerSecond = 200
        sync.maxChecksInFlight = checksInFlight
        sync.discoveryPolls = 2
    }

    /// Whether the engine called `label` ("" with one engine) failed its first read: nothing
    /// was ever listed, and a poll has failed.
    package func firstReadFailed(_ label: String) -> Bool {
        let sync = sync(ofEngine: label)
        return sync.lastGoodPoll == nil && sync.failedPolls > 0
    }

    /// Whether the read is over on every engine but `given` (those whose first read failed).
    package func oneShotReadIsOver(except given: Set<String> = []) -> Bool {
        guard engines.isMulti else { return sync.oneShotReadIsOver }
        return engines.slots.allSatisfy { given.contains($0.label) || $0.sync.oneShotReadIsOver }
    }

    /// What the read could not know, a line each, prefixed with the engine's label when there
    /// are several: a capped list, newer requests past the cap, failed checks, skipped items.
    package var oneShotCaveats: [String] {
        guard engines.isMulti else { return lentCaveats }
        return eachEngine { lent in lent.lentCaveats.map { "\(lent.engineLabel): \($0)" } }.flatMap { $0 }
    }

    /// What the read of the engine in the single-engine fields could not know.
    private var lentCaveats: [String] {
        var lines: [String] = []
        let held = lentEngineRows
        if sync.listing == .capped, sync.capped {
            lines.append("the engine lists \(count: engineFacts.listLimit) at a time: \(count: held) shown, more may be pending")
        }
        if let newer = newerNotShown(self) {
            lines.append("\(count: newer) newer not shown (--max-requests \(sync.maxRequests))")
        }
        if !sync.checkFailed.isEmpty {
            lines.append("\(count: sync.checkFailed.count) could not be checked with the engine; shown as it last listed them")
        }
        if sync.skippedItems > 0 { lines.append("\(count: sync.skippedItems) malformed or duplicate item(s) skipped") }
        return lines
    }
}

extension QueueSync {
    /// Whether one engine's read is over: the first reads are done, no page or check is out, and
    /// every row in doubt has been asked about (a failed check leaves its row marked, not hidden).
    var oneShotReadIsOver: Bool {
        lastGoodPoll != nil && settled && !pollInFlight && sweep == nil && checking.isEmpty
            && doubt.isSubset(of: checkFailed)
    }
}
