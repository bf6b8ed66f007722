import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Marks and bulk decisions

@Suite("Reducer: marks and bulk decisions")
struct MarkTests {
    func five() -> [ReviewRequest] {
        (0..<5).map { request("id\($0)", action: $0 < 3 ? "issue_refund" : "deploy", ageSeconds: TimeInterval(100 - $0)) }
    }

    @Test func spaceMarksAndMovesDownStarMarksVisibleXClears() {
        var state = polledState(five())
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.table.marks == ["id0"] && state.table.cursorID == "id1")
        _ = reduce(&state, .key(.char(" ")))
        _ = reduce(&state, .key(.char("k")))
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.table.marks == ["id0"], "space on a marked row unmarks it")
        _ = reduce(&state, .key(.char("x")))
        #expect(state.table.marks.isEmpty)
        _ = reduce(&state, .key(.char("/")))
        for ch in "deploy" { _ = reduce(&state, .key(.char(ch))) }
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .key(.char("*")))
        #expect(state.table.marks == ["id3", "id4"], "* marks only what the filter shows")
    }

    @Test func marksOnRowsThatLeaveDropAwaySilently() {
        var state = polledState(five())
        _ = reduce(&state, .key(.char("*")))
        _ = reduce(&state, .pollSucceeded(PendingList(items: Array(five().prefix(2)).shuffled()), at: testNow))
        #expect(state.table.marks == ["id0", "id1"])
    }

    @Test func bulkDecisionAsksWithHiddenCountAndDefaultsToNo() {
        var state = polledState(five())
        _ = reduce(&state, .key(.char("*")))
        _ = reduce(&state, .key(.char("/")))
        for ch in "refund" { _ = reduce(&state, .key(.char(ch))) }
        _ = reduce(&state, .key(.enter))
        #expect(reduce(&state, .key(.char("a"))) == [], "nothing is sent before the answer")
        guard case .confirm(let question) = state.mode else {
            Issue.record("expected a confirmation, got \(state.mode)")
            return
        }
        #expect(question.ids.count == 5 && question.hidden == 2)
        #expect(confirmationQuestion(question, items: state.table.items)
            == "Approve 5 marked requests (2 hidden by the filter)? y/N")
        #expect(reduce(&state, .key(.enter)) == [], "Enter is not yes")
        #expect(state.mode == .queue && state.table.marks.count == 5)
        #expect(state.status?.text == "cancelled — nothing sent")
        _ = reduce(&state, .key(.char("a")))
        #expect(reduce(&state, .key(.char("n"))) == [])
        #expect(state.pipeline.held.isEmpty && state.pipeline.inFlight.isEmpty)
    }

    @Test func bulkApproveSendsEightAtATimeAndReportsConflicts() {
        var items = five()
        items += (5..<10).map { request("id\($0)", ageSeconds: TimeInterval(50 - $0)) }
        var state = polledState(items)
        _ = reduce(&state, .key(.char("*")))
        _ = reduce(&state, .key(.char("a")))
        let effects = reduce(&state, .key(.char("y")))
        let submits = withoutJournal(effects)
        #expect(submits.count == 8, "bounded concurrency: 8 in flight")
        #expect(state.pipeline.outbox.count == 2 && state.table.marks.isEmpty)
        #expect(journalOutcomes(effects).filter { $0 == .held }.count == 10)
        var answers: [Effect] = []
        for id in state.pipeline.inFlight.keys.sorted() where id != "id9" {
            answers += reduce(&state, .decisionSucceeded(id: id, decision: .approve, at: testNow))
        }
        #expect(withoutJournal(answers).contains { if case .submit = $0 { true } else { false } },
                "answers free slots for the queued two")
        _ = reduce(&state, .decisionFailed(id: "id9", decision: .approve,
                                           error: .alreadyResolved(id: "id9", status: .denied), at: testNow))
        var resolved = request("id9")
        resolved.status = .denied
        resolved.resolvedBy = "oncall@ops-2"
        _ = reduce(&state, .itemFetched(resolved, at: testNow))
        for id in state.pipeline.inFlight.keys.sorted() {
            _ = reduce(&state, .decisionSucceeded(id: id, decision: .approve, at: testNow))
        }
        #expect(state.unsentCount == 0 && state.table.order.isEmpty)
        #expect(state.status?.text == "9 approved, 1 already denied by oncall@ops-2")
    }
}
