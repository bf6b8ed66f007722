import CNcursesw
import Testing
@testable import LeluConsole
@testable import ReviewModel

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
