import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Canned reasons and required notes

/// `reasons` and `require_note` from config.toml, in the note editor and on the decision keys.
@Suite("Canned reasons and required notes")
struct CannedReasonTests {
    let reasons = ["duplicate request", "outside policy", "needs a ticket"]

    /// A console with two requests, the canned reasons and a note requirement.
    func console(_ requirement: NoteRequirement = .none) -> ConsoleState {
        var state = polledState([request("a", ageSeconds: 20), request("b", ageSeconds: 10)])
        state.reasons = reasons
        state.requireNote = requirement
        return state
    }

    /// The note editor's text, or nil when it is not open.
    func note(_ state: ConsoleState) -> String? {
        if case .note(let editor) = state.mode { String(editor.text) } else { nil }
    }

    @Test("require_note = deny: d opens the editor and Tab fills in the first canned reason, which is sent")
    func requiredDenyWithReason() {
        var state = console(.deny)
        #expect(reduce(&state, .key(.char("d"))) == [])
        #expect(note(state) == "")
        _ = reduce(&state, .key(.tab))
        #expect(note(state) == "duplicate request")
        let effects = reduce(&state, .key(.enter))
        #expect(withoutJournal(effects) == [.submit(id: "a", decision: .deny, note: "duplicate request")])
    }

    @Test("Tab and S-Tab cycle through the reasons both ways; a digit on an empty note picks one, later digits are text")
    func cycling() {
        var state = console()
        _ = reduce(&state, .key(.char("D")))
        _ = reduce(&state, .key(.backTab))
        #expect(note(state) == "needs a ticket")
        _ = reduce(&state, .key(.tab))
        #expect(note(state) == "duplicate request", "wraps around")
        _ = reduce(&state, .key(.tab))
        #expect(note(state) == "outside policy")
        _ = reduce(&state, .key(.ctrl("u")))
        _ = reduce(&state, .key(.char("3")))
        #expect(note(state) == "needs a ticket")
        _ = reduce(&state, .key(.char("2")))
        #expect(note(state) == "needs a ticket2", "only an empty note takes a digit as a pick")
        _ = reduce(&state, .key(.ctrl("u")))
        _ = reduce(&state, .key(.char("7")))
        #expect(note(state) == "7", "no seventh reason: the digit is typed")
    }

    @Test("a required note cannot be sent empty; approve needs none under \"deny\", every decision under \"both\"")
    func requirementKinds() {
        // A real request ID, an 80-column terminal: the whole prompt fits.
        var state = polledState([request("4f3a9c1e-0b7d-4e1a-9c2f-1d2e3f4a5b6c", ageSeconds: 20)], size: Size(width: 80, height: 24))
        state.reasons = reasons
        state.requireNote = .deny
        _ = reduce(&state, .key(.char("d")))
        let prompt = { (state: ConsoleState) in render(state, size: state.size, theme: .default).lines.last { $0.contains("Deny") } ?? "" }
        #expect(prompt(state).hasPrefix("Deny 4f3a9c1e · note (required): "), "\(prompt(state))")
        #expect(reduce(&state, .key(.char(" "))) == [])
        #expect(reduce(&state, .key(.enter)) == [], "no bell unless the reviewer asked for bells")
        #expect(note(state) == " ", "the editor stays open and nothing is sent")
        #expect(prompt(state).hasPrefix("Deny 4f3a9c1e · note needed first:  "), "\(prompt(state))")
        state.bell = true
        #expect(reduce(&state, .key(.enter)) == [.bell])
        _ = reduce(&state, .key(.char("x")))
        _ = reduce(&state, .key(.backspace))
        #expect(prompt(state).hasPrefix("Deny 4f3a9c1e · note (required): "), "a key other than send ends the refusal: \(prompt(state))")
        _ = reduce(&state, .key(.escape))
        #expect(withoutJournal(reduce(&state, .key(.char("a"))))
            == [.submit(id: "4f3a9c1e-0b7d-4e1a-9c2f-1d2e3f4a5b6c", decision: .approve, note: "")])

        var both = console(.both)
        #expect(reduce(&both, .key(.char("a"))) == [])
        #expect(note(both) == "")
    }

    @Test("a bulk deny with a required note asks for one note for all, then y/N")
    func bulkAsksOneNote() throws {
        var state = console(.deny)
        _ = reduce(&state, .key(.char("*")))
        _ = reduce(&state, .key(.char("d")))
        guard case .note(let editor) = state.mode else {
            Issue.record("expected the note editor, got \(state.mode)")
            return
        }
        #expect(editor.requestIDs.sorted() == ["a", "b"])
        _ = reduce(&state, .key(.char("2")))
        _ = reduce(&state, .key(.enter))
        guard case .confirm = state.mode else {
            Issue.record("expected the y/N question, got \(state.mode)")
            return
        }
        let effects = withoutJournal(reduce(&state, .key(.char("y"))))
        #expect(effects.count == 2)
        #expect(effects.contains(.submit(id: "a", decision: .deny, note: "outside policy")))
        #expect(effects.contains(.submit(id: "b", decision: .deny, note: "outside policy")))
    }

    @Test("help lists the reasons with their digits and the cycling keys; the editor's footer names the key")
    func helpAndFooter() {
        var state = console()
        let lines = helpLines(state.keymap, reasons: state.reasons)
        #expect(lines.contains { $0.keys == "Canned reasons (Tab/S-Tab in the note editor)" })
        #expect(lines.contains { $0.keys == "2" && $0.text == "outside policy" })
        _ = reduce(&state, .key(.char("D")))
        #expect(noteFooter(state).contains { $0 == ("Tab", "reason") })
        state.keymap = state.keymap.rebinding(.nextReason, to: [.ctrl("r")])
        #expect(noteFooter(state).contains { $0 == ("C-r", "reason") })
        #expect(!helpLines(state.keymap).contains { $0.keys.hasPrefix("Canned") }, "no reasons, no section")
    }
}
