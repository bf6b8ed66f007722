import Foundation
@testable import ReviewModel
import TestSupport

// MARK: - Simulated engine

/// One engine's queue as its list and GET answer it (docs/engines.md#the-pending-list), in process,
/// so the reducer's reads can be answered at an injected clock.
struct SimulatedEngine {
    /// Which engine and store it plays.
    enum Kind: CaseIterable, CustomStringConvertible {
        /// July 2026, in memory: at most 50 pending items, in random order.
        case julyMemory
        /// July 2026, Redis: the 50 newest enqueue records, listed as pending whatever they became.
        case julyStream
        /// Current: pending items newest first, `limit`/`offset` pages with `total`.
        case current

        /// The kind's name in failure messages.
        var description: String {
            switch self {
            case .julyMemory: "July memory"
            case .julyStream: "July stream"
            case .current: "current"
            }
        }
    }

    /// The engine played.
    let kind: Kind
    /// Every request ever enqueued, oldest first, as enqueued.
    private(set) var records: [ReviewRequest] = []
    /// Each request as it is now.
    private(set) var truth: [String: ReviewRequest] = [:]
    /// IDs whose GET fails with a server error.
    var failingGets: Set<String> = []
    /// Current engine on Redis: an expired request stays in the index (and in `total`) until a
    /// page reaches it (docs/engines.md#current-list); in memory `total` is exact.
    var redisIndex = false
    /// Expired requests still in the Redis index.
    private(set) var staleInIndex: Set<String> = []
    /// Whether the queue store is down: lists and reads fail as a real engine's do with Redis down.
    var storeDown = false
    /// The July list's cap.
    let cap = 50
    private var rng: SeededRandom
    private var next = 0

    /// An empty engine.
    init(_ kind: Kind, seed: UInt64) {
        self.kind = kind
        rng = SeededRandom(seed: seed)
    }

    /// Pending IDs.
    var pending: Set<String> { Set(truth.values.filter { $0.status == .pending }.map(\.id)) }

    // MARK: - Changes

    /// Enqueues `count` requests at `now`, a millisecond apart.
    mutating func enqueue(_ count: Int, at now: Date) {
        for i in 0..<count {
            next += 1
            let item = ReviewRequest(id: String(format: "r%05d", next), actor: "bot", action: "act_\(next)",
                                     confidence: 0.78, reason: "needs review",
                                     enqueuedAt: now.addingTimeInterval(Double(i) / 1000))
            records.append(item)
            truth[item.id] = item
        }
    }

    /// Another reviewer decides a request.
    mutating func resolve(_ id: String, _ status: ReviewStatus = .approved, by reviewer: String = "bob", at: Date? = nil) {
        guard var item = truth[id], item.status == .pending else { return }
        item.status = status
        item.resolvedBy = reviewer
        item.resolvedAt = at
        truth[id] = item
    }

    /// A request waits past the engine's pending max age: it reads as `expired`.
    mutating func expire(_ id: String) {
        guard var item = truth[id], item.status == .pending else { return }
        item.status = .expired
        truth[id] = item
        if redisIndex { staleInIndex.insert(id) }
    }

    /// The engine loses a request altogether (restarted, or it aged out).
    mutating func forget(_ id: String) {
        truth[id] = nil
        records.removeAll { $0.id == id }
    }

    /// The July Redis store's record of a request ages out (24 h) while its stream entry stays listed.
    mutating func ageOutRecord(_ id: String) {
        truth[id] = nil
    }

    /// A random pending request, if any.
    mutating func randomPending() -> String? { pending.sorted().randomElement(using: &rng) }

    // MARK: - Answers

    /// `GET /v1/queue/pending` without parameters.
    mutating func list() -> PendingList {
        switch kind {
        case .julyMemory:
            let items = truth.values.filter { $0.status == .pending }.shuffled(using: &rng)
            return PendingList(items: Array(items.prefix(cap)), reportedCount: min(cap, items.count))
        case .julyStream:
            let newest = records.suffix(cap).reversed().map { record -> ReviewRequest in record }
            return PendingList(items: Array(newest), reportedCount: newest.count)
        case .current:
            return page(PageRequest(offset: 0, limit: cap, purpose: .arrivals))
        }
    }

    /// `GET /v1/queue/pending?limit=L&offset=O` (the July engine ignores both).
    mutating func page(_ page: PageRequest) -> PendingList {
        guard kind == .current else { return list() }
        let index = truth.values.filter { $0.status == .pending || staleInIndex.contains($0.id) }
            .sorted { ($0.enqueuedAt ?? .distantPast, $0.id) > ($1.enqueuedAt ?? .distantPast, $1.id) }
        let slice = index.dropFirst(page.offset).prefix(page.limit)
        // Redis: stale entries the page reached are removed, and not replaced on it.
        let stale = slice.filter { staleInIndex.contains($0.id) }.map(\.id)
        staleInIndex.subtract(stale)
        let items = slice.filter { $0.status == .pending }
        return PendingList(items: Array(items), reportedCount: items.count, total: index.count - stale.count)
    }

    /// `GET /v1/queue/{id}`.
    func get(_ id: String) -> Result<ReviewRequest, EngineError> {
        if failingGets.contains(id) { return .failure(.server(status: 500, message: "queue: get: boom")) }
        guard let item = truth[id] else { return .failure(.notFound(id: id)) }
        return .success(item)
    }

    /// An approve or deny from the console.
    mutating func decide(_ id: String, _ decision: Decision) -> EngineError? {
        guard let item = truth[id] else { return .notFound(id: id) }
        guard item.status == .pending else { return .alreadyResolved(id: id, status: item.status) }
        resolve(id, decision == .approve ? .approved : .denied, by: "oncall@ops")
        return nil
    }
}

// MARK: - Harness

/// A console wired to a simulated engine: every effect is answered at once, at the injected clock.
struct SyncHarness {
    /// The console.
    var state: ConsoleState
    /// The engine.
    var engine: SimulatedEngine
    /// The injected clock.
    private(set) var now = testNow
    /// Checks sent, with their time.
    private(set) var checks: [(Date, String)] = []
    /// Pages asked for, with their time.
    private(set) var pages: [(Date, PageRequest)] = []
    /// Notifications the reducer asked for.
    private(set) var notified: [DesktopNotification] = []
    /// Queue changes handed out (when the feed reports).
    private(set) var reported: [QueueChange] = []
    /// Runs before each whole-queue page is answered (the queue shifting under a read).
    var beforeSweepPage: ((inout SimulatedEngine) -> Void)?

    /// A console that has started against `engine`.
    init(_ engine: SimulatedEngine, size: Size = Size(width: 120, height: 30),
         configure: (inout ConsoleState) -> Void = { _ in }) {
        self.engine = engine
        state = ConsoleState(engineLabel: "127.0.0.1:8080", reviewer: "oncall@ops", now: testNow, size: size)
        state.undoWindow = 0
        configure(&state)
        perform(reduce(&state, .started(testNow)))
    }

    /// Advances the clock and ticks.
    mutating func advance(_ seconds: TimeInterval) {
        now = now.addingTimeInterval(seconds)
        perform(reduce(&state, .tick(now)))
    }

    /// Presses a key.
    mutating func press(_ key: Key) {
        perform(reduce(&state, .key(key)))
    }

    /// Answers effects until none are left.
    mutating func perform(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            if let event = answer(effect) { queue += reduce(&state, event) }
        }
    }

    /// The event that answers an effect (nil for effects with no answer).
    private mutating func answer(_ effect: Effect) -> Event? {
        switch effect {
        case .fetchPending where engine.storeDown:
            return .pollFailed(.storeFailing(message: "queue: xrevrange: connection refused"), at: now)
        case .fetchPage(let page) where engine.storeDown:
            return .pageFailed(.storeFailing(message: "queue: index size: connection refused"), page: page, at: now)
        case .fetchPending:
            return .pollSucceeded(engine.list(), at: now)
        case .fetchPage(let page):
            pages.append((now, page))
            if page.purpose == .sweep { beforeSweepPage?(&engine) }
            return .pageSucceeded(engine.page(page), page: page, at: now)
        case .checkItem(let id):
            checks.append((now, id))
            switch engine.get(id) {
            case .success(let item): return .itemChecked(item, at: now)
            case .failure(let error): return .itemCheckFailed(id: id, error: error, at: now)
            }
        case .fetchItem(let id):
            switch engine.get(id) {
            case .success(let item): return .itemFetched(item, at: now)
            case .failure(let error): return .itemFetchFailed(id: id, error: error, at: now)
            }
        case .submit(let id, let decision, _) where engine.storeDown:
            return .decisionFailed(id: id, decision: decision, error: .storeFailing(message: "queue: get: refused"), at: now)
        case .submit(let id, let decision, _):
            if let error = engine.decide(id, decision) {
                return .decisionFailed(id: id, decision: decision, error: error, at: now)
            }
            return .decisionSucceeded(id: id, decision: decision, at: now)
        case .probeEngine:
            let api: EngineProfile.API = engine.kind == .current ? .current : .july2026
            return .engineProbed(EngineProfile(api: api, reviewerCredentials: false))
        case .notify(let notification):
            notified.append(notification)
            return nil
        case .report(let changes):
            reported += changes
            return nil
        case .journal, .setTitle, .bell, .quit, .openJournal, .loadHistory, .loadRecord, .engine:
            return nil
        }
    }

    /// The header line as drawn.
    var header: String { render(state, size: state.size, theme: .default).text(row: 0) }
}
