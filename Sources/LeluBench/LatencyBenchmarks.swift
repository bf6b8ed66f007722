import AsyncHTTPClient
import Foundation
import LocalEngine
import ReviewModel

// MARK: - Row 1: enqueue → visible

/// Enqueue-to-visible latencies for one poll interval.
struct VisibleResult: Sendable {
    var interval: TimeInterval
    var latency = Samples()
    /// Items in the queue while measuring.
    var items: Int
}

/// Row 1: an agent request is sent; time until its row is in the rendered grid.
///
/// The engine holds ~200 pending items; the table is sorted newest first (`S`), so a new row
/// lands on the first table row. Each sample waits a random fraction of the interval first,
/// so requests arrive at every phase of the poll cycle.
func benchEnqueueToVisible(interval: TimeInterval, samples: Int) async throws -> VisibleResult {
    let engine = try await startEngine(listLimit: 10_000)
    let items = 200
    _ = try await enqueue(base: engine.baseURL, count: items - 1)
    let client = try makeClient(engine.baseURL)
    let base = engine.baseURL
    let result = await MainActor.run { () -> Result<Samples, BenchFailure> in
        let console = HeadlessConsole(client: client, interval: interval)
        defer { console.close() }
        console.start()
        guard console.run(timeout: 10, until: { $0.state.table.items.count >= items - 1 }) else {
            return .failure(BenchFailure("the first poll did not arrive"))
        }
        console.press(.char("S"))  // newest first: a new request is the first row
        console.press(.char("g"))  // and show the top (the cursor followed the oldest row down)
        var latency = Samples()
        var generator = SystemRandomNumberGenerator()
        for n in 0..<samples {
            let pause = Double.random(in: 0..<interval, using: &generator)
            console.run(timeout: pause, until: { _ in false })
            let action = "bench_visible_\(n)"
            let body = authorizeBody(index: 100_000 + n, action: action)
            let id = Locked<String?>(nil)
            let sent = monotonicMilliseconds()
            Task.detached {
                let reviewID = try? await authorize(HTTPClient.shared, base: base, body: body)
                id.with { $0 = reviewID }
            }
            var seenAt: Double?
            console.terminal.onDraw = { grid in
                // Row 2 of the screen is the first table row.
                if seenAt == nil, rowText(grid, y: 2).contains(action) { seenAt = monotonicMilliseconds() }
            }
            console.run(timeout: interval * 4 + 5, until: { _ in seenAt != nil })
            console.terminal.onDraw = nil
            guard let seenAt else {
                let screen = (0..<5).map { rowText(console.frame ?? Grid(size: benchSize), y: $0) }
                return .failure(BenchFailure("request \(n) never became visible (\(console.state.table.items.count) items, "
                    + "\(console.state.sync.connection)); screen:\n" + screen.joined(separator: "\n")))
            }
            latency.add(seenAt - sent)
            // Keep the queue at ~200: take the new request out again, engine-side.
            if let reviewID = id.with({ $0 }) {
                Task.detached {
                    try? await client.resolve(id: reviewID, decision: .deny, resolvedBy: "bench-cleanup", note: "")
                }
            }
        }
        return .success(latency)
    }
    await client.shutdown()
    await engine.stop()
    return VisibleResult(interval: interval, latency: try result.get(), items: items)
}

/// One row of a grid as text (cheaper than `Grid.lines` for the whole screen).
func rowText(_ grid: Grid, y: Int) -> String {
    var text = ""
    for x in 0..<grid.size.width { text += grid[x, y].text }
    return text
}

// MARK: - Row 2: keystroke → on the wire

/// Row 2: `a` (undo window 0) until the engine has recorded the approval.
///
/// The key time is taken when the terminal hands the key to the runner; the arrival time is
/// the engine's own `resolved_at` (same process, same wall clock), which it stamps when the
/// request has been read and the queue updated.
func benchKeyToWire(samples: Int) async throws -> Samples {
    let engine = try await startEngine(listLimit: 10_000)
    _ = try await enqueue(base: engine.baseURL, count: samples + 10)
    let client = try makeClient(engine.baseURL)
    let pressed = await MainActor.run { () -> Result<[(String, Date)], BenchFailure> in
        let console = HeadlessConsole(client: client, interval: 1, undoWindow: 0)
        defer { console.close() }
        console.start()
        guard console.run(timeout: 10, until: { $0.state.table.items.count >= samples }) else {
            return .failure(BenchFailure("the first poll did not arrive"))
        }
        var pressed: [(String, Date)] = []
        for _ in 0..<samples {
            console.run(timeout: 0.02, until: { _ in false })
            // The approved row left and the cursor moved on: the reviewer selects the top row
            // (what they now see) before the next key, as the selection guard asks.
            console.press(.char("g"))
            guard let id = console.state.table.cursorID else { return .failure(BenchFailure("no row selected")) }
            console.press(.char("a"))
            guard let at = console.terminal.keyHandedAt else { return .failure(BenchFailure("the key was not read")) }
            pressed.append((id, at))
            guard console.run(timeout: 5, until: { $0.state.unsentCount == 0 && $0.client.answeredAt[id] != nil }) else {
                return .failure(BenchFailure("approve of \(id) was not answered"))
            }
        }
        return .success(pressed)
    }
    var latency = Samples()
    for (id, at) in try pressed.get() {
        let item = try await client.item(id: id)
        guard item.status == .approved, let resolvedAt = item.resolvedAt else {
            throw BenchFailure("\(id) is \(item.status) on the engine, not approved")
        }
        latency.add(resolvedAt.timeIntervalSince(at) * 1000)
    }
    await client.shutdown()
    await engine.stop()
    return latency
}

// MARK: - Row 6: bulk approvals

/// One bulk round: 1,000 marked rows approved with `*`, `a`, `y`.
struct BulkResult: Sendable {
    /// Seconds from `y` until every answer was in, per round.
    var total = Samples()
    /// Per-decision milliseconds from `y` to its answer, over all rounds.
    var perDecision = Samples()
    /// Approvals the engine shows, per round.
    var approvedOnEngine: [Int] = []
    var count: Int
    var maxInFlightSeen = 0
}

/// Row 6: 1,000 marked approvals through the reducer's bounded sending (8 in flight).
func benchBulk(count: Int, rounds: Int) async throws -> BulkResult {
    var result = BulkResult(count: count)
    for _ in 0..<rounds {
        let engine = try await startEngine(listLimit: 10_000)
        let ids = try await enqueue(base: engine.baseURL, count: count)
        let client = try makeClient(engine.baseURL)
        let round = await MainActor.run { () -> Result<(Double, [Double], Int), BenchFailure> in
            let console = HeadlessConsole(client: client, interval: 1, undoWindow: 0)
            defer { console.close() }
            console.start()
            guard console.run(timeout: 10, until: { $0.state.table.items.count >= count }) else {
                return .failure(BenchFailure("the first poll did not arrive"))
            }
            console.press(.char("g"))  // a reviewer's own move: the selection guard is off
            console.press(.char("*"))
            console.press(.char("a"))
            let start = monotonicMilliseconds()
            console.press(.char("y"))
            var maxInFlight = 0
            let done = console.run(timeout: 120) { c in
                maxInFlight = max(maxInFlight, c.state.decisionsInFlight)
                return c.state.unsentCount == 0
            }
            // The end is when the console has handled the last answer, not when it arrived.
            let end = monotonicMilliseconds()
            let answers = console.client.answeredAt
            guard done, answers.count >= count else {
                return .failure(BenchFailure("bulk approval did not finish in 120 s (\(answers.count) answers)"))
            }
            return .success(((end - start) / 1000, answers.values.map { $0 - start }, maxInFlight))
        }
        let (seconds, each, maxInFlight) = try round.get()
        result.total.add(seconds)
        result.perDecision.values += each
        result.maxInFlightSeen = max(result.maxInFlightSeen, maxInFlight)
        // None lost: ask the engine about every one.
        var approved = 0
        for id in ids where (try? await client.item(id: id))?.status == .approved { approved += 1 }
        result.approvedOnEngine.append(approved)
        await client.shutdown()
        await engine.stop()
    }
    return result
}
