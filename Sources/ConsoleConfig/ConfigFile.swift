import Foundation
import ReviewModel
import TOMLKit

// MARK: - Value types


/// `--color`: when to use colour.
package enum ColorMode: String, CaseIterable, Equatable, Sendable {
    /// Colour when the terminal has it (terminfo) and `NO_COLOR` is not set.
    case auto
    /// Colour when the terminal has it, even with `NO_COLOR` set.
    case always
    /// No colour at all: attributes only.
    case never
}

/// The log levels `--log-level` and `log_level` accept (swift-log's).
package enum LogLevelName: String, CaseIterable, Equatable, Sendable {
    case trace, debug, info, notice, warning, error, critical
}

// MARK: - ConfigFile

/// `config.toml`, parsed and checked: each value with its line.
///
/// Keys: `engine`, `api_key_file`, `reviewer`, `reviewer_key_file`, `interval`, `theme`, `color`, `ascii`,
/// `undo_window`, `confirm`, `warn_after`, `critical_after`, `bell`, `mouse`, `max_requests`, `log_file`,
/// `log_level`, `notify`, `reasons`, `require_note`, a `[keys]` table mapping action names to a key or a list of keys,
/// and `[engines.NAME]` tables, one per engine when the console watches several (``EngineTable``).
/// Durations are seconds, or strings like `"90s"`, `"5m"`, `"1h"`. Any unknown key, action or
/// key name, and any value of the wrong kind, is an error naming the line.
struct ConfigFile: Equatable, Sendable {
    /// A value and the line it is on.
    struct Entry<Value: Equatable & Sendable>: Equatable, Sendable {
        /// The value.
        var value: Value
        /// Its 1-based line.
        var line: Int
    }

    /// One `[keys]` entry.
    struct Binding: Equatable, Sendable {
        /// The action rebound.
        var action: Action
        /// Its keys, replacing the defaults.
        var keys: [Key]
        /// Its line.
        var line: Int
    }

    /// Where the file is.
    var path: String
    var engine: Entry<String>?
    var apiKeyFile: Entry<String>?
    var reviewer: Entry<String>?
    /// The file holding the reviewer credential (`X-Lelu-Reviewer-Key`), never the key itself.
    var reviewerKeyFile: Entry<String>?
    var interval: Entry<Double>?
    var theme: Entry<String>?
    var color: Entry<ColorMode>?
    var ascii: Entry<Bool>?
    var undoWindow: Entry<Double>?
    var confirm: Entry<ConfirmPolicy>?
    var warnAfter: Entry<Double>?
    var criticalAfter: Entry<Double>?
    var bell: Entry<Bool>?
    var mouse: Entry<Bool>?
    /// `max_requests`.
    var maxRequests: Entry<Int>?
    var logFile: Entry<String>?
    var logLevel: Entry<LogLevelName>?
    /// `notify`: how to ask for attention when requests arrive in the background.
    var notify: Entry<NotifyMethod>?
    /// `reasons`: the note editor's canned reasons.
    var reasons: Entry<[String]>?
    /// `require_note`: which decisions need a note.
    var requireNote: Entry<NoteRequirement>?
    /// `[keys]`, in file order.
    var keys: [Binding] = []
    /// `[engines.NAME]`, in file order.
    var engines: [EngineTable] = []

    /// An empty configuration (no file).
    init(path: String) {
        self.path = path
    }

    /// The source of a value on a line of this file.
    func source(line: Int) -> SettingSource { .configFile(path: path, line: line) }

    /// Every top-level key the file may have.
    static let knownKeys = [
        "engine", "api_key_file", "reviewer", "reviewer_key_file", "interval", "theme", "color", "ascii", "undo_window",
        "confirm", "warn_after", "critical_after", "bell", "mouse", "max_requests", "log_file", "log_level", "notify",
        "reasons", "require_note", "keys", "engines",
    ]

    // MARK: - Parsing

    /// Parses and checks a configuration file.
    static func parse(_ text: String, path: String) throws(FileError) -> ConfigFile {
        let source = try TOMLSource(text: text, path: path)
        var config = ConfigFile(path: path)
        let root = source.root
        // File order, so the first mistake reported is the first in the file.
        let keys = root.keys.sorted { (source.line(of: $0) ?? source.tableLine($0) ?? 0) < (source.line(of: $1) ?? source.tableLine($1) ?? 0) }
        for key in keys {
            guard let value = root[key] else { continue }
            let field = Field(key: key, value: value, line: source.line(of: key) ?? source.tableLine(key) ?? 0, path: path)
            try config.set(field, source: source)
        }
        if let warn = config.warnAfter, let critical = config.criticalAfter, critical.value <= warn.value {
            throw FileError(path: path, line: critical.line, message: "`critical_after` must be later than `warn_after`")
        }
        return config
    }

    /// Sets one top-level setting from the file, checking its type and range.
    private mutating func set(_ field: Field, source: TOMLSource) throws(FileError) {
        switch field.key {
        case "engine": engine = try field.string()
        case "api_key_file": apiKeyFile = try field.string()
        case "reviewer": reviewer = try field.string()
        case "reviewer_key_file": reviewerKeyFile = try field.string()
        case "interval": interval = try field.seconds(minimum: 0.2, maximum: 3600)
        case "theme": theme = try field.string()
        case "color", "colour": color = try field.choice(ColorMode.self)
        case "ascii": ascii = try field.bool()
        case "undo_window": undoWindow = try field.seconds(minimum: 0, maximum: 600)
        case "confirm": confirm = try field.choice(ConfirmPolicy.self)
        case "warn_after": warnAfter = try field.seconds(minimum: 1, maximum: 86_400)
        case "critical_after": criticalAfter = try field.seconds(minimum: 1, maximum: 86_400)
        case "bell": bell = try field.bool()
        case "mouse": mouse = try field.bool()
        case "max_requests": maxRequests = try field.integer(minimum: 1, maximum: 1_000_000)
        case "log_file": logFile = try field.string()
        case "log_level": logLevel = try field.choice(LogLevelName.self)
        case "notify": notify = try field.choice(NotifyMethod.self)
        case "reasons": reasons = try field.reasons()
        case "require_note": requireNote = try field.choice(NoteRequirement.self)
        case "engines": engines = try Self.parseEngines(field, source: source)
        case "keys":
            guard let table = field.value.table else { throw field.fail("`keys` must be a table: [keys]") }
            keys = try Self.parseKeys(table, source: source)
        default:
            throw field.fail("unknown setting \"\(field.key)\"; settings are: \(Self.knownKeys.joined(separator: ", "))")
        }
    }

    /// One top-level setting as written, with the readers that check its type.
    struct Field {
        /// The setting's name.
        let key: String
        /// Its value.
        let value: any TOMLValueConvertible
        /// Its line in the file.
        let line: Int
        /// The file.
        let path: String

        /// An error at this setting's line.
        func fail(_ message: String) -> FileError { FileError(path: path, line: line, message: message) }

        /// A string value.
        func string() throws(FileError) -> Entry<String> {
            guard let text = value.string else { throw fail("`\(key)` must be a string, not \(value.typeName)") }
            return Entry(value: text, line: line)
        }

        /// A boolean value.
        func bool() throws(FileError) -> Entry<Bool> {
            guard let flag = value.bool else { throw fail("`\(key)` must be true or false, not \(value.typeName)") }
            return Entry(value: flag, line: line)
        }

        /// A whole number within a range.
        func integer(minimum: Int, maximum: Int) throws(FileError) -> Entry<Int> {
            guard let number = value.int else { throw fail("`\(key)` must be a whole number, not \(value.typeName)") }
            guard number >= minimum, number <= maximum else {
                throw fail("`\(key)` must be between \(minimum) and \(maximum)")
            }
            return Entry(value: number, line: line)
        }

        /// Seconds, as a number or a duration like "90s", within a range.
        func seconds(minimum: Double, maximum: Double) throws(FileError) -> Entry<Double> {
            let parsed = value.number ?? value.string.flatMap(ConfigFile.parseDuration)
            guard let seconds = parsed else {
                throw fail("`\(key)` must be a number of seconds or a duration like \"90s\", \"5m\"")
            }
            guard seconds.isFinite, seconds >= minimum, seconds <= maximum else {
                throw fail("`\(key)` must be between \(ConfigFile.format(minimum)) and \(ConfigFile.format(maximum)) seconds")
            }
            return Entry(value: seconds, line: line)
        }

        /// The canned reasons: a list of up to 20 one-line strings of at most 200 characters.
        func reasons() throws(FileError) -> Entry<[String]> {
            guard let list = value.array else { throw fail("`\(key)` must be a list of strings, not \(value.typeName)") }
            var reasons: [String] = []
            for element in list {
                guard let text = element.string else { throw fail("`\(key)`: reasons must be strings, not \(element.typeName)") }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, trimmed.count <= 200, SafeText.isSafe(trimmed), !trimmed.contains("\n") else {
                    throw fail("`\(key)`: each reason is one line of 1 to 200 printable characters")
                }
                reasons.append(trimmed)
            }
            guard reasons.count <= 20 else { throw fail("`\(key)`: at most 20 reasons") }
            return Entry(value: reasons, line: line)
        }

        /// One of an enumeration's raw values, case-insensitively.
        func choice<T: RawRepresentable<String> & CaseIterable>(_: T.Type) throws(FileError) -> Entry<T> {
            let text = try string().value
            guard let chosen = T(rawValue: text.lowercased()) else {
                throw fail("`\(key)` must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return Entry(value: chosen, line: line)
        }
    }

    /// `[keys]`: action name = key or list of keys.
    private static func parseKeys(_ table: TOMLTable, source: TOMLSource) throws(FileError) -> [Binding] {
        var out: [Binding] = []
        for name in table.keys {
            guard let value = table[name] else { continue }
            let line = source.line(of: name, in: "keys") ?? source.tableLine("keys") ?? 0
            func fail(_ message: String) -> FileError { FileError(path: source.path, line: line, message: message) }
            guard let action = Action(rawValue: name) else {
                throw fail("unknown action \"\(name)\" in [keys]; actions are: \(Action.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var names: [String] = []
            if let one = value.string {
                names = [one]
            } else if let list = value.array {
                for element in list {
                    guard let text = element.string else { throw fail("\(name): keys must be strings, not \(element.typeName)") }
                    names.append(text)
                }
            } else {
                throw fail("\(name) must be a key or a list of keys, like \"y\" or [\"y\", \"Enter\"]")
            }
            guard !names.isEmpty else { throw fail("\(name): give at least one key") }
            var keys: [Key] = []
            for keyName in names {
                guard let key = Key(configName: keyName) else {
                    throw fail(
                        "unknown key \"\(SafeText.line(keyName, limit: 40))\" for \(name); use one character, "
                            + "Enter, Esc, Space, Tab, S-Tab, Backspace, Delete, Up, Down, Left, Right, "
                            + "PgUp, PgDn, Home, End, F1–F12 or C-x")
                }
                keys.append(key)
            }
            out.append(Binding(action: action, keys: keys, line: line))
        }
        return out.sorted { $0.line < $1.line }
    }

    /// `"90s"`, `"5m"`, `"1h"`, `"1.5"` as seconds.
    static func parseDuration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            if let n = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) { return n * scale }
        }
        return Double(trimmed)
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
