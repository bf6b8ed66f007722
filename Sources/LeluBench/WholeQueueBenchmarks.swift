import AsyncHTTPClient
import Foundation
import LocalEngine
import ReviewModel

// MARK: - Row 11: the whole queue on the current engine

/// The shipped loop against a current-dialect engine with thousands pending.
struct WholeQueueResult: Sendable {
    /// Requests pending.
    var items: Int
    /// Milliseconds from start until every request was in the table.
    var wholeQueueMs: Double
    /// Enqueue → first table row, with the queue that long.
    var visible = Samples()
    /// The loop's work per turn (answers, ticks, frames), milliseconds.
    var steps = Samples()
}

/// Row 11: `items` pending on the current dialect, 1 s polling: time to hold the whole queue,
/// enqueue → visible, and the longest single turn of the UI loop while pages arrive.
func benchWholeQueue(items: Int, samples: Int) async throws -> WholeQueueResult {
    let engine = try await LocalEngine.start(LocalEngineConfiguration(apiKey: benchKey, dialect: .current))
    _ = try await enqueue(base: engine.baseURL, count: items - 1)
    let client = try makeClient(engine.baseURL)
    let base = engine.baseURL
    let result = await MainActor.run { () -> Result<WholeQueueResult, BenchFailure> in
        // Room for the samples: past --max-requests the newest are not shown, by design.
        let console = HeadlessConsole(client: client, interval: 1, listLimit: 50, maxRequests: items + samples + 10)
        defer { console.close() }
        var out = WholeQueueResult(items: items, wholeQueueMs: 0)
        console.runner.onWork = { out.steps.add($0) }
        let start = monotonicMilliseconds()
        console.start()
        guard console.run(timeout: 60, until: { $0.state.table.items.count >= items - 1 }) else {
            return .failure(BenchFailure("the whole queue was not read in 60 s (\(console.state.table.items.count))"))
        }
        out.wholeQueueMs = monotonicMilliseconds() - start
        console.press(.char("S"))
        console.press(.char("g"))
        for n in 0..<samples {
            guard let ms = visibleAfterEnqueue(console, base: base, index: 200_000 + n, interval: 1) else {
                return .failure(BenchFailure("request \(n) never became visible with \(items) pending"))
            }
            out.visible.add(ms)
        }
        return .success(out)
    }
    await client.shutdown()
    await engine.stop()
    return try result.get()
}

/// Sends one request at a random phase of the poll cycle; milliseconds until a drawn frame shows
/// it as the first row, or on any row with `anyRow` (several engines: other engines' rows may sort first).
@MainActor
func visibleAfterEnqueue(
    _ console: HeadlessConsole, base: String, index: Int, action: String? = nil, anyRow: Bool = false, interval: TimeInterval
) -> Double? {
    var generator = SystemRandomNumberGenerator()
    console.run(timeout: Double.random(in: 0..<interval, using: &generator), until: { _ in false })
    let action = action ?? "bench_whole_\(index)"
    let body = authorizeBody(index: index, action: action)
    let sent = monotonicMilliseconds()
    Task.detached { _ = try? await authorize(HTTPClient.shared, base: base, body: body) }
    var seenAt: Double?
    console.terminal.onDraw = { grid in
        guard seenAt == nil else { return }
        let rows = anyRow ? 1..<grid.size.height : 2..<3
        if rows.contains(where: { rowText(grid, y: $0).contains(action) }) { seenAt = monotonicMilliseconds() }
    }
    console.run(timeout: interval * 4 + 5, until: { _ in seenAt != nil })
    console.terminal.onDraw = nil
    return seenAt.map { $0 - sent }
}

// MARK: - Row 12: July engines

/// The console against a July engine with more pending than its list shows.
struct JulyResult: Sendable {
    /// `memory` or `stream`.
    var store: String
    /// Requests pending.
    var items: Int
    /// Milliseconds from start until the header counted every request.
    var countRightMs: Double?
    /// `GET /v1/queue/{id}` a second, over the measured window.
    var getsPerSecond: Double
    /// Seconds measured.
    var seconds: Double
}

/// Row 12: `items` pending on a July engine, 1 s polling: how soon the header's count is right,
/// and how many GETs a second the checks cost once every row is being re-checked.
///
/// In memory the requests wait before the console starts (its list is a random 50 of them). The
/// stream lists only its 50 newest records, so a request is known only if the console was open
/// when it was among them: there they arrive while the console runs, 40 a second.
func benchJuly(store: QueueStoreKind, items: Int, seconds: Double) async throws -> JulyResult {
    let engine = try await LocalEngine.start(LocalEngineConfiguration(apiKey: benchKey, dialect: .july2026, store: store))
    let base = engine.baseURL
    if store == .memory { _ = try await enqueue(base: base, count: items) }
    let client = try makeClient(base)
    let feeder = store == .memory ? nil : Task.detached {
        for n in 0..<items {
            _ = try? await authorize(HTTPClient.shared, base: base, body: authorizeBody(index: n, action: "bench_july_\(n)"))
            try? await Task.sleep(for: .milliseconds(25))
        }
    }
    let result = await MainActor.run { () -> JulyResult in
        let console = HeadlessConsole(client: client, interval: 1, listLimit: 50)
        defer { console.close() }
        let start = monotonicMilliseconds()
        console.start()
        var countRight: Double?
        console.run(timeout: 60) { console in
            guard console.state.table.items.count >= items else { return false }
            countRight = monotonicMilliseconds() - start
            return true
        }
        // Every row is checked 30 s after it was last known (known from a listing too, once the
        // memory store shows): measure once that is under way.
        console.run(timeout: 30, until: { _ in false })
        let before = console.client.itemCalls
        let from = monotonicMilliseconds()
        console.run(timeout: seconds, until: { _ in false })
        let elapsed = (monotonicMilliseconds() - from) / 1000
        return JulyResult(store: store.rawValue, items: items, countRightMs: countRight,
                          getsPerSecond: Double(console.client.itemCalls - before) / elapsed, seconds: elapsed)
    }
    _ = await feeder?.result
    await client.shutdown()
    await engine.stop()
    return result
}

// MARK: - Report

extension BenchReport {
    /// Rows 11 and 12 of the headline table.
    func wholeQueueHeadline() -> [String] {
        var rows: [String] = []
        if let whole = results.wholeQueue {
            rows.append("| 11 | \(whole.items) pending, current engine, 1 s polling: enqueue → visible "
                + "| p50 \(fmt(whole.visible.p50)) ms, p99 \(fmt(whole.visible.p99)) ms | p99 ≤ 1,100 ms "
                + "| \(mark((whole.visible.p99 ?? .infinity) <= 1100)) |")
            rows.append("| 11 | the same: longest turn of the UI loop while pages arrive "
                + "| \(fmt(whole.steps.max)) ms (p99 \(fmt(whole.steps.p99)) ms, \(whole.steps.count) turns) "
                + "| ≤ 16 ms | \(mark((whole.steps.max ?? .infinity) <= 16)) |")
        }
        if let idle = results.idleWhole {
            let rss = (idle.rssKiB.max ?? 0) / 1024 * 1.048576
            rows.append("| 11 | idle, \(idle.items) pending, current engine, 1 s polling "
                + "| \(fmt(idle.cpuPercent)) % CPU, \(fmt(rss)) MB RSS | ≤ 3 %, ≤ 60 MB "
                + "| \(mark(idle.cpuPercent <= 3)) \(mark(rss <= 60)) |")
        }
        for july in results.july {
            rows.append("| 12 | \(july.items) pending, July `--store \(july.store)`, 1 s polling "
                + "| count right after \(july.countRightMs.map { fmt($0 / 1000) + " s" } ?? "never"), "
                + "\(fmt(july.getsPerSecond)) GETs/s | reported | — |")
        }
        return rows
    }

    /// The details of rows 11 and 12.
    func wholeQueueDetails() -> [String] {
        var out = ["### 11–12. The whole queue", ""]
        out.append("Row 11: a current-dialect engine with the pending count shown; the shipped `ConsoleRunner` with a "
            + "real `HTTPEngineClient` reads the newest page (100) every poll and the whole queue (500 a page) only "
            + "when the page's `total` does not add up, plus a slow page every 45 s (row 13). \"Whole queue\" is the time from start until every request is in the table. Enqueue → visible "
            + "is row 1's method with the queue that long. A turn is one pass of the loop without its wait: "
            + "answers reduced, a tick, a frame rendered. `--max-requests` is raised by the number of samples, "
            + "so the requests sent while measuring are not past it.")
        if let whole = results.wholeQueue {
            out.append("")
            out.append("| items | whole queue held after | visible p50 / p99 ms | turns | turn p50 / p99 / max ms |")
            out.append("|---|---|---|---|---|")
            out.append("| \(whole.items) | \(fmt(whole.wholeQueueMs / 1000)) s | \(fmt(whole.visible.p50)) / "
                + "\(fmt(whole.visible.p99)) | \(whole.steps.count) | \(fmt(whole.steps.p50)) / \(fmt(whole.steps.p99)) / "
                + "\(fmt(whole.steps.max)) |")
        }
        out.append("")
        out.append("Row 12: a July-dialect engine lists 50 at a time (memory: a random 50; stream: the 50 newest "
            + "records). In memory the requests wait before the console starts; on the stream they arrive while it "
            + "runs, 40 a second (a request enqueued while nobody watched and then pushed out of the 50 newest "
            + "cannot be known). The count is right when the table holds every request (the header then says "
            + "\"≥ N\"); GETs are the checks that keep each row true (every 30 s; on the memory store only rows no "
            + "answer listed for 10 s), measured from 30 s after that.")
        if !results.july.isEmpty {
            out.append("")
            out.append("| store | items | header count right after | GETs/s | measured s |")
            out.append("|---|---|---|---|---|")
            for july in results.july {
                out.append("| \(july.store) | \(july.items) | \(july.countRightMs.map { fmt($0 / 1000) + " s" } ?? "never") "
                    + "| \(fmt(july.getsPerSecond)) | \(fmt(july.seconds)) |")
            }
        }
        out.append("")
        return out
    }
}
