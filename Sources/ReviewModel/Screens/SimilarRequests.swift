import Foundation

// MARK: - Similar requests

// Requests like the selected one: the same action by the same actor. Resource keys are not
// part of the likeness: an agent sends the same keys (`invoice_id`, `amount`) with every
// request of an action, so they add nothing to action + actor, and their values differ per
// request by design.

/// The pending requests like `item` (the same action and actor), `item` included, with no
/// decision under way: what the mark-alike key marks. Hidden ones (filtered out) are included.
func similarRequests(_ state: ConsoleState, to item: ReviewRequest) -> [String] {
    state.table.items.values.filter { other in
        other.action == item.action && other.actor == item.actor && other.status == .pending
            && (other.id == item.id || state.pendingDecision(other.id) == nil)
    }.map(\.id).sorted()
}

/// How many other requests are like `item`, for the detail pane.
func similarCount(_ state: ConsoleState, to item: ReviewRequest) -> Int {
    var n = 0
    for other in state.table.items.values where other.id != item.id && other.action == item.action
        && other.actor == item.actor && other.status == .pending && state.pendingDecision(other.id) == nil {
        n += 1
    }
    return n
}

/// Marks every pending request like the selected one; the status says how many and how many the filter hides.
func markSimilar(_ state: inout ConsoleState) {
    guard let item = state.selected else {
        state.status = StatusMessage("nothing selected", kind: .info, at: state.now)
        return
    }
    let ids = similarRequests(state, to: item)
    state.table.mark(ids)
    let shown = Set(state.table.order)
    let hidden = ids.count(where: { !shown.contains($0) })
    let hiddenText = hidden > 0 ? ", \(CountFormat.grouped(hidden)) hidden by the filter" : ""
    let like: ScreenText = "\(quoted: SafeText.line(item.action, limit: 40)) by \(quoted: SafeText.line(item.actor, limit: 40))"
    state.status = StatusMessage("marked \(count: ids.count) like this (\(like))\(hiddenText)", kind: .info, at: state.now)
}
