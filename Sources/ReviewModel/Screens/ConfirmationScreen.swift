import Foundation

// MARK: - Confirmation

// The y/N question before a bulk (or, by policy, a single) decision: its keys, its question and its footer.

/// The y/N question: on the status row, over the queue or the history.
enum ConfirmationScreen: Screen {
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
        guard case .confirm(let confirmation) = state.mode else { return [] }
        return handleConfirmationKey(&state, confirmation, key)
    }

    static func footer(_ state: ConsoleState) -> [(String, String)] { confirmationFooter(state) }

    static func drawStatus(_ grid: inout Grid, _ state: ConsoleState, row: Int) {
        guard case .confirm(let confirmation) = state.mode else { return }
        grid.fill(y: row, role: .dialog)
        grid.put(" " + confirmationQuestion(confirmation, items: state.table.items, keymap: state.keymap), x: 0, y: row,
                 role: .dialog)
    }
}

// MARK: - Question

// MARK: - Keys

/// The answer: the yes key holds the decision; any other key is no (the default).
func handleConfirmationKey(_ state: inout ConsoleState, _ confirmation: Confirmation, _ key: Key) -> [Effect] {
    state.mode = .queue
    if !confirmation.resend.isEmpty {
        return answerLongUnsent(&state, confirmation.resend, yes: state.keymap.promptAction(for: key) == .yes)
    }
    if state.keymap.promptAction(for: key) == .yes {
        return hold(&state, confirmation.decision, ids: confirmation.ids, note: confirmation.note)
    }
    state.status = StatusMessage("cancelled — nothing sent", kind: .info, at: state.now)
    return []
}

/// The confirmation's footer: the yes key, and "any other key" for no.
func confirmationFooter(_ state: ConsoleState) -> [(String, String)] {
    promptFooter(state, [(.yes, "yes")]) + [("any other key", "no")]
}

/// The y/N question for a confirmation, e.g. "Approve 3 marked requests (1 hidden by the filter)? y/N".
func confirmationQuestion(_ c: Confirmation, items: [String: ReviewRequest], keymap: Keymap = .standard)
    -> ScreenText
{
    if let prompt = c.prompt { return prompt }
    let verb = c.decision == .approve ? "Approve" : "Deny"
    let what: ScreenText = c.ids.count == 1 ? describe(items[c.ids[0]], id: c.ids[0])
        : "\(count: c.ids.count) marked requests"
    let hidden = c.hidden > 0 ? " (\(count: c.hidden) hidden by the filter)" : ""
    let note: ScreenText = c.note.isEmpty ? "" : " with note \"\(quoted: SafeText.line(c.note, limit: 40))\""
    return "\(verb) \(what)\(hidden)\(note)? \(keymap.yesNo)"
}
