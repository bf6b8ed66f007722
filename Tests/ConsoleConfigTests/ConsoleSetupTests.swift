import Foundation
import Testing
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig

// MARK: - Setup: the colour decision

@Suite("Console setup: theme and colour decision")
struct ConsoleSetupTests {
    func catalog(_ files: [String: String] = [:]) -> ThemeCatalog {
        ThemeCatalog(
            userDirectory: "/cfg/themes", readFile: { files[$0].map { Data($0.utf8) } },
            listDirectory: { dir in files.keys.filter { $0.hasPrefix(dir + "/") }.map { ($0 as NSString).lastPathComponent } })
    }

    func setup(flags: ConsoleFlags = ConsoleFlags(), env: [String: String] = [:], catalog: ThemeCatalog? = nil) -> ConsoleSetup {
        let settings = ConsoleSettings.resolve(flags: flags, environment: env, homeDirectory: "/h", config: nil)
        let config = LoadedConfig(path: "/h/.config/lelu-console/config.toml", pathSource: .builtIn, file: nil)
        return ConsoleSetup.resolve(settings: settings, config: config, catalog: catalog ?? self.catalog(), homeDirectory: "/h")
    }

    @Test func noColorMeansMonochromeTerminalAndTheme() {
        let s = setup(env: ["NO_COLOR": "1"])
        #expect(s.monochrome)
        #expect(s.theme.name == "monochrome")
        #expect(setup(flags: ConsoleFlags(color: .never)).monochrome)
        let forced = setup(flags: ConsoleFlags(color: .always), env: ["NO_COLOR": "1"])
        #expect(!forced.monochrome && forced.theme == .default, "--color always beats NO_COLOR")
    }

    @Test("a theme chosen with no colour keeps its attributes; the terminal still gets no colour")
    func chosenThemeWithoutColour() {
        let s = setup(flags: ConsoleFlags(theme: "high-contrast", color: .never))
        #expect(s.monochrome && s.theme.name == "high-contrast")
    }

    @Test func brokenThemeFallsBackToDefaultWithFileAndLine() {
        let s = setup(flags: ConsoleFlags(theme: "mine"),
                      catalog: catalog(["/cfg/themes/mine.toml": "[roles]\n\nrow = { fg = \"purplish\" }\n"]))
        #expect(s.theme == .default)
        let warning = s.themeWarning ?? ""
        #expect(warning.contains("/cfg/themes/mine.toml:3: "))
        #expect(warning.contains("unknown colour \"purplish\""))
        #expect(warning.hasPrefix("theme error: /cfg/themes/mine.toml:3: "))
        #expect(warning.contains("(theme chosen by flag --theme)") && warning.hasSuffix("using the default theme"))
    }

    @Test func asciiFlagReachesTheTheme() {
        #expect(setup(flags: ConsoleFlags(ascii: true)).theme.ascii)
        #expect(!setup().theme.ascii)
    }

    @Test func themesListing() {
        let files = ["/cfg/themes/light.toml": "description = \"my light\"\n", "/cfg/themes/zz.toml": "[roles\n"]
        let catalog = ThemeCatalog(
            userDirectory: "/cfg/themes", readFile: { files[$0].map { Data($0.utf8) } },
            listDirectory: { _ in ["light.toml", "zz.toml"] })
        let lines = catalog.listing(current: Setting("light", .environment("LELU_THEME")))
        #expect(lines[0].hasPrefix("  default ") && lines[0].hasSuffix("[built in]"))
        #expect(lines[1].hasPrefix("* light ") && lines[1].contains("my light") && lines[1].hasSuffix("(replaces built in)]"))
        #expect(lines.contains { $0.hasPrefix("  zz ") && $0.contains("BROKEN: /cfg/themes/zz.toml:1: ") })
        #expect(lines.contains("current: light (environment LELU_THEME)"))
        #expect(lines.contains { $0.hasPrefix("roles: normal, header,") })
    }

    @Test("a named config file that cannot be read, or a broken one, says which file (and line)")
    func loadingTheConfigFile() throws {
        let files = ["/h/broken.toml": "interval = \"soon\"\n"]
        let read: (String) -> Data? = { files[$0].map { Data($0.utf8) } }
        #expect(throws: ConfigLoadError.unreadable(path: "/h/none.toml", source: .flag("--config"))) {
            try LoadedConfig.load(flag: "~/none.toml", environment: [:], homeDirectory: "/h", readFile: read)
        }
        do {
            _ = try LoadedConfig.load(flag: nil, environment: ["LELU_CONSOLE_CONFIG": "/h/broken.toml"], homeDirectory: "/h", readFile: read)
            Issue.record("a broken file loads")
        } catch {
            #expect(error.description.hasPrefix("/h/broken.toml:1: "))
        }
        let absent = try LoadedConfig.load(flag: nil, environment: [:], homeDirectory: "/nonexistent-home", readFile: read)
        #expect(absent.file == nil && absent.path == "/nonexistent-home/.config/lelu-console/config.toml")
    }
}
