import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - History paging

@Suite("Long use: history pages")
struct HistoryPagingTests {
    @Test("scrolling near the last row asks for older decisions once, and a page adds only new IDs")
    func scrollLoadsOlder() {
        let records = (0..<60).map { left("r\($0)", .confirmed, ago: Double(1000 - $0)) }
        var (state, start) = restarted(records)
        let cursor = HistoryCursor(time: testNow.addingTimeInterval(-1000), id: "r0")
        #expect(start.contains(.loadHistory(engine: "http://e", after: cursor, limit: historyPageSize)))
        #expect(state.historyView.loading)
        let older = [left("r5", .held, ago: 5000)] + (0..<3).map { left("old\($0)", .confirmed, ago: 6000 + Double($0)) }
        _ = reduce(&state, .historyLoaded(HistoryPage(rows: older, exhausted: true)))
        #expect(state.historyView.entries.count == 63)
        #expect(state.historyView.entries.last?.id == "old2")
        #expect(state.historyView.entries[state.historyView.entries.firstIndex(ofID: "r5") ?? 0].outcome == .confirmed)
        #expect(!state.historyView.more)
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.char("G")))
        #expect(!reduce(&state, .key(.char("k"))).contains { if case .loadHistory = $0 { true } else { false } })
    }
}
