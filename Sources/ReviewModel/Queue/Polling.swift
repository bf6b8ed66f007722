import Foundation

// MARK: - Polling

extension ConsoleState {
    /// When time must next advance for the state's own sake: a poll, a held decision's end, a
    /// failed send's retry (nil when nothing is scheduled). The runner ticks then, or sooner.
    package var nextDue: Date? {
        var due: Date?
        func consider(_ date: Date?) {
            guard let date else { return }
            due = min(due ?? date, date)
        }
        consider(nextEnginePoll)
        consider(pipeline.nextDue)
        return due
    }
}

/// Sends the poll that is due: the newest page on a paging engine, the list on any other.
func startPoll(_ state: inout ConsoleState) -> [Effect] {
    state.sync.pollInFlight = true
    state.sync.pollStartedAt = state.now
    state.sync.nextPollAt = nil
    guard state.sync.listing == .paged else { return [.fetchPending] }
    let offset = state.sync.arrivalsOffset ?? 0
    return [.fetchPage(PageRequest(offset: offset, limit: state.sync.arrivalsLimit, purpose: .arrivals))]
}

/// A failed poll: the header says why, the last list stays, the next poll backs off.
func pollFailed(_ state: inout ConsoleState, _ error: EngineError) {
    state.sync.pollInFlight = false
    state.sync.arrivalsOffset = nil
    state.sync.pollStartedAt = nil
    state.sync.failedPolls += 1
    switch error {
    case .unauthorized: state.sync.connection = .unauthorized
    case .misconfigured: state.sync.connection = .misconfigured
    default: state.sync.connection = .reconnecting(error)
    }
    state.sync.nextPollAt = state.now.addingTimeInterval(pollBackoff(failures: state.sync.failedPolls, interval: state.pollInterval))
}

/// Seconds until the next poll after `failures` consecutive failures: 1 s doubling to 15 s.
func pollBackoff(failures: Int, interval: TimeInterval) -> TimeInterval {
    guard failures > 0 else { return interval }
    return min(15, max(interval, pow(2, Double(min(failures - 1, 4)))))
}

/// Applies a good unparameterised poll: the July engine's list, or the first answer of any engine.
///
/// An answer with `total` is the current engine's first page (its default limit); from then on
/// the console pages (``applyPage(_:_:_:)``). A July answer as long as the engine's cap is
/// *capped*: a row it leaves out stays, and is checked (see `Checking.swift`).
func applyPoll(_ state: inout ConsoleState, _ list: PendingList) -> [Effect] {
    if list.total != nil {
        // The engine's default page: its first 50, newest first.
        return applyPage(&state, list, PageRequest(offset: 0, limit: state.engineFacts.listLimit, purpose: .arrivals))
    }
    let firstPoll = state.sync.lastGoodPoll == nil
    let wasEmpty = state.table.items.isEmpty
    markGoodRead(&state, list)
    state.sync.listing = .capped
    state.sync.total = nil
    let capped = list.items.count + list.skipped >= state.engineFacts.listLimit
    state.sync.capped = capped
    let arrived = mergeListing(&state, list.items, complete: !capped, initial: !state.sync.firstReadsDone)
    noteJulyListing(&state, list)
    followCappedArrivals(&state, listed: list.items.count, arrived: arrived, capped: capped)
    return afterRead(&state, wasEmpty: wasEmpty, firstPoll: firstPoll)
}

/// Schedules the next read of a capped list from what the last one brought.
///
/// The list shows 50, and the July Redis store the 50 newest requests ever written: arrivals
/// that scroll past it between two reads are never listed. So it is read a few times an
/// interval; at once again while answers are mostly requests never seen (a burst), sooner while
/// they bring any (the first reads, or the tail of a burst). An answer of nothing but new
/// requests after the first reads means some may have gone by unseen: the header says so.
func followCappedArrivals(_ state: inout ConsoleState, listed: Int, arrived: Int, capped: Bool) {
    var sync = state.sync
    if sync.firstReadsDone, capped, arrived > 0, arrived == listed { sync.outranAt = state.now }
    if capped, arrived > 0 {
        sync.fastPollsLeft = sync.discoveryPolls
    } else if sync.fastPollsLeft > 0 {
        sync.fastPollsLeft -= 1
    }
    if sync.fastPollsLeft == 0 { sync.firstReadsDone = true }
    var next = state.pollInterval / max(1, sync.cappedReadsPerInterval)
    if sync.fastPollsLeft > 0 { next = min(next, sync.discoveryInterval) }
    if arrived * 2 > listed { next = min(next, sync.burstInterval) }
    state.sync = sync
    state.sync.nextPollAt = state.now.addingTimeInterval(next)
}

/// The bookkeeping of any good read of the newest requests: connection, schedule, counts.
func markGoodRead(_ state: inout ConsoleState, _ list: PendingList) {
    state.sync.pollInFlight = false
    state.sync.pollStartedAt = nil
    state.sync.failedPolls = 0
    state.sync.connection = .connected
    // A line about the engine not answering is over once it answers (a retry's own answer says more).
    if state.status?.clearsWhenConnected == true { state.status = nil }
    state.sync.lastGoodPoll = state.now
    state.sync.nextPollAt = state.now.addingTimeInterval(state.pollInterval)
    state.sync.skippedItems = list.skipped
}

/// What follows every read that may have changed rows: the title, refetches, checks and the bell.
func afterRead(_ state: inout ConsoleState, wasEmpty: Bool, firstPoll: Bool) -> [Effect] {
    var effects = titleEffect(state)
    // Recovered decisions whose check failed are asked about again once the engine answers.
    effects += state.pipeline.takeLookupsDue().map { .fetchItem(id: $0) }
    effects += scheduleChecks(&state)
    if state.bell, wasEmpty, !firstPoll, !state.table.items.isEmpty { effects.append(.bell) }
    return effects
}

