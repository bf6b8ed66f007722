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
        let settings = ConsoleSettings.resolve(
            flags: ConsoleFlags(theme: theme), environment: environment.variables,
            homeDirectory: environment.homeDirectory, config: loaded.file)
        let configDirectory = ConsoleSettings.configDirectory(
            environment: environment.variables, homeDirectory: environment.homeDirectory)
        for line in Self.lines(catalog: .live(configDirectory: configDirectory), current: settings.theme) {
            Output.line(line)
        }
    }

    /// The listing: one line per theme (current one starred), then where user themes go and the roles.
    static func lines(catalog: ThemeCatalog, current: Setting<String>) -> [String] {
        let entries = catalog.entries()
        let width = max(12, entries.map { TextWidth.of($0.name) }.max() ?? 0)
        var out: [String] = []
        for entry in entries {
            let star = entry.name == current.value ? "*" : " "
            let origin: String
            switch entry.origin {
            case .shipped: origin = "built in"
            case .user(let path, let overrides): origin = SafeText.line(path, limit: 200) + (overrides ? " (replaces built in)" : "")
            case .file(let path): origin = SafeText.line(path, limit: 200)
            }
            let summary: String
            switch entry.summary {
            case .success(let text): summary = SafeText.line(text, limit: 100)
            case .failure(let error): summary = "BROKEN: \(error)"
            }
            out.append("\(star) \(TextWidth.pad(SafeText.line(entry.name, limit: 40), to: width))  \(summary)  [\(origin)]")
        }
        if !entries.contains(where: { $0.name == current.value }) {
            out.append("* \(SafeText.line(current.value, limit: 200))  (a file)")
        }
        out.append("")
        out.append("current: \(SafeText.line(current.value, limit: 200)) (\(current.source))")
        if let directory = catalog.userDirectory { out.append("user themes: \(SafeText.line(directory, limit: 200))/NAME.toml") }
        out.append("roles: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        return out
    }
}

// MARK: - config

extension ConfigCommand {
    /// Each engine's rows when the console watches several: `us.engine`, `us.api key`, … with their sources.
    static func engineRows(_ links: [EngineLink], kinds: [String: String], config: ConfigFile?) -> [(String, String, String)] {
        var rows: [(String, String, String)] = [("engines", links.map(\.label).joined(separator: ", "), "[engines.NAME]")]
        for link in links {
            let settings = link.settings
            let table = config?.engines.first { $0.label == link.label }
            let source = { (line: Int?) in line.map { "config \(SafeText.line(config?.path ?? "", limit: 200)):\($0)" } ?? "default" }
            let name = link.label + "."
            rows.append((name + "engine", settings.engineDisplay, "\(settings.engineSource)"))
            if let kind = kinds[link.label] { rows.append((name + "engine api", kind, "probed")) }
            rows.append((name + "api key", settings.apiKey == nil ? "not set" : "set (from \(settings.apiKeySource))", ""))
            rows.append((name + "reviewer", SafeText.line(settings.reviewer, limit: 120), "\(settings.reviewerSource)"))
            rows.append((name + "reviewer key",
                         settings.reviewerKey == nil ? "not set" : "set (from \(settings.reviewerKeySource))", ""))
            if let interval = table?.interval { rows.append((name + "interval", "\(interval.value)s", source(interval.line))) }
            if let max = table?.maxRequests { rows.append((name + "max requests", "\(max.value)", source(max.line))) }
            for warning in settings.warnings { rows.append(("", SafeText.line(warning, limit: 300), "")) }
        }
        return rows
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
        // Several engines only when config.toml has them (or --engines picks): other mistakes are the rows' to show.
        let several = connection.engines != nil || (loaded.file?.engines.count ?? 0) > 1
        if several, case let links = try connection.links(config: loaded, environment: environment), links.count > 1 {
            let setup = ConsoleSetup.resolve(view: view, config: loaded, environment: environment)
            var kinds: [String: String] = [:]
            if !offline {
                for link in links {
                    let configuration = link.settings.clientConfiguration(requestTimeout: .seconds(2))
                    let profile = await HTTPEngineClient.withClient(configuration) { client in await client.probe() }
                    kinds[link.label] = profile.api == .unknown ? "unknown (the engine did not answer the probes)" : profile.description
                }
            }
            let engines = Self.engineRows(links, kinds: kinds, config: loaded.file)
            for line in Self.lines(connection: .success(links[0].settings), setup: setup, engines: engines) { Output.line(line) }
            return
        }
        let resolved: Result<ConnectionSettings, ConnectionSettingsError>
        do throws(ConnectionSettingsError) {
            resolved = .success(try ConnectionSettings.resolve(connection.connectionRequest(config: loaded.file), environment: environment))
        } catch {
            resolved = .failure(error)
        }
        let setup = ConsoleSetup.resolve(view: view, config: loaded, environment: environment)
        var engineKind: String?
        if !offline, case .success(let settings) = resolved {
            let configuration = settings.clientConfiguration(requestTimeout: .seconds(2))
            let profile = await HTTPEngineClient.withClient(configuration) { client in await client.probe() }
            engineKind = profile.api == .unknown ? "unknown (the engine did not answer the probes)" : profile.description
        }
        for line in Self.lines(connection: resolved, setup: setup, engineKind: engineKind) { Output.line(line) }
        if case .failure(let error) = resolved {
            throw CommandFailure(status: .unauthorized, message: error.description)
        }
    }

    /// The report: one `name  value  (source)` line per setting, then the keys.
    static func lines(
        connection: Result<ConnectionSettings, ConnectionSettingsError>, setup: ConsoleSetup, engineKind: String? = nil,
        engines: [(String, String, String)]? = nil
    ) -> [String] {
        var rows: [(String, String, String)] = []
        let config = setup.config
        let configState = config.file == nil ? "not found" : "loaded"
        rows.append(("config file", "\(SafeText.line(config.path, limit: 300)) (\(configState))", "\(config.pathSource)"))
        switch connection {
        case .success where engines != nil:
            rows += engines ?? []
        case .success(let settings):
            rows.append(("engine", settings.engineDisplay, "\(settings.engineSource)"))
            if let engineKind { rows.append(("engine api", engineKind, "probed")) }
            rows.append(("api key", settings.apiKey == nil ? "not set" : "set (from \(settings.apiKeySource))", ""))
            rows.append(("reviewer", SafeText.line(settings.reviewer, limit: 120), "\(settings.reviewerSource)"))
            rows.append((
                "reviewer key", settings.reviewerKey == nil ? "not set" : "set (from \(settings.reviewerKeySource))", ""))
            for warning in settings.warnings { rows.append(("", SafeText.line(warning, limit: 300), "")) }
        case .failure(let error):
            rows.append(("engine", "error: \(error)", ""))
        }
        let s = setup.settings
        func seconds(_ value: Double) -> String {
            value == value.rounded() ? "\(Int(value))s" : "\(value)s"
        }
        var theme = SafeText.line(s.theme.value, limit: 200)
        if let problem = setup.themeProblem {
            theme += " — broken, using default: \(problem)"
        } else if setup.theme.name != s.theme.value {
            theme += " → \(setup.theme.name)"
        }
        rows.append(("interval", seconds(s.interval.value), "\(s.interval.source)"))
        rows.append(("theme", theme, "\(s.theme.source)"))
        rows.append(("color", s.color.value.rawValue, "\(s.color.source)"))
        rows.append(("ascii", "\(s.ascii.value)", "\(s.ascii.source)"))
        rows.append(("undo window", seconds(s.undoWindow.value), "\(s.undoWindow.source)"))
        rows.append(("confirm", s.confirm.value.rawValue, "\(s.confirm.source)"))
        rows.append(("warn after", seconds(s.warnAfter.value), "\(s.warnAfter.source)"))
        rows.append(("critical after", seconds(s.criticalAfter.value), "\(s.criticalAfter.source)"))
        rows.append(("bell", "\(s.bell.value)", "\(s.bell.source)"))
        rows.append(("mouse", "\(s.mouse.value)", "\(s.mouse.source)"))
        rows.append(("max requests", "\(s.maxRequests.value)", "\(s.maxRequests.source)"))
        rows.append(("notify", "\(s.notify.value.rawValue)", "\(s.notify.source)"))
        rows.append(("require note", "\(s.requireNote.value.rawValue)", "\(s.requireNote.source)"))
        rows.append(("reasons", "\(s.reasons.value.count)", "\(s.reasons.source)"))
        rows.append(("log file", SafeText.line(s.logFile.value, limit: 300), "\(s.logFile.source)"))
        rows.append(("log level", s.logLevel.value.rawValue, "\(s.logLevel.source)"))
        rows.append(("journal", s.journal.value, "\(s.journal.source)"))
        if !s.tenants.isEmpty { rows.append(("tenants", s.tenants.joined(separator: ", "), "--tenant")) }
        for action in Action.allCases {
            let keys = s.keymap.keys(for: action).map(\.description).joined(separator: " ")
            rows.append(("keys." + action.rawValue, keys.isEmpty ? "(unbound)" : keys, "\(s.keySources[action] ?? .builtIn)"))
        }
        let width = rows.map { TextWidth.of($0.0) }.max() ?? 0
        return rows.map { name, value, source in
            let line = TextWidth.pad(name, to: width) + "  " + value + (source.isEmpty ? "" : "  (\(source))")
            return line
        }
    }
}
