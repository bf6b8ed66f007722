import Foundation
import ReviewModel

// MARK: - The config report

extension ConsoleSetup {
    /// The `config` report: the configuration file, the given connection rows, then one
    /// `name  value  (source)` line per console setting and per action's keys.
    ///
    /// - Parameter connection: `(name, value, source)` rows for the engine(s), written by the caller
    ///   that resolved the connection.
    package func report(connection: [(String, String, String)]) -> [String] {
        let configState = config.file == nil ? "not found" : "loaded"
        var rows = [("config file", "\(SafeText.line(config.path, limit: 300)) (\(configState))", "\(config.pathSource)")]
        rows += connection + settingRows() + keyRows()
        let width = rows.map { TextWidth.of($0.0) }.max() ?? 0
        return rows.map { name, value, source in
            TextWidth.pad(name, to: width) + "  " + value + (source.isEmpty ? "" : "  (\(source))")
        }
    }

    /// One row per setting, in the order a reader looks for them.
    private func settingRows() -> [(String, String, String)] {
        let s = settings
        func seconds(_ value: Double) -> String {
            value == value.rounded() ? "\(Int(value))s" : "\(value)s"
        }
        var theme = SafeText.line(s.theme.value, limit: 200)
        if let themeProblem {
            theme += " — broken, using default: \(themeProblem)"
        } else if self.theme.name != s.theme.value {
            theme += " → \(self.theme.name)"
        }
        var rows = [
            ("interval", seconds(s.interval.value), "\(s.interval.source)"),
            ("theme", theme, "\(s.theme.source)"),
            ("color", s.color.value.rawValue, "\(s.color.source)"),
            ("ascii", "\(s.ascii.value)", "\(s.ascii.source)"),
            ("undo window", seconds(s.undoWindow.value), "\(s.undoWindow.source)"),
            ("confirm", s.confirm.value.rawValue, "\(s.confirm.source)"),
            ("warn after", seconds(s.warnAfter.value), "\(s.warnAfter.source)"),
            ("critical after", seconds(s.criticalAfter.value), "\(s.criticalAfter.source)"),
            ("bell", "\(s.bell.value)", "\(s.bell.source)"),
            ("mouse", "\(s.mouse.value)", "\(s.mouse.source)"),
            ("max requests", "\(s.maxRequests.value)", "\(s.maxRequests.source)"),
            ("notify", "\(s.notify.value.rawValue)", "\(s.notify.source)"),
            ("require note", "\(s.requireNote.value.rawValue)", "\(s.requireNote.source)"),
            ("reasons", "\(s.reasons.value.count)", "\(s.reasons.source)"),
            ("log file", SafeText.line(s.logFile.value, limit: 300), "\(s.logFile.source)"),
            ("log level", s.logLevel.value.rawValue, "\(s.logLevel.source)"),
            ("journal", s.journal.value, "\(s.journal.source)"),
        ]
        if !s.tenants.isEmpty { rows.append(("tenants", s.tenants.joined(separator: ", "), "--tenant")) }
        return rows
    }

    /// One row per action: its keys and where they were bound.
    private func keyRows() -> [(String, String, String)] {
        Action.allCases.map { action in
            let keys = settings.keymap.keys(for: action).map(\.description).joined(separator: " ")
            return ("keys." + action.rawValue, keys.isEmpty ? "(unbound)" : keys, "\(settings.keySources[action] ?? .builtIn)")
        }
    }
}

// MARK: - The themes listing

extension ThemeCatalog {
    /// The `themes` listing for this run: the catalog of the configuration directory, with the theme
    /// `--theme`, `LELU_THEME` or the config file chose starred.
    package static func listing(
        themeFlag: String?, config: LoadedConfig, environment: [String: String], homeDirectory: String
    ) -> [String] {
        let settings = config.settings(flags: ConsoleFlags(theme: themeFlag), environment: environment, homeDirectory: homeDirectory)
        return live(environment: environment, homeDirectory: homeDirectory).listing(current: settings.theme)
    }

    /// The listing: one line per theme (current one starred), then where user themes go and the roles.
    func listing(current: Setting<String>) -> [String] {
        let entries = entries()
        let width = max(12, entries.map { TextWidth.of($0.name) }.max() ?? 0)
        var out: [String] = []
        for entry in entries {
            let star = entry.name == current.value ? "*" : " "
            let name = TextWidth.pad(SafeText.line(entry.name, limit: 40), to: width)
            out.append("\(star) \(name)  \(entry.summaryText)  [\(entry.originText)]")
        }
        if !entries.contains(where: { $0.name == current.value }) {
            out.append("* \(SafeText.line(current.value, limit: 200))  (a file)")
        }
        out.append("")
        out.append("current: \(SafeText.line(current.value, limit: 200)) (\(current.source))")
        if let userDirectory { out.append("user themes: \(SafeText.line(userDirectory, limit: 200))/NAME.toml") }
        out.append("roles: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        return out
    }
}

extension ThemeCatalog.Entry {
    /// Where the theme comes from, for the listing.
    fileprivate var originText: String {
        switch origin {
        case .shipped: "built in"
        case .user(let path, let overrides): SafeText.line(path, limit: 200) + (overrides ? " (replaces built in)" : "")
        case .file(let path): SafeText.line(path, limit: 200)
        }
    }

    /// The theme's description, or why it is broken.
    fileprivate var summaryText: String {
        switch summary {
        case .success(let text): SafeText.line(text, limit: 100)
        case .failure(let error): "BROKEN: \(error)"
        }
    }
}
