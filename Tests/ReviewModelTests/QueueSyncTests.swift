import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - The whole queue

/// The table against each engine's list behaviour (docs/engines.md#the-pending-list), at an
/// injected clock: capped random answers, stream listings with stale statuses, shifting pages.
@Suite("Queue sync: the whole queue, on every engine")
struct QueueSyncTests {
    @Test("July in memory, 120 pending, random 50 a poll: every one is shown within 15 s, as ≥ 120, and none leaves")
    func julyMemoryFindsEveryRequest() {
        var engine = SimulatedEngine(.julyMemory, seed: 1)
        engine.enqueue(120, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        var largest = 0
        for _ in 0..<60 {
            h.advance(0.25)
            #expect(h.state.table.items.count >= largest, "a row left while every request was pending")
            largest = h.state.table.items.count
        }
        #expect(h.state.table.items.count == 120)
        #expect(h.header.contains("≥ 120 pending") && h.header.contains("engine lists 50 at a time"), "\(h.header)")
    }

    @Test("July stream: a request decided elsewhere is still listed as pending, leaves within 30 s, and stays gone")
    func julyStreamResolvedElsewhereLeaves() throws {
        var engine = SimulatedEngine(.julyStream, seed: 2)
        engine.enqueue(80, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        h.advance(1)
        let id = try #require(h.state.table.order.last)
        h.engine.resolve(id, .approved, by: "bob")
        var left: TimeInterval?
        for second in 1...40 {
            h.advance(1)
            if left == nil, h.state.table.items[id] == nil {
                left = TimeInterval(second)
                #expect(h.state.status?.text.contains("resolved elsewhere: approved by bob") == true,
                        "\(h.state.status?.text ?? "")")
            }
        }
        let seconds = try #require(left, "the row never left")
        #expect(seconds <= 30)
        #expect(h.engine.list().items.contains { $0.id == id }, "the stream still lists it as pending")
        #expect(h.state.table.items[id] == nil, "and it did not come back")
    }

    @Test("July stream: a row seen once stays, checked, after it drops out of the engine's 50 newest")
    func julyStreamKeepsOlderRows() {
        var engine = SimulatedEngine(.julyStream, seed: 3)
        engine.enqueue(30, at: testNow.addingTimeInterval(-120))
        var h = SyncHarness(engine)
        h.advance(1)
        #expect(h.state.table.items.count == 30)
        h.engine.enqueue(40, at: testNow)
        for _ in 0..<40 { h.advance(1) }
        #expect(h.state.table.items.count == 70, "the 20 oldest are no longer listed but are still pending")
        let oldest = "r00001"
        #expect(h.checks.contains { $0.1 == oldest }, "and they are checked")
    }

    @Test("checks: at most 10 GETs in any second, and every row of 300 (the stream's, read as they came) is checked within 60 s")
    func checkBudget() {
        // The stream store, where every row is checked by GET (a memory listing counts as a check).
        var engine = SimulatedEngine(.julyStream, seed: 4)
        engine.enqueue(50, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        for _ in 0..<5 {
            h.engine.enqueue(50, at: h.now)
            h.advance(1)
        }
        #expect(h.state.table.items.count == 300)
        for _ in 0..<240 { h.advance(0.25) }
        // Any second, not only whole ones: from each check, the checks less than a second later.
        let times = h.checks.map(\.0)
        let busiest = times.map { start in times.filter { $0 >= start && $0.timeIntervalSince(start) < 1 }.count }.max() ?? 0
        #expect(busiest <= 10, "\(busiest) GETs in one second")
        #expect(Set(h.checks.map(\.1)).count == 300, "\(Set(h.checks.map(\.1)).count) rows checked")
    }

    @Test("a failed check marks the row with ?, keeps it, and the next good check clears the mark")
    func failedCheckMarksTheRow() throws {
        var engine = SimulatedEngine(.julyStream, seed: 5)
        engine.enqueue(3, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        let id = try #require(h.state.table.order.first)
        h.engine.failingGets = [id]
        for _ in 0..<31 { h.advance(1) }
        #expect(h.state.table.items[id] != nil && h.state.sync.checkFailed.contains(id))
        let screen = render(h.state, size: h.state.size, theme: .default)
        #expect(screen.lines.contains { $0.contains("?") && $0.contains(String(id.prefix(8))) }, "the row is marked")
        #expect(h.header.contains("could not be checked"), "\(h.header)")
        h.engine.failingGets = []
        for _ in 0..<6 { h.advance(1) }
        #expect(!h.state.sync.checkFailed.contains(id) && h.state.table.items[id] != nil)
    }

    @Test("current engine, 1,200 pending: read page by page to the whole queue, arrivals on the next poll")
    func currentReadsTheWholeQueue() {
        var engine = SimulatedEngine(.current, seed: 6)
        engine.enqueue(1_200, at: testNow.addingTimeInterval(-600))
        var h = SyncHarness(engine)
        h.advance(1)
        #expect(h.state.table.items.count == 1_200)
        #expect(h.header.contains("1,200 pending") && !h.header.contains(" of "), "\(h.header)")
        h.engine.enqueue(3, at: testNow)
        h.advance(1)
        #expect(h.state.table.items.count == 1_203, "arrivals show on the next poll")
    }

    @Test("current engine: pages that shift while they are read never drop a pending row; decided ones leave")
    func currentShiftingPages() {
        var engine = SimulatedEngine(.current, seed: 7)
        engine.enqueue(1_500, at: testNow.addingTimeInterval(-600))
        var h = SyncHarness(engine)
        h.advance(1)
        var decidedElsewhere: Set<String> = []
        h.beforeSweepPage = { engine in
            // Each page read, someone decides two requests and an agent adds one: offsets shift.
            for _ in 0..<2 { if let id = engine.randomPending() { engine.resolve(id) } }
            engine.enqueue(1, at: testNow)
        }
        for second in 0..<40 {
            // A request decided elsewhere now and then: the count asks for the reads that shift.
            if second % 5 == 0, let id = h.engine.randomPending() { h.engine.resolve(id) }
            let before = Set(h.state.table.items.keys)
            h.advance(1)
            for id in before.subtracting(h.state.table.items.keys) {
                #expect(!h.engine.pending.contains(id), "\(id) left while pending")
                decidedElsewhere.insert(id)
            }
        }
        #expect(!decidedElsewhere.isEmpty)
        h.beforeSweepPage = nil
        for _ in 0..<30 { h.advance(1) }
        #expect(Set(h.state.table.items.keys) == h.engine.pending, "after the churn stops the table is the queue")
    }

    @Test("--max-requests: past it the oldest are held and the header counts the newer ones not shown")
    func maxRequestsKeepsTheOldest() {
        var engine = SimulatedEngine(.current, seed: 8)
        engine.enqueue(150, at: testNow.addingTimeInterval(-600))
        var h = SyncHarness(engine)
        h.state.sync.maxRequests = 100
        for _ in 0..<12 { h.advance(1) }
        let held = h.state.table.items.keys.sorted()
        #expect(held.count == 100 && held.first == "r00001" && held.last == "r00100", "\(held.first ?? "") … \(held.last ?? "")")
        #expect(h.header.contains("100 of 150 pending") && h.header.contains("50 newer not shown"), "\(h.header)")
    }

    // MARK: - Seeded run

    @Test("seeded: over many polls on every engine, no row leaves unless its request left, and after the first reads the cursor never moves by itself while its request is pending",
          arguments: SimulatedEngine.Kind.allCases)
    func rowsLeaveOnlyWhenTheirRequestLeft(kind: SimulatedEngine.Kind) {
        var rng = SeededRandom(seed: FuzzRun.seed ^ UInt64(SimulatedEngine.Kind.allCases.firstIndex(of: kind) ?? 0))
        var engine = SimulatedEngine(kind, seed: FuzzRun.seed)
        engine.enqueue(90, at: testNow.addingTimeInterval(-300))
        var h = SyncHarness(engine)
        var failures = FailureLog(seed: FuzzRun.seed)
        for step in 0..<(300 * FuzzRun.scale) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: h.engine.enqueue(Int.random(in: 1...6, using: &rng), at: h.now)
            case 1: if let id = h.engine.randomPending() { h.engine.resolve(id) }
            case 2: h.press(.char("j"))
            default: break
            }
            let before = h.state
            h.advance(Double(Int.random(in: 1...4, using: &rng)) * 0.25)
            for id in before.table.items.keys where h.state.table.items[id] == nil && h.engine.pending.contains(id) {
                failures.add("\(kind) step \(step): \(id) left while pending")
            }
            // While the first reads bring the queue in, a cursor on the first row stays on the first row.
            if let cursor = before.table.cursorID, h.state.table.cursorID != cursor, h.engine.pending.contains(cursor),
               before.sync.settled {
                failures.add("\(kind) step \(step): the cursor left \(cursor) by itself")
            }
        }
        failures.report()
        #expect(failures.count == 0)
    }
}
