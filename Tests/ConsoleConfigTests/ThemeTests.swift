import Foundation
import Testing
@testable import ReviewModel
@testable import ConsoleConfig
import TestSupport

// MARK: - Shipped themes

/// The repository's `themes/` directory.
let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

@Suite("Themes: shipped files")
struct ShippedThemeTests {
    @Test("the embedded copies are exactly the files in themes/ (run scripts/embed-themes after editing)")
    func embeddedCopiesEqualFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: themesDirectory.path)
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(files == ShippedThemes.files.map(\.name).sorted())
        for (name, text) in ShippedThemes.files {
            let onDisk = try String(contentsOf: themesDirectory.appendingPathComponent("\(name).toml"), encoding: .utf8)
            #expect(onDisk == text, "themes/\(name).toml differs from its embedded copy: run scripts/embed-themes")
        }
    }

    @Test func theSixThemesTheIssueAsksForShip() {
        #expect(ThemeCatalog.shippedNames == ["default", "light", "high-contrast", "ansi-16", "monochrome", "colorblind"])
    }

    @Test("every shipped theme parses, names itself, and (but for default) styles every role explicitly",
          arguments: ThemeCatalog.shippedNames)
    func parses(name: String) throws {
        let text = try #require(ShippedThemes.files.first { $0.name == name }?.text)
        // Parse on an empty base: a role the file forgot would be missing, not silently inherited.
        let file = try ThemeFile.parse(text, path: name, fallbackName: "?", base: Theme(name: "empty", styles: [:]))
        #expect(file.theme.name == name)
        #expect(!file.description.isEmpty)
        #expect(Set(file.theme.styles.keys) == Set(Role.allCases), "\(name) lists every role")
    }

    @Test("default.toml is exactly the built-in Theme.default")
    func defaultFileIsTheBuiltInTheme() throws {
        let loaded = try #require(ThemeCatalog.shipped("default"))
        #expect(loaded == Theme.default)
    }

    @Test func monochromeHasNoColourAtAll() throws {
        let theme = try #require(ThemeCatalog.shipped("monochrome"))
        for role in Role.allCases {
            #expect(theme.style(role).fg == nil && theme.style(role).bg == nil, "\(role)")
        }
        #expect(theme.style(.rowSelected).reverse && theme.style(.header).reverse, "highlights survive without colour")
    }

    @Test func ansi16UsesOnlyThePalette() throws {
        let theme = try #require(ThemeCatalog.shipped("ansi-16"))
        for role in Role.allCases {
            for color in [theme.style(role).fg, theme.style(role).bg].compactMap({ $0 }) {
                guard case .ansi(let n) = color else {
                    Issue.record("\(role) uses \(color), not a palette colour")
                    continue
                }
                #expect((0...15).contains(n))
            }
        }
    }

    @Test("colorblind: confidence and status are blue/orange, never green or red")
    func colorblindAvoidsRedGreen() throws {
        let theme = try #require(ThemeCatalog.shipped("colorblind"))
        #expect(theme.style(.confidenceHigh).fg == .rgb(0x56, 0xB4, 0xE9))  // sky blue
        #expect(theme.style(.confidenceLow).fg == .rgb(0xE6, 0x9F, 0x00))  // orange
        #expect(theme.style(.statusError).bg == .rgb(0xE6, 0x9F, 0x00))
        let redGreen: Set<Int> = [1, 2, 9, 10]
        for role in Role.allCases {
            for color in [theme.style(role).fg, theme.style(role).bg].compactMap({ $0 }) {
                if case .ansi(let n) = color { #expect(!redGreen.contains(n), "\(role) uses palette \(n)") }
                if case .rgb(let r, let g, let b) = color {
                    let pureRed = r > 150 && g < 80 && b < 80
                    let pureGreen = g > 150 && r < 80 && b < 80
                    #expect(!pureRed && !pureGreen, "\(role)")
                }
            }
        }
    }

    @Test func highContrastPutsEveryRoleOnAnExplicitBackground() throws {
        let theme = try #require(ThemeCatalog.shipped("high-contrast"))
        for role in Role.allCases where role != .normal {
            let style = theme.style(role)
            #expect(style.bg != nil, "\(role) has a background")
        }
        #expect(theme.style(.normal) == Style(fg: .ansi(15), bg: .ansi(0)))
    }
}

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

    @Test("--ascii keeps request text in any script")
    func asciiKeepsRequestText() {
        var theme = Theme.default
        theme.ascii = true
        let state = polledState([request("a", action: "請求書を作成する → 送信", ageSeconds: 30)])
        let grid = render(state, size: state.size, theme: theme).asciiOnly()
        #expect(grid.text(row: 2).contains("請求書を作成する"))
        #expect(grid.text(row: 2).hasPrefix(">"))
    }

    @Test("--ascii draws bars, marks and rules with ASCII only")
    func asciiGlyphs() throws {
        var theme = Theme.default
        theme.ascii = true
        let state = busyState()
        let grid = render(state, size: state.size, theme: theme).asciiOnly()
        assertGoldenText(frame(grid), "theme-ascii-80x24")
        #expect(grid[0, 2].role == .rowSelected, "roles are kept")
        for line in grid.lines.dropFirst() {
            let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "\(line)")
        }
    }
}


// MARK: - Theme files

@Suite("Themes: parsing and lookup")
struct ThemeFileTests {
    @Test func coloursByNameIndexAndHex() throws {
        let text = """
            [roles]
            header = { fg = "bright-blue", bg = 200, attrs = ["bold", "italic"] }
            row_new = { fg = "#0A0b0C", bg = "default" }
            border = { fg = 3 }
            age-warn = { fg = "grey", attrs = ["dim", "reverse", "underline"] }
            """
        let theme = try ThemeFile.parse(text, path: "t.toml", fallbackName: "t").theme
        #expect(theme.name == "t")
        #expect(theme.style(.header) == Style(fg: .ansi(12), bg: .index(200), bold: true, italic: true))
        #expect(theme.style(.rowNew) == Style(fg: .rgb(10, 11, 12)))
        #expect(theme.style(.border) == Style(fg: .ansi(3)))
        #expect(theme.style(.ageWarn) == Style(fg: .ansi(8), dim: true, reverse: true, underline: true))
        #expect(theme.style(.dialog) == Theme.default.style(.dialog), "a role left out falls back to default")
    }

    @Test("mistakes name the file and the line", arguments: [
        ("name = \"x\"\n[roles]\nheader = { fg = \"purple\" }\n", 3, "unknown colour \"purple\""),
        ("[roles]\nrow = {}\nheadr = { fg = 1 }\n", 3, "unknown role \"headr\""),
        ("[roles]\n\nfooter = { attrs = [\"blink\"] }\n", 3, "unknown attribute \"blink\""),
        ("[roles]\nfooter = { fg = 300 }\n", 2, "300 is not 0–255"),
        ("[roles]\nfooter = { fg = \"#12345\" }\n", 2, "is not #rrggbb"),
        ("[roles]\nfooter = \"red\"\n", 2, "must be an inline table"),
        ("[roles]\nfooter = { color = \"red\" }\n", 2, "unknown key \"color\""),
        ("name = \"x\"\ncolours = 3\n", 2, "unknown key \"colours\""),
        ("name = \"x\"\n[roles\n", 2, "not valid TOML"),
    ])
    func errorsHaveLines(text: String, line: Int, message: String) {
        #expect {
            _ = try ThemeFile.parse(text, path: "/home/me/themes/x.toml", fallbackName: "x")
        } throws: { error in
            guard let error = error as? FileError else { return false }
            return error.line == line && error.message.contains(message)
                && error.description.hasPrefix("/home/me/themes/x.toml:\(line): ")
        }
    }

    func catalog(_ files: [String: String]) -> ThemeCatalog {
        ThemeCatalog(
            userDirectory: "/cfg/themes",
            readFile: { path in files[path].map { Data($0.utf8) } },
            listDirectory: { dir in dir == "/cfg/themes" ? files.keys.filter { $0.hasPrefix(dir + "/") }.map { ($0 as NSString).lastPathComponent } : [] })
    }

    @Test func userThemesOverrideShippedOnesByName() throws {
        let cat = catalog([
            "/cfg/themes/light.toml": "description = \"mine\"\n[roles]\nheader = { fg = \"red\" }\n",
            "/cfg/themes/solar.toml": "[roles]\nrow = { fg = \"yellow\" }\n",
        ])
        let (light, origin) = try cat.load("light")
        #expect(origin == .user(path: "/cfg/themes/light.toml", overrides: true))
        #expect(light.style(.header) == Style(fg: .ansi(1)))
        #expect(light.style(.footer) == Theme.default.style(.footer), "the base of a user theme is default")
        let (solar, _) = try cat.load("solar")
        #expect(solar.name == "solar" && solar.style(.row) == Style(fg: .ansi(3)))
        let entries = cat.entries()
        #expect(entries.map(\.name) == ThemeCatalog.shippedNames + ["solar"])
        #expect(entries[1].origin == .user(path: "/cfg/themes/light.toml", overrides: true))
        #expect(entries[1].summary == .success("mine"))
        #expect(entries[0].origin == .shipped)
    }

    @Test func aPathLoadsThatFile() throws {
        let cat = catalog(["/tmp/x/mine.toml": "[roles]\nrow = { fg = 5 }\n"])
        let (theme, origin) = try cat.load("/tmp/x/mine.toml")
        #expect(origin == .file(path: "/tmp/x/mine.toml"))
        #expect(theme.name == "mine" && theme.style(.row).fg == .ansi(5))
    }

    @Test func unknownAndBrokenThemesSayWhat() {
        let cat = catalog(["/cfg/themes/bad.toml": "[roles]\nrow = { fg = \"nope\" }\n"])
        #expect(throws: ThemeCatalog.LoadError.self) { try cat.load("nosuch") }
        do {
            _ = try cat.load("nosuch")
        } catch {
            #expect(error.description.contains("no theme named \"nosuch\""))
            #expect(error.description.contains("colorblind"))
        }
        do {
            _ = try cat.load("bad")
            Issue.record("a broken theme loaded")
        } catch {
            #expect(error.description.hasPrefix("/cfg/themes/bad.toml:2: "))
        }
        #expect(cat.entries().last.map { if case .failure = $0.summary { true } else { false } } == true)
    }
}
