import Foundation

// MARK: - Journal entry

/// One line of the decision journal: a decision and its outcome at one moment.
///
/// The journal is append-only: a decision's outcome evolving (held → sending →
/// confirmed) appends a new line with the same ID; the newest line per ID is its state.
/// The API key is never part of an entry.
package struct JournalEntry: Codable, Equatable, Sendable {
    /// When this line was written.
    package var time: Date
    /// The engine's URL.
    package var engine: String
    /// The engine's label when the console watched several (`[engines.NAME]`); nil with one.
    package var label: String?
    /// The request's ID.
    package var id: String
    /// The request's action, actor and confidence, as they were when decided.
    package var action: String
    package var actor: String
    var confidence: Double
    /// What the reviewer decided.
    package var decision: Decision
    /// The reviewer's note.
    var note: String
    /// Who decided (`resolved_by`).
    var reviewer: String
    /// Where the decision stands.
    package var outcome: JournalOutcome
    /// For conflicts: the status the engine had; for failures: the reason.
    var detail: String?
    /// Who the engine recorded as the resolver: for confirmations the engine's `resolved_by`
    /// (the current engine names it, from the reviewer credential when one was sent); for
    /// conflicts who resolved it first, when the engine said.
    var resolvedBy: String?
    /// For confirmations: the engine's `reviewer_authenticated` (nil when it did not say, as July's does not).
    var reviewerAuthenticated: Bool?

    /// Creates an entry.
    package init(
        time: Date, engine: String, id: String, action: String, actor: String, confidence: Double,
        decision: Decision, note: String, reviewer: String, outcome: JournalOutcome,
        detail: String? = nil, resolvedBy: String? = nil, reviewerAuthenticated: Bool? = nil, label: String? = nil
    ) {
        self.time = time
        self.engine = engine
        self.label = label
        self.id = id
        self.action = action
        self.actor = actor
        self.confidence = confidence
        self.decision = decision
        self.note = note
        self.reviewer = reviewer
        self.outcome = outcome
        self.detail = detail
        self.resolvedBy = resolvedBy
        self.reviewerAuthenticated = reviewerAuthenticated
    }

    enum CodingKeys: String, CodingKey {
        case label = "engine_label"
        case time, engine, id, action, actor, confidence, decision, note, reviewer, outcome, detail
        case resolvedBy = "resolved_by"
        case reviewerAuthenticated = "reviewer_authenticated"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .time)
        guard let time = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "not RFC 3339: \(text)")
        }
        self.time = time
        engine = try c.decode(String.self, forKey: .engine)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        id = try c.decode(String.self, forKey: .id)
        action = try c.decodeIfPresent(String.self, forKey: .action) ?? ""
        actor = try c.decodeIfPresent(String.self, forKey: .actor) ?? ""
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? 0
        decision = try c.decode(Decision.self, forKey: .decision)
        note = try c.decodeIfPresent(String.self, forKey: .note) ?? ""
        reviewer = try c.decodeIfPresent(String.self, forKey: .reviewer) ?? ""
        outcome = try c.decode(JournalOutcome.self, forKey: .outcome)
        detail = try c.decodeIfPresent(String.self, forKey: .detail)
        resolvedBy = try c.decodeIfPresent(String.self, forKey: .resolvedBy)
        reviewerAuthenticated = try c.decodeIfPresent(Bool.self, forKey: .reviewerAuthenticated)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Timestamp.format(time), forKey: .time)
        try c.encode(engine, forKey: .engine)
        try c.encodeIfPresent(label, forKey: .label)
        try c.encode(id, forKey: .id)
        try c.encode(action, forKey: .action)
        try c.encode(actor, forKey: .actor)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(decision, forKey: .decision)
        try c.encode(note, forKey: .note)
        try c.encode(reviewer, forKey: .reviewer)
        try c.encode(outcome, forKey: .outcome)
        try c.encodeIfPresent(detail, forKey: .detail)
        try c.encodeIfPresent(resolvedBy, forKey: .resolvedBy)
        try c.encodeIfPresent(reviewerAuthenticated, forKey: .reviewerAuthenticated)
    }

    /// A one-line description of the outcome, e.g. "already denied by oncall@ops-2".
    package var outcomeText: String { outcomeLine.description }

    /// ``outcomeText`` with what the engine wrote (names, messages) quoted, for the screen.
    var outcomeLine: ScreenText {
        switch outcome {
        case .held: "held (undo window)"
        case .undone: "taken back — never sent"
        case .sending: "sending"
        case .confirmed:
            "\(decision.pastTense)"
                + ResolveReceipt(resolvedBy: resolvedBy, reviewerAuthenticated: reviewerAuthenticated).screenText
        case .conflict:
            "already \(quoted: detail ?? "resolved")" + (resolvedBy.map { " by \(quoted: $0)" } ?? "")
        case .gone: "gone (engine restarted or expired)"
        case .expired: "expired without a decision — not \(decision.pastTense)"
        case .failed: "failed" + (detail.map { ": \(quoted: $0)" } ?? "")
        }
    }
}

/// Where a decision stands.
package enum JournalOutcome: String, Codable, Equatable, Sendable, CaseIterable {
    /// Decided, waiting out the undo window.
    case held
    /// Taken back within the undo window; never sent.
    case undone
    /// Being sent (written before the first attempt).
    case sending
    /// The engine accepted it.
    case confirmed
    /// Someone else resolved it first.
    case conflict
    /// The engine no longer has the request.
    case gone
    /// The request expired without a decision (current engine): nobody decided, and nobody can now.
    case expired
    /// It could not be delivered.
    case failed
}

// MARK: - Reading records

extension JournalEntry {
    /// The newest record per (engine, ID), newest first.
    package static func latest(_ entries: [JournalEntry]) -> [JournalEntry] {
        var newest: [String: JournalEntry] = [:]
        for entry in entries { newest[entry.engine + "\u{0}" + entry.id] = entry }
        return newest.values.sorted { $0.time != $1.time ? $0.time > $1.time : $0.id < $1.id }
    }
}
