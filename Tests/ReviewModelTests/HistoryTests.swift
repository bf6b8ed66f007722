import Foundation
import Testing
@testable import ReviewModel
import TestSupport

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
        #expect(s.historyView.entries.first?.outcome == .confirmed)
        _ = reduce(&s, .key(.enter))
        var now = request("a")
        now.status = .approved
        now.resolvedBy = "oncall@ops"
        _ = reduce(&s, .itemFetched(now, at: testNow))
        #expect(s.historyView.item?.resolvedBy == "oncall@ops")
        _ = reduce(&s, .key(.tab))
        #expect(s.view == .queue)
    }
}
