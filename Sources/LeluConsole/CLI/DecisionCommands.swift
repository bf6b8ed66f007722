import ArgumentParser
import ConsoleConfig
import ConsoleRuntime
import Foundation
import LeluClient
import ReviewModel

// MARK: - approve / deny

/// The options approve and deny share.
struct ResolveOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "One or more request IDs.")
    var ids: [String]

    @Option(name: .long, help: ArgumentHelp("A note recorded with the decision.", valueName: "TEXT"))
    var note: String = ""

    @Option(name: .long, help: ArgumentHelp(
        "The decision journal's live file (default: journal in config.toml, else $XDG_STATE_HOME/lelu-console/decisions.jsonl).",
        valueName: "PATH"))
    var journal: String?

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give at least one request ID") }
        guard ids.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw ValidationError("request IDs must not be empty")
        }
    }

    /// Resolves every ID in order; one line per ID; exit 5 when any was already resolved or missing.
    ///
    /// Every decision is journalled as the console journals its own: `sending` before the request
    /// goes out, then what the engine answered, so `history` shows decisions from every face.
    func resolve(_ decision: Decision) async throws {
        var seen = Set<String>()
        let ids = ids.filter { seen.insert($0).inserted }
        let note = note
        let (config, console) = try connection.consoleSettings(ConsoleFlags(journal: journal))
        let book = DecisionBook(journal: Journal(path: console.journal.value))
        let links = try connection.links(config: config)
        if links.count > 1 { return try await resolveOnSeveral(decision, ids: ids, links: links, book: book) }
        try await connection.withClient(links[0]) { client, settings throws(CommandFailure) in
            var anyFailed = false
            for id in ids {
                let sender = CommandDecision(
                    id: id, decision: decision, note: note, client: client, settings: settings, book: book)
                if try await sender.send() == false { anyFailed = true }
            }
            if anyFailed { throw CommandFailure(status: .someIDsFailed, message: nil) }
        }
    }
}

// MARK: - One decision

/// One decision from the command line: read, journalled, sent, answered, journalled again.
struct CommandDecision {
    var id: String
    var decision: Decision
    var note: String
    var client: HTTPEngineClient
    var settings: ConnectionSettings
    var book: DecisionBook
    /// The engine's label when the command watches several (`[engines.NAME]`), for the journal.
    var label: String? = nil
    /// The request as a lookup already read it (several engines), so it is not read again.
    var before: ReviewRequest? = nil

    /// Sends it; true when the engine took it, false when it was already resolved, missing or
    /// expired (said on stderr). Any other failure ends the command with its exit status.
    func send() async throws(CommandFailure) -> Bool {
        // With several engines a request is named with its engine: "us/6f0c…".
        let shown = RowKey.make(engine: label ?? "", id: SafeText.line(id, limit: 40))
        // The request as it stands, for the journal's action, actor and confidence.
        let before: ReviewRequest?
        if let known = self.before { before = known } else { before = try? await client.item(id: id) }
        book.write(entry(.sending, before))
        do throws(EngineError) {
            let receipt = try await client.resolve(id: id, decision: decision, resolvedBy: settings.reviewer, note: note)
            book.write(entry(.confirmed, before, resolvedBy: receipt.resolvedBy,
                             authenticated: receipt.reviewerAuthenticated))
            let action = before.map { " (\(SafeText.line($0.action, limit: 60)))" } ?? ""
            Output.line("\(decision.pastTense) \(shown)\(action)\(receipt.asText)")
            return true
        } catch .alreadyResolved(_, let status) {
            let now = try? await client.item(id: id)
            // The July Redis store can still say "pending" for a moment, and the current engine's
            // 409 may name no status: the conflict's own word wins over a stale read.
            let current = now.map { $0.status == .pending ? status : $0.status } ?? status
            if current == decision.resultingStatus, let by = now?.resolvedBy, by == settings.reviewer {
                // Our own earlier decision (a script running again after a timeout): it stands.
                book.write(entry(.confirmed, before ?? now, detail: "already \(current) by this reviewer", resolvedBy: by))
            } else {
                book.write(entry(.conflict, before ?? now, detail: current.description, resolvedBy: now?.resolvedBy))
            }
            Output.error(Self.alreadyLine(shown, status: current, item: now))
            return false
        } catch .notFound {
            book.write(entry(.gone, before))
            Output.error("\(shown): not found on \(settings.engineDisplay)")
            return false
        } catch .expired {
            book.write(entry(.expired, before))
            Output.error("\(shown): expired without a decision; the engine accepts none now")
            return false
        } catch {
            let failure = CommandFailure(error, settings: settings, label: label)
            book.write(entry(.failed, before, detail: failure.message ?? "\(error)"))
            throw failure
        }
    }

    /// A journal record of this decision with `outcome`.
    func entry(_ outcome: JournalOutcome, _ item: ReviewRequest?, detail: String? = nil, resolvedBy: String? = nil,
               authenticated: Bool? = nil) -> JournalEntry {
        JournalEntry(
            time: Date(), engine: settings.engineURL.absoluteString, id: id, action: item?.action ?? "",
            actor: item?.actor ?? "", confidence: item?.confidence ?? 0, decision: decision, note: note,
            reviewer: settings.reviewer, outcome: outcome, detail: detail, resolvedBy: resolvedBy,
            reviewerAuthenticated: authenticated, label: label)
    }

    /// "ID: already denied by X (action)".
    static func alreadyLine(_ shown: String, status: ReviewStatus, item: ReviewRequest?) -> String {
        var line = "\(shown): already \(SafeText.line(status.description, limit: 20))"
        if let by = item?.resolvedBy, !by.isEmpty { line += " by \(SafeText.line(by, limit: 80))" }
        if let action = item?.action, !action.isEmpty { line += " (\(SafeText.line(action, limit: 60)))" }
        return line
    }
}

// MARK: - Journal

/// The decision journal as the command line writes it: a record that cannot be written is
/// said once on stderr and never stops a decision (the engine has the truth; the journal is ours).
final class DecisionBook: @unchecked Sendable {
    private let journal: Journal
    private var warned = false

    init(journal: Journal) {
        self.journal = journal
    }

    /// Appends a record, warning once when the journal cannot be written.
    func write(_ entry: JournalEntry) {
        do {
            try journal.append(entry)
        } catch {
            guard !warned else { return }
            warned = true
            Output.error("warning: the decision journal could not be written (\(error)); history will miss this decision")
        }
    }
}
