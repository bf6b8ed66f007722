import Foundation
import Testing
@testable import ReviewModel
@testable import ConsoleConfig
import TestSupport

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
