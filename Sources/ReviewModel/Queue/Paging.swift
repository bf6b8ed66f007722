import Foundation

// MARK: - Paging (current engine)

// The current engine lists newest first, `limit` 1–500 at `offset`, with `total`. The newest
// page is read every poll, so an arrival shows on the next one. The whole queue is read again
// only when the newest page's `total` is not what the console can account for (rows held, give
// or take the decisions on their way and rows that left while the page was read): then
// something left elsewhere, expired, or arrived where the newest page does not reach. A row that
// a whole read did not list is checked with GET before it leaves (Redis pages can skip and
// repeat items as the queue shifts). A slow read, one page every `safetyPageEvery` seconds,
// keeps going through the queue all the same: Redis counts an expired request in `total` until
// a page reaches it (docs/engines.md#current-list), so only a read that passes it can find it.

/// Applies one page of the current engine's list.
func applyPage(_ state: inout ConsoleState, _ list: PendingList, _ page: PageRequest) -> [Effect] {
    let firstPoll = state.sync.lastGoodPoll == nil
    let wasEmpty = state.table.items.isEmpty
    // When the page was asked for: rows that left since may still be counted in its `total`.
    let sentAt = state.sync.pollStartedAt ?? state.now
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
            state.sync.nextSweepAt = nil
            state.sync.unexplainedReads = 0
        } else if state.sync.arrivalsOffset == nil || !state.sync.firstSweepDone {
            // The newest requests are all read (or the first read is due): does the count add up?
            judgeTotal(&state, sentAt: sentAt)
            effects += sweepIfDue(&state)
        }
    case .sweep:
        guard state.sync.sweep != nil else { return [] }
        let arrived = mergeListing(&state, list.items, complete: complete, initial: initial)
        state.sync.sweep?.found += arrived
        effects += continueSweep(&state, list, page)
    }
    return effects + afterRead(&state, wasEmpty: wasEmpty, firstPoll: firstPoll)
}

/// After an arrivals page: when every row on a full page was new, more arrived than a page
/// holds, so the next page is read at once; otherwise the next poll reads the newest page again.
func followArrivals(_ state: inout ConsoleState, _ list: PendingList, _ page: PageRequest, arrived: Int) {
    let full = list.items.count + list.skipped >= page.limit
    let room = state.lentEngineRows < state.sync.maxRequests
    if full, arrived == list.items.count, arrived > 0, room {
        state.sync.arrivalsOffset = page.offset + page.limit
        state.sync.nextPollAt = state.now
    } else {
        state.sync.arrivalsOffset = nil
    }
}

// MARK: - The arithmetic

/// What the newest page's `total` says about the rows held.
enum TotalVerdict: Equatable {
    /// It is exactly the rows held: nothing left or arrived unseen.
    case holds
    /// It is off by no more than decisions on their way and rows that left while it was read.
    case unsure
    /// It cannot be the rows held: something left, expired or arrived where the console did not look.
    case off
}

/// Compares `total` with the rows held, allowing for what the console cannot yet know.
///
/// Below: this console's decisions not yet answered (the engine may have applied them) and rows
/// in doubt (a read already missed them). Above: rows that left the table since the page was
/// asked for (the engine may have counted them still).
func totalVerdict(_ state: ConsoleState, total: Int, sentAt: Date) -> TotalVerdict {
    let held = state.lentEngineRows
    if total == held { return .holds }
    let low = held - state.lentEngineUnsent - state.sync.doubt.count
    let high = held + state.sync.removals(since: sentAt)
    return (low...max(low, high)).contains(total) ? .unsure : .off
}

/// Judges the newest page's `total`; when it does not add up, a whole-queue read is due.
///
/// The first read, and a queue longer than ``QueueSync/maxRequests`` (its newer rows are not
/// held, so nothing can be accounted for), are read whole every ``QueueSync/sweepEvery`` seconds.
func judgeTotal(_ state: inout ConsoleState, sentAt: Date) {
    guard let total = state.sync.total else { return }
    var sync = state.sync
    defer { state.sync = sync }
    if !sync.firstSweepDone || total > sync.maxRequests {
        if sync.sweep.map(\.paced) ?? true, sync.nextSweepAt == nil {
            sync.nextSweepAt = sync.firstSweepDone ? state.now.addingTimeInterval(sync.sweepEvery) : state.now
        }
        return
    }
    switch totalVerdict(state, total: total, sentAt: sentAt) {
    case .holds:
        sync.unexplainedReads = 0
        // A read asked for by a count that now adds up is not needed.
        if sync.sweep == nil || sync.sweep?.paced == true { sync.nextSweepAt = nil }
    case .unsure:
        break
    case .off:
        guard sync.nextSweepAt == nil, sync.sweep.map(\.paced) ?? true else { return }
        // Reads that did not make the count add up are spaced further apart, up to a minute.
        let gap = min(sync.maxSweepGap, sync.sweepGap * pow(2, Double(min(sync.unexplainedReads, 6))))
        let earliest = sync.lastSweepEndedAt?.addingTimeInterval(gap) ?? state.now
        sync.nextSweepAt = max(state.now, earliest)
    }
}

// MARK: - Whole-queue reads

/// Starts or continues a whole-queue read when one is due (called on every tick).
///
/// A read the count asked for goes page after page; the slow read sends one page every
/// ``QueueSync/safetyPageEvery`` seconds and gives way to the other.
func sweepIfDue(_ state: inout ConsoleState) -> [Effect] {
    guard state.sync.listing == .paged, state.sync.connection == .connected else { return [] }
    if state.sync.sweep?.inFlight == true { return [] }
    if let due = state.sync.nextSweepAt, state.now >= due {
        return startSweep(&state, paced: false)
    }
    guard state.sync.firstSweepDone, let due = state.sync.nextSafetyAt, state.now >= due else { return [] }
    // A queue that fits on the newest page is read whole every poll.
    guard let total = state.sync.total, total > state.sync.arrivalsLimit else {
        state.sync.nextSafetyAt = state.now.addingTimeInterval(state.sync.safetyPageEvery)
        return []
    }
    guard state.sync.sweep != nil else { return startSweep(&state, paced: true) }
    state.sync.nextSafetyAt = nil
    return sendSweepPage(&state)
}

/// Begins a read of the whole queue, or of its oldest ``QueueSync/maxRequests`` when it is longer.
func startSweep(_ state: inout ConsoleState, paced: Bool) -> [Effect] {
    let total = state.sync.total ?? 0
    let offset = max(0, total - state.sync.maxRequests)
    state.sync.sweep = QueueSync.Sweep(startedAt: state.now, offset: offset, paced: paced, pageSentAt: state.now)
    if !paced { state.sync.nextSweepAt = nil }
    state.sync.nextSafetyAt = nil
    if !paced { state.sync.sweepsStarted += 1 }
    return sendSweepPage(&state)
}

/// Sends a read's next page.
///
/// It starts where the last one ended, less the rows that left the table since that one was
/// sent (they moved the rest up): pages overlap rather than skip a row.
func sendSweepPage(_ state: inout ConsoleState) -> [Effect] {
    guard var sweep = state.sync.sweep else { return [] }
    if sweep.pages > 0 {
        let shifted = state.sync.removals(since: sweep.pageSentAt)
        sweep.offset = max(sweep.lastOffset + 1, sweep.offset - shifted)
    }
    sweep.lastOffset = sweep.offset
    sweep.inFlight = true
    sweep.pageSentAt = state.now
    state.sync.sweep = sweep
    return [.fetchPage(PageRequest(offset: sweep.offset, limit: state.sync.sweepLimit, purpose: .sweep))]
}

/// Takes a read's page: asks for the next one (the slow read: later), or ends the read when
/// the engine has no more.
func continueSweep(_ state: inout ConsoleState, _ list: PendingList, _ page: PageRequest) -> [Effect] {
    guard var sweep = state.sync.sweep else { return [] }
    sweep.seen.formUnion(list.items.map(\.id))
    sweep.pages += 1
    sweep.inFlight = false
    sweep.offset = page.offset + page.limit
    state.sync.sweep = sweep
    let total = list.total ?? state.sync.total ?? 0
    // Bounded: a queue that keeps shifting cannot keep a read going for ever.
    let pageCap = state.sync.maxRequests / max(1, state.sync.sweepLimit) + 4
    if list.items.isEmpty || sweep.offset >= total || sweep.pages >= pageCap {
        finishSweep(&state)
        return []
    }
    if sweep.paced {
        state.sync.nextSafetyAt = state.now.addingTimeInterval(state.sync.safetyPageEvery)
        return []
    }
    return sendSweepPage(&state)
}

/// Ends a read: rows held since before it that no page listed are in doubt, to be checked.
func finishSweep(_ state: inout ConsoleState) {
    guard let sweep = state.sync.sweep else { return }
    state.sync.sweep = nil
    state.sync.firstSweepDone = true
    state.sync.lastSweepEndedAt = state.now
    state.sync.nextSafetyAt = state.now.addingTimeInterval(state.sync.safetyPageEvery)
    var found = sweep.found
    for (id, seen) in state.table.firstSeen where seen <= sweep.startedAt && !sweep.seen.contains(id) {
        guard state.pendingDecision(id) == nil, !state.sync.checking.contains(id) else { continue }
        if state.sync.doubt.insert(id).inserted { found += 1 }
    }
    // A read that found nothing did not explain the count: the next one waits longer.
    if !sweep.paced { state.sync.unexplainedReads = found == 0 ? state.sync.unexplainedReads + 1 : 0 }
}

/// A failed page of a whole-queue read: the read stops and rows stay; a read the count asked
/// for is tried again after ``QueueSync/sweepEvery``, the slow read goes on at its pace.
func sweepPageFailed(_ state: inout ConsoleState) {
    let paced = state.sync.sweep?.paced ?? true
    state.sync.sweep = nil
    if !paced { state.sync.nextSweepAt = state.now.addingTimeInterval(state.sync.sweepEvery) }
    state.sync.nextSafetyAt = state.now.addingTimeInterval(state.sync.safetyPageEvery)
}
