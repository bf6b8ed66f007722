import Foundation

// MARK: - Polling

/// Sends the poll that is due: the newest page on a paging engine, the list on any other.
func startPoll(_ state: inout ConsoleState) -> [Effect] {
    state.pollInFlight = true
    state.pollStartedAt = state.now
    state.nextPollAt = nil
    guard state.sync.listing == .paged else { return [.fetchPending] }
    let offset = state.sync.arrivalsOffset ?? 0
    return [.fetchPage(PageRequest(offset: offset, limit: state.sync.arrivalsLimit, purpose: .arrivals))]
}

/// A failed poll: the header says why, the last list stays, the next poll backs off.
func pollFailed(_ state: inout ConsoleState, _ error: EngineError) {
    state.pollInFlight = false
    state.sync.arrivalsOffset = nil
    state.pollStartedAt = nil
    state.failedPolls += 1
    switch error {
    case .unauthorized: state.connection = .unauthorized
    case .misconfigured: state.connection = .misconfigured
    default: state.connection = .reconnecting(reason: error.message(engine: state.engineLabel))
    }
    state.nextPollAt = state.now.addingTimeInterval(pollBackoff(failures: state.failedPolls, interval: state.pollInterval))
}

/// Seconds until the next poll after `failures` consecutive failures: 1 s doubling to 15 s.
package func pollBackoff(failures: Int, interval: TimeInterval) -> TimeInterval {
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
        return applyPage(&state, list, PageRequest(offset: 0, limit: state.engineListLimit, purpose: .arrivals))
    }
    let firstPoll = state.lastGoodPoll == nil
    let wasEmpty = state.table.items.isEmpty
    markGoodRead(&state, list)
    state.sync.listing = .capped
    state.sync.total = nil
    let capped = list.items.count + list.skipped >= state.engineListLimit
    state.sync.capped = capped
    let arrived = mergeListing(&state, list.items, complete: !capped, initial: firstPoll)
    noteJulyListing(&state, list)
    // A full answer that brought rows not seen before: ask again soon, the rest of the queue is out there.
    if capped, arrived > 0 {
        state.sync.fastPollsLeft = state.sync.discoveryPolls
    } else if state.sync.fastPollsLeft > 0 {
        state.sync.fastPollsLeft -= 1
    }
    if state.sync.fastPollsLeft > 0 {
        state.nextPollAt = state.now.addingTimeInterval(min(state.pollInterval, state.sync.discoveryInterval))
    }
    return afterRead(&state, wasEmpty: wasEmpty, firstPoll: firstPoll)
}

/// The bookkeeping of any good read of the newest requests: connection, schedule, counts.
func markGoodRead(_ state: inout ConsoleState, _ list: PendingList) {
    state.pollInFlight = false
    state.pollStartedAt = nil
    state.failedPolls = 0
    state.connection = .connected
    state.lastGoodPoll = state.now
    state.nextPollAt = state.now.addingTimeInterval(state.pollInterval)
    state.skippedItems = list.skipped
}

/// What follows every read that may have changed rows: the title, refetches, checks and the bell.
func afterRead(_ state: inout ConsoleState, wasEmpty: Bool, firstPoll: Bool) -> [Effect] {
    var effects = titleEffect(state)
    // Recovered decisions whose check failed are asked about again once the engine answers.
    effects += state.pipeline.conflictRefetch.sorted().map { .fetchItem(id: $0) }
    state.pipeline.conflictRefetch.removeAll()
    let unasked = state.pipeline.recovering.keys.filter { !state.pipeline.recoveryAsked.contains($0) }.sorted()
    state.pipeline.recoveryAsked.formUnion(unasked)
    effects += unasked.map { .fetchItem(id: $0) }
    effects += scheduleChecks(&state)
    if state.bell, wasEmpty, !firstPoll, !state.table.items.isEmpty { effects.append(.bell) }
    return effects
}

