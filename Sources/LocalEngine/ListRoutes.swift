import Hummingbird

// MARK: - The pending list

extension EngineHandlers {
    /// The most items one page may ask for in the current dialect.
    static let maxPageLimit = 500

    /// `GET /v1/queue/pending` in the dialect and store configured.
    func pending(_ request: Request) async -> Response {
        switch (configuration.dialect, configuration.store) {
        case (.current, _):
            return await page(request.uri.queryParameters["limit"], request.uri.queryParameters["offset"])
        case (.july2026, .memory):
            return julyList(await queue.shuffledPending(limit: configuration.listLimit))
        case (.july2026, .stream):
            return julyList(await queue.streamPending(limit: configuration.listLimit))
        }
    }

    /// July: `{"count":N,"items":[…]}`, count first as the engine writes it; query parameters ignored.
    private func julyList(_ items: [ReviewItem]) -> Response {
        JSONReply.make(WireJSON.object([
            ("count", String(items.count)),
            ("items", WireJSON.array(items.map(\.wireJSON))),
        ]))
    }

    /// Current: `{"items","count","total","offset","limit"}`, newest first, only really pending items.
    private func page(_ limitText: Substring?, _ offsetText: Substring?) async -> Response {
        let (limit, offset) = Self.pageParameters(limit: limitText, offset: offsetText, defaultLimit: configuration.listLimit)
        let (items, total) = await queue.page(limit: limit, offset: offset)
        return JSONReply.make(WireJSON.object([
            ("items", WireJSON.array(items.map(\.wireJSON))),
            ("count", String(items.count)),
            ("total", String(total)),
            ("offset", String(offset)),
            ("limit", String(limit)),
        ]))
    }

    /// `limit` counts only as an integer 1…500 (anything else is the default, not clamped); `offset` as an integer ≥ 0.
    ///
    /// The engine's default is 50; here it is `listLimit` (50 unless configured), so a load test with a
    /// large `listLimit` still gets everything in one call when it sends no limit.
    static func pageParameters(limit: Substring?, offset: Substring?, defaultLimit: Int) -> (limit: Int, offset: Int) {
        var chosenLimit = defaultLimit
        if let text = limit, let value = Int(text), (1...maxPageLimit).contains(value) { chosenLimit = value }
        var chosenOffset = 0
        if let text = offset, let value = Int(text), value >= 0 { chosenOffset = value }
        return (chosenLimit, chosenOffset)
    }
}
