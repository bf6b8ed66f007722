import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Fixtures

/// A journal record of this engine for decision `id`, written `ago` seconds before the test clock.
private func left(_ id: String, _ outcome: JournalOutcome, ago: TimeInterval, decision: Decision = .approve)
    -> JournalEntry
{
    JournalEntry(time: testNow.addingTimeInterval(-ago), engine: "http://e", id: id, action: "deploy", actor: "bot",
                 confidence: 0.8, decision: decision, note: "", reviewer: "me", outcome: outcome)
}

/// A console restored from these records, started at the test clock.
private func restarted(_ records: [JournalEntry], resendHeld: Bool = false) -> (ConsoleState, [Effect]) {
    var state = ConsoleState(engineLabel: "e", engineURL: "http://e", reviewer: "me", now: testNow,
                             size: Size(width: 100, height: 24))
    state.undoWindow = 0
    state.resendHeld = resendHeld
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
        let text = confirmationQuestion(question, items: state.table.items)
        print("asked: \(text)")
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

// MARK: - Flat memory

@Suite("Long use: memory stays flat")
struct FlatMemoryTests {
    @Test("the history keeps at most its cap of rows however many decisions are recorded")
    func historyIsCapped() {
        var state = polledState([])
        for n in 0..<(historyCap + 3 * historyPageSize) {
            let entry = JournalEntry(time: testNow.addingTimeInterval(Double(n)), engine: state.engineURL,
                                     id: "r\(n)", action: "a", actor: "b", confidence: 1, decision: .approve,
                                     note: "", reviewer: "me", outcome: .confirmed)
            recordHistory(&state, entry)
        }
        #expect(state.history.count <= historyCap + historyPageSize)
        #expect(state.history.first?.id == "r\(historyCap + 3 * historyPageSize - 1)")
        #expect(state.historyMore)
        print("history rows kept: \(state.history.count) of \(historyCap + 3 * historyPageSize)")
    }

    @Test("a thousand polls of arrivals and decisions leave the queue's per-request maps the size of the list")
    func queueMapsFollowTheList() {
        var state = polledState([])
        var now = testNow
        for round in 0..<1000 {
            now = now.addingTimeInterval(6)
            let items = (0..<5).map { request("r\(round)-\($0)") }
            _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: now))
            state.table.cursorID = items[0].id
            _ = reduce(&state, .key(.char("a")))
            _ = reduce(&state, .decisionSucceeded(id: items[0].id, decision: .approve, at: now))
        }
        #expect(state.table.items.count <= 5 && state.table.firstSeen.count <= 5)
        #expect(state.table.resolved.count <= 5 && state.table.caches.searchKeys.count <= 5)
        #expect(state.pipeline.inFlight.isEmpty && state.pipeline.batches.isEmpty)
    }
}

// MARK: - History paging

@Suite("Long use: history pages")
struct HistoryPagingTests {
    @Test("scrolling near the last row asks for older decisions once, and a page adds only new IDs")
    func scrollLoadsOlder() {
        let records = (0..<60).map { left("r\($0)", .confirmed, ago: Double(1000 - $0)) }
        var (state, start) = restarted(records)
        let cursor = HistoryCursor(time: testNow.addingTimeInterval(-1000), id: "r0")
        #expect(start.contains(.loadHistory(engine: "http://e", after: cursor, limit: historyPageSize)))
        #expect(state.historyLoading)
        let older = [left("r5", .held, ago: 5000)] + (0..<3).map { left("old\($0)", .confirmed, ago: 6000 + Double($0)) }
        _ = reduce(&state, .historyLoaded(HistoryPage(rows: older, exhausted: true)))
        #expect(state.history.count == 63)
        #expect(state.history.last?.id == "old2")
        #expect(state.history[state.history.firstIndex(ofID: "r5") ?? 0].outcome == .confirmed)
        #expect(!state.historyMore)
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.char("G")))
        #expect(!reduce(&state, .key(.char("k"))).contains { if case .loadHistory = $0 { true } else { false } })
    }
}

// MARK: - Taking over a large journal

@Suite("Long use: a journal taken over after the first frame")
struct JournalTakeoverTests {
    @Test("decisions made before the journal opens stay, and only the others left unsent are checked")
    func openedLate() {
        var state = ConsoleState(engineLabel: "e", engineURL: "http://e", reviewer: "me", now: testNow,
                                 size: Size(width: 100, height: 24))
        state.undoWindow = 0
        state.journalOpening = true
        let start = reduce(&state, .started(testNow))
        #expect(start.contains(.openJournal))
        #expect(!start.contains { if case .loadHistory = $0 { true } else { false } })
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a", action: "deploy")]), at: testNow))
        let decided = reduce(&state, .key(.char("a")))
        #expect(decided.contains(.submit(id: "a", decision: .approve, note: "")))
        let opened = reduce(&state, .journalOpened([left("a", .sending, ago: 60), left("b", .sending, ago: 60),
                                                    left("c", .confirmed, ago: 90)]))
        #expect(!state.journalOpening)
        #expect(opened.contains(.fetchItem(id: "b")) && !opened.contains(.fetchItem(id: "a")))
        #expect(state.history.map(\.id) == ["a", "b", "c"])
        #expect(state.history.first?.outcome == .sending && state.history.first?.time == testNow)
    }
}
