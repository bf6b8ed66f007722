import ReviewModel
import TOMLKit

// MARK: - [engines.NAME]

/// One `[engines.NAME]` table of config.toml: an engine the console watches beside others.
struct EngineTable: Equatable, Sendable {
    /// NAME: the short label the table's engine column shows.
    var label: String
    /// The table header's line.
    var line: Int
    /// `url`: the engine's base URL.
    var url: ConfigFile.Entry<String>?
    /// `api_key_file`: the file holding its API key.
    var apiKeyFile: ConfigFile.Entry<String>?
    /// `api_key_env`: the environment variable holding its API key.
    var apiKeyEnv: ConfigFile.Entry<String>?
    /// `reviewer_key_file`: the file holding its reviewer credential.
    var reviewerKeyFile: ConfigFile.Entry<String>?
    /// `reviewer`: who decides on it (default: the top-level reviewer).
    var reviewer: ConfigFile.Entry<String>?
    /// `interval`: seconds between its polls.
    var interval: ConfigFile.Entry<Double>?
    /// `max_requests`: the most of its rows held.
    var maxRequests: ConfigFile.Entry<Int>?

    /// The keys an engine table may have.
    static let knownKeys = ["url", "api_key_file", "api_key_env", "reviewer_key_file", "reviewer", "interval", "max_requests"]
}

extension ConfigFile {
    /// `[engines]`: one table per engine, NAME a label of 1–16 of `a-z 0-9 - _`, each with a `url`.
    static func parseEngines(_ field: Field, source: TOMLSource) throws(FileError) -> [EngineTable] {
        guard let table = field.value.table else { throw field.fail("`engines` must be tables: [engines.NAME]") }
        var engines: [EngineTable] = []
        for label in table.keys {
            let path = "engines.\(label)"
            let line = source.tableLine(path) ?? field.line
            guard RowKey.isValidLabel(label) else {
                throw FileError(path: source.path, line: line,
                                message: "[engines.\(label)]: a name is 1 to 16 of a-z, 0-9, - and _ (like us or eu-prod)")
            }
            guard let values = table[label]?.table else {
                throw FileError(path: source.path, line: line, message: "`engines.\(label)` must be a table: [engines.\(label)]")
            }
            engines.append(try parseEngine(label, values, line: line, source: source))
        }
        return engines.sorted { $0.line < $1.line }
    }

    /// One engine's table.
    private static func parseEngine(_ label: String, _ values: TOMLTable, line: Int, source: TOMLSource) throws(FileError) -> EngineTable {
        var engine = EngineTable(label: label, line: line)
        let path = "engines.\(label)"
        for key in values.keys {
            guard let value = values[key] else { continue }
            let field = Field(key: key, value: value, line: source.line(of: key, in: path) ?? line, path: source.path)
            switch key {
            case "url": engine.url = try field.string()
            case "api_key_file": engine.apiKeyFile = try field.string()
            case "api_key_env": engine.apiKeyEnv = try field.string()
            case "reviewer_key_file": engine.reviewerKeyFile = try field.string()
            case "reviewer": engine.reviewer = try field.string()
            case "interval": engine.interval = try field.seconds(minimum: 0.2, maximum: 3600)
            case "max_requests": engine.maxRequests = try field.integer(minimum: 1, maximum: 1_000_000)
            default:
                throw field.fail("unknown key `\(key)` in [\(path)]; keys are: \(EngineTable.knownKeys.joined(separator: ", "))")
            }
        }
        guard engine.url != nil else { throw FileError(path: source.path, line: line, message: "[\(path)] needs a `url`") }
        if engine.apiKeyFile != nil, engine.apiKeyEnv != nil {
            throw FileError(path: source.path, line: engine.apiKeyEnv?.line ?? line,
                            message: "[\(path)]: give `api_key_file` or `api_key_env`, not both")
        }
        return engine
    }
}

// MARK: - An engine's connection values

/// What the configuration file says about one engine's connection, each value with the file and
/// line that set it: the top level (one engine, label "") or one `[engines.NAME]` table, where
/// the top-level `reviewer` stands in for a table without its own.
package struct ConfiguredEngine: Equatable, Sendable {
    /// NAME, or "" for the top level.
    package var label = ""
    /// `engine` (top level) or `url` (a table).
    package var url: Setting<String>?
    /// `api_key_file`.
    package var apiKeyFile: Setting<String>?
    /// `api_key_env` (tables only): the variable holding this engine's API key.
    package var apiKeyVariable: String?
    /// `reviewer`.
    package var reviewer: Setting<String>?
    /// `reviewer_key_file`.
    package var reviewerKeyFile: Setting<String>?
    /// `interval` of a table: seconds between this engine's polls.
    package var interval: Setting<Double>?
    /// `max_requests` of a table.
    package var maxRequests: Setting<Int>?
}

extension LoadedConfig {
    /// The top level's connection values (none without a file).
    package var connection: ConfiguredEngine {
        guard let file else { return ConfiguredEngine() }
        return ConfiguredEngine(
            url: file.setting(file.engine), apiKeyFile: file.setting(file.apiKeyFile), reviewer: file.setting(file.reviewer),
            reviewerKeyFile: file.setting(file.reviewerKeyFile))
    }

    /// Each `[engines.NAME]` table's connection values, in the file's order.
    package var engineTables: [ConfiguredEngine] {
        guard let file else { return [] }
        return file.engines.map { table in
            ConfiguredEngine(
                label: table.label, url: file.setting(table.url), apiKeyFile: file.setting(table.apiKeyFile),
                apiKeyVariable: table.apiKeyEnv?.value, reviewer: file.setting(table.reviewer) ?? file.setting(file.reviewer),
                reviewerKeyFile: file.setting(table.reviewerKeyFile), interval: file.setting(table.interval),
                maxRequests: file.setting(table.maxRequests))
        }
    }
}

extension ConfigFile {
    /// An entry of this file as a setting from its line.
    func setting<Value>(_ entry: Entry<Value>?) -> Setting<Value>? {
        entry.map { Setting($0.value, source(line: $0.line)) }
    }
}
