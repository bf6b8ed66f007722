import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Roles and glyphs

@Suite("Rendering roles")
struct RoleTests {
    @Test func confidenceBandsAndNoSignal() {
        #expect(confidenceCell(0.95, glyphs: .unicode) == (" 95% ████▊", .confidenceHigh))
        #expect(confidenceCell(0.78, glyphs: .unicode) == (" 78% ███▉░", .confidenceMedium))
        #expect(confidenceCell(0.55, glyphs: .unicode) == (" 55% ██▊░░", .confidenceLow))
        #expect(confidenceCell(0.2, glyphs: .ascii) == (" 20% #....", .confidenceLow))
        #expect(confidenceCell(0, glyphs: .unicode) == ("no signal", .confidenceNone))
    }

    @Test func selectedNewHeldAndAgeRoles() {
        var state = polledState([request("old", ageSeconds: 400), request("mid", ageSeconds: 90)])
        let later = testNow.addingTimeInterval(1)
        _ = reduce(&state, .pollSucceeded(
            PendingList(items: [request("old", ageSeconds: 400), request("mid", ageSeconds: 90),
                                request("new", ageSeconds: 0)]), at: later))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("a")))  // "mid" in flight
        _ = reduce(&state, .key(.char("k")))
        let grid = render(state, size: state.size, theme: .default)
        #expect(grid[0, 2].role == .rowSelected)
        #expect(grid[0, 3].role == .rowHeld)
        #expect(grid.text(row: 3).contains("approving…"))
        #expect(grid[0, 4].role == .rowNew)
        #expect(grid[79, 4].role == .rowNew)
        _ = reduce(&state, .key(.char("j")))
        let moved = render(state, size: state.size, theme: .default)
        #expect(moved[79, 2].role == .ageCritical)
    }

    @Test func wideCharactersKeepColumnsAligned() {
        let items = [request("a", action: "請求書を作成する", actor: "経理ボット", ageSeconds: 30),
                     request("b", action: "send_email 📧", actor: "mailer", ageSeconds: 20)]
        var state = polledState(items)
        _ = reduce(&state, .key(.char("j")))
        let grid = render(state, size: state.size, theme: .default)
        for y in [2, 3] {
            #expect(TextWidth.of(grid.lines[y]) == 80)
            #expect(grid.text(row: y).hasSuffix("s"), "the age column ends the row")
        }
        #expect(grid.lines[2].contains("請求書を作成する"))
    }
}
