import ReviewModel

// MARK: - Errors

/// Why the terminal could not be started.
enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// ncurses could not open the screen (unknown `TERM`, missing terminfo).
    case cannotOpen(term: String)
    /// The terminal cannot move the cursor (`TERM=dumb`: no `cup` in terminfo).
    case noCursorAddressing(term: String)

    var description: String {
        switch self {
        case .notATerminal: "lelu-console needs a terminal on stdin and stdout"
        case .cannotOpen(let term): "cannot open the terminal (TERM=\(term)); is its terminfo installed?"
        case .noCursorAddressing(let term):
            "this terminal (TERM=\(SafeText.line(term, limit: 40))) cannot move the cursor, so the full-screen "
                + "console cannot run in it; use `lelu-console watch` for a line per event, or `lelu-console list`"
        }
    }
}
