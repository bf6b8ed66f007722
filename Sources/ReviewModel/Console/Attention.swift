import Foundation

// MARK: - Attention

/// Whether the reviewer is looking, and what to tell them when they are not.
///
/// The terminal reports focus (`CSI ? 1004 h`); requests that arrive while it is in the
/// background are counted, and at most one desktop notification every ``interval`` seconds
/// names how many wait and the first one's action and actor. Requests that arrived while the
/// terminal had focus were seen, and focus coming back clears the count.
package struct Attention: Equatable, Sendable {
    /// How to notify; `.off` (or `.auto` left unresolved) notifies never.
    package var method: NotifyMethod = .off
    /// Whether the terminal has focus; true until it says otherwise.
    package var focused = true
    /// Seconds between two notifications, at least.
    package var interval: TimeInterval = 10
    /// Requests that arrived unseen since the last notification, in arrival order.
    var unseen: [String] = []
    /// When the last notification went out.
    var lastSent: Date?

    /// Creates an attention that notifies with `method`.
    package init(method: NotifyMethod = .off) {
        self.method = method
    }

    /// Whether anything can be notified at all.
    var enabled: Bool { method != .off && method != .auto }
}

// MARK: - Reducing

/// Focus came or went; coming back means every request on screen has been seen.
func focusChanged(_ state: inout ConsoleState, focused: Bool) -> [Effect] {
    state.attention.focused = focused
    if focused { state.attention.unseen.removeAll() }
    return []
}

/// Counts arrivals the reviewer cannot see and notifies when one is due.
func noteArrivals(_ state: inout ConsoleState, _ changes: [QueueChange]) -> [Effect] {
    guard state.attention.enabled, !state.attention.focused else { return [] }
    for case .arrived(let request) in changes { state.attention.unseen.append(request.id) }
    return notifyIfDue(&state)
}

/// One notification for every unseen arrival still waiting, when the last one is ``Attention/interval`` old.
func notifyIfDue(_ state: inout ConsoleState) -> [Effect] {
    guard state.attention.enabled, !state.attention.focused, !state.attention.unseen.isEmpty else { return [] }
    if let last = state.attention.lastSent, state.now.timeIntervalSince(last) < state.attention.interval { return [] }
    let waiting = state.attention.unseen.compactMap { state.table.items[$0] }
    state.attention.unseen.removeAll()
    guard let first = waiting.first else { return [] }
    state.attention.lastSent = state.now
    let notification = DesktopNotification(
        method: state.attention.method, count: waiting.count, action: first.action, actor: first.actor)
    return [.notify(notification)]
}
