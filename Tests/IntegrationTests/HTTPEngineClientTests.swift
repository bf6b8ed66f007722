import Foundation
import LocalEngine
import ReviewModel
import Testing
@testable import LeluClient

// MARK: - Routes

@Suite("HTTPEngineClient against the local engine")
struct HTTPEngineClientTests {
    @Test("healthz, pending, item: the read routes")
    func readRoutes() async throws {
        try await withEngine { engine in
            let ids = try await enqueue(engine, count: 3)
            try await withClient(engine.baseURL) { client in
                let health = try await client.health()
                #expect(health.status == "ok")
                let list = try await client.pending()
                #expect(Set(list.items.map(\.id)) == Set(ids))
                #expect(list.reportedCount == 3)
                #expect(list.skipped == 0)
                let item = try await client.item(id: ids[0])
                #expect(item.id == ids[0])
                #expect(item.status == .pending)
                #expect(item.action == "issue_refund")
                #expect(item.actor == "support_agent")
                #expect(item.resource["order_id"] == "ord_0")
                #expect(abs(item.confidence - 0.78) < 1e-9)
                #expect(item.enqueuedAt.map { abs($0.timeIntervalSinceNow) < 60 } == true)
            }
        }
    }

    @Test("approve and deny record the reviewer and note; the item leaves the pending list")
    func resolve() async throws {
        try await withEngine { engine in
            let ids = try await enqueue(engine, count: 2)
            try await withClient(engine.baseURL) { client in
                try await client.resolve(id: ids[0], decision: .approve, resolvedBy: "alice@host", note: "ticket 9921")
                try await client.resolve(id: ids[1], decision: .deny, resolvedBy: "bob@host", note: "")
                let approved = try await client.item(id: ids[0])
                #expect(approved.status == .approved)
                #expect(approved.resolvedBy == "alice@host")
                #expect(approved.resolutionNote == "ticket 9921")
                #expect(approved.resolvedAt != nil)
                let denied = try await client.item(id: ids[1])
                #expect(denied.status == .denied)
                #expect(denied.resolvedBy == "bob@host")
                #expect(try await client.pending().items.isEmpty)
            }
        }
    }

    @Test("a second decision is alreadyResolved naming the first one's status")
    func alreadyResolved() async throws {
        try await withEngine { engine in
            let ids = try await enqueue(engine, count: 2)
            try await withClient(engine.baseURL) { client in
                try await client.resolve(id: ids[0], decision: .approve, resolvedBy: "a", note: "")
                try await client.resolve(id: ids[1], decision: .deny, resolvedBy: "a", note: "")
                for decision in Decision.allCases {
                    await #expect(throws: EngineError.alreadyResolved(id: ids[0], status: .approved)) {
                        try await client.resolve(id: ids[0], decision: decision, resolvedBy: "b", note: "")
                    }
                    await #expect(throws: EngineError.alreadyResolved(id: ids[1], status: .denied)) {
                        try await client.resolve(id: ids[1], decision: decision, resolvedBy: "b", note: "")
                    }
                }
                #expect(try await client.item(id: ids[0]).resolvedBy == "a")
            }
        }
    }

    @Test("unknown IDs: 404 on read, 400 not found on resolve, both notFound; odd IDs stay one path segment")
    func unknownIDs() async throws {
        try await withEngine { engine in
            try await withClient(engine.baseURL) { client in
                let id = "9d9f0c4e-0000-4000-8000-000000000000"
                await #expect(throws: EngineError.notFound(id: id)) { try await client.item(id: id) }
                await #expect(throws: EngineError.notFound(id: id)) {
                    try await client.resolve(id: id, decision: .approve, resolvedBy: "a", note: "")
                }
                for odd in ["../../healthz", "a/b", "a?b=c", "x#y", "ünï cödé", "%2e%2e"] {
                    await #expect(throws: EngineError.self, "\(odd)") { try await client.item(id: odd) }
                }
            }
        }
    }

    @Test("a wrong or missing key is unauthorized")
    func unauthorized() async throws {
        try await withEngine { engine in
            for key in ["lelu_test_wrong", nil] as [String?] {
                try await withClient(engine.baseURL, key: key) { client in
                    await #expect(throws: EngineError.unauthorized) { try await client.pending() }
                    await #expect(throws: EngineError.unauthorized) { try await client.item(id: "x") }
                    await #expect(throws: EngineError.unauthorized) {
                        try await client.resolve(id: "x", decision: .deny, resolvedBy: "a", note: "")
                    }
                    let value99 = try await client.health()
                    #expect(value99.status == "ok")
                }
            }
        }
    }

    @Test("an engine started without a key is misconfigured; an insecure one needs none")
    func keylessAndInsecure() async throws {
        try await withEngine(.init(apiKey: nil)) { engine in
            try await withClient(engine.baseURL, key: nil) { client in
                await #expect(throws: EngineError.misconfigured) { try await client.pending() }
                await #expect(throws: EngineError.misconfigured) {
                    try await client.resolve(id: "x", decision: .approve, resolvedBy: "a", note: "")
                }
            }
        }
        try await withEngine(.init(apiKey: nil, insecure: true)) { engine in
            let ids = try await enqueue(engine, count: 1, key: nil)
            try await withClient(engine.baseURL, key: nil) { client in
                #expect(try await client.pending().items.map(\.id) == ids)
                try await client.resolve(id: ids[0], decision: .approve, resolvedBy: "a", note: "")
                #expect(try await client.item(id: ids[0]).status == .approved)
            }
        }
    }

    @Test("a base URL with a path prefix reaches the engine through a proxy")
    func pathPrefix() async throws {
        try await withEngine { engine in
            let ids = try await enqueue(engine, count: 2)
            let log = PathLog()
            try await withServer(prefixProxy(to: engine.baseURL, log: log)) { proxy in
                for base in [proxy + "/lelu", proxy + "/lelu/"] {
                    try await withClient(base) { client in
                        let value133 = try await client.health()
                        #expect(value133.status == "ok")
                        let value134 = try await client.pending()
                        #expect(Set(value134.items.map(\.id)) == Set(ids))
                        let value135 = try await client.item(id: ids[0])
                        #expect(value135.id == ids[0])
                    }
                }
                try await withClient(proxy + "/lelu") { client in
                    try await client.resolve(id: ids[1], decision: .deny, resolvedBy: "proxy", note: "")
                    await #expect(throws: EngineError.alreadyResolved(id: ids[1], status: .denied)) {
                        try await client.resolve(id: ids[1], decision: .approve, resolvedBy: "proxy", note: "")
                    }
                }
                let paths = await log.paths
                #expect(paths.allSatisfy { $0.hasPrefix("/lelu/") && !$0.hasPrefix("/lelu//") }, "\(paths)")
                #expect(paths.contains("/lelu/v1/queue/\(ids[1])/deny"))
                // Without the prefix the proxy has nothing: proof the prefix is really used. A bare 404
                // on the list is a route the server lacks: the message asks about the base URL.
                try await withClient(proxy) { client in
                    await #expect(throws: EngineError.noSuchRoute(path: "/v1/queue/pending")) { try await client.pending() }
                }
            }
            #expect(try await withClient(engine.baseURL) { try await $0.item(id: ids[1]).resolvedBy } == "proxy")
        }
    }
}

// MARK: - Transport failures

@Suite("HTTPEngineClient transport failures")
struct TransportFailureTests {
    @Test("a body over the cap is responseTooLarge, with or without a Content-Length", arguments: [true, false])
    func tooLarge(declareLength: Bool) async throws {
        let limit = 16 * 1024 * 1024
        try await withServer(oversizedServer(size: limit + (1 << 20), declareLength: declareLength)) { base in
            try await withClient(base) { client in
                await #expect(throws: EngineError.responseTooLarge(limit: limit)) { try await client.pending() }
            }
        }
    }

    @Test("the cap is configurable and applies to real engine answers")
    func smallCap() async throws {
        try await withEngine { engine in
            _ = try await enqueue(engine, count: 3)
            // Three items (with their payload fingerprints) are over 600 bytes; /healthz is under.
            try await withClient(engine.baseURL, limit: 600) { client in
                await #expect(throws: EngineError.responseTooLarge(limit: 600)) { try await client.pending() }
                let value177 = try await client.health()
                #expect(value177.status == "ok")
            }
        }
    }

    @Test("a closed port is unreachable (refused, not a timeout), and the message names the engine")
    func unreachable() async throws {
        let port = try await closedPort()
        let base = "http://127.0.0.1:\(port)"
        try await withClient(base) { client in
            do throws(EngineError) {
                _ = try await client.pending()
                Issue.record("expected unreachable")
            } catch {
                guard case .unreachable(let detail) = error else { Issue.record("got \(error)"); return }
                #expect(detail.contains("refused"), "\(detail)")
                #expect(error.message(engine: base).contains(base))
                #expect(!error.message(engine: base).contains(testKey))
            }
        }
    }

    @Test("an unresolvable host is unreachable")
    func badHost() async throws {
        try await withClient("http://no-such-host.invalid:8080") { client in
            do throws(EngineError) {
                _ = try await client.pending()
                Issue.record("expected unreachable")
            } catch {
                guard case .unreachable = error else { Issue.record("got \(error)"); return }
            }
        }
    }

    @Test("no answer within the request timeout is timeout")
    func timeout() async throws {
        let release = ServerRelease()
        try await withServer(slowServer(delay: .seconds(5), release: release)) { base in
            defer { release.release() }
            // The server answers after 5 s; a 0.5 s client gets .timeout (speed is measured in lelu-bench, not here).
            try await withClient(base, timeout: .milliseconds(500)) { client in
                await #expect(throws: EngineError.timeout) { try await client.pending() }
            }
        }
    }

    @Test("connections are reused across calls")
    func reuse() async throws {
        let log = PeerLog()
        try await withServer(peerCountingServer(log: log)) { base in
            try await withClient(base) { client in
                for _ in 0..<50 { _ = try await client.health() }
            }
        }
        let ports = await log.ports
        #expect(ports.count == 1, "50 sequential calls used \(ports.count) connections")
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

@Suite("First writer wins")
struct RaceTests {
    @Test("two clients resolving the same 200 items: each exactly once, every loser names the winner's status")
    func race() async throws {
        let engine = try await LocalEngine.start(.init(apiKey: testKey))
        // A generous timeout: this proves first-writer-wins, not speed (400 requests at once on 2 cores).
        let approver = HTTPEngineClient(configuration: .init(
            baseURL: try url(engine.baseURL), apiKey: testKey, requestTimeout: .seconds(60)))
        let denier = HTTPEngineClient(configuration: .init(
            baseURL: try url(engine.baseURL), apiKey: testKey, requestTimeout: .seconds(60)))
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
