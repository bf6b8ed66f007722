import Foundation
import LocalEngine

// MARK: - Options

/// Command-line options.
struct BenchOptions: Sendable {
    /// Fewer samples and a 15 s idle run.
    var quick = false
    /// Leave out row 7 (it needs tmux, `script` and the release binaries).
    var skipIdle = false
    /// Only these rows (all when nil); for working on one row, not for reports.
    var only: Set<Int>?
    /// Where the report goes.
    var out = "BENCHMARKS.md"
    /// Built without optimisation.
    var debugBuild = false
}

// MARK: - Results

/// Everything one run measured.
struct BenchResults: Sendable {
    var visible: [VisibleResult] = []
    var keyToWire = Samples()
    var sizes: [SizeCosts] = []
    var bulk: BulkResult?
    var idle: IdleResult?
    var idleSkipped: String?
    var wholeQueue: WholeQueueResult?
    var idleWhole: IdleResult?
    var july: [JulyResult] = []
    /// Row 13: 1, 5 and 20 consoles on one engine.
    var engineLoad: [EngineLoadResult] = []
    /// Row 13: one idle console's requests at 50 and 5,000 pending.
    var perConsole: [EngineLoadResult] = []
    /// Rows 8–10: a year of journal, `history --since 1h`, a simulated week.
    var longUse: LongUseResult?
    /// Row 14: the wide table's render and the reviewer's record lookup.
    var evidence: EvidenceResult?
    /// Row 15: three engines, one answering after 10 s.
    var severalEngines: SeveralEnginesResult?
    /// Row 15: idle on three engines with 1,000 pending each.
    var severalIdle: IdleResult?
    /// Row 15: idle on one current engine with 1,000 pending, in the same run.
    var severalIdleBaseline: IdleResult?
    /// Row 15: idle on one July memory engine with 1,000 pending, in the same run.
    var severalIdleJuly: IdleResult?
    /// Why row 15's idle line is missing.
    var severalIdleSkipped: String?
}

/// Prints a progress line to standard error.
func progress(_ text: String) {
    FileHandle.standardError.write(Data("lelu-bench: \(text)\n".utf8))
}

// MARK: - Suite

/// Runs every row.
func runAll(_ options: BenchOptions) async throws -> BenchResults {
    var results = BenchResults()
    let quick = options.quick
    func wanted(_ rows: Int...) -> Bool { options.only.map { !$0.isDisjoint(with: rows) } ?? true }

    for items in [50, 1000, 10_000] where wanted(3, 4, 5) {
        progress("render, filter, decode at \(items) items")
        results.sizes.append(try await benchSize(items, repetitions: quick ? 60 : 300))
    }

    if wanted(14) {
        progress("the reviewer's evidence: wide render, record lookup")
        results.evidence = benchEvidence(items: 10_000, decisions: quick ? 30_000 : 300_000,
                                         repetitions: quick ? 60 : 300)
    }

    if wanted(2) {
        progress("keystroke → on the wire")
        results.keyToWire = try await benchKeyToWire(samples: quick ? 50 : 200)
    }

    if wanted(6) {
        progress("bulk approvals")
        results.bulk = try await benchBulk(count: 1000, rounds: quick ? 1 : 3)
    }

    for interval in [1.0, 0.25] where wanted(1) {
        progress("enqueue → visible at \(interval) s")
        let samples = interval >= 1 ? (quick ? 12 : 40) : (quick ? 24 : 100)
        results.visible.append(try await benchEnqueueToVisible(interval: interval, samples: samples))
    }

    try await runQueueAndJournalRows(options, &results)
    try await runEngineLoadRows(options, &results)
    try await runSeveralEnginesRows(options, &results)

    if options.skipIdle || !wanted(7) {
        results.idleSkipped = "skipped (--skip-idle)"
    } else {
        // The warm-up outlasts the rows' first minute: after it their ages change once a minute.
        let (warmup, seconds) = quick ? (65.0, 15.0) : (65.0, 60.0)
        progress("idle: the real console for \(Int(seconds)) s after \(Int(warmup)) s warm-up")
        do {
            let binaries = try await releaseBinaries()
            results.idle = try await benchIdle(binaries: binaries, items: 50, warmup: warmup, seconds: seconds)
            if wanted(11) {
                progress("idle: the real console with 5,000 pending")
                results.idleWhole = try await benchIdle(binaries: binaries, items: 5_000, warmup: warmup, seconds: seconds)
            }
        } catch {
            progress("idle row failed: \(error)")
            results.idleSkipped = "failed: \(error)"
        }
    }
    return results
}

/// Rows 8–12: a year of journal, a simulated week, the whole queue, July engines.
func runQueueAndJournalRows(_ options: BenchOptions, _ results: inout BenchResults) async throws {
    let quick = options.quick
    func wanted(_ rows: Int...) -> Bool { options.only.map { !$0.isDisjoint(with: rows) } ?? true }
    if wanted(11) {
        progress("the whole queue: 5,000 pending on the current engine")
        results.wholeQueue = try await benchWholeQueue(items: 5_000, samples: quick ? 12 : 40)
    }
    for store in [QueueStoreKind.memory, .stream] where wanted(12) {
        progress("July engine, --store \(store.rawValue), 120 pending")
        results.july.append(try await benchJuly(store: store, items: 120, seconds: quick ? 15 : 30))
    }

    if wanted(8, 9) {
        progress("a year of journal: start-up and history --since 1h")
        results.longUse = try await benchYearOfJournal(
            decisions: quick ? 30_000 : 300_000, starts: quick ? 3 : 7, historyRuns: quick ? 5 : 15)
    }

    if wanted(10) {
        let requests = quick ? 10_000 : 100_000
        progress("a simulated week: \(requests) requests through the runner on an injected clock")
        let week = try await MainActor.run { try benchWeek(requests: requests) }
        var longUse = results.longUse ?? LongUseResult()
        longUse.week = week
        results.longUse = longUse
    }
}

/// The directory with release `lelu-console` and `lelu-local-engine`, building them if missing.
func releaseBinaries() async throws -> URL {
    let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = own.deletingLastPathComponent()
    if !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("lelu-bench").path) {
        directory = URL(fileURLWithPath: ".build/release").resolvingSymlinksInPath()
    }
    for product in ["lelu-console", "lelu-local-engine"]
    where !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(product).path) {
        progress("building \(product) (release) for the idle row")
        guard try run(["swift", "build", "-c", "release", "--product", product]) == 0 else {
            throw BenchFailure("swift build -c release --product \(product) failed")
        }
        directory = URL(fileURLWithPath: ".build/release").resolvingSymlinksInPath()
    }
    return directory
}
