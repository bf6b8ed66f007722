import Foundation
import Testing
@testable import ReviewModel
import TestSupport

@Suite("Reducer: conflict lookups")
struct ConflictLookupTests {
    @Test func aFailedLookupIsAskedAgainAfterTheNextPoll() {
        var state = polledState([request("a"), request("b")])
        _ = reduce(&state, .key(.char("a")))
        _ = reduce(&state, .decisionFailed(id: "a", decision: .approve,
                                           error: .alreadyResolved(id: "a", status: .approved), at: testNow))
        #expect(reduce(&state, .itemFetchFailed(id: "a", error: .timeout, at: testNow)).isEmpty)
        #expect(state.pipeline.conflicts["a"] != nil, "still waiting to learn who won")
        let next = reduce(&state, .pollSucceeded(PendingList(items: [request("b")]), at: testNow))
        #expect(next.contains(.fetchItem(id: "a")))
        var item = request("a")
        item.status = .approved
        item.resolvedBy = state.reviewer
        #expect(journalOutcomes(reduce(&state, .itemFetched(item, at: testNow))) == [.confirmed])
    }
}
