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
        discussion: "The first line on standard output is the base URL the engine listens on."
    )

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind (0 picks a free port).")
    var port = 8080

    @Option(name: .customLong("api-key"), help: "Bearer key for every route but /healthz (default: $LELU_API_KEY).")
    var apiKey: String?

    @Flag(help: "Need no key when none is set (also LELU_DEV_INSECURE=true).")
    var insecure = false

    @Option(name: .customLong("list-limit"), help: "Most items GET /v1/queue/pending returns.")
    var listLimit = 50

    @Option(name: .customLong("missing-confidence"), help: "What to do with requests without confidence: deny or review.")
    var missingConfidence: MissingConfidenceMode = .deny

    @Flag(help: "Record the engine in $LELU_HOME (default ~/.lelu) for zero-config SDK discovery.")
    var register = false

    @Flag(help: "Log one line per request to standard error.")
    var verbose = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard listLimit >= 0 else { throw ValidationError("--list-limit must not be negative") }
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
            listLimit: listLimit, missingConfidence: missingConfidence, logRequests: verbose
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
        await signals.next()
        await engine.stop()
        registration?.remove()
    }
}

extension MissingConfidenceMode: ExpressibleByArgument {}

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
