import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - One truth on every face (issue 20)

/// What the table's sync promises every face: bursts on capped lists seen whole, the first reads
/// counted as the queue (not arrivals), failures named, unknown counts unknown, the cap said.
@Suite("One truth: bursts, first reads, failures named, the cap")
struct OneTruthTests {
    /// Enqueues `count` requests at `perSecond` on the harness's clock, ticking between them.
    static func burst(_ h: inout SyncHarness, count: Int, perSecond: Double) {
        for _ in 0..<count {
            h.advance(1 / perSecond)
            h.engine.enqueue(1, at: h.now)
        }
    }

    @Test("July stream, 1 s polling: 300 arriving at 100 a second all reach the table, and no outrun is claimed")
    func burstSeenWhole() {
        var h = SyncHarness(SimulatedEngine(.julyStream, seed: 20))
        h.advance(3.7)
        Self.burst(&h, count: 300, perSecond: 100)
        for _ in 0..<10 { h.advance(0.5) }
        #expect(h.state.table.items.count == 300)
        #expect(!h.header.contains("outran"), "\(h.header)")
    }

    @Test("the same burst read once a second loses requests, and the header says arrivals outran the list")
    func burstOutrunsOneReadASecond() {
        var h = SyncHarness(SimulatedEngine(.julyStream, seed: 20)) {
            $0.sync.cappedReadsPerInterval = 1
            $0.sync.burstInterval = 1
            $0.sync.discoveryInterval = 1
        }
        h.advance(3.7)
        Self.burst(&h, count: 300, perSecond: 100)
        h.advance(1)
        #expect(h.state.table.items.count < 300)
        #expect(h.header.contains("arrivals outran the engine's list of 50"), "\(h.header)")
    }

    @Test("July memory, 120 pending: the first reads are the queue — reported as pending, not arrivals — and the selection stays on the first row")
    func firstReadsAreTheQueue() {
        var engine = SimulatedEngine(.julyMemory, seed: 21)
        engine.enqueue(120, at: testNow.addingTimeInterval(-600))
        var h = SyncHarness(engine) { $0.feed = QueueFeed(reports: true) }
        for _ in 0..<40 { h.advance(0.25) }
        #expect(h.state.table.items.count == 120)
        #expect(h.state.sync.settled)
        let arrived = h.reported.filter { if case .arrived = $0 { true } else { false } }
        let listed = Set(h.reported.compactMap { if case .listed(let r) = $0 { r.id } else { nil } })
        #expect(arrived.isEmpty, "\(arrived.count) of the queue as it was reported as arrivals")
        #expect(listed.count == 120)
        #expect(h.state.table.cursorID == h.state.table.order.first)
        #expect(h.state.table.scrollTop == 0)
        h.engine.enqueue(1, at: h.now)
        for _ in 0..<40 where !h.reported.contains(where: { if case .arrived = $0 { true } else { false } }) {
            h.advance(0.5)
        }
        #expect(h.reported.contains { if case .arrived = $0 { true } else { false } }, "a later request is an arrival")
    }

    @Test("a request resolved elsewhere is reported with the engine's resolved_at")
    func resolvedCarriesEngineTime() throws {
        var engine = SimulatedEngine(.current, seed: 22)
        engine.enqueue(3, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine) { $0.feed = QueueFeed(reports: true) }
        h.advance(1)
        let id = try #require(h.state.table.order.first)
        let decidedAt = testNow.addingTimeInterval(-0.5)
        h.engine.resolve(id, .approved, by: "bob", at: decidedAt)
        h.advance(1)
        let change = try #require(h.reported.first { if case .resolved = $0 { true } else { false } })
        #expect(change.request.resolvedAt == decidedAt)
        let line = WatchLine.json(change, at: h.now, queue: "2 pending")
        #expect(line.contains(#""time":"\#(Timestamp.format(decidedAt, fractionDigits: 0))""#), "\(line)")
        #expect(line.contains(#""seen":"\#(Timestamp.format(h.now, fractionDigits: 0))""#), "\(line)")
    }

    @Test("a store failure is named in the header, the count stays, and a retry's status line clears once the engine answers")
    func storeFailureNamed() throws {
        var engine = SimulatedEngine(.julyStream, seed: 23)
        engine.enqueue(5, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        h.advance(1)
        let id = try #require(h.state.table.order.first)
        h.engine.storeDown = true
        h.advance(1)
        #expect(h.header.contains("✖ engine's store failing (Redis)"), "\(h.header)")
        #expect(h.header.contains("5 pending"), "\(h.header)")
        h.press(.char("a"))
        #expect(h.state.status?.text.contains("did not get through") == true, "\(h.state.status?.text ?? "")")
        #expect(h.state.status?.clearsWhenConnected == true)
        h.engine.storeDown = false
        while h.state.sync.connection != .connected { h.advance(0.1) }
        #expect(h.state.status?.text.contains("did not get through") != true, "\(h.state.status?.text ?? "")")
        for _ in 0..<20 { h.advance(1) }
        #expect(h.engine.truth[id]?.status == .approved, "the retry went through")
    }

    @Test("July stream: a request whose record aged out but is still listed leaves once as gone and does not come back")
    func agedOutRecordStaysGone() throws {
        var engine = SimulatedEngine(.julyStream, seed: 26)
        engine.enqueue(5, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine) { $0.feed = QueueFeed(reports: true) }
        h.advance(1)
        let id = try #require(h.state.table.order.first)
        h.engine.ageOutRecord(id)
        for _ in 0..<90 { h.advance(1) }
        #expect(h.engine.list().items.contains { $0.id == id }, "the stream still lists it")
        #expect(h.state.table.items[id] == nil)
        let gone = h.reported.filter { if case .gone(let r) = $0 { r.id == id } else { false } }
        let back = h.reported.filter { if case .arrived(let r) = $0 { r.id == id } else { false } }
        #expect(gone.count == 1 && back.isEmpty, "gone \(gone.count) times, back \(back.count) times")
    }

    @Test("a refused API key: the count is unknown, not zero")
    func unknownCount() {
        var state = ConsoleState(engineLabel: "e", reviewer: "r", now: testNow, size: Size(width: 100, height: 24))
        _ = reduce(&state, .started(testNow))
        _ = reduce(&state, .pollFailed(.unauthorized, at: testNow))
        let header = render(state, size: state.size, theme: .default).text(row: 0)
        #expect(header.contains("? pending") && !header.contains("0 pending"), "\(header)")
        #expect(header.contains("API key refused"), "\(header)")
    }

    @Test("current engine: right after a decision the header counts it gone, not '0 of 1 pending'")
    func countAfterDecision() {
        var engine = SimulatedEngine(.current, seed: 24)
        engine.enqueue(1, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        h.advance(1)
        h.press(.char("a"))
        #expect(h.state.table.items.isEmpty)
        #expect(h.header.contains("0 pending") && !h.header.contains(" of "), "\(h.header)")
    }

    @Test("at --max-requests, a filter that matches nothing held says what it cannot see", arguments: [Size(width: 80, height: 24)])
    func capAndFilter(size: Size) {
        var engine = SimulatedEngine(.current, seed: 25)
        engine.enqueue(6, at: testNow.addingTimeInterval(-600))
        var h = SyncHarness(engine, size: size) { $0.sync.maxRequests = 5 }
        h.advance(1)
        h.press(.char("/"))
        for character in "act_6" { h.press(.char(character)) }
        h.press(.enter)
        let grid = render(h.state, size: size, theme: .default)
        let screen = grid.lines.joined(separator: "\n")
        #expect(screen.contains("No held request matches."))
        #expect(screen.contains("1 newer not shown (--max-requests 5)"))
        #expect(grid.text(row: 0).contains("0 shown · 5 of 6 pending"), "\(grid.text(row: 0))")
        assertGolden(grid, "cap-filter-80x24")
    }
}
