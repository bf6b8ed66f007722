import Foundation
@testable import ReviewModel
import Testing

// MARK: - The reviewer's evidence, end to end (issue 24)

/// The real `lelu-console` in tmux at 180 columns against a real `lelu-local-engine`, with a
/// journal prepared in a private state directory (`XDG_STATE_HOME`): the record is read from the
/// file after the first frame.
@Suite("Evidence end to end (tmux)", .serialized)
struct EvidenceEndToEndTests {
    static let key = "lelu_test_e2e_ev24"

    /// 15 confirmed decisions of `e2e@test` on support_agent/issue_refund in the last 20 days
    /// (14 approved, the newest denied as a "duplicate"), as the console journals them.
    func writeJournal(home: URL, engine: String) throws {
        let directory = home.appendingPathComponent("state/lelu-console")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = ""
        for n in 0..<15 {
            let time = Date().addingTimeInterval(-Double(n == 14 ? 3 : 20 - n) * 86_400)
            for outcome in [JournalOutcome.held, .sending, .confirmed] {
                let entry = JournalEntry(
                    time: time, engine: engine, id: "old-\(n)", action: "issue_refund", actor: "support_agent",
                    confidence: 0.8, decision: n == 14 ? .deny : .approve, note: n == 14 ? "duplicate" : "",
                    reviewer: "e2e@test", outcome: outcome)
                text += String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n"
            }
        }
        try text.write(to: directory.appendingPathComponent("decisions.jsonl"), atomically: true, encoding: .utf8)
    }

    @Test("15 earlier decisions in the journal show beside the request; m marks the alike ones; 180 columns show TENANT")
    func recordFromTheJournal() async throws {
        let engine = try await EngineProcess(
            arguments: ["--api-key", Self.key],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        defer { engine.stop() }
        let ids = try await enqueue(base: engine.baseURL, key: Self.key,
                                    actions: ["issue_refund", "issue_refund", "issue_refund", "delete_user"])
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try writeJournal(home: home, engine: engine.baseURL)
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(
            command: "\(console) --engine \(engine.baseURL) --reviewer e2e@test --interval 0.3", width: 180, height: 40,
            environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": home.path, "LELU_HOME": home.path,
                          "XDG_STATE_HOME": home.appendingPathComponent("state").path,
                          "LELU_API_KEY": Self.key, "USER": "tester"])

        let table = try tmux.waitFor("the record in the YOU column") { $0.contains("14✓ 1✗") }
        let titles = table.split(separator: "\n").first { $0.contains("ACTION") } ?? ""
        #expect(titles.contains("TENANT") && titles.contains("ACTING FOR") && titles.contains("RESOURCE"))
        try tmux.send("Enter")
        let pane = try tmux.waitFor(text: "this action+actor: 14 approved, 1 denied (30 days)")
        #expect(pane.contains("last: denied 3d00h ago 'duplicate'"))
        #expect(pane.contains("(this machine's journal, not the engine's)"))
        #expect(pane.contains("2 more like this — m marks all 3"))
        try tmux.send("m")
        try tmux.waitFor(text: "marked 3 like this (issue_refund by support_agent)")
        try tmux.send("a")
        try tmux.waitFor(text: "Approve 3 marked requests? y/N")
        try tmux.send("n")
        try tmux.waitFor(text: "cancelled — nothing sent")
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0")
        #expect(ids.count == 4)
    }
}
