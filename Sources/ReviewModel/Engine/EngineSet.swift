import Foundation

// MARK: - Several engines

/// The engines a console watches when there are two or more (`[engines.NAME]`,
/// docs/engines.md#several-engines); empty when it watches one, as it always did.
///
/// Each engine keeps what one engine always kept: its own sync (dialect, paging or capped-list
/// checks, GET budget, backoff) and its own facts (profile, reviewer key). The reducer lends one
/// engine's at a time to the single-engine code (``ConsoleState/withEngine(_:_:)``), so that code
/// is the same for one engine and for many. Rows of every engine share one table; a row's key is
/// its engine's label, `/`, and the engine's request ID (``RowKey``), so the same ID on two
/// engines is two rows.
package struct EngineSet: Equatable, Sendable {
    /// The engines in the order configured; at least two, or none.
    var slots: [EngineSlot] = []

    /// No engines of its own: the console watches one engine through its root fields.
    package init() {}

    /// Several engines; fewer than two leaves the set empty (one engine is kept the usual way).
    init(_ slots: [EngineSlot]) {
        self.slots = slots.count >= 2 ? slots : []
    }

    /// Whether the console watches several engines.
    var isMulti: Bool { !slots.isEmpty }

    /// The labels, in order.
    var labels: [String] { slots.map(\.label) }

    /// Where the engine called `label` is kept.
    func index(of label: String) -> Int? { slots.firstIndex { $0.label == label } }

    /// The engine called `label`.
    package func slot(_ label: String) -> EngineSlot? { index(of: label).map { slots[$0] } }

    /// The label of the engine a row key belongs to (nil with one engine, or a key of no engine).
    package func label(ofKey key: String) -> String? {
        guard isMulti, let label = RowKey.engine(of: key), index(of: label) != nil else { return nil }
        return label
    }
}

/// One engine among several: how it is named and reached, who decides on it, and what the
/// console keeps for it.
package struct EngineSlot: Equatable, Sendable {
    /// The short name the table's engine column shows (`us`, `eu-prod`).
    var label: String
    /// The engine's URL, as the journal records it.
    package var url: String
    /// Sent as `resolved_by` to this engine.
    package var reviewer: String
    /// How the table is kept true to this engine.
    package var sync = QueueSync()
    /// What the console knows of this engine: its API, the reviewer key's standing.
    var facts = EngineFacts()
    /// Seconds between its polls.
    var interval: TimeInterval = ConsoleDefaults.interval

    /// An engine nothing has been read from yet.
    init(label: String, url: String, reviewer: String, sync: QueueSync = QueueSync(), facts: EngineFacts = EngineFacts()) {
        self.label = label
        self.url = url
        self.reviewer = reviewer
        self.sync = sync
        self.facts = facts
    }
}

// MARK: - Row keys

/// A row's identity when several engines are watched: `label/id`. Labels hold no `/`
/// (``RowKey/isValidLabel(_:)``), so the first `/` splits a key whatever the ID holds.
package enum RowKey {
    /// The key of `id` on the engine called `engine` (just `id` when `engine` is empty: one engine).
    package static func make(engine: String, id: String) -> String {
        engine.isEmpty ? id : engine + "/" + id
    }

    /// The label part of a key, if it has one.
    package static func engine(of key: String) -> String? {
        guard let slash = key.firstIndex(of: "/") else { return nil }
        return String(key[..<slash])
    }

    /// The engine's own ID in a key of the engine called `engine`.
    package static func requestID(of key: String, engine: String) -> String {
        guard !engine.isEmpty, key.hasPrefix(engine + "/") else { return key }
        return String(key.dropFirst(engine.count + 1))
    }

    /// Whether `label` can name an engine: 1–16 of `a-z`, `0-9`, `-`, `_`, starting with a letter or digit.
    package static func isValidLabel(_ label: String) -> Bool {
        guard let first = label.unicodeScalars.first, label.unicodeScalars.count <= 16 else { return false }
        let allowed = { (s: Unicode.Scalar) in ("a"..."z").contains(s) || ("0"..."9").contains(s) }
        return allowed(first) && label.unicodeScalars.allSatisfy { allowed($0) || $0 == "-" || $0 == "_" }
    }
}

// MARK: - Tagging answers

extension ReviewRequest {
    /// This request as a row of the engine called `label`: tagged with it, keyed `label/id`.
    package func tagged(engine label: String) -> ReviewRequest {
        guard !label.isEmpty else { return self }
        var copy = self
        copy.engine = label
        copy.id = RowKey.make(engine: label, id: id)
        return copy
    }

    /// The engine's own ID for this request (its row key without the engine's label).
    package var requestID: String { RowKey.requestID(of: id, engine: engine) }
}

extension PendingList {
    /// This list as the engine called `label` answered it: every item tagged with the label.
    package func tagged(engine label: String) -> PendingList {
        guard !label.isEmpty else { return self }
        var copy = self
        copy.items = items.map { $0.tagged(engine: label) }
        return copy
    }
}
