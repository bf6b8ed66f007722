@testable import ConsoleRuntime
import Foundation
@testable import ReviewModel
import Testing

// MARK: - Rotation

@Suite("Journal rotation")
struct JournalRotationTests {
    @Test("appending past the size rotates: every record is in exactly one file, unfinished ones in the live file")
    func rotationKeepsEveryRecordOnce() throws {
        let dir = try journalDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = Journal(path: dir.appendingPathComponent("decisions.jsonl").path, rotateAt: 16 << 10)
        let written = records(decisions: 400)
        for entry in written { try journal.append(entry) }
        let archives = journal.archives()
        #expect(archives.count >= 5)
        #expect(archives.map(\.number) == Array(1...archives.count))
        let all = journal.readAll()
        #expect(all.map(identity).sorted() == written.map(identity).sorted())
        #expect(Set(all.map(identity)).count == written.count)
        // A start reads only the live file; it still finds every unfinished decision.
        let live = try Journal(path: journal.path, rotateAt: 16 << 10).openForStart()
        let unfinished = JournalEntry.latest(written).filter { $0.outcome == .held || $0.outcome == .sending }
        let liveLatest = JournalEntry.latest(live)
        #expect(unfinished.allSatisfy { want in liveLatest.contains { $0 == want } })
        #expect(live.count <= unfinished.count + 100)  // the unfinished ones and at most the rotation size more
    }

    @Test("a journal from before rotation is taken over as it is, without loss", arguments: [false, true])
    func legacyTakeover(withTornLine: Bool) throws {
        let dir = try journalDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("decisions.jsonl").path
        let written = records(decisions: 3000)
        try writeLegacy(written, to: path)
        if withTornLine {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            handle.seekToEndOfFile()
            handle.write(Data("{\"time\":\"2026-".utf8))  // a write a crash cut short
            try handle.close()
        }
        let journal = Journal(path: path, rotateAt: 64 << 10)
        let live = try journal.openForStart()
        // Split into archives of about the rotation size, so a page of history never reads a year.
        #expect(journal.archives().count > 5)
        #expect(journal.archives().allSatisfy { fileSize($0.path) < (64 << 10) + 1024 })
        #expect(journal.readAll().map(identity).sorted() == written.map(identity).sorted())
        let unfinished = JournalEntry.latest(written).filter { $0.outcome == .held || $0.outcome == .sending }
        #expect(JournalEntry.latest(live) == unfinished)
        let archived = try String(contentsOfFile: try #require(journal.archives().last).path, encoding: .utf8)
        #expect(archived.contains("{\"time\":\"2026-") == withTornLine)
    }

    @Test("a kill at any step of a rotation loses and duplicates nothing", arguments: RotationStep.allCases)
    func killDuringRotation(step: RotationStep) throws {
        let dir = try journalDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("decisions.jsonl").path
        let written = records(decisions: 600)
        try writeLegacy(written, to: path)
        let dying = Journal(path: path, rotateAt: 32 << 10)
        dying.rotationStep = { if $0 == step { throw Killed() } }
        #expect(throws: Killed.self) { _ = try dying.openForStart() }
        // Read before any restart (as `history` would), then after one.
        let before = Journal(path: path, rotateAt: 32 << 10).readAll()
        #expect(before.map(identity).sorted() == written.map(identity).sorted())
        let restarted = Journal(path: path, rotateAt: 32 << 10)
        let live = try restarted.openForStart()
        let after = restarted.readAll()
        #expect(after.map(identity).sorted() == written.map(identity).sorted())
        let unfinished = JournalEntry.latest(written).filter { $0.outcome == .held || $0.outcome == .sending }
        #expect(JournalEntry.latest(live) == unfinished)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".tmp") || $0.contains(".next-") }
        #expect(leftovers.isEmpty)
    }

    @Test("history --since reads only the files that can hold newer records")
    func sinceReadsFewFiles() throws {
        let dir = try journalDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = Journal(path: dir.appendingPathComponent("decisions.jsonl").path, rotateAt: 16 << 10)
        let written = records(decisions: 400)
        let start = try #require(written.first?.time)
        for entry in written { try journal.append(entry) }
        let cutoff = start.addingTimeInterval(3900)
        let recent = journal.records(since: cutoff)
        #expect(recent.map(identity).sorted() == written.filter { $0.time >= cutoff }.map(identity).sorted())
        // Deleting every archive but the newest changes nothing for this cutoff: they are never read.
        for archive in journal.archives().dropLast() { try FileManager.default.removeItem(atPath: archive.path) }
        #expect(journal.records(since: cutoff).map(identity).sorted() == recent.map(identity).sorted())
    }

    @Test("pages of history go back through the archives, newest record per decision, without repeats")
    func pagesCoverEverything() throws {
        let dir = try journalDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = "http://127.0.0.1:8080"
        let journal = Journal(path: dir.appendingPathComponent("decisions.jsonl").path, rotateAt: 16 << 10)
        let written = records(decisions: 700, engine: engine) + records(decisions: 50, engine: "http://other")
        for entry in written.sorted(by: { $0.time < $1.time }) { try journal.append(entry) }
        var cursor: HistoryCursor?
        var rows: [JournalEntry] = []
        var seen: Set<String> = []
        var pages = 0
        while pages < 100 {
            let page = journal.page(engine: engine, after: cursor, limit: 90)
            pages += 1
            // An older record of a decision already shown is skipped, as the History tab does.
            rows += page.rows.filter { seen.insert($0.id).inserted }
            if let last = page.rows.last { cursor = HistoryCursor(time: last.time, id: last.id) }
            if page.exhausted || page.rows.isEmpty { break }
        }
        let expected = JournalEntry.latest(written.filter { $0.engine == engine })
        #expect(rows == expected)
    }
}
// MARK: - Fixtures

/// A fresh directory for one test's journal.
private func journalDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-journal-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A record of decision `n`: every fifth ends `held`, every seventh `sending` (unfinished),
/// the rest go held → sending → confirmed.
private func records(decisions: Int, engine: String = "http://127.0.0.1:8080", start: Date = Date()) -> [JournalEntry] {
    // Whole seconds, so a record read back equals the one written.
    let start = Date(timeIntervalSince1970: (start.timeIntervalSince1970 - 100_000).rounded())
    var out: [JournalEntry] = []
    for n in 0..<decisions {
        let outcomes: [JournalOutcome] = n % 5 == 0 ? [.held] : n % 7 == 0 ? [.held, .sending]
            : [.held, .sending, .confirmed]
        for (step, outcome) in outcomes.enumerated() {
            out.append(JournalEntry(
                time: start.addingTimeInterval(Double(n * 10 + step)), engine: engine,
                id: "req-\(n)", action: "issue_refund", actor: "support_agent", confidence: 0.5,
                decision: n % 2 == 0 ? .approve : .deny, note: "n\"o\\te \(n)", reviewer: "r", outcome: outcome))
        }
    }
    return out
}

/// Writes records as a journal from before rotation wrote them: one file, no archives.
private func writeLegacy(_ entries: [JournalEntry], to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var data = Data()
    for entry in entries {
        data.append(try encoder.encode(entry))
        data.append(0x0A)
    }
    try data.write(to: URL(fileURLWithPath: path))
}

/// A record's identity for "exactly once" counts.
private func identity(_ e: JournalEntry) -> String { "\(e.id)|\(e.outcome.rawValue)|\(e.time.timeIntervalSince1970)" }

/// The size of a file.
private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}

/// A crash: the rotation stops at a step as a kill would (nothing after it runs, nothing is cleaned up).
private struct Killed: Error {}
