import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Keys by position

@Suite("Filter: keys by position")
struct KeyedOrderTests {
    @Test("a request whose text changes in a poll is matched by its new text, with the order unchanged")
    func changedTextIsSeen() {
        var state = polledState([request("a", action: "deploy"), request("b", action: "deploy")])
        let order = state.table.order
        var changed = request("a", action: "deploy")
        changed.reason = "rotate the zebra keys"
        _ = reduce(&state, .pollSucceeded(PendingList(items: [changed, request("b", action: "deploy")]),
                                          at: testNow.addingTimeInterval(1)))
        #expect(state.table.order == order)
        _ = reduce(&state, .key(.char("/")))
        for ch in "zebra" { _ = reduce(&state, .key(.char(ch))) }
        #expect(state.table.order == ["a"])
    }

    @Test("after a row is answered, typing still reads each remaining row's own key")
    func removalKeepsKeysAligned() {
        // Actor "ops" and reason "needs review" share no letter with the filters typed below.
        var state = polledState([request("a", action: "alpha", actor: "ops"), request("b", action: "bravo", actor: "ops"),
                                 request("c", action: "charlie", actor: "ops")])
        #expect(state.table.order == ["a", "b", "c"])
        _ = reduce(&state, .key(.char("a")))  // approve the first row (undo window 0)
        _ = reduce(&state, .decisionSucceeded(id: "a", decision: .approve, at: testNow))
        #expect(state.table.order == ["b", "c"])
        _ = reduce(&state, .key(.char("/")))
        _ = reduce(&state, .key(.char("c")))
        #expect(state.table.order == ["c"])
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .key(.char("b")))
        #expect(state.table.order == ["b"])
        _ = reduce(&state, .key(.char("r")))
        #expect(state.table.order == ["b"])
        _ = reduce(&state, .key(.char("x")))
        #expect(state.table.order.isEmpty)
    }
}
