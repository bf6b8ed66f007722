import Foundation

// MARK: - Several engines in the header

// With several engines the header gives each a compact state — `us ● 12  eu ◌ reconnecting
// ap ✖ reviewer key` — and the detail pane the whole sentence for the selected row's engine.
// Each is worked out with that engine lent to the single-engine fields, by the same functions
// that write the header for one engine.

/// One engine's compact state: its label, a mark and a word or its count, and the role to draw it in.
struct EngineBadge: Equatable {
    var label: String
    var text: String
    var role: Role
}

/// Every engine's compact state, in the configured order.
func engineBadges(_ state: ConsoleState) -> [EngineBadge] {
    var counts: [String: Int] = [:]
    for item in state.table.items.values { counts[item.engine, default: 0] += 1 }
    return state.eachEngine { badge($0, rows: counts[$0.engineLabel] ?? 0) }
}

/// The compact state of the engine lent to the single-engine fields.
func badge(_ state: ConsoleState, rows: Int) -> EngineBadge {
    let label = state.engineLabel
    if reviewerKeyBlock(state.engineFacts) != nil {
        return EngineBadge(label: label, text: "✖ reviewer key", role: .statusError)
    }
    if state.sync.pollInFlight, let started = state.sync.pollStartedAt, state.now.timeIntervalSince(started) > 2 {
        return EngineBadge(label: label, text: "◔ slow", role: .statusWarn)
    }
    switch state.sync.connection {
    case .connecting:
        return EngineBadge(label: label, text: "◌ connecting", role: .statusWarn)
    case .connected:
        return EngineBadge(label: label, text: "● " + countText(state.sync, held: rows), role: .statusOK)
    case .reconnecting(let error):
        let (mark, what) = failureHeadline(error)
        let short = mark == "◌" ? "reconnecting" : what
        return EngineBadge(label: label, text: "\(mark) \(short)", role: .statusError)
    case .unauthorized:
        return EngineBadge(label: label, text: "✖ API key refused", role: .statusError)
    case .misconfigured:
        return EngineBadge(label: label, text: "✖ no API key set", role: .statusError)
    }
}

/// Draws the engines' compact states from `x`; returns where the next part of the header starts.
func drawEngineBadges(_ grid: inout Grid, _ state: ConsoleState, x start: Int, maxWidth: Int) -> Int {
    var x = start
    for badge in engineBadges(state) {
        let width = TextWidth.of(badge.label) + 1 + TextWidth.of(badge.text) + 2
        guard x + width - start <= maxWidth else { break }
        x += grid.put(badge.label + " ", x: x, y: 0, role: .header)
        x += grid.put(badge.text, x: x, y: 0, role: badge.role)
        x += 2
    }
    return x
}

/// What the header says about how each engine's rows are kept ("eu: engine lists 50 at a time").
func engineSyncNotes(_ state: ConsoleState) -> [String] {
    state.eachEngine { lent in syncNotes(lent).map { "\(lent.engineLabel): \($0)" } }.flatMap { $0 }
}

// MARK: - The detail pane's engine lines

/// The selected row's engine in full: its label and URL, the header's sentence for it, its API.
func engineLines(_ state: ConsoleState, _ item: ReviewRequest, width: Int) -> [DetailLine] {
    var lent = state
    let words: [String] = lent.withEngine(item.engine) { state in
        var words = ["\(state.engineLabel) — \(SafeText.line(state.engineURL, limit: 200))", connectionText(state).0]
        if let block = reviewerKeyBlock(state.engineFacts, fixes: state.lentFixes) { words.append(block) }
        if let profile = state.engineFacts.profile { words.append(profile.description) }
        return words
    }
    var lines: [DetailLine] = []
    for (i, line) in words.flatMap({ TextWrap.wrap($0, width: width) }).enumerated() {
        lines.append(DetailLine(key: i == 0 ? "Engine" : "", value: line, quoted: false))
    }
    return lines
}
