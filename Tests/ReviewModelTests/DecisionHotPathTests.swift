import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Decisions

@Suite("Hot paths: decisions")
struct DecisionHotPathTests {
    static func decision(_ id: String, _ n: Int) -> PendingDecision {
        PendingDecision(id: id, decision: n % 2 == 0 ? .approve : .deny, note: "n\(n)", due: testNow, batch: n % 5,
                        action: "act", actor: "bot", confidence: 0.5)
    }

    @Test("a decision queue behaves as the array it replaced, repeated IDs included")
    func queueEqualsArray() {
        var rng = SeededRandom(seed: 0xDEC1)
        var queue: DecisionQueue = []
        var array: [PendingDecision] = []
        let ids = (0..<40).map { "q\($0)" }
        for n in 0..<6_000 {
            switch Int.random(in: 0..<20, using: &rng) {
            case 0..<8:
                let d = Self.decision(ids[Int.random(in: 0..<ids.count, using: &rng)], n)
                queue.append(d)
                array.append(d)
            case 8..<9:
                let more = (0..<Int.random(in: 0...5, using: &rng)).map { Self.decision(ids[($0 * 7 + n) % ids.count], n) }
                queue += more
                array += more
            case 9..<15:
                if !array.isEmpty { #expect(queue.removeFirst() == array.removeFirst()) }
            case 15:
                let batch = n % 5
                let taken = queue.filter { $0.batch == batch }
                #expect(Array(taken) == array.filter { $0.batch == batch })
                queue.removeAll { $0.batch == batch }
                array.removeAll { $0.batch == batch }
            case 16:
                if !array.isEmpty {
                    let i = Int.random(in: 0..<array.count, using: &rng)
                    #expect(queue.remove(at: i) == array.remove(at: i))
                }
            case 17:
                if Int.random(in: 0..<10, using: &rng) == 0 {
                    queue.removeAll()
                    array.removeAll()
                }
            default:
                let id = ids[Int.random(in: 0..<ids.count, using: &rng)]
                #expect(queue.first(withID: id) == array.first { $0.id == id })
                let probe = array.randomElement(using: &rng) ?? Self.decision(id, n)
                var other = probe
                other.note += "?"
                #expect(queue.contains(probe) == array.contains(probe))
                #expect(queue.contains(other) == array.contains(other))
            }
            #expect(Array(queue) == array)
            #expect(queue.count == array.count && queue.first == array.first && queue.last == array.last)
            for id in ids.prefix(5) { #expect(queue.first(withID: id) == array.first { $0.id == id }) }
        }
        #expect(queue == DecisionQueue(array))
    }

    @Test("the history behaves as the array it replaced: rows, lookups and the cursor")
    func historyEqualsArray() {
        var rng = SeededRandom(seed: 0x4157)
        func entry(_ id: String, _ n: Int) -> JournalEntry {
            JournalEntry(time: testNow.addingTimeInterval(Double(n)), engine: "e", id: id, action: "a", actor: "b",
                         confidence: 0.5, decision: .approve, note: "\(n)", reviewer: "r",
                         outcome: [.held, .sending, .confirmed][(n % 3 + 3) % 3])
        }
        for round in 0..<20 {
            let ids = (0..<(round % 2 == 0 ? 8 : 300)).map { "h\($0)" }
            // A list given whole may repeat an ID (the fuzz tests do); recording replaces every row of it.
            let initial = (0..<Int.random(in: 0..<30, using: &rng)).map { entry(ids[Int.random(in: 0..<ids.count, using: &rng)], -$0) }
            var history = DecisionHistory(initial)
            var reference = ReferenceHistory(rows: initial, cursor: 0)
            var cursor = 0
            for n in 0..<1_500 {
                if Int.random(in: 0..<50, using: &rng) == 0, !reference.rows.isEmpty {
                    reference.cursor = Int.random(in: 0..<reference.rows.count, using: &rng)
                    cursor = reference.cursor
                }
                let e = entry(ids[Int.random(in: 0..<ids.count, using: &rng)], n)
                let selected = history.indices.contains(cursor) ? history[cursor].id : nil
                history.record(e)
                if let selected, let index = history.firstIndex(ofID: selected) { cursor = index }
                reference.record(e)
                #expect(cursor == reference.cursor)
                #expect(history.count == reference.rows.count && history.first == reference.rows.first)
                if n % 50 == 0 || history.count < 20 {
                    #expect(Array(history) == reference.rows)
                    #expect(Array(history.dropFirst(3).prefix(7)) == Array(reference.rows.dropFirst(3).prefix(7)))
                    for id in ids.prefix(10) {
                        #expect(history.firstIndex(ofID: id) == reference.rows.firstIndex { $0.id == id })
                    }
                }
            }
            #expect(history == DecisionHistory(reference.rows))
        }
    }

    /// 300 marked approvals held, released and answered one by one (some fail, some are gone,
    /// some conflict, some retry), with the history view open: after every event the history,
    /// its cursor, the order and every sampled pending decision equal the old code's.
    @Test("a bulk decision answered one by one leaves the state the old code left")
    func bulkAnswers() {
        var rng = SeededRandom(seed: 0xB01C)
        let items = (0..<300).map { request(String(format: "b%03d", $0), ageSeconds: TimeInterval(1_000 - $0)) }
        var state = polledState(items, size: Size(width: 100, height: 30))
        state.undoWindow = 3
        let earlier = (0..<20).map { n in
            JournalEntry(time: testNow, engine: state.engineURL, id: String(format: "b%03d", n * 7), action: "a",
                         actor: "b", confidence: 0.5, decision: .deny, note: "", reviewer: "r", outcome: .failed)
        }
        state.historyView.entries = DecisionHistory(earlier)
        var history = ReferenceHistory(rows: earlier, cursor: 0)
        func check(_ effects: [Effect], _ label: String) {
            for case .journal(let entry) in effects { history.record(entry) }
            #expect(Array(state.historyView.entries) == history.rows, "\(label)")
            #expect(state.historyView.cursor == history.cursor, "\(label)")
            for _ in 0..<12 {
                let id = items[Int.random(in: 0..<items.count, using: &rng)].id
                #expect(state.pendingDecision(id) == referencePending(state, id), "\(label) \(id)")
            }
        }
        check(reduce(&state, .key(.char("*"))), "mark all")
        check(reduce(&state, .key(.char("a"))), "approve")
        check(reduce(&state, .key(.char("y"))), "confirm")
        #expect(state.pipeline.held.count == 300 && state.pipeline.outbox.isEmpty)
        #expect(items.allSatisfy { state.pendingDecision($0.id)?.decision == .approve })
        check(reduce(&state, .key(.tab)), "history view")
        state.historyView.cursor = 40
        history.cursor = 40
        var now = testNow.addingTimeInterval(3)
        check(reduce(&state, .tick(now)), "release")
        #expect(state.pipeline.held.isEmpty && state.pipeline.inFlight.count == 8 && state.pipeline.outbox.count == 292)
        var tally = (confirmed: 0, gone: 0, failed: 0, conflicts: 0)
        var steps = 0
        while !(state.pipeline.inFlight.isEmpty && state.pipeline.outbox.isEmpty && state.pipeline.retrying.isEmpty && state.pipeline.conflicts.isEmpty) {
            steps += 1
            #expect(steps < 5_000)
            if steps >= 5_000 { return }
            let before = state
            guard let id = state.pipeline.inFlight.keys.sorted().randomElement(using: &rng) else {
                now = now.addingTimeInterval(16)
                check(reduce(&state, .tick(now)), "retry tick")
                continue
            }
            let effects: [Effect]
            var removed = true
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<4:
                effects = reduce(&state, .decisionFailed(id: id, decision: .approve, error: .notFound(id: id), at: now))
                tally.gone += 1
            case 4..<10:
                effects = reduce(&state, .decisionFailed(id: id, decision: .approve, error: .timeout, at: now))
                removed = false
                if state.pipeline.retrying.first(withID: id) == nil { tally.failed += 1 }
            case 10..<13:
                effects = reduce(&state, .decisionFailed(id: id, decision: .approve,
                                                         error: .alreadyResolved(id: id, status: .denied), at: now))
                var resolved = request(id)
                resolved.status = .denied
                resolved.resolvedBy = "someone"
                check(effects, "conflict \(id)")
                check(reduce(&state, .itemFetched(resolved, at: now)), "who won \(id)")
                tally.conflicts += 1
                continue
            default:
                effects = reduce(&state, .decisionSucceeded(id: id, decision: .approve, at: now))
                tally.confirmed += 1
            }
            check(effects, "answer \(id)")
            let expected = removed && before.table.items[id] != nil
                ? ReferenceView.reordered(before.table.order.filter { $0 != id }, from: before) : ReferenceView(before)
            #expect(ReferenceView(state) == expected, "answer \(id)")
            #expect(state.pipeline.inFlight.count == min(8, before.pipeline.inFlight.count - 1 + before.pipeline.outbox.count))
        }
        #expect(tally.confirmed + tally.gone + tally.failed + tally.conflicts == 300)
        #expect(state.table.order.count == 300 - tally.confirmed - tally.gone - tally.conflicts)
        var summary = ["\(tally.confirmed) approved"]
        if tally.conflicts > 0 { summary.append("\(tally.conflicts) already denied by someone") }
        if tally.gone > 0 { summary.append("\(tally.gone) gone") }
        if tally.failed > 0 { summary.append("\(tally.failed) failed") }
        #expect(state.status?.text == summary.joined(separator: ", "))
        #expect(history.rows.count == 300, "every earlier row was of one of these requests")
    }
}
