import ArgumentParser
import Foundation
import ReviewModel

// MARK: - console (the default command)

/// `lelu-console` / `lelu-console console`: the live review console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the live review console (the default command)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var view: ViewOptions

    func run() async throws {
        try requireTerminal()
        let settings = try connection.settings()
        let client = HTTPEngineClient(
            configuration: settings.clientConfiguration(requestTimeout: .milliseconds(Int64(connection.timeout * 1000))))
        let outcome = await ConsoleSession(
            client: client, engineLabel: settings.engineDisplay, reviewer: settings.reviewer, view: view
        ).run()
        await client.shutdown()
        try outcome.get()
    }
}

// MARK: - View options

/// Flags that shape the interactive console.
struct ViewOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Seconds between polls (at least 0.2).", valueName: "SECONDS"))
    var interval: Double = 1

    func validate() throws {
        guard interval.isFinite, interval >= 0.2, interval <= 3600 else {
            throw ValidationError("--interval must be between 0.2 and 3600 seconds")
        }
    }
}

/// Exits with status 2 and a hint when standard input or output is not a terminal.
func requireTerminal() throws(CommandFailure) {
    guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
        throw CommandFailure(
            status: .usage,
            message: "lelu-console: the console needs a terminal; for scripts use `lelu-console list` (or list --json)")
    }
}

// MARK: - Session

/// One run of the console on a terminal: owns the terminal from start to restore.
struct ConsoleSession {
    var client: any EngineClient
    var engineLabel: String
    var reviewer: String
    var view: ViewOptions

    /// Runs until quit or a termination signal; the terminal is restored on every path.
    @MainActor
    func run() async -> Result<Void, CommandFailure> {
        let theme = Theme.default
        let terminal = CursesTerminal(theme: theme)
        do {
            try terminal.start()
        } catch {
            return .failure(CommandFailure(status: .usage, message: "lelu-console: cannot start the terminal: \(error)"))
        }
        defer { terminal.restore() }
        let state = ConsoleState(engineLabel: engineLabel, reviewer: reviewer, pollInterval: view.interval,
                                 now: Date(), size: terminal.size)
        let runner = ConsoleRunner(state: state, client: client, terminal: terminal, theme: theme)
        runner.run()
        return .success(())
    }
}
