import CNcursesw
import Testing
@testable import LeluConsole
@testable import ReviewModel

// MARK: - Key translation

@Suite("Terminal: key translation")
struct KeyTranslatorTests {
    @Test func controlCodes() {
        #expect(KeyTranslator.key(for: .character(0x0D)) == .enter)
        #expect(KeyTranslator.key(for: .character(0x0A)) == .enter)
        #expect(KeyTranslator.key(for: .character(0x1B)) == .escape)
        #expect(KeyTranslator.key(for: .character(0x7F)) == .backspace)
        #expect(KeyTranslator.key(for: .character(0x08)) == .backspace)
        #expect(KeyTranslator.key(for: .character(0x09)) == .tab)
        #expect(KeyTranslator.key(for: .character(0x15)) == .ctrl("u"))
        #expect(KeyTranslator.key(for: .character(0x00)) == nil)
    }

    @Test func printableIncludingWide() {
        #expect(KeyTranslator.key(for: .character(0x61)) == .char("a"))
        #expect(KeyTranslator.key(for: .character(0x20)) == .char(" "))
        #expect(KeyTranslator.key(for: .character(0x8ACB)) == .char("請"))
        #expect(KeyTranslator.key(for: .character(0x9B)) == nil, "a C1 control is not a key")
    }

    @Test func functionKeys() {
        #expect(KeyTranslator.key(for: .function(KEY_UP)) == .up)
        #expect(KeyTranslator.key(for: .function(KEY_DOWN)) == .down)
        #expect(KeyTranslator.key(for: .function(KEY_NPAGE)) == .pageDown)
        #expect(KeyTranslator.key(for: .function(KEY_PPAGE)) == .pageUp)
        #expect(KeyTranslator.key(for: .function(KEY_HOME)) == .home)
        #expect(KeyTranslator.key(for: .function(KEY_END)) == .end)
        #expect(KeyTranslator.key(for: .function(KEY_ENTER)) == .enter)
        #expect(KeyTranslator.key(for: .function(KEY_BACKSPACE)) == .backspace)
        #expect(KeyTranslator.key(for: .function(KEY_DC)) == .delete)
        #expect(KeyTranslator.key(for: .function(KEY_F0 + 1)) == .function(1))
        #expect(KeyTranslator.key(for: .function(KEY_F0 + 12)) == .function(12))
    }
}

// MARK: - Colours

@Suite("Terminal: colour degradation")
struct ColorMappingTests {
    @Test func fullPaletteKeepsIndexes() {
        let style = Style(fg: .index(24), bg: .ansi(1))
        let resolved = ColorMapping.resolve(style, for: ColorCapability(colors: 256, defaultColors: true))
        #expect(resolved.fg == 24)
        #expect(resolved.bg == 1)
    }

    @Test func eightColoursFoldBrightToBoldAndGreyToDimWhite() {
        let eight = ColorCapability(colors: 8, defaultColors: true)
        let bright = ColorMapping.resolve(Style(fg: .ansi(11)), for: eight)
        #expect(bright.fg == 3 && bright.bold)
        let grey = ColorMapping.resolve(Style(fg: .ansi(8)), for: eight)
        #expect(grey.fg == 7 && grey.dim)
        for role in Role.allCases {
            let r = ColorMapping.resolve(Theme.default.style(role), for: eight)
            #expect(r.fg < 8 && r.bg < 8, "\(role) uses a colour an 8-colour terminal lacks")
            #expect(r.fg == -1 || r.fg != r.bg, "\(role) is unreadable: same fore- and background")
        }
    }

    @Test func noColourTurnsBackgroundsIntoReverse() {
        let r = ColorMapping.resolve(Theme.default.style(.rowSelected), for: .monochrome)
        #expect(r.fg == -1 && r.bg == -1 && r.reverse)
    }

    @Test func rgbGoesToTheNearestPaletteColour() {
        #expect(ColorMapping.paletteIndex(.rgb(255, 0, 0), colors: 256).index == 196)
        #expect(ColorMapping.paletteIndex(.rgb(250, 5, 5), colors: 16).index == 9)
    }
}

// MARK: - Diffing and titles

@Suite("Terminal: minimal redraw and titles")
struct GridDiffTests {
    @Test func onlyChangedSpansAreWritten() {
        var a = Grid(size: Size(width: 20, height: 3))
        a.put("hello", x: 0, y: 1, role: .row)
        var b = a
        b.put("J", x: 4, y: 1, role: .row)
        #expect(GridDiff.spans(from: a, to: b) == [GridDiff.Span(y: 1, start: 4, end: 5)])
        #expect(GridDiff.spans(from: a, to: a).isEmpty)
        #expect(GridDiff.spans(from: nil, to: a).count == 3)
    }

    @Test func wideGlyphsAreRewrittenWhole() {
        var a = Grid(size: Size(width: 10, height: 1))
        a.put("請求", x: 0, y: 0, role: .row)
        var b = a
        b.put("x", x: 3, y: 0, role: .row)  // overwrites the right half of 求
        let spans = GridDiff.spans(from: a, to: b)
        #expect(spans == [GridDiff.Span(y: 0, start: 2, end: 4)])
    }

    @Test func titlesAreSanitized() {
        #expect(CursesTerminal.sanitizedTitle("lelu: 4 pending\u{1b}]52;c;ZXZpbA==\u{07}") == "lelu: 4 pending]52;c;ZXZpbA==")
        #expect(CursesTerminal.supportsTitle(term: "xterm-256color", inTmux: false))
        #expect(!CursesTerminal.supportsTitle(term: "linux", inTmux: false))
    }
}
