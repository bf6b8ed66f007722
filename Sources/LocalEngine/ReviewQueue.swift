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
    /// Current dialect: the item waited too long and can no longer be resolved.
    case expired
}

/// What a long-poll on one item ended with.
enum WaitOutcome: Sendable, Equatable {
    /// No item has this id.
    case notFound
    /// The item is approved, denied or expired.
    case resolved(ReviewItem)
    /// The timeout passed (or the engine is stopping) with the item still pending.
    case stillPending(ReviewItem)
}

/// What redeeming an approval did.
enum RedeemOutcome: Sendable, Equatable {
    /// No item has this id.
    case notFound
    /// The approval was used up by this call.
    case redeemed
    /// Refused, with the engine's reason; a refusal does not use up the approval.
    case refused(String)
}

/// The rules a queue reads and writes items by.
struct QueueRules: Sendable {
    /// Whether pending items turn `expired` after ``pendingMaxAge`` (current dialect).
    var expires = false
    var pendingMaxAge: Duration = .seconds(7 * 24 * 3600)
    var approvalTTL: Duration = .seconds(15 * 60)
    /// Whether enqueue records are kept as written, for the July Redis stream.
    var keepsStream = false
}

// MARK: - Queue

/// The in-memory review queue: first writer wins, waiters wake on resolution.
actor ReviewQueue {
    /// A long-poll parked until its item resolves or its timer fires.
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        let timer: Task<Void, Never>
    }

    let rules: QueueRules
    private var items: [String: ReviewItem] = [:]
    /// Ids in enqueue order, oldest first.
    private var order: [String] = []
    /// The July Redis stream: each item as it was when enqueued, oldest first.
    private var stream: [ReviewItem] = []
    private var waiters: [String: [UUID: Waiter]] = [:]
    private var closing = false

    init(rules: QueueRules = QueueRules()) {
        self.rules = rules
    }

    /// Adds a new pending item.
    func enqueue(_ item: ReviewItem) {
        if items[item.id] == nil { order.append(item.id) }
        items[item.id] = item
        if rules.keepsStream { stream.append(item) }
    }

    /// Every id in enqueue order, oldest first (for tests: the July engine's reply names no item).
    func enqueuedIDs() -> [String] {
        order
    }

    /// The item with this id, in any status (`expired` worked out now).
    func item(_ id: String) -> ReviewItem? {
        items[id].map { view($0) }
    }

    /// The item as a reader sees it: pending past its age reads as `expired`.
    private func view(_ item: ReviewItem, at now: Timestamp = .now()) -> ReviewItem {
        guard rules.expires, item.status == .pending, now > item.enqueuedAt.adding(rules.pendingMaxAge) else { return item }
        var expired = item
        expired.status = .expired
        return expired
    }

    // MARK: - Lists

    /// July memory store: up to `limit` pending items in a new random order on every call, like the Go map.
    func shuffledPending(limit: Int) -> [ReviewItem] {
        Array(items.values.filter { $0.status == .pending }.shuffled().prefix(max(0, limit)))
    }

    /// July Redis store: the newest `limit` enqueue records, newest first, as they were written.
    func streamPending(limit: Int) -> [ReviewItem] {
        Array(stream.suffix(max(0, limit)).reversed())
    }

    /// Current dialect: one page of the really pending items, newest first, and how many there are.
    func page(limit: Int, offset: Int) -> (items: [ReviewItem], total: Int) {
        let now = Timestamp.now()
        let pending = order.reversed().compactMap { items[$0] }.filter { view($0, at: now).status == .pending }
        guard offset < pending.count else { return ([], pending.count) }
        return (Array(pending[offset..<min(pending.count, offset + limit)]), pending.count)
    }

    // MARK: - Decisions

    /// Approves or denies a pending item and wakes everyone waiting on it.
    func resolve(_ id: String, as status: ReviewStatus, by resolvedBy: String, note: String) -> ResolveOutcome {
        guard let stored = items[id] else { return .notFound }
        let current = view(stored)
        if current.status == .expired { return .expired }
        guard current.status == .pending else { return .alreadyResolved(current.status) }
        var item = stored
        item.status = status
        item.resolvedAt = Timestamp.now()
        item.resolvedBy = resolvedBy
        item.resolutionNote = note
        items[id] = item
        wake(id)
        return .resolved
    }

    /// Uses up an approval for the request whose effect has `fingerprint`, once, within the approval TTL.
    func redeem(_ id: String, fingerprint: String) -> RedeemOutcome {
        guard let stored = items[id] else { return .notFound }
        let now = Timestamp.now()
        let item = view(stored, at: now)
        switch item.status {
        case .pending: return .refused(WireText.redeemPending)
        case .expired: return .refused(WireText.redeemExpiredReview)
        case .denied: return .refused(WireText.redeemDenied)
        case .approved: break
        }
        guard !item.payloadFingerprint.isEmpty else { return .refused(WireText.redeemUnbound) }
        guard constantTimeEquals(item.payloadFingerprint, fingerprint) else { return .refused(WireText.redeemMismatch) }
        if let resolvedAt = item.resolvedAt, now > resolvedAt.adding(rules.approvalTTL) {
            return .refused(WireText.redeemTooOld(rules.approvalTTL))
        }
        guard item.redeemedAt == nil else { return .refused(WireText.redeemAlready) }
        var redeemed = stored
        redeemed.redeemedAt = now
        items[id] = redeemed
        return .redeemed
    }

    // MARK: - Long-poll

    /// Waits until the item is resolved (or expires) or `timeout` passes, without polling.
    func wait(for id: String, timeout: Duration) async -> WaitOutcome {
        guard let stored = items[id] else { return .notFound }
        let current = view(stored)
        guard current.status == .pending else { return .resolved(current) }
        var park = timeout
        if rules.expires {
            let deadline = stored.enqueuedAt.adding(rules.pendingMaxAge)
            let now = Timestamp.now()
            let left = Duration.seconds(deadline.seconds - now.seconds) + .nanoseconds(deadline.nanoseconds - now.nanoseconds)
            park = min(park, left + .milliseconds(1))
        }
        if !closing && park > .zero {
            let token = UUID()
            await withCheckedContinuation { continuation in
                let timer = Task {
                    try? await Task.sleep(for: park)
                    self.expire(id, token)
                }
                waiters[id, default: [:]][token] = Waiter(continuation: continuation, timer: timer)
            }
        }
        guard let latest = items[id].map({ view($0) }) else { return .notFound }
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

    /// Wakes everyone parked on `id`.
    private func wake(_ id: String) {
        guard let parked = waiters.removeValue(forKey: id) else { return }
        for waiter in parked.values {
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
