import Foundation
import Testing
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig
import TestSupport

// MARK: - config.toml

@Suite("Config: parsing")
struct ConfigFileTests {
    static let full = """
        # my console
        engine = "https://lelu.internal:8443"
        api_key_file = "/home/me/.lelu-key"
        reviewer = "alice"
        interval = 2.5
        theme = "colorblind"
        color = "never"
        ascii = true
        undo_window = "10s"
        confirm = "both"
        warn_after = "2m"
        critical_after = 600
        bell = true
        mouse = true
        log_file = "/tmp/lelu.log"
        log_level = "debug"

        [keys]
        approve = "y"
        deny = ["n", "C-d"]
        move-down = ["j", "Down", "Tab"]
        """

    @Test func everyKeyIsReadWithItsLine() throws {
        let config = try ConfigFile.parse(Self.full, path: "/c.toml")
        #expect(config.engine == .init(value: "https://lelu.internal:8443", line: 2))
        #expect(config.apiKeyFile?.value == "/home/me/.lelu-key")
        #expect(config.reviewer?.line == 4)
        #expect(config.interval == .init(value: 2.5, line: 5))
        #expect(config.theme?.value == "colorblind")
        #expect(config.color == .init(value: .never, line: 7))
        #expect(config.ascii?.value == true)
        #expect(config.undoWindow == .init(value: 10, line: 9))
        #expect(config.confirm?.value == .both)
        #expect(config.warnAfter?.value == 120)
        #expect(config.criticalAfter == .init(value: 600, line: 12))
        #expect(config.bell?.value == true && config.mouse?.value == true)
        #expect(config.logFile?.value == "/tmp/lelu.log")
        #expect(config.logLevel?.value == .debug)
        #expect(config.keys == [
            .init(action: .approve, keys: [.char("y")], line: 19),
            .init(action: .deny, keys: [.char("n"), .ctrl("d")], line: 20),
            .init(action: .moveDown, keys: [.char("j"), .down, .tab], line: 21),
        ])
    }

    @Test("mistakes are errors naming the file and line", arguments: [
        ("interval = 1\n[keys]\napprove = \"y\"\nfrobnicate = \"x\"\n", 4, "unknown action \"frobnicate\""),
        ("[keys]\n\napprove = \"Hyper-Q\"\n", 3, "unknown key \"Hyper-Q\" for approve"),
        ("[keys]\ndeny = [\"n\", 3]\n", 2, "keys must be strings"),
        ("[keys]\ndeny = []\n", 2, "at least one key"),
        ("engine = \"x\"\ninterval = \"soon\"\n", 2, "`interval` must be a number of seconds"),
        ("interval = 0.01\n", 1, "between 0.2 and 3600"),
        ("color = \"sometimes\"\n", 1, "`color` must be one of auto, always, never"),
        ("confirm = \"maybe\"\n", 1, "one of none, approve, deny, both"),
        ("bell = \"yes\"\n", 1, "`bell` must be true or false"),
        ("theme = 3\n", 1, "`theme` must be a string"),
        ("\n\nengine_url = \"x\"\n", 3, "unknown setting \"engine_url\""),
        ("warn_after = 300\ncritical_after = 60\n", 2, "later than `warn_after`"),
        ("engine = \"x\nreviewer = 1\n", 1, "not valid TOML"),
    ])
    func errors(text: String, line: Int, message: String) {
        #expect {
            _ = try ConfigFile.parse(text, path: "/home/me/.config/lelu-console/config.toml")
        } throws: { error in
            guard let error = error as? FileError else { return false }
            return error.line == line && error.message.contains(message)
                && error.description.hasPrefix("/home/me/.config/lelu-console/config.toml:\(line): ")
        }
    }

    @Test("config.toml takes reviewer_key_file with its line")
    func configKey() throws {
        let file = try ConfigFile.parse("engine = \"http://127.0.0.1:9\"\nreviewer_key_file = \"/k/r\"\n", path: "/c.toml")
        #expect(file.reviewerKeyFile?.value == "/k/r" && file.reviewerKeyFile?.line == 2)
    }

    @Test func keyNames() {
        #expect(Key(configName: "a") == .char("a"))
        #expect(Key(configName: "A") == .char("A"))
        #expect(Key(configName: "Space") == .char(" "))
        #expect(Key(configName: "ENTER") == .enter)
        #expect(Key(configName: "esc") == .escape)
        #expect(Key(configName: "S-Tab") == .backTab)
        #expect(Key(configName: "PgDn") == .pageDown)
        #expect(Key(configName: "f12") == .function(12))
        #expect(Key(configName: "C-u") == .ctrl("u"))
        #expect(Key(configName: "ctrl-x") == .ctrl("x"))
        #expect(Key(configName: "↓") == .down)
        #expect(Key(configName: "f13") == nil)
        #expect(Key(configName: "C-1") == nil)
        #expect(Key(configName: "\u{7}") == nil)
        #expect(Key(configName: "") == nil)
    }
}

// MARK: - Precedence

@Suite("Config: precedence")
struct PrecedenceTests {
    static let configText = """
        interval = 3
        theme = "light"
        color = "always"
        ascii = true
        log_level = "debug"
        log_file = "~/logs/c.log"
        warn_after = 30
        """

    /// One row of the table: which layers are present, and what must win.
    struct Row: Sendable, CustomTestStringConvertible {
        var flags: ConsoleFlags
        var env: [String: String]
        var config: Bool
        var theme: Setting<String>
        var color: Setting<ColorMode>
        var interval: Setting<Double>
        var testDescription: String { "flags=\(flags != ConsoleFlags()) env=\(env.keys.sorted()) config=\(config)" }
    }

    static let path = "/home/me/.config/lelu-console/config.toml"

    static let rows: [Row] = [
        // Defaults alone.
        Row(flags: ConsoleFlags(), env: [:], config: false,
            theme: Setting("default", .builtIn), color: Setting(.auto, .builtIn), interval: Setting(1, .builtIn)),
        // The config file beats defaults.
        Row(flags: ConsoleFlags(), env: [:], config: true,
            theme: Setting("light", .configFile(path: path, line: 2)), color: Setting(.always, .configFile(path: path, line: 3)),
            interval: Setting(3, .configFile(path: path, line: 1))),
        // The environment beats the config file.
        Row(flags: ConsoleFlags(), env: ["LELU_THEME": "ansi-16", "NO_COLOR": "1"], config: true,
            theme: Setting("ansi-16", .environment("LELU_THEME")), color: Setting(.never, .environment("NO_COLOR")),
            interval: Setting(3, .configFile(path: path, line: 1))),
        // Flags beat everything.
        Row(flags: ConsoleFlags(interval: 0.5, theme: "monochrome", color: .always), env: ["LELU_THEME": "ansi-16", "NO_COLOR": "1"],
            config: true,
            theme: Setting("monochrome", .flag("--theme")), color: Setting(.always, .flag("--color")),
            interval: Setting(0.5, .flag("--interval"))),
        // An empty NO_COLOR does not count (no-color.org).
        Row(flags: ConsoleFlags(), env: ["NO_COLOR": ""], config: false,
            theme: Setting("default", .builtIn), color: Setting(.auto, .builtIn), interval: Setting(1, .builtIn)),
    ]

    @Test(arguments: rows)
    func table(row: Row) throws {
        let config = row.config ? try ConfigFile.parse(Self.configText, path: Self.path) : nil
        let settings = ConsoleSettings.resolve(flags: row.flags, environment: row.env, homeDirectory: "/home/me", config: config)
        #expect(settings.theme == row.theme)
        #expect(settings.color == row.color)
        #expect(settings.interval == row.interval)
    }

    @Test func everyOtherSettingHasProvenance() throws {
        let config = try ConfigFile.parse(Self.configText, path: Self.path)
        let env = ["XDG_STATE_HOME": "/state"]
        let fromFile = ConsoleSettings.resolve(flags: ConsoleFlags(), environment: env, homeDirectory: "/home/me", config: config)
        #expect(fromFile.ascii == Setting(true, .configFile(path: Self.path, line: 4)))
        #expect(fromFile.logLevel == Setting(.debug, .configFile(path: Self.path, line: 5)))
        #expect(fromFile.logFile == Setting("/home/me/logs/c.log", .configFile(path: Self.path, line: 6)))
        #expect(fromFile.warnAfter == Setting(30, .configFile(path: Self.path, line: 7)))
        #expect(fromFile.criticalAfter == Setting(300, .builtIn))
        #expect(fromFile.undoWindow == Setting(3, .builtIn))
        #expect(fromFile.confirm == Setting(.none, .builtIn))
        #expect(fromFile.bell == Setting(false, .builtIn) && fromFile.mouse == Setting(false, .builtIn))
        let flagged = ConsoleSettings.resolve(
            flags: ConsoleFlags(ascii: true, logFile: "/x.log", logLevel: .error), environment: env,
            homeDirectory: "/home/me", config: config)
        #expect(flagged.ascii.source == .flag("--ascii"))
        #expect(flagged.logFile == Setting("/x.log", .flag("--log-file")))
        #expect(flagged.logLevel == Setting(.error, .flag("--log-level")))
        let bare = ConsoleSettings.resolve(flags: ConsoleFlags(), environment: env, homeDirectory: "/home/me", config: nil)
        #expect(bare.logFile == Setting("/state/lelu-console/console.log", .builtIn))
        let noXDG = ConsoleSettings.resolve(flags: ConsoleFlags(), environment: [:], homeDirectory: "/home/me", config: nil)
        #expect(noXDG.logFile.value == "/home/me/.local/state/lelu-console/console.log")
    }

    @Test func configFileLocation() {
        #expect(ConsoleSettings.configPath(flag: nil, environment: [:], homeDirectory: "/h")
            == ("/h/.config/lelu-console/config.toml", .builtIn, false))
        #expect(ConsoleSettings.configPath(flag: nil, environment: ["XDG_CONFIG_HOME": "/x"], homeDirectory: "/h").path
            == "/x/lelu-console/config.toml")
        #expect(ConsoleSettings.configPath(flag: nil, environment: ["XDG_CONFIG_HOME": "relative"], homeDirectory: "/h").path
            == "/h/.config/lelu-console/config.toml", "XDG paths must be absolute")
        #expect(ConsoleSettings.configPath(flag: nil, environment: ["LELU_CONSOLE_CONFIG": "/e.toml"], homeDirectory: "/h")
            == ("/e.toml", .environment("LELU_CONSOLE_CONFIG"), true))
        #expect(ConsoleSettings.configPath(flag: "~/f.toml", environment: ["LELU_CONSOLE_CONFIG": "/e.toml"], homeDirectory: "/h")
            == ("/h/f.toml", .flag("--config"), true))
    }

    // MARK: Connection values from the config file

    func environment(_ vars: [String: String], files: [String: String] = [:]) -> ConnectionEnvironment {
        ConnectionEnvironment(
            variables: vars, homeDirectory: "/home/me", hostName: "box.example",
            readFile: { files[$0].map { Data($0.utf8) } }, permissions: { _ in 0o600 }, isProcessAlive: { _ in true })
    }

    @Test("engine: flag > environment > config > discovery > default")
    func engineOrder() throws {
        let configured = Setting("https://from-config:1", SettingSource.configFile(path: Self.path, line: 2))
        let discovery = ["/home/me/.lelu/engine.json": #"{"url": "http://127.0.0.1:7000", "pid": 42}"#]
        func resolve(flag: String?, env: [String: String], config: Bool, discovered: Bool) throws -> ConnectionSettings {
            var request = ConnectionRequest(engine: flag)
            if config { request.configEngine = configured }
            return try ConnectionSettings.resolve(request, environment: environment(env, files: discovered ? discovery : [:]))
        }
        let env = ["LELU_BASE_URL": "https://from-env:2"]
        #expect(try resolve(flag: "https://flag:3", env: env, config: true, discovered: true).engineSource == .flag("--engine"))
        #expect(try resolve(flag: nil, env: env, config: true, discovered: true).engineSource == .environment("LELU_BASE_URL"))
        let fromConfig = try resolve(flag: nil, env: [:], config: true, discovered: true)
        #expect(fromConfig.engineSource == configured.source && fromConfig.engineDisplay == "https://from-config:1")
        #expect(try resolve(flag: nil, env: [:], config: false, discovered: true).engineSource
            == .discovery("/home/me/.lelu/engine.json"))
        #expect(try resolve(flag: nil, env: [:], config: false, discovered: false).engineSource == .builtIn)
    }

    @Test("API key: --api-key-file > LELU_API_KEY > config api_key_file; reviewer: flag > config > $USER")
    func keyAndReviewerOrder() throws {
        let files = ["/keys/flag": "flag-key\n", "/keys/config": "config-key\n"]
        var request = ConnectionRequest(engine: "https://e:1")
        request.configAPIKeyFile = Setting("/keys/config", .configFile(path: Self.path, line: 3))
        request.configReviewer = Setting("carol", .configFile(path: Self.path, line: 4))
        let viaConfig = try ConnectionSettings.resolve(request, environment: environment(["USER": "me"], files: files))
        #expect(viaConfig.apiKey == "config-key" && viaConfig.apiKeySource == .keyFile("/keys/config"))
        #expect(viaConfig.reviewer == "carol" && viaConfig.reviewerSource == .configFile(path: Self.path, line: 4))
        let viaEnv = try ConnectionSettings.resolve(request, environment: environment(["LELU_API_KEY": "env-key"], files: files))
        #expect(viaEnv.apiKey == "env-key")
        request.apiKeyFile = "/keys/flag"
        request.reviewer = "dave"
        let viaFlag = try ConnectionSettings.resolve(request, environment: environment(["LELU_API_KEY": "env-key"], files: files))
        #expect(viaFlag.apiKey == "flag-key" && viaFlag.reviewer == "dave")
        request.configAPIKeyFile = Setting("/keys/missing", .configFile(path: Self.path, line: 3))
        request.apiKeyFile = nil
        #expect(throws: ConnectionSettingsError.unreadableKeyFile(path: "/keys/missing")) {
            try ConnectionSettings.resolve(request, environment: environment([:], files: files))
        }
    }
}

// MARK: - Rebinding

@Suite("Config: key rebinding")
struct RebindingTests {
    func state(config text: String) throws -> ConsoleState {
        let config = try ConfigFile.parse(text, path: "/c.toml")
        let settings = ConsoleSettings.resolve(flags: ConsoleFlags(), environment: [:], homeDirectory: "/h", config: config)
        var state = polledState([request("r1"), request("r2", ageSeconds: 5)])
        settings.apply(to: &state)
        state.undoWindow = 0  // the rebinding, not the undo window, is under test
        return state
    }

    @Test("approve on y: y approves, a does nothing, help and footer show y")
    func rebindingChangesBehaviourAndHelp() throws {
        var state = try state(config: "[keys]\napprove = \"y\"\n")
        var other = state
        #expect(reduce(&other, .key(.char("a"))).isEmpty, "the old key no longer approves")
        let effects = reduce(&state, .key(.char("y")))
        #expect(effects.contains(.submit(id: "r1", decision: .approve, note: "")))
        let help = helpLines(state.keymap)
        #expect(help.contains { $0.keys == "y" && $0.text == Action.approve.help })
        #expect(!help.contains { $0.keys.split(separator: " ").contains("a") })
        var shown = try self.state(config: "[keys]\napprove = \"y\"\n")
        let footer = render(shown, size: shown.size, theme: .default).text(row: shown.size.height - 1)
        #expect(footer.contains("y approve"))
        #expect(!footer.contains("a approve"))
        _ = reduce(&shown, .key(.char("?")))
        let helpScreen = render(shown, size: shown.size, theme: .default).lines.joined(separator: "\n")
        #expect(helpScreen.contains("y") && helpScreen.contains(Action.approve.help))
    }

    @Test("a key taken from another action moves; a list binds several keys")
    func stealingAndLists() throws {
        var state = try state(config: "[keys]\nquit = [\"x\", \"F10\"]\nmove-down = [\"d\", \"n\"]\n")
        #expect(state.keymap.keys(for: .quit) == [.char("x"), .function(10)])
        #expect(state.keymap.keys(for: .deny) == [], "d moved to move-down")
        #expect(state.keymap.action(for: .char("q")) == nil)
        #expect(reduce(&state, .key(.char("d"))).isEmpty, "d no longer denies")
        #expect(state.table.cursorID == "r2", "d moved the cursor down")
        #expect(reduce(&state, .key(.function(10))).contains(.quit))
    }

    @Test func ageThresholdsAndIntervalReachTheState() throws {
        let state = try state(config: "interval = 4\nwarn_after = 20\ncritical_after = \"1m\"\n")
        #expect(state.pollInterval == 4 && state.warnAfter == 20 && state.criticalAfter == 60)
    }

    @Test("[keys] undo = \"U\", quit, switch-view and refresh rebound: every hint on screen names the new key")
    func hintsNameTheReboundKeys() throws {
        let config = "undo_window = 3\n[keys]\nundo = \"U\"\nquit = \"Q\"\nswitch-view = \"H\"\nrefresh = \"R\"\n"
        var state = try state(config: config)
        state.undoWindow = 3
        _ = reduce(&state, .key(.char("a")))
        #expect(state.status?.text == "approved issue_refund (r1) — sending in 3s, U to undo")
        let screen = render(state, size: state.size, theme: .default)
        let row = (0..<state.size.height).map { screen.text(row: $0) }.first { $0.contains("approve in 3s") }
        #expect(row?.contains("approve in 3s — U undoes") == true, "\(row ?? "no held row")")
        let footer = screen.text(row: state.size.height - 1)
        #expect(footer.contains("U undo") && footer.contains("Q quit"), "\(footer)")
        #expect(!footer.contains("u undo") && !footer.contains("q quit"))

        var quitting = state
        _ = reduce(&quitting, .key(.char("Q")))
        #expect(quitting.status?.text.contains("Q again quits now") == true, "\(quitting.status?.text ?? "")")

        _ = reduce(&state, .key(.char("H")))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("HISTORY (H: queue)"))
        _ = reduce(&state, .key(.char("/")))
        #expect(state.status?.text == "filter works in the queue — H switches back")

        var down = try self.state(config: config)
        _ = reduce(&down, .pollFailed(.unreachable(detail: "connection refused"), at: testNow))
        _ = reduce(&down, .pollSucceeded(PendingList(items: []), at: testNow))
        _ = reduce(&down, .pollFailed(.unreachable(detail: "connection refused"), at: testNow))
        let empty = render(down, size: down.size, theme: .default).lines.joined(separator: "\n")
        #expect(empty.contains("Retrying; R tries now."), "\(empty)")
    }

    @Test("the prompts' keys are actions too: rebinding send, cancel, clear and yes changes the prompts and their hints")
    func promptKeysRebind() throws {
        var state = try state(config: "[keys]\nsend = \"C-s\"\ncancel = \"C-g\"\nyes = \"o\"\n")
        _ = reduce(&state, .key(.char("A")))
        let footer = render(state, size: state.size, theme: .default).text(row: state.size.height - 1)
        #expect(footer.contains("C-s send") && footer.contains("C-g cancel"), "\(footer)")
        _ = reduce(&state, .key(.char("k")))
        #expect(reduce(&state, .key(.enter)).isEmpty, "Enter no longer sends")
        let sent = reduce(&state, .key(.ctrl("s")))
        #expect(sent.contains(.submit(id: "r1", decision: .approve, note: "k")))
        var asking = try self.state(config: "confirm = \"both\"\n[keys]\nyes = \"o\"\n")
        _ = reduce(&asking, .key(.char("d")))
        #expect(render(asking, size: asking.size, theme: .default).lines.joined().contains("? o/N"))
        #expect(!reduce(&asking, .key(.char("o"))).isEmpty, "o answers yes")
    }
}
