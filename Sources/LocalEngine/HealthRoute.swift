import Hummingbird

// MARK: - Health

extension EngineHandlers {
    /// `GET /healthz` in the dialect's shape; Go writes these maps with sorted keys.
    func health() -> Response {
        switch configuration.dialect {
        case .july2026: return JSONReply.make(julyHealth)
        case .current: return JSONReply.make(currentHealth)
        }
    }

    /// The July engine's report, as recorded: `fallback`, `queue` and `redis` all healthy.
    ///
    /// `last_check` is the engine's start time in whole seconds (the recording's `<ts0>`).
    private var julyHealth: String {
        let breaker = WireJSON.object([
            ("failures", "0"),
            ("healthy", WireJSON.bool(true)),
            ("last_check", WireJSON.string(Timestamp(seconds: startedAt.seconds, nanoseconds: 0).rfc3339)),
            ("mode", WireJSON.string("closed")),
        ])
        return WireJSON.object([
            ("dependencies", WireJSON.object([
                ("fallback", WireJSON.object([("control_plane", breaker), ("redis", breaker)])),
                ("queue", WireJSON.object([("status", WireJSON.string("ok"))])),
                ("redis", WireJSON.object([("status", WireJSON.string("ok"))])),
            ])),
            ("service", WireJSON.string("lelu-engine")),
            ("status", WireJSON.string("ok")),
        ])
    }

    /// The current engine's report, limited to what a console reads.
    ///
    /// - `queue`: `{"status":"ok"}` (an in-memory queue is always healthy).
    /// - `human_review`: `configured` is always true (the queue exists); `reviewer_credentials` and
    ///   `authenticated_reviewer` are true when valid reviewer keys are configured.
    /// - `auth_mode`: no platform keys; `static_admin` when an API key is set or the engine is insecure.
    /// The real engine also reports audit, identity_registry, mcp_oauth and rate_limiting; they are left out.
    private var currentHealth: String {
        let staticAdmin = !(configuration.apiKey ?? "").isEmpty || configuration.insecure
        return WireJSON.object([
            ("dependencies", WireJSON.object([
                ("auth_mode", WireJSON.object([
                    ("platform_keys", WireJSON.bool(false)),
                    ("static_admin", WireJSON.bool(staticAdmin)),
                ])),
                ("human_review", WireJSON.object([
                    ("authenticated_reviewer", WireJSON.bool(reviewerKeys.isEnabled)),
                    ("configured", WireJSON.bool(true)),
                    ("reviewer_credentials", WireJSON.bool(reviewerKeys.isEnabled)),
                ])),
                ("queue", WireJSON.object([("status", WireJSON.string("ok"))])),
            ])),
            ("service", WireJSON.string("lelu-engine")),
            ("status", WireJSON.string("ok")),
        ])
    }
}
