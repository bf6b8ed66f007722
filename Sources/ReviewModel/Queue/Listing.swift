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
        state.table.refresh(item)
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
        // IDs this console resolved are forgotten once their engine no longer lists them (with
        // several engines a list speaks only for its own engine's IDs).
        let kept = state.table.resolved.filter { ids.contains($0) || !state.isLentEngine(key: $0) }
        state.table.keepResolved(kept)
    }
    // Departures first: a cursor whose row left goes to the next row that was there before.
    // The scroll position is the one before the read, kept where the cursor allows.
    let top = state.table.scrollTop
    if !departures.isEmpty { removeItems(&state, departures) }
    arrivals = admitted(state, arrivals)
    insert(&state, arrivals, changed: changed, initial: initial)
    trimToMax(&state)
    state.table.restoreScroll(top, rows: state.tableRows)
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

/// Adds arrivals to the table and its order (``QueueTable/admit(_:changed:initial:now:tenants:rows:)``),
/// schedules their first checks and records them for the feed.
func insert(_ state: inout ConsoleState, _ arrivals: [ReviewRequest], changed: Bool, initial: Bool) {
    guard state.table.admit(arrivals, changed: changed, initial: initial, now: state.now, tenants: state.tenants,
                            rows: state.tableRows)
    else { return }
    // A batch's first checks are spread back over the check budget (a tenth of a second a row at
    // 10 GETs a second), so they fall due in turn and the first round is as timely as later ones.
    let spacing = 1 / Double(max(1, state.sync.maxChecksPerSecond))
    for (turn, item) in arrivals.enumerated() {
        let spread = min(state.sync.recheckAfter, Double(turn) * spacing)
        state.sync.lastChecked[item.id] = state.now.addingTimeInterval(-spread)
        if state.sync.checkArrivals, state.sync.listing == .capped { state.sync.doubt.insert(item.id) }
    }
    // Oldest first: the agent that has waited longest is named first.
    for item in arrivals.sorted(by: { sortsBefore($0, $1, by: .age, reversed: false) }) {
        state.recordArrival(item, initial: initial)
    }
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

/// Removes answered requests from the table (``QueueTable/remove(_:tenants:rows:)``) and
/// forgets what the sync kept about them.
func removeItems(_ state: inout ConsoleState, _ ids: [String]) {
    let removed = state.table.remove(ids, tenants: state.tenants, rows: state.tableRows)
    guard removed > 0 else { return }
    state.sync.forget(ids)
    state.sync.noteRemovals(removed, at: state.now)
}
