import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Reading what changed

/// The current engine's `total` against what the console can account for, at an injected clock:
/// no whole-queue read while it adds up, and the read that finds a departure when it does not.
@Suite("Queue sync: reading only what changed on the current engine")
struct QueueArithmeticTests {
    /// A console that has read the whole of `count` pending requests, and the time it took.
    static func loaded(_ count: Int, seed: UInt64, redis: Bool = false) -> SyncHarness {
        var engine = SimulatedEngine(.current, seed: seed)
        engine.redisIndex = redis
        engine.enqueue(count, at: testNow.addingTimeInterval(-3_600))
        var h = SyncHarness(engine)
        // Past the least gap after the first read, so a count that is off is read at once.
        for _ in 0..<10 { h.advance(1) }
        return h
    }

    /// Whether the table holds exactly the engine's pending requests.
    static func holdsTheQueue(_ h: SyncHarness) -> Bool { Set(h.state.table.items.keys) == h.engine.pending }

    /// How the table differs from the engine's pending requests, in counts.
    static func difference(_ h: SyncHarness) -> String {
        let held = Set(h.state.table.items.keys)
        return "\(held.subtracting(h.engine.pending).count) held but gone, \(h.engine.pending.subtracting(held).count) pending not held"
    }

    /// Fast whole-queue reads (not the slow one) started after `date`: pages at offset 0 with
    /// the next page asked for at the same instant.
    static func fastReads(_ h: SyncHarness, after date: Date) -> Int {
        let sweeps = h.pages.filter { $0.0 > date && $0.1.purpose == .sweep }
        return zip(sweeps, sweeps.dropFirst()).filter { $0.0.1.offset == 0 && $0.1.0 == $0.0.0 }.count
    }

    /// Seconds until `id` leaves the table, stepping `step` at a time, at most `limit`.
    static func secondsUntilGone(_ h: inout SyncHarness, _ id: String, limit: Int, step: TimeInterval = 1) -> Double? {
        var waited = 0.0
        while waited < Double(limit) {
            h.advance(step)
            waited += step
            if h.state.table.items[id] == nil { return waited }
        }
        return nil
    }

    @Test("exactly 5,000 pending (= --max-requests): a request approved elsewhere leaves within 15 s and the header counts 4999")
    func fiveThousandApprovedElsewhere() throws {
        var h = Self.loaded(5_000, seed: 21)
        #expect(h.state.table.items.count == 5_000)
        for victim in ["r02500", "r05000", "r00001"] {
            h.engine.resolve(victim, .approved, by: "curl")
            let seconds = try #require(Self.secondsUntilGone(&h, victim, limit: 20), "\(victim) never left: \(h.header)")
            #expect(seconds <= 15)
            #expect(Self.holdsTheQueue(h), "\(Self.difference(h))")
            // The header groups digits ("4,999 pending").
            let header = h.header.replacingOccurrences(of: ",", with: "")
            #expect(header.contains("\(h.engine.pending.count) pending") && !header.contains(" of "), "\(h.header)")
        }
    }

    @Test("a departure while a whole-queue read is under way (after its page passed) is found by the next read")
    func departureDuringARead() throws {
        var h = Self.loaded(5_000, seed: 22)
        h.engine.resolve("r04000", .approved, by: "curl")
        var pagesRead = 0
        h.beforeSweepPage = { engine in
            // r04990 is on the read's first page: it leaves once that page has listed it.
            pagesRead += 1
            if pagesRead == 2 { engine.resolve("r04990", .denied, by: "curl") }
        }
        h.advance(1)
        #expect(pagesRead == 10, "the read went through the queue")
        h.beforeSweepPage = nil
        #expect(h.state.table.items["r04990"] != nil, "the read could not see it leave")
        let seconds = try #require(Self.secondsUntilGone(&h, "r04990", limit: 20))
        #expect(seconds <= 15)
        #expect(Self.holdsTheQueue(h), "\(Self.difference(h))")
    }

    @Test("no whole-queue read while the count adds up: arrivals and this console's own decisions are accounted for")
    func noReadWhileTheCountHolds() {
        var h = Self.loaded(1_200, seed: 23)
        let start = h.now
        let startedBefore = h.state.sync.sweepsStarted
        for second in 0..<300 {
            if second % 7 == 0 { h.engine.enqueue(3, at: h.now) }
            if second % 11 == 0 { h.press(.char("a")) }
            h.advance(1)
        }
        #expect(Self.fastReads(h, after: start) == 0, "no read from offset 0 while the count adds up")
        let slow = h.pages.filter { $0.0 > start && $0.1.purpose == .sweep }.count
        // The slow read: one page every 45 s at most.
        #expect(slow <= 300 / 45 + 1, "\(slow) slow pages")
        #expect(h.state.sync.sweepsStarted - startedBefore <= 1)
        #expect(Self.holdsTheQueue(h), "\(Self.difference(h))")
    }

    @Test("a removal elsewhere makes the count fall short: the next poll asks for the read that finds it")
    func removalElsewhereIsFound() throws {
        var h = Self.loaded(1_200, seed: 24)
        let start = h.now
        h.engine.resolve("r00600", .approved, by: "bob")
        h.advance(1)
        #expect(Self.fastReads(h, after: start) == 1)
        let seconds = try #require(Self.secondsUntilGone(&h, "r00600", limit: 15, step: 0.25))
        #expect(seconds <= 2)
        #expect(h.state.status?.text.contains("resolved elsewhere: approved by bob") == true, "\(h.state.status?.text ?? "")")
    }

    @Test("a removal hidden by an arrival in the same interval (the total unchanged) is still found")
    func removalHiddenByAnArrival() throws {
        var h = Self.loaded(1_200, seed: 25)
        let start = h.now
        let total = h.state.sync.total
        h.engine.resolve("r00700", .denied, by: "bob")
        h.engine.enqueue(1, at: h.now)
        h.advance(1)
        #expect(h.state.sync.total == total, "the engine's total did not move")
        #expect(Self.fastReads(h, after: start) == 1)
        #expect(try #require(Self.secondsUntilGone(&h, "r00700", limit: 15)) <= 3)
        #expect(Self.holdsTheQueue(h), "\(Self.difference(h))")
    }

    @Test("an expiry in memory drops the total: found at once and shown as expired")
    func expiryInMemory() throws {
        var h = Self.loaded(1_200, seed: 26)
        h.engine.expire("r00001")
        #expect(try #require(Self.secondsUntilGone(&h, "r00001", limit: 15)) <= 3)
        #expect(h.state.status?.text.contains("expired without a decision") == true, "\(h.state.status?.text ?? "")")
    }

    @Test("an expiry on Redis leaves the total as it was: the slow read reaches it and it leaves, shown as expired")
    func expiryOnRedis() throws {
        var h = Self.loaded(1_200, seed: 27, redis: true)
        let start = h.now
        h.engine.expire("r00001")
        // 1,200 pending are three slow pages, 45 s apart; then the read ends and the row is checked.
        let seconds = try #require(Self.secondsUntilGone(&h, "r00001", limit: 240))
        #expect(seconds <= 3 * 45 + 50, "\(seconds) s")
        #expect(h.state.status?.text.contains("expired without a decision") == true, "\(h.state.status?.text ?? "")")
        #expect(Self.holdsTheQueue(h), "\(Self.difference(h))")
        #expect(Self.fastReads(h, after: start) <= 1)
    }

    @Test("more pending than --max-requests: the count cannot be judged, the whole queue is read every 10 s")
    func pastMaxRequestsReadsOnASchedule() {
        var engine = SimulatedEngine(.current, seed: 28)
        engine.enqueue(150, at: testNow.addingTimeInterval(-600))
        var h = SyncHarness(engine) { $0.sync.maxRequests = 100 }
        for _ in 0..<5 { h.advance(1) }
        let start = h.now
        for _ in 0..<60 { h.advance(1) }
        let reads = h.pages.filter { $0.0 > start && $0.1.purpose == .sweep }.count
        #expect((5...7).contains(reads), "\(reads) reads in 60 s")
        h.engine.resolve("r00050", .approved)
        #expect(Self.secondsUntilGone(&h, "r00050", limit: 15) != nil)
    }

    // MARK: - Seeded run

    @Test("seeded: thousands of polls with arrivals, decisions here and elsewhere and expiries keep the table equal to the engine's pending",
          arguments: [false, true])
    func tableStaysTheQueue(redis: Bool) {
        var rng = SeededRandom(seed: FuzzRun.seed ^ (redis ? 0x21 : 0x12))
        var h = Self.loaded(600, seed: FuzzRun.seed, redis: redis)
        var failures = FailureLog(seed: FuzzRun.seed)
        let settle = redis ? 200 : 20
        for round in 0..<(8 * FuzzRun.scale) {
            for step in 0..<300 {
                switch Int.random(in: 0..<12, using: &rng) {
                case 0: h.engine.enqueue(Int.random(in: 1...4, using: &rng), at: h.now)
                case 1: if let id = h.engine.randomPending() { h.engine.resolve(id) }
                case 2: if let id = h.engine.randomPending() { h.engine.expire(id) }
                case 3: h.press(.char("a"))
                case 4: h.press(.char("j"))
                default: break
                }
                let before = h.state.table.items.keys
                h.advance(Double(Int.random(in: 1...4, using: &rng)) * 0.25)
                for id in before where h.state.table.items[id] == nil && h.engine.pending.contains(id) {
                    failures.add("round \(round) step \(step): \(id) left while pending")
                }
            }
            for _ in 0..<settle { h.advance(1) }
            let held = Set(h.state.table.items.keys)
            if held != h.engine.pending {
                failures.add("round \(round): \(held.subtracting(h.engine.pending).count) held but gone, "
                    + "\(h.engine.pending.subtracting(held).count) pending but not held")
            }
        }
        failures.report()
        #expect(failures.count == 0)
    }
}
