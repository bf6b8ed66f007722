import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Golden screens

@Suite("Screens")
struct ScreenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 60, height: 15)]

    func name(_ base: String, _ size: Size) -> String { "\(base)-\(size.width)x\(size.height)" }

    /// The contract's three items, seen a little later so ages tick.
    func threeItems(_ size: Size) throws -> ConsoleState {
        var state = polledState(contractItems(), size: size)
        _ = reduce(&state, .tick(testNow.addingTimeInterval(0.4)))
        return state
    }

    @Test(arguments: sizes) func emptyQueue(size: Size) {
        let state = polledState([], size: size)
        assertGolden(render(state, size: size, theme: .default), name("empty", size))
    }

    @Test(arguments: sizes) func threeItemsScreen(size: Size) throws {
        let state = try threeItems(size)
        assertGolden(render(state, size: size, theme: .default), name("three-items", size))
    }

    @Test(arguments: sizes) func detailPane(size: Size) throws {
        var state = try threeItems(size)
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.enter))
        assertGolden(render(state, size: size, theme: .default), name("detail", size))
    }

    @Test(arguments: sizes) func helpOverlay(size: Size) throws {
        var state = try threeItems(size)
        _ = reduce(&state, .key(.char("?")))
        assertGolden(render(state, size: size, theme: .default), name("help", size))
    }

    @Test(arguments: sizes) func noteEditor(size: Size) throws {
        var state = try threeItems(size)
        _ = reduce(&state, .key(.char("D")))
        for ch in "refund amount does not match ticket" { _ = reduce(&state, .key(.char(ch))) }
        let grid = render(state, size: size, theme: .default)
        assertGolden(grid, name("note", size))
        #expect(grid.cursor?.y == size.height - 2, "the terminal cursor sits in the editor")
    }

    @Test(arguments: sizes) func errorState(size: Size) throws {
        var state = try threeItems(size)
        _ = reduce(&state, .tick(testNow.addingTimeInterval(1)))
        _ = reduce(&state, .pollFailed(.unreachable(detail: "connection refused"), at: testNow.addingTimeInterval(1.2)))
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionFailed(id: state.table.cursorID ?? "", decision: .approve,
                                           error: .unreachable(detail: "connection refused"),
                                           at: testNow.addingTimeInterval(12)))
        assertGolden(render(state, size: size, theme: .default), name("error", size))
    }

    @Test func unauthorized() {
        var state = ConsoleState(engineLabel: "lelu.internal:8443", reviewer: "r", now: testNow,
                                 size: Size(width: 80, height: 24))
        _ = reduce(&state, .started(testNow))
        _ = reduce(&state, .pollFailed(.unauthorized, at: testNow))
        assertGolden(render(state, size: state.size, theme: .default), "unauthorized-80x24")
    }

    @Test(arguments: [Size(width: 59, height: 24), Size(width: 80, height: 11)]) func tooSmall(size: Size) throws {
        let state = try threeItems(size)
        let grid = render(state, size: size, theme: .default)
        assertGolden(grid, name("too-small", size))
        #expect(grid.lines.joined().contains("Terminal too small"))
    }

    @Test func engineLimitIsAnnounced() {
        let items = (0..<50).map { request("id\($0)", ageSeconds: TimeInterval($0)) }
        let state = polledState(items)
        let header = render(state, size: state.size, theme: .default).text(row: 0)
        #expect(header.contains("≥ 50 pending"), "\(header)")
        #expect(header.contains("engine lists 50 at a time"), "\(header)")
    }
}
