import ArgumentParser
import ConsoleRuntime
import Foundation
import Logging
import ReviewModel
import LeluClient
import ConsoleConfig

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
        let environment = ConnectionEnvironment.live
        let config = try LoadedConfig.load(flag: connection.config, environment: environment)
        let links = try connection.links(config: config, environment: environment)
        let settings = links[0].settings
        let setup = ConsoleSetup.resolve(view: view, config: config, environment: environment)
        let resendHeld = view.resendHeld
        // One client per engine: a slow or dead engine holds none of another's connections.
        let outcome = try await connection.withClients(links) { clients throws(CommandFailure) in
            var session = ConsoleSession(
                client: clients[0], engineLabel: settings.engineDisplay, engineURL: settings.engineURL.absoluteString,
                reviewer: settings.reviewer, hasReviewerKey: settings.reviewerKey != nil, setup: setup,
                resendHeld: resendHeld)
            if links.count > 1 {
                session.clients = links.clientsByLabel(clients)
                session.engines = links.map(\.spec)
            }
            return await session.run()
        }
        try outcome.get()
    }
}

// MARK: - View options

/// Flags that shape the interactive console; each overrides the environment and `config.toml`.
struct ViewOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Seconds between polls (at least 0.2; default 1).", valueName: "SECONDS"))
    var interval: Double?

    @Option(name: .long, help: ArgumentHelp(
        "A theme name (see `lelu-console themes`) or the path of a theme file.", valueName: "NAME|PATH"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp(
        "When to use colour: auto (terminal permitting, unless NO_COLOR is set), always, never.", valueName: "WHEN"))
    var color: ColorMode?

    @Flag(name: .long, help: "Draw bars, marks and rules with ASCII only.")
    var ascii = false

    @Option(name: .long, help: ArgumentHelp(
        "The log file (default $XDG_STATE_HOME/lelu-console/console.log).", valueName: "PATH"))
    var logFile: String?

    @Option(name: .long, help: ArgumentHelp("The least severe level logged (default info).", valueName: "LEVEL"))
    var logLevel: LogLevelName?

    @Option(name: .long, help: ArgumentHelp(
        "Seconds a decision is held, and can be taken back with u, before it is sent (0 sends at once; default 3).",
        valueName: "SECONDS"))
    var undoWindow: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Ask y/N before single decisions: approve, deny, both or none (default; bulk decisions always ask).",
        valueName: "WHICH"))
    var confirm: ConfirmPolicy?

    @Option(name: .long, help: ArgumentHelp("Ages beyond this many seconds show as a warning (default 60).",
                                            valueName: "SECONDS"))
    var warnAfter: Double?

    @Option(name: .long, help: ArgumentHelp("Ages beyond this many seconds show as critical (default 300).",
                                            valueName: "SECONDS"))
    var criticalAfter: Double?

    @Option(name: .long, help: ArgumentHelp("Show only this tenant's requests (repeatable).", valueName: "NAME"))
    var tenant: [String] = []

    @Flag(name: .long, help: "Ring the terminal bell when a request arrives while the queue was empty.")
    var bell = false

    @Option(name: .long, help: ArgumentHelp(
        "Tell a reviewer in another window when requests arrive: auto (what this terminal is known to show), osc9, osc777, osc99, bell or off.",
        valueName: "HOW"))
    var notify: NotifyMethod?

    @Flag(name: .long, help: "Accept mouse clicks (select a row) and the wheel (scroll); off by default because it steals text selection.")
    var mouse = false

    @Option(name: .long, help: ArgumentHelp(
        "The decision journal (default $XDG_STATE_HOME/lelu-console/decisions.jsonl).", valueName: "PATH"))
    var journal: String?

    @Option(name: .long, help: ArgumentHelp(
        "The most pending requests held (default 5000); past it the oldest are kept and the header counts the rest.",
        valueName: "N"))
    var maxRequests: Int?

    @Flag(name: .long, help: ArgumentHelp(
        "Send decisions a crashed session left unsent without asking, however long ago (by default those older than 10 minutes wait for y/N)."))
    var resendHeld = false

    func validate() throws {
        if let interval {
            guard interval.isFinite, interval >= 0.2, interval <= 3600 else {
                throw ValidationError("--interval must be between 0.2 and 3600 seconds")
            }
        }
        if let undoWindow {
            guard undoWindow.isFinite, undoWindow >= 0, undoWindow <= 60 else {
                throw ValidationError("--undo-window must be between 0 and 60 seconds")
            }
        }
        if let maxRequests, maxRequests < 1 || maxRequests > 1_000_000 {
            throw ValidationError("--max-requests must be between 1 and 1000000")
        }
        if let warnAfter, let criticalAfter, criticalAfter < warnAfter {
            throw ValidationError("--critical-after must be at least --warn-after")
        }
    }
}

/// Exits with status 2 and a hint when standard input or output is not a terminal.
func requireTerminal() throws(CommandFailure) {
    guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
        throw CommandFailure(
            status: .usage,
            message: "the console needs a terminal; for scripts use `lelu-console list` (or list --json)")
    }
}

// MARK: - Session

/// One run of the console on a terminal: owns the terminal from start to restore.
struct ConsoleSession {
    var client: any EngineClient
    var engineLabel: String
    var engineURL: String
    var reviewer: String
    /// Whether a reviewer key is configured (the client holds the key; the state only knows it is there).
    var hasReviewerKey = false
    var setup: ConsoleSetup
    /// `--resend-held`: send long-unsent decisions from a crashed session without asking.
    var resendHeld = false
    /// With several engines: each one's client by label, and how each is watched.
    var clients: [String: any EngineClient] = [:]
    var engines: [EngineSpec] = []

    /// Runs until quit or a termination signal; the terminal is restored on every path.
    ///
    /// Everything that must reach the user before the screen is taken (a broken theme, an
    /// unusable log file) goes to stderr and the log first; while the console is on screen
    /// nothing is written to the terminal but the screen itself.
    @MainActor
    func run() async -> Result<Void, CommandFailure> {
        let settings = setup.settings
        if let warning = LogSetup.bootstrap(path: settings.logFile.value, level: settings.logLevel.value) {
            Output.error(warning)
        }
        let logger = Logger(label: "lelu-console")
        logger.info("starting", metadata: [
            "engine": "\(engineLabel)", "reviewer": "\(reviewer)", "theme": "\(setup.theme.name)",
            "monochrome": "\(setup.monochrome)", "config": "\(setup.config.path)",
        ])
        if let problem = setup.themeWarning {
            Output.error(problem)
            logger.error("\(problem)")
        }
        let terminal = CursesTerminal(theme: setup.theme, monochrome: setup.monochrome)
        do {
            try terminal.start()
        } catch let error as TerminalError {
            if case .noCursorAddressing = error {
                return .failure(CommandFailure(status: .usage, message: "\(error)"))
            }
            return .failure(CommandFailure(status: .usage, message: "cannot start the terminal: \(error)"))
        } catch {
            return .failure(CommandFailure(status: .usage, message: "cannot start the terminal: \(error)"))
        }
        defer { terminal.restore() }
        if settings.mouse.value { terminal.enableMouse() }
        var state = ConsoleState(engineLabel: engineLabel, engineURL: engineURL, reviewer: reviewer,
                                 hasReviewerKey: hasReviewerKey, now: Date(), size: terminal.size)
        let notify = settings.notifyMethod(environment: ProcessInfo.processInfo.environment)
        state.apply(settings.preferences(notify: notify, resendHeld: resendHeld))
        if !engines.isEmpty { state.watch(engines) }
        if notify != .off { terminal.enableFocusReporting() }
        logger.info("attention", metadata: ["notify": "\(notify.rawValue)"])
        let journal = Journal(path: settings.journal.value)
        journal.start(into: &state, logger: logger)
        if let problem = setup.themeWarning { state.sayProblem(problem) }
        let runner = ConsoleRunner(state: state, client: client, clients: clients, terminal: terminal, theme: setup.theme,
                                   journal: journal, logger: logger)
        runner.run()
        logger.info("quit")
        return .success(())
    }
}
