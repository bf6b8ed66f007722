import ArgumentParser
import Foundation
import ReviewModel
import LeluClient
import ConsoleConfig

// MARK: - Connection options

/// The flags every engine-facing command shares.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The engine's base URL (may include a path prefix).", valueName: "URL"))
    var engine: String?

    @Option(name: .long, help: ArgumentHelp(
        "Which of config.toml's [engines.NAME] to use, comma-separated (default: all of them).", valueName: "NAMES"))
    var engines: String?

    @Option(name: .long, help: ArgumentHelp("Read the API key from the first line of this file.", valueName: "PATH"))
    var apiKeyFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "Read the reviewer credential (X-Lelu-Reviewer-Key, sent on approve and deny) from the first line of this file.",
        valueName: "PATH"))
    var reviewerKeyFile: String?

    @Flag(name: .long, help: "Allow sending the API key over plain http to a host that is not this machine.")
    var allowInsecureHTTP = false

    @Option(name: .long, help: ArgumentHelp("Who resolves requests (default: $USER@hostname).", valueName: "NAME"))
    var reviewer: String?

    @Option(name: .long, help: ArgumentHelp("Seconds a request may take.", valueName: "SECONDS"))
    var timeout: Double = 10

    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default $XDG_CONFIG_HOME/lelu-console/config.toml).", valueName: "PATH"))
    var config: String?

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be a number of seconds between 0 and 3600")
        }
    }

    /// The flags plus one engine's values from the configuration file: its top level (where
    /// `--engine` counts) or one `[engines.NAME]` table (whose API key may be in a variable of its own).
    func connectionRequest(_ configured: ConfiguredEngine) -> ConnectionRequest {
        ConnectionRequest(
            engine: configured.label.isEmpty ? engine : nil, apiKeyFile: apiKeyFile, reviewer: reviewer,
            reviewerKeyFile: reviewerKeyFile, allowInsecureHTTP: allowInsecureHTTP, configEngine: configured.url,
            configAPIKeyFile: configured.apiKeyFile, configReviewer: configured.reviewer,
            configReviewerKeyFile: configured.reviewerKeyFile, apiKeyVariable: configured.apiKeyVariable ?? "LELU_API_KEY")
    }

    /// config.toml (from `--config`, or where it is found) and the console settings a command-line
    /// face shares with the console (the journal, the held-request cap, the interval), from `flags`.
    func consoleSettings(_ flags: ConsoleFlags) throws -> (LoadedConfig, ConsoleSettings) {
        let environment = ConnectionEnvironment.live
        let config = try LoadedConfig.load(flag: config, environment: environment)
        let console = config.settings(flags: flags, environment: environment.variables, homeDirectory: environment.homeDirectory)
        return (config, console)
    }

    /// Runs `body` with a client for the one engine of a command (``links(config:environment:)``'s
    /// only link); engine errors become exit statuses.
    func withClient<T: Sendable>(
        _ link: EngineLink, _ body: (HTTPEngineClient, ConnectionSettings) async throws(CommandFailure) -> T
    ) async throws(CommandFailure) -> T {
        try await withClients([link]) { clients throws(CommandFailure) in try await body(clients[0], link.settings) }
    }

    /// How long one request to an engine may take (`--timeout`).
    var requestTimeout: Duration { .milliseconds(Int64(timeout * 1000)) }
}

extension CommandFailure {
    /// A failure for an engine error, with the message naming the engine and the fix.
    /// With `label`, the engine is one of several, and the fix is in its `[engines.NAME]` table.
    init(_ error: EngineError, settings: ConnectionSettings, label: String? = nil) {
        self.init(status: ExitStatus(error),
                  message: error.message(engine: settings.engineDisplay, fixes: label.map { .table($0) } ?? .oneEngine))
    }
}
