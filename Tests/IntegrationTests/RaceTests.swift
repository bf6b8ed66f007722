import Foundation
@testable import LocalEngine
@testable import ReviewModel
import Testing
@testable import LeluClient

@Suite("First writer wins")
struct RaceTests {
    @Test("two clients resolving the same 200 items: each exactly once, every loser names the winner's status")
    func race() async throws {
        let engine = try await LocalEngine.start(.init(apiKey: testKey))
        // Generous timeouts, to connect too: this proves first-writer-wins, not speed (400 requests
        // at once on 2 cores, beside the other suites; the 2 s default connect timeout was hit under load).
        let approver = HTTPEngineClient(configuration: .init(
            baseURL: try url(engine.baseURL), apiKey: testKey, connectTimeout: .seconds(60), requestTimeout: .seconds(60)))
        let denier = HTTPEngineClient(configuration: .init(
            baseURL: try url(engine.baseURL), apiKey: testKey, connectTimeout: .seconds(60), requestTimeout: .seconds(60)))
        do {
            let ids = try await enqueue(engine, count: 200)
            let outcomes = await Self.resolveConcurrently(ids: ids, approver: approver, denier: denier)
            try await Self.check(ids: ids, outcomes: outcomes, reader: approver)
        } catch {
            Issue.record(error)
        }
        await approver.shutdown()
        await denier.shutdown()
        await engine.stop()
    }

    /// Both clients try every ID at once, in random order per ID.
    static func resolveConcurrently(ids: [String], approver: HTTPEngineClient, denier: HTTPEngineClient) async -> [Outcome] {
        await withTaskGroup(of: Outcome.self) { group in
            for id in ids {
                let pair: [(HTTPEngineClient, Decision)] = [(approver, .approve), (denier, .deny)]
                for (client, decision) in pair.shuffled() {
                    group.addTask { await attempt(client, id: id, decision: decision) }
                }
            }
            var all: [Outcome] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
    }

    /// Exactly one winner per ID; the loser's error names the winner's status; the engine agrees.
    static func check(ids: [String], outcomes: [Outcome], reader: HTTPEngineClient) async throws {
        #expect(outcomes.count == 2 * ids.count)
        let byID = Dictionary(grouping: outcomes, by: \.id)
        var wins = 0
        for id in ids {
            let pair = byID[id] ?? []
            let winners = pair.filter { $0.error == nil }
            let losers = pair.filter { $0.error != nil }
            #expect(winners.count == 1 && losers.count == 1, "\(id)")
            guard let winner = winners.first, let loser = losers.first else { continue }
            wins += 1
            let expected = EngineError.alreadyResolved(id: id, status: winner.decision.resultingStatus)
            #expect(loser.error == expected)
            let item = try await reader.item(id: id)
            #expect(item.status == winner.decision.resultingStatus)
            #expect(item.resolvedBy == winner.decision.rawValue)
        }
        #expect(wins == ids.count)
        let left = try await reader.pending()
        #expect(left.items.isEmpty)
    }
}

// MARK: - Races

/// One resolve attempt's outcome: who tried, and the error if it lost.
struct Outcome: Sendable {
    var id: String
    var decision: Decision
    var error: EngineError?
}

/// Resolves `id` with `decision` (reviewer named after the decision) and reports the outcome.
func attempt(_ client: HTTPEngineClient, id: String, decision: Decision) async -> Outcome {
    do throws(EngineError) {
        try await client.resolve(id: id, decision: decision, resolvedBy: decision.rawValue, note: "")
        return Outcome(id: id, decision: decision, error: nil)
    } catch {
        return Outcome(id: id, decision: decision, error: error)
    }
}
