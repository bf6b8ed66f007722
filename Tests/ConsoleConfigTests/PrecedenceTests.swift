import Foundation
import Testing
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig
import TestSupport

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
