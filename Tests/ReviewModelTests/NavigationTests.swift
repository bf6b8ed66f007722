import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Navigation

@Suite("Reducer: navigation")
struct NavigationTests {
    @Test func movementKeysAndClamping() {
        let items = (0..<40).map { request(String(format: "id%02d", $0), ageSeconds: TimeInterval(100 - $0)) }
        var state = polledState(items)
        _ = reduce(&state, .key(.up))
        #expect(state.table.cursorID == "id00")
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.char("j")))
        #expect(state.table.cursorID == "id02")
        _ = reduce(&state, .key(.char("k")))
        #expect(state.table.cursorID == "id01")
        _ = reduce(&state, .key(.end))
        #expect(state.table.cursorID == "id39")
        #expect(state.table.scrollTop == 40 - Layout(size: state.size, showDetail: false).table.height)
        _ = reduce(&state, .key(.char("g")))
        #expect(state.table.cursorID == "id00")
        #expect(state.table.scrollTop == 0)
        _ = reduce(&state, .key(.pageDown))
        #expect(state.cursorIndex == Layout(size: state.size, showDetail: false).table.height - 1)
        _ = reduce(&state, .key(.pageUp))
        #expect(state.table.cursorID == "id00")
        _ = reduce(&state, .key(.home))
        _ = reduce(&state, .key(.char("G")))
        #expect(state.table.cursorID == "id39")
    }

    @Test func resizeKeepsTheCursorOnScreen() {
        let items = (0..<40).map { request(String(format: "id%02d", $0), ageSeconds: TimeInterval(100 - $0)) }
        var state = polledState(items, size: Size(width: 120, height: 50))
        _ = reduce(&state, .key(.char("G")))
        #expect(state.table.scrollTop == 0)
        _ = reduce(&state, .resized(Size(width: 80, height: 24)))
        let height = Layout(size: state.size, showDetail: false).table.height
        #expect(state.table.scrollTop == 40 - height)
        #expect(state.table.cursorID == "id39")
    }

    @Test func enterTogglesDetailAndHelpOpensAndCloses() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.enter))
        #expect(state.showDetail)
        _ = reduce(&state, .key(.char("?")))
        #expect(state.mode == .help)
        _ = reduce(&state, .key(.char("a")))
        #expect(state.mode == .help, "keys other than close do nothing under help")
        #expect(state.pipeline.inFlight.isEmpty)
        _ = reduce(&state, .key(.escape))
        #expect(state.mode == .queue)
    }

    @Test func quitEmitsQuit() {
        var state = polledState([])
        #expect(reduce(&state, .key(.char("q"))) == [.quit])
        #expect(state.quitting)
        var other = polledState([])
        #expect(reduce(&other, .terminate) == [.quit])
    }

    @Test func unboundKeysDoNothing() {
        var state = polledState([request("a")])
        let before = state
        #expect(reduce(&state, .key(.char("z"))) == [])
        #expect(state == before)
    }
}
