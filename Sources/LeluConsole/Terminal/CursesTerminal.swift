import CNcursesw
import ConsoleRuntime
import ReviewModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - CursesTerminal

/// The ncursesw terminal: the only type that calls curses.
///
/// Threading: confined to the main actor. Every curses call happens on the main thread,
/// through this type; nothing else may call curses. The C shim's signal handlers never call
/// curses (they use `write` and `tcsetattr` only).
///
/// Exit paths: ``restore()`` is idempotent and is also registered with `atexit`. SIGINT,
/// SIGTERM and SIGHUP become ``TerminalInput/signal(_:)`` from ``readKey(timeoutMilliseconds:wakeup:)``
/// (a self-pipe wakes the wait at once); the loop should quit and call ``restore()``. A second
/// such signal before the first was delivered, and any crash signal (SIGSEGV, SIGBUS, SIGILL,
/// SIGFPE, SIGABRT, SIGTRAP, SIGQUIT), restores the terminal from the handler with
/// async-signal-safe calls and ends the process with the signal's default action.
@MainActor
final class CursesTerminal: TerminalScreen {
    /// How long a lone Esc waits for the rest of an escape sequence.
    static let escapeDelayMilliseconds: Int32 = 25

    /// The theme that maps cell roles to attributes; changing it repaints everything.
    var theme: Theme {
        didSet {
            attributeCache = [:]
            invalidate()
        }
    }

    private(set) var size = Size(width: 80, height: 24)

    private var screen: OpaquePointer?
    private var active = false
    private var capability = ColorCapability.monochrome
    private var previous: Grid?
    private var needsFullRedraw = true
    private var cursorVisible = false
    private var attributeCache: [Role: (attrs: attr_t, pair: Int32)] = [:]
    private var pairs: [ResolvedPairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var silentReads = 0
    private var focusReporting = false

    /// Whether colour is off (`--color never`, `NO_COLOR`): no colour is started or used at all.
    let monochrome: Bool

    /// Creates a terminal for a theme; nothing is touched until ``start()``.
    init(theme: Theme, monochrome: Bool = false) {
        self.theme = theme
        self.monochrome = monochrome
    }

    // MARK: - Lifetime

    /// Turns on click and wheel reports (off by default: it steals the terminal's text selection).
    func enableMouse() {
        guard active else { return }
        _ = cn_enable_mouse()
    }

    /// Turns on focus reports (`CSI ? 1004 h`), delivered as ``TerminalInput/focus(_:)``; off on every exit path.
    func enableFocusReporting() {
        guard active else { return }
        focusReporting = true
        _ = cn_enable_focus()
    }

    func start() throws {
        if active { return }
        if let screen {
            // Coming back after restore(): curses resumes on the next update.
            cn_install_signal_handlers()
            set_term(screen)
            clearok(cn_curscr(), true)
            cn_set_active(1)
            active = true
            if focusReporting { _ = cn_enable_focus() }
            invalidate()
            doupdate()
            return
        }
        guard cn_save_termios() == 0 else { throw TerminalError.notATerminal }
        if cn_can_address_cursor() == 0 {
            throw TerminalError.noCursorAddressing(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        // Before newterm, so ncurses keeps its hands off SIGINT/SIGTERM.
        cn_install_signal_handlers()
        guard let opened = cn_open_screen() else {
            cn_uninstall_signal_handlers()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw TerminalError.cannotOpen(term: term)
        }
        screen = opened
        cbreak()
        noecho()
        nonl()
        cn_disable_flow_control()
        let window = cn_stdscr()
        keypad(window, true)
        intrflush(window, false)
        curs_set(0)
        cursorVisible = false
        cn_set_escdelay(Self.escapeDelayMilliseconds)
        if !monochrome, has_colors() {
            start_color()
            let defaults = use_default_colors() == OK
            capability = ColorCapability(colors: Int(cn_colors()), defaultColors: defaults)
        } else {
            capability = .monochrome
        }
        cn_prepare_reset()
        cn_set_active(1)
        active = true
        size = currentSize()
        needsFullRedraw = true
    }

    func restore() {
        guard active else { return }
        active = false
        cn_restore()
        cn_uninstall_signal_handlers()
        cursorVisible = true
    }

    // MARK: - Size

    private func currentSize() -> Size {
        var rows: Int32 = 0
        var cols: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &rows, &cols)
        return Size(width: Int(max(cols, 0)), height: Int(max(rows, 0)))
    }

    // MARK: - Drawing

    func invalidate() {
        needsFullRedraw = true
        previous = nil
    }

    func draw(_ grid: Grid) {
        guard active else { return }
        let window = cn_stdscr()
        let screenSize = currentSize()
        if screenSize != size || previous?.size != grid.size { needsFullRedraw = true }
        size = screenSize
        if needsFullRedraw {
            werase(window)
            if previous != nil { clearok(cn_curscr(), true) }
            previous = nil
        }
        for span in GridDiff.spans(from: previous, to: grid) where span.y < screenSize.height {
            drawSpan(span, of: grid, screenWidth: screenSize.width, window: window)
        }
        if let cursor = grid.cursor, cursor.x >= 0, cursor.y >= 0,
            cursor.x < screenSize.width, cursor.y < screenSize.height
        {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
            if !cursorVisible {
                curs_set(1)
                cursorVisible = true
            }
        } else if cursorVisible {
            curs_set(0)
            cursorVisible = false
        }
        wnoutrefresh(window)
        doupdate()
        previous = grid
        needsFullRedraw = false
    }

    /// Writes one run of cells; double-width graphemes are written by their left half.
    private func drawSpan(
        _ span: GridDiff.Span, of grid: Grid, screenWidth: Int, window: UnsafeMutablePointer<WINDOW>?
    ) {
        let y = Int32(span.y)
        let end = min(span.end, screenWidth)
        var x = span.start
        while x < end {
            let cell = grid[x, span.y]
            let style = attributes(for: cell.role)
            if cell.text.isEmpty {
                // A right half whose left half is outside the span or was not wide: a blank.
                put(" ", y: y, x: x, style: style, window: window)
                x += 1
                continue
            }
            let wideInGrid = x + 1 < grid.size.width && grid[x + 1, span.y].text.isEmpty
            let scalars = Array(cell.text.unicodeScalars)
            let columns = scalars.first.map { Int(cn_wcwidth(wchar_t(bitPattern: $0.value))) } ?? 1
            if wideInGrid {
                if x + 1 >= screenWidth {
                    put(" ", y: y, x: x, style: style, window: window)  // clipped at the right edge
                } else if columns == 2 {
                    put(cell.text, y: y, x: x, style: style, window: window)
                } else {
                    // The terminal thinks it is narrow (or unprintable): keep the columns aligned.
                    put(columns == 1 ? cell.text : "?", y: y, x: x, style: style, window: window)
                    put(" ", y: y, x: x + 1, style: attributes(for: grid[x + 1, span.y].role), window: window)
                }
                x += 2
            } else {
                put(columns == 1 ? cell.text : "?", y: y, x: x, style: style, window: window)
                x += 1
            }
        }
    }

    private func put(
        _ text: String, y: Int32, x: Int, style: (attrs: attr_t, pair: Int32), window: UnsafeMutablePointer<WINDOW>?
    ) {
        var chars = text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
        if chars.isEmpty { chars = [wchar_t(0x20)] }
        cn_put_cell(window, y, Int32(x), chars, Int32(chars.count), style.attrs, style.pair)
    }

    // MARK: - Attributes and colour pairs

    private struct ResolvedPairKey: Hashable {
        var fg: Int
        var bg: Int
    }

    /// Attributes and colour pair for a role, computed once per theme.
    private func attributes(for role: Role) -> (attrs: attr_t, pair: Int32) {
        if let cached = attributeCache[role] { return cached }
        let resolved = ColorMapping.resolve(theme.style(role), for: capability)
        var attrs = cn_a_normal()
        if resolved.bold { attrs |= cn_a_bold() }
        if resolved.dim { attrs |= cn_a_dim() }
        if resolved.reverse { attrs |= cn_a_reverse() }
        if resolved.underline { attrs |= cn_a_underline() }
        if resolved.italic { attrs |= cn_a_italic() }
        let result = (attrs: attrs, pair: pair(fg: resolved.fg, bg: resolved.bg))
        attributeCache[role] = result
        return result
    }

    /// The colour pair for a (fg, bg) combination, allocated on first use; 0 when out of pairs.
    private func pair(fg: Int, bg: Int) -> Int32 {
        guard capability.colors >= 8, fg >= 0 || bg >= 0 else { return 0 }
        let key = ResolvedPairKey(fg: fg, bg: bg)
        if let existing = pairs[key] { return existing }
        let limit = min(Int32(cn_color_pairs()), Int32(Int16.max))
        guard nextPair < limit else { return 0 }
        let number = nextPair
        guard init_pair(Int16(number), Int16(fg), Int16(bg)) == OK else { return 0 }
        nextPair += 1
        pairs[key] = number
        return number
    }

    // MARK: - Input

    func readKey(timeoutMilliseconds: Int, wakeup: Wakeup?) -> TerminalInput? {
        guard active else { return nil }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(max(0, timeoutMilliseconds)))
        while true {
            let signal = cn_take_signal()
            if signal == SIGTSTP {
                // Ctrl-Z: back after `fg`, where the reviewer typed it — the terminal has focus.
                guard cn_suspend() == 0 else { continue }
                size = currentSize()
                needsFullRedraw = true
                return .focus(true)
            }
            if signal != 0 { return .signal(signal) }
            if let input = nextAvailableInput() {
                silentReads = 0
                return input
            }
            let remaining = clock.now.duration(to: deadline)
            // Rounded up: a wait of "0 ms" with time still left would spin until the deadline.
            let milliseconds = remaining.components.seconds * 1000
                + (remaining.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            guard milliseconds > 0 else { return nil }
            switch cn_wait_input(STDIN_FILENO, wakeup?.descriptor ?? -1, Int32(clamping: milliseconds)) {
            case 4:
                wakeup?.drain()
                return nil  // an engine answer arrived: the loop handles it now
            case 3:
                return .signal(SIGHUP)  // the terminal went away
            case 1:
                // Readable but curses found nothing: after a few, treat as end of input.
                silentReads += 1
                if silentReads > 64 { return .signal(SIGHUP) }
            default:
                break
            }
        }
    }

    /// Reads what curses has without waiting (beyond the escape delay), translated.
    private func nextAvailableInput() -> TerminalInput? {
        let window = cn_stdscr()
        wtimeout(window, 0)
        while true {
            guard let code = readCode(window) else { return nil }
            switch code {
            case .function(KEY_RESIZE):
                size = currentSize()
                needsFullRedraw = true
                return .resize(size)
            case .function(KEY_MOUSE):
                var x: Int32 = 0
                var y: Int32 = 0
                switch cn_read_mouse(&x, &y) {
                case 1: return .mouse(.click(x: Int(x), y: Int(y)))
                case 2: return .mouse(.wheelUp)
                case 3: return .mouse(.wheelDown)
                default: continue
                }
            case .function(let code) where code > 0 && (code == cn_key_focus_in() || code == cn_key_focus_out()):
                return .focus(code == cn_key_focus_in())
            case .character(0x1B):
                if discardEscapeSequence(window) { continue }
                return .key(.escape)
            default:
                if let key = KeyTranslator.key(for: code) { return .key(key) }
            }
        }
    }

    private func readCode(_ window: UnsafeMutablePointer<WINDOW>?) -> CursesKeyCode? {
        var value: wint_t = 0
        switch wget_wch(window, &value) {
        case OK: return .character(UInt32(value))
        case KEY_CODE_YES: return .function(Int32(bitPattern: UInt32(value)))
        default: return nil
        }
    }

    /// After an Esc, swallows an escape sequence curses did not recognise (or Alt+key);
    /// returns false when the Esc stood alone.
    private func discardEscapeSequence(_ window: UnsafeMutablePointer<WINDOW>?) -> Bool {
        guard let next = readCode(window) else { return false }
        guard case .character(let introducer) = next else { return true }
        switch introducer {
        case 0x5B:  // CSI: parameters and intermediates, then one final byte 0x40...0x7E
            for _ in 0..<32 {
                guard case .character(let byte)? = readCode(window) else { break }
                if (0x40...0x7E).contains(byte) { break }
            }
        case 0x4F:  // SS3: one more byte
            _ = readCode(window)
        default:
            break  // Alt+key: dropped, the console has no Alt bindings
        }
        return true
    }

    // MARK: - Title and bell

    func setTitle(_ text: String) {
        let term = getenv("TERM").map { String(cString: $0) }
        guard active, Self.supportsTitle(term: term, inTmux: getenv("TMUX") != nil) else { return }
        let sequence = "\u{1B}]0;" + Self.sanitizedTitle(text) + "\u{07}"
        var bytes = Array(sequence.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                _ = cn_write_stdout(pointer, buffer.count)
            }
        }
    }

    func bell() {
        guard active else { return }
        beep()
    }

    func notify(_ notification: DesktopNotification) {
        guard active else { return }
        if notification.method == .bell {
            beep()
            return
        }
        var bytes = notification.escape(inTmux: getenv("TMUX") != nil)
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                _ = cn_write_stdout(pointer, buffer.count)
            }
        }
    }
}
