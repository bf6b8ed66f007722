import Foundation
import LeluClient
import ReviewModel

// MARK: - approve / deny on several engines

extension ResolveOptions {
    /// Decides each ID on the engine that has it: asked of every engine at once; an ID on none
    /// is not found, an ID on two or more is refused with the engines named (`--engine NAME`, or
    /// `NAME/ID`, says which). Exit 5 when any ID was not decided.
    func resolveOnSeveral(_ decision: Decision, ids: [String], links: [EngineLink], book: DecisionBook) async throws {
        let note = note
        try await connection.withClients(links) { clients throws(CommandFailure) in
            var anyFailed = false
            for id in ids {
                let (found, askedID) = await Self.engines(having: id, links: links, clients: clients)
                guard let index = found.first else {
                    Output.error("\(SafeText.line(askedID, limit: 40)): not found on any engine (\(links.map(\.label).joined(separator: ", ")))")
                    anyFailed = true
                    continue
                }
                guard found.count == 1 else {
                    let names = found.map { links[$0].label }.joined(separator: " and ")
                    Output.error("\(SafeText.line(askedID, limit: 40)): on \(names); not decided — "
                        + "say which with --engine NAME or NAME/ID (e.g. \(links[found[0]].label)/\(SafeText.line(askedID, limit: 40)))")
                    anyFailed = true
                    continue
                }
                let sender = CommandDecision(
                    id: askedID, decision: decision, note: note, client: clients[index], settings: links[index].settings,
                    book: book, label: links[index].label)
                if try await sender.send() == false { anyFailed = true }
            }
            if anyFailed { throw CommandFailure(status: .someIDsFailed, message: nil) }
        }
    }

    /// The engines (indexes into `links`) that have `id`, and the engine's own ID; `NAME/ID` names the engine itself.
    static func engines(having id: String, links: [EngineLink], clients: [HTTPEngineClient]) async -> ([Int], String) {
        if let label = RowKey.engine(of: id), let index = links.firstIndex(where: { $0.label == label }) {
            return ([index], RowKey.requestID(of: id, engine: label))
        }
        var found: [Int] = []
        await withTaskGroup(of: Int?.self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask {
                    do throws(EngineError) {
                        _ = try await client.item(id: id)
                        return index
                    } catch {
                        // Not found, or not answering: only an engine that has the ID can take it.
                        return nil
                    }
                }
            }
            for await index in group { if let index { found.append(index) } }
        }
        return (found.sorted(), id)
    }
}
