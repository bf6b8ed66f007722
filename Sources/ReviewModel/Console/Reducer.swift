import Foundation

// MARK: - Reducer

/// The console's one reducer: applies an event to the state and returns the work to do.
///
/// The focused screen (note editor, filter, confirmation, help) sees a key first; the
/// queue or history view handles the rest. Decisions live in `Reducer+Decisions.swift`.
package func reduce(_ state: inout ConsoleState, _ event: Event) -> [Effect] {
    switch event {
    case .started(let now):
        state.now = now
        state.probing = true
        var effects = [Effect.probeEngine] + startPoll(&state)
        if !state.recovering.isEmpty {
            let n = state.recovering.count
            setStatus(&state, "checking \(n) decision\(n == 1 ? "" : "s") left unsent by the last session…", .info)
            state.recoveryAsked = Set(state.recovering.keys)
            effects += state.recovering.keys.sorted().map { .fetchItem(id: $0) }
        }
        return effects

    case .tick(let now):
        state.now = now
        var effects = releaseDueDecisions(&state)
        if let due = state.nextPollAt, now >= due, !state.pollInFlight {
            effects += startPoll(&state)
        }
        return effects

    case .resized(let size):
        state.size = size
        keepCursorVisible(&state)
        return []

    case .key(let key):
        return handleKey(&state, key)

    case .mouse(let input):
        guard state.mode == .queue else { return [] }
        switch input {
        case .wheelUp:
            if state.view == .history { return performInHistory(&state, .moveUp) }
            moveCursor(&state, by: -3)
        case .wheelDown:
            if state.view == .history { return performInHistory(&state, .moveDown) }
            moveCursor(&state, by: 3)
        case .click(let x, let y):
            let table = Layout(size: state.size, showDetail: state.showDetail).table
            guard state.view == .queue, x >= table.x, x < table.x + table.width,
                  y >= table.y, y < table.y + table.height
            else { return [] }
            let index = state.scrollTop + (y - table.y)
            if state.order.indices.contains(index) { state.cursorID = state.order[index] }
        }
        return []

    case .pollSucceeded(let list, let at):
        state.now = at
        var effects = applyPoll(&state, list)
        if state.engineProfile == nil, !state.probing {
            state.probing = true
            effects.append(.probeEngine)
        }
        return effects

    case .pollFailed(let error, let at):
        state.now = at
        state.pollInFlight = false
        state.pollStartedAt = nil
        state.failedPolls += 1
        switch error {
        case .unauthorized: state.connection = .unauthorized
        case .misconfigured: state.connection = .misconfigured
        default: state.connection = .reconnecting(reason: error.message(engine: state.engineLabel))
        }
        state.nextPollAt = at.addingTimeInterval(pollBackoff(failures: state.failedPolls, interval: state.pollInterval))
        return []

    case .decisionSucceeded(let id, _, let receipt, let at):
        state.now = at
        return decisionAnswered(&state, id: id, error: nil, receipt: receipt)

    case .engineProbed(let profile):
        state.probing = false
        // Probes that got no answer are asked again after the next good poll.
        state.engineProfile = profile.api == .unknown ? nil : profile
        return []

    case .decisionFailed(let id, _, let error, let at):
        state.now = at
        return decisionAnswered(&state, id: id, error: error)

    case .itemFetched(let item, let at):
        state.now = at
        return itemFetched(&state, item)

    case .itemFetchFailed(let id, let error, let at):
        state.now = at
        if let pending = state.recovering[id] {
            return recoveryFetchFailed(&state, pending, error: error)
        }
        if var pending = state.conflicts[id] {
            if error.isTransient, pending.fetchAttempts + 1 < maxAttempts {
                // Who won matters (ours from an earlier attempt, or someone else's): ask again later.
                pending.fetchAttempts += 1
                state.conflicts[id] = pending
                state.conflictRefetch.insert(id)
                return []
            }
            state.conflicts[id] = nil
            return finishConflict(&state, pending, status: nil, by: nil) + quitIfDone(&state)
        }
        if state.view == .history, currentHistoryID(state) == id {
            state.status = StatusMessage(error.message(engine: state.engineLabel), kind: .error, at: at)
        }
        return []

    case .journalFailed(let reason, let at):
        state.now = at
        setStatus(&state, "journal not written: \(reason)", .error)
        return []

    case .terminate:
        state.quitting = true
        return [.quit]
    }
}

// MARK: - Keys

/// Routes a key to the focused screen; the queue and history screens share the action table.
func handleKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    switch state.mode {
    case .note(var editor): handleEditorKey(&state, &editor, key)
    case .filter: handleFilterKey(&state, key)
    case .confirm(let confirmation): handleConfirmationKey(&state, confirmation, key)
    case .help: handleHelpKey(&state, key)
    case .queue: state.view == .history ? handleHistoryKey(&state, key) : handleQueueKey(&state, key)
    }
}

func itemFetched(_ state: inout ConsoleState, _ item: ReviewRequest) -> [Effect] {
    if let pending = state.recovering.removeValue(forKey: item.id) {
        state.recoveryAsked.remove(item.id)
        return recovered(&state, pending, item) + quitIfDone(&state)
    }
    if let pending = state.conflicts.removeValue(forKey: item.id) {
        return finishConflict(&state, pending, status: item.status, by: item.resolvedBy) + quitIfDone(&state)
    }
    if currentHistoryID(state) == item.id { state.historyItem = item }
    return []
}

// MARK: - Note editor

// MARK: - Filter

/// Sets the filter text and re-filters the table.
///
/// When the new filter can only hide rows (it extends the old one, or the old one was empty
/// and the order is exactly the sorted shown requests), the current order is filtered in
/// place: it is already sorted, so nothing is sorted again.
func setFilter(_ state: inout ConsoleState, _ text: String) {
    guard text != state.filter else { return }
    let old = state.filter
    let narrowing = !old.isEmpty && text.lowercased().contains(old.lowercased())
    let exact = state.orderBasis == OrderBasis(state)
    state.filter = text
    // Whether every request the new filter shows is shown now, so the filtered order is exact.
    let subset = exact && (old.isEmpty || extendsPrintably(old.lowercased(), to: text.lowercased()))
    guard narrowing || subset else {
        resort(&state, previousOrder: state.order, previousCursor: state.cursorID, previousIndex: state.cursorIndex)
        return
    }
    // One pass: the rows that stay, and the cursor's nearest staying neighbours on each side
    // (where it goes if its own row is filtered out), so nothing is looked up twice.
    let visibility = Visibility(state)
    let cursor = state.cursorIndex
    let keys = state.keyedOrder.keys(for: state.order) ?? state.order.map { visibility.key(id: $0) }
    var kept: [String] = []
    var keptKeys: [SearchKey?] = []
    kept.reserveCapacity(state.order.count)
    keptKeys.reserveCapacity(state.order.count)
    var cursorStays = false
    var after: String?
    var before: String?
    for (index, id) in state.order.enumerated() where visibility.shows(keys[index]) {
        kept.append(id)
        keptKeys.append(keys[index])
        guard let cursor else { continue }
        if index < cursor {
            before = id
        } else if index == cursor {
            cursorStays = true
        } else if after == nil {
            after = id
        }
    }
    state.order = kept
    state.keyedOrder = KeyedOrder(order: kept, keys: keptKeys)
    if kept.isEmpty {
        state.cursorID = nil
        state.scrollTop = 0
    } else if !cursorStays {
        state.cursorID = after ?? before ?? kept.first
    }
    keepCursorVisible(&state)
    state.orderBasis = subset ? OrderBasis(state) : nil
}

/// Whether `new` is `old` with printable ASCII typed after it: then whatever `new` matches
/// (a field containing it, an ID starting with it), `old` matches too.
func extendsPrintably(_ old: String, to new: String) -> Bool {
    let printable = { (byte: UInt8) in byte >= 0x20 && byte < 0x7F }
    return old.utf8.allSatisfy(printable) && new.utf8.allSatisfy(printable) && new.utf8.starts(with: old.utf8)
}

/// Whether a request matches the tenant limit and the filter text.
///
/// The ID matches by prefix, every other searchable field by substring, case-insensitively.
package func matches(_ item: ReviewRequest, filter: String, tenants: Set<String>) -> Bool {
    if !tenants.isEmpty, !tenants.contains(item.tenantID ?? "") { return false }
    guard !filter.isEmpty else { return true }
    return SearchKey(item).matches(FilterNeedle(filter))
}

// MARK: - Polling

func startPoll(_ state: inout ConsoleState) -> [Effect] {
    state.pollInFlight = true
    state.pollStartedAt = state.now
    state.nextPollAt = nil
    return [.fetchPending]
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
    let wasEmpty = state.items.isEmpty
    state.pollInFlight = false
    state.pollStartedAt = nil
    state.failedPolls = 0
    state.connection = .connected
    state.lastGoodPoll = state.now
    state.nextPollAt = state.now.addingTimeInterval(state.pollInterval)
    state.skippedItems = list.skipped
    state.lastListCount = list.items.count
    state.engineTotal = list.total

    let oldOrder = state.order
    let oldCursor = state.cursorID
    let oldCursorIndex = state.cursorIndex
    let oldItems = state.items
    var fresh: [String: ReviewRequest] = [:]
    fresh.reserveCapacity(list.items.count)
    for item in list.items where item.status == .pending && !state.resolved.contains(item.id) {
        fresh[item.id] = item
        if state.firstSeen[item.id] == nil {
            state.firstSeen[item.id] = firstPoll ? .distantPast : state.now
        }
    }
    // Forget what the engine no longer lists; marks on rows that left drop away silently.
    if !state.resolved.isEmpty {
        let listed = Set(list.items.map(\.id))
        state.resolved = state.resolved.intersection(listed)
    }
    // Every listed ID now has a first-seen time: any more are of requests that left.
    if state.firstSeen.count != fresh.count { state.firstSeen = state.firstSeen.filter { fresh[$0.key] != nil } }
    // A request with a decision on its way stays until the engine answers.
    var departed = false
    for (id, item) in oldItems where fresh[id] == nil {
        if state.pendingDecision(id) != nil {
            fresh[id] = item
        } else {
            departed = true
        }
    }
    if !state.marks.isEmpty { state.marks = state.marks.filter { fresh[$0] != nil } }

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
        state.searchKeys[id] = SearchKey(item)
    }
    if departed {
        for id in oldItems.keys where fresh[id] == nil { state.searchKeys[id] = nil }
    }
    state.items = fresh

    if !changed, state.orderBasis == OrderBasis(state) {
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
    state.keyedOrder = KeyedOrder(order: state.order, keys: state.order.map { state.searchKeys[$0] })
    var effects = titleEffect(state)
    // Recovered decisions whose check failed are asked about again once the engine answers.
    effects += state.conflictRefetch.sorted().map { .fetchItem(id: $0) }
    state.conflictRefetch.removeAll()
    let unasked = state.recovering.keys.filter { !state.recoveryAsked.contains($0) }.sorted()
    state.recoveryAsked.formUnion(unasked)
    effects += unasked.map { .fetchItem(id: $0) }
    if state.bell, wasEmpty, !firstPoll, !fresh.isEmpty { effects.append(.bell) }
    return effects
}

/// Removes answered requests; the others keep their order.
///
/// Each request is found in the order by binary search and removed in place, and the cursor
/// moves to its neighbour from the positions alone: no copy and no set of the whole order.
func removeItems(_ state: inout ConsoleState, _ ids: [String]) {
    guard ids.contains(where: { state.items[$0] != nil }) else { return }
    let cursorIndex = state.cursorIndex
    let positions = orderPositions(of: ids, in: state)
    for id in ids where state.items.removeValue(forKey: id) != nil {
        state.firstSeen[id] = nil
        state.marks.remove(id)
        state.searchKeys[id] = nil
    }
    var keyed = state.keyedOrder.keys(for: state.order)
    state.keyedOrder = KeyedOrder()
    for position in positions.reversed() {
        state.order.remove(at: position)
        keyed?.remove(at: position)
    }
    if let keyed { state.keyedOrder = KeyedOrder(order: state.order, keys: keyed) }
    guard !state.order.isEmpty else {
        state.cursorID = nil
        state.scrollTop = 0
        return
    }
    if let index = cursorIndex {
        // Where the cursor's row was, the next row that stays now is; else the one before.
        if positions.contains(index) {
            let next = index - positions.prefix { $0 < index }.count
            state.cursorID = state.order[min(next, state.order.count - 1)]
        }
    } else {
        state.cursorID = state.order.first
    }
    keepCursorVisible(&state)
}

/// Where the given requests are in the order, ascending (those not in it are left out).
///
/// When the order is exactly the shown requests, a hidden one is known not to be in it.
func orderPositions(of ids: [String], in state: ConsoleState) -> [Int] {
    let visibility = state.orderBasis == OrderBasis(state) ? Visibility(state) : nil
    let found = ids.compactMap { id -> Int? in
        if let visibility, let item = state.items[id], !visibility.shows(item) { return nil }
        return state.position(of: id, in: state.order)
    }
    return Set(found).sorted()
}

// MARK: - Order and cursor

/// Re-sorts and re-filters the table, keeping the cursor on the same request, or on its
/// neighbour if it left.
///
/// `previousIndex` is where `previousCursor` stood in `previousOrder` (nil: not there).
func resort(_ state: inout ConsoleState, previousOrder: [String], previousCursor: String?, previousIndex: Int?) {
    let visibility = Visibility(state)
    var shown: [ReviewRequest] = []
    for (id, item) in state.items where visibility.shows(state.searchKeys[id] ?? SearchKey(item)) {
        shown.append(item)
    }
    let (sort, reversed) = (state.sort, state.sortReversed)
    shown.sort { sortsBefore($0, $1, by: sort, reversed: reversed) }
    reorder(&state, shown.map(\.id), previousOrder: previousOrder, previousCursor: previousCursor,
            previousIndex: previousIndex, shown: { visibility.shows(id: $0) })
    state.orderBasis = OrderBasis(state)
}

/// Installs a new display order and keeps the cursor on its request, or on its neighbour.
///
/// - Parameters:
///   - previousIndex: where `previousCursor` stood in `previousOrder` (nil: not there).
///   - shown: whether a request of `previousOrder` is in `order`; callers know it without a
///     scan (a set of the whole order per call made every answer of a bulk decision O(n)).
func reorder(_ state: inout ConsoleState, _ order: [String], previousOrder: [String], previousCursor: String?,
             previousIndex: Int?, shown: (String) -> Bool) {
    state.order = order
    guard !state.order.isEmpty else {
        state.cursorID = nil
        state.scrollTop = 0
        return
    }
    if let id = previousCursor, let oldIndex = previousIndex {
        if shown(id) {
            state.cursorID = id
        } else {
            let after = previousOrder[(oldIndex + 1)...].first(where: shown)
            state.cursorID = after ?? previousOrder[..<oldIndex].last(where: shown) ?? state.order.first
        }
    } else if let id = previousCursor, state.order.contains(id) {
        // A cursor that was not in the previous order (never so in the reducer's own states).
        state.cursorID = id
    } else {
        state.cursorID = state.order.first
    }
    keepCursorVisible(&state)
}

/// Sorts IDs by the order's key; ties break by enqueued time, then ID, so rows never jump.
package func sortedIDs(_ items: [String: ReviewRequest], by sort: SortOrder, reversed: Bool = false) -> [String] {
    let sorted = items.values.sorted { sortsBefore($0, $1, by: sort, reversed: reversed) }
    return sorted.map(\.id)
}

/// Whether `a` comes before `b`: the order's key, then enqueued time, then ID (a total order,
/// since IDs are unique and confidences finite).
func sortsBefore(_ a: ReviewRequest, _ b: ReviewRequest, by sort: SortOrder, reversed: Bool) -> Bool {
    func tie(_ a: ReviewRequest, _ b: ReviewRequest) -> Bool {
        let ta = a.enqueuedAt ?? .distantFuture
        let tb = b.enqueuedAt ?? .distantFuture
        if ta != tb { return ta < tb }
        return a.id < b.id
    }
    func before(_ a: ReviewRequest, _ b: ReviewRequest) -> Bool {
        switch sort {
        case .age: return tie(a, b)
        case .confidence: return a.confidence != b.confidence ? a.confidence < b.confidence : tie(a, b)
        case .action: return a.action != b.action ? a.action < b.action : tie(a, b)
        case .actor: return a.actor != b.actor ? a.actor < b.actor : tie(a, b)
        }
    }
    return reversed ? before(b, a) : before(a, b)
}

/// Merges arrivals into a sorted order: the arrivals are sorted among themselves and each is
/// placed by binary search, then the runs are copied once — O(k log n + n) for k arrivals,
/// where sorting everything again costs O(n log n) comparisons.
func merged(_ order: [String], _ arrivals: [ReviewRequest], _ state: ConsoleState) -> [String] {
    let (sort, reversed) = (state.sort, state.sortReversed)
    let incoming = arrivals.sorted { sortsBefore($0, $1, by: sort, reversed: reversed) }
    var result: [String] = []
    result.reserveCapacity(order.count + incoming.count)
    var from = 0
    for item in incoming {
        // The first row the arrival comes before (rows are all in `items`).
        var low = from
        var high = order.count
        while low < high {
            let mid = (low + high) / 2
            if let row = state.items[order[mid]], sortsBefore(row, item, by: sort, reversed: reversed) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        result.append(contentsOf: order[from..<low])
        result.append(item.id)
        from = low
    }
    result.append(contentsOf: order[from...])
    return result
}

/// "confidence, lowest first" and the like.
func sortDescription(_ state: ConsoleState) -> String {
    let (name, normal, reverse) = switch state.sort {
    case .age: ("age", "oldest first", "newest first")
    case .confidence: ("confidence", "lowest first", "highest first")
    case .action: ("action", "A–Z", "Z–A")
    case .actor: ("actor", "A–Z", "Z–A")
    }
    return "\(name), \(state.sortReversed ? reverse : normal)"
}

func moveCursor(_ state: inout ConsoleState, by delta: Int) {
    guard !state.order.isEmpty else { return }
    moveCursor(&state, to: (state.cursorIndex ?? 0) + delta)
}

func moveCursor(_ state: inout ConsoleState, to index: Int) {
    guard !state.order.isEmpty else { return }
    state.cursorID = state.order[min(max(0, index), state.order.count - 1)]
    keepCursorVisible(&state)
}

/// Scrolls so the cursor's row is on screen.
func keepCursorVisible(_ state: inout ConsoleState) {
    let height = max(1, Layout(size: state.size, showDetail: state.showDetail).table.height)
    let maxTop = max(0, state.order.count - height)
    guard let index = state.cursorIndex else {
        state.scrollTop = min(state.scrollTop, maxTop)
        return
    }
    if index < state.scrollTop { state.scrollTop = index }
    if index >= state.scrollTop + height { state.scrollTop = index - height + 1 }
    state.scrollTop = min(max(0, state.scrollTop), maxTop)
}

func titleEffect(_ state: ConsoleState) -> [Effect] {
    [.setTitle("lelu: \(state.items.count) pending")]
}
