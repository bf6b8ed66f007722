import Foundation

// MARK: - Attention

/// Whether the reviewer is looking, and what to tell them when they are not.
///
/// The terminal reports focus (`CSI ? 1004 h`); requests that arrive while it is in the
/// background are counted, and at most one desktop notification every ``interval`` seconds
/// names how many wait and the first one's action and actor. Requests that arrived while the
/// terminal had focus were seen, and focus coming back clears the count.
struct Attention: Equatable, Sendable {
    /// How to notify; `.off` (or `.auto` left unresolved) notifies never.
    var method: NotifyMethod = .off
    /// Whether the terminal has focus; true until it says otherwise.
    var focused = true
    /// Seconds between two notifications, at least.
    var interval: TimeInterval = 10
    /// Requests that arrived unseen since the last notification, in arrival order.
    var unseen: [String] = []
    /// When the last notification went out.
    var lastSent: Date?
    /// Requests this console has listed or counted already: one that leaves and comes back
    /// (a read missed it, or the `--max-requests` cap let it in again) is not news.
    var known = RecentIDs(capacity: 20_000)

    /// Creates an attention that notifies with `method`.
    init(method: NotifyMethod = .off) {
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
///
/// Only a request this console has never listed counts, and it counts once.
func noteArrivals(_ state: inout ConsoleState, _ changes: [QueueChange]) -> [Effect] {
    let counting = state.attention.enabled && !state.attention.focused
    for change in changes {
        switch change {
        case .listed(let request):
            state.attention.known.insert(request.id)
        case .arrived(let request):
            if state.attention.known.insert(request.id), counting { state.attention.unseen.append(request.id) }
        default:
            break
        }
    }
    return counting ? notifyIfDue(&state) : []
}

// MARK: - Recent IDs

/// A set of the last `capacity` IDs inserted: the oldest is forgotten first.
struct RecentIDs: Equatable, Sendable {
    /// How many IDs are kept.
    let capacity: Int
    /// The IDs kept.
    private(set) var members: Set<String> = []
    /// The same IDs in insertion order, a ring from `next`.
    private var ring: [String] = []
    /// Where the next ID goes once the ring is full.
    private var next = 0

    /// Creates an empty set keeping at most `capacity` IDs.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds `id`; true when it was not kept already.
    @discardableResult
    mutating func insert(_ id: String) -> Bool {
        guard members.insert(id).inserted else { return false }
        if ring.count < capacity {
            ring.append(id)
        } else {
            members.remove(ring[next])
            ring[next] = id
            next = (next + 1) % capacity
        }
        return true
    }

}

/// One notification for every unseen arrival still waiting, when the last one is ``Attention/interval`` old.
func notifyIfDue(_ state: inout ConsoleState) -> [Effect] {
    guard state.attention.enabled, !state.attention.focused, !state.attention.unseen.isEmpty else { return [] }
    if let last = state.attention.lastSent, state.now.timeIntervalSince(last) < state.attention.interval { return [] }
    let waiting = state.attention.unseen.compactMap { state.table.items[$0] }
    state.attention.unseen.removeAll()
    guard let first = waiting.first else { return [] }
    state.attention.lastSent = state.now
    // Several engines: one notification for all of them, with each engine's share in config order.
    var shares: [(label: String, count: Int)] = []
    if state.engines.isMulti {
        for label in state.engines.labels {
            let n = waiting.count { $0.engine == label }
            if n > 0 { shares.append((label, n)) }
        }
    }
    let notification = DesktopNotification(
        method: state.attention.method, count: waiting.count, action: first.action, actor: first.actor, engines: shares)
    return [.notify(notification)]
}
