import Foundation
import Testing
@testable import ReviewModel
import TestSupport

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
        #expect(state.historyView.entries.count <= historyCap + historyPageSize)
        #expect(state.historyView.entries.first?.id == "r\(historyCap + 3 * historyPageSize - 1)")
        #expect(state.historyView.more)
    }

    @Test("a thousand polls of arrivals and decisions leave the queue's per-request maps the size of the list")
    func queueMapsFollowTheList() {
        var state = polledState([])
        var now = testNow
        for round in 0..<1000 {
            now = now.addingTimeInterval(6)
            let items = (0..<5).map { request("r\(round)-\($0)") }
            _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: now))
            state.table.select(items[0].id)
            _ = reduce(&state, .key(.char("a")))
            _ = reduce(&state, .decisionSucceeded(id: items[0].id, decision: .approve, at: now))
        }
        #expect(state.table.items.count <= 5 && state.table.firstSeen.count <= 5)
        #expect(state.table.resolved.count <= 5 && state.table.caches.searchKeys.count <= 5)
        #expect(state.pipeline.inFlight.isEmpty && state.pipeline.batches.isEmpty)
    }
}
