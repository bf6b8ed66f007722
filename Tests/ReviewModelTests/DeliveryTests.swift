import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Delivery

@Suite("Reducer: delivery, retries and recovery")
struct DeliveryTests {
    @Test func transientFailuresAreRetriedWithBackoffAndJitterCapped() {
        var delays: [TimeInterval] = []
        for attempt in 1...8 { delays.append(retryDelay(attempt: attempt, id: "b7d2e0f4")) }
        let bases: [TimeInterval] = [1, 2, 4, 8, 15, 15, 15, 15]
        for (delay, base) in zip(delays, bases) {
            #expect(delay >= base && delay <= base * 1.25, "\(delay) for base \(base)")
        }
        #expect(retryDelay(attempt: 3, id: "a") != retryDelay(attempt: 3, id: "b"), "jitter spreads consoles out")
        #expect(retryDelay(attempt: 3, id: "a") == retryDelay(attempt: 3, id: "a"), "and is deterministic")
    }

    @Test func aTimeoutIsSentAgainAndTheRowStays() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("a")))
        var at = testNow
        for attempt in 1..<10 {
            let effects = reduce(&state, .decisionFailed(id: "a", decision: .approve,
                                                         error: .server(status: 503, message: "down"), at: at))
            #expect(journalOutcomes(effects).isEmpty, "still sending: no new outcome")
            #expect(state.pipeline.retrying.first?.attempts == attempt)
            #expect(state.table.order == ["a"], "the row stays while retrying")
            let due = state.pipeline.retrying.first?.retryAt ?? at
            #expect(withoutJournal(reduce(&state, .tick(due.addingTimeInterval(-0.01)))).allSatisfy {
                if case .submit = $0 { false } else { true }
            })
            at = due
            let resent = reduce(&state, .tick(due))
            #expect(resent.contains(.submit(id: "a", decision: .approve, note: "")))
        }
        let last = reduce(&state, .decisionFailed(id: "a", decision: .approve,
                                                  error: .unreachable(detail: "refused"), at: at))
        #expect(journalOutcomes(last) == [.failed], "given up after ten attempts, visibly")
        #expect(state.unsentCount == 0)
    }

    @Test func aRetryThatFindsItsOwnEarlierAttemptCountsAsConfirmed() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionFailed(id: "a", decision: .approve, error: .timeout, at: testNow))
        _ = reduce(&state, .tick(testNow.addingTimeInterval(5)))
        _ = reduce(&state, .decisionFailed(id: "a", decision: .approve,
                                           error: .alreadyResolved(id: "a", status: .approved), at: testNow))
        var item = request("a")
        item.status = .approved
        item.resolvedBy = state.reviewer
        let effects = reduce(&state, .itemFetched(item, at: testNow))
        #expect(journalOutcomes(effects) == [.confirmed])
        #expect(state.status?.text == "approved issue_refund (a)")
    }

    @Test func recoveryResendsWhatIsStillPendingAndRecordsTheRest() {
        var state = ConsoleState(engineLabel: "e", engineURL: "http://e", reviewer: "me", now: testNow,
                                 size: Size(width: 80, height: 24))
        state.undoWindow = 0
        func entry(_ id: String, _ decision: Decision) -> JournalEntry {
            JournalEntry(time: testNow, engine: "http://e", id: id, action: "deploy", actor: "bot", confidence: 0.8,
                         decision: decision, note: "", reviewer: "me", outcome: .sending)
        }
        for (id, decision) in [("p", Decision.approve), ("done", .deny), ("other", .approve), ("gone", .deny)] {
            state.pipeline.recover(PendingDecision(recovering: entry(id, decision), now: testNow))
        }
        let start = reduce(&state, .started(testNow))
        #expect(start.filter { if case .fetchItem = $0 { true } else { false } }.count == 4)
        #expect(state.status?.text == "checking 4 decisions left unsent by the last session…")

        var pending = request("p")
        pending.status = .pending
        #expect(reduce(&state, .itemFetched(pending, at: testNow)).contains(.submit(id: "p", decision: .approve, note: "")))
        var done = request("done")
        done.status = .denied
        done.resolvedBy = "me"
        #expect(journalOutcomes(reduce(&state, .itemFetched(done, at: testNow))) == [.confirmed])
        var other = request("other")
        other.status = .denied
        other.resolvedBy = "someone"
        #expect(journalOutcomes(reduce(&state, .itemFetched(other, at: testNow))) == [.conflict])
        #expect(journalOutcomes(reduce(&state, .itemFetchFailed(id: "gone", error: .notFound(id: "gone"), at: testNow)))
            == [.gone])
        #expect(state.pipeline.recovering.isEmpty)
        #expect(state.pipeline.inFlight["p"] != nil)
        // The resent one's confirmation says where it came from.
        #expect(journalOutcomes(reduce(&state, .decisionSucceeded(id: "p", decision: .approve, at: testNow)))
            == [.confirmed])
        #expect(state.status?.text == "approved deploy (p), left unsent by the last session")
    }

    @Test func slowPollsAreNamedInTheHeader() {
        var state = polledState([request("a")])
        _ = reduce(&state, .tick(testNow.addingTimeInterval(1)))
        #expect(state.sync.pollInFlight)
        _ = reduce(&state, .tick(testNow.addingTimeInterval(3.5)))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("slow: waiting 2s"))
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: testNow.addingTimeInterval(4)))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("● connected"))
    }
}
