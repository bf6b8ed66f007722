import Foundation

// MARK: - Queue table

/// The pending requests as the reviewer sees them: the rows the engine listed (minus those this
/// console resolved), their order, the cursor, marks, filter and sort, and the caches the hot
/// paths keep beside them.
///
/// Selection follows request IDs, never positions. Equality is over what the table shows: the
/// caches take no part in it (``QueueCaches``).
package struct QueueTable: Equatable, Sendable {
    /// Pending requests by ID, as last polled.
    package var items: [String: ReviewRequest] = [:]
    /// The IDs in display order (sorted on the client: the engine's order is random).
    package var order: [String] = []
    /// When each ID was first seen, for the new-row highlight.
    package var firstSeen: [String: Date] = [:]
    /// Marked request IDs (marks on rows that leave drop away).
    package var marks: Set<String> = []
    /// The incremental filter's text; empty shows everything.
    package var filter = ""
    /// IDs we resolved: hidden even if a lagging engine still lists them.
    package var resolved: Set<String> = []
    /// How rows are ordered.
    package var sort = SortOrder.age
    /// Whether the order is reversed.
    package var sortReversed = false
    /// Indexes derived from `items` and `order` for the hot paths (filter keystrokes, polls);
    /// they take no part in state equality: two states that show the same thing are equal.
    private(set) var caches = QueueCaches()
    /// The selected request's ID: selection follows identity, not position.
    package var cursorID: String?
    /// The first table row shown.
    package var scrollTop = 0
    /// Until when decision keys wait, because the selection changed without the reviewer moving it.
    package var selectionGuardUntil: Date?

    // MARK: - Keeping the caches

    /// Folds a request's searchable text once, when it arrives or changes; nil forgets it.
    mutating func index(_ id: String, _ item: ReviewRequest?) {
        caches.searchKeys[id] = item.map(SearchKey.init)
    }

    /// Remembers the search keys of `order`'s rows, position by position (a filter keystroke's result).
    mutating func remember(_ keyed: KeyedOrder) {
        caches.keyedOrder = keyed
    }

    /// Remembers the search keys of the current order, read from the index.
    mutating func rememberKeysOfOrder() {
        caches.keyedOrder = KeyedOrder(order: order, keys: order.map { caches.searchKeys[$0] })
    }

    /// Remembers what the order was computed from in full (nil: sort everything on the next poll).
    mutating func remember(basis: OrderBasis?) {
        caches.orderBasis = basis
    }

    /// Forgets every cache (tests compare a cold table with a warm one).
    mutating func dropCaches() {
        caches = QueueCaches()
    }
}
