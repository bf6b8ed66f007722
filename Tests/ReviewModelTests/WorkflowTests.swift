import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Filter

@Suite("Reducer: filter and sort")
struct FilterSortTests {
    func items() -> [ReviewRequest] {
        var a = request("aaa11111", action: "issue_refund", actor: "support_agent", confidence: 0.71, ageSeconds: 50)
        a.tenantID = "acme"
        a.resource = ["order_id": "ord_551"]
        var b = request("bbb22222", action: "invoice:create", actor: "invoice_bot", confidence: 0.78, ageSeconds: 40)
        b.tenantID = "globex"
        b.actingFor = "alice@acme.example"
        var c = request("ccc33333", action: "delete_user", actor: "ops_copilot", confidence: 0, ageSeconds: 30)
        c.reason = "no confidence signal detected"
        return [a, b, c]
    }

    func typing(_ text: String, _ state: inout ConsoleState) {
        for ch in text { _ = reduce(&state, .key(.char(ch))) }
    }

    @Test func incrementalFilterOverEveryField() {
        var state = polledState(items())
        _ = reduce(&state, .key(.char("/")))
        #expect(state.mode == .filter)
        typing("ACME", &state)
        #expect(state.table.order == ["aaa11111", "bbb22222"], "tenant and acting_for match, case-insensitively")
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .key(.ctrl("u")))
        typing("ord_5", &state)
        #expect(state.table.order == ["aaa11111"], "resource values match")
        _ = reduce(&state, .key(.ctrl("u")))
        typing("ccc3", &state)
        #expect(state.table.order == ["ccc33333"], "ID prefix matches")
        _ = reduce(&state, .key(.ctrl("u")))
        typing("signal", &state)
        #expect(state.table.order == ["ccc33333"], "reason matches")
        _ = reduce(&state, .key(.enter))
        #expect(state.mode == .queue)
        #expect(state.table.filter == "signal", "Enter keeps the filter")
        let header = render(state, size: state.size, theme: .default).text(row: 0)
        #expect(header.contains("1 of 3 pending") && header.contains("/signal"))
        _ = reduce(&state, .key(.escape))
        #expect(state.table.filter.isEmpty && state.table.order.count == 3, "Esc clears it")
    }

    @Test func escapeWhileTypingClearsTheFilter() {
        var state = polledState(items())
        _ = reduce(&state, .key(.char("/")))
        typing("zzz", &state)
        #expect(state.table.order.isEmpty && state.table.cursorID == nil)
        _ = reduce(&state, .key(.escape))
        #expect(state.table.filter.isEmpty && state.table.order.count == 3 && state.table.cursorID != nil)
    }

    @Test func tenantLimit() {
        var state = polledState([])
        state.tenants = ["globex"]
        _ = reduce(&state, .pollSucceeded(PendingList(items: items()), at: testNow))
        #expect(state.table.order == ["bbb22222"])
    }

    @Test func sortCyclesAndReversesWithStableTies() {
        var tied = items()
        tied.append(request("aaa00000", action: "issue_refund", confidence: 0.71, ageSeconds: 50))
        var state = polledState(tied)
        #expect(state.table.order == ["aaa00000", "aaa11111", "bbb22222", "ccc33333"], "age: oldest first, ties by ID")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.sort == .confidence)
        #expect(state.table.order == ["ccc33333", "aaa00000", "aaa11111", "bbb22222"], "lowest confidence first")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.order == ["ccc33333", "bbb22222", "aaa00000", "aaa11111"], "action A–Z, ties by age then ID")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.order == ["aaa00000", "bbb22222", "ccc33333", "aaa11111"], "actor A–Z")
        _ = reduce(&state, .key(.char("S")))
        #expect(state.table.order.first == "aaa11111", "reversed: support_agent first")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.sort == .age)
        // Rows never jump between polls whatever the engine's order.
        let before = state.table.order
        _ = reduce(&state, .pollSucceeded(PendingList(items: tied.reversed()), at: testNow))
        #expect(state.table.order == before)
    }
}

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
            items: s.table.items) == "Deny issue_refund (zz)? y/N")
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
        #expect(s.history.first?.id == "b7d2e0f4-1c3a", "the history view updates at once")
    }
}

// MARK: - History view

@Suite("Reducer: history")
struct HistoryTests {
    @Test func tabSwitchesAndEnterAsksTheEngine() {
        var s = polledState([request("a")])
        _ = reduce(&s, .key(.char("a")))
        _ = reduce(&s, .decisionSucceeded(id: "a", decision: .approve, at: testNow))
        let effects = reduce(&s, .key(.tab))
        #expect(s.view == .history)
        #expect(effects == [.fetchItem(id: "a")])
        #expect(s.history.first?.outcome == .confirmed)
        _ = reduce(&s, .key(.enter))
        var now = request("a")
        now.status = .approved
        now.resolvedBy = "oncall@ops"
        _ = reduce(&s, .itemFetched(now, at: testNow))
        #expect(s.historyItem?.resolvedBy == "oncall@ops")
        _ = reduce(&s, .key(.tab))
        #expect(s.view == .queue)
    }
}

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
            state.pipeline.recovering[id] = PendingDecision(recovering: entry(id, decision), now: testNow)
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
        #expect(state.pollInFlight)
        _ = reduce(&state, .tick(testNow.addingTimeInterval(3.5)))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("slow: waiting 2s"))
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: testNow.addingTimeInterval(4)))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("● connected"))
    }
}

@Suite("Reducer: conflict lookups")
struct ConflictLookupTests {
    @Test func aFailedLookupIsAskedAgainAfterTheNextPoll() {
        var state = polledState([request("a"), request("b")])
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionFailed(id: "a", decision: .approve,
                                           error: .alreadyResolved(id: "a", status: .approved), at: testNow))
        #expect(reduce(&state, .itemFetchFailed(id: "a", error: .timeout, at: testNow)).isEmpty)
        #expect(state.pipeline.conflicts["a"] != nil, "still waiting to learn who won")
        let next = reduce(&state, .pollSucceeded(PendingList(items: [request("b")]), at: testNow))
        #expect(next.contains(.fetchItem(id: "a")))
        var item = request("a")
        item.status = .approved
        item.resolvedBy = state.reviewer
        #expect(journalOutcomes(reduce(&state, .itemFetched(item, at: testNow))) == [.confirmed])
    }
}

@Suite("Reducer: mouse")
struct MouseTests {
    @Test func clickSelectsTheRowAndTheWheelScrolls() {
        let items = (0..<10).map { request("id\($0)", ageSeconds: TimeInterval(100 - $0)) }
        var state = polledState(items)
        let table = Layout(size: state.size, showDetail: false).table
        _ = reduce(&state, .mouse(.click(x: 5, y: table.y + 4)))
        #expect(state.table.cursorID == "id4")
        _ = reduce(&state, .mouse(.wheelDown))
        #expect(state.table.cursorID == "id7")
        _ = reduce(&state, .mouse(.wheelUp))
        #expect(state.table.cursorID == "id4")
        _ = reduce(&state, .mouse(.click(x: 5, y: 0)))
        #expect(state.table.cursorID == "id4", "a click on the header selects nothing")
        _ = reduce(&state, .mouse(.click(x: 5, y: table.y + 15)))
        #expect(state.table.cursorID == "id4", "a click below the last row selects nothing")
    }
}
