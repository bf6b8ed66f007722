import Foundation
import Testing

@testable import ReviewModel
import TestSupport

// MARK: - Reviewer credentials and the current engine's answers, in the reducer

@Suite("Reducer: reviewer credentials, receipts and expiry")
struct ReviewerCredentialTests {
    /// One pending request, probed as the current engine with reviewer checks on or off.
    func state(credentials: Bool, hasKey: Bool) -> ConsoleState {
        var s = polledState([request("r1-000000")])
        s.engineFacts.hasReviewerKey = hasKey
        _ = reduce(&s, .engineProbed(EngineProfile(api: .current, reviewerCredentials: credentials)))
        return s
    }

    @Test("an engine that checks reviewers and no key set: the header says so and a decision key explains, sending nothing")
    func noKeyNoDecision() {
        var s = state(credentials: true, hasKey: false)
        let header = render(s, size: s.size, theme: .default).text(row: 0)
        #expect(header.contains("✖ needs a reviewer key"), "\(header)")
        for key in ["a", "d", "A"] {
            let effects = reduce(&s, .key(.char(Character(key))))
            #expect(effects.isEmpty, "\(key) sent something")
            #expect(s.mode == .queue)
            #expect(s.status?.text == "this engine needs a reviewer key to decide: start with "
                + "--reviewer-key-file PATH or LELU_REVIEWER_KEY — nothing sent")
            #expect(s.status?.kind == .error)
        }
        #expect(s.pipeline.held.isEmpty && s.pipeline.outbox.isEmpty && s.pipeline.inFlight.isEmpty)
    }

    @Test("with a key set, or on an engine that does not check, decisions go out")
    func keyOrNoChecks() {
        for (credentials, hasKey) in [(true, true), (false, false)] {
            var s = state(credentials: credentials, hasKey: hasKey)
            let effects = reduce(&s, .key(.char("a")))
            #expect(withoutJournal(effects) == [.submit(id: "r1-000000", decision: .approve, note: "")])
            #expect(!render(s, size: s.size, theme: .default).text(row: 0).contains("reviewer key"))
        }
    }

    @Test("a refused reviewer key is final: recorded as failed, never retried, and later keys explain instead")
    func refusedKeyStopsDecisions() {
        var s = polledState([request("r1-000000"), request("r2-000000")])
        s.engineFacts.hasReviewerKey = true
        _ = reduce(&s, .key(.char("a")))
        let effects = reduce(&s, .decisionFailed(
            id: "r1-000000", decision: .approve, error: .reviewerKeyRequired(sent: true), at: testNow))
        #expect(journalOutcomes(effects) == [.failed])
        #expect(s.pipeline.retrying.isEmpty)
        #expect(s.status?.text.contains("rejected the reviewer key (403)") == true)
        #expect(render(s, size: s.size, theme: .default).text(row: 0).contains("✖ reviewer key refused"))
        #expect(reduce(&s, .key(.char("d"))).isEmpty)
        #expect(s.status?.text == "the engine rejected the reviewer key: check --reviewer-key-file PATH or "
            + "LELU_REVIEWER_KEY and restart — nothing sent")
    }

    @Test("the engine's receipt names who decided, in the status line and the journal")
    func receiptNamesTheReviewer() throws {
        var s = state(credentials: true, hasKey: true)
        _ = reduce(&s, .key(.char("a")))
        let effects = reduce(&s, .decisionSucceeded(
            id: "r1-000000", decision: .approve,
            receipt: ResolveReceipt(resolvedBy: "alice", reviewerAuthenticated: true), at: testNow))
        #expect(s.status?.text == "approved issue_refund (r1-00000) as alice ✓")
        let entry = try #require(effects.compactMap { if case .journal(let e) = $0 { e } else { nil } }.first)
        #expect(entry.outcome == .confirmed)
        #expect(entry.resolvedBy == "alice" && entry.reviewerAuthenticated == true)
        #expect(entry.reviewer == "oncall@ops", "the name we sent stays recorded beside the engine's")
        #expect(entry.outcomeText == "approved as alice ✓")
        #expect(s.engineFacts.credentialName == "alice")
        #expect(s.isOwnName("alice") && s.isOwnName("oncall@ops") && !s.isOwnName("bob"))
    }

    @Test("an expired request: journalled as expired, removed, never retried")
    func expiredRequest() {
        var s = polledState([request("r1-000000")])
        _ = reduce(&s, .key(.char("d")))
        let effects = reduce(&s, .decisionFailed(id: "r1-000000", decision: .deny, error: .expired(id: "r1-000000"),
                                                 at: testNow))
        #expect(journalOutcomes(effects) == [.expired])
        #expect(s.table.order.isEmpty && s.pipeline.retrying.isEmpty)
        #expect(s.status?.text == "issue_refund (r1-00000) expired without a decision — not denied")
    }

    @Test("a decision left unsent that expired meanwhile is journalled as expired, not as a conflict")
    func recoveredExpired() {
        var s = ConsoleState(engineLabel: "e", engineURL: "http://e", reviewer: "oncall@ops", now: testNow,
                             size: Size(width: 80, height: 24))
        let left = JournalEntry(time: testNow, engine: "http://e", id: "r9", action: "issue_refund", actor: "bot",
                                confidence: 0.8, decision: .approve, note: "", reviewer: "oncall@ops", outcome: .sending)
        s.restore(fromJournal: [left])
        _ = reduce(&s, .started(testNow))
        var item = request("r9")
        item.status = .expired
        let effects = reduce(&s, .itemFetched(item, at: testNow))
        #expect(journalOutcomes(effects) == [.expired])
        #expect(s.historyView.entries.first?.outcomeText == "expired without a decision — not approved")
    }

    @Test("a probe that got no answer is asked again after the next good poll, once")
    func probeRetried() {
        var s = polledState([request("r1")])
        #expect(s.engineFacts.probing)
        _ = reduce(&s, .engineProbed(EngineProfile(api: .unknown)))
        #expect(s.engineFacts.profile == nil && !s.engineFacts.probing)
        let effects = reduce(&s, .pollSucceeded(PendingList(items: [request("r1")]), at: testNow))
        #expect(effects.contains(.probeEngine))
        #expect(!reduce(&s, .pollSucceeded(PendingList(items: [request("r1")]), at: testNow)).contains(.probeEngine))
        _ = reduce(&s, .engineProbed(EngineProfile(api: .july2026, reviewerCredentials: false)))
        #expect(s.engineFacts.profile?.api == .july2026)
    }

    @Test("the detail pane names the engine once probed")
    func detailNamesEngine() {
        var s = state(credentials: true, hasKey: true)
        s.size = Size(width: 140, height: 30)
        s.showDetail = true
        let screen = render(s, size: s.size, theme: .default)
        let rows = (0..<s.size.height).map { screen.text(row: $0) }
        #expect(rows.contains { $0.contains("Engine") && $0.contains("current API · reviewer credentials required") })
    }

    @Test("the header says how many the engine has when it lists a page of them (total), and nothing when it does not")
    func totalInHeader() {
        var s = polledState([request("r1"), request("r2")], size: Size(width: 120, height: 24))
        _ = reduce(&s, .pollSucceeded(PendingList(items: [request("r1"), request("r2")], total: 120), at: testNow))
        let header = render(s, size: s.size, theme: .default).text(row: 0)
        #expect(header.contains("2 of 120 pending") && header.contains("reading the queue…"), "\(header)")
        _ = reduce(&s, .pollSucceeded(PendingList(items: [request("r1"), request("r2")], total: 2), at: testNow))
        let whole = render(s, size: s.size, theme: .default).text(row: 0)
        #expect(whole.contains("2 pending") && !whole.contains(" of ") && !whole.contains("reading"), "\(whole)")
    }
}
