import ConsoleRuntime
import Foundation
import ReviewModel

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Injected clock and engine

/// The simulated week's clock: the runner reads it; the benchmark moves it.
final class SimulatedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// A clock at `start`.
    init(_ start: Date) {
        current = start
    }

    /// The simulated time.
    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock on.
    func advance(_ seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }
}

/// An in-memory engine: requests arrive when the benchmark says, leave when decided.
final class WeekEngine: EngineClient, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String: ReviewRequest] = [:]

    /// Adds a pending request.
    func arrive(_ item: ReviewRequest) {
        lock.lock()
        items[item.id] = item
        lock.unlock()
    }

    func health() async throws(EngineError) -> EngineHealth { EngineHealth(status: "ok", service: "bench") }

    func pending() async throws(EngineError) -> PendingList {
        let all = lock.withLock { Array(items.values) }
        return PendingList(items: all, total: all.count)
    }

    /// A page as the current engine gives it: newest first, with `total`.
    func pending(page: PageRequest) async throws(EngineError) -> PendingList {
        let all = lock.withLock { Array(items.values) }
            .sorted { ($0.enqueuedAt ?? .distantPast, $0.id) > ($1.enqueuedAt ?? .distantPast, $1.id) }
        return PendingList(items: Array(all.dropFirst(page.offset).prefix(page.limit)), total: all.count)
    }

    func item(id: String) async throws(EngineError) -> ReviewRequest {
        guard let item = lock.withLock({ items[id] }) else { throw .notFound(id: id) }
        return item
    }

    func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
        -> ResolveReceipt
    {
        guard lock.withLock({ items.removeValue(forKey: id) }) != nil else { throw .notFound(id: id) }
        return ResolveReceipt(resolvedBy: resolvedBy, reviewerAuthenticated: nil)
    }
}

// MARK: - Row 10

/// 100,000 requests arriving over a simulated week, ten a minute, each approved with `a` as it
/// arrives, through the shipped ``ConsoleRunner`` (poll, reduce, render 200x60, journal with
/// rotation) on an injected clock; RSS and key → frame latency at the start and the end.
@MainActor
func benchWeek(requests: Int) throws -> WeekResult {
    let directory = URL(fileURLWithPath: FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        .appendingPathComponent("lelu-bench-week-\(getpid())")
    try? FileManager.default.removeItem(at: directory)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let journal = Journal(path: directory.appendingPathComponent("decisions.jsonl").path)
    let clock = SimulatedClock(Date())
    let engine = WeekEngine()
    let terminal = BenchTerminal(size: benchSize)
    var state = ConsoleState(engineLabel: "127.0.0.1:8080", engineURL: "http://127.0.0.1:8080", reviewer: "oncall@ops",
                             pollInterval: 1, now: clock.now, size: benchSize)
    state.apply(ReviewPreferences(undoWindow: 0))
    let runner = ConsoleRunner(state: state, client: engine, terminal: terminal, theme: .default, journal: journal,
                               clock: { clock.now })
    runner.begin()
    var result = WeekResult()
    let perMinute = 10
    let minutes = requests / perMinute
    let wallStart = Date()
    let simulatedStart = clock.now
    for minute in 0..<minutes {
        for n in 0..<perMinute {
            let id = "wk-\(minute)-\(n)-\(UUID().uuidString.prefix(8))"
            engine.arrive(ReviewRequest(id: id, actor: "agent-\(n)", action: "issue_refund",
                                        confidence: 0.6, reason: "week", enqueuedAt: clock.now))
        }
        clock.advance(1.01)
        try settle(runner) { $0.state.table.items.count >= perMinute && !$0.state.sync.pollInFlight }
        if minute == 60 { keyLatency(runner, terminal, into: &result.keyBefore) }
        if minute == minutes - 1 { keyLatency(runner, terminal, into: &result.keyAfter) }
        for _ in 0..<perMinute {
            // The decided row left and the cursor moved on: the reviewer selects the top row (what
            // they now see), which the selection guard asks before the next decision key.
            terminal.type(.char("g"))
            _ = runner.step(waitMilliseconds: 0)
            terminal.type(.char("a"))
            _ = runner.step(waitMilliseconds: 0)
            try settle(runner) { $0.state.unsentCount == 0 }
            result.decided += 1
        }
        guard runner.state.table.items.isEmpty else {
            throw BenchFailure("minute \(minute): \(runner.state.table.items.count) requests left undecided")
        }
        if minute == 60 { result.rssBeforeKiB = rssKiB(getpid()) ?? 0 }
        if (minute + 1) % max(1, minutes / 10) == 0 { result.rssTrajectoryKiB.append(rssKiB(getpid()) ?? 0) }
        clock.advance(60 - 1.01)
    }
    runner.drainJournal()
    result.requests = minutes * perMinute
    result.simulatedDays = clock.now.timeIntervalSince(simulatedStart) / 86_400
    result.wallSeconds = Date().timeIntervalSince(wallStart)
    result.rssAfterKiB = rssKiB(getpid()) ?? 0
    result.historyRows = runner.state.historyRowCount
    result.archives = journal.archives().count
    return result
}

/// Steps the runner until `done` holds (engine answers wake it); fails after 10 s of wall time.
@MainActor
private func settle(_ runner: ConsoleRunner, _ done: (ConsoleRunner) -> Bool) throws {
    let deadline = Date().addingTimeInterval(10)
    while !done(runner) {
        guard Date() < deadline else { throw BenchFailure("the simulated week stalled") }
        _ = runner.step(waitMilliseconds: 5)
    }
}

/// 1,000 cursor moves, each timed from the key to the frame the runner draws.
@MainActor
private func keyLatency(_ runner: ConsoleRunner, _ terminal: BenchTerminal, into samples: inout Samples) {
    for i in 0..<1000 {
        let before = terminal.frames
        terminal.type(.char(i % 2 == 0 ? "j" : "k"))
        let begin = monotonicMilliseconds()
        // One step reads the key, the next draws its frame.
        for _ in 0..<3 where terminal.frames == before { _ = runner.step(waitMilliseconds: 0) }
        if terminal.frames > before { samples.add(monotonicMilliseconds() - begin) }
    }
}
