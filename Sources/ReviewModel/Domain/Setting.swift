import Foundation

// MARK: - Setting

/// A value with where it came from.
package struct Setting<Value: Equatable & Sendable>: Equatable, Sendable {
    /// The value.
    package var value: Value
    /// Its provenance, for `lelu-console config`.
    package var source: SettingSource

    /// Creates a setting.
    package init(_ value: Value, _ source: SettingSource) {
        self.value = value
        self.source = source
    }
}

// MARK: - Sources

/// Where one setting came from.
package enum SettingSource: Equatable, Sendable, CustomStringConvertible {
    /// A command-line flag, e.g. `--engine`.
    case flag(String)
    /// An environment variable, e.g. `LELU_BASE_URL`.
    case environment(String)
    /// A file of the zero-config discovery directory, e.g. `/home/me/.lelu/engine.json`.
    case discovery(String)
    /// A key file (`--api-key-file`, `--reviewer-key-file`, or one named in the configuration file).
    case keyFile(String)
    /// A line of the configuration file (`config.toml`).
    case configFile(path: String, line: Int)
    /// The built-in default.
    case builtIn
    /// Not set at all.
    case none

    /// "flag --engine", "environment LELU_BASE_URL", ….
    package var description: String {
        switch self {
        case .flag(let name): "flag \(name)"
        case .environment(let name): "environment \(name)"
        case .discovery(let path): "discovered in \(SafeText.line(path, limit: 200))"
        case .keyFile(let path): "file \(SafeText.line(path, limit: 200))"
        case .configFile(let path, let line): "config \(SafeText.line(path, limit: 200)):\(line)"
        case .builtIn: "default"
        case .none: "not set"
        }
    }
}
