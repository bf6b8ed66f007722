import Foundation

// MARK: - Outcomes

/// What resolving a queue item did.
enum ResolveOutcome: Sendable, Equatable {
    /// This call resolved the item.
    case resolved
    /// No item has this id.
    case notFound
    /// Someone resolved the item first; carries the status it already has.
    case alreadyResolved(ReviewStatus)
}

/// What a long-poll on one item ended with.
enum WaitOutcome: Sendable, Equatable {
    /// No item has this id.
    case notFound
    /// The item is approved or denied.
    case resolved(ReviewItem)
    /// The timeout passed (or the engine is stopping) with the item still pending.
    case stillPending(ReviewItem)
}

// MARK: - Queue

/// The in-memory review queue: first writer wins, waiters wake on resolution.
actor ReviewQueue {
    /// A long-poll parked until its item resolves or its timer fires.
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        let timer: Task<Void, Never>
    }

    private var items: [String: ReviewItem] = [:]
    private var waiters: [String: [UUID: Waiter]] = [:]
    private var closing = false

    /// Adds a new pending item.
    func enqueue(_ item: ReviewItem) {
        items[item.id] = item
    }

    /// The item with this id, in any status.
    func item(_ id: String) -> ReviewItem? {
        items[id]
    }

    /// Up to `limit` pending items in a new random order on every call, like the Go map.
    func pending(limit: Int) -> [ReviewItem] {
        Array(items.values.filter { $0.status == .pending }.shuffled().prefix(max(0, limit)))
    }

    /// Approves or denies a pending item and wakes everyone waiting on it.
    func resolve(_ id: String, as status: ReviewStatus, by resolvedBy: String, note: String) -> ResolveOutcome {
        guard var item = items[id] else { return .notFound }
        guard item.status == .pending else { return .alreadyResolved(item.status) }
        item.status = status
        item.resolvedAt = Timestamp.now()
        item.resolvedBy = resolvedBy
        item.resolutionNote = note
        items[id] = item
        if let parked = waiters.removeValue(forKey: id) {
            for waiter in parked.values {
                waiter.timer.cancel()
                waiter.continuation.resume()
            }
        }
        return .resolved
    }

    /// Waits until the item is resolved or `timeout` passes, without polling.
    func wait(for id: String, timeout: Duration) async -> WaitOutcome {
        guard let current = items[id] else { return .notFound }
        guard current.status == .pending else { return .resolved(current) }
        if !closing && timeout > .zero {
            let token = UUID()
            await withCheckedContinuation { continuation in
                let timer = Task {
                    try? await Task.sleep(for: timeout)
                    self.expire(id, token)
                }
                waiters[id, default: [:]][token] = Waiter(continuation: continuation, timer: timer)
            }
        }
        guard let latest = items[id] else { return .notFound }
        return latest.status == .pending ? .stillPending(latest) : .resolved(latest)
    }

    /// Releases every parked long-poll (they answer 408) and refuses to park new ones.
    func close() {
        closing = true
        let parked = waiters.values.flatMap(\.values)
        waiters.removeAll()
        for waiter in parked {
            waiter.timer.cancel()
            waiter.continuation.resume()
        }
    }

    /// Times out one waiter if it is still parked.
    private func expire(_ id: String, _ token: UUID) {
        guard let waiter = waiters[id]?.removeValue(forKey: token) else { return }
        if waiters[id]?.isEmpty == true { waiters.removeValue(forKey: id) }
        waiter.continuation.resume()
    }
}
