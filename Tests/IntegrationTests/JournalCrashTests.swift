@testable import ConsoleRuntime
import Foundation
@testable import ReviewModel
import Testing

// MARK: - A console killed during a rotation

/// The real `lelu-console` in tmux, SIGKILLed by itself at a step of the rotation it starts
/// with (`LELU_CONSOLE_KILL_DURING_ROTATION`), then read by `history` and started again.
@Suite("Journal: a console killed during a rotation")
struct JournalCrashTests {
    /// A journal from before rotation: `decisions` decisions (three lines each, about 0.75 MB per
    /// thousand), one file; every eleventh decision is left `held` and every thirteenth `sending` by a crash.
    static func legacyJournal(at path: String, engine: String, decisions: Int) throws -> [JournalEntry] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 50_000).rounded())
        var written: [JournalEntry] = []
        var data = Data()
        for n in 0..<decisions {
            let outcomes: [JournalOutcome] = n % 11 == 0 ? [.held] : n % 13 == 0 ? [.held, .sending]
                : [.held, .sending, .confirmed]
            for (step, outcome) in outcomes.enumerated() {
                let entry = JournalEntry(
                    time: start.addingTimeInterval(Double(n * 10 + step)), engine: engine, id: "req-\(n)",
                    action: "issue_refund", actor: "support_agent", confidence: 0.7, decision: .approve,
                    note: "note \(n)", reviewer: "tester", outcome: outcome)
                written.append(entry)
                data.append(try encoder.encode(entry))
                data.append(0x0A)
            }
        }
        try data.write(to: URL(fileURLWithPath: path))
        return written
    }

    /// Steps to kill at, and journal sizes: 4,000 decisions (3 MB) are rotated before the first
    /// frame, 7,000 (5 MB, over four rotations) after it, on the journal's queue.
    static let cases: [(RotationStep, Int)] = [(.archiveWritten, 4000), (.liveWritten, 7000), (.someArchived, 4000),
                                               (.archived, 7000)]

    @Test("killed at each step of a rotation, every decision is found exactly once afterwards", arguments: cases)
    func killedDuringRotation(step: RotationStep, decisions: Int) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("decisions.jsonl").path
        let engine = "http://127.0.0.1:9"  // nothing listens: the console never gets past its start
        let written = try Self.legacyJournal(at: path, engine: engine, decisions: decisions)
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(
            command: "\(console) --engine \(engine) --journal \(path)",
            environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": home.path, "LELU_HOME": home.path,
                          "LELU_API_KEY": "lelu_test_kill", "USER": "tester",
                          "LELU_CONSOLE_KILL_DURING_ROTATION": step.rawValue])
        try tmux.waitFor(text: "EXIT_RC=137", timeout: 30)  // 128 + SIGKILL
        let names = try FileManager.default.contentsOfDirectory(atPath: home.path)
        #expect(names.contains { $0.hasSuffix(".tmp") || $0.contains(".next-") }, "no rotation was under way: \(names)")

        // `history` before any restart reads each record once.
        let history = try await run(
            try Binaries.path("lelu-console"), ["history", "--all", "--json", "--journal", path],
            environment: ["PATH": "/usr/bin:/bin", "HOME": home.path])
        #expect(history.status == 0)
        let decoder = JSONDecoder()
        let printed = history.stdout.split(separator: "\n").compactMap {
            try? decoder.decode(JournalEntry.self, from: Data($0.utf8))
        }
        #expect(printed.count == written.count)
        #expect(Set(printed.map(\.identity)) == Set(written.map(\.identity)))

        // A restart finishes or undoes the rotation; then every record is in exactly one file.
        let journal = Journal(path: path)
        let live = try journal.openForStart()
        let all = journal.readAll()
        #expect(all.count == written.count)
        #expect(Set(all.map(\.identity)) == Set(written.map(\.identity)))
        let unfinished = JournalEntry.latest(written).filter { $0.outcome == .held || $0.outcome == .sending }
        #expect(JournalEntry.latest(live).filter { $0.outcome == .held || $0.outcome == .sending } == unfinished)
    }
}

extension JournalEntry {
    /// What makes a record this record: the decision, its outcome and when.
    fileprivate var identity: String { "\(engine)|\(id)|\(outcome.rawValue)|\(time.timeIntervalSince1970)" }
}
