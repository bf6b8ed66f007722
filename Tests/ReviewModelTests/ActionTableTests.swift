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
}
