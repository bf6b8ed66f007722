import Foundation

// MARK: - Row 7: idle

/// What the real console cost while idle.
struct IdleResult: Sendable {
    /// Seconds measured (after the warm-up).
    var seconds: Double
    /// Seconds of warm-up before measuring.
    var warmup: Double
    /// Per cent of one core (user + system) over the measured time.
    var cpuPercent: Double
    /// Resident set size, sampled once a second, KiB.
    var rssKiB = Samples()
    /// Bytes the console wrote to its terminal over the measured time.
    var bytes: Int
    /// Bytes written in each measured 10-second slice (shows whether writing is steady).
    var bytesPerSlice: [Int]
    /// Items on screen.
    var items: Int
    /// Proportional set size at the end, KiB: shared pages divided among the processes using them.
    var pssKiB: Int?
    /// Private pages at the end (the console's own heap, stacks and written data), KiB.
    var privateKiB: Int?
    /// Bytes per minute during the warm-up after the first paint, while every row was younger
    /// than a minute (its age then changes every second).
    var youngBytesPerMinute: Double?
    /// The console's first line at the end (its header).
    var header: String?

    /// Bytes per minute at the measured rate.
    var bytesPerMinute: Double { Double(bytes) / seconds * 60 }

    /// The largest RSS in MB (10^6 bytes: row 7's target is in MB).
    var maxRSSMegabytes: Double { (rssKiB.max ?? 0) * 1024 / 1_000_000 }
}

/// Row 7: the release `lelu-console` in a tmux pane (200x60, under `script -f` to count its
/// bytes) against a `lelu-local-engine` process with `items` pending and 1 s polling.
///
/// `engine` adds arguments to the engine's command line (a dialect, a store).
func benchIdle(binaries: URL, items: Int, warmup: Double, seconds: Double, engine extra: [String] = []) async throws
    -> IdleResult
{
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-bench-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let (engine, base) = try await startEngine(binaries: binaries, work: work, extra: extra)
    defer { kill(engine, SIGTERM); var status: Int32 = 0; waitpid(engine, &status, 0) }
    _ = try await enqueue(base: base, count: items)
    return try await idleConsole(binaries: binaries, work: work, arguments: "--engine \(base)",
                                 environment: "LELU_API_KEY=\(benchKey)", items: items, warmup: warmup, seconds: seconds)
}

/// Runs the release console (`arguments` name its engines) in a tmux pane and measures it idle.
func idleConsole(binaries: URL, work: URL, arguments: String, environment: String, items: Int, warmup: Double,
                 seconds: Double) async throws -> IdleResult {
    let typescript = work.appendingPathComponent("typescript").path
    let socket = "lelu-bench-\(getpid())"
    defer { _ = try? run(["tmux", "-L", socket, "kill-server"]) }
    let pid = try await startConsole(binaries: binaries, work: work, arguments: arguments, environment: environment,
                                     socket: socket, typescript: typescript)
    // The console runs under `script`, which keeps its pty open after tmux is killed: end it
    // by PID, or it polls on after the bench (runs before the kill-server above).
    defer { kill(pid, SIGTERM) }
    var result = try await measureIdle(pid: pid, typescript: typescript, items: items, warmup: warmup, seconds: seconds)
    // The header as it stood at the end (the pending count, or each engine's state).
    result.header = output(["tmux", "-L", socket, "capture-pane", "-p", "-t", "b"])
        .split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
    return result
}

/// Starts `lelu-local-engine` on a free port (`extra` adds arguments: a dialect, a store);
/// returns its PID and base URL.
func startEngine(binaries: URL, work: URL, name: String = "engine", extra: [String] = []) async throws
    -> (pid_t, String)
{
    let engineOut = work.appendingPathComponent("\(name).out").path
    let engineBinary = binaries.appendingPathComponent("lelu-local-engine").path
    let engine = try spawn([engineBinary, "--port", "0", "--api-key", benchKey, "--list-limit", "50"] + extra,
                           stdout: engineOut)
    var base = ""
    for _ in 0..<200 where base.isEmpty {
        if let text = try? String(contentsOfFile: engineOut, encoding: .utf8), let line = text.split(separator: "\n").first {
            base = String(line).trimmingCharacters(in: .whitespaces)
        } else {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
    guard base.hasPrefix("http") else {
        kill(engine, SIGTERM)
        throw BenchFailure("lelu-local-engine did not print its URL")
    }
    return (engine, base)
}

/// Starts the release console in a 200x60 tmux pane under `script -f`; returns the console's PID.
private func startConsole(binaries: URL, work: URL, arguments: String, environment: String, socket: String,
                          typescript: String) async throws -> pid_t
{
    let pidFile = work.appendingPathComponent("console.pid").path
    let console = binaries.appendingPathComponent("lelu-console").path
    let inner = "echo $$ > \(quote(pidFile)); exec env \(environment) \(quote(console)) "
        + "\(arguments) --interval 1 --journal \(quote(work.appendingPathComponent("journal.jsonl").path))"
    let pane = "script -q -f \(quote(typescript)) -c \(quote(inner))"
    guard try run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "200", "-y", "60",
                   pane]) == 0 else {
        throw BenchFailure("tmux could not start (is tmux installed?)")
    }
    var pid: pid_t = 0
    for _ in 0..<100 where pid == 0 {
        try await Task.sleep(for: .milliseconds(100))
        pid = pid_t((try? String(contentsOfFile: pidFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }
    guard pid > 0 else { throw BenchFailure("the console did not start") }
    return pid
}

/// Watches a running console: CPU, RSS and bytes written after the warm-up.
private func measureIdle(pid: pid_t, typescript: String, items: Int, warmup: Double, seconds: Double) async throws
    -> IdleResult
{
    // The first paint is over after a few seconds; from then until the end of the warm-up the
    // rows are younger than a minute.
    let firstPaint = min(5.0, warmup / 2)
    try await Task.sleep(for: .seconds(firstPaint))
    let youngStart = fileSize(typescript)
    try await Task.sleep(for: .seconds(warmup - firstPaint))
    let youngBytes = fileSize(typescript) - youngStart
    guard let cpu0 = cpuTicks(pid) else { throw BenchFailure("the console exited during warm-up") }
    let bytes0 = fileSize(typescript)
    let start = monotonicMilliseconds()
    var rss = Samples()
    var slices: [Int] = []
    var sliceStart = bytes0
    var second = 0
    while monotonicMilliseconds() - start < seconds * 1000 {
        try await Task.sleep(for: .seconds(1))
        second += 1
        if let kib = rssKiB(pid) { rss.add(Double(kib)) }
        if second % 10 == 0 {
            let now = fileSize(typescript)
            slices.append(now - sliceStart)
            sliceStart = now
        }
    }
    let elapsed = (monotonicMilliseconds() - start) / 1000
    guard let cpu1 = cpuTicks(pid) else { throw BenchFailure("the console exited while measured") }
    let rollup = smapsRollup(pid)
    let bytes = fileSize(typescript) - bytes0
    let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    let cpu = Double(cpu1 - cpu0) / ticksPerSecond / elapsed * 100
    return IdleResult(seconds: elapsed, warmup: warmup, cpuPercent: cpu, rssKiB: rss, bytes: bytes,
                      bytesPerSlice: slices, items: items, pssKiB: rollup["Pss"],
                      privateKiB: rollup["Private_Clean"].flatMap { clean in rollup["Private_Dirty"].map { clean + $0 } },
                      youngBytesPerMinute: Double(youngBytes) / (warmup - firstPaint) * 60)
}

// MARK: - /proc

/// utime + stime of a process, in clock ticks.
func cpuTicks(_ pid: pid_t) -> Int? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")")
    else { return nil }
    // Fields after "pid (comm)": state is field 3, utime 14, stime 15.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
    return user + system
}

/// VmRSS of a process, KiB.
func rssKiB(_ pid: pid_t) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}

/// The KiB fields of `/proc/PID/smaps_rollup` (Rss, Pss, Private_Dirty…), by name.
func smapsRollup(_ pid: pid_t) -> [String: Int] {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8) else { return [:] }
    var fields: [String: Int] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasSuffix(":"), let kib = Int(parts[1]) else { continue }
        fields[String(parts[0].dropLast())] = kib
    }
    return fields
}

/// A file's size in bytes (0 when missing).
func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

// MARK: - Processes

/// Starts a process with stdin from /dev/null and stdout + stderr to a file; returns its PID.
func spawn(_ args: [String], stdout path: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
    argv.append(nil)
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, args[0], &actions, nil, argv, environ)
    guard spawned == 0 else { throw BenchFailure("cannot run \(args[0]): error \(spawned)") }
    return pid
}

/// Runs a command to completion (output to /dev/null); returns its exit status.
func run(_ args: [String]) throws -> Int32 {
    let pid = try spawn(args, stdout: "/dev/null")
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { break }
    }
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

/// Runs a command and returns its standard output (empty on failure).
func output(_ args: [String]) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-bench-out-\(UUID().uuidString)").path
    defer { unlink(path) }
    guard let pid = try? spawn(args, stdout: path) else { return "" }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { break }
    }
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// Single-quotes a string for sh.
func quote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
