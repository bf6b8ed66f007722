import Foundation
@testable import LeluClient
@testable import LocalEngine
@testable import ReviewModel
import Testing

// MARK: - An agent that waits the way docs/agents.md says

/// `Tests/sdk/wait_agent.py` (lelu-agent-auth-sdk 0.4.41) against each engine an agent meets:
/// it waits in `/wait` calls of 9 s, each answered inside the engine's 10 s write timeout, and
/// still receives a decision made after two of them. On the July engine it finds its own item
/// in the pending list, as the reply names none.
@Suite("An agent's wait reaches a reviewer's decision on every engine")
struct AgentWaitTests {
    /// `Tests/sdk/wait_agent.py`.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sdk/wait_agent.py").path

    /// One JSON line the agent printed, as an object.
    static func object(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return try #require(object, "not one JSON object: \(line)")
    }

    @Test("wait_agent.py waits in 9 s rounds and wakes on an approval made after two of them",
          arguments: [EngineVariant.current, .julyMemory, .julyStream])
    func waitsPastTheWriteTimeout(_ variant: EngineVariant) async throws {
        try await withEngine(variant.inProcessConfiguration) { engine in
            let agent = try AgentProcess([Self.script, engine.baseURL, testKey, "60"])
            defer { agent.stop() }
            var lines = agent.lines.makeAsyncIterator()

            // First line: the item's id, as soon as the agent knows it.
            guard let first = await lines.next() else {
                let end = await agent.finish()
                Issue.record("wait_agent.py printed nothing (exit \(end.status)); is lelu-agent-auth-sdk==0.4.41 installed? \(end.stderr)")
                return
            }
            let named = try Self.object(first)
            let id = try #require(named["id"] as? String, "no id: \(first)")
            if variant.isCurrent {
                #expect(named["review_id"] as? String == id, "the current engine names the item: \(first)")
            } else {
                #expect(named["review_id"] is NSNull, "the July engine's reply names no item: \(first)")
            }
            try await withClient(engine.baseURL) { client in
                let queued = try await client.item(id: id)
                #expect(queued.actor == "wait_agent" && queued.action == "issue_refund", "the agent found its own item")
                #expect(queued.status == .pending)
            }

            // Past two wait rounds with no decision, then a reviewer approves.
            try await Task.sleep(for: .seconds(19))
            try await withClient(engine.baseURL) { client in
                _ = try await client.resolve(id: id, decision: .approve, resolvedBy: "alice", note: "ok")
            }

            // Second line: the decided item, and how many waits it took.
            let second = await lines.next()
            let end = await agent.finish()
            try #require(end.status == 0, "wait_agent.py exit \(end.status): \(end.stderr)")
            let woke = try Self.object(try #require(second, "no second line from wait_agent.py"))
            #expect(woke["id"] as? String == id)
            #expect(woke["status"] as? String == "approved")
            #expect(woke["resolved_by"] as? String == "alice")
            #expect((woke["waits"] as? Int ?? 0) >= 2, "the decision came after at least two waits: \(woke)")
        }
    }
}

// MARK: - Helpers

extension EngineVariant {
    /// The same engine in this process (`withEngine`), keyed with `testKey`.
    var inProcessConfiguration: LocalEngineConfiguration {
        switch self {
        case .current:
            LocalEngineConfiguration(apiKey: testKey, dialect: .current)
        case .currentReviewers:
            LocalEngineConfiguration(
                apiKey: testKey, dialect: .current, reviewerKeys: "alice:\(Self.aliceKey), bob:\(Self.bobKey)")
        case .julyMemory:
            LocalEngineConfiguration(apiKey: testKey, dialect: .july2026, store: .memory)
        case .julyStream:
            LocalEngineConfiguration(apiKey: testKey, dialect: .july2026, store: .stream)
        }
    }
}

/// A Python script running: its standard output line by line as it prints, then its exit status
/// and standard error. Python is `$LELU_PYTHON` or `python3` on `PATH`, as for the other SDK tests.
///
/// Sendable so it can be stopped from a `defer`; its state is immutable.
final class AgentProcess: @unchecked Sendable {
    /// Standard output, one element a line (without the newline); finishes when the output ends.
    let lines: AsyncStream<String>
    private let process: Process
    private let exited: AsyncStream<Int32>
    private let errors: Task<Data, Never>

    /// Starts `python ARGUMENTS` with this process's environment.
    init(_ arguments: [String]) throws {
        let python = ProcessInfo.processInfo.environment["LELU_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let (exited, exitContinuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            exitContinuation.yield(finished.terminationStatus)
            exitContinuation.finish()
        }
        try process.run()

        let (lines, lineContinuation) = AsyncStream<String>.makeStream()
        let output = out.fileHandleForReading
        DispatchQueue.global().async {
            var pending = Data()
            while true {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    lineContinuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending = Data(pending[pending.index(after: newline)...])
                }
            }
            if !pending.isEmpty { lineContinuation.yield(String(decoding: pending, as: UTF8.self)) }
            lineContinuation.finish()
        }
        let errorOutput = err.fileHandleForReading
        self.errors = Task { await readToEnd(errorOutput) }
        self.lines = lines
        self.process = process
        self.exited = exited
    }

    /// Waits for the exit (call once); returns the status and all of standard error.
    func finish() async -> (status: Int32, stderr: String) {
        var iterator = exited.makeAsyncIterator()
        let status = await iterator.next() ?? -1
        return (status, String(decoding: await errors.value, as: UTF8.self))
    }

    /// SIGTERM if it is still running (a failed test leaves no agent behind).
    func stop() {
        if process.isRunning { process.terminate() }
    }
}
