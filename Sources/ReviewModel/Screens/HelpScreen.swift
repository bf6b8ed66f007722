import Foundation

// MARK: - Help screen

// Every action with its keys, grouped, generated from the action table: its keys and its overlay.

/// The help overlay: every action with its keys, over the queue or the history.
enum HelpScreen: Screen {
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect] { handleHelpKey(&state, key) }

    static func draw(_ grid: inout Grid, _ state: ConsoleState, _ layout: Layout, _ glyphs: Glyphs) {
        drawHelp(&grid, state)
    }

    static func footer(_ state: ConsoleState) -> [(String, String)] { helpFooter(state) }

    static func opened(_ state: inout ConsoleState) {
        state.helpScroll = 0
    }
}

// MARK: - Keys

/// A key on the help overlay: help, quit or the prompts' cancel/send close it; movement scrolls.
func handleHelpKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    switch state.keymap.action(for: key) {
    case .quit?, .help?: state.mode = .queue
    case .moveDown?: state.helpScroll += 1
    case .moveUp?: state.helpScroll -= 1
    case .pageDown?: state.helpScroll += pageSize(state)
    case .pageUp?: state.helpScroll -= pageSize(state)
    default:
        let prompt = state.keymap.promptAction(for: key)
        if prompt == .cancel || prompt == .send { state.mode = .queue }
    }
    state.helpScroll = min(max(0, state.helpScroll), max(0, helpLines(state.keymap, reasons: state.reasons).count - 1))
    return []
}

/// The help overlay's footer.
func helpFooter(_ state: ConsoleState) -> [(String, String)] {
    promptFooter(state, [(.cancel, "close")])
}

/// The overlay's title: how to scroll and close it, with the keys in effect.
func helpTitle(_ keymap: Keymap, scrolls: Bool) -> String {
    let close = [keymap.name(.help), keymap.name(.cancel)].compactMap { $0 }.joined(separator: " or ")
    let scroll = [keymap.name(.moveDown), keymap.name(.moveUp)].compactMap { $0 }.joined(separator: "/")
    var parts: [String] = []
    if scrolls, !scroll.isEmpty { parts.append("\(scroll) scroll") }
    if !close.isEmpty { parts.append("\(close) closes") }
    return " Keys" + (parts.isEmpty ? "" : " — " + parts.joined(separator: ", ")) + " "
}

// MARK: - Drawing

/// The help screen's lines: every action with its keys, grouped; generated from the table;
/// then the canned reasons (`reasons` in config.toml), each with the digit that picks it.
func helpLines(_ keymap: Keymap, reasons: [String] = []) -> [(keys: String, text: String)] {
    var lines: [(String, String)] = []
    for group in ActionGroup.allCases {
        if !lines.isEmpty { lines.append(("", "")) }
        lines.append((group.rawValue, ""))
        for action in Action.allCases where action.group == group {
            let keys = keymap.keys(for: action).map(\.description).joined(separator: " ")
            lines.append((keys.isEmpty ? "(unbound)" : keys, action.help))
        }
    }
    guard !reasons.isEmpty else { return lines }
    let cycle = [keymap.name(.nextReason), keymap.name(.previousReason)].compactMap { $0 }.joined(separator: "/")
    lines.append(("", ""))
    lines.append(("Canned reasons" + (cycle.isEmpty ? "" : " (\(cycle) in the note editor)"), ""))
    for (index, reason) in reasons.enumerated() {
        lines.append((index < 9 ? "\(index + 1)" : "", reason))
    }
    return lines
}

func drawHelp(_ grid: inout Grid, _ state: ConsoleState) {
    let lines = helpLines(state.keymap, reasons: state.reasons)
    let keyWidth = min(16, (lines.map { TextWidth.of($0.keys) }.max() ?? 0))
    let textWidth = lines.map { TextWidth.of($0.text) }.max() ?? 0
    let width = min(grid.size.width - 4, keyWidth + textWidth + 5)
    let height = min(grid.size.height - 2, lines.count + 3)
    let x0 = (grid.size.width - width) / 2
    let y0 = (grid.size.height - height) / 2
    for y in y0..<(y0 + height) { grid.fill(x: x0, y: y, width: width, role: .dialog) }
    let room = height - 3
    let top = min(state.helpScroll, max(0, lines.count - room))
    let more = top + room < lines.count
    let title = helpTitle(state.keymap, scrolls: more || top > 0)
    grid.put(title, x: x0 + 2, y: y0, role: .dialog)
    for (i, line) in lines.dropFirst(top).prefix(room).enumerated() {
        let y = y0 + 2 + i
        if line.text.isEmpty {
            grid.put(line.keys, x: x0 + 2, y: y, role: .dialog, maxWidth: width - 4)
        } else {
            grid.put(line.keys, x: x0 + 2, y: y, role: .helpKey, maxWidth: keyWidth)
            grid.put(line.text, x: x0 + 3 + keyWidth, y: y, role: .helpText, maxWidth: width - keyWidth - 5)
        }
    }
    if more {
        grid.put("↓ \(lines.count - top - room) more", x: x0 + width - 12, y: y0 + height - 1, role: .dialog)
    }
}
