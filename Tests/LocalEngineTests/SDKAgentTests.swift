import Foundation
import Testing
@testable import LocalEngine

// MARK: - Official Python SDK as a real agent

@Suite("Official Python SDK")
struct SDKAgentTests {
    /// `Tests/sdk/agent.py`, found from this file's location.
    static let agentScript = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sdk/agent.py")

    @Test("lelu-agent-auth-sdk queues a 0.78 request and its wait_review unblocks on approve")
    func sdkAgentRoundTrip() async throws {
        try await withEngine { client, engine in
            let python = ProcessInfo.processInfo.environment["LELU_PYTHON"] ?? "python3"
            let run = try PythonRun(python: python, arguments: [Self.agentScript.path, engine.baseURL, testKey, "30000"])
            let started = ContinuousClock.now

            // The SDK authorizes, then blocks in wait_review; find its item in the queue.
            var item: [String: Any]?
            while item == nil, ContinuousClock.now - started < .seconds(30), run.isRunning {
                let items = try await client.get("/v1/queue/pending").json["items"] as? [[String: Any]] ?? []
                item = items.first
                if item == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            guard let queued = item, let id = queued["id"] as? String else {
                let result = await run.finish()
                Issue.record("the SDK agent queued nothing (\(python) exit \(result.status)): \(result.stderr)")
                return
            }
            #expect(queued["actor"] as? String == "invoice_bot")
            #expect(queued["action"] as? String == "invoice:create")
            #expect(queued["tenant_id"] as? String == "acme")
            #expect(queued["acting_for"] as? String == "user_123")
            #expect(queued["confidence_score"] as? Double == 0.78)
            #expect(queued["resource"] as? [String: String] == ["customer_id": "cus_8812", "amount": "1200.00"])

            // Give the SDK time to park in /wait, then approve and expect it to wake.
            try await Task.sleep(for: .seconds(1))
            #expect(run.isRunning, "the SDK should still be blocked in wait_review")
            let approve = try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"swift-test","note":"ok"}"#)
            #expect(approve.status == 200)
            let approvedAt = ContinuousClock.now

            let result = await run.finish()
            try #require(result.status == 0, "the SDK agent failed (\(python) exit \(result.status)); is lelu-agent-auth-sdk==0.4.41 installed? stderr: \(result.stderr)")
            #expect(ContinuousClock.now - approvedAt < .seconds(10), "wait_review should return right after the approve")
            let lines = result.stdout.split(separator: "\n").map { String($0) }
            try #require(lines.count == 2, "expected two JSON lines from the agent, got: \(result.stdout)")
            let decision = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            #expect(decision["decision"] as? String == "human_review")
            #expect(decision["review_id"] as? String == id)
            #expect(decision["reason"] as? String == "confidence 78% requires human approval (threshold 90%)")
            #expect(decision["confidence_used"] as? Double == 0.78)
            let resolved = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
            #expect(resolved["id"] as? String == id)
            #expect(resolved["status"] as? String == "approved")
            #expect(resolved["resolved_by"] as? String == "swift-test")
            #expect(resolved["resolution_note"] as? String == "ok")
        }
    }
}

// MARK: - Subprocess

/// A child process whose output is collected when it ends.
final class PythonRun {
    /// How a finished run ended.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private let process: Process
    private let output = Pipe()
    private let errors = Pipe()

    /// Starts `python arguments...` (found on `PATH` unless `python` is a path).
    init(python: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw PythonMissing(python: python, underlying: "\(error)")
        }
    }

    /// Whether the child is still running.
    var isRunning: Bool { process.isRunning }

    /// Waits for the child to exit (killing it after 60 s) and collects its output.
    func finish() async -> Result {
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate() }
            try? await Task.sleep(for: .milliseconds(50))
        }
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// Python could not be started at all.
struct PythonMissing: Error, CustomStringConvertible {
    let python: String
    let underlying: String
    var description: String { "cannot run \(python) (set LELU_PYTHON): \(underlying)" }
}
