@testable import ConsoleRuntime
import Foundation
@testable import LeluClient
@testable import LocalEngine
@testable import ReviewModel
import Testing

// MARK: - Bursts and store outages on a real engine

/// The table against the local engine over real HTTP: a burst faster than a July Redis store's
/// list of 50 is seen whole, and a store outage is named in the header and gone when it ends.
@Suite("Real engine: bursts on a capped list, a failing store", .serialized)
struct BurstAndOutageTests {
    /// The July engine with its Redis-stream list (the 50 newest records, resolved or not).
    static let julyStream = LocalEngineConfiguration(apiKey: testKey, dialect: .july2026, store: .stream)

    /// An engine, a client and a console on them, for `body`; all stopped afterwards.
    @MainActor
    func withConsole(
        _ configuration: LocalEngineConfiguration, interval: TimeInterval,
        _ body: (LocalEngine, HeadlessConsole) async throws -> Void
    ) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-burst-\(UUID().uuidString)")
        let engine = try await LocalEngine.start(configuration)
        let client = HTTPEngineClient(configuration: .init(baseURL: try url(engine.baseURL), apiKey: testKey))
        let console = HeadlessConsole(client: client, engineURL: engine.baseURL, reviewer: "oncall",
                                      journalPath: dir.appendingPathComponent("j.jsonl").path) {
            $0.pollInterval = interval
        }
        do {
            try await body(engine, console)
        } catch {
            await client.shutdown()
            await engine.stop()
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        await client.shutdown()
        await engine.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    /// Steps `console` until `done` holds (at most `limit`): the loop a reviewer's console runs.
    @MainActor
    func step(_ console: HeadlessConsole, limit: Duration = .seconds(30), until done: () -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !done(), ContinuousClock.now < deadline {
            console.step()
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The console's header as drawn now.
    @MainActor
    func header(_ console: HeadlessConsole) -> String {
        render(console.state, size: console.state.size, theme: .default).text(row: 0)
    }

    @Test("July stream store, 1 s polling: 300 requests enqueued at 100 a second all reach the table")
    @MainActor
    func burstReachesTheTable() async throws {
        try await withConsole(Self.julyStream, interval: 1) { engine, console in
            console.begin()
            try await step(console) { console.state.sync.lastGoodPoll != nil }
            // 300 agents, one every 10 ms, while the console runs.
            let base = engine.baseURL
            let agents = Task.detached {
                let start = ContinuousClock.now
                for i in 0..<300 {
                    try await Task.sleep(until: start + .milliseconds(10 * i))
                    try await enqueueForReview(base, key: testKey, action: "burst_\(i)")
                }
            }
            try await step(console, limit: .seconds(40)) { console.state.table.items.count >= 300 }
            try await agents.value
            #expect(console.state.table.items.count == 300, "\(header(console))")
            #expect(!header(console).contains("outran"), "\(header(console))")
        }
    }

    @Test("a failing store is named in the header, the rows stay, and the header is clear once it answers again")
    @MainActor
    func storeOutageNamed() async throws {
        try await withConsole(Self.julyStream, interval: 0.2) { engine, console in
            for action in ["a", "b", "c"] { try await enqueueForReview(engine.baseURL, key: testKey, action: action) }
            console.begin()
            try await step(console) { console.state.table.items.count == 3 }
            engine.setStoreFailing(true)
            try await step(console) { header(console).contains("engine's store failing (Redis)") }
            #expect(header(console).contains("✖ engine's store failing (Redis)"), "\(header(console))")
            #expect(console.state.table.items.count == 3, "the rows stay while the store fails")
            engine.setStoreFailing(false)
            try await step(console) { console.state.sync.connection == .connected }
            #expect(header(console).contains("● connected") && !header(console).contains("store"), "\(header(console))")
        }
    }
}
