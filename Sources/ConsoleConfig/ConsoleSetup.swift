import Foundation
import ReviewModel

// MARK: - Configuration file

/// The configuration file that applies to this run, and whether it exists.
package struct LoadedConfig: Sendable {
    /// Where it is (or would be).
    package var path: String
    /// Why this path: `--config`, `LELU_CONSOLE_CONFIG`, or the XDG default.
    var pathSource: SettingSource
    /// The parsed file; nil when the (optional) default file does not exist.
    var file: ConfigFile?

    /// Finds, reads and checks the configuration file; a broken file, or a named one that cannot be
    /// read, is an error with the file (and line).
    package static func load(
        flag: String?, environment: [String: String], homeDirectory: String, readFile: (String) -> Data?
    ) throws(ConfigLoadError) -> LoadedConfig {
        let location = ConsoleSettings.configPath(flag: flag, environment: environment, homeDirectory: homeDirectory)
        guard let data = readFile(location.path) else {
            if location.required || FileManager.default.fileExists(atPath: location.path) {
                throw .unreadable(path: location.path, source: location.source)
            }
            return LoadedConfig(path: location.path, pathSource: location.source, file: nil)
        }
        do throws(FileError) {
            let file = try ConfigFile.parse(String(decoding: data, as: UTF8.self), path: location.path)
            return LoadedConfig(path: location.path, pathSource: location.source, file: file)
        } catch {
            throw .broken(error)
        }
    }

    /// The console settings of a command-line face from its flags, the environment and this file.
    package func settings(flags: ConsoleFlags, environment: [String: String], homeDirectory: String) -> ConsoleSettings {
        ConsoleSettings.resolve(flags: flags, environment: environment, homeDirectory: homeDirectory, config: file)
    }
}

/// Why the configuration file could not be used (a usage error for every command).
package enum ConfigLoadError: Error, Equatable, CustomStringConvertible {
    /// Named by `--config` or `LELU_CONSOLE_CONFIG` (or present) but unreadable.
    case unreadable(path: String, source: SettingSource)
    /// Read, but not valid: the file, the line and what is wrong.
    case broken(FileError)

    /// The message for stderr.
    package var description: String {
        switch self {
        case .unreadable(let path, let source):
            "cannot read the configuration file \(SafeText.line(path, limit: 300)) (\(source))"
        case .broken(let error):
            "\(error)"
        }
    }
}

// MARK: - Console setup

/// Everything the console needs besides the connection: settings, theme and colour decision.
package struct ConsoleSetup: Sendable {
    /// The resolved settings.
    package var settings: ConsoleSettings
    /// The configuration file used.
    package var config: LoadedConfig
    /// The theme to draw with (already monochrome / ASCII as asked).
    package var theme: Theme
    /// Set when the chosen theme could not be loaded and `default` is used instead.
    var themeProblem: String?
    /// Whether the terminal must not use colour at all.
    package var monochrome: Bool { settings.monochrome }

    /// The message for a theme that could not be loaded.
    package var themeWarning: String? {
        themeProblem.map { "theme error: \($0) (theme chosen by \(settings.theme.source)); using the default theme" }
    }

    /// Resolves the console's settings and theme from flags, the environment and the config file.
    package static func resolve(
        flags: ConsoleFlags, config: LoadedConfig, environment: [String: String], homeDirectory: String
    ) -> ConsoleSetup {
        let settings = config.settings(flags: flags, environment: environment, homeDirectory: homeDirectory)
        let catalog = ThemeCatalog.live(environment: environment, homeDirectory: homeDirectory)
        return resolve(settings: settings, config: config, catalog: catalog, homeDirectory: homeDirectory)
    }

    /// The theme decision, with the catalog injected (tests).
    static func resolve(
        settings: ConsoleSettings, config: LoadedConfig, catalog: ThemeCatalog, homeDirectory: String
    ) -> ConsoleSetup {
        var theme = Theme.default
        var problem: String?
        let requested = ConsoleSettings.expandTilde(settings.theme.value, home: homeDirectory)
        do throws(ThemeCatalog.LoadError) {
            (theme, _) = try catalog.load(requested)
        } catch {
            problem = "\(error)"
        }
        if settings.monochrome, settings.theme.source == .builtIn, let plain = ThemeCatalog.shipped("monochrome") {
            // No colour and no theme chosen: the theme designed for attributes only.
            theme = plain
        }
        theme.ascii = settings.ascii.value
        return ConsoleSetup(settings: settings, config: config, theme: theme, themeProblem: problem)
    }
}
