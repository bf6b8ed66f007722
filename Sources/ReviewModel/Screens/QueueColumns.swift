import Foundation

// MARK: - Queue columns

// Which columns the queue table has at a width, and how wide each is. Below ``Columns/wideFrom``
// the table is as it always was: ID, ACTION, CONFIDENCE, ACTOR, AGE, ACTION and ACTOR sharing
// what is left. From there on the columns reviewers triage by come first — TENANT, ACTING FOR,
// this reviewer's record (YOU) and a one-line RESOURCE — and only then do ACTION and ACTOR grow
// past their usual width, to the longest name on screen.

/// The widest text of each column among the rows on screen (the widths the wide layout aims for).
struct ColumnContent: Equatable {
    var action = 0
    var actor = 0
    var tenant = 0
    var actingFor = 0
    var resource = 0

    /// The content widths of these rows.
    init<S: Sequence>(_ items: S) where S.Element == ReviewRequest {
        for item in items {
            action = max(action, TextWidth.of(SafeText.line(item.action, limit: 256)))
            actor = max(actor, TextWidth.of(SafeText.line(item.actor, limit: 256)))
            tenant = max(tenant, TextWidth.of(SafeText.line(item.tenantID ?? "", limit: 256)))
            actingFor = max(actingFor, TextWidth.of(SafeText.line(item.actingFor ?? "", limit: 256)))
            resource = max(resource, TextWidth.of(resourceSummary(item.resource, limit: 256)))
        }
    }

    /// No rows.
    init() {}
}

/// Column widths of the queue table at a given width; a width of 0 means the column is not shown.
struct Columns {
    var mark = 2
    /// The ENGINE column (several engines only; 0 hides it).
    var engine = 0
    var id: Int
    var action: Int
    var confidence = 10
    var actor: Int
    var tenant = 0
    var actingFor = 0
    var record = 0
    var resource = 0
    var age = 7
    let gap = 2

    /// What the ENGINE column takes with its gap (nothing when it is hidden).
    var engineSpan: Int { engine > 0 ? engine + gap : 0 }

    /// The table width from which TENANT, ACTING FOR, YOU and RESOURCE are added.
    static let wideFrom = 140
    /// The YOU column's width ("999✓ 99✗").
    static let recordWidth = 9

    /// The columns at `width`; `content` and `withRecord` only matter from ``wideFrom`` on.
    init(width: Int, content: ColumnContent = ColumnContent(), withRecord: Bool = false, engine: Int = 0) {
        self.engine = engine
        // The ENGINE column comes out of the width; the others are laid out as with one engine.
        let width = width - (engine > 0 ? engine + gap : 0)
        guard width >= Self.wideFrom else {
            id = width >= 110 ? 13 : 8
            let fixed = mark + id + confidence + age + gap * 4
            let flex = max(8, width - fixed)
            action = flex * 55 / 100
            actor = flex - action
            return
        }
        id = 13
        action = min(max(content.action, 16), 28)
        actor = min(max(content.actor, 14), 22)
        var left = width - (mark + id + confidence + age + action + actor + gap * 4)
        /// Takes `want` columns (and a gap) when they fit.
        func take(_ want: Int) -> Int {
            guard left >= want + gap else { return 0 }
            left -= want + gap
            return want
        }
        tenant = take(min(max(content.tenant, 6), 20))
        actingFor = take(min(max(content.actingFor, 10), 20))
        if withRecord { record = take(Self.recordWidth) }
        resource = take(min(max(content.resource, 16), 48))
        // Then the names to their full length, the whole ID, and what is left to the resource.
        let moreAction = min(left, max(0, min(content.action, 60) - action))
        action += moreAction
        left -= moreAction
        let moreActor = min(left, max(0, min(content.actor, 40) - actor))
        actor += moreActor
        left -= moreActor
        if left >= 36 - id { left -= 36 - id; id = 36 }
        if resource > 0 { resource += left } else { action += left }
    }

    /// The titles and widths in order (right-aligned ones flagged), shown columns only.
    var titles: [(String, Int, Bool)] {
        var list: [(String, Int, Bool)] = engine > 0 ? [("ENGINE", engine, false)] : []
        list += [("ID", id, false), ("ACTION", action, false),
                                          ("CONFIDENCE", confidence, false), ("ACTOR", actor, false)]
        if tenant > 0 { list.append(("TENANT", tenant, false)) }
        if actingFor > 0 { list.append(("ACTING FOR", actingFor, false)) }
        if record > 0 { list.append(("YOU", record, false)) }
        if resource > 0 { list.append(("RESOURCE", resource, false)) }
        list.append(("AGE", age, true))
        return list
    }
}

// MARK: - Cells

/// "amount=120.00 invoice_id=inv_42": the resource's pairs in key order on one line, each
/// part cleaned by ``SafeText``; the caller cuts it to the column with an ellipsis.
func resourceSummary(_ resource: [String: String], limit: Int) -> String {
    var out = ""
    for key in resource.keys.sorted() {
        if !out.isEmpty { out += " " }
        out += SafeText.line(key, limit: 64) + "=" + SafeText.line(resource[key] ?? "", limit: 128)
        if out.count >= limit { break }
    }
    return out
}

/// The YOU cell: "14✓ 1✗" (approved, denied in the record's window), "·" for none, "…" while loading.
func recordCell(_ state: ConsoleState, _ item: ReviewRequest) -> String {
    switch state.record.status {
    case .off: return ""
    case .loading: return "…"
    case .loaded:
        let tally = state.record.tally(actor: item.actor, action: item.action, now: state.now)
        guard tally.total > 0 else { return "·" }
        return "\(CountFormat.grouped(tally.approved))✓ \(CountFormat.grouped(tally.denied))✗"
    }
}
