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
            client: client, engineLabel: settings.engineDisplay, engineURL: settings.engineURL.absoluteString,
            reviewer: settings.reviewer, view: view
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

    @Option(name: .long, help: ArgumentHelp(
        "Seconds a decision is held, and can be taken back with u, before it is sent (0 sends at once).",
        valueName: "SECONDS"))
    var undoWindow: Double = 3

    @Option(name: .long, help: ArgumentHelp(
        "Ask y/N before single decisions: approve, deny, both or none (bulk decisions always ask).",
        valueName: "WHICH"))
    var confirm: String = "none"

    @Option(name: .long, help: ArgumentHelp("Ages beyond this many seconds are shown as a warning.",
                                            valueName: "SECONDS"))
    var warnAfter: Double = 60

    @Option(name: .long, help: ArgumentHelp("Ages beyond this many seconds are shown as critical.",
                                            valueName: "SECONDS"))
    var criticalAfter: Double = 300

    @Option(name: .long, help: ArgumentHelp("Show only this tenant's requests (repeatable).", valueName: "NAME"))
    var tenant: [String] = []

    @Flag(name: .long, help: "Ring the terminal bell when a request arrives while the queue was empty.")
    var bell = false

    @Option(name: .long, help: ArgumentHelp(
        "The decision journal (default $XDG_STATE_HOME/lelu-console/decisions.jsonl).", valueName: "PATH"))
    var journal: String?

    func validate() throws {
        guard interval.isFinite, interval >= 0.2, interval <= 3600 else {
            throw ValidationError("--interval must be between 0.2 and 3600 seconds")
        }
        guard undoWindow.isFinite, undoWindow >= 0, undoWindow <= 60 else {
            throw ValidationError("--undo-window must be between 0 and 60 seconds")
        }
        guard ConfirmPolicy(rawValue: confirm) != nil else {
            throw ValidationError("--confirm must be one of approve, deny, both, none")
        }
        guard warnAfter >= 0, criticalAfter >= warnAfter else {
            throw ValidationError("--critical-after must be at least --warn-after, both non-negative")
        }
    }

    /// A fresh console state with these options applied.
    func state(engineLabel: String, engineURL: String, reviewer: String, size: Size) -> ConsoleState {
        var state = ConsoleState(engineLabel: engineLabel, engineURL: engineURL, reviewer: reviewer,
                                 pollInterval: interval, now: Date(), size: size)
        state.undoWindow = undoWindow
        state.confirmPolicy = ConfirmPolicy(rawValue: confirm) ?? .none
        state.warnAfter = warnAfter
        state.criticalAfter = criticalAfter
        state.tenants = Set(tenant)
        state.bell = bell
        return state
    }

    /// The journal file to use.
    var journalPath: String { journal ?? Journal.defaultPath() }
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
    var engineURL: String
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
        let journal = Journal(path: view.journalPath)
        var state = view.state(engineLabel: engineLabel, engineURL: engineURL, reviewer: reviewer,
                               size: terminal.size)
        state.history = Journal.latest(journal.readAll()).filter { $0.engine == engineURL }
        // Decisions the last session journaled but never saw answered are checked and, if still
        // pending on the engine, sent again.
        for entry in state.history where entry.outcome == .sending || entry.outcome == .held {
            state.recovering[entry.id] = PendingDecision(recovering: entry, now: state.now)
        }
        let runner = ConsoleRunner(state: state, client: client, terminal: terminal, theme: theme, journal: journal)
        runner.run()
        return .success(())
    }
}
