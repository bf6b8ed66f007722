import ArgumentParser
import Foundation
import ReviewModel

// MARK: - Root command

/// `lelu-console`: review and resolve the Lelu engine's human-approval queue.
struct LeluConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lelu-console",
        abstract: "Review and resolve the Lelu engine's human-approval queue.",
        discussion: """
            The engine is found from --engine, else LELU_BASE_URL or LELU_ENGINE_URL, else a \
            running local engine registered in $LELU_HOME (default ~/.lelu), else \
            http://localhost:8080. The API key comes from --api-key-file, else LELU_API_KEY, \
            else the local engine's engine.key. An engine that checks reviewers (LELU_REVIEWER_KEYS) \
            needs a reviewer key on approve and deny: --reviewer-key-file, else LELU_REVIEWER_KEY.

            Exit codes:
              0  success
              2  usage error (bad flags or arguments; a note too long for the engine)
              3  engine unreachable or failing (connection, timeout, 5xx, bad response, failing store)
              4  unauthorized or misconfigured (wrong API key, keyless engine, refused settings,
                 missing or wrong reviewer key, a reviewer name the engine refuses)
              5  some ID was already resolved, expired or not found
            """,
        version: "0.1.0",
        subcommands: [
            ConsoleCommand.self,
            DemoCommand.self,
            ListCommand.self,
            WatchCommand.self,
            HistoryCommand.self,
            ShowCommand.self,
            ApproveCommand.self,
            DenyCommand.self,
            ThemesCommand.self,
            ConfigCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )
}

// MARK: - Exit codes

/// The process exit codes documented in the root command's help.
enum ExitStatus: Int32 {
    case success = 0
    case usage = 2
    case engineFailure = 3
    case unauthorized = 4
    case someIDsFailed = 5

    /// The exit status for an engine error.
    init(_ error: EngineError) {
        switch error {
        case .unauthorized, .misconfigured, .reviewerKeyRequired, .selfApproval, .reviewerNameRequired, .forbidden:
            self = .unauthorized
        case .notFound, .alreadyResolved, .expired: self = .someIDsFailed
        case .tooLarge: self = .usage
        default: self = .engineFailure
        }
    }
}

/// Ends a command with an exit status and (optionally) a message for stderr.
struct CommandFailure: Error {
    /// The exit status.
    var status: ExitStatus
    /// Printed on stderr when present.
    var message: String?
}

// MARK: - Entry point

extension LeluConsoleCommand {
    /// Parses, runs and maps every outcome to a documented exit code (ArgumentParser's 64 becomes 2).
    static func runMain(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch let failure as CommandFailure {
            if let message = failure.message { Output.error(message) }
            return failure.status.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Output.line(message) }
                return ExitStatus.success.rawValue
            }
            if !message.isEmpty { Output.error(message) }
            return ExitStatus.usage.rawValue
        }
    }
}
