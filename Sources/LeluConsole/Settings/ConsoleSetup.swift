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

extension LoadedConfig {
    /// Finds, reads and checks the configuration file; a broken or missing-but-named file is a
    /// usage error (exit 2) with the file and line.
    static func load(flag: String?, environment: ConnectionEnvironment) throws(CommandFailure) -> LoadedConfig {
        do throws(ConfigLoadError) {
            return try load(
                flag: flag, environment: environment.variables, homeDirectory: environment.homeDirectory,
                readFile: environment.readFile)
        } catch {
            throw CommandFailure(status: .usage, message: "\(error)")
        }
    }
}

// MARK: - Console setup

extension ConsoleSetup {
    /// Resolves the console's settings and theme from these flags, the environment and the config file.
    static func resolve(view: ViewOptions, config: LoadedConfig, environment: ConnectionEnvironment) -> ConsoleSetup {
        resolve(flags: view.flags, config: config, environment: environment.variables,
                homeDirectory: environment.homeDirectory)
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
