import Foundation

// MARK: - Polling

func startPoll(_ state: inout ConsoleState) -> [Effect] {
    state.pollInFlight = true
    state.pollStartedAt = state.now
    state.nextPollAt = nil
    return [.fetchPending]
}

/// A failed poll: the header says why, the last list stays, the next poll backs off.
func pollFailed(_ state: inout ConsoleState, _ error: EngineError) {
    state.pollInFlight = false
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

/// Applies a good poll: the listed pending requests replace the old ones.
///
/// When no request that stays has changed and the filter, tenants and sort are what the
/// order was computed from, the order is kept: requests that left are dropped from it and
/// arrivals are sorted among themselves and merged in. Otherwise everything is sorted again.
func applyPoll(_ state: inout ConsoleState, _ list: PendingList) -> [Effect] {
    let firstPoll = state.lastGoodPoll == nil
    let wasEmpty = state.table.items.isEmpty
    state.pollInFlight = false
    state.pollStartedAt = nil
    state.failedPolls = 0
    state.connection = .connected
    state.lastGoodPoll = state.now
    state.nextPollAt = state.now.addingTimeInterval(state.pollInterval)
    state.skippedItems = list.skipped
    state.lastListCount = list.items.count
    state.engineTotal = list.total

    let oldOrder = state.table.order
    let oldCursor = state.table.cursorID
    let oldCursorIndex = state.cursorIndex
    let oldItems = state.table.items
    var fresh: [String: ReviewRequest] = [:]
    fresh.reserveCapacity(list.items.count)
    for item in list.items where item.status == .pending && !state.table.resolved.contains(item.id) {
        fresh[item.id] = item
        if state.table.firstSeen[item.id] == nil {
            state.table.firstSeen[item.id] = firstPoll ? .distantPast : state.now
        }
    }
    // Forget what the engine no longer lists; marks on rows that left drop away silently.
    if !state.table.resolved.isEmpty {
        let listed = Set(list.items.map(\.id))
        state.table.resolved = state.table.resolved.intersection(listed)
    }
    // Every listed ID now has a first-seen time: any more are of requests that left.
    if state.table.firstSeen.count != fresh.count { state.table.firstSeen = state.table.firstSeen.filter { fresh[$0.key] != nil } }
    // A request with a decision on its way stays until the engine answers.
    var departed = false
    for (id, item) in oldItems where fresh[id] == nil {
        if state.pendingDecision(id) != nil {
            fresh[id] = item
        } else {
            departed = true
        }
    }
    if !state.table.marks.isEmpty { state.table.marks = state.table.marks.filter { fresh[$0] != nil } }

    // Fold the searchable text of new and changed requests; unchanged ones keep theirs.
    var arrivals: [ReviewRequest] = []
    var changed = false
    for (id, item) in fresh {
        if let old = oldItems[id] {
            guard old != item else { continue }
            changed = true
        } else {
            arrivals.append(item)
        }
        state.table.index(id, item)
    }
    if departed {
        for id in oldItems.keys where fresh[id] == nil { state.table.index(id, nil) }
    }
    state.table.items = fresh

    if !changed, state.table.caches.orderBasis == OrderBasis(state) {
        let visibility = Visibility(state)
        var order = oldOrder
        if departed { order.removeAll { fresh[$0] == nil } }
        let shown = arrivals.filter { visibility.shows($0) }
        if !shown.isEmpty { order = merged(order, shown, state) }
        reorder(&state, order, previousOrder: oldOrder, previousCursor: oldCursor, previousIndex: oldCursorIndex,
                shown: { fresh[$0] != nil })
    } else {
        resort(&state, previousOrder: oldOrder, previousCursor: oldCursor, previousIndex: oldCursorIndex)
    }
    // Keys by position for the next filter keystroke (the poll may have replaced keys).
    state.table.rememberKeysOfOrder()
    var effects = titleEffect(state)
    // Recovered decisions whose check failed are asked about again once the engine answers.
    effects += state.pipeline.conflictRefetch.sorted().map { .fetchItem(id: $0) }
    state.pipeline.conflictRefetch.removeAll()
    let unasked = state.pipeline.recovering.keys.filter { !state.pipeline.recoveryAsked.contains($0) }.sorted()
    state.pipeline.recoveryAsked.formUnion(unasked)
    effects += unasked.map { .fetchItem(id: $0) }
    if state.bell, wasEmpty, !firstPoll, !fresh.isEmpty { effects.append(.bell) }
    return effects
}

/// Removes answered requests; the others keep their order.
///
/// Each request is found in the order by binary search and removed in place, and the cursor
/// moves to its neighbour from the positions alone: no copy and no set of the whole order.
func removeItems(_ state: inout ConsoleState, _ ids: [String]) {
    guard ids.contains(where: { state.table.items[$0] != nil }) else { return }
    let cursorIndex = state.cursorIndex
    let positions = orderPositions(of: ids, in: state)
    for id in ids where state.table.items.removeValue(forKey: id) != nil {
        state.table.firstSeen[id] = nil
        state.table.marks.remove(id)
        state.table.index(id, nil)
    }
    var keyed = state.table.caches.keyedOrder.keys(for: state.table.order)
    state.table.remember(KeyedOrder())
    for position in positions.reversed() {
        state.table.order.remove(at: position)
        keyed?.remove(at: position)
    }
    if let keyed { state.table.remember(KeyedOrder(order: state.table.order, keys: keyed)) }
    guard !state.table.order.isEmpty else {
        state.table.cursorID = nil
        state.table.scrollTop = 0
        return
    }
    if let index = cursorIndex {
        // Where the cursor's row was, the next row that stays now is; else the one before.
        if positions.contains(index) {
            let next = index - positions.prefix { $0 < index }.count
            state.table.cursorID = state.table.order[min(next, state.table.order.count - 1)]
        }
    } else {
        state.table.cursorID = state.table.order.first
    }
    keepCursorVisible(&state)
}

/// Where the given requests are in the order, ascending (those not in it are left out).
///
/// When the order is exactly the shown requests, a hidden one is known not to be in it.
func orderPositions(of ids: [String], in state: ConsoleState) -> [Int] {
    let visibility = state.table.caches.orderBasis == OrderBasis(state) ? Visibility(state) : nil
    let found = ids.compactMap { id -> Int? in
        if let visibility, let item = state.table.items[id], !visibility.shows(item) { return nil }
        return state.position(of: id, in: state.table.order)
    }
    return Set(found).sorted()
}
