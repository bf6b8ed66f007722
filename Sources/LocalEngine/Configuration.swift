// MARK: - Configuration

/// What the confidence gate does with a request that carries no confidence signal.
package enum MissingConfidenceMode: String, Sendable, CaseIterable {
    /// Deny the request outright (the real engine's default).
    case deny
    /// Queue the request for human review with `confidence_score` 0.
    case review
}

/// Which real Lelu engine the local engine plays.
package enum EngineDialect: String, Sendable, CaseIterable {
    /// The current engine, 0.2.0 and later (docs/engines.md#current-list): paging, 409, reviewer keys, `expired`, redeem.
    case current
    /// The July 2026 snapshot (docs/engines.md#july-list; Tests/TestSupport/Fixtures/real-engine-2026-07.md).
    case july2026 = "2026-07"
}

/// Which of the July engine's two stores the local engine imitates (the current dialect has one behaviour).
package enum QueueStoreKind: String, Sendable, CaseIterable {
    /// The in-memory store: the pending list comes out in a new random order on every call.
    case memory
    /// The Redis store: the list is the newest enqueue records as they were when enqueued.
    case stream
}

/// Everything needed to start a ``LocalEngine``.
package struct LocalEngineConfiguration: Sendable {
    /// Address to bind; `127.0.0.1` keeps the engine on loopback.
    var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free port (read it back from ``LocalEngine/port``).
    var port: Int = 0
    /// The bearer key every route but `/healthz` requires; `nil` or empty means none.
    var apiKey: String?
    /// Like `LELU_DEV_INSECURE=true`: with no key set, protected routes need no key.
    var insecure: Bool = false
    /// The list size when the client asks for none (both engines use 50).
    ///
    /// In the current dialect a valid `?limit=` (1–500) wins; without one this is the page size,
    /// so a load test with `listLimit` 10000 still gets every item in one call.
    /// In the July dialect it is the cap on every list.
    var listLimit: Int = 50
    /// The confidence gate's handling of requests without a confidence signal.
    var missingConfidence: MissingConfidenceMode = .deny
    /// Writes one line per request to standard error when true.
    var logRequests: Bool = false
    /// Which real engine to play.
    package var dialect: EngineDialect = .current
    /// Which July store to imitate; `.stream` is for the July dialect only.
    var store: QueueStoreKind = .memory
    /// Reviewer credentials as `LELU_REVIEWER_KEYS` spells them: `"alice:<secret>,bob:<secret>"`.
    ///
    /// Current dialect only. Pairs with a secret under 16 characters are ignored; none valid turns the feature off.
    var reviewerKeys: String?
    /// How long a pending item waits before it reads as `expired` (current dialect; the engine uses 7 days).
    var pendingMaxAge: Duration = .seconds(7 * 24 * 3600)

    /// Go's `WriteTimeout`: an answer later than this after the request is dropped with the connection.
    var writeTimeout: Duration = .seconds(10)
    /// How long after approval a redeem is accepted (the engine's `DefaultApprovalTTL`, 15 minutes).
    var approvalTTL: Duration = .seconds(15 * 60)
    /// The largest `Content-Length` the current dialect accepts (`LELU_MAX_BODY_BYTES`).
    var maxBodyBytes: Int = 262_144

    /// Creates a configuration; every parameter has the engine's default.
    package init(
        host: String = "127.0.0.1",
        port: Int = 0,
        apiKey: String? = nil,
        insecure: Bool = false,
        listLimit: Int = 50,
        missingConfidence: MissingConfidenceMode = .deny,
        logRequests: Bool = false,
        dialect: EngineDialect = .current,
        store: QueueStoreKind = .memory,
        reviewerKeys: String? = nil,
        pendingMaxAge: Duration = .seconds(7 * 24 * 3600)
    ) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.insecure = insecure
        self.listLimit = listLimit
        self.missingConfidence = missingConfidence
        self.logRequests = logRequests
        self.dialect = dialect
        self.store = store
        self.reviewerKeys = reviewerKeys
        self.pendingMaxAge = pendingMaxAge
    }

    /// Why this configuration cannot run, or `nil` when it can.
    var problem: String? {
        if store == .stream && dialect != .july2026 {
            return "the stream store is the July 2026 engine's Redis store; use it with dialect 2026-07"
        }
        if listLimit < 0 { return "the list limit must not be negative" }
        return nil
    }
}
