import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Polling

@Suite("Reducer: polling")
struct PollingTests {
    @Test func startFetchesAtOnceAndOnlyOnePollIsOut() {
        var state = ConsoleState(engineLabel: "e", reviewer: "r", now: testNow, size: Size(width: 80, height: 24))
        #expect(reduce(&state, .started(testNow)) == [.probeEngine, .fetchPending])
        #expect(state.sync.pollInFlight)
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(5))) == [])
        #expect(reduce(&state, .key(.char("r"))) == [])
        #expect(state.status?.text == "a poll is already under way")
    }

    @Test("a July engine's list is read three times an interval (it holds 50: a burst must not scroll past it)")
    func nextPollIsDueAThirdOfAnIntervalAfterAnswer() {
        var state = polledState([request("a")])
        #expect(!state.sync.pollInFlight)
        _ = reduce(&state, .tick(testNow.addingTimeInterval(0.1)))
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: testNow.addingTimeInterval(0.1)))
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(0.3))) == [])
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(0.44))) == [.fetchPending])
    }

    @Test("a paged engine's newest page is read once an interval")
    func pagedPollIsDueOneIntervalAfterAnswer() {
        var state = ConsoleState(engineLabel: "e", reviewer: "r", now: testNow, size: Size(width: 80, height: 24))
        _ = reduce(&state, .started(testNow))
        let page = PendingList(items: [request("a")], reportedCount: 1, total: 1)
        _ = reduce(&state, .pollSucceeded(page, at: testNow))
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(0.5))) == [])
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(1))).contains {
            if case .fetchPage = $0 { true } else { false }
        })
    }

    @Test func refreshPollsNow() {
        var state = polledState([request("a")])
        #expect(reduce(&state, .key(.char("r"))) == [.fetchPending])
    }

    @Test func failuresBackOffFromOneSecondToFifteen() {
        var state = polledState([request("a")])
        _ = reduce(&state, .tick(testNow.addingTimeInterval(1)))
        var at = testNow.addingTimeInterval(1)
        var delays: [TimeInterval] = []
        for _ in 0..<6 {
            _ = reduce(&state, .pollFailed(.unreachable(detail: "refused"), at: at))
            let due = state.sync.nextPollAt ?? at
            delays.append(due.timeIntervalSince(at))
            at = due
            #expect(reduce(&state, .tick(at)) == [.fetchPending])
        }
        #expect(delays == [1, 2, 4, 8, 15, 15])
        guard case .reconnecting = state.sync.connection else {
            Issue.record("expected reconnecting, got \(state.sync.connection)")
            return
        }
        #expect(state.table.items.count == 1, "the last good list stays on screen")
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: at))
        #expect(state.sync.connection == .connected)
        #expect(state.sync.failedPolls == 0)
    }

    @Test func unauthorizedAndMisconfiguredAreNamed() {
        var state = polledState([])
        _ = reduce(&state, .pollFailed(.unauthorized, at: testNow))
        #expect(state.sync.connection == .unauthorized)
        _ = reduce(&state, .pollFailed(.misconfigured, at: testNow))
        #expect(state.sync.connection == .misconfigured)
    }

    @Test func pollSetsTheTitle() {
        var state = polledState([])
        let effects = reduce(&state, .pollSucceeded(PendingList(items: [request("a"), request("b")]), at: testNow))
        #expect(effects == [.setTitle("lelu: 2 pending")])
    }

    @Test func onlyPendingItemsAreShown() {
        var resolved = request("x")
        resolved.status = .approved
        let state = polledState([request("a"), resolved])
        #expect(state.table.order == ["a"])
    }

    @Test("the state says when it is next due: the poll, or a held decision's end if sooner; nothing while a poll is out")
    func nextDueComesFromTheState() {
        var state = polledState([request("a")])
        _ = reduce(&state, .tick(testNow.addingTimeInterval(0.1)))
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: testNow.addingTimeInterval(0.1)))
        state.undoWindow = 0.2
        let poll = state.sync.nextPollAt
        #expect(poll != nil && state.nextDue == poll)
        _ = reduce(&state, .key(.char("a")))
        let held = state.nextDue.map { $0.timeIntervalSince(testNow) } ?? 0
        #expect(abs(held - 0.3) < 1e-6, "the held decision ends before the poll: \(held)")
        _ = reduce(&state, .tick(testNow.addingTimeInterval(0.31)))
        _ = reduce(&state, .tick(poll ?? testNow))
        #expect(state.sync.pollInFlight && state.nextDue == nil, "\(String(describing: state.nextDue))")
    }
}
