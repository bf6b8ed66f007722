import Foundation

// MARK: - Lending an engine

// With several engines (docs/engines.md#several-engines) each keeps its own sync and facts in
// ``EngineSet``; the single-engine code reads `state.sync`, `state.engineFacts`,
// `state.engineLabel`, `state.engineURL` and `state.reviewer`. An engine's answer, its poll
// schedule and its start are handled with that engine lent to those fields, so one engine's
// probe, paging, checks, backoff and reviewer key never touch another's.

extension ConsoleState {
    /// Runs `body` with the engine called `label` in the single-engine fields, then puts it back.
    ///
    /// With one engine, or a label no engine has, `body` runs on the state as it is.
    mutating func withEngine<T>(_ label: String, _ body: (inout ConsoleState) -> T) -> T {
        guard let index = engines.index(of: label) else { return body(&self) }
        let kept = (engineLabel, engineURL, reviewer)
        engineLabel = engines.slots[index].label
        engineURL = engines.slots[index].url
        reviewer = engines.slots[index].reviewer
        swap(&sync, &engines.slots[index].sync)
        swap(&engineFacts, &engines.slots[index].facts)
        swap(&pollInterval, &engines.slots[index].interval)
        let result = body(&self)
        swap(&sync, &engines.slots[index].sync)
        swap(&engineFacts, &engines.slots[index].facts)
        swap(&pollInterval, &engines.slots[index].interval)
        (engineLabel, engineURL, reviewer) = kept
        return result
    }

    /// What `body` says of each engine, in the configured order, each read with that engine lent
    /// to the single-engine fields (the state itself is not changed).
    func eachEngine<T>(_ body: (ConsoleState) -> T) -> [T] {
        engines.labels.map { label in
            var lent = self
            return lent.withEngine(label) { body($0) }
        }
    }

    /// Whether a row belongs to the engine lent to the single-engine fields (always, with one engine).
    func isLentEngine(_ row: ReviewRequest) -> Bool {
        !engines.isMulti || row.engine == engineLabel
    }

    /// Whether a row key belongs to the engine lent to the single-engine fields (always, with one engine).
    func isLentEngine(key: String) -> Bool {
        !engines.isMulti || RowKey.engine(of: key) == engineLabel
    }

    /// The rows of the engine lent to the single-engine fields (all of them, with one engine).
    var lentEngineRows: Int {
        guard engines.isMulti else { return table.items.count }
        var count = 0
        for item in table.items.values where item.engine == engineLabel { count += 1 }
        return count
    }

    /// Decisions not yet answered by the engine lent to the single-engine fields.
    var lentEngineUnsent: Int {
        guard engines.isMulti else { return pipeline.unsentCount }
        return pipeline.unsentCount(where: { isLentEngine(key: $0) })
    }

    /// Where the engine lent to the single-engine fields is set up, for messages that name a fix.
    var lentFixes: EngineError.Fixes {
        engines.isMulti ? .table(engineLabel) : .oneEngine
    }

    /// The sync of the engine called `label`: its own among several, the root one with one engine.
    func sync(ofEngine label: String) -> QueueSync {
        engines.slot(label)?.sync ?? sync
    }

    /// Who decides on the engine a row key belongs to, under which name, and where it is.
    func engineOf(key: String) -> (label: String, url: String, reviewer: String) {
        guard let label = engines.label(ofKey: key), let slot = engines.slot(label) else { return ("", engineURL, reviewer) }
        return (slot.label, slot.url, slot.reviewer)
    }
}

// MARK: - Routing to engines

/// Handles one engine's answer with that engine lent; its reads and probes go back to it.
func routeToEngine(_ state: inout ConsoleState, _ label: String, _ event: Event) -> [Effect] {
    let effects = state.withEngine(label) { route(&$0, event) }
    return addressed(effects, to: label)
}

/// Runs `body` once per engine, each lent in turn (once, as it is, with one engine).
func forEachEngine(_ state: inout ConsoleState, _ body: (inout ConsoleState) -> [Effect]) -> [Effect] {
    guard state.engines.isMulti else { return body(&state) }
    var effects: [Effect] = []
    for label in state.engines.labels {
        effects += addressed(state.withEngine(label, body), to: label)
    }
    return effects
}

/// Addresses reads and probes to the engine called `label` (work on rows is addressed by key).
func addressed(_ effects: [Effect], to label: String) -> [Effect] {
    guard !label.isEmpty else { return effects }
    return effects.map { effect in
        switch effect {
        case .fetchPending, .fetchPage, .probeEngine: .engine(label, effect)
        default: effect
        }
    }
}

extension ConsoleState {
    /// The earliest poll due on any engine whose poll is not out.
    var nextEnginePoll: Date? {
        guard engines.isMulti else { return sync.pollInFlight ? nil : sync.nextPollAt }
        return engines.slots.compactMap { $0.sync.pollInFlight ? nil : $0.sync.nextPollAt }.min()
    }
}

// MARK: - Journal records

extension ConsoleState {
    /// The row key a journal record's request has here: with several engines, its engine's label
    /// (recorded, or found by the engine's URL) and its ID; with one, its ID.
    func rowKey(of entry: JournalEntry) -> String {
        guard engines.isMulti else { return entry.id }
        let label = entry.label ?? engines.slots.first { $0.url == entry.engine }?.label ?? ""
        return RowKey.make(engine: label, id: entry.id)
    }
}

// MARK: - Watching several

/// One engine to watch beside others, as the settings give it.
package struct EngineSpec: Equatable, Sendable {
    /// Its label (``RowKey/isValidLabel(_:)``).
    var label: String
    /// Its URL, as the journal records it.
    var url: String
    /// Who decides on it.
    var reviewer: String
    /// Whether a reviewer key is configured for it.
    var hasReviewerKey = false
    /// Seconds between its polls (nil: the console's).
    var interval: TimeInterval?
    /// The most of its rows held (nil: the console's).
    var maxRequests: Int?

    /// An engine to watch.
    package init(label: String, url: String, reviewer: String, hasReviewerKey: Bool = false,
                 interval: TimeInterval? = nil, maxRequests: Int? = nil) {
        self.label = label
        self.url = url
        self.reviewer = reviewer
        self.hasReviewerKey = hasReviewerKey
        self.interval = interval
        self.maxRequests = maxRequests
    }
}

extension ConsoleState {
    /// Watches these engines (two or more), each starting from the console's settings (the
    /// sync's limits as set now) with its own interval, cap, reviewer and key.
    package mutating func watch(_ specs: [EngineSpec]) {
        engines = EngineSet(specs.map { spec in
            var slot = EngineSlot(label: spec.label, url: spec.url, reviewer: spec.reviewer, sync: sync)
            slot.facts.hasReviewerKey = spec.hasReviewerKey
            slot.interval = spec.interval ?? pollInterval
            if let max = spec.maxRequests { slot.sync.maxRequests = max }
            return slot
        })
        guard engines.isMulti else { return }
        engineLabel = "\(engines.slots.count) engines"
    }
}
