import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Filter

@Suite("Hot paths: filter")
struct FilterHotPathTests {
    @Test("folded search keys match exactly as lowercasing every field did, over seeded random text")
    func searchKeysMatchLikeTheOldMatches() {
        var rng = SeededRandom(seed: 0x5EA2C4)
        var hits = 0
        var misses = 0
        var byBytes = 0
        for n in 0..<1_500 {
            let id = Bool.random(using: &rng) ? "ID-\(n)-" + SearchText.string(&rng, maxPieces: 2, ascii: n % 3 > 0)
                : "req-\(n)"
            let item = SearchText.request(id, &rng)
            let fields = [item.action, item.actor, item.reason, item.actingFor ?? "", item.tenantID ?? "", item.id]
                + Array(item.resource.values)
            for _ in 0..<12 {
                // Mostly pieces of the item's own fields (in random case), so both outcomes are common.
                var filter: String
                let field = fields[Int.random(in: 0..<fields.count, using: &rng)]
                if !field.isEmpty, Int.random(in: 0..<3, using: &rng) > 0 {
                    let chars = Array(field)
                    let from = Int.random(in: 0..<chars.count, using: &rng)
                    let to = Int.random(in: from...min(chars.count, from + 4), using: &rng)
                    filter = String(chars[from..<to])
                    if Bool.random(using: &rng) { filter = filter.uppercased() }
                } else {
                    filter = SearchText.string(&rng, maxPieces: 2)
                }
                // The filter line accepts only SafeText-safe characters. (Foundation's `contains`,
                // old and new alike, traps on some needles with NUL: "é" and "e\u{301}\u{0}".)
                guard SafeText.isSafe(filter) else { continue }
                let tenants: Set<String> = Int.random(in: 0..<4, using: &rng) == 0 ? [item.tenantID ?? "", "acme"] : []
                let expected = referenceMatches(item, filter: filter, tenants: tenants)
                #expect(matches(item, filter: filter, tenants: tenants) == expected,
                        "item \(item) filter \(filter.unicodeScalars.map { $0.value })")
                if expected { hits += 1 } else { misses += 1 }
                if !filter.isEmpty, FilterNeedle(filter).isPrintableASCII, SearchKey(item).isASCII { byBytes += 1 }
            }
        }
        #expect(hits > 3_000 && misses > 3_000, "both outcomes are exercised: \(hits) hits, \(misses) misses")
        #expect(byBytes > 3_000, "the byte search is exercised: \(byBytes)")
    }

    @Test("the byte search finds a needle anywhere and never across a separator")
    func byteSearch() {
        let key = SearchKey(ReviewRequest(id: "AbC-1", actor: "Support_Agent", action: "issue_refund",
                                          resource: ["order": "ORD_551"], confidence: 0.5, reason: "",
                                          enqueuedAt: testNow))
        #expect(key.isASCII)
        for (filter, expected) in [
            ("issue_refund", true), ("refund", true), ("i", true), ("d", true), ("ord_551", true), ("AGENT", true),
            ("abc-", true), ("bc-1", false), ("refundsupport", false), ("refund support", false),
            ("issue_refund_", false), ("551x", false), ("zz", false),
        ] {
            #expect(key.matches(FilterNeedle(filter)) == expected, "\(filter)")
        }
        #expect(SearchKey.contains(Array("abc".utf8), Array("abcd".utf8)) == false)
        #expect(SearchKey.contains(Array("aab".utf8), Array("ab".utf8)))
        #expect(SearchKey.contains([], Array("a".utf8)) == false)
        // Candidates that fail, a match at the very end, the whole haystack, one byte.
        #expect(SearchKey.contains(Array("aaaab".utf8), Array("aab".utf8)))
        #expect(SearchKey.contains(Array("xxab".utf8), Array("ab".utf8)))
        #expect(SearchKey.contains(Array("xxa".utf8), Array("ab".utf8)) == false)
        #expect(SearchKey.contains(Array("ab".utf8), Array("ab".utf8)))
        #expect(SearchKey.contains(Array("xyz".utf8), Array("z".utf8)))
        #expect(SearchKey.contains(Array("xyz".utf8), Array("w".utf8)) == false)
        #expect(SearchKey.contains(Array("a\u{0}b".utf8), Array("ab".utf8)) == false)
        #expect(SearchKey.hasPrefix(Array("abc".utf8), Array("ab".utf8)))
        #expect(SearchKey.hasPrefix(Array("abc".utf8), Array("abc".utf8)))
        #expect(SearchKey.hasPrefix(Array("abc".utf8), Array("abcd".utf8)) == false)
        #expect(SearchKey.hasPrefix(Array("abc".utf8), Array("b".utf8)) == false)
    }

    @Test("typing, deleting and clearing a filter leaves the order the old re-filter and re-sort gave")
    func keystrokesMatchTheOldOrder() {
        var rng = SeededRandom(seed: 0xF17E)
        let items = (0..<120).map { SearchText.request("r\($0)", &rng) }
        var state = polledState(items, size: Size(width: 80, height: 20))
        let typed: [Character] = ["r", "e", "f", "u", "n", "d", "a", "c", "1", "é", "\u{212A}", "\u{037E}", "İ", "s"]
        var narrowedInPlace = 0
        for _ in 0..<600 {
            if state.mode != .filter { _ = reduce(&state, .key(.char("/"))) }
            let before = state
            let key: Key
            var text: String
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<6:
                let c = typed[Int.random(in: 0..<typed.count, using: &rng)]
                key = .char(c)
                text = before.table.filter + String(c)
            case 6..<8:
                key = .backspace
                text = String(Array(before.table.filter).dropLast())
            case 8:
                key = .ctrl("u")
                text = ""
            default:
                key = .escape
                text = ""
            }
            _ = reduce(&state, .key(key))
            #expect(state.table.filter == text)
            let expected: ReferenceView
            if text == before.table.filter {
                expected = ReferenceView(before)
            } else if !before.table.filter.isEmpty, text.lowercased().contains(before.table.filter.lowercased()) {
                narrowedInPlace += 1
                let kept = before.table.order.filter { id in
                    before.table.items[id].map { referenceMatches($0, filter: text, tenants: before.tenants) } ?? false
                }
                expected = .reordered(kept, from: before)
            } else {
                let sorted = ReferenceView.sorted(before.table.items, filter: text, tenants: before.tenants,
                                                  sort: before.table.sort, reversed: before.table.sortReversed)
                expected = .reordered(sorted, from: before)
            }
            #expect(ReferenceView(state) == expected, "filter \(text.unicodeScalars.map { $0.value })")
        }
        #expect(narrowedInPlace > 100)
    }
}
