import Foundation
import Testing

// MARK: - Processes

/// The built executables, found next to the test bundle (`.build/<triple>/debug/`).
enum Binaries {
    /// The directory holding `lelu-console` and `lelu-local-engine`, or nil when they were not built.
    static let directory: URL? = {
        let argv0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let bundle = Bundle.main.bundleURL
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
        let candidates = [argv0, bundle, bundle.deletingLastPathComponent(), source]
        return candidates.first { dir in
            ["lelu-console", "lelu-local-engine"].allSatisfy {
                FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent($0).path)
            }
        }
    }()

    /// The path of one executable.
    static func path(_ name: String) throws -> URL {
        guard let directory else {
            throw SetupFailure(description: "\(name) not found next to the tests; run `swift build --build-tests` first")
        }
        return directory.appendingPathComponent(name)
    }
}

/// What a finished process printed and returned.
struct Finished: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Reads a file handle to its end off the cooperative thread pool.
func readToEnd(_ handle: FileHandle) async -> Data {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
    }
}

/// Runs a process to completion with exactly `environment`.
func run(_ executable: URL, _ arguments: [String], environment: [String: String]) async throws -> Finished {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let exited = AsyncStream<Int32>.makeStream()
    process.terminationHandler = { p in
        exited.continuation.yield(p.terminationStatus)
        exited.continuation.finish()
    }
    try process.run()
    async let stdout = readToEnd(out.fileHandleForReading)
    async let stderr = readToEnd(err.fileHandleForReading)
    var iterator = exited.stream.makeAsyncIterator()
    let status = await iterator.next() ?? -1
    return Finished(
        status: status, stdout: String(decoding: await stdout, as: UTF8.self),
        stderr: String(decoding: await stderr, as: UTF8.self))
}

/// A `lelu-local-engine` process, stopped with SIGTERM.
///
/// Sendable so a blocking `stop()` can run off the cooperative pool; its state is immutable.
final class EngineProcess: @unchecked Sendable {
    /// The URL it printed on its first line.
    let baseURL: String
    private let process: Process

    /// Starts the engine and waits for its first stdout line.
    init(arguments: [String], environment: [String: String]) async throws {
        let process = Process()
        process.executableURL = try Binaries.path("lelu-local-engine")
        process.arguments = ["--port", "0"] + arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes = Data()
                while !bytes.contains(UInt8(ascii: "\n")) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                }
                let text = String(decoding: bytes, as: UTF8.self)
                continuation.resume(returning: text.split(separator: "\n").first.map(String.init) ?? "")
            }
        }
        guard line.hasPrefix("http://") else {
            process.terminate()
            throw SetupFailure(description: "lelu-local-engine printed \(line.debugDescription)")
        }
        self.baseURL = line
        self.process = process
    }

    /// SIGTERM, then wait for the exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

// MARK: - Fixture

/// A temporary home, a clean environment and an engine with items, per test.
struct CLIFixture {
    /// The engine's key.
    static let key = "lelu_test_cli_secret_7f3a"
    /// The temp directory (also `HOME` and `LELU_HOME`).
    let home: URL
    /// The base environment every console run gets.
    var environment: [String: String]
    /// Every output seen, to check the key never appears.
    let transcript = Transcript()

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home.path, "LELU_HOME": home.appendingPathComponent("lelu").path, "USER": "tester",
        ]
    }

    /// Runs `lelu-console` with extra environment; records the output and checks it never shows the key.
    func console(_ arguments: [String], env extra: [String: String] = [:]) async throws -> Finished {
        let result = try await run(
            try Binaries.path("lelu-console"), arguments, environment: environment.merging(extra) { $1 })
        await transcript.add(result.stdout + result.stderr)
        #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key), "key leaked: \(arguments)")
        #expect(!result.stdout.contains("lelu_test_cli") && !result.stderr.contains("lelu_test_cli"))
        return result
    }

    /// Removes the temp directory.
    func cleanUp() {
        try? FileManager.default.removeItem(at: home)
    }
}

/// Everything printed during a test.
actor Transcript {
    /// Outputs in order.
    private(set) var outputs: [String] = []

    /// Records one output.
    func add(_ text: String) { outputs.append(text) }
}

// MARK: - Tests

@Suite("lelu-console executable", .serialized)
struct BinaryTests {
    @Test("list, list --json, show, show --json")
    func readCommands() async throws {
        let fx = try CLIFixture()
        defer { fx.cleanUp() }
        let engine = try await EngineProcess(arguments: ["--api-key", CLIFixture.key], environment: fx.environment)
        defer { engine.stop() }
        let ids = try await enqueue(base: engine.baseURL, key: CLIFixture.key, actions: ["issue_refund", "delete_user", "invoice:create"])
        let env = ["LELU_BASE_URL": engine.baseURL, "LELU_API_KEY": CLIFixture.key]

        let list = try await fx.console(["list"], env: env)
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.contains("ACTION") == true)
        #expect(lines.dropFirst().map { String($0.prefix(36)) } == ids, "oldest first")
        #expect(lines[1].contains("issue_refund") && lines[1].contains("78%") && lines[1].contains("support_agent"))

        let json = try await fx.console(["list", "--json"], env: env)
        #expect(json.status == 0)
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(array?.compactMap { $0["id"] as? String } == ids)

        let show = try await fx.console(["show", ids[1]], env: env)
        #expect(show.status == 0)
        #expect(show.stdout.contains("delete_user") && show.stdout.contains("pending") && show.stdout.contains("order_id = ord_1"))

        let showJSON = try await fx.console(["show", ids[2], "--json"], env: env)
        let object = try JSONSerialization.jsonObject(with: Data(showJSON.stdout.utf8)) as? [String: Any]
        #expect(object?["id"] as? String == ids[2])
        #expect(object?["action"] as? String == "invoice:create")

        let missing = try await fx.console(["show", "no-such-id"], env: env)
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("not found"))
    }

    @Test("list reads every page of the current engine's queue: 520 pending, two pages, each once")
    func listReadsEveryPage() async throws {
        let fx = try CLIFixture()
        defer { fx.cleanUp() }
        let engine = try await EngineProcess(arguments: ["--api-key", CLIFixture.key], environment: fx.environment)
        defer { engine.stop() }
        let ids = try await enqueue(base: engine.baseURL, key: CLIFixture.key, actions: Array(repeating: "issue_refund", count: 520))
        let env = ["LELU_BASE_URL": engine.baseURL, "LELU_API_KEY": CLIFixture.key]
        let list = try await fx.console(["list"], env: env)
        #expect(list.status == 0 && list.stderr.isEmpty, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 521, "a header and 520 rows")
        let json = try await fx.console(["list", "--json"], env: env)
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(array?.compactMap { $0["id"] as? String } == ids, "every request once, oldest first")
    }

    @Test("approve and deny: one line per ID, already resolved and not found give exit 5")
    func resolveCommands() async throws {
        let fx = try CLIFixture()
        defer { fx.cleanUp() }
        let engine = try await EngineProcess(arguments: ["--api-key", CLIFixture.key], environment: fx.environment)
        defer { engine.stop() }
        let ids = try await enqueue(base: engine.baseURL, key: CLIFixture.key, actions: ["issue_refund", "delete_user", "send_email"])
        let env = ["LELU_BASE_URL": engine.baseURL, "LELU_API_KEY": CLIFixture.key]

        let approve = try await fx.console(["approve", ids[0], ids[1], "--note", "ok by ticket", "--reviewer", "alice"], env: env)
        #expect(approve.status == 0, "\(approve.stderr)")
        // The current engine names who it recorded (self-asserted here: no reviewer keys).
        #expect(approve.stdout == "approved \(ids[0]) (issue_refund) as alice\napproved \(ids[1]) (delete_user) as alice\n")

        let again = try await fx.console(["deny", ids[0], ids[2], "no-such-id"], env: env)
        #expect(again.status == 5)
        #expect(again.stdout.hasPrefix("denied \(ids[2]) (send_email) as tester@"))
        #expect(again.stderr.contains("\(ids[0]): already approved by alice"))
        #expect(again.stderr.contains("no-such-id: not found"))

        let shown = try await fx.console(["show", ids[0], "--json"], env: env)
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(object?["resolved_by"] as? String == "alice")
        #expect(object?["resolution_note"] as? String == "ok by ticket")

        let defaultReviewer = try await fx.console(["show", ids[2], "--json"], env: env)
        #expect(defaultReviewer.stdout.contains("\"resolved_by\":\"tester@"), "the engine's own JSON")

        let empty = try await fx.console(["list"], env: env)
        #expect(empty.status == 0 && empty.stdout.contains("no pending requests"))
    }

    @Test("exit 3 for an unreachable engine, 4 for a wrong key or a keyless engine, 2 for usage")
    func exitCodes() async throws {
        let fx = try CLIFixture()
        defer { fx.cleanUp() }
        let engine = try await EngineProcess(arguments: ["--api-key", CLIFixture.key], environment: fx.environment)
        defer { engine.stop() }
        let port = try await closedPort()
        let down = "http://127.0.0.1:\(port)"

        let unreachable = try await fx.console(["list", "--engine", down], env: ["LELU_API_KEY": CLIFixture.key])
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.contains(down) && unreachable.stderr.contains("cannot reach"))

        let wrong = try await fx.console(["approve", "x", "--engine", engine.baseURL], env: ["LELU_API_KEY": "lelu_test_cli_wrong"])
        #expect(wrong.status == 4)
        #expect(wrong.stderr.contains(engine.baseURL) && wrong.stderr.contains("401") && wrong.stderr.contains("LELU_API_KEY"))

        let keyless = try await EngineProcess(arguments: [], environment: fx.environment)
        defer { keyless.stop() }
        let misconfigured = try await fx.console(["list", "--engine", keyless.baseURL])
        #expect(misconfigured.status == 4)
        #expect(misconfigured.stderr.contains("LELU_DEV_INSECURE"))

        // A blank reviewer name is refused before anything is sent, naming where it came from.
        let blank = try await fx.console(["approve", "x", "--reviewer", " ", "--engine", engine.baseURL],
                                         env: ["LELU_API_KEY": CLIFixture.key])
        #expect(blank.status == 4 && blank.stderr.contains("flag --reviewer") && blank.stderr.contains("blank"),
                "\(blank.stderr)")
        let blankUser = try await fx.console(["list", "--engine", engine.baseURL],
                                             env: ["LELU_API_KEY": CLIFixture.key, "USER": ""])
        #expect(blankUser.status == 4 && blankUser.stderr.contains("environment USER"), "\(blankUser.stderr)")

        for usage in [["approve"], ["list", "--timeout", "-1"], ["list", "--bogus"], ["frobnicate"], ["show"]] {
            let result = try await fx.console(usage, env: ["LELU_BASE_URL": engine.baseURL])
            #expect(result.status == 2, "\(usage): \(result.stderr)")
        }

        let help = try await fx.console(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes") && help.stdout.contains("approve"))
    }

    @Test("zero-config discovery through lelu-local-engine --register")
    func discovery() async throws {
        let fx = try CLIFixture()
        defer { fx.cleanUp() }
        let engine = try await EngineProcess(arguments: ["--api-key", CLIFixture.key, "--register"], environment: fx.environment)
        defer { engine.stop() }
        let record = URL(fileURLWithPath: fx.environment["LELU_HOME"] ?? "").appendingPathComponent("engine.json")
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: record.path) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let ids = try await enqueue(base: engine.baseURL, key: CLIFixture.key, actions: ["issue_refund"])
        let list = try await fx.console(["list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains(ids[0]))
        let approve = try await fx.console(["approve", ids[0]])
        #expect(approve.stdout.hasPrefix("approved \(ids[0]) (issue_refund) as tester@"))
    }

    @Test("a key is never sent over plain http to another host; readable key files warn")
    func insecureAndKeyFile() async throws {
        let fx = try CLIFixture()
        defer { fx.cleanUp() }
        let refused = try await fx.console(["list", "--engine", "http://10.255.255.1:8080"], env: ["LELU_API_KEY": CLIFixture.key])
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("--allow-insecure-http") && refused.stderr.contains("10.255.255.1"))

        let engine = try await EngineProcess(arguments: ["--api-key", CLIFixture.key], environment: fx.environment)
        defer { engine.stop() }
        let keyFile = fx.home.appendingPathComponent("key")
        try Data((CLIFixture.key + "\n").utf8).write(to: keyFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let open = try await fx.console(["list", "--engine", engine.baseURL, "--api-key-file", keyFile.path])
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stderr.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        let closed = try await fx.console(["list", "--engine", engine.baseURL, "--api-key-file", keyFile.path])
        #expect(closed.status == 0 && closed.stderr.isEmpty)
        let transcript = await fx.transcript.outputs
        #expect(transcript.count == 3)
        #expect(transcript.allSatisfy { !$0.contains(CLIFixture.key) })
    }
}
