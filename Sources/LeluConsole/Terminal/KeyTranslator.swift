import CNcursesw
import ReviewModel

// MARK: - Raw codes

/// One code as `wget_wch` returns it, before translation.
enum CursesKeyCode: Equatable, Hashable, Sendable {
    /// `OK`: a character (C0 controls, DEL and Unicode scalars).
    case character(UInt32)
    /// `KEY_CODE_YES`: a `KEY_*` function-key code.
    case function(Int32)
}

// MARK: - KeyTranslator

/// Translates curses codes into app-level ``Key`` values: the only place curses key codes are known.
///
/// Pure: needs no terminal, so it can be unit-tested directly. `KEY_RESIZE` and the escape
/// character's follow-up bytes are handled by ``CursesTerminal`` (they need the screen);
/// here `KEY_RESIZE` translates to nil and a lone `ESC` (27) to ``Key/escape``.
enum KeyTranslator {
    /// The key for a code, or nil for codes the console does not use.
    static func key(for code: CursesKeyCode) -> Key? {
        switch code {
        case .character(let value): character(value)
        case .function(let value): function(value)
        }
    }

    // MARK: - Characters

    /// C0 controls, DEL and printable Unicode.
    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A:
            // Ctrl-A ... Ctrl-Z (minus the ones above): report the lowercase letter.
            guard let scalar = Unicode.Scalar(value + 0x60) else { return nil }
            return .ctrl(Character(scalar))
        case 0x00, 0x1C...0x1F: return nil
        default:
            guard let scalar = Unicode.Scalar(value), !SafeText.isInvisibleOrControl(scalar) else { return nil }
            return .char(Character(scalar))
        }
    }

    // MARK: - Function keys

    /// `KEY_*` codes from the terminfo key table (keypad mode).
    static func function(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_LL, KEY_SELECT: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}
