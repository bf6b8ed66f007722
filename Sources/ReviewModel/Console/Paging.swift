import Foundation

// MARK: - Paging (current engine)

// The current engine lists newest first, `limit` 1–500 at `offset`, with `total`. The newest
// page is read every poll, so an arrival shows on the next one; the whole queue is read again
// every `sweepEvery` seconds, a page at a time, and a row that a whole read did not list is
// checked with GET before it leaves (Redis pages can skip and repeat items as the queue shifts).

/// Applies one page of the current engine's list.
func applyPage(_ state: inout ConsoleState, _ list: PendingList, _ page: PageRequest) -> [Effect] {
    let firstPoll = state.sync.lastGoodPoll == nil
    let wasEmpty = state.table.items.isEmpty
    state.sync.listing = .paged
    state.sync.capped = false
    if let total = list.total { state.sync.total = total }
    // Everything the engine has is on this page: rows it leaves out have left.
    let complete = page.offset == 0 && list.items.count + list.skipped >= (list.total ?? Int.max)
    let initial = firstPoll || !state.sync.firstSweepDone
    var effects: [Effect] = []
    switch page.purpose {
    case .arrivals:
        markGoodRead(&state, list)
        let arrived = mergeListing(&state, list.items, complete: complete, initial: initial)
        state.sync.sweep?.seen.formUnion(list.items.map(\.id))
        followArrivals(&state, list, page, arrived: arrived)
        if complete {
            // Nothing beyond the first page: no whole-queue read is needed.
            state.sync.firstSweepDone = true
        } else if state.sync.sweep == nil, state.sync.nextSweepAt == nil {
            effects += startSweep(&state)
        }
    case .sweep:
        guard state.sync.sweep != nil else { return [] }
        mergeListing(&state, list.items, complete: complete, initial: initial)
        effects += continueSweep(&state, list, page)
    }
    return effects + afterRead(&state, wasEmpty: wasEmpty, firstPoll: firstPoll)
}

/// After an arrivals page: when every row on a full page was new, more arrived than a page
/// holds, so the next page is read at once; otherwise the next poll reads the newest page again.
func followArrivals(_ state: inout ConsoleState, _ list: PendingList, _ page: PageRequest, arrived: Int) {
    let full = list.items.count + list.skipped >= page.limit
    let room = state.table.items.count < state.sync.maxRequests
    if full, arrived == list.items.count, arrived > 0, room {
        state.sync.arrivalsOffset = page.offset + page.limit
        state.sync.nextPollAt = state.now
    } else {
        state.sync.arrivalsOffset = nil
    }
}

// MARK: - Whole-queue reads

/// Starts a whole-queue read when one is due (called on every tick).
func sweepIfDue(_ state: inout ConsoleState) -> [Effect] {
    guard state.sync.listing == .paged, state.sync.sweep == nil, state.sync.connection == .connected,
          let due = state.sync.nextSweepAt, state.now >= due
    else { return [] }
    // A queue that fits on the newest page is read whole every poll.
    if let total = state.sync.total, total < state.sync.arrivalsLimit, state.sync.firstSweepDone {
        state.sync.nextSweepAt = state.now.addingTimeInterval(state.sync.sweepEvery)
        return []
    }
    return startSweep(&state)
}

/// Begins a read of the whole queue, or of its oldest ``QueueSync/maxRequests`` when it is longer.
func startSweep(_ state: inout ConsoleState) -> [Effect] {
    let total = state.sync.total ?? 0
    let offset = max(0, total - state.sync.maxRequests)
    state.sync.sweep = QueueSync.Sweep(startedAt: state.now, offset: offset, inFlight: true)
    state.sync.nextSweepAt = nil
    return [.fetchPage(PageRequest(offset: offset, limit: state.sync.sweepLimit, purpose: .sweep))]
}

/// Asks for the next page of a read, or ends it when the engine has no more.
func continueSweep(_ state: inout ConsoleState, _ list: PendingList, _ page: PageRequest) -> [Effect] {
    guard var sweep = state.sync.sweep else { return [] }
    sweep.seen.formUnion(list.items.map(\.id))
    sweep.pages += 1
    sweep.inFlight = false
    let total = list.total ?? state.sync.total ?? 0
    let next = page.offset + page.limit
    // Bounded: a queue that keeps shifting cannot keep a read going for ever.
    let pageCap = state.sync.maxRequests / max(1, state.sync.sweepLimit) + 4
    if list.items.isEmpty || next >= total || sweep.pages >= pageCap {
        state.sync.sweep = sweep
        finishSweep(&state)
        return []
    }
    sweep.offset = next
    sweep.inFlight = true
    state.sync.sweep = sweep
    return [.fetchPage(PageRequest(offset: next, limit: state.sync.sweepLimit, purpose: .sweep))]
}

/// Ends a read: rows held since before it that no page listed are in doubt, to be checked.
func finishSweep(_ state: inout ConsoleState) {
    guard let sweep = state.sync.sweep else { return }
    state.sync.sweep = nil
    state.sync.firstSweepDone = true
    state.sync.nextSweepAt = state.now.addingTimeInterval(state.sync.sweepEvery)
    for (id, seen) in state.table.firstSeen where seen <= sweep.startedAt && !sweep.seen.contains(id) {
        guard state.pendingDecision(id) == nil, !state.sync.checking.contains(id) else { continue }
        state.sync.doubt.insert(id)
    }
}
