import Foundation
import Testing
@testable import ReviewModel
import TestSupport

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
