import Foundation
import Testing
@testable import LeluConsole
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig

// MARK: - Colour degradation of every shipped theme

@Suite("Themes on real terminals: colour degradation")
struct ThemeDegradationTests {
    static let capabilities = [
        ColorCapability(colors: 256, defaultColors: true),
        ColorCapability(colors: 16, defaultColors: true),
        ColorCapability(colors: 8, defaultColors: true),
        ColorCapability(colors: 8, defaultColors: false),
    ]

    static var themes: [Theme] { ThemeCatalog.shippedNames.compactMap(ThemeCatalog.shipped) }

    @Test("every role of every shipped theme stays within the palette and readable",
          arguments: ThemeCatalog.shippedNames, capabilities)
    func readable(name: String, capability: ColorCapability) throws {
        let theme = try #require(ThemeCatalog.shipped(name))
        for role in Role.allCases {
            let resolved = ColorMapping.resolve(theme.style(role), for: capability)
            #expect((-1..<capability.colors).contains(resolved.fg), "\(name).\(role) fg \(resolved.fg)")
            #expect((-1..<capability.colors).contains(resolved.bg), "\(name).\(role) bg \(resolved.bg)")
            if resolved.fg >= 0 || resolved.bg >= 0 {
                #expect(resolved.fg != resolved.bg, "\(name).\(role) would be invisible (\(resolved.fg) on \(resolved.bg))")
            }
        }
    }

    @Test("8 colours: backgrounds stay, bright text turns bold, grey turns dim, blue/orange stay off green/red")
    func eightColourFallback() throws {
        let eight = ColorCapability(colors: 8, defaultColors: true)
        let header = ColorMapping.resolve(Theme.default.style(.header), for: eight)
        #expect(header.bg > 0 && header.fg == 7 && header.bold)  // a coloured bar; bright white → white + bold
        let selected = ColorMapping.resolve(Theme.default.style(.rowSelected), for: eight)
        #expect(selected.bg >= 0 && selected.fg != selected.bg && selected.bold, "the selection stays visible")
        let border = ColorMapping.resolve(Theme.default.style(.border), for: eight)
        #expect(border.fg == 7 && border.dim)  // bright black must not vanish as black
        let blind = try #require(ThemeCatalog.shipped("colorblind"))
        let high = ColorMapping.resolve(blind.style(.confidenceHigh), for: eight)
        #expect([4, 6].contains(high.fg), "sky blue lands on blue or cyan, not green (got \(high.fg))")
        let low = ColorMapping.resolve(blind.style(.confidenceLow), for: eight)
        #expect(low.fg == 3, "orange lands on yellow, not red")
    }

    @Test("no colour (--color never, NO_COLOR): every theme resolves to attributes only", arguments: ThemeCatalog.shippedNames)
    func monochromeHasNoColour(name: String) throws {
        let theme = try #require(ThemeCatalog.shipped(name))
        for role in Role.allCases {
            let resolved = ColorMapping.resolve(theme.style(role), for: .monochrome)
            #expect(resolved.fg == -1 && resolved.bg == -1, "\(name).\(role)")
        }
        // Highlights stay visible without colour.
        #expect(ColorMapping.resolve(theme.style(.rowSelected), for: .monochrome).reverse
            || ColorMapping.resolve(theme.style(.rowSelected), for: .monochrome).bold)
    }
}

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
}

// MARK: - Reports

@Suite("config and themes commands")
struct SettingsReportTests {
    @Test("config shows every value with its source, and the API key only as set (from …)")
    func configReport() throws {
        let path = "/h/.config/lelu-console/config.toml"
        let file = try ConfigFile.parse("interval = 2\n[keys]\napprove = \"y\"\n", path: path)
        let settings = ConsoleSettings.resolve(flags: ConsoleFlags(color: .never), environment: [:], homeDirectory: "/h", config: file)
        let config = LoadedConfig(path: path, pathSource: .builtIn, file: file)
        let setup = ConsoleSetup.resolve(
            settings: settings, config: config,
            catalog: ThemeCatalog(userDirectory: nil, readFile: { _ in nil }, listDirectory: { _ in [] }), homeDirectory: "/h")
        let connection = ConnectionSettings(
            engineURL: try #require(URL(string: "https://lelu.internal:8443")), engineSource: .environment("LELU_BASE_URL"),
            apiKey: "lelu_secret_do_not_print", apiKeySource: .environment("LELU_API_KEY"),
            reviewer: "alice", reviewerSource: .flag("--reviewer"))
        let lines = ConfigCommand.lines(connection: .success(connection), setup: setup)
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("lelu_secret_do_not_print"))
        func line(_ name: String) -> String { lines.first { $0.hasPrefix(name + " ") } ?? "" }
        #expect(line("api key").hasSuffix("set (from environment LELU_API_KEY)"))
        #expect(line("engine").contains("https://lelu.internal:8443") && line("engine").hasSuffix("(environment LELU_BASE_URL)"))
        #expect(line("interval").contains("2s") && line("interval").hasSuffix("(config \(path):1)"))
        #expect(line("color").contains("never") && line("color").hasSuffix("(flag --color)"))
        #expect(line("confirm").contains("none") && line("confirm").hasSuffix("(default)"))
        #expect(line("keys.approve").contains(" y ") && line("keys.approve").hasSuffix("(config \(path):3)"))
        #expect(line("keys.deny").hasSuffix("(default)"))
        for name in ["undo window", "warn after", "critical after", "bell", "mouse", "log file", "log level", "theme", "ascii"] {
            #expect(!line(name).isEmpty, "\(name) is reported")
        }
    }

    @Test func themesListing() {
        let files = ["/cfg/themes/light.toml": "description = \"my light\"\n", "/cfg/themes/zz.toml": "[roles\n"]
        let catalog = ThemeCatalog(
            userDirectory: "/cfg/themes", readFile: { files[$0].map { Data($0.utf8) } },
            listDirectory: { _ in ["light.toml", "zz.toml"] })
        let lines = ThemesCommand.lines(catalog: catalog, current: Setting("light", .environment("LELU_THEME")))
        #expect(lines[0].hasPrefix("  default ") && lines[0].hasSuffix("[built in]"))
        #expect(lines[1].hasPrefix("* light ") && lines[1].contains("my light") && lines[1].hasSuffix("(replaces built in)]"))
        #expect(lines.contains { $0.hasPrefix("  zz ") && $0.contains("BROKEN: /cfg/themes/zz.toml:1: ") })
        #expect(lines.contains("current: light (environment LELU_THEME)"))
        #expect(lines.contains { $0.hasPrefix("roles: normal, header,") })
    }
}
