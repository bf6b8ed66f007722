import ArgumentParser
import Foundation
import ReviewModel
import LeluClient
import ConsoleConfig

// MARK: - themes

/// `lelu-console themes`: the shipped and user themes, and which one is in use.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the themes (shipped and your own) and the roles a theme can style.",
        discussion: """
            User themes are TOML files in $XDG_CONFIG_HOME/lelu-console/themes/ (default \
            ~/.config/lelu-console/themes/); a user theme named like a shipped one replaces it. \
            Choose one with --theme NAME|PATH, LELU_THEME or `theme = "NAME"` in config.toml.
            """)

    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default $XDG_CONFIG_HOME/lelu-console/config.toml).", valueName: "PATH"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Mark this theme as the current one.", valueName: "NAME|PATH"))
    var theme: String?

    func run() throws {
        let environment = ConnectionEnvironment.live
        let loaded = try LoadedConfig.load(flag: config, environment: environment)
        let lines = ThemeCatalog.listing(
            themeFlag: theme, config: loaded, environment: environment.variables,
            homeDirectory: environment.homeDirectory)
        for line in lines { Output.line(line) }
    }
}

// MARK: - config

extension ConfigCommand {
    /// Each engine's rows when the console watches several: `us.engine`, `us.api key`, … with their sources.
    static func engineRows(_ links: [EngineLink], kinds: [String: String]) -> [(String, String, String)] {
        var rows: [(String, String, String)] = [("engines", links.map(\.label).joined(separator: ", "), "[engines.NAME]")]
        for link in links {
            let name = link.label + "."
            rows += link.settings.reportRows(prefix: name, engineKind: kinds[link.label])
            if let interval = link.interval { rows.append((name + "interval", "\(interval.value)s", "\(interval.source)")) }
            if let max = link.maxRequests { rows.append((name + "max requests", "\(max.value)", "\(max.source)")) }
            rows += link.settings.warningRows()
        }
        return rows
    }

    /// Which API each engine speaks, by label, all asked at once.
    static func engineKinds(_ links: [EngineLink]) async -> [String: String] {
        await withTaskGroup(of: (String, String).self) { group in
            for link in links { group.addTask { (link.label, await engineKind(link.settings)) } }
            var kinds: [String: String] = [:]
            for await (label, kind) in group { kinds[label] = kind }
            return kinds
        }
    }

    /// Which API the engine speaks, asked for 2 s at most.
    static func engineKind(_ settings: ConnectionSettings) async -> String {
        let profile = await HTTPEngineClient.withClient(settings, requestTimeout: .seconds(2)) { client in await client.probe() }
        return profile.api == .unknown ? "unknown (the engine did not answer the probes)" : profile.description
    }
}

/// `lelu-console config`: every effective setting and where it came from.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration and where each value came from.",
        discussion: """
            Precedence: flags > environment > config file > discovery > defaults. The API key \
            and the reviewer key are never printed, only whether they are set and from where. \
            The engine is asked which API it speaks (2 s at most); --offline skips that.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var view: ViewOptions

    @Flag(name: .long, help: "Do not ask the engine which API it speaks.")
    var offline = false

    func run() async throws {
        let environment = ConnectionEnvironment.live
        let loaded = try LoadedConfig.load(flag: connection.config, environment: environment)
        let setup = ConsoleSetup.resolve(view: view, config: loaded, environment: environment)
        let resolved = try Self.connections(connection, config: loaded, environment: environment)
        if case .success(let links) = resolved, links.count > 1 {
            let kinds = offline ? [:] : await Self.engineKinds(links)
            for line in setup.report(connection: Self.engineRows(links, kinds: kinds)) { Output.line(line) }
            return
        }
        let one = resolved.map { $0[0].settings }
        var engineKind: String?
        if !offline, case .success(let settings) = one { engineKind = await Self.engineKind(settings) }
        for line in Self.lines(connection: one, setup: setup, engineKind: engineKind) { Output.line(line) }
        if case .failure(let error) = one {
            throw CommandFailure(status: .unauthorized, message: error.description)
        }
    }

    /// The engines the console would open on: with `[engines.NAME]` tables (or `--engines`), the
    /// links they make, one or several; without, the one engine's settings, or why they cannot be
    /// had (a row of the report, not a failure of the command).
    static func connections(
        _ options: ConnectionOptions, config: LoadedConfig, environment: ConnectionEnvironment
    ) throws(CommandFailure) -> Result<[EngineLink], ConnectionSettingsError> {
        if options.engines != nil || !config.engineTables.isEmpty {
            // The report lists each engine's warnings as rows; nothing goes to stderr.
            return .success(try options.resolvedLinks(config: config, environment: environment))
        }
        do throws(ConnectionSettingsError) {
            let settings = try ConnectionSettings.resolve(options.connectionRequest(config.connection), environment: environment)
            return .success([EngineLink(label: "", settings: settings)])
        } catch {
            return .failure(error)
        }
    }

    /// The report of one engine: its connection (or why it has none), then one
    /// `name  value  (source)` line per setting and the keys.
    static func lines(
        connection: Result<ConnectionSettings, ConnectionSettingsError>, setup: ConsoleSetup, engineKind: String? = nil
    ) -> [String] {
        switch connection {
        case .success(let settings):
            setup.report(connection: settings.reportRows(prefix: "", engineKind: engineKind) + settings.warningRows())
        case .failure(let error):
            setup.report(connection: [("engine", "error: \(error)", "")])
        }
    }
}
