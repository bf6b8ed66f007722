// MARK: - Key

/// A key press, translated from terminal codes at the boundary; nothing above it sees curses.
package enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (including space).
    case char(Character)
    /// Control plus a letter, e.g. `.ctrl("u")` for Ctrl-U.
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// A function key, F1...F12.
    case function(Int)

    /// The key's name as shown in the footer and the help screen.
    package var description: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "C-\(c)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .function(let n): "F\(n)"
        }
    }
}

// MARK: - Mouse

/// A mouse report, translated at the terminal boundary (only with `--mouse`).
package enum MouseInput: Hashable, Sendable {
    /// The left button at a cell.
    case click(x: Int, y: Int)
    /// The wheel turned up.
    case wheelUp
    /// The wheel turned down.
    case wheelDown
}
