import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Decisions left by a crash

@Suite("Long use: decisions left unsent long ago")
struct LongUnsentTests {
    @Test("a crash older than the threshold leaves held decisions waiting for the reviewer instead of sending them")
    func oldCrashAsksFirst() throws {
        var (state, start) = restarted([left("a", .held, ago: 7200), left("b", .sending, ago: 7200),
                                        left("c", .held, ago: 7200, decision: .deny), left("d", .held, ago: 7200)])
        #expect(start.contains(.fetchItem(id: "a")) && start.contains(.fetchItem(id: "d")))
        #expect(submits(reduce(&state, .itemFetched(item("a", .pending), at: testNow))).isEmpty)
        #expect(submits(reduce(&state, .itemFetched(item("b", .pending), at: testNow))).isEmpty)
        #expect(journalOutcomes(reduce(&state, .itemFetched(item("c", .denied, by: "bob"), at: testNow))) == [.conflict])
        _ = reduce(&state, .itemFetchFailed(id: "d", error: .notFound(id: "d"), at: testNow))
        guard case .confirm(let question) = state.mode else {
            Issue.record("no question asked: \(state.mode)")
            return
        }
        let text = confirmationQuestion(question, items: state.table.items).description
        #expect(text.hasPrefix("2 decisions left unsent 2h ago, still pending"))
        #expect(text.contains("deploy (c) already denied by bob") && text.contains("deploy (d) gone"))
        // While asked, nothing is sent; No records them as never sent.
        let no = reduce(&state, .key(.char("n")))
        #expect(submits(no).isEmpty)
        #expect(journalOutcomes(no) == [.undone, .undone])
        #expect(state.pendingDecision("a") == nil && state.unsentCount == 0)
    }

    @Test("y sends the long-unsent decisions that are still pending")
    func yesSends() {
        var (state, _) = restarted([left("a", .held, ago: 3600)])
        _ = reduce(&state, .itemFetched(item("a", .pending), at: testNow))
        #expect(state.mode != .queue)
        #expect(submits(reduce(&state, .key(.char("y")))) == ["a"])
    }

    @Test("a recent crash (under 10 minutes) still sends at once, and so does --resend-held after any gap",
          arguments: [(TimeInterval(300), false), (86_400, true)])
    func recentOrForcedSendsAtOnce(ago: TimeInterval, resendHeld: Bool) {
        var (state, _) = restarted([left("a", .sending, ago: ago)], resendHeld: resendHeld)
        #expect(submits(reduce(&state, .itemFetched(item("a", .pending), at: testNow))) == ["a"])
        #expect(state.mode == .queue)
    }

    @Test("a question waits while another prompt has the keyboard")
    func questionWaitsForPrompt() {
        var (state, _) = restarted([left("a", .held, ago: 3600)])
        state.mode = .help
        _ = reduce(&state, .itemFetched(item("a", .pending), at: testNow))
        #expect(state.mode == .help)
        #expect(state.pendingDecision("a") != nil)  // protected from a second decision meanwhile
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .tick(testNow.addingTimeInterval(1)))
        guard case .confirm(let question) = state.mode else {
            Issue.record("not asked after the help closed: \(state.mode)")
            return
        }
        #expect(question.resend.map(\.id) == ["a"])
    }
}
// MARK: - Fixtures

/// A journal record of this engine for decision `id`, written `ago` seconds before the test clock.
func left(_ id: String, _ outcome: JournalOutcome, ago: TimeInterval, decision: Decision = .approve)
    -> JournalEntry
{
    JournalEntry(time: testNow.addingTimeInterval(-ago), engine: "http://e", id: id, action: "deploy", actor: "bot",
                 confidence: 0.8, decision: decision, note: "", reviewer: "me", outcome: outcome)
}

/// A console restored from these records, started at the test clock.
func restarted(_ records: [JournalEntry], resendHeld: Bool = false) -> (ConsoleState, [Effect]) {
    var state = ConsoleState(engineLabel: "e", engineURL: "http://e", reviewer: "me", now: testNow,
                             size: Size(width: 100, height: 24))
    state.undoWindow = 0
    state.pipeline.resendHeld = resendHeld
    state.restore(fromJournal: records)
    let effects = reduce(&state, .started(testNow))
    return (state, effects)
}

/// The item as the engine has it now.
private func item(_ id: String, _ status: ReviewStatus, by: String? = nil) -> ReviewRequest {
    var item = request(id, action: "deploy")
    item.status = status
    item.resolvedBy = by
    return item
}

private func submits(_ effects: [Effect]) -> [String] {
    effects.compactMap { if case .submit(let id, _, _) = $0 { id } else { nil } }
}
