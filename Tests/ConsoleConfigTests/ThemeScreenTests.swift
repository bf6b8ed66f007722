import Foundation
import Testing
@testable import ReviewModel
@testable import ConsoleConfig
import TestSupport

// MARK: - Golden screens per theme

@Suite("Themes: golden screens")
struct ThemeScreenTests {
    /// The text of a screen followed by the style of every role on it: colours are in the golden.
    func styledFrame(_ grid: Grid, theme: Theme) -> String {
        var roles: [Role] = []
        for y in 0..<grid.size.height {
            for x in 0..<grid.size.width where !roles.contains(grid[x, y].role) { roles.append(grid[x, y].role) }
        }
        let legend = roles.map { "\($0.rawValue): \(describe(theme.style($0)))" }
        return frame(grid) + "styles (theme \(theme.name)):\n" + legend.joined(separator: "\n") + "\n"
    }

    func describe(_ style: Style) -> String {
        func color(_ c: TermColor?) -> String {
            switch c {
            case nil: "default"
            case .ansi(let n)?: TermColor.ansiNames[n]
            case .index(let n)?: "\(n)"
            case .rgb(let r, let g, let b)?: String(format: "#%02x%02x%02x", r, g, b)
            }
        }
        var attrs: [String] = []
        if style.bold { attrs.append("bold") }
        if style.dim { attrs.append("dim") }
        if style.reverse { attrs.append("reverse") }
        if style.underline { attrs.append("underline") }
        if style.italic { attrs.append("italic") }
        return "fg=\(color(style.fg)) bg=\(color(style.bg))" + (attrs.isEmpty ? "" : " " + attrs.joined(separator: ","))
    }

    /// A screen with every row role: selected, in flight, new, old (critical), warn age.
    func busyState() -> ConsoleState {
        var state = polledState([request("old", ageSeconds: 400), request("mid", confidence: 0.5, ageSeconds: 90),
                                 request("none", confidence: 0, ageSeconds: 30)])
        _ = reduce(&state, .pollSucceeded(
            PendingList(items: [request("old", ageSeconds: 400), request("mid", confidence: 0.5, ageSeconds: 90),
                                request("none", confidence: 0, ageSeconds: 30),
                                request("new", confidence: 0.95, ageSeconds: 0)]), at: testNow.addingTimeInterval(1)))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("a")))  // "mid" in flight
        _ = reduce(&state, .key(.char("k")))
        return state
    }

    @Test(arguments: ThemeCatalog.shippedNames)
    func queueScreen(name: String) throws {
        let theme = try #require(ThemeCatalog.shipped(name))
        let state = busyState()
        let grid = render(state, size: state.size, theme: theme)
        assertGoldenText(styledFrame(grid, theme: theme), "theme-\(name)-80x24")
        // The mapping itself, not only the text: selected row and header as the file says.
        let file = try #require(ShippedThemes.files.first { $0.name == name }?.text)
        let parsed = try ThemeFile.parse(file, path: name, fallbackName: name).theme
        #expect(theme.style(grid[0, 0].role) == parsed.style(.header) || grid[0, 0].role != .header)
        #expect(grid[0, 2].role == .rowSelected)
        #expect(theme.style(grid[0, 2].role) == parsed.style(.rowSelected))
    }

    @Test(arguments: ThemeCatalog.shippedNames)
    func helpScreen(name: String) throws {
        let theme = try #require(ThemeCatalog.shipped(name))
        var state = busyState()
        _ = reduce(&state, .key(.char("?")))
        let grid = render(state, size: state.size, theme: theme)
        assertGoldenText(styledFrame(grid, theme: theme), "theme-\(name)-help-80x24")
    }

    @Test("--ascii draws the agent's text as sent, symbols included, and only its own symbols as ASCII")
    func asciiKeepsRequestText() {
        var theme = Theme.default
        theme.ascii = true
        var state = polledState([request("a", action: "作成 — a·b → c…", actor: "bot—1", ageSeconds: 30)])
        state.showDetail = true
        let grid = render(state, size: Size(width: 100, height: 30), theme: theme)
        let row = grid.text(row: 2)
        #expect(row.contains("作成 — a·b → c…"), "\(row)")
        #expect(row.contains("bot—1"), "\(row)")
        #expect(row.hasPrefix(">"), "the selection marker is the console's own: ASCII")
        #expect(grid.lines.contains { $0.contains("Action") && $0.contains("作成 — a·b → c…") }, "the detail pane too")
        #expect(grid.lines.contains { $0.contains("% - ") }, "the console's own dash in the confidence words is ASCII")
    }

    @Test("--ascii keeps quoted runs in a status line and maps the console's words around them")
    func asciiStatusLine() {
        var grid = Grid(size: Size(width: 60, height: 1))
        grid.ascii = true
        grid.put("approved \(quoted: "a—b…") — sent" as ScreenText, x: 0, y: 0, role: .normal)
        #expect(grid.text(row: 0) == "approved a—b… - sent")
        var narrow = Grid(size: Size(width: 12, height: 1))
        narrow.ascii = true
        narrow.put(quoted: "long—agent—action", x: 0, y: 0, role: .normal)
        #expect(narrow.text(row: 0) == "long—agent—~", "a cut is the console's mark, in ASCII")
    }

    @Test("--ascii draws bars, marks and rules with ASCII only")
    func asciiGlyphs() throws {
        var theme = Theme.default
        theme.ascii = true
        let state = busyState()
        let grid = render(state, size: state.size, theme: theme)
        assertGoldenText(frame(grid), "theme-ascii-80x24")
        #expect(grid[0, 2].role == .rowSelected, "roles are kept")
        for line in grid.lines.dropFirst() {
            let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "\(line)")
        }
    }
}
