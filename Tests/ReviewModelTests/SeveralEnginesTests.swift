import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Several engines, one table

/// Reducer tests for the merged table (issue 23): every engine's rows keyed `label/id`, each
/// engine kept by its own sync, decisions routed by key, one engine's failure kept to itself.
@Suite struct SeveralEnginesTests {
    /// Three engines, one of each kind, three requests each, with the same IDs on every engine.
    static func three(configure: (inout ConsoleState) -> Void = { _ in }) -> SeveralEnginesHarness {
        var engines: [(String, SimulatedEngine)] = [
            ("us", SimulatedEngine(.current, seed: 1)), ("eu", SimulatedEngine(.julyMemory, seed: 2)),
            ("ap", SimulatedEngine(.julyStream, seed: 3)),
        ]
        for index in engines.indices { engines[index].1.enqueue(3, at: testNow.addingTimeInterval(-60)) }
        var h = SeveralEnginesHarness(engines, configure: configure)
        h.start()
        h.advance(1)
        return h
    }

    /// A request enqueued on each of `labels` is in the table two polls (1 s) later.
    static func expectArrivalsWithinTwoPolls(_ h: inout SeveralEnginesHarness, on labels: [String]) {
        for label in labels { h.engines[label]?.enqueue(1, at: h.now) }
        h.advance(1)
        h.advance(1)
        for label in labels { #expect(h.state.table.items["\(label)/r00004"] != nil, "\(label)'s arrival") }
    }

    @Test func everyEnginesRowsAreInOneTableKeyedByLabel() {
        let h = Self.three()
        #expect(h.state.table.items.count == 9)
        for label in ["us", "eu", "ap"] {
            // The same engine ID on three engines is three rows.
            #expect(h.state.table.items["\(label)/r00001"]?.engine == label)
            #expect(h.state.table.items["\(label)/r00001"]?.requestID == "r00001")
        }
        #expect(h.header.contains("us ● 3"))
        #expect(h.header.contains("eu ● 3"))
        #expect(h.header.contains("ap ● 3"))
        #expect(h.header.contains("9 pending"))
        // The ENGINE column shows the label; the ID column the engine's own ID.
        #expect(h.screen.contains("ENGINE"))
        #expect(h.screen.split(separator: "\n").contains { $0.contains("eu") && $0.contains("r00001") && !$0.contains("eu/") })
    }

    @Test("a request whose row has left is named with its engine and its own ID, not its row key")
    func messagesNameALeftRowByEngine() {
        let key = RowKey.make(engine: "eu", id: "b7d2e0f4-1111")
        #expect(describe(nil, id: key, action: "issue_refund", engine: "eu").description == "issue_refund (eu b7d2e0f4)")
        let row = ReviewRequest(id: "b7d2e0f4-1111", actor: "a", action: "issue_refund", confidence: 0.7, enqueuedAt: testNow).tagged(engine: "eu")
        #expect(describe(row, id: row.id).description == "issue_refund (eu b7d2e0f4)")
        #expect(describe(nil, id: "b7d2e0f4-1111", action: "issue_refund").description == "issue_refund (b7d2e0f4)")
    }

    @Test("golden: three engines, one down, the detail pane open on a July row")
    func goldenScreens() {
        var h = Self.three()
        h.down.insert("ap")
        h.advance(1)
        h.advance(1)
        assertGolden(render(h.state, size: Size(width: 100, height: 20), theme: .default), "several-engines-100x20")
        h.state.table.select("eu/r00002")
        h.press(.enter)
        assertGolden(render(h.state, size: Size(width: 120, height: 24), theme: .default), "several-engines-detail-120x24")
    }

    @Test("golden: the history with several engines has an ENGINE column and names the engine in its detail")
    func goldenHistory() {
        var h = Self.three()
        for (key, decision) in [("eu/r00002", "a"), ("us/r00001", "d")] {
            // A selection the console moved holds decision keys a moment (the selection guard).
            h.advance(2)
            _ = h.state.table.select(key)
            h.press(.char(Character(decision)))
        }
        h.press(.tab)
        assertGolden(render(h.state, size: Size(width: 100, height: 16), theme: .default), "several-engines-history-100x16")
    }

    @Test func eachEngineKeepsItsOwnSync() {
        let h = Self.three()
        #expect(h.state.engines.slot("us")?.sync.listing == .paged)
        #expect(h.state.engines.slot("eu")?.sync.listing == .capped)
        #expect(h.state.engines.slot("ap")?.sync.listing == .capped)
        #expect(h.state.engines.slot("us")?.facts.profile?.api == .current)
        #expect(h.state.engines.slot("ap")?.facts.profile?.api == .july2026)
        // Reads are addressed to their engine; the root sync of a console with several holds nothing.
        #expect(h.effects.contains(.engine("us", .probeEngine)))
        #expect(h.effects.contains(.engine("eu", .fetchPending)))
        #expect(!h.effects.contains(.fetchPending))
        #expect(h.state.sync.lastGoodPoll == nil)
    }

    @Test func aCompleteListOfOneEngineRemovesNoOtherEnginesRows() {
        var h = Self.three()
        // eu's whole queue is decided elsewhere: its list is empty and complete.
        for id in ["r00001", "r00002", "r00003"] { h.engines["eu"]?.resolve(id) }
        h.advance(1)
        h.advance(1)
        #expect(h.state.table.items.keys.filter { $0.hasPrefix("eu/") }.isEmpty)
        #expect(h.state.table.items.count == 6)
        #expect(h.header.contains("eu ● 0"))
    }

    @Test func approvingARowGoesToItsEngineOnly() {
        var h = Self.three()
        h.state.table.select("eu/r00002")
        h.press(.char("a"))
        #expect(h.effects.contains(.submit(id: "eu/r00002", decision: .approve, note: "")))
        #expect(h.engines["eu"]?.get("r00002").map(\.status) == .success(.approved))
        #expect(h.engines["us"]?.get("r00002").map(\.status) == .success(.pending))
        #expect(h.engines["ap"]?.get("r00002").map(\.status) == .success(.pending))
        #expect(h.state.table.items["eu/r00002"] == nil)
        #expect(h.state.table.items["us/r00002"] != nil)
        // The journal names the engine's label, its URL and its own ID.
        let confirmed = h.journal.last { $0.outcome == .confirmed }
        #expect(confirmed?.label == "eu")
        #expect(confirmed?.engine == "http://eu.example:8080")
        #expect(confirmed?.id == "r00002")
        #expect(h.state.status?.text.contains("(eu r00002)") == true)
    }

    @Test func aBulkDecisionAcrossEnginesSendsEachToItsEngine() {
        var h = Self.three()
        h.state.table.select("us/r00001")
        h.press(.char(" "))
        h.state.table.select("ap/r00003")
        h.press(.char(" "))
        h.press(.char("d"), .char("y"))
        #expect(h.engines["us"]?.get("r00001").map(\.status) == .success(.denied))
        #expect(h.engines["ap"]?.get("r00003").map(\.status) == .success(.denied))
        #expect(h.engines["eu"]?.get("r00001").map(\.status) == .success(.pending))
        #expect(h.state.table.items.count == 7)
    }

    @Test("a decision that cannot reach its engine is retried, and the reason names that engine's table, not --engine")
    func aRetriedDecisionNamesItsEnginesTable() {
        var h = Self.three()
        h.down.insert("eu")
        h.state.table.select("eu/r00002")
        h.press(.char("a"))
        let reason = h.state.pipeline.retrying.first?.lastError ?? ""
        #expect(reason.contains("url in [engines.eu]") && !reason.contains("--engine"), "\(reason)")
    }

    @Test func aDeadEngineKeepsItsRowsAndDelaysNoOther() {
        var h = Self.three()
        h.down.insert("eu")
        h.advance(1)
        h.advance(1)
        #expect(h.header.contains("eu ◌ reconnecting"))
        #expect(h.header.contains("us ● 3"))
        // eu's rows stay (stale), and arrivals on the others still show within two polls.
        #expect(h.state.table.items.keys.filter { $0.hasPrefix("eu/") }.count == 3)
        Self.expectArrivalsWithinTwoPolls(&h, on: ["us", "ap"])
        #expect(h.state.engines.slot("eu")?.sync.failedPolls ?? 0 > 0)
        #expect(h.state.engines.slot("us")?.sync.failedPolls == 0)
    }

    @Test func aSlowEngineDelaysNoOtherEnginesArrivals() {
        var h = Self.three()
        h.held.insert("eu")
        for _ in 0..<3 { h.advance(1) }
        Self.expectArrivalsWithinTwoPolls(&h, on: ["us", "ap"])
        // eu's poll is still out; after 10 s it answers, and its rows are there as they were.
        for _ in 0..<8 { h.advance(1) }
        #expect(h.header.contains("eu ◔ slow"))
        h.release("eu")
        #expect(h.state.table.items.keys.filter { $0.hasPrefix("eu/") }.count == 3)
    }

    @Test func theFilterMatchesTheEnginesLabel() {
        var h = Self.three()
        h.press(.char("/"), .char("e"), .char("u"), .enter)
        #expect(h.state.table.order.count == 3)
        #expect(h.state.table.order.allSatisfy { $0.hasPrefix("eu/") })
    }

    @Test func anEngineThatNeedsAReviewerKeyBlocksOnlyItsOwnRows() {
        var engines: [(String, SimulatedEngine)] = [("us", SimulatedEngine(.current, seed: 1)), ("eu", SimulatedEngine(.julyMemory, seed: 2))]
        for index in engines.indices { engines[index].1.enqueue(2, at: testNow.addingTimeInterval(-60)) }
        var h = SeveralEnginesHarness(engines)
        h.needsReviewerKey.insert("us")
        h.start()
        h.advance(1)
        #expect(h.header.contains("us ✖ reviewer key"))
        h.state.table.select("us/r00001")
        h.press(.char("a"))
        #expect(h.state.status?.text == "us: this engine needs a reviewer key to decide: start with reviewer_key_file in [engines.us] — nothing sent")
        #expect(!h.effects.contains { if case .submit = $0 { true } else { false } })
        h.state.table.select("eu/r00001")
        h.press(.char("a"))
        #expect(h.engines["eu"]?.get("r00001").map(\.status) == .success(.approved))
    }

    @Test func oneNotificationForEveryEngine() {
        var h = Self.three { $0.attention = Attention(method: .osc9) }
        _ = reduce(&h.state, .focusChanged(false))
        // The first arrival is told at once; what follows within the interval, in one notification.
        h.engines["ap"]?.enqueue(1, at: h.now)
        h.advance(1)
        #expect(h.notified.map(\.body) == ["1 waiting — 1 ap · act_4 by bot"])
        h.engines["us"]?.enqueue(3, at: h.now)
        h.engines["eu"]?.enqueue(1, at: h.now)
        for _ in 0..<12 { h.advance(1) }
        #expect(h.notified.count == 2)
        #expect(h.notified.last?.body.hasPrefix("4 waiting — 3 us, 1 eu · act_") == true)
    }
}
