import Foundation
import ReviewModel

// MARK: - Flags

/// What the command line said about the console (nil: not given).
package struct ConsoleFlags: Equatable, Sendable {
    /// `--interval`.
    var interval: Double?
    /// `--theme NAME|PATH`.
    var theme: String?
    /// `--color`.
    var color: ColorMode?
    /// `--ascii` (a flag: only `true` counts as given).
    var ascii: Bool
    /// `--log-file`.
    var logFile: String?
    /// `--log-level`.
    var logLevel: LogLevelName?
    /// `--undo-window`.
    var undoWindow: Double?
    /// `--confirm`.
    var confirm: ConfirmPolicy?
    /// `--warn-after`.
    var warnAfter: Double?
    /// `--critical-after`.
    var criticalAfter: Double?
    /// `--bell` (only `true` counts as given).
    var bell = false
    /// `--mouse` (only `true` counts as given).
    var mouse = false
    /// `--max-requests`.
    var maxRequests: Int?
    /// `--tenant`, repeatable.
    var tenants: [String] = []
    /// `--journal`.
    var journal: String?
    /// `--notify`.
    var notify: NotifyMethod?

    /// Creates flags; every one optional.
    package init(
        interval: Double? = nil, theme: String? = nil, color: ColorMode? = nil, ascii: Bool = false,
        logFile: String? = nil, logLevel: LogLevelName? = nil, undoWindow: Double? = nil, confirm: ConfirmPolicy? = nil,
        warnAfter: Double? = nil, criticalAfter: Double? = nil, bell: Bool = false, mouse: Bool = false,
        maxRequests: Int? = nil, tenants: [String] = [], journal: String? = nil, notify: NotifyMethod? = nil
    ) {
        self.interval = interval
        self.theme = theme
        self.color = color
        self.ascii = ascii
        self.logFile = logFile
        self.logLevel = logLevel
        self.undoWindow = undoWindow
        self.confirm = confirm
        self.warnAfter = warnAfter
        self.criticalAfter = criticalAfter
        self.bell = bell
        self.mouse = mouse
        self.maxRequests = maxRequests
        self.tenants = tenants
        self.journal = journal
        self.notify = notify
    }
}

// MARK: - ConsoleSettings

/// Every console setting resolved, each with where it came from.
///
/// Precedence, per value: flags > environment > config file > defaults (discovery only
/// concerns the connection: see ``ConnectionSettings``). Environment variables:
/// `LELU_THEME` (theme), `NO_COLOR` (non-empty: `color = never`), `XDG_CONFIG_HOME`,
/// `XDG_STATE_HOME` (where files are).
package struct ConsoleSettings: Equatable, Sendable {
    /// Seconds between polls.
    var interval: Setting<Double>
    /// A theme name or path.
    var theme: Setting<String>
    /// When to use colour.
    var color: Setting<ColorMode>
    /// Draw with ASCII only.
    var ascii: Setting<Bool>
    /// How long an undo stays possible, seconds.
    var undoWindow: Setting<Double>
    /// When decisions ask for confirmation.
    var confirm: Setting<ConfirmPolicy>
    /// Ages past this are a warning, seconds.
    var warnAfter: Setting<Double>
    /// Ages past this are critical, seconds.
    var criticalAfter: Setting<Double>
    /// Ring the terminal bell when a request arrives.
    var bell: Setting<Bool>
    /// Accept mouse clicks and the wheel.
    package var mouse: Setting<Bool>
    /// The most requests held; past it the oldest are kept.
    package var maxRequests: Setting<Int>
    /// Where the log goes.
    package var logFile: Setting<String>
    /// The least severe level logged.
    package var logLevel: Setting<LogLevelName>
    /// Only these tenants are shown (flags only).
    var tenants: [String] = []
    /// The decision journal's path.
    package var journal: Setting<String>
    /// How to ask for attention when requests arrive in the background (`auto` until started).
    var notify: Setting<NotifyMethod>
    /// The note editor's canned reasons.
    var reasons: Setting<[String]>
    /// Which decisions need a note.
    var requireNote: Setting<NoteRequirement>
    /// The keymap after `[keys]`.
    var keymap: Keymap
    /// Where each rebound action's keys came from (actions not listed keep the defaults).
    var keySources: [Action: SettingSource]

    // MARK: - Resolution

    /// Resolves the settings: flags > environment > config file > defaults.
    static func resolve(
        flags: ConsoleFlags, environment env: [String: String], homeDirectory: String, config: ConfigFile?
    ) -> ConsoleSettings {
        let config = config ?? ConfigFile(path: "")
        func pick<T>(_ flag: T?, _ flagName: String, _ entry: ConfigFile.Entry<T>?, _ fallback: T) -> Setting<T> {
            if let flag { return Setting(flag, .flag(flagName)) }
            return config.setting(entry) ?? Setting(fallback, .builtIn)
        }

        var theme = pick(flags.theme, "--theme", config.theme, "default")
        if flags.theme == nil, let value = nonEmpty(env["LELU_THEME"]) { theme = Setting(value, .environment("LELU_THEME")) }

        var color = pick(flags.color, "--color", config.color, .auto)
        if flags.color == nil, nonEmpty(env["NO_COLOR"]) != nil { color = Setting(.never, .environment("NO_COLOR")) }

        let defaultLog = (stateDirectory(environment: env, homeDirectory: homeDirectory) as NSString)
            .appendingPathComponent("console.log")

        var keymap = Keymap.standard
        var keySources: [Action: SettingSource] = [:]
        for binding in config.keys {
            keymap = keymap.rebinding(binding.action, to: binding.keys)
            keySources[binding.action] = config.source(line: binding.line)
        }

        return ConsoleSettings(
            interval: pick(flags.interval, "--interval", config.interval, ConsoleDefaults.interval),
            theme: theme,
            color: color,
            ascii: pick(flags.ascii ? true : nil, "--ascii", config.ascii, false),
            undoWindow: pick(flags.undoWindow, "--undo-window", config.undoWindow, ConsoleDefaults.undoWindow),
            confirm: pick(flags.confirm, "--confirm", config.confirm, ConsoleDefaults.confirm),
            warnAfter: pick(flags.warnAfter, "--warn-after", config.warnAfter, ConsoleDefaults.warnAfter),
            criticalAfter: pick(flags.criticalAfter, "--critical-after", config.criticalAfter, ConsoleDefaults.criticalAfter),
            bell: pick(flags.bell ? true : nil, "--bell", config.bell, false),
            mouse: pick(flags.mouse ? true : nil, "--mouse", config.mouse, false),
            maxRequests: pick(flags.maxRequests, "--max-requests", config.maxRequests, ConsoleDefaults.maxRequests),
            logFile: pick(flags.logFile, "--log-file", config.logFile.map { .init(value: expandTilde($0.value, home: homeDirectory), line: $0.line) }, defaultLog),
            logLevel: pick(flags.logLevel, "--log-level", config.logLevel, .info),
            tenants: flags.tenants,
            journal: flags.journal.map { Setting($0, .flag("--journal")) }
                ?? Setting((stateDirectory(environment: env, homeDirectory: homeDirectory) as NSString)
                    .appendingPathComponent("decisions.jsonl"), .builtIn),
            notify: pick(flags.notify, "--notify", config.notify, .auto),
            reasons: pick(nil, "", config.reasons, []),
            requireNote: pick(nil, "", config.requireNote, .none),
            keymap: keymap,
            keySources: keySources)
    }

    /// The preferences the console state takes, with notifications sent by `notify` (and
    /// `--resend-held`, a flag of the console alone).
    package func preferences(notify: NotifyMethod, resendHeld: Bool = false) -> ReviewPreferences {
        ReviewPreferences(
            pollInterval: interval.value, warnAfter: warnAfter.value, criticalAfter: criticalAfter.value,
            keymap: keymap, undoWindow: undoWindow.value, confirm: confirm.value, bell: bell.value,
            tenants: Set(tenants), maxRequests: maxRequests.value, reasons: reasons.value,
            requireNote: requireNote.value, notify: notify, resendHeld: resendHeld)
    }

    /// The notification method to use in an environment: `auto` resolved to what the terminal is known to show.
    package func notifyMethod(environment: [String: String]) -> NotifyMethod {
        notify.value == .auto ? NotifyMethod.detect(environment: environment) : notify.value
    }

    /// Whether the console draws without colour: `never`, or `auto` … `NO_COLOR` is already folded into `never`.
    var monochrome: Bool { color.value == .never }

    // MARK: - Locations

    /// `$XDG_CONFIG_HOME/lelu-console` (default `~/.config/lelu-console`).
    static func configDirectory(environment env: [String: String], homeDirectory: String) -> String {
        let base = nonEmpty(env["XDG_CONFIG_HOME"]).flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (homeDirectory as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("lelu-console")
    }

    /// `$XDG_STATE_HOME/lelu-console` (default `~/.local/state/lelu-console`).
    static func stateDirectory(environment env: [String: String], homeDirectory: String) -> String {
        let base = nonEmpty(env["XDG_STATE_HOME"]).flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (homeDirectory as NSString).appendingPathComponent(".local/state")
        return (base as NSString).appendingPathComponent("lelu-console")
    }

    /// Which configuration file to read: `--config`, else `LELU_CONSOLE_CONFIG`, else the XDG
    /// location; `required` is false only for the XDG default, which may be missing.
    static func configPath(
        flag: String?, environment env: [String: String], homeDirectory: String
    ) -> (path: String, source: SettingSource, required: Bool) {
        if let flag = nonEmpty(flag) { return (expandTilde(flag, home: homeDirectory), .flag("--config"), true) }
        if let value = nonEmpty(env["LELU_CONSOLE_CONFIG"]) {
            return (expandTilde(value, home: homeDirectory), .environment("LELU_CONSOLE_CONFIG"), true)
        }
        let path = (configDirectory(environment: env, homeDirectory: homeDirectory) as NSString)
            .appendingPathComponent("config.toml")
        return (path, .builtIn, false)
    }

    /// `~/x` → `$HOME/x`.
    static func expandTilde(_ path: String, home: String) -> String {
        path == "~" ? home : path.hasPrefix("~/") ? (home as NSString).appendingPathComponent(String(path.dropFirst(2))) : path
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}
