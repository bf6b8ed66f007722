import AsyncHTTPClient
import Foundation
import NIOCore
import ReviewModel

// MARK: - Row 13: several consoles on one engine

/// What one engine spent on `consoles` idle (or watching) consoles.
struct EngineLoadResult: Sendable {
    /// Consoles polling it.
    var consoles: Int
    /// Requests pending when measuring began.
    var items: Int
    /// Requests another client resolved a second meanwhile (0: idle).
    var resolvesPerSecond: Double
    /// Seconds measured.
    var seconds: Double
    /// Requests the consoles sent a second (the other client's not counted).
    var requestsPerSecond: Double
    /// Response bytes to the consoles a second.
    var bytesPerSecond: Double
    /// The engine process's CPU, per cent of one core (user + system).
    var engineCPUPercent: Double
    /// Requests resolved elsewhere: seconds until gone from every console's table (p50, p99, max).
    var gone = Samples()
    /// Whole-queue reads the consoles started while measured.
    var sweeps: Int
}

/// Row 13: `consoles` shipped runners (as ``HeadlessConsole``) against one release
/// `lelu-local-engine` process (`--verbose`: one line per request, with its response size),
/// `items` pending, 1 s polling; idle, or while another client resolves `resolves` a second.
func benchEngineLoad(binaries: URL, consoles count: Int, items: Int, resolves: Double, seconds: Double) async throws
    -> EngineLoadResult
{
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-bench-load-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let log = work.appendingPathComponent("engine.out").path
    let (engine, base) = try await startVerboseEngine(binaries: binaries, log: log)
    defer { kill(engine, SIGTERM); var status: Int32 = 0; waitpid(engine, &status, 0) }
    let ids = try await enqueue(base: base, count: items)
    let clients = try (0..<count).map { _ in try makeClient(base) }
    let measured = await MainActor.run { () -> Result<MeasuredLoad, BenchFailure> in
        let consoles = clients.map { HeadlessConsole(client: $0, interval: 1, listLimit: 50) }
        defer { consoles.forEach { $0.close() } }
        consoles.forEach { $0.start() }
        guard stepAll(consoles, for: 90, until: { $0.allSatisfy { $0.state.table.items.count >= items } }) else {
            return .failure(BenchFailure("\(count) consoles did not read \(items) in 90 s"))
        }
        // Past the first read's schedule before measuring.
        stepAll(consoles, for: 15, until: { _ in false })
        return .success(measureLoad(consoles, engine: engine, log: log, base: base, victims: ids.shuffled(),
                                    resolves: resolves, seconds: seconds))
    }
    for client in clients { await client.shutdown() }
    let load = try measured.get()
    return EngineLoadResult(consoles: count, items: items, resolvesPerSecond: resolves, seconds: load.seconds,
                            requestsPerSecond: Double(load.requests) / load.seconds,
                            bytesPerSecond: Double(load.bytes) / load.seconds, engineCPUPercent: load.cpuPercent,
                            gone: load.gone, sweeps: load.sweeps)
}

/// The raw counts of one measured window.
struct MeasuredLoad: Sendable {
    var seconds: Double
    var requests: Int
    var bytes: Int
    var cpuPercent: Double
    var gone: Samples
    var sweeps: Int
}

/// Steps every console in turn until `done` holds or `timeout` seconds pass.
@MainActor @discardableResult
func stepAll(_ consoles: [HeadlessConsole], for timeout: TimeInterval, until done: ([HeadlessConsole]) -> Bool,
             each: () -> Void = {}) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if done(consoles) { return true }
        for console in consoles { console.run(timeout: 0.005, until: { _ in false }) }
        each()
    }
    return done(consoles)
}

/// Measures the engine while the consoles run: its log's requests and bytes, its CPU; with
/// `resolves` > 0, approves that many of `victims` a second through the API and times their departures.
@MainActor
func measureLoad(_ consoles: [HeadlessConsole], engine: pid_t, log: String, base: String, victims: [String],
                 resolves: Double, seconds: Double) -> MeasuredLoad {
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    let logStart = fileSize(log)
    let cpu0 = cpuTicks(engine) ?? 0
    let sweeps0 = consoles.map(\.state.sync.sweepsStarted).reduce(0, +)
    let start = monotonicMilliseconds()
    var resolvedAt: [String: Double] = [:]
    var gone = Samples()
    var next = 0
    stepAll(consoles, for: seconds, until: { _ in false }) {
        let now = monotonicMilliseconds()
        let due = resolves == 0 ? 0 : min(victims.count, Int((now - start) / 1000 * resolves))
        while next < due {
            let id = victims[next]
            next += 1
            resolvedAt[id] = now
            Task.detached { try? await approveElsewhere(base: base, id: id) }
        }
        for (id, at) in resolvedAt where consoles.allSatisfy({ $0.state.table.items[id] == nil }) {
            gone.add((now - at) / 1000)
            resolvedAt[id] = nil
        }
    }
    let elapsed = (monotonicMilliseconds() - start) / 1000
    let cpu = Double((cpuTicks(engine) ?? cpu0) - cpu0) / ticks / elapsed * 100
    let (requests, bytes) = consoleRequests(log: log, from: logStart)
    return MeasuredLoad(seconds: elapsed, requests: requests, bytes: bytes, cpuPercent: cpu, gone: gone,
                        sweeps: consoles.map(\.state.sync.sweepsStarted).reduce(0, +) - sweeps0)
}

/// `POST /v1/queue/{id}/approve` as another reviewer.
func approveElsewhere(base: String, id: String) async throws {
    var request = HTTPClientRequest(url: base + "/v1/queue/\(id)/approve")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.headers.add(name: "Authorization", value: "Bearer \(benchKey)")
    request.body = .bytes(ByteBuffer(string: #"{"resolved_by":"bench-other","note":""}"#))
    _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 20)
}

/// Counts the GETs on the engine's log from byte `offset` (the other client's approvals are POSTs).
func consoleRequests(log: String, from offset: Int) -> (requests: Int, bytes: Int) {
    guard let handle = FileHandle(forReadingAtPath: log) else { return (0, 0) }
    defer { try? handle.close() }
    try? handle.seek(toOffset: UInt64(offset))
    let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    var requests = 0
    var bytes = 0
    for line in text.split(separator: "\n") where line.hasPrefix("GET ") {
        requests += 1
        if let last = line.split(separator: " ").last, last.hasSuffix("B") { bytes += Int(last.dropLast()) ?? 0 }
    }
    return (requests, bytes)
}

/// Starts `lelu-local-engine --dialect current --verbose` on a free port, its output to `log`.
func startVerboseEngine(binaries: URL, log: String) async throws -> (pid_t, String) {
    let binary = binaries.appendingPathComponent("lelu-local-engine").path
    let engine = try spawn([binary, "--port", "0", "--api-key", benchKey, "--dialect", "current", "--verbose"],
                           stdout: log)
    for _ in 0..<200 {
        if let text = try? String(contentsOfFile: log, encoding: .utf8), let line = text.split(separator: "\n").first,
           line.hasPrefix("http") {
            return (engine, String(line).trimmingCharacters(in: .whitespaces))
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    kill(engine, SIGTERM)
    throw BenchFailure("lelu-local-engine did not print its URL")
}
