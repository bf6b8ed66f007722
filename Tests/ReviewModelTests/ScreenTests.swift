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
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("showing 50 — engine limit"))
    }
}

// MARK: - Roles and glyphs

@Suite("Rendering roles")
struct RoleTests {
    @Test func confidenceBandsAndNoSignal() {
        #expect(confidenceCell(0.95, glyphs: .unicode) == (" 95% █████", .confidenceHigh))
        #expect(confidenceCell(0.78, glyphs: .unicode) == (" 78% ████░", .confidenceMedium))
        #expect(confidenceCell(0.55, glyphs: .unicode) == (" 55% ███░░", .confidenceLow))
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
        #expect(s.historyItem?.id == mine.id)
        assertGolden(render(s, size: size, theme: .default), "history-\(size.width)x\(size.height)")
    }
}

// MARK: - Ages and the poll age

@Suite("Ages on screen")
struct AgeDisplayTests {
    @Test("table ages: seconds in the first minute, whole minutes to an hour, then hours and minutes")
    func shortAges() {
        #expect(AgeFormat.short(0) == "0s")
        #expect(AgeFormat.short(59.9) == "59s")
        #expect(AgeFormat.short(60) == "1m")
        #expect(AgeFormat.short(119) == "1m")
        #expect(AgeFormat.short(3599) == "59m")
        #expect(AgeFormat.short(3600 + 5 * 60 + 30) == "1h05m")
        #expect(AgeFormat.short(2 * 86_400 + 3 * 3600) == "2d03h")
        #expect(AgeFormat.short(-5) == "0s")
    }

    @Test("the detail pane keeps seconds below an hour")
    func preciseAges() {
        #expect(AgeFormat.precise(65) == "1m05s")
        #expect(AgeFormat.precise(3599) == "59m59s")
        #expect(AgeFormat.precise(3600 + 5 * 60 + 30) == "1h05m")
    }

    @Test("an idle queue older than a minute draws the same screen every second of that minute")
    func idleFramesAreStable() throws {
        // Three requests enqueued ten minutes ago, polled every second for 50 s (ages 10m01s–10m51s).
        var items = contractItems()
        let enqueued = testNow.addingTimeInterval(-600)
        for index in items.indices { items[index].enqueuedAt = enqueued }
        var state = polledState(items, size: Size(width: 80, height: 24))
        let start = testNow.addingTimeInterval(1)
        _ = reduce(&state, .tick(start))
        _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: start))
        let first = render(state, size: state.size, theme: .default).lines
        #expect(first.contains { $0.contains("10m") })
        for second in 1...50 {
            let now = start.addingTimeInterval(TimeInterval(second))
            _ = reduce(&state, .tick(now))
            _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: now))
            let frame = render(state, size: state.size, theme: .default).lines
            #expect(frame == first, "second \(second) changed the screen")
        }
    }

    @Test("the header shows the last poll's age only when the poll is late")
    func pollAgeWhenLate() throws {
        var state = polledState(contractItems(), size: Size(width: 80, height: 24))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("● connected "))
        #expect(!render(state, size: state.size, theme: .default).text(row: 0).contains("ago"))
        // The next poll starts late (a busy loop, a suspended laptop): the header says how old the list is.
        let late = (state.lastGoodPoll ?? testNow).addingTimeInterval(state.pollInterval + 3)
        _ = reduce(&state, .tick(late))
        #expect(state.pollInFlight)
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("● connected, last poll 4s ago"))
        // Once that poll has been out over 2 s, the slow notice takes over.
        _ = reduce(&state, .tick(late.addingTimeInterval(2.5)))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("slow: waiting 2s"))
    }
}
