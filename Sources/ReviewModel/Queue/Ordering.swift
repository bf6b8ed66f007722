import Foundation

// MARK: - Order and cursor

/// Re-sorts and re-filters the table, keeping the cursor on the same request, or on its
/// neighbour if it left.
///
/// `previousIndex` is where `previousCursor` stood in `previousOrder` (nil: not there).
func resort(_ state: inout ConsoleState, previousOrder: [String], previousCursor: String?, previousIndex: Int?) {
    let visibility = Visibility(state)
    var shown: [ReviewRequest] = []
    for (id, item) in state.table.items where visibility.shows(state.table.caches.searchKeys[id] ?? SearchKey(item)) {
        shown.append(item)
    }
    let (sort, reversed) = (state.table.sort, state.table.sortReversed)
    shown.sort { sortsBefore($0, $1, by: sort, reversed: reversed) }
    reorder(&state, shown.map(\.id), previousOrder: previousOrder, previousCursor: previousCursor,
            previousIndex: previousIndex, shown: { visibility.shows(id: $0) })
    state.table.remember(basis: OrderBasis(state))
}

/// Installs a new display order and keeps the cursor on its request, or on its neighbour.
///
/// - Parameters:
///   - previousIndex: where `previousCursor` stood in `previousOrder` (nil: not there).
///   - shown: whether a request of `previousOrder` is in `order`; callers know it without a
///     scan (a set of the whole order per call made every answer of a bulk decision O(n)).
func reorder(_ state: inout ConsoleState, _ order: [String], previousOrder: [String], previousCursor: String?,
             previousIndex: Int?, shown: (String) -> Bool) {
    state.table.order = order
    guard !state.table.order.isEmpty else {
        state.table.cursorID = nil
        state.table.scrollTop = 0
        return
    }
    if let id = previousCursor, let oldIndex = previousIndex {
        if shown(id) {
            state.table.cursorID = id
        } else {
            let after = previousOrder[(oldIndex + 1)...].first(where: shown)
            state.table.cursorID = after ?? previousOrder[..<oldIndex].last(where: shown) ?? state.table.order.first
        }
    } else if let id = previousCursor, state.table.order.contains(id) {
        // A cursor that was not in the previous order (never so in the reducer's own states).
        state.table.cursorID = id
    } else {
        state.table.cursorID = state.table.order.first
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
    let (sort, reversed) = (state.table.sort, state.table.sortReversed)
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
            if let row = state.table.items[order[mid]], sortsBefore(row, item, by: sort, reversed: reversed) {
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
    let (name, normal, reverse) = switch state.table.sort {
    case .age: ("age", "oldest first", "newest first")
    case .confidence: ("confidence", "lowest first", "highest first")
    case .action: ("action", "A–Z", "Z–A")
    case .actor: ("actor", "A–Z", "Z–A")
    }
    return "\(name), \(state.table.sortReversed ? reverse : normal)"
}

func moveCursor(_ state: inout ConsoleState, by delta: Int) {
    guard !state.table.order.isEmpty else { return }
    moveCursor(&state, to: (state.cursorIndex ?? 0) + delta)
}

func moveCursor(_ state: inout ConsoleState, to index: Int) {
    guard !state.table.order.isEmpty else { return }
    state.table.cursorID = state.table.order[min(max(0, index), state.table.order.count - 1)]
    keepCursorVisible(&state)
}

/// Scrolls so the cursor's row is on screen.
func keepCursorVisible(_ state: inout ConsoleState) {
    let height = max(1, Layout(size: state.size, showDetail: state.showDetail).table.height)
    let maxTop = max(0, state.table.order.count - height)
    guard let index = state.cursorIndex else {
        state.table.scrollTop = min(state.table.scrollTop, maxTop)
        return
    }
    if index < state.table.scrollTop { state.table.scrollTop = index }
    if index >= state.table.scrollTop + height { state.table.scrollTop = index - height + 1 }
    state.table.scrollTop = min(max(0, state.table.scrollTop), maxTop)
}

func titleEffect(_ state: ConsoleState) -> [Effect] {
    [.setTitle("lelu: \(count: state.table.items.count) pending")]
}
