import Foundation
import ReviewModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - ConnectionSettings

/// Where the engine is, which key to send and who the reviewer is — and where each came from.
///
/// Resolution is a pure function of ``ConnectionRequest`` (the command-line flags) and
/// ``ConnectionEnvironment`` (environment variables, home directory, file access, process
/// liveness), so every rule is testable without touching the real machine.
///
/// Order, per value: flags (`--engine`, `--api-key-file`, `--reviewer`) > environment
/// (`LELU_BASE_URL`, then `LELU_ENGINE_URL`; `LELU_API_KEY`; `USER`) > zero-config discovery
/// (`$LELU_HOME` or `~/.lelu`: `engine.json` trusted only while its `pid` is alive, plus
/// `engine.key`) > `http://localhost:8080`.
///
/// The key is never part of ``description`` or any message.
package struct ConnectionSettings: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The engine's base URL (may carry a path prefix).
    package var engineURL: URL
    /// Where ``engineURL`` came from.
    var engineSource: SettingSource
    /// The API key, or nil to send none.
    var apiKey: String?
    /// Where ``apiKey`` came from (`.none` when there is no key).
    var apiKeySource: SettingSource
    /// The reviewer credential sent as `X-Lelu-Reviewer-Key` on approve and deny, or nil.
    package var reviewerKey: String?
    /// Where ``reviewerKey`` came from (`.none` when there is none).
    var reviewerKeySource: SettingSource = .none
    /// The name sent as `resolved_by`.
    package var reviewer: String
    /// Where ``reviewer`` came from.
    var reviewerSource: SettingSource
    /// Things the user should know but that do not stop the command (e.g. a readable key file).
    package var warnings: [String]

    /// The engine URL as shown in messages (no credentials, no trailing slash).
    package var engineDisplay: String { Self.display(engineURL) }

    /// A multi-line summary for a `config` command; shows where the key came from, never the key.
    package var description: String {
        [
            "engine:   \(engineDisplay)  (\(engineSource))",
            "api key:  \(apiKey == nil ? "none" : "set")  (\(apiKeySource))",
            "reviewer: \(SafeText.line(reviewer, limit: 120))  (\(reviewerSource))",
            "reviewer key: \(reviewerKey == nil ? "none" : "set")  (\(reviewerKeySource))",
        ].joined(separator: "\n")
    }

    /// The same as ``description``: debug output must not show the key either.
    package var debugDescription: String { description }

    /// The `config` report's rows for this engine, each `(name, value, source)` with `prefix` before
    /// the name (`us.` when there are several engines); the keys only as set or not, and from where.
    package func reportRows(prefix: String, engineKind: String?) -> [(String, String, String)] {
        var rows = [(prefix + "engine", engineDisplay, "\(engineSource)")]
        if let engineKind { rows.append((prefix + "engine api", engineKind, "probed")) }
        rows.append((prefix + "api key", apiKey == nil ? "not set" : "set (from \(apiKeySource))", ""))
        rows.append((prefix + "reviewer", SafeText.line(reviewer, limit: 120), "\(reviewerSource)"))
        rows.append((prefix + "reviewer key", reviewerKey == nil ? "not set" : "set (from \(reviewerKeySource))", ""))
        return rows
    }

    /// The warnings as report rows without a name.
    package func warningRows() -> [(String, String, String)] {
        warnings.map { ("", SafeText.line($0, limit: 300), "") }
    }

    /// Creates settings directly (tests, the demo).
    init(
        engineURL: URL, engineSource: SettingSource, apiKey: String? = nil,
        apiKeySource: SettingSource = .none, reviewer: String, reviewerSource: SettingSource,
        warnings: [String] = []
    ) {
        self.engineURL = engineURL
        self.engineSource = engineSource
        self.apiKey = apiKey
        self.apiKeySource = apiKeySource
        self.reviewer = reviewer
        self.reviewerSource = reviewerSource
        self.warnings = warnings
    }

    /// A client configuration for these settings.
    func clientConfiguration(requestTimeout: Duration = .seconds(10)) -> HTTPEngineClient.Configuration {
        HTTPEngineClient.Configuration(
            baseURL: engineURL, apiKey: apiKey, reviewerKey: reviewerKey, requestTimeout: requestTimeout)
    }

    /// The default engine when nothing else says where it is.
    static let defaultEngine = "http://localhost:8080"

    /// A URL as shown to people: user-info removed, no trailing slash, control characters cleaned.
    static func display(_ url: URL) -> String {
        var text = url.absoluteString
        if var parts = URLComponents(url: url, resolvingAgainstBaseURL: false),
           parts.user != nil || parts.password != nil
        {
            parts.user = nil
            parts.password = nil
            text = parts.string ?? text
        }
        while text.hasSuffix("/") { text.removeLast() }
        return SafeText.line(text, limit: 200)
    }
}

// MARK: - Inputs

/// What the command line said about the connection.
package struct ConnectionRequest: Equatable, Sendable {
    /// `--engine URL`.
    var engine: String?
    /// `--api-key-file PATH`.
    var apiKeyFile: String?
    /// `--reviewer NAME`.
    var reviewer: String?
    /// `--reviewer-key-file PATH`.
    var reviewerKeyFile: String?
    /// `--allow-insecure-http`: permit a key over plain HTTP to a non-loopback host.
    var allowInsecureHTTP: Bool
    /// `engine` from the configuration file: below the environment, above discovery.
    var configEngine: Setting<String>?
    /// `api_key_file` from the configuration file: below `LELU_API_KEY`, above discovery.
    var configAPIKeyFile: Setting<String>?
    /// `reviewer` from the configuration file: below `--reviewer`, above `$USER@host`.
    var configReviewer: Setting<String>?
    /// `reviewer_key_file` from the configuration file: below `LELU_REVIEWER_KEY`.
    var configReviewerKeyFile: Setting<String>?
    /// The environment variable holding the API key (`api_key_env` of `[engines.NAME]`; default `LELU_API_KEY`).
    var apiKeyVariable: String

    /// Creates a request: the flags, then what the configuration file says (every one optional).
    package init(
        engine: String? = nil, apiKeyFile: String? = nil, reviewer: String? = nil, reviewerKeyFile: String? = nil,
        allowInsecureHTTP: Bool = false, configEngine: Setting<String>? = nil, configAPIKeyFile: Setting<String>? = nil,
        configReviewer: Setting<String>? = nil, configReviewerKeyFile: Setting<String>? = nil,
        apiKeyVariable: String = "LELU_API_KEY"
    ) {
        self.engine = engine
        self.apiKeyFile = apiKeyFile
        self.reviewer = reviewer
        self.reviewerKeyFile = reviewerKeyFile
        self.allowInsecureHTTP = allowInsecureHTTP
        self.configEngine = configEngine
        self.configAPIKeyFile = configAPIKeyFile
        self.configReviewer = configReviewer
        self.configReviewerKeyFile = configReviewerKeyFile
        self.apiKeyVariable = apiKeyVariable
    }
}

/// The machine as settings resolution sees it; ``live`` is the real one, tests inject their own.
package struct ConnectionEnvironment: Sendable {
    /// Environment variables.
    package var variables: [String: String]
    /// The user's home directory (for `~/.lelu`).
    package var homeDirectory: String
    /// The host name (for the default reviewer `$USER@host`).
    var hostName: String
    /// Reads a whole file; nil when it does not exist or cannot be read.
    package var readFile: @Sendable (String) -> Data?

    /// Whether `LELU_BASE_URL` or `LELU_ENGINE_URL` names an engine (by the rule ``ConnectionSettings/resolve(_:environment:)`` uses).
    package var namesAnEngine: Bool {
        ["LELU_BASE_URL", "LELU_ENGINE_URL"].contains { ConnectionSettings.nonEmpty(variables[$0]) != nil }
    }
    /// A file's permission bits (`st_mode & 0o777`); nil when unknown.
    var permissions: @Sendable (String) -> UInt16?
    /// Whether a process is alive (`kill(pid, 0)`; `EPERM` counts as alive).
    var isProcessAlive: @Sendable (Int32) -> Bool

    /// Creates an environment from parts.
    init(
        variables: [String: String], homeDirectory: String, hostName: String,
        readFile: @escaping @Sendable (String) -> Data?,
        permissions: @escaping @Sendable (String) -> UInt16?,
        isProcessAlive: @escaping @Sendable (Int32) -> Bool
    ) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.hostName = hostName
        self.readFile = readFile
        self.permissions = permissions
        self.isProcessAlive = isProcessAlive
    }

    /// The real process environment, file system and process table.
    package static var live: ConnectionEnvironment {
        ConnectionEnvironment(
            variables: ProcessInfo.processInfo.environment,
            // $HOME first, as every Unix tool and `Journal.defaultPath` read it; the account's home otherwise.
            homeDirectory: ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? FileManager.default.homeDirectoryForCurrentUser.path,
            hostName: ProcessInfo.processInfo.hostName,
            readFile: { path in FileManager.default.contents(atPath: path) },
            permissions: { path in
                var info = stat()
                guard stat(path, &info) == 0 else { return nil }
                return UInt16(info.st_mode & 0o777)
            },
            isProcessAlive: processIsAlive
        )
    }

    /// `kill(pid, 0)`: alive unless it fails with `ESRCH`; `EPERM` (someone else's process) is alive.
    static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) == 0 { return true }
        return errno == EPERM
    }
}

// MARK: - Errors

/// Why the settings cannot be used; each message names the fix.
package enum ConnectionSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The engine URL is not an absolute `http`/`https` URL with a host.
    case invalidURL(String, source: SettingSource)
    /// A key would be sent in clear text to a host that is not this machine.
    case insecureKey(engine: String, source: SettingSource)
    /// The key file could not be read, or is empty; `what` is "an API key" or "a reviewer key".
    case unreadableKeyFile(path: String, what: String = "an API key")
    /// The engine URL carries a user name or password (keys belong in a key file or LELU_API_KEY).
    case credentialsInURL(source: SettingSource)
    /// The reviewer's name is set but blank: refused, never replaced by another name.
    case blankReviewer(source: SettingSource)

    /// The message for stderr.
    package var description: String {
        switch self {
        case .invalidURL(let text, let source):
            "engine URL \"\(SafeText.line(text, limit: 200))\" (\(source)) is not an http:// or https:// URL with a host"
        case .insecureKey(let engine, let source):
            "refusing to send a key (\(source)) over plain http to \(engine), which is not this machine: "
                + "use https, or pass --allow-insecure-http if the network is trusted"
        case .credentialsInURL(let source):
            "the engine URL (\(source)) contains credentials: remove them and put the API key in "
                + "--api-key-file or LELU_API_KEY"
        case .unreadableKeyFile(let path, let what):
            "cannot read \(what) from \(SafeText.line(path, limit: 200)): the file is missing, unreadable or empty"
        case .blankReviewer(let source):
            "the reviewer name (\(source)) is blank: the engine records who decided, so give a name with "
                + "--reviewer NAME or reviewer = \"NAME\" in config.toml"
        }
    }
}

// MARK: - Resolution

extension ConnectionSettings {
    /// Resolves the settings from flags and the environment; see the type's documentation for the order.
    package static func resolve(
        _ request: ConnectionRequest, environment env: ConnectionEnvironment
    ) throws(ConnectionSettingsError) -> ConnectionSettings {
        var warnings: [String] = []
        let discovered = discover(env)

        // Engine URL.
        let urlText: String
        let engineSource: SettingSource
        if let flag = nonEmpty(request.engine) {
            (urlText, engineSource) = (flag, .flag("--engine"))
        } else if let value = nonEmpty(env.variables["LELU_BASE_URL"]) {
            (urlText, engineSource) = (value, .environment("LELU_BASE_URL"))
        } else if let value = nonEmpty(env.variables["LELU_ENGINE_URL"]) {
            (urlText, engineSource) = (value, .environment("LELU_ENGINE_URL"))
        } else if let configured = request.configEngine, let value = nonEmpty(configured.value) {
            (urlText, engineSource) = (value, configured.source)
        } else if let found = discovered {
            (urlText, engineSource) = (found.url, .discovery(found.jsonPath))
        } else {
            (urlText, engineSource) = (defaultEngine, .builtIn)
        }
        let url = try parseURL(urlText, source: engineSource)

        // API key.
        var apiKey: String?
        var apiKeySource = SettingSource.none
        if let path = nonEmpty(request.apiKeyFile) {
            (apiKey, apiKeySource) = try readKeyFile(path, named: .keyFile(path), what: .apiKey, env, &warnings)
        } else if let key = nonEmpty(env.variables[request.apiKeyVariable]) {
            (apiKey, apiKeySource) = (key.trimmingCharacters(in: .whitespacesAndNewlines), .environment(request.apiKeyVariable))
        } else if let configured = request.configAPIKeyFile, let path = nonEmpty(configured.value) {
            (apiKey, apiKeySource) = try readKeyFile(path, named: configured.source, what: .apiKey, env, &warnings)
        } else if let found = discovered, let key = found.key,
                  engineSource == .discovery(found.jsonPath) || sameEngine(url, found.url)
        {
            // The discovered key only goes to the discovered engine, never to an engine named elsewhere.
            (apiKey, apiKeySource) = (key, .discovery(found.keyPath))
        }

        let (reviewerKey, reviewerKeySource) = try resolveReviewerKey(request, env, &warnings)

        // Either key goes only where the API key may go: https, or this machine.
        if let source = apiKey != nil ? apiKeySource : reviewerKey != nil ? reviewerKeySource : nil,
           !request.allowInsecureHTTP, url.scheme?.lowercased() == "http", !isLoopback(host: url.host ?? "")
        {
            throw .insecureKey(engine: display(url), source: source)
        }

        let (reviewer, reviewerSource) = try resolveReviewer(request, env)
        var settings = ConnectionSettings(
            engineURL: url, engineSource: engineSource, apiKey: apiKey, apiKeySource: apiKeySource,
            reviewer: reviewer, reviewerSource: reviewerSource, warnings: warnings)
        settings.reviewerKey = reviewerKey
        settings.reviewerKeySource = reviewerKeySource
        return settings
    }

    /// The reviewer's name: `--reviewer`, else `reviewer` in config.toml, else `$USER@host` (or `$LOGNAME@host`).
    ///
    /// A name that is set but blank is refused wherever it comes from, never replaced: the engine
    /// records it as who decided. With neither `USER` nor `LOGNAME` set, `reviewer@host` is the
    /// built-in default, and the source says so.
    package static func resolveReviewer(
        _ request: ConnectionRequest, _ env: ConnectionEnvironment
    ) throws(ConnectionSettingsError) -> (String, SettingSource) {
        if let name = request.reviewer {
            guard nonEmpty(name) != nil else { throw .blankReviewer(source: .flag("--reviewer")) }
            return (name, .flag("--reviewer"))
        }
        if let configured = request.configReviewer {
            guard nonEmpty(configured.value) != nil else { throw .blankReviewer(source: configured.source) }
            return (configured.value, configured.source)
        }
        var user = "reviewer"
        var source = SettingSource.builtIn
        for variable in ["USER", "LOGNAME"] {
            guard let value = env.variables[variable] else { continue }
            guard nonEmpty(value) != nil else { throw .blankReviewer(source: .environment(variable)) }
            (user, source) = (value, .environment(variable))
            break
        }
        let host = env.hostName.split(separator: ".").first.map(String.init) ?? env.hostName
        return (host.isEmpty ? user : "\(user)@\(host)", source)
    }

    /// The reviewer key: `--reviewer-key-file`, else `LELU_REVIEWER_KEY`, else `reviewer_key_file`
    /// in config.toml; never discovered (`engine.key` is an API key, and a reviewer key names a person).
    static func resolveReviewerKey(
        _ request: ConnectionRequest, _ env: ConnectionEnvironment, _ warnings: inout [String]
    ) throws(ConnectionSettingsError) -> (String?, SettingSource) {
        if let path = nonEmpty(request.reviewerKeyFile) {
            return try readKeyFile(path, named: .keyFile(path), what: .reviewerKey, env, &warnings)
        }
        if let key = nonEmpty(env.variables["LELU_REVIEWER_KEY"]) {
            return (key.trimmingCharacters(in: .whitespacesAndNewlines), .environment("LELU_REVIEWER_KEY"))
        }
        if let configured = request.configReviewerKeyFile, let path = nonEmpty(configured.value) {
            return try readKeyFile(path, named: configured.source, what: .reviewerKey, env, &warnings)
        }
        return (nil, .none)
    }

    /// Which secret a key file holds, for its messages.
    enum KeyKind: String {
        case apiKey = "API key"
        case reviewerKey = "reviewer key"
    }

    /// Reads a key file's first line; warns (like ssh) when group or others may read it.
    ///
    /// The one reader of both key files, so both get the same checks and the same warning.
    static func readKeyFile(
        _ path: String, named source: SettingSource, what kind: KeyKind, _ env: ConnectionEnvironment,
        _ warnings: inout [String]
    ) throws(ConnectionSettingsError) -> (String, SettingSource) {
        guard let key = env.readFile(path).flatMap(firstLine) else {
            throw .unreadableKeyFile(path: path, what: kind == .apiKey ? "an API key" : "a reviewer key")
        }
        if let mode = env.permissions(path), mode & 0o077 != 0 {
            let origin = source == .keyFile(path) ? "" : " (\(source))"
            warnings.append(
                "warning: \(kind.rawValue) file \(SafeText.line(path, limit: 200))\(origin) is readable by others "
                    + "(mode \(String(mode, radix: 8))); run chmod 600 on it")
        }
        return (key, .keyFile(path))
    }
}
