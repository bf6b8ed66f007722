import Foundation
@testable import ReviewModel
import TestSupport

// MARK: - References

// The code the reducer's hot paths replaced, kept as it was so the fast paths can be compared
// with it on seeded random inputs.

/// `matches` as it was: every field lowercased on every call.
func referenceMatches(_ item: ReviewRequest, filter: String, tenants: Set<String>) -> Bool {
    if !tenants.isEmpty, !tenants.contains(item.tenantID ?? "") { return false }
    guard !filter.isEmpty else { return true }
    let needle = filter.lowercased()
    func has(_ field: String?) -> Bool {
        guard let field, !field.isEmpty else { return false }
        return field.lowercased().contains(needle)
    }
    if has(item.action) || has(item.actor) || has(item.actingFor) || has(item.tenantID) || has(item.reason) {
        return true
    }
    if item.id.lowercased().hasPrefix(needle) { return true }
    return item.resource.values.contains { has($0) }
}

/// `sortedIDs` as it was.
func referenceSortedIDs(_ items: [String: ReviewRequest], by sort: ReviewModel.SortOrder, reversed: Bool) -> [String] {
    func tie(_ a: ReviewRequest, _ b: ReviewRequest) -> Bool {
        let ta = a.enqueuedAt ?? .distantFuture
        let tb = b.enqueuedAt ?? .distantFuture
        if ta != tb { return ta < tb }
        return a.id < b.id
    }
    func before(_ a: ReviewRequest, _ b: ReviewRequest) -> Bool {
        switch sort {
        case .age: return tie(a, b)
        case .confidence: return a.confidence != b.confidence ? a.confidence < b.confidence : tie(a, b)
        case .action: return a.action != b.action ? a.action < b.action : tie(a, b)
        case .actor: return a.actor != b.actor ? a.actor < b.actor : tie(a, b)
        }
    }
    return items.values.sorted { reversed ? before($1, $0) : before($0, $1) }.map(\.id)
}

/// `pendingDecision` as it was: linear scans of the queues.
func referencePending(_ state: ConsoleState, _ id: String) -> PendingDecision? {
    if let decision = state.pipeline.inFlight[id] { return decision }
    let queues: [[PendingDecision]] = [Array(state.pipeline.held), Array(state.pipeline.outbox), Array(state.pipeline.retrying)]
    for queue in queues {
        if let decision = queue.first(where: { $0.id == id }) { return decision }
    }
    return state.pipeline.recovering[id]
}

/// The table as the reducer left it before: order, cursor and scroll, each change computed
/// from the state before it by re-sorting (or filtering) and a set of the new order.
struct ReferenceView: Equatable, CustomStringConvertible {
    var order: [String]
    var cursorID: String?
    var scrollTop: Int

    var description: String { "cursor \(cursorID ?? "nil") top \(scrollTop) order \(order)" }

    /// What a state shows now.
    init(_ state: ConsoleState) {
        order = state.table.order
        cursorID = state.table.cursorID
        scrollTop = state.table.scrollTop
    }

    init(order: [String], cursorID: String?, scrollTop: Int) {
        self.order = order
        self.cursorID = cursorID
        self.scrollTop = scrollTop
    }

    /// The shown requests, sorted.
    static func sorted(_ items: [String: ReviewRequest], filter: String, tenants: Set<String>, sort: ReviewModel.SortOrder,
                       reversed: Bool) -> [String] {
        referenceSortedIDs(items.filter { referenceMatches($0.value, filter: filter, tenants: tenants) }, by: sort,
                           reversed: reversed)
    }

    /// The old `reorder` (with `keepCursorVisible`) of `before` to a new order.
    static func reordered(_ order: [String], from before: ConsoleState) -> ReferenceView {
        guard !order.isEmpty else { return ReferenceView(order: order, cursorID: nil, scrollTop: 0) }
        let shown = Set(order)
        let cursor: String?
        if let id = before.table.cursorID, shown.contains(id) {
            cursor = id
        } else if let id = before.table.cursorID, let oldIndex = before.table.order.firstIndex(of: id) {
            let after = before.table.order[(oldIndex + 1)...].first { shown.contains($0) }
            let earlier = before.table.order[..<oldIndex].last { shown.contains($0) }
            cursor = after ?? earlier ?? order.first
        } else {
            cursor = order.first
        }
        return visible(order, cursor: cursor, scrollTop: before.table.scrollTop, before)
    }

    /// The old `moveCursor(by:)`.
    static func moved(by delta: Int, _ before: ConsoleState) -> ReferenceView {
        guard !before.table.order.isEmpty else { return ReferenceView(before) }
        let from = before.table.cursorID.flatMap { before.table.order.firstIndex(of: $0) } ?? 0
        let cursor = before.table.order[min(max(0, from + delta), before.table.order.count - 1)]
        return visible(before.table.order, cursor: cursor, scrollTop: before.table.scrollTop, before)
    }

    /// The old `keepCursorVisible`.
    static func visible(_ order: [String], cursor: String?, scrollTop: Int, _ state: ConsoleState) -> ReferenceView {
        let height = max(1, Layout(size: state.size, showDetail: state.showDetail).table.height)
        let maxTop = max(0, order.count - height)
        var top = scrollTop
        if let index = cursor.flatMap({ order.firstIndex(of: $0) }) {
            if index < top { top = index }
            if index >= top + height { top = index - height + 1 }
            top = min(max(0, top), maxTop)
        } else {
            top = min(top, maxTop)
        }
        return ReferenceView(order: order, cursorID: cursor, scrollTop: top)
    }
}

/// The history as `journal(...)` kept it: remove the ID's rows, insert at 0, follow the selection.
struct ReferenceHistory {
    var rows: [JournalEntry]
    var cursor: Int

    mutating func record(_ entry: JournalEntry) {
        let selected = rows.indices.contains(cursor) ? rows[cursor].id : nil
        rows.removeAll { $0.id == entry.id }
        rows.insert(entry, at: 0)
        if let selected, let index = rows.firstIndex(where: { $0.id == selected }) { cursor = index }
    }
}

// MARK: - Random data

/// Text that makes filters interesting: case, accents, decomposed letters, characters whose
/// lowercase or canonical form is ASCII (K, ;), CRLF, NUL, and hostile pieces.
enum SearchText {
    static let pieces = [
        "refund", "Refund", "REF", "issue_", "delete", "user", "acme", "Globex", "ord_55", "inv", "-", ":", ";",
        "\u{037E}", "\u{212A}", "k", "K", "é", "e\u{301}", "E\u{301}", "naïve", "İstanbul", "i\u{307}", "ß", "SS",
        "\r\n", "\r", "\n", "\u{0}", " ", "  ", "ﬁ", "Σ", "σ", "ς", "👍🏽", "🇩🇪", "a", "b", "c", "1", "2",
    ]

    /// Sort keys (actions, actors) that Swift's `String` `<` orders totally. It does not for
    /// some characters with a one-character canonical decomposition (U+212A KELVIN SIGN, U+037E
    /// GREEK QUESTION MARK): `"K:" < "\u{212A}"` but not `"K\u{1B}P" < "\u{212A}"` although
    /// `"K\u{1B}P" < "K:"`. With such keys no order is "the" sorted one: a full sort's result
    /// depended on the engine's random list order, before as now.
    static let sortKeys = ["x", "y", "Z", "é", "e\u{301}", "naïve", "", "ß", "ss", "Ça", "ça", "z", "👍🏽", "東"]

    /// The pieces that are ASCII (CR, LF and NUL included).
    static let asciiPieces = pieces.filter { $0.unicodeScalars.allSatisfy(\.isASCII) }

    static func string(_ rng: inout SeededRandom, maxPieces: Int = 4, ascii: Bool = false) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...maxPieces, using: &rng) {
            if ascii {
                s += asciiPieces[Int.random(in: 0..<asciiPieces.count, using: &rng)]
            } else {
                s += Int.random(in: 0..<5, using: &rng) == 0 ? HostileText.piece(&rng)
                    : pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            }
        }
        return s
    }

    static func optional(_ rng: inout SeededRandom, ascii: Bool) -> String? {
        Int.random(in: 0..<4, using: &rng) == 0 ? nil : string(&rng, ascii: ascii)
    }

    /// A request with searchable text in every field; half of them all ASCII.
    static func request(_ id: String, _ rng: inout SeededRandom) -> ReviewRequest {
        let ascii = Bool.random(using: &rng)
        var resource: [String: String] = [:]
        for i in 0..<Int.random(in: 0...3, using: &rng) { resource["k\(i)"] = string(&rng, ascii: ascii) }
        return ReviewRequest(
            id: id, tenantID: optional(&rng, ascii: ascii), actor: string(&rng, ascii: ascii),
            action: string(&rng, ascii: ascii), resource: resource,
            confidence: [0, 0.5, 0.78, 1][Int.random(in: 0..<4, using: &rng)],
            reason: string(&rng, maxPieces: 8, ascii: ascii), actingFor: optional(&rng, ascii: ascii),
            enqueuedAt: Int.random(in: 0..<6, using: &rng) == 0 ? nil
                : testNow.addingTimeInterval(-Double(Int.random(in: 0..<20, using: &rng))))
    }
}

