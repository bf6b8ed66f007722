import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - The lelu-local-engine executable

@Suite("lelu-local-engine executable")
struct ExecutableTests {
    /// The built executable: `$LELU_LOCAL_ENGINE`, else next to the test binary.
    static var executable: URL? {
        if let path = ProcessInfo.processInfo.environment["LELU_LOCAL_ENGINE"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("lelu-local-engine")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    @Test("prints its URL first, registers 0600 files, never prints the key, and exits 0 on SIGTERM")
    func registerAndTerminate() async throws {
        let binary = try #require(Self.executable, "lelu-local-engine not built next to the tests (run swift build --build-tests or set LELU_LOCAL_ENGINE)")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let key = "lelu_test_exec_5f2b"

        let (process, output, errors) = try Self.launch(
            binary, ["--port", "0", "--register", "--missing-confidence", "review"],
            environment: ["LELU_HOME": home.path, "LELU_API_KEY": key])

        let firstLine = try #require(readLine(from: output.fileHandleForReading), "no URL line on stdout")
        #expect(firstLine.wholeMatch(of: #/http://127\.0\.0\.1:\d+/#) != nil, "first line: \(firstLine)")

        let record = home.appendingPathComponent("engine.json")
        let keyFile = home.appendingPathComponent("engine.key")
        var waited = 0
        while !FileManager.default.fileExists(atPath: keyFile.path), waited < 100 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: record)) as? [String: Any])
        #expect(json["url"] as? String == firstLine)
        #expect(json["pid"] as? Int == Int(process.processIdentifier))
        #expect(try String(contentsOf: keyFile, encoding: .utf8) == key + "\n")
        #expect(permissions(of: record) == 0o600)
        #expect(permissions(of: keyFile) == 0o600)
        #expect(permissions(of: home) == 0o700)

        kill(process.processIdentifier, SIGTERM)
        var polls = 0
        while process.isRunning, polls < 200 {
            try await Task.sleep(for: .milliseconds(50))
            polls += 1
        }
        #expect(!process.isRunning, "the engine should stop on SIGTERM")
        if process.isRunning { process.terminate() }
        #expect(process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: record.path))
        #expect(!FileManager.default.fileExists(atPath: keyFile.path))
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!rest.contains(key) && !stderr.contains(key) && !firstLine.contains(key))
    }

    @Test("refuses --store stream with the current dialect, and warns about a short reviewer secret without printing it")
    func dialectOptions() async throws {
        let binary = try #require(Self.executable, "lelu-local-engine not built next to the tests")
        let refused = Process()
        refused.executableURL = binary
        refused.arguments = ["--port", "0", "--store", "stream"]
        let refusal = Pipe()
        refused.standardError = refusal
        refused.standardOutput = Pipe()
        try refused.run()
        refused.waitUntilExit()
        let message = String(decoding: refusal.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(refused.terminationStatus != 0)
        #expect(message.contains("--store stream is the July 2026 engine's Redis store; use it with --dialect 2026-07"))

        let (process, output, errors) = try Self.launch(
            binary, ["--port", "0", "--api-key", "k", "--dialect", "2026-07", "--store", "stream", "--pending-max-age", "2s"],
            environment: ["LELU_REVIEWER_KEYS": "alice:tiny-secret"])
        let firstLine = try #require(readLine(from: output.fileHandleForReading), "no URL line on stdout")
        #expect(firstLine.hasPrefix("http://127.0.0.1:"))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("reviewer key #1 (alice) ignored: the secret is shorter than 16 characters"))
        #expect(!stderr.contains("tiny-secret"))
        #expect(process.terminationStatus == 0)
    }

    /// Starts the engine with this process's environment plus `environment`; stdout and stderr piped.
    static func launch(_ binary: URL, _ arguments: [String], environment extra: [String: String]) throws
        -> (Process, Pipe, Pipe)
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    /// Reads one line byte by byte so nothing after it is consumed.
    private func readLine(from handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    /// The permission bits of a file or directory.
    private func permissions(of url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions]) as? Int
    }
}
