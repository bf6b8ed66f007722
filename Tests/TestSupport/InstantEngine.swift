import Foundation
@testable import ReviewModel

// MARK: - Instant engine

/// An engine client with no engine behind it: every poll and page answers the same items at
/// once, a lookup finds one of them (or says not found), and every decision succeeds.
///
/// For runner tests that need answers to arrive, not an engine's behaviour (that is what the
/// in-repo `LocalEngine` over loopback HTTP is for).
package final class InstantEngine: EngineClient, @unchecked Sendable {
    /// What every list answers.
    package let items: [ReviewRequest]

    /// An engine whose queue is always `items`.
    package init(items: [ReviewRequest]) {
        self.items = items
    }

    package func health() async throws(EngineError) -> EngineHealth { EngineHealth(status: "ok", service: "test") }

    package func pending() async throws(EngineError) -> PendingList { PendingList(items: items) }

    package func pending(page: PageRequest) async throws(EngineError) -> PendingList { PendingList(items: items) }

    package func item(id: String) async throws(EngineError) -> ReviewRequest {
        guard let item = items.first(where: { $0.id == id }) else { throw .notFound(id: id) }
        return item
    }

    package func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
        -> ResolveReceipt
    {
        ResolveReceipt()
    }
}
