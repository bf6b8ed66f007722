import Foundation

// MARK: - Row 13 in the suite

/// Row 13: 1, 5 and 20 consoles on one engine with 5,000 pending, idle and while another client
/// resolves 10 a second; then one console at 5,000 pending while one is resolved every 2 s (the
/// idle console's departures), and one idle console at 50 and at 5,000 pending for a minute.
func runEngineLoadRows(_ options: BenchOptions, _ results: inout BenchResults) async throws {
    guard options.only.map({ $0.contains(13) }) ?? true else { return }
    let binaries = try await releaseBinaries()
    let seconds = options.quick ? 20.0 : 40.0
    for consoles in [1, 5, 20] {
        for resolves in [0.0, 10] {
            progress("engine load: \(consoles) console(s), 5,000 pending, \(resolves) resolved elsewhere a second")
            results.engineLoad.append(try await benchEngineLoad(binaries: binaries, consoles: consoles, items: 5_000,
                                                                resolves: resolves, seconds: seconds))
        }
    }
    progress("engine load: one console, 5,000 pending, one resolved elsewhere every 2 s")
    results.engineLoad.append(try await benchEngineLoad(binaries: binaries, consoles: 1, items: 5_000, resolves: 0.5,
                                                        seconds: options.quick ? 30 : 60))
    for items in [50, 5_000] {
        progress("engine load: one idle console, \(items) pending, a minute")
        results.perConsole.append(try await benchEngineLoad(binaries: binaries, consoles: 1, items: items, resolves: 0,
                                                            seconds: options.quick ? 30 : 60))
    }
}

// MARK: - Report

extension BenchReport {
    /// Row 13 of the headline table.
    func engineLoadHeadline() -> [String] {
        var rows: [String] = []
        if let idle = results.perConsole.first(where: { $0.items == 5_000 }) {
            let perMinute = idle.requestsPerSecond * 60
            rows.append("| 13 | one idle console, 5,000 pending, current engine, 1 s polling: engine requests "
                + "| \(fmt(perMinute))/min | ≤ 62/min | \(mark(perMinute <= 62)) |")
        }
        if let some = results.engineLoad.first(where: { $0.consoles == 1 && $0.resolvesPerSecond == 0.5 }) {
            rows.append("| 13 | the same, one resolved elsewhere every 2 s: gone from the table "
                + "| p50 \(fmt(some.gone.p50)) s, p99 \(fmt(some.gone.p99)) s (\(some.gone.count)) | p99 ≤ 15 s "
                + "| \(mark((some.gone.p99 ?? .infinity) <= 15)) |")
        }
        if let churn = results.engineLoad.first(where: { $0.consoles == 1 && $0.resolvesPerSecond == 10 }) {
            rows.append("| 13 | the same, 10 resolved elsewhere a second: gone from the table "
                + "| p50 \(fmt(churn.gone.p50)) s, p99 \(fmt(churn.gone.p99)) s (\(churn.gone.count)) | reported | — |")
        }
        if let twenty = results.engineLoad.first(where: { $0.consoles == 20 && $0.resolvesPerSecond == 0 }) {
            rows.append("| 13 | 20 idle consoles, 5,000 pending: engine requests "
                + "| \(fmt(twenty.requestsPerSecond))/s, \(fmt(twenty.engineCPUPercent)) % engine CPU | ≤ 21/s "
                + "| \(mark(twenty.requestsPerSecond <= 21)) |")
        }
        return rows
    }

    /// The details of row 13.
    func engineLoadDetails() -> [String] {
        guard !results.engineLoad.isEmpty || !results.perConsole.isEmpty else { return [] }
        var out = ["### 13. Several consoles on one engine", ""]
        out.append("The shipped `ConsoleRunner` (as in row 11, real `HTTPEngineClient`, 1 s polling, 50 a page on the "
            + "first poll) in N copies, stepped in turn in one process, against one release `lelu-local-engine "
            + "--dialect current --verbose` process with 5,000 pending. The engine's log (one line per request, "
            + "with its response size) counts the consoles' requests (GETs; the other client's approvals are POSTs "
            + "and not counted) and bytes; its CPU is the engine process's user + system time from /proc "
            + "(including writing that log). Measured after every console held the whole queue and 15 s more. "
            + "\"Resolved elsewhere\" approves random pending requests through the API at the rate given; \"gone\" "
            + "is from the approval until the request left every console's table.")
        out.append("")
        out.append("| consoles | resolved elsewhere /s | engine requests /s | per console /min | engine KB/s "
            + "| engine CPU % | whole-queue reads started | gone p50 / p99 / max s | measured s |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for row in results.engineLoad + results.perConsole {
            out.append("| \(row.consoles) (\(row.items) pending) | \(fmt(row.resolvesPerSecond)) | \(fmt(row.requestsPerSecond)) "
                + "| \(fmt(row.requestsPerSecond * 60 / Double(row.consoles))) | \(fmt(row.bytesPerSecond / 1000)) "
                + "| \(fmt(row.engineCPUPercent)) | \(row.sweeps) "
                + "| \(fmt(row.gone.p50)) / \(fmt(row.gone.p99)) / \(fmt(row.gone.max)) | \(fmt(row.seconds)) |")
        }
        out.append("")
        return out
    }
}
