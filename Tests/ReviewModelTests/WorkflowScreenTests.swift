import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Workflow screens

@Suite("Workflow screens")
struct WorkflowScreenTests {
    func state(_ size: Size = Size(width: 80, height: 24)) throws -> ConsoleState {
        var state = polledState(contractItems(), size: size)
        _ = reduce(&state, .tick(testNow.addingTimeInterval(0.4)))
        return state
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func filterTyping(size: Size) throws {
        var s = try state(size)
        _ = reduce(&s, .key(.char("/")))
        for ch in "refund" { _ = reduce(&s, .key(.char(ch))) }
        let grid = render(s, size: size, theme: .default)
        assertGolden(grid, "filter-\(size.width)x\(size.height)")
        #expect(grid.cursor?.x == 7 && grid.cursor?.y == size.height - 2)
    }

    @Test func marksAndConfirmation() throws {
        var s = try state()
        _ = reduce(&s, .key(.char(" ")))
        _ = reduce(&s, .key(.char(" ")))
        assertGolden(render(s, size: s.size, theme: .default), "marks-80x24")
        _ = reduce(&s, .key(.char("/")))
        for ch in "invoice" { _ = reduce(&s, .key(.char(ch))) }
        _ = reduce(&s, .key(.enter))
        _ = reduce(&s, .key(.char("d")))
        assertGolden(render(s, size: s.size, theme: .default), "confirm-80x24")
    }

    @Test func heldDecisionCountdown() throws {
        var s = try state()
        s.undoWindow = 3
        _ = reduce(&s, .key(.char("a")))
        _ = reduce(&s, .tick(testNow.addingTimeInterval(1.5)))
        assertGolden(render(s, size: s.size, theme: .default), "held-80x24")
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func history(size: Size) throws {
        var s = try state(size)
        _ = reduce(&s, .key(.char("D")))
        for ch in "no ticket" { _ = reduce(&s, .key(.char(ch))) }
        _ = reduce(&s, .key(.enter))
        _ = reduce(&s, .decisionSucceeded(id: "3f1c9a52-8d0e-4b7a-9a61-2f5be0c4d7e1", decision: .deny, at: testNow))
        // The cursor moved when the denied row left: decision keys wait a second (the selection guard).
        _ = reduce(&s, .tick(testNow.addingTimeInterval(1)))
        _ = reduce(&s, .key(.char("a")))
        _ = reduce(&s, .decisionFailed(id: "b7d2e0f4-1c3a-4e59-8f2d-6a0c9e1b5d33", decision: .approve,
                                       error: .alreadyResolved(id: "", status: .denied), at: testNow))
        var other = contractItems()[1]
        other.status = .denied
        other.resolvedBy = "oncall@ops-2"
        _ = reduce(&s, .itemFetched(other, at: testNow))
        _ = reduce(&s, .key(.tab))
        _ = reduce(&s, .key(.enter))
        var mine = contractItems()[0]
        mine.status = .denied
        mine.resolvedBy = "oncall@ops"
        mine.resolvedAt = testNow
        mine.resolutionNote = "no ticket"
        _ = reduce(&s, .itemFetched(mine, at: testNow))
        #expect(s.historyView.item?.id == mine.id)
        assertGolden(render(s, size: size, theme: .default), "history-\(size.width)x\(size.height)")
    }
}
