import Foundation

// MARK: - Filter prompt

// The incremental filter typed on the status row: its keys, its prompt and its footer.

// MARK: - Keys

func handleFilterKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    let prompt = state.keymap.promptAction(for: key)
    switch key {
    case _ where prompt == .cancel:
        state.mode = .queue
        setFilter(&state, "")
    case _ where prompt == .clearText:
        setFilter(&state, "")
    case _ where prompt == .send, .down, .up, .tab:
        state.mode = .queue
        if key == .down { moveCursor(&state, by: 1) }
        if key == .up { moveCursor(&state, by: -1) }
    default:
        var text = Array(state.table.filter)
        var cursor = text.count
        if key == .left || key == .right || key == .home || key == .end { return [] }
        editLine(&text, cursor: &cursor, key, keymap: state.keymap)
        setFilter(&state, String(text))
    }
    return []
}

/// The filter prompt's footer, from the keymap.
func filterFooter(_ state: ConsoleState) -> [(String, String)] {
    promptFooter(state, [(.send, "keep filter"), (.cancel, "clear"), (.clearText, "clear text")])
}
