import Foundation

// MARK: - Filter

/// Sets the filter text and re-filters the table.
///
/// When the new filter can only hide rows (it extends the old one, or the old one was empty
/// and the order is exactly the sorted shown requests), the current order is filtered in
/// place: it is already sorted, so nothing is sorted again.
func setFilter(_ state: inout ConsoleState, _ text: String) {
    guard text != state.table.filter else { return }
    let old = state.table.filter
    let narrowing = !old.isEmpty && text.lowercased().contains(old.lowercased())
    let exact = state.table.caches.orderBasis == OrderBasis(state)
    state.table.filter = text
    // Whether every request the new filter shows is shown now, so the filtered order is exact.
    let subset = exact && (old.isEmpty || extendsPrintably(old.lowercased(), to: text.lowercased()))
    guard narrowing || subset else {
        resort(&state, previousOrder: state.table.order, previousCursor: state.table.cursorID, previousIndex: state.cursorIndex)
        return
    }
    // One pass: the rows that stay, and the cursor's nearest staying neighbours on each side
    // (where it goes if its own row is filtered out), so nothing is looked up twice.
    let visibility = Visibility(state)
    let cursor = state.cursorIndex
    let keys = state.table.caches.keyedOrder.keys(for: state.table.order) ?? state.table.order.map { visibility.key(id: $0) }
    var kept: [String] = []
    var keptKeys: [SearchKey?] = []
    kept.reserveCapacity(state.table.order.count)
    keptKeys.reserveCapacity(state.table.order.count)
    var cursorStays = false
    var after: String?
    var before: String?
    for (index, id) in state.table.order.enumerated() where visibility.shows(keys[index]) {
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
    state.table.order = kept
    state.table.remember(KeyedOrder(order: kept, keys: keptKeys))
    if kept.isEmpty {
        state.table.cursorID = nil
        state.table.scrollTop = 0
    } else if !cursorStays {
        state.table.cursorID = after ?? before ?? kept.first
    }
    keepCursorVisible(&state)
    state.table.remember(basis: subset ? OrderBasis(state) : nil)
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
