import Foundation

// MARK: - Note editor

// A one-line note for a decision, on the status row: its keys, its prompt and its footer.

/// The note editor: one line on the status row for a decision's note.
enum NoteEditorScreen: Screen {
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard case .note(var editor) = state.mode else { return [] }
        return handleEditorKey(&state, &editor, key)
    }

    static func footer(_ state: ConsoleState) -> [(String, String)] { noteFooter(state) }

    /// "Approve 4f3a9c1e · note: " and the text, scrolled so the cursor stays visible.
    static func drawStatus(_ grid: inout Grid, _ state: ConsoleState, row: Int) {
        guard case .note(let editor) = state.mode else { return }
        let verb = editor.decision == .approve ? "Approve" : "Deny"
        let target = editor.requestIDs.count == 1
            ? ScreenText(quoted: SafeText.line(String(editor.requestIDs[0].prefix(8)), limit: 8))
            : "\(count: editor.requestIDs.count) requests"
        let required = !state.requireNote.requires(editor.decision) ? ""
            : editor.refusedEmpty ? " needed first" : " (required)"
        let prompt: ScreenText = "\(verb) \(target) · note\(required): "
        // Room for the whole prompt ("Approve 12 requests · note needed first: ") and 20 columns of text.
        let used = grid.put(prompt, x: 0, y: row, role: .dialog, maxWidth: max(grid.size.width / 2, grid.size.width - 20))
        let room = max(1, grid.size.width - used - 1)
        let text = String(editor.text)
        let before = String(editor.text.prefix(editor.cursor))
        var start = 0
        while TextWidth.of(String(Array(before).dropFirst(start))) >= room { start += 1 }
        let shown = String(Array(text).dropFirst(start))
        grid.put(quoted: shown, x: used, y: row, role: .normal, maxWidth: room)
        grid.cursor = (used + TextWidth.of(String(Array(before).dropFirst(start))), row)
    }
}

// MARK: - Required notes

/// Which decisions need a note (`require_note` in config.toml).
package enum NoteRequirement: String, CaseIterable, Equatable, Sendable {
    /// No decision needs one.
    case none
    /// Denials need one.
    case deny
    /// Every decision needs one.
    case both

    /// Whether `decision` needs a note.
    func requires(_ decision: Decision) -> Bool {
        switch self {
        case .none: false
        case .deny: decision == .deny
        case .both: true
        }
    }
}

// MARK: - Keys

func handleEditorKey(_ state: inout ConsoleState, _ editor: inout NoteEditor, _ key: Key) -> [Effect] {
    let action = state.keymap.promptAction(for: key)
    if action != .send { editor.refusedEmpty = false }  // the prompt's "needed first" is about the last key
    switch action {
    case .cancel?:
        state.mode = .queue
        state.status = StatusMessage("note cancelled — nothing sent", kind: .info, at: state.now)
        return []
    case .send? where editor.text.allSatisfy(\.isWhitespace) && state.requireNote.requires(editor.decision):
        // The editor stays open, nothing is sent, and the prompt says so.
        editor.refusedEmpty = true
        state.mode = .note(editor)
        return state.bell ? [.bell] : []
    case .send?:
        state.mode = .queue
        let ids = editor.requestIDs.filter { state.table.items[$0] != nil }
        guard !ids.isEmpty else {
            state.status = StatusMessage("that request left the queue — nothing sent", kind: .error, at: state.now)
            return []
        }
        return confirmOrHold(&state, editor.decision, ids: ids, note: String(editor.text), bulk: editor.requestIDs.count > 1)
    case .clearText?:
        editor.text.removeFirst(editor.cursor)
        editor.cursor = 0
        state.mode = .note(editor)
        return []
    case .nextReason? where !state.reasons.isEmpty:
        cycleReason(&editor, state.reasons, by: 1)
        state.mode = .note(editor)
        return []
    case .previousReason? where !state.reasons.isEmpty:
        cycleReason(&editor, state.reasons, by: -1)
        state.mode = .note(editor)
        return []
    default:
        if editor.text.isEmpty, case .char(let c) = key, let n = c.wholeNumberValue, (1...9).contains(n),
           n <= state.reasons.count
        {
            fill(&editor, state.reasons, n - 1)
        } else {
            editLine(&editor.text, cursor: &editor.cursor, key, keymap: state.keymap)
        }
        state.mode = .note(editor)
        return []
    }
}

// MARK: - Canned reasons

/// Replaces the note with the next (or previous) canned reason; from the first (or last) when
/// the note is not a reason filled in this way.
func cycleReason(_ editor: inout NoteEditor, _ reasons: [String], by step: Int) {
    let count = reasons.count
    let next: Int
    if let current = editor.reason, current < count, String(editor.text) == reasons[current] {
        next = ((current + step) % count + count) % count
    } else {
        next = step > 0 ? 0 : count - 1
    }
    fill(&editor, reasons, next)
}

/// Sets the note to one canned reason, the cursor at its end.
func fill(_ editor: inout NoteEditor, _ reasons: [String], _ index: Int) {
    editor.text = Array(reasons[index])
    editor.cursor = editor.text.count
    editor.reason = index
}

/// The note editor's footer, from the keymap.
func noteFooter(_ state: ConsoleState) -> [(String, String)] {
    let reasons: [(Action, String)] = state.reasons.isEmpty ? [] : [(.nextReason, "reason")]
    let names = [state.keymap.name(.cursorLeft), state.keymap.name(.cursorRight)].compactMap { $0 }
    let arrows = names.joined(separator: names.allSatisfy { $0.count == 1 } ? "" : "/")
    return promptFooter(state, [(.send, "send"), (.cancel, "cancel")] + reasons + [(.clearText, "clear")])
        + (arrows.isEmpty ? [] : [(arrows, "move")])
}

/// Footer entries for prompt actions, each with its first key; unbound ones are left out.
func promptFooter(_ state: ConsoleState, _ actions: [(Action, String)]) -> [(String, String)] {
    actions.compactMap { action, label in state.keymap.name(action).map { ($0, label) } }
}

/// Applies an editing key to a one-line text; returns false for keys it does not edit with.
///
/// The cursor moves with the keymap's `cursor-left` / `cursor-right` keys; the rest are the
/// line editor's fixed keys (`Home`/`C-a`, `End`/`C-e`, `Backspace`, `Delete`) and typing.
@discardableResult
func editLine(_ text: inout [Character], cursor: inout Int, _ key: Key, keymap: Keymap) -> Bool {
    switch keymap.promptAction(for: key) {
    case .cursorLeft?:
        cursor = max(0, cursor - 1)
        return true
    case .cursorRight?:
        cursor = min(text.count, cursor + 1)
        return true
    default:
        break
    }
    switch key {
    case .home, .ctrl("a"): cursor = 0
    case .end, .ctrl("e"): cursor = text.count
    case .backspace:
        if cursor > 0 {
            text.remove(at: cursor - 1)
            cursor -= 1
        }
    case .delete:
        if cursor < text.count { text.remove(at: cursor) }
    case .char(let c):
        guard text.count < 1000, SafeText.isSafe(String(c)) else { return true }
        text.insert(c, at: cursor)
        cursor += 1
    default:
        return false
    }
    return true
}
