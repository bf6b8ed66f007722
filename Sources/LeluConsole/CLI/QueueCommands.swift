import ArgumentParser
import Foundation
import ReviewModel
import LeluClient

// MARK: - list

/// `lelu-console list`: the pending requests, oldest first.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List pending requests, oldest first.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print the engine's JSON (terminal-safe) instead of a table.")
    var json = false

    func run() async throws {
        let json = json
        try await connection.withClient { client, settings throws(CommandFailure) in
            let list: PendingList
            let bodies: [Data]
            do throws(EngineError) {
                (list, bodies) = try await Self.wholeQueue(client)
            } catch {
                throw CommandFailure(error, settings: settings)
            }
            let items = QueueFormat.sorted(list.items)
            if json {
                Output.line(QueueFormat.rawJSONArray(bodies, order: items.map(\.id)))
            } else if items.isEmpty {
                Output.line("no pending requests on \(settings.engineDisplay)")
            } else {
                for line in QueueFormat.table(items, now: Date()) { Output.line(line) }
            }
            if list.skipped > 0 {
                Output.error("\(count: list.skipped) malformed or duplicate item(s) skipped")
            }
            if list.total == nil, (list.reportedCount ?? items.count) >= 50 {
                Output.error("the engine lists at most 50 requests; older ones may be hidden")
            }
        }
    }
}

extension ListCommand {
    /// The whole pending queue: the July engine's one list, or every page of the current engine's.
    ///
    /// Pages are read 500 at a time until one comes back empty (or reaches `total`); an item a
    /// shifting queue lists twice is kept once.
    static func wholeQueue(_ client: HTTPEngineClient) async throws(EngineError) -> (PendingList, [Data]) {
        let (first, body) = try await client.pendingWithBody()
        guard let total = first.total, total > first.items.count else { return (first, [body]) }
        var items: [ReviewRequest] = []
        var seen = Set<String>()
        var bodies: [Data] = []
        var skipped = 0
        var offset = 0
        while offset < total, bodies.count < 1_000 {
            let (page, pageBody) = try await client.pendingWithBody(page: PageRequest(offset: offset, limit: 500, purpose: .sweep))
            if page.items.isEmpty { break }
            bodies.append(pageBody)
            skipped += page.skipped
            for item in page.items where seen.insert(item.id).inserted { items.append(item) }
            offset += 500
        }
        return (PendingList(items: items, reportedCount: items.count, total: total, skipped: skipped), bodies)
    }
}

// MARK: - show

/// `lelu-console show ID`: one request in full, in any status.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one request in full (any status).")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The request ID.")
    var id: String

    @Flag(name: .long, help: "Print the engine's JSON (terminal-safe).")
    var json = false

    func validate() throws {
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("ID must not be empty") }
    }

    func run() async throws {
        let (id, json) = (id, json)
        try await connection.withClient { client, settings throws(CommandFailure) in
            let item: ReviewRequest
            let body: Data
            do throws(EngineError) {
                (item, body) = try await client.itemWithBody(id: id)
            } catch {
                throw CommandFailure(error, settings: settings)
            }
            if json {
                Output.line(WireFormat.jsonSafe(String(decoding: RawJSON.trimmed(body), as: UTF8.self)))
            } else {
                for line in QueueFormat.detail(item, now: Date()) { Output.line(line) }
            }
        }
    }
}

// MARK: - approve / deny

/// The options approve and deny share.
struct ResolveOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "One or more request IDs.")
    var ids: [String]

    @Option(name: .long, help: ArgumentHelp("A note recorded with the decision.", valueName: "TEXT"))
    var note: String = ""

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give at least one request ID") }
        guard ids.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw ValidationError("request IDs must not be empty")
        }
    }

    /// Resolves every ID in order; one line per ID; exit 5 when any was already resolved or missing.
    func resolve(_ decision: Decision) async throws {
        var seen = Set<String>()
        let ids = ids.filter { seen.insert($0).inserted }
        let note = note
        try await connection.withClient { client, settings throws(CommandFailure) in
            var anyFailed = false
            for id in ids {
                let shown = SafeText.line(id, limit: 40)
                do throws(EngineError) {
                    let receipt = try await client.resolve(
                        id: id, decision: decision, resolvedBy: settings.reviewer, note: note)
                    let action = (try? await client.item(id: id)).map { " (\(SafeText.line($0.action, limit: 60)))" }
                    Output.line("\(decision.pastTense) \(shown)\(action ?? "")\(receipt.asText)")
                } catch .alreadyResolved(_, let status) {
                    anyFailed = true
                    Output.error(await Self.alreadyLine(id: id, status: status, client: client))
                } catch .notFound {
                    anyFailed = true
                    Output.error("\(shown): not found on \(settings.engineDisplay)")
                } catch .expired {
                    anyFailed = true
                    Output.error("\(shown): expired without a decision; the engine accepts none now")
                } catch {
                    throw CommandFailure(error, settings: settings)
                }
            }
            if anyFailed { throw CommandFailure(status: .someIDsFailed, message: nil) }
        }
    }

    /// "ID: already denied by X", reading the item for who resolved it.
    static func alreadyLine(id: String, status: ReviewStatus, client: HTTPEngineClient) async -> String {
        let shown = SafeText.line(id, limit: 40)
        guard let item = try? await client.item(id: id) else { return "\(shown): already \(status)" }
        // The July Redis store can still say "pending" for a moment, and the current engine's
        // 409 may name no status: the conflict's own word wins over a stale read.
        let current = item.status == .pending ? status : item.status
        var line = "\(shown): already \(SafeText.line(current.description, limit: 20))"
        if let by = item.resolvedBy, !by.isEmpty { line += " by \(SafeText.line(by, limit: 80))" }
        if !item.action.isEmpty { line += " (\(SafeText.line(item.action, limit: 60)))" }
        return line
    }
}

/// `lelu-console approve ID...`.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve requests (the engine cannot undo this).")

    @OptionGroup var options: ResolveOptions

    func run() async throws { try await options.resolve(.approve) }
}

/// `lelu-console deny ID...`.
struct DenyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny", abstract: "Deny requests (the engine cannot undo this).")

    @OptionGroup var options: ResolveOptions

    func run() async throws { try await options.resolve(.deny) }
}
