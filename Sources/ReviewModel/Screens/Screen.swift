import Foundation

// MARK: - Screens

/// One screen of the console: its keys, its drawing, its footer and its status line.
///
/// The root state only says which screen has focus (``ConsoleState/mode`` over
/// ``ConsoleState/view``); ``ConsoleState/focusedScreen`` is the one list that maps the two to a
/// screen. Adding a screen touches its own file, that list and the action table (a row whose
/// ``Action/Row/opens`` names the screen), nothing else.
protocol Screen {
    /// Handles a key while the screen has focus.
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect]
    /// Draws the screen between the header and the status line (an overlay draws over what is there).
    static func draw(_ grid: inout Grid, _ state: ConsoleState, _ layout: Layout, _ glyphs: Glyphs)
    /// The footer's entries: keys (from the keymap) and what they do here.
    static func footer(_ state: ConsoleState) -> [(String, String)]
    /// Draws the status row: the status message, unless the screen is a prompt that lives there.
    static func drawStatus(_ grid: inout Grid, _ state: ConsoleState, row: Int)
    /// Whether the footer ends with the help key (screens whose keys are more than the footer holds).
    static var footerNamesHelp: Bool { get }
    /// Sets the screen up as it opens (a scroll position back to the top).
    static func opened(_ state: inout ConsoleState)
}

extension Screen {
    static func draw(_ grid: inout Grid, _ state: ConsoleState, _ layout: Layout, _ glyphs: Glyphs) {}

    static func drawStatus(_ grid: inout Grid, _ state: ConsoleState, row: Int) {
        drawStatusMessage(&grid, state, row: row)
    }

    static var footerNamesHelp: Bool { false }

    static func opened(_ state: inout ConsoleState) {}
}

/// Gives `mode` the focus: the screen an action's row opens (``Action/Row/opens``).
func open(_ state: inout ConsoleState, _ mode: Mode) {
    state.mode = mode
    state.focusedScreen.opened(&state)
}

// MARK: - Focus

/// What has the keyboard.
enum Mode: Equatable, Sendable {
    /// The queue table.
    case queue
    /// The help overlay.
    case help
    /// The one-line note editor for a decision (for the marked rows when `requestID` is nil).
    case note(NoteEditor)
    /// Typing the incremental filter.
    case filter
    /// A y/N question; anything but `y` cancels.
    case confirm(Confirmation)
}

/// The two screens.
enum View: Equatable, Sendable {
    case queue
    case history
}

extension ConsoleState {
    /// The screen that has the keyboard, the status row and the footer: the focus list.
    var focusedScreen: any Screen.Type {
        switch mode {
        case .note: NoteEditorScreen.self
        case .filter: FilterPromptScreen.self
        case .confirm: ConfirmationScreen.self
        case .help: HelpScreen.self
        case .queue: baseScreen
        }
    }

    /// The screen under any prompt or overlay: the queue or the history.
    var baseScreen: any Screen.Type {
        switch view {
        case .queue: QueueScreen.self
        case .history: HistoryScreen.self
        }
    }
}

// MARK: - The status message

/// The status row as most screens have it: the last message, coloured by its kind.
func drawStatusMessage(_ grid: inout Grid, _ state: ConsoleState, row: Int) {
    guard let message = state.status else { return }
    let role: Role = switch message.kind {
    case .info: .normal
    case .success: .statusOK
    case .error: .statusError
    }
    grid.put(" " + message.line, x: 0, y: row, role: role)
}
