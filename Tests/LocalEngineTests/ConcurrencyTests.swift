import AsyncHTTPClient
import Foundation
import Testing
@testable import LocalEngine

// MARK: - Concurrency

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("1,000 concurrent authorizes, then two clients race to resolve 200 items: each resolves once, the loser gets 409")
    func racingResolvers() async throws {
        try await withEngine(LocalEngineConfiguration(apiKey: testKey, listLimit: 5_000)) { client, engine in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<1_000 {
                    group.addTask { try await client.enqueue(actor: "agent_\(index)") }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(ids).count == 1_000)
            #expect(try await client.get("/v1/queue/pending").json["count"] as? Int == 1_000)

            let second = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
                timeout: .init(connect: .seconds(60)),
                connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)))
            let rival = EngineClient(http: second, baseURL: engine.baseURL, key: testKey)
            let targets = Array(ids.prefix(200))
            let results: [(id: String, verb: String, reply: Reply)]
            do {
                results = try await withThrowingTaskGroup(of: (String, String, Reply).self) { group in
                    for id in targets {
                        group.addTask { (id, "approve", try await client.post("/v1/queue/\(id)/approve", #"{"resolved_by":"alice"}"#)) }
                        group.addTask { (id, "deny", try await rival.post("/v1/queue/\(id)/deny", #"{"resolved_by":"bob"}"#)) }
                    }
                    return try await group.reduce(into: []) { $0.append(($1.0, $1.1, $1.2)) }
                }
            } catch {
                try await second.shutdown()
                throw error
            }
            try await second.shutdown()

            #expect(results.count == 400)
            let winners = results.filter { $0.reply.status == 200 }
            #expect(winners.count == 200)
            #expect(Set(winners.map(\.id)) == Set(targets))
            for id in targets {
                let pair = results.filter { $0.id == id }
                let winner = try #require(pair.first { $0.reply.status == 200 }, "nobody resolved \(id)")
                let loser = try #require(pair.first { $0.reply.status != 200 }, "both resolved \(id)")
                let status = winner.verb == "approve" ? "approved" : "denied"
                #expect(loser.reply.status == 409)
                #expect(loser.reply.text == #"{"success":false,"error":"this item was already resolved; your decision was not applied","current_status":""# + status + "\"}\n")
                let item = try await client.get("/v1/queue/\(id)").json
                #expect(item["status"] as? String == status)
                #expect(item["resolved_by"] as? String == (winner.verb == "approve" ? "alice" : "bob"))
            }
            #expect(try await client.get("/v1/queue/pending").json["count"] as? Int == 800)
        }
    }
}
