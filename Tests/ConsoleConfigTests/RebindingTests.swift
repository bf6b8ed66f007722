import Foundation
import Testing
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig
import TestSupport

// MARK: - Rebinding

@Suite("Config: key rebinding")
struct RebindingTests {
    func state(config text: String) throws -> ConsoleState {
        let config = try ConfigFile.parse(text, path: "/c.toml")
        let settings = ConsoleSettings.resolve(flags: ConsoleFlags(), environment: [:], homeDirectory: "/h", config: config)
        var state = polledState([request("r1"), request("r2", ageSeconds: 5)])
        state.apply(settings.preferences(notify: .off))
        state.undoWindow = 0  // the rebinding, not the undo window, is under test
        return state
    }

    @Test("approve on y: y approves, a does nothing, help and footer show y")
    func rebindingChangesBehaviourAndHelp() throws {
        var state = try state(config: "[keys]\napprove = \"y\"\n")
        var other = state
        #expect(reduce(&other, .key(.char("a"))).isEmpty, "the old key no longer approves")
        let effects = reduce(&state, .key(.char("y")))
        #expect(effects.contains(.submit(id: "r1", decision: .approve, note: "")))
        let help = helpLines(state.keymap)
        #expect(help.contains { $0.keys == "y" && $0.text == Action.approve.help })
        #expect(!help.contains { $0.keys.split(separator: " ").contains("a") })
        var shown = try self.state(config: "[keys]\napprove = \"y\"\n")
        let footer = render(shown, size: shown.size, theme: .default).text(row: shown.size.height - 1)
        #expect(footer.contains("y approve"))
        #expect(!footer.contains("a approve"))
        _ = reduce(&shown, .key(.char("?")))
        let helpScreen = render(shown, size: shown.size, theme: .default).lines.joined(separator: "\n")
        #expect(helpScreen.contains("y") && helpScreen.contains(Action.approve.help))
    }

    @Test("a key taken from another action moves; a list binds several keys")
    func stealingAndLists() throws {
        var state = try state(config: "[keys]\nquit = [\"x\", \"F10\"]\nmove-down = [\"d\", \"n\"]\n")
        #expect(state.keymap.keys(for: .quit) == [.char("x"), .function(10)])
        #expect(state.keymap.keys(for: .deny) == [], "d moved to move-down")
        #expect(state.keymap.action(for: .char("q")) == nil)
        #expect(reduce(&state, .key(.char("d"))).isEmpty, "d no longer denies")
        #expect(state.table.cursorID == "r2", "d moved the cursor down")
        #expect(reduce(&state, .key(.function(10))).contains(.quit))
    }

    @Test func ageThresholdsAndIntervalReachTheState() throws {
        let state = try state(config: "interval = 4\nwarn_after = 20\ncritical_after = \"1m\"\n")
        #expect(state.pollInterval == 4 && state.warnAfter == 20 && state.criticalAfter == 60)
    }

    @Test("[keys] undo = \"U\", quit, switch-view and refresh rebound: every hint on screen names the new key")
    func hintsNameTheReboundKeys() throws {
        let config = "undo_window = 3\n[keys]\nundo = \"U\"\nquit = \"Q\"\nswitch-view = \"H\"\nrefresh = \"R\"\n"
        var state = try state(config: config)
        state.undoWindow = 3
        _ = reduce(&state, .key(.char("a")))
        #expect(state.status?.text == "approved issue_refund (r1) — sending in 3s, U to undo")
        let screen = render(state, size: state.size, theme: .default)
        let row = (0..<state.size.height).map { screen.text(row: $0) }.first { $0.contains("approve in 3s") }
        #expect(row?.contains("approve in 3s — U undoes") == true, "\(row ?? "no held row")")
        let footer = screen.text(row: state.size.height - 1)
        #expect(footer.contains("U undo") && footer.contains("Q quit"), "\(footer)")
        #expect(!footer.contains("u undo") && !footer.contains("q quit"))

        var quitting = state
        _ = reduce(&quitting, .key(.char("Q")))
        #expect(quitting.status?.text.contains("Q again quits now") == true, "\(quitting.status?.text ?? "")")

        _ = reduce(&state, .key(.char("H")))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("HISTORY (H: queue)"))
        _ = reduce(&state, .key(.char("/")))
        #expect(state.status?.text == "filter works in the queue — H switches back")

        var down = try self.state(config: config)
        _ = reduce(&down, .pollFailed(.unreachable(detail: "connection refused"), at: testNow))
        _ = reduce(&down, .pollSucceeded(PendingList(items: []), at: testNow))
        _ = reduce(&down, .pollFailed(.unreachable(detail: "connection refused"), at: testNow))
        let empty = render(down, size: down.size, theme: .default).lines.joined(separator: "\n")
        #expect(empty.contains("Retrying; R tries now."), "\(empty)")
    }

    @Test("the prompts' keys are actions too: rebinding send, cancel, clear and yes changes the prompts and their hints")
    func promptKeysRebind() throws {
        var state = try state(config: "[keys]\nsend = \"C-s\"\ncancel = \"C-g\"\nyes = \"o\"\n")
        _ = reduce(&state, .key(.char("A")))
        let footer = render(state, size: state.size, theme: .default).text(row: state.size.height - 1)
        #expect(footer.contains("C-s send") && footer.contains("C-g cancel"), "\(footer)")
        _ = reduce(&state, .key(.char("k")))
        #expect(reduce(&state, .key(.enter)).isEmpty, "Enter no longer sends")
        let sent = reduce(&state, .key(.ctrl("s")))
        #expect(sent.contains(.submit(id: "r1", decision: .approve, note: "k")))
        var asking = try self.state(config: "confirm = \"both\"\n[keys]\nyes = \"o\"\n")
        _ = reduce(&asking, .key(.char("d")))
        #expect(render(asking, size: asking.size, theme: .default).lines.joined().contains("? o/N"))
        #expect(!reduce(&asking, .key(.char("o"))).isEmpty, "o answers yes")
    }
}
