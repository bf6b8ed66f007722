import Foundation
import Testing
@testable import ReviewModel

// MARK: - Golden screens

/// Compares a rendered grid with `Snapshots/<name>.txt`.
///
/// A missing golden is recorded (and the test fails outside CI only if recording
/// failed); `LELU_RECORD=1` re-records every golden. On a mismatch the failure
/// shows a line diff.
func assertGolden(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    assertGoldenText(frame(grid), name, sourceLocation: sourceLocation)
}

/// Compares text with `Snapshots/<name>.txt`, recording it when missing (see ``assertGolden``).
func assertGoldenText(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = snapshotsDirectory.appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["LELU_RECORD"] == "1"
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        if ProcessInfo.processInfo.environment["CI"] == "true" && !record {
            Issue.record("missing golden \(name).txt (record it with LELU_RECORD=1)", sourceLocation: sourceLocation)
            return
        }
        do {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("could not record golden \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    if expected != actual {
        let diff = lineDiff(expected, actual)
        let hint = "(re-record with LELU_RECORD=1 if the change is intended)"
        Issue.record("\(name) differs from its golden:\n\(diff)\n\(hint)", sourceLocation: sourceLocation)
    }
}

/// The grid as text inside a frame, so trailing spaces are visible in the file.
func frame(_ grid: Grid) -> String {
    let bar = "+" + String(repeating: "-", count: grid.size.width) + "+"
    return ([bar] + grid.lines.map { "|" + $0 + "|" } + [bar]).joined(separator: "\n") + "\n"
}

/// A minimal line diff: each differing line as expected/actual pairs.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(a.count, b.count) {
        let l = i < a.count ? String(a[i]) : "<none>"
        let r = i < b.count ? String(b[i]) : "<none>"
        if l != r {
            out.append(String(format: "%3d - %@", i, l))
            out.append(String(format: "%3d + %@", i, r))
        }
    }
    return out.joined(separator: "\n")
}

let snapshotsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Snapshots")

let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Loads a contract fixture.
func fixture(_ name: String) throws -> Data {
    try Data(contentsOf: fixturesDirectory.appendingPathComponent(name))
}

// MARK: - State builders

/// The fixed clock of every screen test: 2026-07-01T11:30:00Z.
let testNow = Timestamp.parse("2026-07-01T11:30:00Z") ?? Date(timeIntervalSince1970: 0)

/// The three requests of the contract's `pending.json`.
func contractItems() throws -> [ReviewRequest] {
    try WireFormat.decodePending(fixture("pending.json")).items
}

/// A console that has polled `items` once at the test clock.
func polledState(_ items: [ReviewRequest], size: Size = Size(width: 80, height: 24)) -> ConsoleState {
    var state = ConsoleState(engineLabel: "127.0.0.1:8080", reviewer: "oncall@ops", now: testNow, size: size)
    state.undoWindow = 0  // undo tests set their own window
    _ = reduce(&state, .started(testNow))
    _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: testNow))
    return state
}

/// The effects without journal records (those are asserted separately).
func withoutJournal(_ effects: [Effect]) -> [Effect] {
    effects.filter { if case .journal = $0 { false } else { true } }
}

/// The outcomes of the journal records among the effects.
func journalOutcomes(_ effects: [Effect]) -> [JournalOutcome] {
    effects.compactMap { if case .journal(let entry) = $0 { entry.outcome } else { nil } }
}

/// A request with defaults, for reducer tests.
func request(_ id: String, action: String = "issue_refund", actor: String = "bot", confidence: Double = 0.8,
             ageSeconds: TimeInterval = 10) -> ReviewRequest {
    ReviewRequest(id: id, actor: actor, action: action, confidence: confidence, reason: "needs review",
                  enqueuedAt: testNow.addingTimeInterval(-ageSeconds))
}
