import Foundation
import LeluClient
import ReviewModel

// MARK: - approve / deny on several engines

/// An ID looked up on several engines: the engine's own ID, and each engine that has it with
/// what it answered (nil for `NAME/ID`, named rather than looked up).
struct EngineLookup {
    /// One engine that has the ID.
    struct Hit {
        /// Its index in the links.
        var index: Int
        /// The request and its JSON, as that engine answered.
        var answer: (item: ReviewRequest, body: Data)?
    }

    /// The engine's own ID (`NAME/` taken off).
    var id: String
    /// The engines that have it, in the links' order.
    var hits: [Hit]

    /// Asks every engine for `id` at once (`NAME/ID` names its engine, which is not asked).
    static func find(_ id: String, links: [EngineLink], clients: [HTTPEngineClient]) async -> EngineLookup {
        if let label = RowKey.engine(of: id), let index = links.firstIndex(where: { $0.label == label }) {
            return EngineLookup(id: RowKey.requestID(of: id, engine: label), hits: [Hit(index: index, answer: nil)])
        }
        var hits: [Hit] = []
        await withTaskGroup(of: Hit?.self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask {
                    // Not found, or not answering: only an engine that has the ID can take it.
                    guard let answer = try? await client.itemWithBody(id: id) else { return nil }
                    return Hit(index: index, answer: answer)
                }
            }
            for await hit in group { if let hit { hits.append(hit) } }
        }
        return EngineLookup(id: id, hits: hits.sorted { $0.index < $1.index })
    }

    /// "ID: not found on any engine (us, eu)".
    func notFound(_ links: [EngineLink]) -> String {
        "\(SafeText.line(id, limit: 40)): not found on any engine (\(links.map(\.label).joined(separator: ", ")))"
    }
}

extension ResolveOptions {
    /// Decides each ID on the engine that has it: asked of every engine at once; an ID on none
    /// is not found, an ID on two or more is refused with the engines named (`--engine NAME`, or
    /// `NAME/ID`, says which). Exit 5 when any ID was not decided.
    func resolveOnSeveral(_ decision: Decision, ids: [String], links: [EngineLink], book: DecisionBook) async throws {
        let note = note
        try await connection.withClients(links) { clients throws(CommandFailure) in
            var anyFailed = false
            for id in ids {
                let lookup = await EngineLookup.find(id, links: links, clients: clients)
                guard let hit = lookup.hits.first else {
                    Output.error(lookup.notFound(links))
                    anyFailed = true
                    continue
                }
                guard lookup.hits.count == 1 else {
                    let names = lookup.hits.map { links[$0.index].label }.joined(separator: " and ")
                    let shown = SafeText.line(lookup.id, limit: 40)
                    Output.error("\(shown): on \(names); not decided — "
                        + "say which with --engine NAME or NAME/ID (e.g. \(links[hit.index].label)/\(shown))")
                    anyFailed = true
                    continue
                }
                let sender = CommandDecision(
                    id: lookup.id, decision: decision, note: note, client: clients[hit.index],
                    settings: links[hit.index].settings, book: book, label: links[hit.index].label, before: hit.answer?.item)
                if try await sender.send() == false { anyFailed = true }
            }
            if anyFailed { throw CommandFailure(status: .someIDsFailed, message: nil) }
        }
    }
}
