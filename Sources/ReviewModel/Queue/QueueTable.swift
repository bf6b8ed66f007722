import Foundation

// MARK: - Queue table

/// The pending requests as the reviewer sees them: the rows the engine listed (minus those this
/// console resolved), their order, the cursor, marks, filter and sort, and the caches the hot
/// paths keep beside them.
///
/// The table owns its behaviour: its fields are read anywhere but changed only by the methods in
/// this file (rows in and out, order, cursor, marks, filter, the selection guard). What a change
/// needs from outside the table is passed in: the tenant limit (`tenants`, which rows are shown)
/// and the number of table rows on screen (`rows`, for scrolling). What a change means outside
/// the table (the sync's bookkeeping, the feed) is the caller's, from what the method returns.
/// Read-only helpers live beside their concern: `Ordering.swift`, `Filtering.swift`, `Listing.swift`.
///
/// Selection follows request IDs, never positions. Equality is over what the table shows: the
/// caches take no part in it (``QueueCaches``).
package struct QueueTable: Equatable, Sendable {
    /// Pending requests by ID, as last polled.
    package private(set) var items: [String: ReviewRequest] = [:]
    /// The IDs in display order (sorted on the client: the engine's order is random).
    private(set) var order: [String] = []
    /// When each ID was first seen, for the new-row highlight.
    private(set) var firstSeen: [String: Date] = [:]
    /// Marked request IDs (marks on rows that leave drop away).
    private(set) var marks: Set<String> = []
    /// The incremental filter's text; empty shows everything.
    private(set) var filter = ""
    /// IDs we resolved: hidden even if a lagging engine still lists them.
    private(set) var resolved: Set<String> = []
    /// How rows are ordered.
    private(set) var sort = SortOrder.age
    /// Whether the order is reversed.
    private(set) var sortReversed = false
    /// Indexes derived from `items` and `order` for the hot paths (filter keystrokes, polls);
    /// they take no part in state equality: two states that show the same thing are equal.
    private(set) var caches = QueueCaches()
    /// The selected request's ID: selection follows identity, not position.
    package private(set) var cursorID: String?
    /// The first table row shown.
    private(set) var scrollTop = 0
    /// Until when decision keys wait, because the selection changed without the reviewer moving it.
    private(set) var selectionGuardUntil: Date?

    /// An empty table.
    init() {}
}

// MARK: - Rows in and out

extension QueueTable {
    /// Takes a listed request's new fields (it changed on the engine) and folds its search key.
    mutating func refresh(_ item: ReviewRequest) {
        items[item.id] = item
        index(item.id, item)
    }

    /// Remembers that this console resolved a request: it stays hidden while a lagging engine lists it.
    mutating func noteResolved(_ id: String) {
        resolved.insert(id)
    }

    /// Forgets the resolved IDs not in `kept` (a complete listing no longer has them: the engine caught up).
    mutating func keepResolved(_ kept: Set<String>) {
        if !resolved.isEmpty { resolved.formIntersection(kept) }
    }

    /// Adds arrivals to the rows and the order, keeping every row that stays where it is; false
    /// when there was nothing to do (no arrivals, no changed row, the order's basis unchanged).
    ///
    /// - Parameters:
    ///   - changed: a held row's fields changed, so everything is sorted again.
    ///   - initial: rows found by the first reads, not highlighted as new; a cursor still on the
    ///     first row stays on the (new) first row.
    @discardableResult
    mutating func admit(_ arrivals: [ReviewRequest], changed: Bool, initial: Bool, now: Date,
                        tenants: Set<String>, rows: Int) -> Bool {
        // Settings that changed since the order was computed (the tenant limit) apply on a read too.
        let basisKept = orderIsExact(tenants: tenants)
        guard !arrivals.isEmpty || changed || !basisKept else { return false }
        let oldOrder = order
        let oldCursor = cursorID
        let oldCursorIndex = cursorIndex
        for item in arrivals {
            items[item.id] = item
            index(item.id, item)
            firstSeen[item.id] = initial ? .distantPast : now
        }
        if !changed, basisKept {
            let visibility = Visibility(self, tenants: tenants)
            let shown = arrivals.filter { visibility.shows($0) }
            var newOrder = oldOrder
            if !shown.isEmpty { newOrder = merged(newOrder, shown) }
            reorder(newOrder, previousOrder: oldOrder, previousCursor: oldCursor, previousIndex: oldCursorIndex,
                    rows: rows, shown: { _ in true })
        } else {
            resort(previousOrder: oldOrder, previousCursor: oldCursor, previousIndex: oldCursorIndex,
                   tenants: tenants, rows: rows)
        }
        // While the first reads bring the queue in, a selection still on the first row stays there:
        // the reviewer starts on the request that has waited longest, not wherever older rows pushed it.
        if initial, (oldCursorIndex ?? 0) == 0, let first = order.first {
            cursorID = first
            scrollTop = 0
        }
        // Keys by position for the next filter keystroke (the read may have replaced keys).
        rememberKeysOfOrder()
        return true
    }

    /// Removes answered requests; the others keep their order. Returns how many were held.
    ///
    /// Each request is found in the order by binary search and removed in place, and the cursor
    /// moves to its neighbour from the positions alone: no copy and no set of the whole order.
    @discardableResult
    mutating func remove(_ ids: [String], tenants: Set<String>, rows: Int) -> Int {
        guard ids.contains(where: { items[$0] != nil }) else { return 0 }
        let cursorIndex = self.cursorIndex
        let positions = orderPositions(of: ids, tenants: tenants)
        var removed = 0
        for id in ids where items.removeValue(forKey: id) != nil {
            removed += 1
            firstSeen[id] = nil
            marks.remove(id)
            index(id, nil)
        }
        var keyed = caches.keyedOrder.keys(for: order)
        remember(KeyedOrder())
        for position in positions.reversed() {
            order.remove(at: position)
            keyed?.remove(at: position)
        }
        if let keyed { remember(KeyedOrder(order: order, keys: keyed)) }
        guard !order.isEmpty else {
            cursorID = nil
            scrollTop = 0
            return removed
        }
        if let index = cursorIndex {
            // Where the cursor's row was, the next row that stays now is; else the one before.
            if positions.contains(index) {
                let next = index - positions.prefix { $0 < index }.count
                cursorID = order[min(next, order.count - 1)]
            }
        } else {
            cursorID = order.first
        }
        keepCursorVisible(rows: rows)
        return removed
    }
}

// MARK: - Order

extension QueueTable {
    /// Orders the rows by `sort` (reversed or not) and keeps the cursor on its request.
    mutating func setSort(_ sort: SortOrder, reversed: Bool, tenants: Set<String>, rows: Int) {
        // Where the cursor is, found while the order is still sorted as the table says.
        let previousIndex = cursorIndex
        self.sort = sort
        sortReversed = reversed
        resort(previousOrder: order, previousCursor: cursorID, previousIndex: previousIndex, tenants: tenants, rows: rows)
    }

    /// Re-sorts and re-filters the table, keeping the cursor on the same request, or on its
    /// neighbour if it left.
    ///
    /// `previousIndex` is where `previousCursor` stood in `previousOrder` (nil: not there).
    mutating func resort(previousOrder: [String], previousCursor: String?, previousIndex: Int?,
                         tenants: Set<String>, rows: Int) {
        let visibility = Visibility(self, tenants: tenants)
        var shown: [ReviewRequest] = []
        for (id, item) in items where visibility.shows(caches.searchKeys[id] ?? SearchKey(item)) {
            shown.append(item)
        }
        let (sort, reversed) = (sort, sortReversed)
        shown.sort { sortsBefore($0, $1, by: sort, reversed: reversed) }
        reorder(shown.map(\.id), previousOrder: previousOrder, previousCursor: previousCursor,
                previousIndex: previousIndex, rows: rows, shown: { visibility.shows(id: $0) })
        remember(basis: basis(tenants: tenants))
    }

    /// Installs a new display order and keeps the cursor on its request, or on its neighbour.
    ///
    /// - Parameters:
    ///   - previousIndex: where `previousCursor` stood in `previousOrder` (nil: not there).
    ///   - shown: whether a request of `previousOrder` is in `order`; callers know it without a
    ///     scan (a set of the whole order per call made every answer of a bulk decision O(n)).
    private mutating func reorder(_ newOrder: [String], previousOrder: [String], previousCursor: String?,
                                  previousIndex: Int?, rows: Int, shown: (String) -> Bool) {
        order = newOrder
        guard !order.isEmpty else {
            cursorID = nil
            scrollTop = 0
            return
        }
        if let id = previousCursor, let oldIndex = previousIndex {
            if shown(id) {
                cursorID = id
            } else {
                let after = previousOrder[(oldIndex + 1)...].first(where: shown)
                cursorID = after ?? previousOrder[..<oldIndex].last(where: shown) ?? order.first
            }
        } else if let id = previousCursor, order.contains(id) {
            // A cursor that was not in the previous order (never so in the reducer's own states).
            cursorID = id
        } else {
            cursorID = order.first
        }
        keepCursorVisible(rows: rows)
    }

    /// Sets the filter text and re-filters the table.
    ///
    /// When the new filter can only hide rows (it extends the old one, or the old one was empty
    /// and the order is exactly the sorted shown requests), the current order is filtered in
    /// place (``narrowed(to:tenants:)``): it is already sorted, so nothing is sorted again.
    mutating func setFilter(_ text: String, tenants: Set<String>, rows: Int) {
        guard text != filter else { return }
        let old = filter
        let narrowing = !old.isEmpty && text.lowercased().contains(old.lowercased())
        let exact = orderIsExact(tenants: tenants)
        filter = text
        // Whether every request the new filter shows is shown now, so the filtered order is exact.
        let subset = exact && (old.isEmpty || extendsPrintably(old.lowercased(), to: text.lowercased()))
        guard narrowing || subset else {
            resort(previousOrder: order, previousCursor: cursorID, previousIndex: cursorIndex, tenants: tenants, rows: rows)
            return
        }
        let pass = narrowed(to: Visibility(self, tenants: tenants))
        order = pass.kept
        remember(KeyedOrder(order: pass.kept, keys: pass.keptKeys))
        if pass.kept.isEmpty {
            cursorID = nil
            scrollTop = 0
        } else if !pass.cursorStays {
            cursorID = pass.after ?? pass.before ?? pass.kept.first
        }
        keepCursorVisible(rows: rows)
        remember(basis: subset ? basis(tenants: tenants) : nil)
    }
}

// MARK: - Cursor

extension QueueTable {
    /// Moves the cursor `delta` rows (clamped to the table).
    mutating func moveCursor(by delta: Int, rows: Int) {
        guard !order.isEmpty else { return }
        moveCursor(to: (cursorIndex ?? 0) + delta, rows: rows)
    }

    /// Moves the cursor to row `index` (clamped to the table).
    mutating func moveCursor(to index: Int, rows: Int) {
        guard !order.isEmpty else { return }
        cursorID = order[min(max(0, index), order.count - 1)]
        keepCursorVisible(rows: rows)
    }

    /// Selects a shown request where it is; false when it is not shown.
    @discardableResult
    mutating func select(_ id: String) -> Bool {
        guard items[id] != nil, position(of: id, in: order) != nil else { return false }
        cursorID = id
        return true
    }

    /// Selects the row at `index` of the order, where it is (a click on it); nothing when there is none.
    mutating func select(row index: Int) {
        if order.indices.contains(index) { cursorID = order[index] }
    }

    /// Scrolls so the cursor's row is on screen, `rows` rows being shown.
    mutating func keepCursorVisible(rows: Int) {
        let height = max(1, rows)
        let maxTop = max(0, order.count - height)
        guard let index = cursorIndex else {
            scrollTop = min(scrollTop, maxTop)
            return
        }
        if index < scrollTop { scrollTop = index }
        if index >= scrollTop + height { scrollTop = index - height + 1 }
        scrollTop = min(max(0, scrollTop), maxTop)
    }

    /// Puts the scroll position back to `top` (as before a read), kept where the cursor allows.
    mutating func restoreScroll(_ top: Int, rows: Int) {
        guard scrollTop != top else { return }
        scrollTop = top
        keepCursorVisible(rows: rows)
    }
}

// MARK: - Marks and the selection guard

extension QueueTable {
    /// Marks the request, or unmarks it if it was marked.
    mutating func toggleMark(_ id: String) {
        if marks.remove(id) == nil { marks.insert(id) }
    }

    /// Marks every shown row.
    mutating func markAll() {
        marks.formUnion(order)
    }

    /// Marks these requests (shown or not).
    mutating func mark(_ ids: some Sequence<String>) {
        marks.formUnion(ids)
    }

    /// Unmarks these requests (their decision is on its way).
    mutating func unmark(_ ids: some Sequence<String>) {
        marks.subtract(ids)
    }

    /// Unmarks everything.
    mutating func clearMarks() {
        marks.removeAll()
    }

    /// Makes decision keys wait until `until` (the selection moved without the reviewer).
    mutating func guardSelection(until: Date) {
        selectionGuardUntil = until
    }

    /// Lets decision keys act again.
    mutating func releaseSelectionGuard() {
        selectionGuardUntil = nil
    }
}

// MARK: - Keeping the caches

extension QueueTable {
    /// Folds a request's searchable text once, when it arrives or changes; nil forgets it.
    private mutating func index(_ id: String, _ item: ReviewRequest?) {
        caches.searchKeys[id] = item.map(SearchKey.init)
    }

    /// Remembers the search keys of `order`'s rows, position by position (a filter keystroke's result).
    private mutating func remember(_ keyed: KeyedOrder) {
        caches.keyedOrder = keyed
    }

    /// Remembers the search keys of the current order, read from the index.
    private mutating func rememberKeysOfOrder() {
        caches.keyedOrder = KeyedOrder(order: order, keys: order.map { caches.searchKeys[$0] })
    }

    /// Remembers what the order was computed from in full (nil: sort everything on the next poll).
    private mutating func remember(basis: OrderBasis?) {
        caches.orderBasis = basis
    }

    /// Forgets every cache (tests compare a cold table with a warm one).
    mutating func dropCaches() {
        caches = QueueCaches()
    }
}
