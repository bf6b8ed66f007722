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
        #expect(state.pollInFlight)
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(5))) == [])
        #expect(reduce(&state, .key(.char("r"))) == [])
        #expect(state.status?.text == "a poll is already under way")
    }

    @Test func nextPollIsDueOneIntervalAfterAnswer() {
        var state = polledState([request("a")])
        #expect(!state.pollInFlight)
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(0.5))) == [])
        #expect(reduce(&state, .tick(testNow.addingTimeInterval(1))) == [.fetchPending])
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
            let due = state.nextPollAt ?? at
            delays.append(due.timeIntervalSince(at))
            at = due
            #expect(reduce(&state, .tick(at)) == [.fetchPending])
        }
        #expect(delays == [1, 2, 4, 8, 15, 15])
        guard case .reconnecting = state.connection else {
            Issue.record("expected reconnecting, got \(state.connection)")
            return
        }
        #expect(state.table.items.count == 1, "the last good list stays on screen")
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: at))
        #expect(state.connection == .connected)
        #expect(state.failedPolls == 0)
    }

    @Test func unauthorizedAndMisconfiguredAreNamed() {
        var state = polledState([])
        _ = reduce(&state, .pollFailed(.unauthorized, at: testNow))
        #expect(state.connection == .unauthorized)
        _ = reduce(&state, .pollFailed(.misconfigured, at: testNow))
        #expect(state.connection == .misconfigured)
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
}

// MARK: - Order and identity

@Suite("Reducer: order and identity")
struct OrderTests {
    @Test func oldestFirstWithTiesByID() {
        let state = polledState([
            request("c", ageSeconds: 5), request("b", ageSeconds: 50), request("a", ageSeconds: 5),
        ])
        #expect(state.table.order == ["b", "a", "c"])
        #expect(state.table.cursorID == "b")
    }

    @Test func cursorFollowsTheSameRequestWhateverTheEngineOrder() {
        let items = (0..<20).map { request("id\($0)", ageSeconds: TimeInterval(100 - $0)) }
        var state = polledState(items)
        for _ in 0..<5 { _ = reduce(&state, .key(.char("j"))) }
        #expect(state.table.cursorID == "id5")
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<10 {
            _ = reduce(&state, .pollSucceeded(PendingList(items: items.shuffled(using: &rng)), at: testNow))
            #expect(state.table.cursorID == "id5")
            #expect(state.table.order == items.map(\.id))
        }
    }

    @Test func cursorMovesToTheNextNeighbourWhenItsRequestLeaves() {
        let items = (0..<5).map { request("id\($0)", ageSeconds: TimeInterval(100 - $0)) }
        var state = polledState(items)
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("j")))
        #expect(state.table.cursorID == "id2")
        _ = reduce(&state, .pollSucceeded(PendingList(items: items.filter { $0.id != "id2" }), at: testNow))
        #expect(state.table.cursorID == "id3")
        _ = reduce(&state, .key(.char("G")))
        #expect(state.table.cursorID == "id4")
        _ = reduce(&state, .pollSucceeded(PendingList(items: Array(items.prefix(3))), at: testNow))
        #expect(state.table.cursorID == "id1", "the last row left: the cursor goes to the one above")
        _ = reduce(&state, .pollSucceeded(PendingList(items: []), at: testNow))
        #expect(state.table.cursorID == nil)
    }

    @Test func newRowsAreMarkedNewButNotOnTheFirstPoll() {
        var state = polledState([request("a")])
        #expect(state.table.firstSeen["a"] == .distantPast)
        let later = testNow.addingTimeInterval(2)
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a"), request("b")]), at: later))
        #expect(state.table.firstSeen["b"] == later)
    }
}

// MARK: - Navigation

@Suite("Reducer: navigation")
struct NavigationTests {
    @Test func movementKeysAndClamping() {
        let items = (0..<40).map { request(String(format: "id%02d", $0), ageSeconds: TimeInterval(100 - $0)) }
        var state = polledState(items)
        _ = reduce(&state, .key(.up))
        #expect(state.table.cursorID == "id00")
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.char("j")))
        #expect(state.table.cursorID == "id02")
        _ = reduce(&state, .key(.char("k")))
        #expect(state.table.cursorID == "id01")
        _ = reduce(&state, .key(.end))
        #expect(state.table.cursorID == "id39")
        #expect(state.table.scrollTop == 40 - Layout(size: state.size, showDetail: false).table.height)
        _ = reduce(&state, .key(.char("g")))
        #expect(state.table.cursorID == "id00")
        #expect(state.table.scrollTop == 0)
        _ = reduce(&state, .key(.pageDown))
        #expect(state.cursorIndex == Layout(size: state.size, showDetail: false).table.height - 1)
        _ = reduce(&state, .key(.pageUp))
        #expect(state.table.cursorID == "id00")
        _ = reduce(&state, .key(.home))
        _ = reduce(&state, .key(.char("G")))
        #expect(state.table.cursorID == "id39")
    }

    @Test func resizeKeepsTheCursorOnScreen() {
        let items = (0..<40).map { request(String(format: "id%02d", $0), ageSeconds: TimeInterval(100 - $0)) }
        var state = polledState(items, size: Size(width: 120, height: 50))
        _ = reduce(&state, .key(.char("G")))
        #expect(state.table.scrollTop == 0)
        _ = reduce(&state, .resized(Size(width: 80, height: 24)))
        let height = Layout(size: state.size, showDetail: false).table.height
        #expect(state.table.scrollTop == 40 - height)
        #expect(state.table.cursorID == "id39")
    }

    @Test func enterTogglesDetailAndHelpOpensAndCloses() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.enter))
        #expect(state.showDetail)
        _ = reduce(&state, .key(.char("?")))
        #expect(state.mode == .help)
        _ = reduce(&state, .key(.char("a")))
        #expect(state.mode == .help, "keys other than close do nothing under help")
        #expect(state.pipeline.inFlight.isEmpty)
        _ = reduce(&state, .key(.escape))
        #expect(state.mode == .queue)
    }

    @Test func quitEmitsQuit() {
        var state = polledState([])
        #expect(reduce(&state, .key(.char("q"))) == [.quit])
        #expect(state.quitting)
        var other = polledState([])
        #expect(reduce(&other, .terminate) == [.quit])
    }

    @Test func unboundKeysDoNothing() {
        var state = polledState([request("a")])
        let before = state
        #expect(reduce(&state, .key(.char("z"))) == [])
        #expect(state == before)
    }
}

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
        #expect(state.status == StatusMessage("denied issue_refund (a)", kind: .success, at: testNow))
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
        #expect(state.status == StatusMessage("issue_refund (a) was already denied by oncall@ops-2 — not approved",
                                              kind: .error, at: testNow))
        guard case .journal(let entry)? = recorded.first else {
            Issue.record("expected a journal record, got \(recorded)")
            return
        }
        #expect(entry.outcome == .conflict && entry.detail == "denied" && entry.resolvedBy == "oncall@ops-2")
        #expect(entry.outcomeText == "already denied by oncall@ops-2")

        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionFailed(id: "b", decision: .approve,
                                           error: .alreadyResolved(id: "b", status: .approved), at: testNow))
        _ = reduce(&state, .itemFetchFailed(id: "b", error: .unauthorized, at: testNow))
        #expect(state.status == StatusMessage("issue_refund (b) was already approved", kind: .info, at: testNow),
                "the same decision by someone else is not a failure")
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

// MARK: - Note editor

@Suite("Reducer: note editor")
struct NoteEditorTests {
    func typing(_ text: String, into state: inout ConsoleState) {
        for ch in text { _ = reduce(&state, .key(.char(ch))) }
    }

    @Test func denyWithNoteSendsTheEditedText() {
        var state = polledState([request("a")])
        #expect(reduce(&state, .key(.char("D"))) == [])
        guard case .note(let editor) = state.mode else {
            Issue.record("expected the note editor")
            return
        }
        #expect(editor.decision == .deny)
        typing("no ticket", into: &state)
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .key(.left))
        _ = reduce(&state, .key(.left))
        typing("X", into: &state)  // "no ticXke"
        _ = reduce(&state, .key(.end))
        typing("!", into: &state)
        let effects = reduce(&state, .key(.enter))
        #expect(withoutJournal(effects) == [.submit(id: "a", decision: .deny, note: "no ticXke!")])
        #expect(state.mode == .queue)
    }

    @Test func ctrlUClearsBeforeTheCursorAndDeleteRemovesUnderIt() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("A")))
        typing("hello world", into: &state)
        for _ in 0..<5 { _ = reduce(&state, .key(.left)) }
        _ = reduce(&state, .key(.ctrl("u")))
        _ = reduce(&state, .key(.delete))
        #expect(withoutJournal(reduce(&state, .key(.enter))) == [.submit(id: "a", decision: .approve, note: "orld")])
    }

    @Test func escapeCancelsAndSendsNothing() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("A")))
        typing("q a d", into: &state)
        #expect(reduce(&state, .key(.escape)) == [])
        #expect(state.mode == .queue)
        #expect(state.pipeline.inFlight.isEmpty)
        #expect(state.status?.text == "note cancelled — nothing sent")
    }

    @Test func aNoteForARequestThatLeftSendsNothing() {
        var state = polledState([request("a", ageSeconds: 20), request("b", ageSeconds: 10)])
        _ = reduce(&state, .key(.char("A")))
        // A poll that reorders must not retarget the note.
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("b", ageSeconds: 10), request("c", ageSeconds: 99)]),
                                          at: testNow))
        typing("ok", into: &state)
        #expect(reduce(&state, .key(.enter)) == [], "the request left: nothing is sent")
        #expect(state.status?.text == "that request left the queue — nothing sent")
    }

    @Test func controlCharactersCannotBeTyped() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("A")))
        _ = reduce(&state, .key(.char("\u{1b}")))
        _ = reduce(&state, .key(.char("\u{202e}")))
        #expect(withoutJournal(reduce(&state, .key(.enter))) == [.submit(id: "a", decision: .approve, note: "")])
    }
}

// MARK: - Action table

@Suite("Action table and keymap")
struct ActionTableTests {
    @Test func everyActionHasAKeyAndHelp() {
        for action in Action.allCases {
            #expect(!Keymap.standard.keys(for: action).isEmpty, "\(action) has no key")
            #expect(!action.help.isEmpty)
        }
    }

    @Test func helpIsGeneratedFromTheTable() {
        let lines = helpLines(.standard)
        for action in Action.allCases {
            #expect(lines.contains { $0.text == action.help })
        }
        #expect(lines.contains { $0.keys == "j ↓" && $0.text == Action.moveDown.help })
    }

    @Test func rebindingChangesBehaviourAndHelp() {
        var state = polledState([request("a")])
        state.keymap.bind(.char("y"), to: .approve)
        state.keymap.bind(.char("a"), to: .help)
        #expect(withoutJournal(reduce(&state, .key(.char("y")))) == [.submit(id: "a", decision: .approve, note: "")])
        #expect(helpLines(state.keymap).contains { $0.keys == "y" && $0.text == Action.approve.help })
    }
}
