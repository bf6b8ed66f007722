import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - July checks

/// The July engine's rows are checked at the rate promised: every 30 s, and on the memory store
/// (once its answers show it) only rows no answer listed lately.
@Suite("Queue sync: July checks at the rate promised")
struct JulyChecksTests {
    @Test("the stream's answers keep their order (newest first, new records in front); memory's do not")
    func orderTellsTheStores() {
        #expect(orderAgreement(["r5", "r4", "r3"], ["r7", "r6", "r5", "r4", "r3"]) == .kept(shared: 3))
        #expect(orderAgreement(["r5", "r4", "r3"], ["r3", "r5", "r4"]) == .reordered)
        #expect(orderAgreement([], ["r1", "r2"]) == .kept(shared: 0))
        #expect(orderAgreement(["r1", "r1", "r2"], ["r1", "r2", "r2"]) == .kept(shared: 2), "the first listing counts")
    }

    @Test("July memory, 120 pending: the store is seen, every row is known within 30 s, ≤ 4.5 GETs a second")
    func memoryRowsKnownWithFewGets() {
        var engine = SimulatedEngine(.julyMemory, seed: 31)
        engine.enqueue(120, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        for _ in 0..<40 { h.advance(0.25) }
        #expect(h.state.sync.store == .memory)
        let from = h.now
        var stalest = 0.0
        for _ in 0..<480 {
            h.advance(0.25)
            for id in h.state.table.items.keys {
                stalest = max(stalest, h.now.timeIntervalSince(h.state.sync.lastChecked[id] ?? .distantPast))
            }
        }
        let gets = h.checks.filter { $0.0 > from }.count
        #expect(Double(gets) / 120 <= 4.5, "\(gets) GETs in 120 s")
        #expect(stalest <= 30, "a row went \(stalest) s unknown")
        #expect(h.state.table.items.count == 120)
    }

    @Test("July memory: requests resolved elsewhere leave within 30 s", arguments: [32, 33, 34] as [UInt64])
    func memoryResolvedElsewhereLeaves(seed: UInt64) {
        var engine = SimulatedEngine(.julyMemory, seed: seed)
        engine.enqueue(120, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        for _ in 0..<40 { h.advance(0.25) }
        for _ in 0..<10 {
            guard let id = h.engine.randomPending() else {
                Issue.record("nothing pending")
                return
            }
            h.engine.resolve(id, .approved, by: "bob")
            var waited = 0.0
            while h.state.table.items[id] != nil, waited < 40 {
                h.advance(0.25)
                waited += 0.25
            }
            #expect(waited <= 30, "\(id) stayed \(waited) s")
        }
        #expect(Set(h.state.table.items.keys) == h.engine.pending)
    }

    @Test("July stream: the store is never taken for memory, and every row is checked by GET at least every 31 s")
    func streamRowsCheckedEvery30Seconds() {
        var engine = SimulatedEngine(.julyStream, seed: 35)
        engine.enqueue(50, at: testNow.addingTimeInterval(-60))
        var h = SyncHarness(engine)
        for second in 0..<150 {
            if second % 10 == 0 { h.engine.enqueue(2, at: h.now) }
            h.advance(1)
            #expect(h.state.sync.store == .unknown)
        }
        var last: [String: Date] = [:]
        var longest = 0.0
        for (at, id) in h.checks {
            if let before = last[id] { longest = max(longest, at.timeIntervalSince(before)) }
            last[id] = at
        }
        #expect(longest <= 31, "a row went \(longest) s between checks")
        #expect(longest >= 29, "rows are not checked more often than every 30 s (\(longest))")
    }
}
