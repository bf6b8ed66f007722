import Foundation
@testable import LocalEngine
@testable import ReviewModel
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

    @Test("a page of the current engine's list: limit and offset reach it, newest first, with total")
    func pages() async throws {
        try await withEngine { engine in
            let ids = try await enqueue(engine, count: 7)
            try await withClient(engine.baseURL) { client in
                let page = try await client.pending(page: PageRequest(offset: 2, limit: 3, purpose: .sweep))
                #expect(page.total == 7)
                #expect(page.items.count == 3)
                let everything = try await client.pending(page: PageRequest(offset: 0, limit: 500, purpose: .sweep))
                #expect(Set(everything.items.map(\.id)) == Set(ids))
                #expect(page.items.map(\.id) == Array(everything.items.map(\.id)[2..<5]), "newest first, from offset 2")
                let past = try await client.pending(page: PageRequest(offset: 7, limit: 3, purpose: .sweep))
                #expect(past.items.isEmpty && past.total == 7)
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
