import ArgumentParser
import Foundation
import ReviewModel
import LeluClient
import ConsoleConfig

// MARK: - Argument conformances

extension ColorMode: ExpressibleByArgument {}
extension LogLevelName: ExpressibleByArgument {}
extension ConfirmPolicy: ExpressibleByArgument {}
extension NotifyMethod: ExpressibleByArgument {}

// MARK: - Configuration file

/// The configuration file that applies to this run, and whether it exists.
struct LoadedConfig {
    /// Where it is (or would be).
    var path: String
    /// Why this path: `--config`, `LELU_CONSOLE_CONFIG`, or the XDG default.
    var pathSource: SettingSource
    /// The parsed file; nil when the (optional) default file does not exist.
    var file: ConfigFile?

    /// Finds, reads and checks the configuration file; a broken or missing-but-named file is a
    /// usage error (exit 2) with the file and line.
    static func load(flag: String?, environment: ConnectionEnvironment) throws(CommandFailure) -> LoadedConfig {
        let location = ConsoleSettings.configPath(
            flag: flag, environment: environment.variables, homeDirectory: environment.homeDirectory)
        guard let data = environment.readFile(location.path) else {
            if location.required || FileManager.default.fileExists(atPath: location.path) {
                throw CommandFailure(
                    status: .usage,
                    message: "cannot read the configuration file \(SafeText.line(location.path, limit: 300)) (\(location.source))")
            }
            return LoadedConfig(path: location.path, pathSource: location.source, file: nil)
        }
        do throws(FileError) {
            let file = try ConfigFile.parse(String(decoding: data, as: UTF8.self), path: location.path)
            return LoadedConfig(path: location.path, pathSource: location.source, file: file)
        } catch {
            throw CommandFailure(status: .usage, message: "\(error)")
        }
    }
}

// MARK: - Console setup

/// Everything the console needs besides the connection: settings, theme and colour decision.
struct ConsoleSetup {
    /// The resolved settings.
    var settings: ConsoleSettings
    /// The configuration file used.
    var config: LoadedConfig
    /// The theme to draw with (already monochrome / ASCII as asked).
    var theme: Theme
    /// Where the theme came from.
    var themeOrigin: ThemeCatalog.Origin
    /// Set when the chosen theme could not be loaded and `default` is used instead.
    var themeProblem: String?

    /// The message for a theme that could not be loaded.
    var themeWarning: String? {
        themeProblem.map { "theme error: \($0) (theme chosen by \(settings.theme.source)); using the default theme" }
    }
    /// Whether the terminal must not use colour at all.
    var monochrome: Bool

    /// Resolves the console's settings and theme from flags, the environment and the config file.
    static func resolve(
        view: ViewOptions, config: LoadedConfig, environment: ConnectionEnvironment
    ) -> ConsoleSetup {
        let settings = ConsoleSettings.resolve(
            flags: view.flags, environment: environment.variables, homeDirectory: environment.homeDirectory,
            config: config.file)
        let catalog = ThemeCatalog.live(
            configDirectory: ConsoleSettings.configDirectory(
                environment: environment.variables, homeDirectory: environment.homeDirectory))
        return resolve(settings: settings, config: config, catalog: catalog, homeDirectory: environment.homeDirectory)
    }

    /// The theme decision, with the catalog injected (tests).
    static func resolve(
        settings: ConsoleSettings, config: LoadedConfig, catalog: ThemeCatalog, homeDirectory: String
    ) -> ConsoleSetup {
        var theme = Theme.default
        var origin = ThemeCatalog.Origin.shipped
        var problem: String?
        let requested = ConsoleSettings.expandTilde(settings.theme.value, home: homeDirectory)
        do throws(ThemeCatalog.LoadError) {
            (theme, origin) = try catalog.load(requested)
        } catch {
            problem = "\(error)"
        }
        let monochrome = settings.monochrome
        if monochrome, settings.theme.source == .builtIn, let plain = ThemeCatalog.shipped("monochrome") {
            // No colour and no theme chosen: the theme designed for attributes only.
            theme = plain
        }
        theme.ascii = settings.ascii.value
        return ConsoleSetup(
            settings: settings, config: config, theme: theme, themeOrigin: origin, themeProblem: problem,
            monochrome: monochrome)
    }
}

extension ViewOptions {
    /// These flags as the model's ``ConsoleFlags``.
    var flags: ConsoleFlags {
        ConsoleFlags(
            interval: interval, theme: theme, color: color, ascii: ascii, logFile: logFile, logLevel: logLevel,
            undoWindow: undoWindow, confirm: confirm, warnAfter: warnAfter, criticalAfter: criticalAfter, bell: bell,
            mouse: mouse, maxRequests: maxRequests, tenants: tenant, journal: journal, notify: notify)
    }
}
