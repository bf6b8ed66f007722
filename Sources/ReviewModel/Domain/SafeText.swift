// MARK: - SafeText

/// Makes untrusted text safe for a terminal: the one place engine strings are cleaned.
///
/// Removes escape sequences (CSI, OSC — clipboard, hyperlinks, titles — DCS, APC, PM, SOS,
/// in their 7-bit and 8-bit forms) and shows a single `␛` where one was; shows other C0
/// controls and DEL as control pictures (`␇`); drops C1 controls, bidirectional
/// overrides and isolates, other invisible format characters and the blank Hangul
/// fillers. Tabs become a space.
/// Output is capped at `limit` characters (with `…`), and input beyond what that needs
/// is never read, so a field of megabytes costs no more than a short one.
package enum SafeText {
    /// The visible mark left where an escape sequence was removed.
    static let escapeMark: Character = "␛"

    /// One display line: newlines become spaces.
    package static func line(_ text: String, limit: Int = 512, ellipsis: Character = "…") -> String {
        clean(text, limit: limit, keepNewlines: false, ellipsis: ellipsis)
    }

    /// Multi-line text: newlines (and U+2028/U+2029) are kept as `\n`, everything else cleaned.
    package static func lines(_ text: String, limit: Int = 16_384) -> [String] {
        clean(text, limit: limit, keepNewlines: true, ellipsis: "…").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    /// True for scalars that must never reach a terminal raw.
    package static func isInvisibleOrControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if v < 0xA0 { return false }
        if v == 0xAD || v == 0x061C || (0x2028...0x2029).contains(v) { return true }
        // Hangul fillers: letters by category, but blank; used to forge empty-looking names.
        if v == 0x115F || v == 0x1160 || v == 0x3164 || v == 0xFFA0 { return true }
        if (0xFFF9...0xFFFB).contains(v) { return true }
        return s.properties.generalCategory == .format
    }

    /// True when a string is already safe (no cleaning needed).
    package static func isSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: isInvisibleOrControl)
    }

    // MARK: - Cleaning

    static func clean(_ text: String, limit: Int, keepNewlines: Bool, ellipsis: Character) -> String {
        // Fast path: most engine strings are short, printable ASCII.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var cleaner = Cleaner(text, limit: limit, keepNewlines: keepNewlines)
        return cleaner.run(ellipsis: ellipsis)
    }
}

// MARK: - Cleaner

/// One pass over untrusted text: reads scalars, drops sequences, writes at most `limit` scalars.
private struct Cleaner {
    private var out = String.UnicodeScalarView()
    private var count = 0
    private let limit: Int
    private let keepNewlines: Bool
    private var scalars: String.UnicodeScalarView.Iterator
    /// Scalars read ahead and given back, last in first out (at most two).
    private var pending: [Unicode.Scalar] = []
    private var lastWasEscapeMark = false

    init(_ text: String, limit: Int, keepNewlines: Bool) {
        self.limit = limit
        self.keepNewlines = keepNewlines
        scalars = text.unicodeScalars.makeIterator()
    }

    /// Cleans the whole text; a cut ends in `ellipsis`.
    mutating func run(ellipsis: Character) -> String {
        var truncated = false
        while let s = next() {
            if !step(s) {
                truncated = true
                break
            }
        }
        if truncated {
            if !out.isEmpty { out.removeLast() }
            out.append(contentsOf: String(ellipsis).unicodeScalars)
        }
        return String(out)
    }

    /// Handles one scalar (and what follows it, for sequences); false when the limit is reached.
    private mutating func step(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        switch v {
        case 0x1B:
            guard let t = next() else { return mark() }
            switch t.value {
            case 0x5B: skipCSI()  // [
            case 0x5D, 0x50, 0x5F, 0x5E, 0x58: skipString()  // ] P _ ^ X
            case 0x20...0x2F: skipNF()  // nF: intermediates then a final byte
            case 0x30...0x7E: break  // two-character sequence, dropped
            default: giveBack(t)
            }
            return mark()
        case 0x9B:
            skipCSI()
            return mark()
        case 0x9D, 0x90, 0x9F, 0x9E, 0x98:
            skipString()
            return mark()
        case 0x0A, 0x0D, 0x2028, 0x2029, 0x0B, 0x0C, 0x85:
            if v == 0x0D, let t = next(), t.value != 0x0A { giveBack(t) }  // CR LF counts once
            return keepNewlines ? emit("\n") : (out.last == " " ? true : emit(" "))
        case 0x09:
            return emit(" ")
        case 0x00..<0x20:
            return emit(Unicode.Scalar(0x2400 + v) ?? "?")
        case 0x7F:
            return emit("\u{2421}")
        default:
            return SafeText.isInvisibleOrControl(s) ? true : emit(s)
        }
    }

    // MARK: - Output

    private mutating func emit(_ s: Unicode.Scalar) -> Bool {
        guard count < limit else { return false }
        out.append(s)
        count += 1
        lastWasEscapeMark = false
        return true
    }

    /// Leaves one `␛` where a sequence was (one for a run of them).
    private mutating func mark() -> Bool {
        if lastWasEscapeMark { return true }
        guard count < limit else { return false }
        out.append(contentsOf: String(SafeText.escapeMark).unicodeScalars)
        count += 1
        lastWasEscapeMark = true
        return true
    }

    // MARK: - Input

    private mutating func next() -> Unicode.Scalar? {
        pending.popLast() ?? scalars.next()
    }

    private mutating func giveBack(_ s: Unicode.Scalar) { pending.append(s) }

    /// Skips a control string up to BEL or ST (ESC \ or 0x9C).
    ///
    /// An ESC followed by anything but `\` ends the string (as terminals do) and starts
    /// a new sequence: both scalars are given back so that sequence is removed too.
    private mutating func skipString() {
        while let s = next() {
            if s.value == 0x07 || s.value == 0x9C { return }
            if s.value == 0x1B {
                if let t = next(), t != "\\" {
                    giveBack(t)
                    giveBack(s)
                }
                return
            }
        }
    }

    /// Skips CSI parameters and intermediates up to the final byte; anything else ends it unread.
    private mutating func skipCSI() {
        while let s = next() {
            if (0x40...0x7E).contains(s.value) { return }
            if !(0x20...0x3F).contains(s.value) { giveBack(s); return }
        }
    }

    /// Skips an nF sequence's intermediates and its final byte; an invalid final is not consumed.
    private mutating func skipNF() {
        while let u = next() {
            if (0x20...0x2F).contains(u.value) { continue }
            if !(0x30...0x7E).contains(u.value) { giveBack(u) }
            return
        }
    }
}
