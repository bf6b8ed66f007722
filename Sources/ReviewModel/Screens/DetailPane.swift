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
    var rows: [(String, String)] = [("Request", item.id), ("Action", item.action), ("Actor", item.actor)]
    if let v = item.actingFor, !v.isEmpty { rows.append(("Acting for", v)) }
    if let v = item.tenantID, !v.isEmpty { rows.append(("Tenant", v)) }
    rows.append(("Confidence", confidenceWords(item.confidence)))
    if let at = item.enqueuedAt {
        rows.append(("Enqueued", "\(Timestamp.format(at, fractionDigits: 0)) (\(AgeFormat.precise(state.now.timeIntervalSince(at))) ago)"))
    } else {
        rows.append(("Enqueued", "unknown"))
    }
    for (i, key) in item.resource.keys.sorted().enumerated() {
        rows.append((i == 0 ? "Resource" : "", "\(key) = \(item.resource[key] ?? "")"))
    }
    var lines: [(String, String)] = []
    for (key, value) in rows {
        for (i, line) in TextWrap.wrap(SafeText.line(value, limit: 4096), width: valueWidth).enumerated() {
            lines.append((i == 0 ? key : "", line))
        }
    }
    var reasonLines: [String] = []
    for paragraph in SafeText.lines(item.reason, limit: 8192) {
        reasonLines += TextWrap.wrap(paragraph, width: valueWidth)
    }
    for (i, line) in reasonLines.enumerated() { lines.append((i == 0 ? "Reason" : "", line)) }
    if let profile = state.engineProfile {
        for (i, line) in TextWrap.wrap(profile.description, width: valueWidth).enumerated() {
            lines.append((i == 0 ? "Engine" : "", line))
        }
    }

    for (row, (key, value)) in lines.prefix(rect.height).enumerated() {
        let y = rect.y + row
        if row == rect.height - 1 && lines.count > rect.height {
            grid.put("… \(lines.count - row) more lines", x: rect.x + 1, y: y, role: .columnTitle)
            break
        }
        grid.put(key, x: rect.x + 1, y: y, role: .detailKey, maxWidth: keyWidth)
        grid.put(value, x: rect.x + 1 + keyWidth + 1, y: y, role: .detailValue, maxWidth: valueWidth)
    }
}

/// "78% — needs review (0.70–0.89)": the confidence and the engine's band in words.
func confidenceWords(_ c: Double) -> String {
    guard c > 0 else { return "no signal (the agent sent no confidence)" }
    let percent = Int((c * 100).rounded(.down))
    let band = c >= 0.9 ? "allowed band (≥ 0.90)" : c >= 0.7 ? "review band (0.70–0.89)"
        : c >= 0.5 ? "read-only band (0.50–0.69)" : "deny band (< 0.50)"
    return "\(percent)% — \(band)"
}
