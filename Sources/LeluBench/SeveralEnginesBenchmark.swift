import AsyncHTTPClient
import Foundation
import LeluClient
import LocalEngine
import ReviewModel

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Row 15: several engines, one slow

/// Three engines in one console, one of which answers every request after 10 s.
struct SeveralEnginesResult: Sendable {
    /// Enqueue → visible on each answering engine, by label.
    var visible: [String: Samples] = [:]
    /// Pending on each engine before the console started, by label.
    var pending: [String: Int] = [:]
    /// Requests the slow engine was sent while measured.
    var slowRequests = 0
    /// Answers it wrote back after holding them (the console had stopped waiting for them).
    var slowAnswers = 0
    /// Whether the console ever had an answer from the slow engine.
    var slowEverAnswered = false
    /// The console's header at the end.
    var header = ""
    /// Seconds measured.
    var seconds = 0.0
    /// Rows the table held beyond the answering engines' queues when the samples ended (requests
    /// the bench had denied that had not left yet).
    var staleAtEnd = 0
    /// Seconds from then until they had all left (nil: not within 60 s).
    var staleGoneAfter: Double?
}

/// The answering engines of row 15, in the order samples alternate between them.
let answeringLabels = ["us", "eu"]

/// Row 15: `us` (current dialect, 200 pending), `eu` (July, memory store, 40 pending: under its
/// list of 50, so every list holds its whole queue) and `ap` (current, 200 pending) behind a
/// ``SlowProxy`` that holds every request 10 s, all watched by one console polling each every
/// second. Samples alternate between `us` and `eu`: a request is sent at a random phase of the poll
/// cycle and timed until its row is drawn.
func benchSeveralEngines(samples: Int) async throws -> SeveralEnginesResult {
    let us = try await LocalEngine.start(LocalEngineConfiguration(apiKey: benchKey, dialect: .current))
    let eu = try await LocalEngine.start(LocalEngineConfiguration(apiKey: benchKey, dialect: .july2026, store: .memory))
    let ap = try await LocalEngine.start(LocalEngineConfiguration(apiKey: benchKey, dialect: .current))
    let slow = try SlowProxy(upstream: ap.baseURL, delay: 10)
    let pending = ["us": 200, "eu": 40, "ap": 200]
    _ = try await enqueue(base: us.baseURL, count: 200)
    _ = try await enqueue(base: eu.baseURL, count: 40)
    _ = try await enqueue(base: ap.baseURL, count: 200)
    let bases = ["us": us.baseURL, "eu": eu.baseURL, "ap": slow.baseURL]
    let usClient = try makeClient(us.baseURL), euClient = try makeClient(eu.baseURL)
    let apClient = try makeClient(slow.baseURL)
    let clients: [String: HTTPEngineClient] = ["us": usClient, "eu": euClient, "ap": apClient]
    let result = await MainActor.run { () -> Result<SeveralEnginesResult, BenchFailure> in
        let specs = ["us", "eu", "ap"].map { EngineSpec(label: $0, url: bases[$0] ?? "", reviewer: "bench@local") }
        let console = HeadlessConsole(client: usClient, clients: clients.mapValues { $0 as any EngineClient },
                                      specs: specs, interval: 1)
        defer { console.close() }
        return sampleSeveral(console, bases: bases, clients: clients, pending: pending, samples: samples, slow: slow)
    }
    for client in clients.values { await client.shutdown() }
    slow.stop()
    var measured = try result.get()
    measured.slowAnswers = slow.answers
    await us.stop()
    await eu.stop()
    await ap.stop()
    return measured
}

/// Starts the console and takes row 15's samples: enqueue → visible on each answering engine in
/// turn, what the slow engine was sent meanwhile, and how soon the denied requests left the table.
@MainActor
private func sampleSeveral(
    _ console: HeadlessConsole, bases: [String: String], clients: [String: HTTPEngineClient], pending: [String: Int],
    samples: Int, slow: SlowProxy
) -> Result<SeveralEnginesResult, BenchFailure> {
    console.start()
    let answering = (pending["us"] ?? 0) + (pending["eu"] ?? 0)
    guard console.run(timeout: 30, until: { $0.state.table.items.count >= answering }) else {
        return .failure(BenchFailure("us and eu were not read in 30 s (\(console.state.table.items.count) rows)"))
    }
    console.press(.char("S"))  // newest first, across engines
    console.press(.char("g"))
    var out = SeveralEnginesResult(pending: pending)
    let slowBefore = slow.requests
    let start = monotonicMilliseconds()
    for n in 0..<(samples * answeringLabels.count) {
        let label = answeringLabels[n % answeringLabels.count]
        guard let base = bases[label], let client = clients[label],
              let ms = visibleAfterEnqueue(
                  console, base: base, index: 300_000, action: "bench15_\(300_000 + n)", anyRow: true, interval: 1)
        else {
            let screen = (0..<6).map { rowText(console.frame ?? Grid(size: benchSize), y: $0) }
            return .failure(BenchFailure("request \(n) on \(label) never became visible; screen:\n"
                + screen.joined(separator: "\n")))
        }
        out.visible[label, default: Samples()].add(ms)
        removeAgain(console, action: "bench15_\(300_000 + n)", client: client)
    }
    out.seconds = (monotonicMilliseconds() - start) / 1000
    out.slowRequests = slow.requests - slowBefore
    out.slowEverAnswered = console.state.engines.slot("ap")?.sync.lastGoodPoll != nil
    out.header = rowText(console.frame ?? Grid(size: benchSize), y: 0).trimmingCharacters(in: .whitespaces)
    // The denied requests leave the table when the console learns they left (row 13).
    out.staleAtEnd = console.state.table.items.count - answering
    let settle = monotonicMilliseconds()
    if console.run(timeout: 60, until: { $0.state.table.items.count <= answering }) {
        out.staleGoneAfter = (monotonicMilliseconds() - settle) / 1000
    }
    return .success(out)
}

/// Denies the request shown with `action` on its own engine, so each queue keeps its size (the
/// July engine says no ID when it queues: the row's key has it).
@MainActor
func removeAgain(_ console: HeadlessConsole, action: String, client: HTTPEngineClient) {
    guard let row = console.state.table.items.values.first(where: { $0.action == action }) else { return }
    let id = row.requestID
    Task.detached { _ = try? await client.resolve(id: id, decision: .deny, resolvedBy: "bench-cleanup", note: "") }
}

// MARK: - Row 15: idle with several engines

/// Row 15's idle line: the release console watching three `lelu-local-engine` processes
/// (`us` current, `eu` July memory, `ap` current), `itemsEach` pending on each, from a
/// config.toml with three `[engines.NAME]` tables; measured as row 7.
func benchIdleSeveralEngines(binaries: URL, itemsEach: Int, warmup: Double, seconds: Double) async throws -> IdleResult {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-bench-engines-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    var engines: [(label: String, pid: pid_t, base: String)] = []
    defer {
        for engine in engines {
            kill(engine.pid, SIGTERM)
            var status: Int32 = 0
            waitpid(engine.pid, &status, 0)
        }
    }
    let dialects = [("us", ["--dialect", "current"]), ("eu", ["--dialect", "2026-07", "--store", "memory"]),
                    ("ap", ["--dialect", "current"])]
    for (label, extra) in dialects {
        let (pid, base) = try await startEngine(binaries: binaries, work: work, name: label, extra: extra)
        engines.append((label, pid, base))
        _ = try await enqueue(base: base, count: itemsEach)
    }
    var config = "reviewer = \"bench@local\"\n"
    for engine in engines {
        config += "\n[engines.\(engine.label)]\nurl = \"\(engine.base)\"\napi_key_env = \"LELU_BENCH_KEY\"\n"
    }
    let path = work.appendingPathComponent("config.toml").path
    try config.write(toFile: path, atomically: true, encoding: .utf8)
    return try await idleConsole(binaries: binaries, work: work, arguments: "--config \(quote(path))",
                                 environment: "LELU_BENCH_KEY=\(benchKey)", items: itemsEach * engines.count,
                                 warmup: warmup, seconds: seconds)
}

// MARK: - Suite

/// Row 15: three engines with one slow; idle with 3 × 1,000 pending beside one engine with 1,000
/// (current, then July memory).
func runSeveralEnginesRows(_ options: BenchOptions, _ results: inout BenchResults) async throws {
    guard options.only.map({ $0.contains(15) }) ?? true else { return }
    progress("several engines: us, eu and a 10 s ap, enqueue → visible")
    results.severalEngines = try await benchSeveralEngines(samples: options.quick ? 12 : 40)
    guard !options.skipIdle else { return }
    let (warmup, seconds) = options.quick ? (65.0, 15.0) : (65.0, 60.0)
    do {
        let binaries = try await releaseBinaries()
        progress("idle: the real console on three engines, 1,000 pending on each")
        results.severalIdle = try await benchIdleSeveralEngines(binaries: binaries, itemsEach: 1_000, warmup: warmup,
                                                                seconds: seconds)
        progress("idle: the real console on one engine, 1,000 pending")
        results.severalIdleBaseline = try await benchIdle(binaries: binaries, items: 1_000, warmup: warmup,
                                                          seconds: seconds)
        progress("idle: the real console on one July memory engine, 1,000 pending")
        results.severalIdleJuly = try await benchIdle(binaries: binaries, items: 1_000, warmup: warmup, seconds: seconds,
                                                      engine: ["--dialect", "2026-07", "--store", "memory"])
    } catch {
        progress("several engines' idle failed: \(error)")
        results.severalIdleSkipped = "failed: \(error)"
    }
}
