import Foundation
import ReviewModel

// MARK: - Row 14: the reviewer's evidence (issue 24)

/// Rendering the wide table and looking up the reviewer's record.
struct EvidenceResult: Sendable {
    /// Rows in the queue, and records in the reviewer's record index.
    var items = 0
    var records = 0
    /// `render` at 240x60 (TENANT, ACTING FOR, YOU, RESOURCE shown), detail pane closed and open, ms.
    var renderWide = Samples()
    var renderWideDetail = Samples()
    /// The two record lookups a selection change makes (actor + action, actor), ms.
    var lookup = Samples()
    /// `j` with the detail pane open, then the frame: the whole selection change, ms.
    var moveAndRender = Samples()
}

/// The size of row 14's renders.
let evidenceSize = Size(width: 240, height: 60)

/// A year of this reviewer's confirmed decisions over 40 actors × 25 actions, oldest first.
func yearOfRecords(decisions: Int, engine: String, reviewer: String, end: Date) -> [JournalEntry] {
    let spacing = 365 * 86_400 / Double(decisions)
    return (0..<decisions).map { n in
        JournalEntry(time: end.addingTimeInterval(-Double(decisions - n) * spacing), engine: engine,
                     id: "req-\(String(n, radix: 16))", action: "action_\(n % 25)", actor: "agent_\(n % 40)",
                     confidence: 0.8, decision: n % 7 == 0 ? .deny : .approve, note: n % 7 == 0 ? "duplicate" : "",
                     reviewer: reviewer, outcome: .confirmed)
    }
}

/// 10,000 pending requests with tenants, acting-for names and resources, like the record's keys.
func evidenceQueue(items: Int, now: Date) -> PendingList {
    PendingList(items: (0..<items).map { n in
        ReviewRequest(
            id: "b7d2e0f4-1c3a-4e59-\(String(format: "%04x", n % 65_536))-\(String(format: "%012x", n))",
            tenantID: "tenant_\(n % 12)", actor: "agent_\(n % 40)", action: "action_\(n % 25)",
            resource: ["order_id": "ord_\(n)", "amount": "\(n % 500).00", "currency": "EUR"],
            confidence: 0.7 + Double(n % 20) / 100, reason: "needs review", actingFor: "user_\(n % 300)",
            enqueuedAt: now.addingTimeInterval(-Double(items - n)))
    })
}

/// Row 14: render 10,000 rows at 240x60, and the record lookup of a selection change with a year of records.
func benchEvidence(items: Int, decisions: Int, repetitions: Int) -> EvidenceResult {
    let now = Date()
    var state = ConsoleState(engineLabel: "127.0.0.1:8080", reviewer: "bench@local", now: now, size: evidenceSize)
    state.openJournal([])  // the reviewer's record is read after the first frame, as at start
    _ = reduce(&state, .started(now))
    _ = reduce(&state, .pollSucceeded(evidenceQueue(items: items, now: now), at: now))
    let records = yearOfRecords(decisions: decisions, engine: state.engineURL, reviewer: state.reviewer, end: now)
    _ = reduce(&state, .recordLoaded(records))
    var result = EvidenceResult(items: items, records: decisions)
    let theme = Theme.default
    result.renderWide = timeRepeated(count: repetitions) { consume(render(state, size: evidenceSize, theme: theme)) }
    var detail = state
    _ = reduce(&detail, .key(.enter))
    result.renderWideDetail = timeRepeated(count: repetitions) {
        consume(render(detail, size: evidenceSize, theme: theme))
    }
    let selected = (0..<repetitions).map { n in (actor: "agent_\(n % 40)", action: "action_\((n * 7) % 25)") }
    var turn = 0
    result.lookup = timeRepeated(count: repetitions) {
        let key = selected[turn % selected.count]
        turn += 1
        consume(detail.record.tally(actor: key.actor, action: key.action, now: now))
        consume(detail.record.tally(actor: key.actor, action: nil, now: now))
    }
    result.moveAndRender = timeRepeated(count: repetitions) {
        _ = reduce(&detail, .key(.char("j")))
        consume(render(detail, size: evidenceSize, theme: theme))
    }
    return result
}

// MARK: - Report

extension BenchReport {
    /// The headline rows of row 14.
    func evidenceHeadline() -> [String] {
        guard let e = results.evidence else { return [] }
        return [
            "| 14 | render 240x60 (wide columns), \(e.items.formatted()) items | p50 \(fmt(e.renderWide.p50)) ms, "
                + "p99 \(fmt(e.renderWide.p99)) ms (detail open: p99 \(fmt(e.renderWideDetail.p99)) ms) "
                + "| ≤ 2 ms | \(mark(max(e.renderWide.p99 ?? .infinity, e.renderWideDetail.p99 ?? .infinity) <= 2)) |",
            "| 14 | reviewer's record lookup at a selection change, \(e.records.formatted()) records "
                + "| p50 \(fmt(e.lookup.p50)) ms, p99 \(fmt(e.lookup.p99)) ms (with `j` and the frame: "
                + "p99 \(fmt(e.moveAndRender.p99)) ms) | ≤ 1 ms | \(mark((e.lookup.p99 ?? .infinity) <= 1)) |",
        ]
    }
}
