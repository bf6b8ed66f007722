import Foundation
import Testing

@testable import ReviewModel

// MARK: - SafeText

@Suite("SafeText")
struct SafeTextTests {
    @Test("escape sequences are removed and leave one mark", arguments: [
        ("CSI colour", "a\u{1B}[31;1mred\u{1B}[0mb", "a␛red␛b"),
        ("CSI clear screen", "\u{1B}[2J\u{1B}[Hx", "␛x"),
        ("OSC 52 clipboard, BEL", "a\u{1B}]52;c;cm0gLXJmIH4=\u{07}b", "a␛b"),
        ("OSC 52 clipboard, ST", "a\u{1B}]52;c;cm0gLXJmIH4=\u{1B}\\b", "a␛b"),
        ("OSC 8 hyperlink", "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\", "␛click␛"),
        ("OSC title", "\u{1B}]0;pwned\u{07}ok", "␛ok"),
        ("DCS", "a\u{1B}P+q544e\u{1B}\\b", "a␛b"),
        ("APC", "a\u{1B}_Gf=100;AAAA\u{1B}\\b", "a␛b"),
        ("PM and SOS", "a\u{1B}^x\u{1B}\\b\u{1B}Xy\u{1B}\\c", "a␛b␛c"),
        ("8-bit CSI", "a\u{9B}31mb", "a␛b"),
        ("8-bit OSC 52", "a\u{9D}52;c;AAAA\u{9C}b", "a␛b"),
        ("8-bit DCS and APC", "a\u{90}q\u{9C}b\u{9F}x\u{9C}c", "a␛b␛c"),
        ("two-character escape", "a\u{1B}cb\u{1B}7c", "a␛b␛c"),
        ("charset designation", "a\u{1B}(0b", "a␛b"),
        ("lone ESC at the end", "abc\u{1B}", "abc␛"),
        ("unterminated OSC swallows the rest", "ok\u{1B}]52;c;AAAAAAAA", "ok␛"),
        ("OSC ended by the ESC of a CSI", "a\u{1B}]0;t\u{1B}[31mb", "a␛b"),
        ("DCS ended by the ESC of an OSC 52", "a\u{1B}Pq\u{1B}]52;c;QQ==\u{07}b", "a␛b"),
        ("8-bit OSC ended by ESC and a CSI", "a\u{9D}0;t\u{1B}[2Jb", "a␛b"),
        ("OSC ended by ESC ESC", "a\u{1B}]0;t\u{1B}\u{1B}[mb", "a␛b"),
        ("nF with an invalid final keeps the newline", "a\u{1B}(\nb", "a␛ b"),
        ("nF with an ESC final starts a new sequence", "a\u{1B}(\u{1B}[31mb", "a␛b"),
        ("nF with a non-ASCII final keeps it", "a\u{1B} é", "a␛é"),
        ("CSI ended by a newline keeps the newline", "a\u{9B}31\nb", "a␛ b"),
        ("CSI with intermediates", "a\u{1B}[ qb", "a␛b"),
        ("ESC ESC then a CSI", "a\u{1B}\u{1B}[mb", "a␛b"),
    ])
    func escapes(_ name: String, _ input: String, _ expected: String) {
        #expect(SafeText.line(input) == expected, "\(name)")
        #expect(SafeText.isSafe(SafeText.line(input)), "\(name)")
    }

    @Test("C0 controls and DEL become control pictures; C1 controls vanish")
    func controls() {
        #expect(SafeText.line("a\u{07}b\u{00}c\u{7F}d") == "a␇b␀c␡d")
        #expect(SafeText.line("a\u{80}b\u{8D}c\u{9A}d") == "abcd")
        #expect(SafeText.line("a\tb") == "a b")
    }

    @Test("bidi overrides and isolates are dropped")
    func bidi() {
        let input = "invoice\u{202E}fdp.exe\u{202C} \u{2066}x\u{2069}\u{2067}y\u{2068}z\u{2069}\u{200E}\u{200F}\u{061C}"
        #expect(SafeText.line(input) == "invoicefdp.exe xyz")
    }

    @Test("zero-width and other invisible format characters are dropped")
    func zeroWidth() {
        #expect(SafeText.line("ad\u{200B}min\u{200C}\u{200D}\u{2060}\u{FEFF}\u{00AD}") == "admin")
        #expect(SafeText.line("a\u{E0041}\u{E0042}b") == "ab")  // tag characters (ASCII smuggling)
        #expect(SafeText.line("naïve café 東京 ✓") == "naïve café 東京 ✓")
        #expect(SafeText.line("a\u{115F}\u{1160}\u{3164}\u{FFA0}b") == "ab")  // blank Hangul fillers
    }

    @Test("an escape that ends a control string is kept for lines mode too")
    func escapeEndsStringInLines() {
        #expect(SafeText.lines("x\u{1B}]8;;u\u{1B}[1m\ny\u{1B}(\nz") == ["x␛", "y␛", "z"])
    }

    @Test("newlines: spaces in line mode, kept in lines mode")
    func newlines() {
        let input = "one\ntwo\r\nthree\rfour\u{2028}five\u{2029}six\u{0B}seven\u{0C}eight\u{85}nine"
        #expect(SafeText.line(input) == "one two three four five six seven eight nine")
        #expect(SafeText.lines(input) == ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
        #expect(SafeText.line("a\n\n\nb") == "a b")
        #expect(SafeText.lines("a\n\nb") == ["a", "", "b"])
    }

    @Test("output is capped with an ellipsis")
    func capped() {
        #expect(SafeText.line(String(repeating: "x", count: 100), limit: 10) == String(repeating: "x", count: 9) + "…")
        #expect(SafeText.line(String(repeating: "é", count: 100), limit: 10).count == 10)
        #expect(SafeText.line("short", limit: 10) == "short")
    }

    @Test("a megabyte of hostile input is fast and capped")
    func megabyte() {
        let chunk = "\u{1B}[31mA\u{202E}\u{200B}\u{9B}1m\u{1B}]52;c;QQ==\u{07}é\n"
        let input = String(repeating: chunk, count: 1024 * 1024 / chunk.utf8.count + 1)
        #expect(input.utf8.count >= 1024 * 1024)
        let start = ContinuousClock.now
        let line = SafeText.line(input, limit: 512)
        let lines = SafeText.lines(input, limit: 16_384)
        let plain = SafeText.line(String(repeating: "b", count: 1024 * 1024), limit: 512)
        let elapsed = ContinuousClock.now - start
        #expect(line.unicodeScalars.count <= 512)
        #expect(lines.joined(separator: "\n").unicodeScalars.count <= 16_384)
        #expect(plain.count == 512)
        #expect(SafeText.isSafe(line) && lines.allSatisfy(SafeText.isSafe))
        // A bound no loaded machine reaches but a quadratic pass over a megabyte would; speed is lelu-bench's.
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }
}
