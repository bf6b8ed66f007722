// MARK: - Configuration

/// What the confidence gate does with a request that carries no confidence signal.
public enum MissingConfidenceMode: String, Sendable, CaseIterable {
    /// Deny the request outright (the real engine's default).
    case deny
    /// Queue the request for human review with `confidence_score` 0.
    case review
}

/// Everything needed to start a ``LocalEngine``.
public struct LocalEngineConfiguration: Sendable {
    /// Address to bind; `127.0.0.1` keeps the engine on loopback.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free port (read it back from ``LocalEngine/port``).
    public var port: Int = 0
    /// The bearer key every route but `/healthz` requires; `nil` or empty means none.
    public var apiKey: String?
    /// Like `LELU_DEV_INSECURE=true`: with no key set, protected routes need no key.
    public var insecure: Bool = false
    /// The most items `GET /v1/queue/pending` returns (the real engine uses 50).
    public var listLimit: Int = 50
    /// The confidence gate's handling of requests without a confidence signal.
    public var missingConfidence: MissingConfidenceMode = .deny
    /// Writes one line per request to standard error when true.
    public var logRequests: Bool = false

    /// Creates a configuration; every parameter has the engine's default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        apiKey: String? = nil,
        insecure: Bool = false,
        listLimit: Int = 50,
        missingConfidence: MissingConfidenceMode = .deny,
        logRequests: Bool = false
    ) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.insecure = insecure
        self.listLimit = listLimit
        self.missingConfidence = missingConfidence
        self.logRequests = logRequests
    }
}
