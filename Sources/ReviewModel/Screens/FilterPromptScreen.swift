import Foundation

// MARK: - Filter prompt

// The incremental filter typed on the status row: its keys, its prompt and its footer.

/// The filter prompt: typed on the status row while the table narrows.
enum FilterPromptScreen: Screen {
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect] { handleFilterKey(&state, key) }

    static func footer(_ state: ConsoleState) -> [(String, String)] { filterFooter(state) }

    /// The filter key's sigil, then the text, scrolled so its end shows; the cursor at the end.
    static func drawStatus(_ grid: inout Grid, _ state: ConsoleState, row: Int) {
        let used = grid.put(state.keymap.filterSigil, x: 0, y: row, role: .dialog)
        let room = max(1, grid.size.width - used - 1)
        let chars = Array(state.table.filter)
        let start = max(0, chars.count - room + 1)
        let shown = grid.put(quoted: String(chars.dropFirst(start)), x: used, y: row, role: .normal, maxWidth: room)
        grid.cursor = (used + shown, row)
    }
}

// MARK: - Keys

func handleFilterKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    let prompt = state.keymap.promptAction(for: key)
    switch key {
    case _ where prompt == .cancel:
        state.mode = .queue
        state.table.setFilter("", tenants: state.tenants, rows: state.tableRows)
    case _ where prompt == .clearText:
        state.table.setFilter("", tenants: state.tenants, rows: state.tableRows)
    case _ where prompt == .send, .down, .up, .tab:
        state.mode = .queue
        if key == .down { state.table.moveCursor(by: 1, rows: state.tableRows) }
        if key == .up { state.table.moveCursor(by: -1, rows: state.tableRows) }
    default:
        var text = Array(state.table.filter)
        var cursor = text.count
        if key == .left || key == .right || key == .home || key == .end { return [] }
        editLine(&text, cursor: &cursor, key, keymap: state.keymap)
        state.table.setFilter(String(text), tenants: state.tenants, rows: state.tableRows)
    }
    return []
}

/// The filter prompt's footer, from the keymap.
func filterFooter(_ state: ConsoleState) -> [(String, String)] {
    promptFooter(state, [(.send, "keep filter"), (.cancel, "clear"), (.clearText, "clear text")])
}
