import AsyncHTTPClient
import Foundation
import NIOCore
@testable import ReviewModel
import Testing

// MARK: - The whole queue, end to end (issue 13)

/// The real `lelu-console` in tmux against the July engine (`lelu-local-engine --dialect 2026-07`)
/// with 120 pending requests, more than the 50 it lists at a time.
///
/// The memory store answers a random 50 each time; the stream store (the July Redis store) lists
/// the 50 newest and keeps listing resolved requests as pending. The only timings asserted are
/// the issue's acceptance: "≥ 120 pending" within 15 s, a request resolved elsewhere gone within 35 s.
@Suite("Whole queue end to end (tmux, July engine)", .serialized)
struct WholeQueueEndToEndTests {
    /// The engine's API key.
    static let key = "lelu_test_whole_queue_41d7"
    /// How many requests wait: more than twice the engine's cap of 50.
    static let pending = 120

    // MARK: - Tests

    /// Memory store: the count comes right, the table holds still, and `a` decides what is selected.
    @Test("memory store, 120 pending: '≥ 120 pending' within 15 s, the selection and the rows hold still over 10 polls, a approves exactly the selected request")
    func memoryStoreHoldsStill() async throws {
        let fixture = try await WholeQueueFixture(store: "memory", count: Self.pending)
        defer { fixture.stop() }
        let tmux = try fixture.console()
        try tmux.waitFor("the first rows", timeout: 60) { !TableScreen($0).rows.isEmpty }
        try tmux.waitFor("the header's '≥ \(Self.pending) pending'", timeout: 15) {
            $0.contains("≥ \(Self.pending) pending")
        }
        let header = try tmux.capture().split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("engine lists 50 at a time"), "the header says the engine's cap: \(header)")

        let samples = try sampleTable(tmux, every: 1, count: 11)
        let selected = try #require(samples.first?.selected, "a row is selected")
        #expect(samples.allSatisfy { $0.selected == selected }, "the selection moved: \(samples.map(\.selected))")
        #expect(samples.allSatisfy { $0.rows == samples[0].rows }, "rows changed place with nothing arriving or leaving")
        #expect(samples.allSatisfy { $0.header.contains("≥ \(Self.pending) pending") }, "no row left")

        let id = try fixture.fullID(selected)
        let action = try #require(fixture.actions[id])
        try tmux.send("a")
        try tmux.waitFor(text: "approved \(action) (\(id.prefix(8)))", timeout: 10)
        let decided = try await fixture.waitUntilResolved(id, timeout: 20)
        #expect(decided.status == .approved && decided.resolvedBy == "e2e@test", "\(decided.status) by \(decided.resolvedBy ?? "-")")
        let others = try await fixture.resolved(except: id)
        #expect(others.isEmpty, "requests resolved besides the selected one: \(others)")
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0", timeout: 20)
    }

    /// Stream store: a request resolved by another client leaves, said on the status line, and stays gone.
    @Test("stream store, 120 pending: a request on screen approved by another client leaves within 35 s, saying 'resolved elsewhere', and stays gone")
    func streamStoreResolvedElsewhere() async throws {
        let fixture = try await WholeQueueFixture(store: "stream", count: Self.pending)
        defer { fixture.stop() }
        let tmux = try fixture.console()
        // The stream lists only the 50 newest: those are all the console can know of.
        try tmux.waitFor(text: "≥ 50 pending", timeout: 60)
        let rows = TableScreen(try tmux.capture()).rows
        let target = try #require(rows.dropFirst(2).first, "a third row on screen")
        let id = try fixture.fullID(target.id)
        let action = try #require(fixture.actions[id])
        try await withClient(fixture.engine.baseURL, key: Self.key) { client in
            _ = try await client.resolve(id: id, decision: .approve, resolvedBy: "bob", note: "from another console")
        }

        let message = "resolved elsewhere: approved by bob — \(action) (\(id.prefix(8)))"
        var said = false
        try tmux.waitFor("\(id.prefix(8)) to leave the table", timeout: 35) { screen in
            said = said || screen.contains(message)
            return !TableScreen(screen).contains(id)
        }
        said = said || (try? tmux.waitFor(text: message, timeout: 2)) != nil
        #expect(said, "the status line said \"\(message)\"")

        // The engine still lists it as pending; the console keeps it out over the next polls.
        let listed = try await withClient(fixture.engine.baseURL, key: Self.key) { client in
            try await client.pending().items.contains { $0.id == id }
        }
        #expect(listed, "the stream store still lists the resolved request (the case under test)")
        let after = try sampleTable(tmux, every: 1, count: 4)
        #expect(after.allSatisfy { !$0.rows.contains { id.hasPrefix($0.id) } }, "the resolved row came back")
        #expect(after.allSatisfy { $0.header.contains("≥ 49 pending") }, "\(after.map(\.header))")
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0", timeout: 20)
    }

    // MARK: - Sampling

    /// Reads the table `count` times, `every` seconds apart.
    private func sampleTable(_ tmux: Tmux, every interval: TimeInterval, count: Int) throws -> [TableScreen] {
        var samples: [TableScreen] = []
        for index in 0..<count {
            if index > 0 { Thread.sleep(forTimeInterval: interval) }
            samples.append(TableScreen(try tmux.capture()))
        }
        return samples
    }
}

// MARK: - Fixture

/// A July engine with `count` pending requests, and the console started against it.
private struct WholeQueueFixture {
    /// The engine process.
    let engine: EngineProcess
    /// The IDs the engine lists, at most its cap at a time (all of them on the memory store).
    let ids: [String]
    /// Each listed ID's action (`refund_000` is the oldest, then `refund_001`, …).
    let actions: [String: String]
    /// The console's private home.
    let home: URL

    /// Starts `lelu-local-engine --dialect 2026-07 --store <store>`, enqueues `count` requests and learns their IDs.
    ///
    /// The July engine's reply has no `review_id`, so the IDs come from its lists: the memory
    /// store's random 50 until all `count` were seen, the stream store's 50 newest.
    init(store: String, count: Int) async throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        engine = try await EngineProcess(
            arguments: ["--api-key", WholeQueueEndToEndTests.key, "--dialect", "2026-07", "--store", store],
            environment: ["PATH": path])
        let listed: [String: String]
        do {
            for index in 0..<count { try await Self.authorize(engine.baseURL, action: Self.action(index)) }
            listed = try await Self.listed(engine.baseURL, expecting: store == "memory" ? count : min(count, 50))
        } catch {
            engine.stop()
            throw error
        }
        actions = listed
        ids = listed.keys.sorted { listed[$0, default: ""] < listed[$1, default: ""] }
        home = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-whole-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    /// The action of the `index`th request (`refund_007`).
    static func action(_ index: Int) -> String { "refund_" + String(format: "%03d", index) }

    /// `POST /v1/agent/authorize` at confidence 0.78: queued for review.
    static func authorize(_ base: String, action: String) async throws {
        try await enqueueForReview(base, key: WholeQueueEndToEndTests.key, action: action)
    }

    /// Reads the engine's list until `expected` distinct IDs were seen; returns each one's action.
    static func listed(_ base: String, expecting expected: Int) async throws -> [String: String] {
        try await withClient(base, key: WholeQueueEndToEndTests.key) { client in
            var seen: [String: String] = [:]
            var reads = 0
            while seen.count < expected, reads < 500 {
                reads += 1
                for item in try await client.pending().items { seen[item.id] = item.action }
            }
            guard seen.count == expected else {
                throw SetupFailure(description: "the engine listed \(seen.count) of \(expected) requests")
            }
            return seen
        }
    }

    /// Stops the engine and removes the home.
    func stop() {
        engine.stop()
        try? FileManager.default.removeItem(at: home)
    }

    /// `lelu-console` at one poll a second in a 120x30 pane (wide enough for the header's notes).
    func console() throws -> Tmux {
        let console = try Binaries.path("lelu-console").path
        let environment = [
            "TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": home.path, "LELU_HOME": home.path,
            "XDG_STATE_HOME": home.appendingPathComponent("state").path,
            "LELU_API_KEY": WholeQueueEndToEndTests.key, "USER": "tester",
        ]
        return try Tmux(
            command: "\(console) --engine \(engine.baseURL) --reviewer e2e@test --interval 1",
            width: 120, height: 30, environment: environment)
    }

    /// The one enqueued ID that starts with what the table shows.
    func fullID(_ shown: String) throws -> String {
        let matches = ids.filter { $0.hasPrefix(shown) }
        try #require(matches.count == 1, "\(shown) names \(matches.count) enqueued requests")
        return try #require(matches.first)
    }

    /// Reads `id` from the engine until it is no longer pending.
    func waitUntilResolved(_ id: String, timeout: TimeInterval) async throws -> ReviewRequest {
        let deadline = Date().addingTimeInterval(timeout)
        return try await withClient(engine.baseURL, key: WholeQueueEndToEndTests.key) { client in
            while true {
                let item = try await client.item(id: id)
                if item.status != .pending || Date() >= deadline { return item }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Every enqueued request but `id` that the engine no longer has pending, with its status.
    func resolved(except id: String) async throws -> [String] {
        let others = ids.filter { $0 != id }
        return try await withClient(engine.baseURL, key: WholeQueueEndToEndTests.key) { client in
            var resolved: [String] = []
            for other in others {
                let item = try await client.item(id: other)
                if item.status != .pending { resolved.append("\(other.prefix(8)) \(item.status)") }
            }
            return resolved
        }
    }
}

// MARK: - Reading the screen

/// The console's screen as rows: the header, and each table row's shown ID and selection.
private struct TableScreen {
    /// One table row.
    struct Row: Equatable {
        /// The ID as the ID column shows it (a prefix of the full ID).
        var id: String
        /// Whether the row has the cursor (`▶`).
        var selected: Bool
    }

    /// The header line.
    let header: String
    /// The table's rows, top to bottom.
    let rows: [Row]

    /// Parses a captured screen: header, column titles, rows, then the status line and the key bar.
    init(_ screen: String) {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        header = lines.first ?? ""
        rows = lines.dropFirst(2).dropLast(3).compactMap { line in
            let marker = line.prefix(2)
            let fields = line.dropFirst(2).split(separator: " ")
            guard let shown = fields.first?.prefix(while: { $0.isHexDigit || $0 == "-" }), shown.count >= 8 else {
                return nil
            }
            return Row(id: String(shown), selected: marker.hasPrefix("▶"))
        }
    }

    /// The selected row's shown ID.
    var selected: String? { rows.first { $0.selected }?.id }

    /// Whether a row shows (a prefix of) `id`.
    func contains(_ id: String) -> Bool { rows.contains { id.hasPrefix($0.id) } }
}

// MARK: - Helpers


