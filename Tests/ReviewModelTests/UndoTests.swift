import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Undo window

@Suite("Reducer: undo window")
struct UndoTests {
    func state(window: TimeInterval = 3) -> ConsoleState {
        var state = polledState([request("b7d2e0f4-1c3a", ageSeconds: 20), request("zz", ageSeconds: 5)])
        state.undoWindow = window
        return state
    }

    @Test func aDecisionIsHeldThenSentAtTheDeadline() {
        var s = state()
        let effects = reduce(&s, .key(.char("a")))
        #expect(withoutJournal(effects) == [])
        #expect(journalOutcomes(effects) == [.held])
        #expect(s.status?.text == "approved issue_refund (b7d2e0f4) — sending in 3s, u to undo")
        #expect(render(s, size: s.size, theme: .default).text(row: 2).contains("approve in 3s — u undoes"))
        _ = reduce(&s, .tick(testNow.addingTimeInterval(1.2)))
        #expect(s.status?.text == "approved issue_refund (b7d2e0f4) — sending in 2s, u to undo")
        let sent = reduce(&s, .tick(testNow.addingTimeInterval(3)))
        #expect(withoutJournal(sent) == [.submit(id: "b7d2e0f4-1c3a", decision: .approve, note: "")])
        #expect(journalOutcomes(sent) == [.sending])
        #expect(reduce(&s, .key(.char("u"))).isEmpty)
        #expect(s.status?.text.hasPrefix("nothing to undo") == true, "after the deadline there is no undo")
    }

    @Test func undoTakesBackTheMostRecentThenEarlierOnes() {
        var s = state()
        _ = reduce(&s, .key(.char("a")))
        _ = reduce(&s, .key(.char("j")))
        _ = reduce(&s, .key(.char("d")))
        let first = reduce(&s, .key(.char("u")))
        #expect(journalOutcomes(first) == [.undone])
        #expect(s.pipeline.held.map(\.id) == ["b7d2e0f4-1c3a"])
        #expect(s.status?.text == "took back deny of issue_refund (zz) — nothing sent")
        _ = reduce(&s, .key(.char("u")))
        #expect(s.pipeline.held.isEmpty)
        let later = reduce(&s, .tick(testNow.addingTimeInterval(10)))
        #expect(!later.contains { if case .submit = $0 { true } else { false } }, "nothing is ever sent")
        #expect(s.table.order.count == 2)
    }

    @Test func zeroWindowSendsAtOnce() {
        var s = state(window: 0)
        #expect(withoutJournal(reduce(&s, .key(.char("d")))) == [.submit(id: "b7d2e0f4-1c3a", decision: .deny, note: "")])
    }

    @Test func confirmPolicyAsksForSingleDecisions() {
        var s = state(window: 0)
        s.confirmPolicy = .deny
        #expect(withoutJournal(reduce(&s, .key(.char("a")))).count == 1, "approve does not ask")
        _ = reduce(&s, .key(.char("j")))
        #expect(reduce(&s, .key(.char("d"))) == [])
        #expect(confirmationQuestion(
            { if case .confirm(let c) = s.mode { c } else { Confirmation(decision: .deny, ids: [], hidden: 0, note: "") } }(),
            items: s.table.items).description == "Deny issue_refund (zz)? y/N")
        #expect(withoutJournal(reduce(&s, .key(.char("y")))) == [.submit(id: "zz", decision: .deny, note: "")])
    }

    @Test func quittingSendsHeldDecisionsFirstAndASecondQQuitsNow() {
        var s = state()
        _ = reduce(&s, .key(.char("a")))
        let quit = reduce(&s, .key(.char("q")))
        #expect(withoutJournal(quit) == [.submit(id: "b7d2e0f4-1c3a", decision: .approve, note: "")])
        #expect(s.status?.text.hasPrefix("sending 1 decision before quitting") == true)
        #expect(withoutJournal(reduce(&s, .decisionSucceeded(id: "b7d2e0f4-1c3a", decision: .approve, at: testNow)))
            .contains(.quit))

        var t = state()
        _ = reduce(&t, .key(.char("a")))
        _ = reduce(&t, .key(.char("q")))
        #expect(reduce(&t, .key(.char("q"))) == [.quit], "a second q quits now")
    }

    @Test func journalRecordsCarryTheDecisionButNeverAKey() {
        var s = state(window: 0)
        s.engineURL = "http://127.0.0.1:8080"
        _ = reduce(&s, .key(.char("A")))
        for ch in "ticket 9921" { _ = reduce(&s, .key(.char(ch))) }
        let effects = reduce(&s, .key(.enter))
        guard case .journal(let entry)? = effects.first else {
            Issue.record("expected a journal record first")
            return
        }
        #expect(entry.engine == "http://127.0.0.1:8080" && entry.id == "b7d2e0f4-1c3a")
        #expect(entry.action == "issue_refund" && entry.actor == "bot" && entry.confidence == 0.8)
        #expect(entry.decision == .approve && entry.note == "ticket 9921" && entry.reviewer == "oncall@ops")
        #expect(s.historyView.entries.first?.id == "b7d2e0f4-1c3a", "the history view updates at once")
    }
}
