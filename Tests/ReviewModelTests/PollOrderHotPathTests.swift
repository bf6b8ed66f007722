import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Polls and order

@Suite("Hot paths: polls keep the order")
struct PollOrderHotPathTests {
    /// Random polls (arrivals, departures, changed requests, engine order shuffled), filter
    /// edits, sorts, cursor moves and answered decisions; after each, the order, cursor and
    /// scroll equal what re-sorting everything gave, and the search keys are those of the items.
    @Test("arbitrary event sequences leave the order, cursor and scroll the old code left", arguments: [1, 2, 3, 4])
    func eventsMatchTheOldOrder(seed: UInt64) {
        var rng = SeededRandom(seed: 0x0D3E_0000 + seed)
        var catalog: [String: ReviewRequest] = [:]
        for n in 0..<90 {
            var item = SearchText.request(String(format: "%02d-", n) + ["a", "B", "c"][n % 3], &rng)
            // Few distinct keys, so ties break by time and ID.
            item.action = ["issue_refund", "delete_user", "Invoice:create"][Int.random(in: 0..<3, using: &rng)]
            item.actor = ["bot", "ops", "Support"][Int.random(in: 0..<3, using: &rng)]
            catalog[item.id] = item
        }
        let ids = catalog.keys.sorted()
        var live = Set(ids.prefix(40))
        var state = polledState(ids.prefix(40).compactMap { catalog[$0] }, size: Size(width: 80, height: 16))
        // An engine that lists everything (up to 90 here): each answer is the whole truth.
        state.engineFacts.listLimit = 500
        var counts: [String: Int] = [:]
        for step in 0..<700 {
            // Two seconds a step: a selection the engine moved (the selection guard) has
            // settled by the next decision key.
            let clock = testNow.addingTimeInterval(Double(step) * 2)
            _ = reduce(&state, .tick(clock))
            let event = Int.random(in: 0..<100, using: &rng)
            // Filter edits need the filter line open, everything else the table: switch first
            // (a mode change only), then compare the event itself.
            let wantsFilter = (35..<55).contains(event)
            if wantsFilter, state.mode != .filter { _ = reduce(&state, .key(.char("/"))) }
            if !wantsFilter, state.mode == .filter { _ = reduce(&state, .key(.enter)) }
            let before = state
            var expected: ReferenceView
            switch event {
            case 0..<35:
                // A poll: a few leave, a few arrive, sometimes a request changes; the engine's order is random.
                if before.table.caches.orderBasis == before.table.basis(tenants: before.tenants) { counts["order kept exact", default: 0] += 1 }
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    if let gone = live.sorted().randomElement(using: &rng) { live.remove(gone) }
                }
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    if let id = ids.randomElement(using: &rng) { live.insert(id) }
                }
                if Int.random(in: 0..<8, using: &rng) == 0, let id = live.sorted().randomElement(using: &rng) {
                    catalog[id]?.confidence = [0, 0.5, 0.78, 1][Int.random(in: 0..<4, using: &rng)]
                    catalog[id]?.reason = SearchText.string(&rng)
                    counts["changed", default: 0] += 1
                }
                var listed = live.sorted().compactMap { catalog[$0] }.shuffled(using: &rng)
                if Int.random(in: 0..<10, using: &rng) == 0, var other = catalog[ids[step % ids.count]] {
                    other.status = .approved  // resolved elsewhere: not pending
                    listed.append(other)
                }
                var fresh: [String: ReviewRequest] = [:]
                for item in listed where item.status == .pending && !before.table.resolved.contains(item.id) {
                    fresh[item.id] = item
                }
                for (id, item) in before.table.items where fresh[id] == nil && referencePending(before, id) != nil {
                    fresh[id] = item
                }
                _ = reduce(&state, .pollSucceeded(PendingList(items: listed), at: clock))
                #expect(state.table.items == fresh)
                let sorted = ReferenceView.sorted(fresh, filter: before.table.filter, tenants: before.tenants,
                                                  sort: before.table.sort, reversed: before.table.sortReversed)
                expected = .reordered(sorted, from: before)
                counts["poll", default: 0] += 1
            case 35..<55:
                // A filter edit (typing, deleting, clearing).
                let c: Character = ["a", "b", "_", "-", "1", "e", "é", ";", "\u{037E}"][Int.random(in: 0..<9, using: &rng)]
                let edits: [(Key, String)] = [(.char(c), before.table.filter + String(c)),
                                              (.backspace, String(Array(before.table.filter).dropLast())), (.ctrl("u"), "")]
                let (key, text) = edits[[0, 0, 0, 1, 1, 2][Int.random(in: 0..<6, using: &rng)]]
                _ = reduce(&state, .key(key))
                if text == before.table.filter {
                    expected = ReferenceView(before)
                } else if !before.table.filter.isEmpty, text.lowercased().contains(before.table.filter.lowercased()) {
                    let kept = before.table.order.filter { id in
                        before.table.items[id].map { referenceMatches($0, filter: text, tenants: before.tenants) } ?? false
                    }
                    expected = .reordered(kept, from: before)
                } else {
                    expected = .reordered(ReferenceView.sorted(before.table.items, filter: text, tenants: before.tenants,
                                                               sort: before.table.sort, reversed: before.table.sortReversed),
                                          from: before)
                }
                counts["filter", default: 0] += 1
            case 55..<60:
                let reverse = Bool.random(using: &rng)
                _ = reduce(&state, .key(.char(reverse ? "S" : "s")))
                let all = ReviewModel.SortOrder.allCases
                let sort = reverse ? before.table.sort : all[((all.firstIndex(of: before.table.sort) ?? 0) + 1) % all.count]
                let reversed = reverse ? !before.table.sortReversed : before.table.sortReversed
                expected = .reordered(ReferenceView.sorted(before.table.items, filter: before.table.filter, tenants: before.tenants,
                                                           sort: sort, reversed: reversed), from: before)
                counts["sort", default: 0] += 1
            case 60..<72:
                let down = Bool.random(using: &rng)
                _ = reduce(&state, .mouse(down ? .wheelDown : .wheelUp))
                expected = .moved(by: down ? 3 : -3, before)
            case 72..<82:
                // Decide the selected request (sent at once: no undo window in polledState).
                _ = reduce(&state, .key(.char(Bool.random(using: &rng) ? "a" : "d")))
                expected = ReferenceView(before)
            case 82..<97:
                // The engine answers one decision in flight.
                guard let id = before.pipeline.inFlight.keys.sorted().randomElement(using: &rng) else { continue }
                live.remove(id)
                _ = reduce(&state, .decisionSucceeded(id: id, decision: .approve, at: clock))
                expected = before.table.items[id] == nil ? ReferenceView(before)
                    : .reordered(before.table.order.filter { $0 != id }, from: before)
                counts["answer", default: 0] += 1
            default:
                // The tenant limit changes (as settings set it), then a poll applies it.
                state.tenants = Bool.random(using: &rng) ? [] : Set(ids.compactMap { catalog[$0]?.tenantID }.prefix(3))
                continue
            }
            #expect(ReferenceView(state) == expected, "step \(step)")
            let folded = state.table.items.mapValues { SearchKey($0) }
            #expect(state.table.caches.searchKeys == folded, "the search keys are always those of the items")
            if ReferenceView(state) != expected { return }
        }
        #expect(counts["poll", default: 0] > 100 && counts["filter", default: 0] > 50 && counts["answer", default: 0] > 10
            && counts["changed", default: 0] > 5 && counts["order kept exact", default: 0] > 50, "\(counts)")
    }

    @Test("merging arrivals into a kept order gives exactly the full sort, for every sort")
    func mergeEqualsFullSort() {
        var rng = SeededRandom(seed: 0x3E26E)
        for round in 0..<200 {
            let sort = ReviewModel.SortOrder.allCases[round % ReviewModel.SortOrder.allCases.count]
            let reversed = round % 8 >= 4
            var table = QueueTable()
            table.setSort(sort, reversed: reversed, tenants: [], rows: 1)
            var items: [String: ReviewRequest] = [:]
            for n in 0..<Int.random(in: 0..<60, using: &rng) {
                var item = SearchText.request("m\(n)", &rng)
                item.action = SearchText.sortKeys[Int.random(in: 0..<4, using: &rng)]
                item.actor = SearchText.sortKeys[Int.random(in: 0..<SearchText.sortKeys.count, using: &rng)]
                items[item.id] = item
            }
            let keys = items.keys.sorted()
            let split = Int.random(in: 0...keys.count, using: &rng)
            let base = Dictionary(uniqueKeysWithValues: keys[..<split].compactMap { id in items[id].map { (id, $0) } })
            table.admit(Array(items.values), changed: false, initial: true, now: testNow, tenants: [], rows: 1)
            let order = referenceSortedIDs(base, by: sort, reversed: reversed)
            let arrivals = keys[split...].compactMap { items[$0] }.shuffled(using: &rng)
            #expect(table.merged(order, arrivals) == referenceSortedIDs(items, by: sort, reversed: reversed))
            #expect(sortedIDs(items, by: sort, reversed: reversed) == referenceSortedIDs(items, by: sort, reversed: reversed))
        }
    }

    @Test("an unchanged poll keeps the order and the cursor, whatever the engine's order")
    func unchangedPollKeepsEverything() {
        var rng = SeededRandom(seed: 77)
        let items = (0..<200).map { SearchText.request("u\($0)", &rng) }
        var state = polledState(items)
        for _ in 0..<37 { _ = reduce(&state, .key(.char("j"))) }
        let before = state
        for _ in 0..<5 {
            _ = reduce(&state, .pollSucceeded(PendingList(items: items.shuffled(using: &rng)), at: testNow))
            #expect(state.table.order == before.table.order && state.table.cursorID == before.table.cursorID
                && state.table.scrollTop == before.table.scrollTop)
            #expect(state.table.caches.orderBasis == state.table.basis(tenants: state.tenants), "the order stays exact: the next poll can keep it too")
        }
    }
}
