import Foundation

// MARK: - Reviewer record

/// This reviewer's earlier decisions on this engine, from this machine's journal: how often
/// they approved and denied an actor's action (and the actor's requests of any action) in the
/// last ``window``, and what they decided last.
///
/// Local knowledge, never the engine's: another reviewer, another machine, or a decision made
/// with `lelu-console approve` on another host is not in it. Only confirmed decisions count
/// (held, undone, conflicting or failed ones did not take effect), each request once.
///
/// Kept as two dictionaries of time-ordered marks with running approval counts, so a lookup is
/// two hash lookups and a binary search, however long the journal.
package struct ReviewerRecord: Equatable, Sendable {
    /// Whether the record is read from a journal at all, and whether it has been read yet.
    enum Status: Equatable, Sendable {
        /// No journal: nothing is shown.
        case off
        /// The journal is read after the first frame; the pane says "loading…".
        case loading
        /// Read; kept up to date from the decisions made since.
        case loaded
    }

    /// How far back the counts go.
    static let window: TimeInterval = 30 * 86_400

    /// One confirmed decision.
    struct Mark: Equatable, Sendable {
        /// The request's ID (which `counted` keeps while its mark is kept).
        var id: String
        var time: Date
        var decision: Decision
        var note: String
        /// Approvals up to and including this mark (in its list).
        var approvedThrough: Int
    }

    /// What the pane and the column show for a key.
    package struct Tally: Equatable, Sendable {
        /// Approvals and denials in the window.
        var approved = 0
        var denied = 0
        /// The newest decision in the window.
        var last: (decision: Decision, time: Date, note: String)?

        /// Decisions in the window.
        var total: Int { approved + denied }

        package static func == (a: Tally, b: Tally) -> Bool {
            a.approved == b.approved && a.denied == b.denied && a.last?.decision == b.last?.decision
                && a.last?.time == b.last?.time && a.last?.note == b.last?.note
        }
    }

    /// Whether it is read, loading, or not kept.
    var status = Status.off
    /// Marks per actor + action and per actor, oldest first.
    private var byPair: [String: [Mark]] = [:]
    private var byActor: [String: [Mark]] = [:]
    /// The requests already counted (a request's confirmation can appear in two files).
    private var counted: Set<String> = []
    /// Marks kept per actor (each is in one actor list and one actor + action list).
    private(set) var markCount = 0
    /// Confirmations made while the journal was being read: merged in when it arrives.
    private var early: [JournalEntry] = []

    /// An empty record (``Status/off``).
    package init() {}

    // MARK: Lookup

    /// The tally for an actor's action (or, with `action` nil, for all of the actor's requests) since `now - window`.
    package func tally(actor: String, action: String?, now: Date) -> Tally {
        let marks = action.map { byPair[Self.pairKey(actor, $0)] } ?? byActor[actor]
        guard let marks, let newest = marks.last else { return Tally() }
        let cutoff = now.addingTimeInterval(-Self.window)
        // The first mark inside the window.
        var low = 0
        var high = marks.count
        while low < high {
            let mid = (low + high) / 2
            if marks[mid].time < cutoff { low = mid + 1 } else { high = mid }
        }
        guard low < marks.count else { return Tally() }
        let approved = newest.approvedThrough - (low > 0 ? marks[low - 1].approvedThrough : 0)
        return Tally(approved: approved, denied: marks.count - low - approved,
                     last: (newest.decision, newest.time, newest.note))
    }

    // MARK: Recording

    /// Whether a journal record counts: a confirmed decision of this reviewer on this engine.
    package static func counts(_ entry: JournalEntry, engine: String, reviewer: String) -> Bool {
        entry.outcome == .confirmed && entry.engine == engine && entry.reviewer == reviewer
    }

    /// Counts a confirmation the console just journaled (`counts` already checked).
    mutating func note(_ entry: JournalEntry) {
        switch status {
        case .off: return
        case .loading: early.append(entry)
        case .loaded: insert(entry)
        }
    }

    /// Builds the index from the journal's confirmations (`counts` already checked), then those
    /// noted while it was read.
    mutating func load(_ entries: [JournalEntry]) {
        byPair = [:]
        byActor = [:]
        counted = []
        markCount = 0
        let all = (entries + early).sorted { $0.time < $1.time }
        early = []
        status = .loaded
        for entry in all { insert(entry) }
    }

    /// Adds one confirmation, keeping each list in time order; marks that have left the window
    /// go, so a console open for months keeps about a window's worth.
    private mutating func insert(_ entry: JournalEntry) {
        let key = entry.engine + "\u{0}" + entry.id
        guard counted.insert(key).inserted else { return }
        let cutoff = entry.time.addingTimeInterval(-Self.window)
        let pair = Self.pairKey(entry.actor, entry.action)
        Self.add(entry, key: key, to: &byPair[pair, default: []])
        Self.dropOlder(than: cutoff, from: &byPair[pair, default: []])
        Self.add(entry, key: key, to: &byActor[entry.actor, default: []])
        markCount += 1
        markCount -= Self.dropOlder(than: cutoff, from: &byActor[entry.actor, default: []])
        if counted.count > 2 * markCount + 1024 {
            // The IDs of dropped marks are forgotten too (a confirmation read again that late is outside the window).
            counted = Set(byActor.values.joined().map(\.id))
        }
    }

    /// Drops the marks before `cutoff` once there are enough of them to be worth a copy; returns how many went.
    /// The running counts need no change: a tally only subtracts them from one another.
    @discardableResult
    private static func dropOlder(than cutoff: Date, from marks: inout [Mark]) -> Int {
        var low = 0
        var high = marks.count
        while low < high {
            let mid = (low + high) / 2
            if marks[mid].time < cutoff { low = mid + 1 } else { high = mid }
        }
        guard low >= 64 || (low > 0 && low * 2 >= marks.count) else { return 0 }
        marks.removeFirst(low)
        return low
    }

    /// Appends a mark (or inserts it in time order, renumbering the running counts after it).
    private static func add(_ entry: JournalEntry, key: String, to marks: inout [Mark]) {
        var at = marks.count
        while at > 0, marks[at - 1].time > entry.time { at -= 1 }
        let before = at > 0 ? marks[at - 1].approvedThrough : 0
        let approve = entry.decision == .approve ? 1 : 0
        marks.insert(Mark(id: key, time: entry.time, decision: entry.decision, note: entry.note,
                          approvedThrough: before + approve), at: at)
        for i in (at + 1)..<marks.count { marks[i].approvedThrough += approve }
    }

    /// The dictionary key of an actor's action.
    private static func pairKey(_ actor: String, _ action: String) -> String { actor + "\u{0}" + action }
}
