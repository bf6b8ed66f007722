import Foundation

// MARK: - Order and cursor

// The table's own changes of order and cursor are in `QueueTable.swift`; here is how it is
// sorted, and what it reads to place rows.

/// Sorts IDs by the order's key; ties break by enqueued time, then ID, so rows never jump.
func sortedIDs(_ items: [String: ReviewRequest], by sort: SortOrder, reversed: Bool = false) -> [String] {
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

extension QueueTable {
    /// Merges arrivals into a sorted order: the arrivals are sorted among themselves and each is
    /// placed by binary search, then the runs are copied once — O(k log n + n) for k arrivals,
    /// where sorting everything again costs O(n log n) comparisons.
    func merged(_ order: [String], _ arrivals: [ReviewRequest]) -> [String] {
        let (sort, reversed) = (sort, sortReversed)
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
                if let row = items[order[mid]], sortsBefore(row, item, by: sort, reversed: reversed) {
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

    /// Where `id` is in `order` (an order of these items): found by binary search, since
    /// orders are sorted, and checked; a scan when the order is not sorted as it claims.
    func position(of id: String, in order: [String]) -> Int? {
        if let item = items[id] {
            var low = 0
            var high = order.count
            var sorted = true
            while low < high {
                let mid = (low + high) / 2
                guard let other = items[order[mid]] else {
                    sorted = false
                    break
                }
                if sortsBefore(other, item, by: sort, reversed: sortReversed) { low = mid + 1 } else { high = mid }
            }
            if sorted, low < order.count, order[low] == id { return low }
        }
        return order.firstIndex(of: id)
    }

    /// The selected request, if any.
    var selected: ReviewRequest? { cursorID.flatMap { items[$0] } }

    /// The selected row's index in `order`.
    var cursorIndex: Int? { cursorID.flatMap { position(of: $0, in: order) } }

    /// What the order is computed from now, under this tenant limit.
    func basis(tenants: Set<String>) -> OrderBasis {
        OrderBasis(filter: filter, tenants: tenants, sort: sort, reversed: sortReversed)
    }

    /// Whether the order was last computed in full from what it would be computed from now, so
    /// it is exactly the sorted shown requests.
    func orderIsExact(tenants: Set<String>) -> Bool {
        caches.orderBasis == basis(tenants: tenants)
    }

    /// Where the given requests are in the order, ascending (those not in it are left out).
    ///
    /// When the order is exactly the shown requests, a hidden one is known not to be in it.
    func orderPositions(of ids: [String], tenants: Set<String>) -> [Int] {
        let visibility = orderIsExact(tenants: tenants) ? Visibility(self, tenants: tenants) : nil
        let found = ids.compactMap { id -> Int? in
            if let visibility, let item = items[id], !visibility.shows(item) { return nil }
            return position(of: id, in: order)
        }
        return Set(found).sorted()
    }
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

func titleEffect(_ state: ConsoleState) -> [Effect] {
    [.setTitle("lelu: \(count: state.table.items.count) pending")]
}
