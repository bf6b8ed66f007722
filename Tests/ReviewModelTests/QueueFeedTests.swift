import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Queue feed

/// The changes `watch` prints: pending at start, arrived, resolved elsewhere (by whom), decided here, gone.
@Suite("Queue feed: what watch prints")
struct QueueFeedTests {
    /// A console on `kind` with `pending` requests a minute old; `reader` hands its changes out as `watch` does.
    func harness(_ kind: SimulatedEngine.Kind, seed: UInt64, pending: Int, reader: Bool) -> SyncHarness {
        var engine = SimulatedEngine(kind, seed: seed)
        engine.enqueue(pending, at: testNow.addingTimeInterval(-60))
        return SyncHarness(engine) { $0.feed = QueueFeed(reports: reader) }
    }

    /// The changes' names and request IDs, in order.
    func names(_ changes: [QueueChange]) -> [String] { changes.map { "\($0.name) \($0.request.id)" } }

    @Test("current engine: pending at start and arrivals oldest first; a departure is looked up and says who resolved it")
    func currentEngineFeed() throws {
        var h = harness(.current, seed: 11, pending: 3, reader: true)
        #expect(names(h.reported) == ["pending r00001", "pending r00002", "pending r00003"])
        h.engine.enqueue(2, at: h.now)
        h.advance(1)
        #expect(names(h.reported).suffix(2) == ["arrived r00004", "arrived r00005"])

        h.engine.resolve("r00002", .denied, by: "bob")
        h.engine.forget("r00003")
        h.advance(1)
        let last = Array(h.reported.suffix(2))
        #expect(last.contains(.resolved(try #require(h.engine.records.first { $0.id == "r00002" }).withStatus(.pending),
                                        status: .denied, by: "bob")))
        #expect(last.contains { if case .gone(let r) = $0 { r.id == "r00003" } else { false } }, "\(names(last))")
        #expect(h.state.table.items["r00002"] == nil && h.state.table.items["r00003"] == nil)
        #expect(h.state.feed.explaining.isEmpty)
    }

    @Test("a decision of this console is 'decided', with the name the engine recorded")
    func decidedHere() throws {
        var h = harness(.current, seed: 12, pending: 2, reader: true)
        h.press(.char("g"))
        let id = try #require(h.state.table.cursorID)
        h.press(.char("a"))
        h.advance(0.1)
        let decided = try #require(h.reported.last)
        #expect(decided.name == "decided" && decided.request.id == id)
        if case .decided(_, let status, let by) = decided {
            #expect(status == .approved && by == "oncall@ops")
        }
    }

    @Test("July stream: resolved elsewhere is found by the check, under this reviewer's name it is 'decided'")
    func julyStreamFeed() throws {
        var h = harness(.julyStream, seed: 13, pending: 4, reader: true)
        h.engine.resolve("r00001", .approved, by: "bob")
        h.engine.resolve("r00002", .denied, by: "oncall@ops")
        for _ in 0..<35 { h.advance(1) }
        let departures = h.reported.filter { $0.name != "pending" }
        #expect(names(departures).sorted() == ["decided r00002", "resolved r00001"])
        #expect(departures.contains { if case .resolved(_, .approved, "bob") = $0 { true } else { false } })
    }

    @Test("without a reader (the console), departures are not looked up: no extra GETs")
    func consoleSendsNoLookups() {
        var h = harness(.current, seed: 14, pending: 3, reader: false)
        h.engine.resolve("r00001", .approved, by: "bob")
        h.advance(1)
        #expect(h.state.table.items["r00001"] == nil)
        #expect(h.checks.isEmpty, "\(h.checks.map(\.1))")
        #expect(h.reported.isEmpty && h.state.feed.changes.isEmpty, "the changes are handed out and dropped")
    }
}

extension ReviewRequest {
    /// This request with another status.
    fileprivate func withStatus(_ status: ReviewStatus) -> ReviewRequest {
        var copy = self
        copy.status = status
        return copy
    }
}

// MARK: - Shifted pages

extension QueueFeedTests {
    @Test("a row a shifted read missed, still pending when looked up, stays without a word; one listed again is not 'arrived'")
    func missedRowsDoNotLeave() throws {
        var h = harness(.current, seed: 15, pending: 3, reader: true)
        let before = h.reported.count
        // A complete answer that misses r00002 (a page shifted under the read); the GET says pending.
        let row = try #require(h.state.table.items["r00002"])
        let partial = PendingList(items: h.engine.list().items.filter { $0.id != "r00002" }, reportedCount: 2, total: 2)
        h.perform(reduce(&h.state, .pollSucceeded(partial, at: h.now)))
        #expect(h.state.table.items["r00002"] == row, "put back after the GET")
        #expect(h.reported.count == before, "nothing said: \(names(Array(h.reported.dropFirst(before))))")

        // The same miss, but the next read lists it again before the GET is answered.
        var state = h.state
        _ = reduce(&state, .pollSucceeded(partial, at: h.now))
        #expect(state.feed.explaining["r00002"] != nil)
        let effects = reduce(&state, .pollSucceeded(h.engine.list(), at: h.now))
        #expect(!effects.contains { if case .report = $0 { true } else { false } }, "\(effects)")
        #expect(state.feed.explaining.isEmpty && state.table.items["r00002"] != nil)
    }
}

// MARK: - Checks and lookups that outlive their rows

extension QueueFeedTests {
    @Test("July: a row that leaves while its check is out is forgotten, never checked again")
    func departedRowIsNotRechecked() throws {
        var h = harness(.julyMemory, seed: 16, pending: 3, reader: false)
        let id = "r00002"
        let row = try #require(h.state.table.items[id])
        // Its check is out when the engine stops listing it (an uncapped July answer: it left).
        h.state.sync.checking.insert(id)
        h.engine.forget(id)
        h.advance(1)
        #expect(h.state.table.items[id] == nil)
        var resolved = row
        resolved.status = .approved
        h.perform(reduce(&h.state, .itemChecked(resolved, at: h.now)))
        #expect(h.state.sync.lastChecked[id] == nil && !h.state.sync.checking.contains(id))
        let before = h.checks.count
        for _ in 0..<70 { h.advance(1) }
        #expect(!h.checks.dropFirst(before).contains { $0.1 == id }, "checked again after it left")
        // The rows still here stay known: by GET, or on the memory store by the listing, which counts as their check.
        let listed = h.state.sync.lastChecked["r00001"].map { h.now.timeIntervalSince($0) <= h.state.sync.unlistedRecheck }
        #expect(listed == true || h.checks.dropFirst(before).contains { $0.1 == "r00001" }, "the rows still here are rechecked")
    }

    @Test("a lookup that fails for a transient reason is asked again; the departure is then explained")
    func transientLookupRetried() throws {
        var h = harness(.current, seed: 17, pending: 3, reader: true)
        h.engine.resolve("r00002", .denied, by: "bob")
        let effects = reduce(&h.state, .pollSucceeded(h.engine.list(), at: h.now))
        #expect(effects.contains(.checkItem(id: "r00002")))
        #expect(reduce(&h.state, .itemCheckFailed(id: "r00002", error: .timeout, at: h.now)).isEmpty)
        #expect(h.state.feed.explaining["r00002"] != nil, "not reported as 'left' for a timeout")
        let soon = reduce(&h.state, .tick(h.now.addingTimeInterval(1)))
        #expect(!soon.contains(.checkItem(id: "r00002")), "not before the retry delay")
        let later = reduce(&h.state, .tick(h.now.addingTimeInterval(6)))
        #expect(later.contains(.checkItem(id: "r00002")))
        let answer = try h.engine.get("r00002").get()
        let report = reduce(&h.state, .itemChecked(answer, at: h.now.addingTimeInterval(6)))
        #expect(report.contains { if case .report(let c) = $0 { names(c) == ["resolved r00002"] } else { false } },
                "\(report) \(h.state.feed.explaining.keys)")

        // After its attempts, a lookup that keeps failing says 'left' rather than nothing.
        var state = h.state
        var row = answer
        row.id = "r00009"
        state.feed.explaining["r00009"] = QueueFeed.Lookup(row: row, attempts: QueueFeed.maxLookupAttempts)
        let given = reduce(&state, .itemCheckFailed(id: "r00009", error: .timeout, at: h.now))
        #expect(given.contains { if case .report(let c) = $0 { names(c) == ["left r00009"] } else { false } }, "\(given)")
    }
}
