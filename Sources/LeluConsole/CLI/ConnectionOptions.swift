import ArgumentParser
import Foundation
import ReviewModel

// MARK: - Connection options

/// The flags every engine-facing command shares.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The engine's base URL (may include a path prefix).", valueName: "URL"))
    var engine: String?

    @Option(name: .long, help: ArgumentHelp("Read the API key from the first line of this file.", valueName: "PATH"))
    var apiKeyFile: String?

    @Flag(name: .long, help: "Allow sending the API key over plain http to a host that is not this machine.")
    var allowInsecureHTTP = false

    @Option(name: .long, help: ArgumentHelp("Who resolves requests (default: $USER@hostname).", valueName: "NAME"))
    var reviewer: String?

    @Option(name: .long, help: ArgumentHelp("Seconds a request may take.", valueName: "SECONDS"))
    var timeout: Double = 10

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be a number of seconds between 0 and 3600")
        }
    }

    /// Resolves the settings from these flags and the real environment; warnings go to stderr.
    func settings() throws(CommandFailure) -> ConnectionSettings {
        let request = ConnectionRequest(
            engine: engine, apiKeyFile: apiKeyFile, reviewer: reviewer, allowInsecureHTTP: allowInsecureHTTP)
        do {
            let settings = try ConnectionSettings.resolve(request, environment: .live)
            for warning in settings.warnings { Output.error(warning) }
            return settings
        } catch {
            throw CommandFailure(status: .unauthorized, message: error.description)
        }
    }

    /// Runs `body` with a client for the resolved engine; engine errors become exit statuses.
    func withClient<T: Sendable>(
        _ body: (HTTPEngineClient, ConnectionSettings) async throws(CommandFailure) -> T
    ) async throws(CommandFailure) -> T {
        let settings = try settings()
        let configuration = settings.clientConfiguration(requestTimeout: .milliseconds(Int64(timeout * 1000)))
        return try await HTTPEngineClient.withClient(configuration) { client throws(CommandFailure) in
            try await body(client, settings)
        }
    }
}

extension CommandFailure {
    /// A failure for an engine error, with the message naming the engine and the fix.
    init(_ error: EngineError, settings: ConnectionSettings) {
        self.init(status: ExitStatus(error), message: error.message(engine: settings.engineDisplay))
    }
}
