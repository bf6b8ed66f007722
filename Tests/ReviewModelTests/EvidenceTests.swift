import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - The reviewer's evidence (issue 24)

/// A queue with 12 pending `issue_refund` by `billing_bot` and a few others, and a journal
/// holding 15 earlier decisions of this reviewer on billing_bot/issue_refund.
enum EvidenceFixture {
    static let engine = "127.0.0.1:8080"

    /// One of the twelve refunds by billing_bot: confidence 71 % + n %, alternating tenants.
    static func refund(_ n: Int) -> ReviewRequest {
        let id: String = "refund-" + (n < 10 ? "0" : "") + String(n) + "-5b1c-4d2e-9f00-a1b2c3d4e5f6"
        let tenant: String = n % 2 == 0 ? "acme" : "globex"
        let resource: [String: String] = ["order_id": "ord_" + String(5500 + n), "amount": String(40 + n) + ".00",
                                          "currency": "EUR"]
        let confidence: Double = 0.71 + Double(n) * 0.01
        let enqueued: Date = testNow.addingTimeInterval(-Double(600 - n * 30))
        return ReviewRequest(id: id, tenantID: tenant, actor: "billing_bot", action: "issue_refund", resource: resource,
                             confidence: confidence, reason: "confidence requires human approval (threshold 90%)",
                             actingFor: "customer_" + String(100 + n), enqueuedAt: enqueued)
    }

    /// Twelve refunds by billing_bot (confidences 71 %…), a deploy at 86 %, a delete with no signal.
    static func items() -> [ReviewRequest] {
        var items: [ReviewRequest] = (0..<12).map(refund)
        items.append(ReviewRequest(
            id: "deploy-01-7c2d-4a11-8e33-0f9e8d7c6b5a", tenantID: "acme", actor: "release_bot", action: "deploy_service",
            resource: ["service": "payments", "version": "2.14.1"], confidence: 0.86, reason: "production deploy",
            actingFor: "sre_oncall", enqueuedAt: testNow.addingTimeInterval(-200)))
        items.append(ReviewRequest(
            id: "delete-01-1a2b-4c3d-9e8f-7a6b5c4d3e2f", actor: "ops_copilot", action: "delete_user",
            resource: ["user_id": "u_\u{1B}[31m42"], confidence: 0, reason: "no confidence signal",
            enqueuedAt: testNow.addingTimeInterval(-100)))
        return items
    }

    /// A confirmed decision `days` ago.
    static func decided(_ id: String, daysAgo days: Double, _ decision: Decision, action: String = "issue_refund",
                        note: String = "", reviewer: String = "oncall@ops", engine: String = engine,
                        outcome: JournalOutcome = .confirmed) -> JournalEntry {
        JournalEntry(time: testNow.addingTimeInterval(-days * 86_400), engine: engine, id: id, action: action,
                     actor: "billing_bot", confidence: 0.8, decision: decision, note: note, reviewer: reviewer,
                     outcome: outcome)
    }

    /// 15 confirmed decisions of `oncall@ops` on billing_bot/issue_refund over the last 20 days
    /// (14 approved, the newest denied with a note), one on another action, and records that do not count.
    static func journal() -> [JournalEntry] {
        var entries: [JournalEntry] = []
        for n in 0..<14 { entries.append(decided("old-\(n)", daysAgo: Double(20 - n), .approve)) }
        entries.append(decided("old-14", daysAgo: 3, .deny, note: "duplicate"))
        entries.append(decided("old-other", daysAgo: 1, .approve, action: "pause_billing"))
        // Not counted: another reviewer, another engine, a conflict, a decision older than 30 days.
        entries.append(decided("x1", daysAgo: 0.1, .deny, reviewer: "someone"))
        entries.append(decided("x2", daysAgo: 0.1, .deny, engine: "http://other"))
        entries.append(decided("x3", daysAgo: 0.1, .deny, outcome: .conflict))
        entries.append(decided("x4", daysAgo: 40, .deny))
        return entries
    }

    /// The queue polled, the record asked for at start and loaded.
    static func state(size: Size) -> ConsoleState {
        var state = ConsoleState(engineLabel: engine, reviewer: "oncall@ops", now: testNow, size: size)
        state.undoWindow = 0
        state.record.status = .loading
        _ = reduce(&state, .started(testNow))
        _ = reduce(&state, .pollSucceeded(PendingList(items: items()), at: testNow))
        _ = reduce(&state, .recordLoaded(journal()))
        return state
    }
}

@Suite("Evidence: the reviewer's record, alike requests, the bar, the wide table")
struct EvidenceTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 180, height: 40),
                        Size(width: 240, height: 50)]

    // MARK: Record

    @Test func startAsksForTheRecordAfterTheFirstPageOfHistoryAndThePaneSaysLoading() {
        var state = ConsoleState(engineLabel: "e", engineURL: "http://e", reviewer: "r", now: testNow,
                                 size: Size(width: 80, height: 30))
        state.record.status = .loading
        let effects = reduce(&state, .started(testNow))
        #expect(effects.last == .loadRecord(engine: "http://e", reviewer: "r",
                                            since: testNow.addingTimeInterval(-ReviewerRecord.window)))
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a")]), at: testNow))
        _ = reduce(&state, .key(.enter))
        let text = render(state, size: state.size, theme: .default).lines.joined(separator: "\n")
        #expect(text.contains("You decided loading… (this machine's journal"))
    }

    @Test func withoutAJournalNothingIsAskedOrShown() {
        var state = polledState([request("a")])
        #expect(!reduce(&state, .started(testNow)).contains { if case .loadRecord = $0 { true } else { false } })
        _ = reduce(&state, .key(.enter))
        #expect(!render(state, size: state.size, theme: .default).lines.joined().contains("You decided"))
    }

    @Test func fifteenEarlierDecisionsShowInTheDetailPane() {
        var state = EvidenceFixture.state(size: Size(width: 180, height: 40))
        _ = reduce(&state, .key(.enter))
        #expect(state.selected?.actor == "billing_bot" && state.selected?.action == "issue_refund")
        let pair = state.record.tally(actor: "billing_bot", action: "issue_refund", now: state.now)
        #expect(pair.approved == 14 && pair.denied == 1 && pair.last?.note == "duplicate")
        #expect(state.record.tally(actor: "billing_bot", action: nil, now: state.now).total == 16)
        let text = render(state, size: state.size, theme: .default).lines.joined(separator: "\n")
        #expect(text.contains("You decided this action+actor: 14 approved, 1 denied (30 days)"))
        #expect(text.contains("last: denied 3d00h ago 'duplicate'"))
        #expect(text.contains("this actor, any action: 15 approved, 1 denied (30 days)"))
        #expect(text.contains("(this machine's journal, not the engine's)"))
    }

    @Test func aConfirmedDecisionCountsAtOnceAndOnlyOnce() {
        var state = EvidenceFixture.state(size: Size(width: 120, height: 40))
        let id = state.table.cursorID ?? ""
        let effects = reduce(&state, .key(.char("d")))
        #expect(effects.contains { if case .submit(id, .deny, _) = $0 { true } else { false } })
        #expect(state.record.tally(actor: "billing_bot", action: "issue_refund", now: state.now).denied == 1,
                "a decision not yet confirmed does not count")
        _ = reduce(&state, .decisionSucceeded(id: id, decision: .deny, at: testNow.addingTimeInterval(1)))
        let tally = state.record.tally(actor: "billing_bot", action: "issue_refund", now: state.now)
        #expect(tally.denied == 2 && tally.approved == 14 && tally.last?.decision == .deny)
        // The same confirmation read again from the journal is not counted twice.
        var journal = EvidenceFixture.journal()
        journal.append(JournalEntry(time: testNow.addingTimeInterval(1), engine: EvidenceFixture.engine, id: id,
                                    action: "issue_refund", actor: "billing_bot", confidence: 0.71, decision: .deny,
                                    note: "", reviewer: "oncall@ops", outcome: .confirmed))
        _ = reduce(&state, .recordLoaded(journal))
        #expect(state.record.tally(actor: "billing_bot", action: "issue_refund", now: state.now).denied == 2)
    }

    @Test func decisionsMadeWhileTheJournalIsReadAreMergedIn() {
        var state = ConsoleState(engineLabel: EvidenceFixture.engine, reviewer: "oncall@ops", now: testNow,
                                 size: Size(width: 120, height: 40))
        state.undoWindow = 0
        state.record.status = .loading
        _ = reduce(&state, .started(testNow))
        _ = reduce(&state, .pollSucceeded(PendingList(items: EvidenceFixture.items()), at: testNow))
        let id = state.table.cursorID ?? ""
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionSucceeded(id: id, decision: .approve, at: testNow.addingTimeInterval(1)))
        _ = reduce(&state, .recordLoaded(EvidenceFixture.journal()))
        let tally = state.record.tally(actor: "billing_bot", action: "issue_refund", now: state.now)
        #expect(tally.approved == 15 && tally.denied == 1 && tally.last?.decision == .approve)
    }

    @Test func theWindowMovesWithTheClockAndOutOfOrderRecordsKeepTheCounts() {
        var record = ReviewerRecord()
        record.status = .loaded
        func entry(_ id: String, _ days: Double, _ decision: Decision) -> JournalEntry {
            JournalEntry(time: testNow.addingTimeInterval(-days * 86_400), engine: "e", id: id, action: "a", actor: "b",
                         confidence: 0.8, decision: decision, note: "", reviewer: "r", outcome: .confirmed)
        }
        record.note(entry("1", 29, .approve))
        record.note(entry("2", 1, .deny))
        record.note(entry("3", 10, .approve))  // older than the one before: inserted in order
        var tally = record.tally(actor: "b", action: "a", now: testNow)
        #expect(tally.approved == 2 && tally.denied == 1 && tally.last?.decision == .deny)
        tally = record.tally(actor: "b", action: "a", now: testNow.addingTimeInterval(2 * 86_400))
        #expect(tally.approved == 1 && tally.denied == 1, "the 29-day-old approval has left the window")
        #expect(record.tally(actor: "b", action: "other", now: testNow).total == 0)
    }

    @Test func aRecordFedForMonthsKeepsAboutAWindowOfMarks() {
        var record = ReviewerRecord()
        record.status = .loaded
        // 120 days, 200 confirmations a day, over 3 actors × 2 actions.
        for n in 0..<24_000 {
            let time = testNow.addingTimeInterval(Double(n) * 432)
            record.note(JournalEntry(time: time, engine: "e", id: "r\(n)", action: "a\(n % 2)", actor: "b\(n % 3)",
                                     confidence: 0.8, decision: n % 4 == 0 ? .deny : .approve, note: "",
                                     reviewer: "r", outcome: .confirmed))
        }
        let end = testNow.addingTimeInterval(24_000 * 432)
        #expect(record.markCount <= 6_000 + 3 * 64, "about 30 days of 200 a day, plus what waits to be dropped")
        let tally = record.tally(actor: "b0", action: nil, now: end)
        #expect(tally.total == 2_000, "30 days × 200 a day / 3 actors")
        #expect(tally.denied == 500)
    }

    // MARK: Alike

    @Test func theAlikeKeyMarksExactlyThePendingRequestsWithTheSameActionAndActor() {
        var state = EvidenceFixture.state(size: Size(width: 120, height: 40))
        _ = reduce(&state, .key(.char("/")))
        for ch in "ord_5500" { _ = reduce(&state, .key(.char(ch))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.table.order.count == 1)
        _ = reduce(&state, .key(.enter))
        let pane = render(state, size: state.size, theme: .default).lines.joined(separator: "\n")
        #expect(pane.contains("Alike       11 more like this — m marks all 12"))
        let effects = reduce(&state, .key(.char("m")))
        #expect(effects.isEmpty)
        let expected = Set(EvidenceFixture.items().filter { $0.actor == "billing_bot" }.map(\.id))
        #expect(state.table.marks == expected)
        #expect(state.status?.text == "marked 12 like this (issue_refund by billing_bot), 11 hidden by the filter")
        _ = reduce(&state, .key(.char("a")))
        guard case .confirm(let confirmation) = state.mode else {
            Issue.record("a bulk decision asks first")
            return
        }
        #expect(confirmation.hidden == 11 && Set(confirmation.ids) == expected)
        #expect(confirmationQuestion(confirmation, items: state.table.items)
            .description == "Approve 12 marked requests (11 hidden by the filter)? y/N")
    }

    @Test func requestsWithADecisionUnderWayAreNotMarkedAgain() {
        var state = EvidenceFixture.state(size: Size(width: 120, height: 40))
        state.undoWindow = 5
        _ = reduce(&state, .key(.char("j")))
        let held = state.table.cursorID ?? ""
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .key(.char("g")))
        _ = reduce(&state, .key(.char("m")))
        #expect(state.table.marks.count == 11 && !state.table.marks.contains(held))
    }

    // MARK: Bar

    @Test func seventyOneAndEightySixDrawDifferentBars() {
        let low = confidenceCell(0.71, glyphs: .unicode).0
        let high = confidenceCell(0.86, glyphs: .unicode).0
        #expect(low == " 71% ███▌░" && high == " 86% ████▎")
        #expect(confidenceCell(0.71, glyphs: .ascii).0 == " 71% ###=.")
        #expect(confidenceCell(0.86, glyphs: .ascii).0 == " 86% ####.")
        #expect(confidenceBar(1, glyphs: .unicode) == "█████" && confidenceBar(0.01, glyphs: .unicode) == "░░░░░")
        #expect(confidenceBar(0.5, glyphs: .ascii) == "##=..")
        for step in 0...100 {
            #expect(TextWidth.of(confidenceBar(Double(step) / 100, glyphs: .unicode)) == 5)
            #expect(confidenceBar(Double(step) / 100, glyphs: .ascii).count == 5)
        }
    }

    // MARK: Counts

    @Test func countsAreGroupedByThousands() {
        #expect(CountFormat.grouped(0) == "0" && CountFormat.grouped(999) == "999")
        #expect(CountFormat.grouped(5000) == "5,000" && CountFormat.grouped(1_234_567) == "1,234,567")
        #expect(CountFormat.grouped(-12_000) == "-12,000")
        let items = (0..<5000).map { request("r\($0)") }
        var state = polledState(items)
        _ = reduce(&state, .key(.char("*")))
        let header = render(state, size: Size(width: 120, height: 30), theme: .default).lines[0]
        #expect(header.contains("5,000 pending") && header.contains("5,000 marked"))
        #expect(state.status?.text == "5,000 marked")
    }

    // MARK: Wide table

    @Test func wideTerminalsShowTenantActingForYouAndResource() {
        let state = EvidenceFixture.state(size: Size(width: 180, height: 40))
        let lines = render(state, size: state.size, theme: .default).lines
        for title in ["TENANT", "ACTING FOR", "YOU", "RESOURCE"] { #expect(lines[1].contains(title), "\(title)") }
        #expect(lines[2].contains("acme") && lines[2].contains("customer_100") && lines[2].contains("14✓ 1✗"))
        #expect(lines[2].contains("amount=40.00 currency=EUR order_id=ord_5500"))
        let narrow = render(state, size: Size(width: 120, height: 40), theme: .default).lines
        #expect(!narrow[1].contains("TENANT"), "120 columns keep today's columns")
    }

    @Test(arguments: sizes) func wideQueue(size: Size) {
        let state = EvidenceFixture.state(size: size)
        assertGolden(render(state, size: size, theme: .default), "wide-queue-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes) func evidenceDetail(size: Size) {
        var state = EvidenceFixture.state(size: size)
        _ = reduce(&state, .key(.enter))
        assertGolden(render(state, size: size, theme: .default), "evidence-detail-\(size.width)x\(size.height)")
    }

    @Test func wideQueueInAscii() {
        let size = Size(width: 180, height: 24)
        let state = EvidenceFixture.state(size: size)
        var theme = Theme.default
        theme.ascii = true
        assertGolden(render(state, size: size, theme: theme), "wide-queue-ascii-180x24")
    }
}
