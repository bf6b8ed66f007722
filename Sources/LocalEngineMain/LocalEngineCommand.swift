import ArgumentParser
import Foundation
import LocalEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Command

/// Runs a local Lelu-compatible engine until SIGINT or SIGTERM.
@main
struct LocalEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lelu-local-engine",
        abstract: "Run a local, in-memory, Lelu-compatible engine.",
        discussion: """
            The first line on standard output is the base URL the engine listens on.
            --dialect current plays the current engine (0.2.0+: paging, 409 on conflicts, reviewer keys, \
            expired items, redeem); --dialect 2026-07 plays the July 2026 snapshot, whose list comes from \
            its in-memory store (--store memory) or its Redis stream (--store stream).
            """
    )

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind (0 picks a free port).")
    var port = 8080

    @Option(name: .customLong("api-key"), help: "Bearer key for every route but /healthz (default: $LELU_API_KEY).")
    var apiKey: String?

    @Flag(help: "Need no key when none is set (also LELU_DEV_INSECURE=true).")
    var insecure = false

    @Option(name: .customLong("list-limit"), help: ArgumentHelp(
        "List size when no ?limit= is given (current), or the cap on every list (2026-07).",
        discussion: "A valid ?limit= of 1...500 wins in the current dialect."))
    var listLimit = 50

    @Option(help: "Which engine to play: current or 2026-07.")
    var dialect: EngineDialect = .current

    @Option(help: "The July engine's store: memory (random order) or stream (Redis: enqueue records, newest first). 2026-07 only.")
    var store: QueueStoreKind = .memory

    @Option(name: .customLong("reviewer-keys"), help: ArgumentHelp(
        "Reviewer credentials name:secret,... (default: $LELU_REVIEWER_KEYS). Current dialect.",
        discussion: "Secrets under 16 characters are ignored with a warning; the secret is never printed."))
    var reviewerKeys: String?

    @Option(name: .customLong("pending-max-age"), help: ArgumentHelp(
        "Age at which a pending item reads as expired (current dialect): seconds (2, 0.5) or a number with s, m, h or d (90s, 7d).",
        valueName: "age"))
    var pendingMaxAge: AgeArgument = AgeArgument(duration: .seconds(7 * 24 * 3600))

    @Option(name: .customLong("missing-confidence"), help: "What to do with requests without confidence: deny or review.")
    var missingConfidence: MissingConfidenceMode = .deny

    @Flag(help: "Record the engine in $LELU_HOME (default ~/.lelu) for zero-config SDK discovery.")
    var register = false

    @Flag(help: "Log one line per request to standard error.")
    var verbose = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard listLimit >= 0 else { throw ValidationError("--list-limit must not be negative") }
        if store == .stream && dialect != .july2026 {
            throw ValidationError("--store stream is the July 2026 engine's Redis store; use it with --dialect 2026-07")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let key = (apiKey ?? environment["LELU_API_KEY"]).flatMap { $0.isEmpty ? nil : $0 }
        let devInsecure = insecure || environment["LELU_DEV_INSECURE"] == "true"
        if key == nil && !devInsecure {
            printError("warning: no API key and not --insecure; protected routes will answer 500")
        }
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM])
        let engine = try await LocalEngine.start(LocalEngineConfiguration(
            host: host, port: port, apiKey: key, insecure: devInsecure,
            listLimit: listLimit, missingConfidence: missingConfidence, logRequests: verbose,
            dialect: dialect, store: store,
            reviewerKeys: reviewerKeys ?? environment["LELU_REVIEWER_KEYS"],
            pendingMaxAge: pendingMaxAge.duration
        ))
        // Unbuffered, so a parent reading the first line gets it at once.
        FileHandle.standardOutput.write(Data((engine.baseURL + "\n").utf8))
        var registration: Registration?
        if register {
            do {
                registration = try Registration.write(url: engine.baseURL, key: key)
            } catch {
                printError("error: cannot register the engine: \(error)")
                await engine.stop()
                throw ExitCode.failure
            }
        }
        // SIGUSR1 takes the queue store down and brings it back, as a real engine's Redis outage.
        signal(SIGUSR1, SIG_IGN)
        let outageSignal = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: .global())
        outageSignal.setEventHandler {
            printError(engine.toggleStoreFailing() ? "queue store failing (SIGUSR1)" : "queue store answering again (SIGUSR1)")
        }
        outageSignal.resume()
        await signals.next()
        outageSignal.cancel()
        await engine.stop()
        registration?.remove()
    }
}

extension MissingConfidenceMode: ExpressibleByArgument {}
extension EngineDialect: ExpressibleByArgument {}
extension QueueStoreKind: ExpressibleByArgument {}

// MARK: - Durations

/// A positive age: plain seconds (`2`, `0.5`) or a number with a unit `s`, `m`, `h` or `d` (`90s`, `7d`).
struct AgeArgument: ExpressibleByArgument {
    let duration: Duration

    init(duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var text = Substring(argument)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            scale = unit
            text = text.dropLast()
        }
        guard let value = Double(text), value.isFinite, value > 0 else { return nil }
        duration = .milliseconds(Int64((value * scale * 1000).rounded()))
    }

    var defaultValueDescription: String { "7d" }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

// MARK: - Signals

/// Turns SIGINT/SIGTERM into an awaitable event instead of killing the process.
final class SignalWatcher {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    /// Starts catching `signals`.
    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        self.sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Returns when the first caught signal arrives.
    func next() async {
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
    }
}

// MARK: - Registration

/// The `$LELU_HOME/engine.json` and `engine.key` files SDKs use to find this engine.
struct Registration {
    let directory: URL
    let pid: Int32

    private struct Record: Codable {
        let url: String
        let pid: Int32
    }

    /// Writes both files (mode 0600, directory 0700) and returns a handle to remove them.
    static func write(url: String, key: String?) throws -> Registration {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["LELU_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        let directory = home.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".lelu")
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let registration = Registration(directory: directory, pid: getpid())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        try writePrivate(try encoder.encode(Record(url: url, pid: registration.pid)), to: registration.recordFile)
        if let key {
            try writePrivate(Data((key + "\n").utf8), to: registration.keyFile)
        } else {
            try? FileManager.default.removeItem(at: registration.keyFile)
        }
        return registration
    }

    var recordFile: URL { directory.appendingPathComponent("engine.json") }
    var keyFile: URL { directory.appendingPathComponent("engine.key") }

    /// Removes both files unless another engine has registered since.
    func remove() {
        if let data = try? Data(contentsOf: recordFile),
           let record = try? JSONDecoder().decode(Record.self, from: data),
           record.pid != pid {
            return
        }
        try? FileManager.default.removeItem(at: recordFile)
        try? FileManager.default.removeItem(at: keyFile)
    }

    /// Replaces `file` with `data`, readable and writable by the owner only.
    private static func writePrivate(_ data: Data, to file: URL) throws {
        try? FileManager.default.removeItem(at: file)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: data)
        try handle.close()
    }
}
