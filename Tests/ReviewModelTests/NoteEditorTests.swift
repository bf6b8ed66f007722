import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Note editor

@Suite("Reducer: note editor")
struct NoteEditorTests {
    func typing(_ text: String, into state: inout ConsoleState) {
        for ch in text { _ = reduce(&state, .key(.char(ch))) }
    }

    @Test func denyWithNoteSendsTheEditedText() {
        var state = polledState([request("a")])
        #expect(reduce(&state, .key(.char("D"))) == [])
        guard case .note(let editor) = state.mode else {
            Issue.record("expected the note editor")
            return
        }
        #expect(editor.decision == .deny)
        typing("no ticket", into: &state)
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .key(.left))
        _ = reduce(&state, .key(.left))
        typing("X", into: &state)  // "no ticXke"
        _ = reduce(&state, .key(.end))
        typing("!", into: &state)
        let effects = reduce(&state, .key(.enter))
        #expect(withoutJournal(effects) == [.submit(id: "a", decision: .deny, note: "no ticXke!")])
        #expect(state.mode == .queue)
    }

    @Test func ctrlUClearsBeforeTheCursorAndDeleteRemovesUnderIt() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("A")))
        typing("hello world", into: &state)
        for _ in 0..<5 { _ = reduce(&state, .key(.left)) }
        _ = reduce(&state, .key(.ctrl("u")))
        _ = reduce(&state, .key(.delete))
        #expect(withoutJournal(reduce(&state, .key(.enter))) == [.submit(id: "a", decision: .approve, note: "orld")])
    }

    @Test func escapeCancelsAndSendsNothing() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("A")))
        typing("q a d", into: &state)
        #expect(reduce(&state, .key(.escape)) == [])
        #expect(state.mode == .queue)
        #expect(state.pipeline.inFlight.isEmpty)
        #expect(state.status?.text == "note cancelled — nothing sent")
    }

    @Test func aNoteForARequestThatLeftSendsNothing() {
        var state = polledState([request("a", ageSeconds: 20), request("b", ageSeconds: 10)])
        _ = reduce(&state, .key(.char("A")))
        // A poll that reorders must not retarget the note.
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("b", ageSeconds: 10), request("c", ageSeconds: 99)]),
                                          at: testNow))
        typing("ok", into: &state)
        #expect(reduce(&state, .key(.enter)) == [], "the request left: nothing is sent")
        #expect(state.status?.text == "that request left the queue — nothing sent")
    }

    @Test func controlCharactersCannotBeTyped() {
        var state = polledState([request("a")])
        _ = reduce(&state, .key(.char("A")))
        _ = reduce(&state, .key(.char("\u{1b}")))
        _ = reduce(&state, .key(.char("\u{202e}")))
        #expect(withoutJournal(reduce(&state, .key(.enter))) == [.submit(id: "a", decision: .approve, note: "")])
    }
}
