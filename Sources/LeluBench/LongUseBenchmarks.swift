import ConsoleRuntime
import Logging
import Foundation
import ReviewModel

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Results

/// Rows 8–10: a year of journal at start, `history --since 1h`, a simulated week.
struct LongUseResult: Sendable {
    /// Decisions and lines in the generated journal, and its size.
    var decisions = 0
    var lines = 0
    var megabytes = 0.0
    /// The first start after upgrading (the old single file is rotated into archives after the
    /// first frame): ms to first frame and RSS KiB then; ms until taken over and RSS KiB then.
    var takeoverMs = 0.0
    var takeoverRSSKiB = 0
    var takeoverDoneMs = 0.0
    var takeoverDoneRSSKiB = 0
    /// Later starts: ms to first frame and RSS KiB at that frame.
    var startMs = Samples()
    var startRSSKiB: [Int] = []
    /// `lelu-console history --since 1h` (release binary), wall ms, and lines printed.
    var historyMs = Samples()
    var historyLines = 0
    /// The simulated week.
    var week: WeekResult?
}

/// A week of requests through the shipped runner on an injected clock.
struct WeekResult: Sendable {
    var requests = 0
    var decided = 0
    var simulatedDays = 0.0
    var wallSeconds = 0.0
    /// RSS KiB after the first simulated hour, and at the end.
    var rssBeforeKiB = 0
    var rssAfterKiB = 0
    /// RSS KiB at each tenth of the week.
    var rssTrajectoryKiB: [Int] = []
    /// `j`/`k` → frame drawn, ms, at the start and at the end.
    var keyBefore = Samples()
    var keyAfter = Samples()
    /// History rows kept at the end, and journal archives written.
    var historyRows = 0
    var archives = 0
}

// MARK: - A year of journal

/// Writes `decisions` decisions spread over the year before `end` as one file, as the console
/// before rotation wrote it: held → sending → confirmed each, one in 10,000 left `sending` by a crash.
func writeYearJournal(path: String, decisions: Int, engine: String, end: Date) throws -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path)
    else { throw BenchFailure("cannot write \(path)") }
    defer { try? out.close() }
    let spacing = 365 * 86_400 / Double(decisions)
    var buffer = ""
    var lines = 0
    for n in 0..<decisions {
        let time = end.addingTimeInterval(-Double(decisions - n) * spacing)
        let outcomes = n % 10_000 == 5_000 ? ["held", "sending"] : ["held", "sending", "confirmed"]
        for (step, outcome) in outcomes.enumerated() {
            let stamp = Timestamp.format(time.addingTimeInterval(Double(step) * 1.5))
            buffer += "{\"action\":\"issue_refund\",\"actor\":\"support_agent\",\"confidence\":0.78,"
                + "\"decision\":\"\(n % 3 == 0 ? "deny" : "approve")\",\"engine\":\"\(engine)\","
                + "\"id\":\"req-\(String(n, radix: 16))-7f3a9c2e1b\",\"note\":\"\",\"outcome\":\"\(outcome)\","
                + "\"reviewer\":\"oncall@ops\",\"time\":\"\(stamp)\"}\n"
            lines += 1
        }
        if buffer.utf8.count > 1 << 20 {
            out.write(Data(buffer.utf8))
            buffer = ""
        }
    }
    out.write(Data(buffer.utf8))
    return lines
}

// MARK: - Start-up (child process)

/// `lelu-bench --probe-start JOURNAL SPAWNED_AT`: what the console does at start (open the
/// journal, restore, the runner's first frame), in a process of its own; prints ms since the
/// parent spawned it and VmRSS at the first frame, then exits.
@MainActor
func probeStart(journalPath: String, spawnedAt: Double) -> Never {
    let journal = Journal(path: journalPath)
    var state = ConsoleState(engineLabel: "127.0.0.1:8080", engineURL: "http://127.0.0.1:8080",
                             reviewer: "oncall@ops", now: Date(), size: benchSize)
    journal.start(into: &state, logger: Logger(label: "lelu-bench"))  // as the console does
    let terminal = BenchTerminal(size: benchSize)
    let runner = ConsoleRunner(state: state, client: QuietEngine(), terminal: terminal, theme: .default,
                               journal: journal)
    runner.begin()
    _ = runner.step(waitMilliseconds: 0)
    let elapsed = (Date().timeIntervalSince1970 - spawnedAt) * 1000
    let rss = rssKiB(getpid()) ?? 0
    while runner.state.historyOpening { _ = runner.step(waitMilliseconds: 100) }
    let opened = (Date().timeIntervalSince1970 - spawnedAt) * 1000
    print("first-frame-ms \(elapsed) rss-kib \(rss) opened-ms \(opened) rss-opened-kib \(rssKiB(getpid()) ?? 0)")
    exit(0)
}

/// An engine with nothing pending that answers at once (the start is measured, not the network).
final class QuietEngine: EngineClient, @unchecked Sendable {
    func health() async throws(EngineError) -> EngineHealth { EngineHealth(status: "ok", service: "bench") }
    func pending() async throws(EngineError) -> PendingList { PendingList(items: []) }

    func pending(page: PageRequest) async throws(EngineError) -> PendingList { PendingList(items: []) }
    func item(id: String) async throws(EngineError) -> ReviewRequest { throw .notFound(id: id) }
    func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
        -> ResolveReceipt { ResolveReceipt() }
}

/// Runs the start probe as a child process; returns ms to first frame and RSS KiB then, and
/// ms until the journal was open and RSS KiB then (the same unless a takeover ran after the frame).
func measureStart(journalPath: String) throws -> (ms: Double, rssKiB: Int, openedMs: Double, openedRSSKiB: Int) {
    let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    let text = output([own, "--probe-start", journalPath, String(Date().timeIntervalSince1970)])
    let parts = text.split(whereSeparator: \.isWhitespace)
    guard let i = parts.firstIndex(of: "first-frame-ms"), i + 7 < parts.count,
          let ms = Double(parts[i + 1]), let rss = Int(parts[i + 3]), let opened = Double(parts[i + 5]),
          let openedRSS = Int(parts[i + 7])
    else { throw BenchFailure("start probe said: \(text)") }
    return (ms, rss, opened, openedRSS)
}

// MARK: - Rows 8 and 9

/// A 300,000-decision journal: the first start after upgrading, later starts, and `history --since 1h`.
func benchYearOfJournal(decisions: Int, starts: Int, historyRuns: Int) async throws -> LongUseResult {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-bench-year-\(getpid())")
    try? FileManager.default.removeItem(at: directory)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("decisions.jsonl").path
    var result = LongUseResult()
    result.decisions = decisions
    progress("writing a \(decisions)-decision journal")
    result.lines = try writeYearJournal(path: path, decisions: decisions, engine: "http://127.0.0.1:8080", end: Date())
    result.megabytes = Double(fileSize(path)) / 1_000_000
    progress("first start: taking over the \(Int(result.megabytes)) MB file")
    (result.takeoverMs, result.takeoverRSSKiB, result.takeoverDoneMs, result.takeoverDoneRSSKiB)
        = try measureStart(journalPath: path)
    for _ in 0..<starts {
        let (ms, rss, _, _) = try measureStart(journalPath: path)
        result.startMs.add(ms)
        result.startRSSKiB.append(rss)
    }
    progress("history --since 1h, \(historyRuns) runs")
    let console = try await releaseBinaries().appendingPathComponent("lelu-console").path
    for _ in 0..<historyRuns {
        let begin = monotonicMilliseconds()
        let text = output([console, "history", "--since", "1h", "--journal", path])
        result.historyMs.add(monotonicMilliseconds() - begin)
        result.historyLines = text.split(separator: "\n").count
    }
    return result
}
