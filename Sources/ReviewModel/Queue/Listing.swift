import Foundation

// MARK: - Listings

/// Folds what a list answer showed into the table; returns how many rows arrived.
///
/// Listed pending requests are added (up to ``QueueSync/maxRequests``, the oldest first) or
/// refreshed; a listed request that is no longer pending leaves. Only a `complete` answer (one
/// that lists everything the engine has) says anything about rows it leaves out: they leave.
/// Rows keep their places: arrivals are merged into the order and departures cut out of it;
/// everything is sorted again only when the filter or sort changed or a request's fields did.
/// `initial` marks rows found by the first read, which are not highlighted as new.
@discardableResult
func mergeListing(_ state: inout ConsoleState, _ listed: [ReviewRequest], complete: Bool, initial: Bool) -> Int {
    var arrivals: [ReviewRequest] = []
    var departures: [String] = []
    var changed = false
    var seen = Set<String>(minimumCapacity: listed.count)
    // The first listing of an ID counts (as the decoder keeps the first of duplicates).
    for item in listed where !state.table.resolved.contains(item.id) && seen.insert(item.id).inserted {
        let known = state.table.items[item.id]
        if item.status != .pending {
            if let known, state.pendingDecision(item.id) == nil {
                departures.append(item.id)
                state.recordDeparture(known, answer: item)
            }
            continue
        }
        guard let known else {
            arrivals.append(item)
            continue
        }
        guard known != item else { continue }
        state.table.items[item.id] = item
        state.table.index(item.id, item)
        changed = true
    }
    if complete {
        let ids = Set(listed.map(\.id))
        var unexplained: [ReviewRequest] = []
        // With several engines a list speaks only for its own engine's rows.
        for (id, row) in state.table.items where !ids.contains(id) && state.isLentEngine(row) && state.pendingDecision(id) == nil {
            departures.append(id)
            unexplained.append(row)
        }
        state.recordUnexplained(unexplained)
        // IDs this console resolved are forgotten once the engine no longer lists them.
        if !state.table.resolved.isEmpty {
            if state.engines.isMulti {
                state.table.resolved = state.table.resolved.filter { ids.contains($0) || !state.isLentEngine(key: $0) }
            } else {
                state.table.resolved.formIntersection(ids)
            }
        }
    }
    // Departures first: a cursor whose row left goes to the next row that was there before.
    // The scroll position is the one before the read, kept where the cursor allows.
    let top = state.table.scrollTop
    if !departures.isEmpty { removeItems(&state, departures) }
    arrivals = admitted(state, arrivals)
    insert(&state, arrivals, changed: changed, initial: initial)
    trimToMax(&state)
    if state.table.scrollTop != top {
        state.table.scrollTop = top
        keepCursorVisible(&state)
    }
    return arrivals.count
}

/// The arrivals there is room for under ``QueueSync/maxRequests``: the oldest of them.
func admitted(_ state: ConsoleState, _ arrivals: [ReviewRequest]) -> [ReviewRequest] {
    let room = state.sync.maxRequests - state.lentEngineRows
    guard arrivals.count > room else { return arrivals }
    guard room > 0 else { return [] }
    let oldestFirst = arrivals.sorted { sortsBefore($0, $1, by: .age, reversed: false) }
    return Array(oldestFirst.prefix(room))
}

/// Adds arrivals to the table and its order, keeping every row that stays where it is.
func insert(_ state: inout ConsoleState, _ arrivals: [ReviewRequest], changed: Bool, initial: Bool) {
    // Settings that changed since the order was computed (the tenant limit) apply on a read too.
    let basisKept = state.table.caches.orderBasis == OrderBasis(state)
    guard !arrivals.isEmpty || changed || !basisKept else { return }
    let oldOrder = state.table.order
    let oldCursor = state.table.cursorID
    let oldCursorIndex = state.cursorIndex
    // A batch's first checks are spread back over the check budget (a tenth of a second a row at
    // 10 GETs a second), so they fall due in turn and the first round is as timely as later ones.
    let spacing = 1 / Double(max(1, state.sync.maxChecksPerSecond))
    for (turn, item) in arrivals.enumerated() {
        state.table.items[item.id] = item
        state.table.index(item.id, item)
        state.table.firstSeen[item.id] = initial ? .distantPast : state.now
        let spread = min(state.sync.recheckAfter, Double(turn) * spacing)
        state.sync.lastChecked[item.id] = state.now.addingTimeInterval(-spread)
        if state.sync.checkArrivals, state.sync.listing == .capped { state.sync.doubt.insert(item.id) }
    }
    if !changed, basisKept {
        let visibility = Visibility(state)
        let shown = arrivals.filter { visibility.shows($0) }
        var order = oldOrder
        if !shown.isEmpty { order = merged(order, shown, state) }
        reorder(&state, order, previousOrder: oldOrder, previousCursor: oldCursor, previousIndex: oldCursorIndex,
                shown: { _ in true })
    } else {
        resort(&state, previousOrder: oldOrder, previousCursor: oldCursor, previousIndex: oldCursorIndex)
    }
    // While the first reads bring the queue in, a selection still on the first row stays there:
    // the reviewer starts on the request that has waited longest, not wherever older rows pushed it.
    if initial, (oldCursorIndex ?? 0) == 0, let first = state.table.order.first {
        state.table.cursorID = first
        state.table.scrollTop = 0
    }
    // Oldest first: the agent that has waited longest is named first.
    for item in arrivals.sorted(by: { sortsBefore($0, $1, by: .age, reversed: false) }) {
        state.recordArrival(item, initial: initial)
    }
    // Keys by position for the next filter keystroke (the read may have replaced keys).
    state.table.rememberKeysOfOrder()
}

/// Keeps the oldest ``QueueSync/maxRequests`` rows when a read found older ones than those held.
///
/// Rows with a decision on its way are never dropped.
func trimToMax(_ state: inout ConsoleState) {
    let excess = state.lentEngineRows - state.sync.maxRequests
    guard excess > 0 else { return }
    let newestFirst = state.table.items.values
        .filter { state.isLentEngine($0) && state.pendingDecision($0.id) == nil }
        .sorted { sortsBefore($1, $0, by: .age, reversed: false) }
    removeItems(&state, newestFirst.prefix(excess).map(\.id))
}

// MARK: - Departures

/// Removes answered requests; the others keep their order.
///
/// Each request is found in the order by binary search and removed in place, and the cursor
/// moves to its neighbour from the positions alone: no copy and no set of the whole order.
func removeItems(_ state: inout ConsoleState, _ ids: [String]) {
    guard ids.contains(where: { state.table.items[$0] != nil }) else { return }
    let cursorIndex = state.cursorIndex
    let positions = orderPositions(of: ids, in: state)
    state.sync.forget(ids)
    var removed = 0
    for id in ids where state.table.items.removeValue(forKey: id) != nil {
        removed += 1
        state.table.firstSeen[id] = nil
        state.table.marks.remove(id)
        state.table.index(id, nil)
    }
    state.sync.noteRemovals(removed, at: state.now)
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
