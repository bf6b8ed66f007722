import Foundation

// MARK: - EngineClient

/// Everything the console asks of a Lelu engine.
///
/// The HTTP implementation is ``HTTPEngineClient``; tests of the reducer need none,
/// because the reducer only emits ``Effect`` values.
package protocol EngineClient: Sendable {
    /// `GET /healthz`.
    func health() async throws(EngineError) -> EngineHealth
    /// `GET /v1/queue/pending`.
    func pending() async throws(EngineError) -> PendingList
    /// `GET /v1/queue/pending?limit=L&offset=O` (current engine; the July engine ignores both).
    func pending(page: PageRequest) async throws(EngineError) -> PendingList
    /// `GET /v1/queue/{id}`.
    func item(id: String) async throws(EngineError) -> ReviewRequest
    /// `POST /v1/queue/{id}/approve` or `/deny` with `{"resolved_by","note"}`; the engine's receipt.
    @discardableResult
    func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
        -> ResolveReceipt
    /// Tells which engine this is (see ``EngineProfile``); never fails, `.unknown` when it cannot tell.
    func probe() async -> EngineProfile
}

extension EngineClient {

    /// Test doubles and benchmarks need not probe: they are taken for the current engine.
    package func probe() async -> EngineProfile { EngineProfile(api: .current, reviewerCredentials: false) }
}


