import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Action table

@Suite("Action table and keymap")
struct ActionTableTests {
    @Test func everyActionHasAKeyAndHelp() {
        for action in Action.allCases {
            #expect(!Keymap.standard.keys(for: action).isEmpty, "\(action) has no key")
            #expect(!action.help.isEmpty)
        }
    }

    @Test func helpIsGeneratedFromTheTable() {
        let lines = helpLines(.standard)
        for action in Action.allCases {
            #expect(lines.contains { $0.text == action.help })
        }
        #expect(lines.contains { $0.keys == "j ↓" && $0.text == Action.moveDown.help })
    }

    @Test func rebindingChangesBehaviourAndHelp() {
        var state = polledState([request("a")])
        state.keymap.bind(.char("y"), to: .approve)
        state.keymap.bind(.char("a"), to: .help)
        #expect(withoutJournal(reduce(&state, .key(.char("y")))) == [.submit(id: "a", decision: .approve, note: "")])
        #expect(helpLines(state.keymap).contains { $0.keys == "y" && $0.text == Action.approve.help })
    }

    @Test("every key name on screen comes from the keymap: the editor's arrows, the y/N answer, the filter's sigil")
    func keyNamesFromTheKeymap() {
        var state = polledState([request("a")])
        #expect(noteFooter(state).contains { $0 == ("←→", "move") })
        state.keymap = state.keymap.rebinding(.cursorLeft, to: [.ctrl("b")]).rebinding(.yes, to: [])
            .rebinding(.filter, to: [.char("f")])
        #expect(noteFooter(state).contains { $0 == ("C-b/→", "move") }, "\(noteFooter(state))")
        var text = Array("ab")
        var cursor = 2
        editLine(&text, cursor: &cursor, .ctrl("b"), keymap: state.keymap)
        #expect(cursor == 1, "the rebound key moves the cursor")
        editLine(&text, cursor: &cursor, .left, keymap: state.keymap)
        #expect(cursor == 1, "the old key no longer does")
        #expect(state.keymap.yesNo.hasPrefix("N (no key answers yes"))
        #expect(state.keymap.filterSigil == "f")
        #expect(Keymap.standard.yesNo == "y/N" && Keymap.standard.filterSigil == "/")
    }
}
