import Foundation
@testable import ReviewModel
import Testing

// MARK: - The official Python SDK on every engine

/// `lelu-agent-auth-sdk` 0.4.41 as a real agent against each dialect, with a reviewer using
/// `lelu-console`: what really happens, including what the SDK gets wrong on the current engine.
@Suite("Official Python SDK on every engine", .serialized)
struct SDKDialectTests {
    /// `Tests/sdk/dialect_agent.py`.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sdk/dialect_agent.py").path

    /// Runs the agent script once and decodes its one JSON line.
    static func agent(_ fx: ConformanceFixture, _ arguments: [String]) async throws -> [String: Any] {
        let python = ProcessInfo.processInfo.environment["LELU_PYTHON"] ?? "python3"
        let result = try await run(
            URL(fileURLWithPath: "/usr/bin/env"), [python, script, fx.engine.baseURL, CLIFixture.key] + arguments,
            environment: fx.cli.environment)
        try #require(result.status == 0, "the SDK agent failed (exit \(result.status)); is lelu-agent-auth-sdk==0.4.41 installed? \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object, "not one JSON object: \(result.stdout)")
    }

    @Test("authorize, block in /wait (≤ 9 s a call), unblock on a console approval; the SDK's own approve",
          arguments: [EngineVariant.current, .currentReviewers, .julyMemory, .julyStream])
    func agentOnEveryEngine(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }

        // Authorize: the current engine names the queue item; the July engine does not.
        let decision = try await Self.agent(fx, ["authorize", "invoice_bot", "issue_refund"])
        #expect(decision["decision"] as? String == "human_review")
        let listed = try await fx.rawList().filter { $0.action == "issue_refund" }
        try #require(listed.count == 1)
        let id = listed[0].id
        if variant.isCurrent {
            #expect(decision["review_id"] as? String == id)
        } else {
            #expect(decision["review_id"] is NSNull, "July's reply has no review_id: \(decision)")
        }

        // The agent blocks; a reviewer approves with the console; the agent wakes.
        async let waited = Self.agent(fx, ["wait", id])
        try await Task.sleep(for: .seconds(1))
        let approve = try await fx.console(["approve", id, "--reviewer", "alice"] + fx.reviewerKey(fx.alice))
        #expect(approve.status == 0, "\(approve.stderr)")
        let woke = try await waited
        #expect(woke["status"] as? String == "approved")
        #expect(woke["resolved_by"] as? String == "alice")
        #expect(woke["dropped"] as? Int == 0, "a 9 s wait is answered inside the engine's write timeout")

        // The SDK's approve_review sends a blank resolved_by and never a reviewer key.
        let second = try await fx.enqueue(["delete_user"])[0]
        let own = try await Self.agent(fx, ["approve", second])
        let item = try await fx.item(second)
        switch variant {
        case .current:
            #expect(own["status"] as? Int == 400)
            #expect(own["error"] as? String == "resolved_by is required and must name the human resolving this item")
            #expect(item.status == .pending)
        case .currentReviewers:
            #expect(own["status"] as? Int == 403)
            #expect((own["error"] as? String)?.contains("X-Lelu-Reviewer-Key") == true)
            #expect(item.status == .pending)
        case .julyMemory, .julyStream:
            #expect(own["ok"] as? Bool == true, "July stores a blank reviewer: \(own)")
            #expect(item.status == .approved && (item.resolvedBy ?? "").isEmpty)
        }
    }
}
