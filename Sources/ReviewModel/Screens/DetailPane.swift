import Foundation

// MARK: - Detail pane

// The selected request in full, beside or below the queue table.

func drawDetail(_ grid: inout Grid, _ state: ConsoleState, _ rect: Rect, _ glyphs: Glyphs) {
    if rect.x > 0 {
        for y in rect.y..<(rect.y + rect.height) { grid.put(glyphs.vrule, x: rect.x - 1, y: y, role: .border) }
    } else {
        grid.put(String(repeating: glyphs.rule, count: rect.width), x: rect.x, y: rect.y - 1, role: .border)
    }
    guard let item = state.selected else {
        grid.put("No request selected.", x: rect.x + 1, y: rect.y, role: .columnTitle, maxWidth: rect.width - 1)
        return
    }
    let keyWidth = 11
    let valueWidth = max(4, rect.width - keyWidth - 2)
    let lines = detailLines(state, item, valueWidth: valueWidth)
    for (row, line) in lines.prefix(rect.height).enumerated() {
        let y = rect.y + row
        if row == rect.height - 1 && lines.count > rect.height {
            grid.put("… \(lines.count - row) more lines", x: rect.x + 1, y: y, role: .columnTitle)
            break
        }
        grid.put(line.key, x: rect.x + 1, y: y, role: .detailKey, maxWidth: keyWidth)
        let x = rect.x + 1 + keyWidth + 1
        if line.quoted {
            grid.put(quoted: line.value, x: x, y: y, role: .detailValue, maxWidth: valueWidth)
        } else {
            grid.put(line.value, x: x, y: y, role: .detailValue, maxWidth: valueWidth)
        }
    }
}

/// One wrapped line of the detail pane: a label (on a field's first line), the text, and whose text it is.
struct DetailLine {
    /// The field's label, or empty on its continuation lines.
    var key: String
    /// The text on this line.
    var value: String
    /// True for the agent's text (drawn as sent), false for the console's own words.
    var quoted: Bool
}

/// The selected request's fields, wrapped to the pane's width.
func detailLines(_ state: ConsoleState, _ item: ReviewRequest, valueWidth: Int) -> [DetailLine] {
    var rows: [(String, String, Bool)] = [("Request", item.requestID, true), ("Action", item.action, true),
                                          ("Actor", item.actor, true)]
    if let v = item.actingFor, !v.isEmpty { rows.append(("Acting for", v, true)) }
    if let v = item.tenantID, !v.isEmpty { rows.append(("Tenant", v, true)) }
    rows.append(("Confidence", confidenceWords(item.confidence), false))
    rows += evidenceRows(state, item)
    if let at = item.enqueuedAt {
        let ago = AgeFormat.precise(state.now.timeIntervalSince(at))
        rows.append(("Enqueued", "\(Timestamp.format(at, fractionDigits: 0)) (\(ago) ago)", false))
    } else {
        rows.append(("Enqueued", "unknown", false))
    }
    for (i, key) in item.resource.keys.sorted().enumerated() {
        rows.append((i == 0 ? "Resource" : "", "\(key) = \(item.resource[key] ?? "")", true))
    }
    var lines: [DetailLine] = []
    for (key, value, quoted) in rows {
        for (i, line) in TextWrap.wrap(SafeText.line(value, limit: 4096), width: valueWidth).enumerated() {
            lines.append(DetailLine(key: i == 0 ? key : "", value: line, quoted: quoted))
        }
    }
    let reasonLines = SafeText.lines(item.reason, limit: 8192).flatMap { TextWrap.wrap($0, width: valueWidth) }
    for (i, line) in reasonLines.enumerated() {
        lines.append(DetailLine(key: i == 0 ? "Reason" : "", value: line, quoted: true))
    }
    if state.engines.isMulti {
        lines += engineLines(state, item, width: valueWidth)
    } else if let profile = state.engineFacts.profile {
        for (i, line) in TextWrap.wrap(profile.description, width: valueWidth).enumerated() {
            lines.append(DetailLine(key: i == 0 ? "Engine" : "", value: line, quoted: false))
        }
    }
    return lines
}

/// "78% — needs review (0.70–0.89)": the confidence and the engine's band in words.
func confidenceWords(_ c: Double) -> String {
    guard c > 0 else { return "no signal (the agent sent no confidence)" }
    let percent = wholePercent(c)
    let band = c >= 0.9 ? "allowed band (≥ 0.90)" : c >= 0.7 ? "review band (0.70–0.89)"
        : c >= 0.5 ? "read-only band (0.50–0.69)" : "deny band (< 0.50)"
    return "\(percent)% — \(band)"
}

// MARK: - Evidence

/// "You decided" (this reviewer's record from this machine's journal) and "Alike" (pending
/// requests with the same action and actor, and the key that marks them).
func evidenceRows(_ state: ConsoleState, _ item: ReviewRequest) -> [(String, String, Bool)] {
    var rows: [(String, String, Bool)] = []
    let source = "(this machine's journal, not the engine's)"
    switch state.record.status {
    case .off:
        break
    case .loading:
        rows.append(("You decided", "loading… \(source)", false))
    case .loaded:
        let pair = state.record.tally(actor: item.actor, action: item.action, now: state.now)
        let actor = state.record.tally(actor: item.actor, action: nil, now: state.now)
        rows.append(("You decided", "this action+actor: " + tallyWords(pair), false))
        if let last = pair.last {
            var text = "last: \(last.decision.pastTense) \(AgeFormat.short(state.now.timeIntervalSince(last.time))) ago"
            if !last.note.isEmpty { text += " '\(SafeText.line(last.note, limit: 60))'" }
            rows.append(("", text, false))
        }
        rows.append(("", "this actor, any action: " + tallyWords(actor), false))
        rows.append(("", source, false))
    }
    let alike = similarCount(state, to: item)
    if alike > 0 {
        let key = state.keymap.name(.markSimilar).map { " — \($0) marks all \(CountFormat.grouped(alike + 1))" } ?? ""
        rows.append(("Alike", "\(CountFormat.grouped(alike)) more like this\(key)", false))
    }
    return rows
}

/// "14 approved, 1 denied (30 days)", or "none in 30 days".
func tallyWords(_ tally: ReviewerRecord.Tally) -> String {
    let days = Int(ReviewerRecord.window / 86_400)
    guard tally.total > 0 else { return "none in \(days) days" }
    return "\(CountFormat.grouped(tally.approved)) approved, \(CountFormat.grouped(tally.denied)) denied (\(days) days)"
}
