import Foundation
import Testing
import TestSupport

@testable import ReviewModel

// MARK: - Equality over what a state shows

@Suite("State equality")
struct StateEqualityTests {
    @Test("derived caches never make two states differ; what they show does")
    func cachesAreIgnored() {
        let shown = polledState([request("a"), request("b", ageSeconds: 5)])
        var cold = shown
        cold.table.dropCaches()
        #expect(cold == shown, "the same rows, cursor and filter: equal without the caches")
        var moved = shown
        moved.table.select("b")
        #expect(moved != shown)
        let keyed = KeyedOrder(order: ["a"], keys: [nil])
        #expect(keyed != KeyedOrder(), "the cache itself compares honestly")
    }
}
