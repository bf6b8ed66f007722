import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Decisions

@Suite("Reducer: decisions")
struct DecisionTests {
    @Test func approveSubmitsAndShowsProgressAtOnce() {
        var state = polledState([request("b7d2e0f4-1c3a", ageSeconds: 20), request("z", ageSeconds: 5)])
        let effects = reduce(&state, .key(.char("a")))
        #expect(withoutJournal(effects) == [.submit(id: "b7d2e0f4-1c3a", decision: .approve, note: "")])
        #expect(state.pipeline.inFlight["b7d2e0f4-1c3a"]?.decision == .approve)
        #expect(state.status?.text == "approving issue_refund (b7d2e0f4)…")
        #expect(reduce(&state, .key(.char("d"))) == [], "no second decision while one is out")
    }

    @Test func successRemovesTheRowAndMovesToTheNeighbour() {
        var state = polledState([request("a", ageSeconds: 20), request("b", ageSeconds: 5)])
        _ = reduce(&state, .key(.char("d")))
        let effects = reduce(&state, .decisionSucceeded(id: "a", decision: .deny, at: testNow))
        #expect(withoutJournal(effects) == [.setTitle("lelu: 1 pending")])
        #expect(journalOutcomes(effects) == [.confirmed])
        #expect(state.table.order == ["b"])
        #expect(state.table.cursorID == "b")
        #expect(state.status?.text == "denied issue_refund (a)")
        #expect(state.status?.kind == .success)
    }

    @Test func aLaggingEngineDoesNotBringAResolvedRowBack() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionSucceeded(id: "a", decision: .approve, at: testNow))
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: testNow))
        #expect(state.table.order.isEmpty)
    }

    @Test func aRowWithADecisionInFlightSurvivesAPollThatOmitsIt() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .pollSucceeded(PendingList(items: []), at: testNow))
        #expect(state.table.order == ["a"])
        #expect(state.pipeline.inFlight["a"]?.decision == .approve)
    }

    @Test func aRefusalIsNotRetriedAndBringsTheRowBack() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("a")))
        let effects = reduce(&state, .decisionFailed(id: "a", decision: .approve,
                                                     error: .badRequest(status: 400, message: "EOF"), at: testNow))
        #expect(journalOutcomes(effects) == [.failed])
        #expect(state.unsentCount == 0)
        #expect(state.table.order == ["a"])
        #expect(state.status?.kind == .error)
        #expect(state.status?.text == "not approved: issue_refund (a) — 127.0.0.1:8080 refused the request (400): EOF")
    }

    @Test func alreadyResolvedElsewhereAsksWhoAndNamesThem() {
        var state = polledState([request("a"), request("b")])
        _ = reduce(&state, .key(.char("a")))
        let effects = reduce(&state, .decisionFailed(id: "a", decision: .approve,
                                                     error: .alreadyResolved(id: "a", status: .denied), at: testNow))
        #expect(effects.contains(.fetchItem(id: "a")))
        #expect(state.table.order == ["b"])
        var resolved = request("a")
        resolved.status = .denied
        resolved.resolvedBy = "oncall@ops-2"
        let recorded = reduce(&state, .itemFetched(resolved, at: testNow))
        #expect(state.status?.text == "issue_refund (a) was already denied by oncall@ops-2 — not approved")
        #expect(state.status?.kind == .error)
        guard case .journal(let entry)? = recorded.first else {
            Issue.record("expected a journal record, got \(recorded)")
            return
        }
        #expect(entry.outcome == .conflict && entry.detail == "denied" && entry.resolvedBy == "oncall@ops-2")
        #expect(entry.outcomeText == "already denied by oncall@ops-2")

        // The cursor moved to b when a left: decision keys wait a second (the selection guard).
        _ = reduce(&state, .tick(testNow.addingTimeInterval(1)))
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionFailed(id: "b", decision: .approve,
                                           error: .alreadyResolved(id: "b", status: .approved), at: testNow))
        _ = reduce(&state, .itemFetchFailed(id: "b", error: .unauthorized, at: testNow))
        #expect(state.status?.text == "issue_refund (b) was already approved")
        #expect(state.status?.kind == .info, "the same decision by someone else is not a failure")
    }

    @Test func notFoundSaysGone() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionFailed(id: "a", decision: .approve, error: .notFound(id: "a"), at: testNow))
        #expect(state.table.order.isEmpty)
        #expect(state.status?.text == "issue_refund (a) is gone (engine restarted or item expired)")
    }

    @Test func nothingSelectedSendsNothing() {
        var state = polledState([])
        #expect(reduce(&state, .key(.char("a"))) == [])
        #expect(state.status?.text == "nothing selected")
    }
}
