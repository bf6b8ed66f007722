import Foundation

// MARK: - Filter

// The table changes its filter itself (``QueueTable/setFilter(_:tenants:rows:)``); here is the
// one pass a narrowing keystroke makes over the order, and how a request matches.

/// What one pass of a narrowing filter over the order found.
struct FilterPass {
    /// The rows that stay, in order.
    var kept: [String] = []
    /// Their search keys, position by position.
    var keptKeys: [SearchKey?] = []
    /// Whether the cursor's own row stays.
    var cursorStays = false
    /// The first staying row after the cursor's.
    var after: String?
    /// The last staying row before the cursor's.
    var before: String?
}

extension QueueTable {
    /// One pass over the order: the rows that stay under `visibility`, and the cursor's nearest
    /// staying neighbours on each side (where it goes if its own row is filtered out), so
    /// nothing is looked up twice.
    func narrowed(to visibility: Visibility) -> FilterPass {
        let cursor = cursorIndex
        let keys = caches.keyedOrder.keys(for: order) ?? order.map { visibility.key(id: $0) }
        var pass = FilterPass()
        pass.kept.reserveCapacity(order.count)
        pass.keptKeys.reserveCapacity(order.count)
        for (index, id) in order.enumerated() where visibility.shows(keys[index]) {
            pass.kept.append(id)
            pass.keptKeys.append(keys[index])
            guard let cursor else { continue }
            if index < cursor {
                pass.before = id
            } else if index == cursor {
                pass.cursorStays = true
            } else if pass.after == nil {
                pass.after = id
            }
        }
        return pass
    }
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
func matches(_ item: ReviewRequest, filter: String, tenants: Set<String>) -> Bool {
    if !tenants.isEmpty, !tenants.contains(item.tenantID ?? "") { return false }
    guard !filter.isEmpty else { return true }
    return SearchKey(item).matches(FilterNeedle(filter))
}
