import ReviewModel

// MARK: - Input

/// What the terminal hands the UI loop: a key, a new size, or a request to quit.
package enum TerminalInput: Equatable, Sendable {
    /// A key press, already translated from terminal codes.
    case key(Key)
    /// The terminal was resized; the payload is the new size. Render and draw again.
    case resize(Size)
    /// A click or wheel turn (only when the terminal reports the mouse).
    case mouse(MouseInput)
    /// The terminal gained (true) or lost (false) focus (with focus reporting on).
    case focus(Bool)
    /// SIGINT, SIGTERM or SIGHUP arrived; the UI loop should quit in order (then `restore()`).
    ///
    /// A second one arriving before the first has been delivered here means the loop is
    /// stuck: the terminal is restored and the process ends with the signal's default action.
    case signal(Int32)
}

// MARK: - TerminalScreen

/// The terminal as the UI loop sees it: blit grids, read keys, restore on exit.
///
/// Implementations are confined to the main actor: every call, and every curses call
/// behind it, happens on the main thread.
@MainActor
package protocol TerminalScreen: AnyObject {
    /// The current size in columns and rows.
    var size: Size { get }

    /// Enters full-screen mode (alternate screen, raw-ish input, signal handlers). Idempotent.
    func start() throws

    /// Shows a grid, writing only what changed since the previous one.
    func draw(_ grid: Grid)

    /// Forgets what is on screen so the next ``draw(_:)`` repaints everything (Ctrl-L).
    func invalidate()

    /// Waits up to `timeoutMilliseconds` for input; nil when nothing usable arrived.
    ///
    /// A signal on `wakeup` (an engine answer arrived) ends the wait early with nil, so the
    /// loop handles the answer at once instead of when the wait runs out.
    func readKey(timeoutMilliseconds: Int, wakeup: Wakeup?) -> TerminalInput?

    /// Sets the window title, when the terminal supports it; the text is sanitized.
    func setTitle(_ text: String)

    /// Rings the bell (or flashes).
    func bell()

    /// Asks for the reviewer's attention: writes the notification's escape, or rings the bell.
    func notify(_ notification: DesktopNotification)

    /// Leaves full-screen mode and puts the terminal back as it was. Idempotent.
    func restore()
}

extension TerminalScreen {
    /// A terminal without escapes of its own can still ring for a `.bell` notification.
    package func notify(_ notification: DesktopNotification) {
        if notification.method == .bell { bell() }
    }
}
