import ArgumentParser
import Foundation
import ConsoleConfig
import ReviewModel
import LeluClient

// MARK: - list

/// `lelu-console list`: the pending requests, oldest first, as the console's table would hold them.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List pending requests, oldest first.",
        discussion: """
            The queue is read as the console's table reads it: every page of the current engine; on a \
            July engine, its list read until it brings nothing new and each listed request checked with \
            the engine (its Redis store lists decided requests as pending), so a request the engine says \
            is resolved is never printed. What could not be known is said on stderr.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print the engine's JSON (terminal-safe) instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("The most pending requests held (default 5000).", valueName: "N"))
    var maxRequests: Int?

    func validate() throws {
        if let maxRequests, maxRequests < 1 || maxRequests > 1_000_000 {
            throw ValidationError("--max-requests must be between 1 and 1000000")
        }
    }

    func run() async throws {
        let (config, console) = try connection.consoleSettings(ConsoleFlags(maxRequests: maxRequests))
        let (json, timeout) = (json, max(30, connection.timeout * 3))
        let links = try connection.links(config: config)
        guard links.count > 1 else {
            return try await connection.withClient(links[0]) { client, settings throws(CommandFailure) in
                let snapshot: QueueSnapshot
                do throws(EngineError) {
                    snapshot = try await QueueSnapshot.read(
                        client: client, settings: links[0].settings, maxRequests: console.maxRequests.value, timeout: timeout)
                } catch {
                    throw CommandFailure(error, settings: settings)
                }
                print(snapshot, json: json, empty: "no pending requests on \(settings.engineDisplay)")
            }
        }
        let max = console.maxRequests.value
        try await connection.withClients(links) { clients throws(CommandFailure) in
            let snapshot = await QueueSnapshot.read(Array(zip(links, clients)), maxRequests: max, timeout: timeout)
            print(snapshot, json: json, empty: "no pending requests on \(links.map(\.label).joined(separator: ", "))")
            // What the others held is printed; the exit status says an engine could not be read.
            if let failure = snapshot.failures.first { throw CommandFailure(status: ExitStatus(failure.error), message: nil) }
        }
    }

    /// Prints a snapshot: JSON or the table, then on stderr what it could not know.
    private func print(_ snapshot: QueueSnapshot, json: Bool, empty: String) {
        let items = snapshot.requests
        if json {
            Output.line(snapshot.jsonArray)
        } else if items.isEmpty {
            Output.line(empty)
        } else {
            for line in QueueFormat.table(items, now: Date()) { Output.line(line) }
        }
        for caveat in snapshot.caveats { Output.error(caveat) }
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
        let config = try LoadedConfig.load(flag: connection.config, environment: .live)
        let links = try connection.links(config: config)
        if links.count > 1 { return try await showOnSeveral(links) }
        try await connection.withClient(links[0]) { client, settings throws(CommandFailure) in
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

// MARK: - show on several engines

extension ShowCommand {
    /// Reads a request named `NAME/ID` (not looked up first), a failure saying why.
    static func read(_ id: String, on link: EngineLink, client: HTTPEngineClient) async throws(CommandFailure)
        -> (item: ReviewRequest, body: Data)
    {
        do throws(EngineError) {
            return try await client.itemWithBody(id: id)
        } catch {
            throw CommandFailure(error, settings: link.settings, label: link.label)
        }
    }

    /// Shows the request on every engine that has it (`NAME/ID` names one), each with its engine.
    func showOnSeveral(_ links: [EngineLink]) async throws {
        let (id, json) = (id, json)
        try await connection.withClients(links) { clients throws(CommandFailure) in
            let lookup = await EngineLookup.find(id, links: links, clients: clients)
            guard !lookup.hits.isEmpty else { throw CommandFailure(status: .someIDsFailed, message: lookup.notFound(links)) }
            for (n, hit) in lookup.hits.enumerated() {
                let link = links[hit.index]
                let answer: (item: ReviewRequest, body: Data)
                if let known = hit.answer { answer = known } else {
                    answer = try await Self.read(lookup.id, on: link, client: clients[hit.index])
                }
                let (item, body) = answer
                if json {
                    Output.line(WireFormat.jsonSafe(QueueFormat.tagged(String(decoding: RawJSON.trimmed(body), as: UTF8.self),
                                                                       engine: link.label)))
                } else {
                    if n > 0 { Output.line("") }
                    for line in QueueFormat.detail(item.tagged(engine: link.label), now: Date()) { Output.line(line) }
                }
            }
        }
    }
}
