import Foundation
import Testing
@testable import ReviewModel
import TestSupport

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
