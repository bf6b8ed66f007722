import Foundation

// MARK: - Queue changes

/// One thing that happened to the queue as this console knows it: what `watch` prints and
/// what desktop notifications count.
package enum QueueChange: Equatable, Sendable {
    /// Pending when the console first read the queue.
    case listed(ReviewRequest)
    /// Arrived after the first read.
    case arrived(ReviewRequest)
    /// The engine no longer lists it and could not say why (no answer to a check).
    case left(ReviewRequest)
    /// Someone else approved or denied it; `by` is the engine's `resolved_by`.
    case resolved(ReviewRequest, status: ReviewStatus, by: String?)
    /// It expired without a decision.
    case expired(ReviewRequest)
    /// The engine no longer has it at all (restarted, or the item aged out).
    case gone(ReviewRequest)
    /// This reviewer decided it (here, or under this reviewer's name in another console).
    case decided(ReviewRequest, status: ReviewStatus, by: String?)

    /// The request the change is about.
    var request: ReviewRequest {
        switch self {
        case .listed(let r), .arrived(let r), .left(let r), .expired(let r), .gone(let r): r
        case .resolved(let r, _, _), .decided(let r, _, _): r
        }
    }

    /// The event's one-word name, as `watch` prints it.
    var name: String {
        switch self {
        case .listed: "pending"
        case .arrived: "arrived"
        case .left: "left"
        case .resolved: "resolved"
        case .expired: "expired"
        case .gone: "gone"
        case .decided: "decided"
        }
    }
}

// MARK: - Feed

/// The changes of one event, collected while the reducer works and handed out after it.
///
/// Departures a read cannot explain (the current engine's list simply stops listing a request)
/// are looked up with `GET /v1/queue/{id}` first when someone reads the feed (`watch`), so it
/// can say "resolved by bob" instead of "left".
package struct QueueFeed: Equatable, Sendable {
    /// Whether the changes are handed to the runner as ``Effect/report(_:)`` (`watch`).
    var reports = false
    /// Changes since the reducer last handed them out.
    var changes: [QueueChange] = []
    /// Departed rows being looked up to say why they left, by ID.
    var explaining: [String: Lookup] = [:]
    /// Lookups to send after this event (``Effect/checkItem(id:)``).
    var lookups: [String] = []
    /// At most this many lookups out at once; past it a departure is reported as `left`.
    static let maxExplaining = 50
    /// A lookup that failed for a transient reason is sent again up to this many times.
    static let maxLookupAttempts = 4

    /// One departed row being looked up.
    struct Lookup: Equatable, Sendable {
        /// The row as it was shown.
        var row: ReviewRequest
        /// Lookups sent so far.
        var attempts = 1
        /// When to send the next one, after a transient failure (nil: one is out).
        var retryAt: Date?
    }

    /// Creates an empty feed.
    package init(reports: Bool = false) {
        self.reports = reports
    }

    /// Takes the changes collected so far.
    mutating func take() -> [QueueChange] {
        defer { changes.removeAll(keepingCapacity: true) }
        return changes
    }

    /// Schedules another lookup of `id` at `date`; false when it has had its attempts.
    mutating func retryLookup(_ id: String, at date: Date) -> Bool {
        guard var lookup = explaining[id], lookup.attempts < Self.maxLookupAttempts else { return false }
        lookup.retryAt = date
        explaining[id] = lookup
        return true
    }

    /// Moves the lookups whose retry is due at `now` to ``lookups``.
    mutating func sendDueLookups(now: Date) {
        let due = explaining.filter { $0.value.retryAt.map { $0 <= now } ?? false }.keys.sorted()
        for id in due {
            explaining[id]?.retryAt = nil
            explaining[id]?.attempts += 1
        }
        lookups += due
    }
}

// MARK: - Recording

extension ConsoleState {
    /// Records that a row left because the engine answered `item` for it.
    ///
    /// The row keeps what the reviewer saw, plus the engine's `resolved_at` (when it was decided,
    /// not when this console noticed).
    mutating func recordDeparture(_ shown: ReviewRequest, answer item: ReviewRequest) {
        var row = shown
        row.resolvedAt = item.resolvedAt
        switch item.status {
        case .pending: break
        case .expired: feed.changes.append(.expired(row))
        case let status where isOwnName(item.resolvedBy):
            feed.changes.append(.decided(row, status: status, by: item.resolvedBy))
        case let status: feed.changes.append(.resolved(row, status: status, by: item.resolvedBy))
        }
    }

    /// Records rows a complete read no longer lists: looked up first when the feed is read.
    mutating func recordUnexplained(_ rows: [ReviewRequest]) {
        for row in rows {
            if feed.reports, feed.explaining.count < QueueFeed.maxExplaining {
                feed.explaining[row.id] = QueueFeed.Lookup(row: row)
                feed.lookups.append(row.id)
            } else {
                feed.changes.append(.left(row))
            }
        }
    }

    /// A lookup of a departed row answered: says why it left. False when the ID was not being explained.
    ///
    /// A request the engine still has as pending did not leave (a shifted page missed it): it is
    /// put back without a word, since its departure was never reported.
    mutating func explained(_ id: String, answer: ReviewRequest?, gone: Bool) -> Bool {
        guard let row = feed.explaining.removeValue(forKey: id)?.row else { return false }
        switch answer {
        case let answer? where answer.status == .pending:
            guard table.items[id] == nil else { return true }
            mergeListing(&self, [answer], complete: false, initial: false)
            feed.changes.removeAll { if case .arrived(let r) = $0 { r.id == id } else { false } }
        case let answer?:
            recordDeparture(row, answer: answer)
        case nil:
            feed.changes.append(gone ? .gone(row) : .left(row))
        }
        return true
    }

    /// Records a request that entered the table; one being looked up after it left never left.
    mutating func recordArrival(_ item: ReviewRequest, initial: Bool) {
        if feed.explaining.removeValue(forKey: item.id) != nil { return }
        feed.changes.append(initial ? .listed(item) : .arrived(item))
    }

    /// Records what the engine's answer to one of this console's decisions means for the queue.
    mutating func recordAnswer(_ id: String, _ decision: Decision, error: EngineError?, by: String) {
        guard let row = table.items[id] else { return }
        switch error {
        case nil: feed.changes.append(.decided(row, status: decision.resultingStatus, by: by))
        case .alreadyResolved(_, let status)? where status == decision.resultingStatus:
            feed.changes.append(.decided(row, status: status, by: nil))
        case .alreadyResolved(_, let status)?: feed.changes.append(.resolved(row, status: status, by: nil))
        case .notFound?: feed.changes.append(.gone(row))
        case .expired?: feed.changes.append(.expired(row))
        default: break
        }
    }
}
