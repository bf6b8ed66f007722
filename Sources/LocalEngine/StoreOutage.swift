import Foundation
import Hummingbird
import Synchronization

// MARK: - Store outage

/// A queue store that has stopped answering, as a real engine shows it when Redis is down.
///
/// The real engines do not fail as a whole: `/healthz` turns `degraded`, the list answers `500`
/// with the store operation that failed (`queue: xrevrange: …` on July, `queue: index size: …` on
/// the current engine), a read `404 queue: get: …`, a decision `400 queue: get: …` (July) or
/// `400 queue: resolve lock: …` (current), and an agent's request cannot be queued. Tests (and
/// `kill -USR1` on `lelu-local-engine`) switch it on and off.
final class StoreOutage: Sendable {
    private let down = Mutex(false)

    /// Whether the store is failing now.
    var isDown: Bool { down.withLock { $0 } }

    /// Sets whether the store is failing.
    func set(_ failing: Bool) {
        down.withLock { $0 = failing }
    }

    /// Flips the store between failing and answering; returns whether it is failing now.
    func toggle() -> Bool {
        down.withLock {
            $0.toggle()
            return $0
        }
    }

    /// The cause a Go Redis client reports when nothing listens on Redis's port.
    static let cause = "dial tcp 127.0.0.1:6379: connect: connection refused"

    /// What the engine answers on `route` while its store is down; nil for routes that do not use it.
    static func answer(_ route: Route, dialect: EngineDialect) -> Response? {
        switch route {
        case .pending:
            let operation = dialect == .july2026 ? "xrevrange" : "index size"
            return JSONReply.error("queue: \(operation): \(cause)", status: .internalServerError)
        case .item, .wait:
            return JSONReply.error("queue: get: \(cause)", status: .notFound)
        case .approve, .deny, .redeem:
            let operation = dialect == .july2026 ? "get" : "resolve lock"
            return JSONReply.error("queue: \(operation): \(cause)", status: .badRequest)
        case .authorize:
            return JSONReply.error("queue: xadd: \(cause)", status: .internalServerError)
        case .health:
            let body = #"{"dependencies":{"queue":{"error":"queue: redis ping: \#(cause)","status":"unhealthy"}},"service":"lelu-engine","status":"degraded"}"#
            return JSONReply.make(body, status: .serviceUnavailable)
        }
    }
}
