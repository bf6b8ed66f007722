import Foundation

// MARK: - render

/// Draws the console: a pure function of the state, the size and the theme.
///
/// Every engine string passes through ``SafeText`` on its way into the grid (via
/// ``Grid/put(_:x:y:role:maxWidth:)``), so no cell can hold a control character.
package func render(_ state: ConsoleState, size: Size, theme: Theme) -> Grid {
    var grid = Grid(size: size)
    let layout = Layout(size: size, showDetail: state.showDetail)
    if layout.tooSmall {
        drawTooSmall(&grid)
        return grid
    }
    let glyphs = theme.glyphs
    drawHeader(&grid, state)
    if state.view == .history {
        drawHistory(&grid, state, layout, glyphs)
    } else {
        drawTable(&grid, state, layout.table, glyphs)
        if let rect = layout.detail { drawDetail(&grid, state, rect, glyphs) }
    }
    drawStatus(&grid, state, row: layout.statusRow)
    drawFooter(&grid, state, row: layout.footerRow)
    if state.mode == .help { drawHelp(&grid, state) }
    return grid
}

// MARK: - Too small

func drawTooSmall(_ grid: inout Grid) {
    let size = grid.size
    let lines = [
        "Terminal too small (\(size.width)x\(size.height))",
        "need at least \(Layout.minimum.width)x\(Layout.minimum.height)",
    ]
    let top = max(0, size.height / 2 - 1)
    for (i, line) in lines.enumerated() {
        let x = max(0, (size.width - TextWidth.of(line)) / 2)
        grid.put(line, x: x, y: top + i, role: i == 0 ? .statusWarn : .normal)
    }
}

// MARK: - Header

func drawHeader(_ grid: inout Grid, _ state: ConsoleState) {
    let width = grid.size.width
    grid.fill(y: 0, role: .header)
    var x = grid.put(" lelu ▸ \(state.engineLabel)", x: 0, y: 0, role: .header, maxWidth: width / 2)
    x += 2
    let (text, role) = connectionText(state)
    x += grid.put(text, x: x, y: 0, role: role)
    x += 2
    if reviewerKeyBlock(state) != nil {
        // Said from the start, so nobody decides into a refusal.
        x += grid.put(state.reviewerKeyRefused == nil ? "✖ needs a reviewer key" : "✖ reviewer key refused",
                      x: x, y: 0, role: .statusError)
        x += 2
    }
    let pending = state.items.count
    let filtered = !state.filter.isEmpty || !state.tenants.isEmpty
    x += grid.put(filtered ? "\(state.order.count) of \(pending) pending" : "\(pending) pending", x: x, y: 0,
                  role: .header)
    if !state.filter.isEmpty {
        x += 2
        x += grid.put("/" + state.filter, x: x, y: 0, role: .statusWarn, maxWidth: max(0, width / 2 - 10))
    }
    var right: [String] = []
    if state.view == .history { right.append("HISTORY (Tab: queue)") }
    if !state.marks.isEmpty { right.append("\(state.marks.count) marked") }
    if state.sort != .age || state.sortReversed { right.append("sort: \(sortDescription(state))") }
    if let total = state.engineTotal, total > state.lastListCount {
        right.append("showing \(state.lastListCount) of \(total) — newest page")
    } else if state.engineTotal == nil, state.lastListCount >= state.engineListLimit {
        right.append("showing \(state.lastListCount) — engine limit")
    }
    if state.skippedItems > 0 {
        right.append("\(state.skippedItems) malformed skipped")
    }
    // The right side drops its least important parts (listed last) until it fits.
    while !right.isEmpty {
        let rightText = right.joined(separator: " · ") + " "
        let rightWidth = TextWidth.of(rightText)
        if width - rightWidth > x + 1 {
            grid.put(rightText, x: width - rightWidth, y: 0, role: .headerDim)
            break
        }
        right.removeLast()
    }
}

/// The connection part of the header.
func connectionText(_ state: ConsoleState) -> (String, Role) {
    let age = state.lastGoodPoll.map { AgeFormat.short(state.now.timeIntervalSince($0)) }
    if state.pollInFlight, let started = state.pollStartedAt, state.now.timeIntervalSince(started) > 2,
       state.connection != .unauthorized, state.connection != .misconfigured {
        let stale = state.connection == .connected ? "" : age.map { ", stale for \($0)" } ?? ""
        return ("◔ slow: waiting \(AgeFormat.short(state.now.timeIntervalSince(started))) for the engine\(stale)",
                .statusWarn)
    }
    switch state.connection {
    case .connecting:
        return ("◌ connecting…", .statusWarn)
    case .connected:
        // The poll's age only when it is late: a counter flipping 0s/1s with every poll is noise
        // (and terminal writes) that says nothing.
        if let last = state.lastGoodPoll, state.now.timeIntervalSince(last) > state.pollInterval + 2, let age {
            return ("● connected, last poll \(age) ago", .statusOK)
        }
        return ("● connected", .statusOK)
    case .reconnecting:
        let retry = state.nextPollAt.map { max(0, Int($0.timeIntervalSince(state.now).rounded(.up))) }
        let stale = age.map { ", stale for \($0)" } ?? ""
        return ("◌ reconnecting" + (retry.map { " in \($0)s" } ?? "…") + stale, .statusError)
    case .unauthorized:
        return ("✖ unauthorized: check the API key", .statusError)
    case .misconfigured:
        return ("✖ engine has no API key set", .statusError)
    }
}

// MARK: - Table

/// Column widths of the queue table at a given width.
struct Columns {
    var mark = 2
    var id: Int
    var action: Int
    var confidence = 10
    var actor: Int
    var age = 7
    let gap = 2

    init(width: Int) {
        id = width >= 160 ? 36 : width >= 110 ? 13 : 8
        let fixed = mark + id + confidence + age + gap * 4
        let flex = max(8, width - fixed)
        action = flex * 55 / 100
        actor = flex - action
    }
}

func drawTable(_ grid: inout Grid, _ state: ConsoleState, _ rect: Rect, _ glyphs: Glyphs) {
    let cols = Columns(width: rect.width)
    // Column titles.
    grid.fill(x: rect.x, y: rect.y - 1, width: rect.width, role: .columnTitle)
    var x = rect.x + cols.mark
    for (title, w, right) in [("ID", cols.id, false), ("ACTION", cols.action, false),
                              ("CONFIDENCE", cols.confidence, false), ("ACTOR", cols.actor, false),
                              ("AGE", cols.age, true)] {
        grid.put(TextWidth.pad(title, to: w, alignRight: right), x: x, y: rect.y - 1, role: .columnTitle)
        x += w + cols.gap
    }

    if state.order.isEmpty {
        drawEmpty(&grid, state, rect)
        return
    }
    let stale = state.connection != .connected
    let end = min(state.order.count, state.scrollTop + rect.height)
    for (row, id) in state.order[state.scrollTop..<end].enumerated() {
        guard let item = state.items[id] else { continue }
        drawRow(&grid, state, item, y: rect.y + row, x: rect.x, width: rect.width, cols: cols, glyphs: glyphs,
                stale: stale)
    }
}

func drawRow(_ grid: inout Grid, _ state: ConsoleState, _ item: ReviewRequest, y: Int, x x0: Int, width: Int,
             cols: Columns, glyphs: Glyphs, stale: Bool) {
    let selected = item.id == state.cursorID
    let pending = state.pendingDecision(item.id)
    let marked = state.marks.contains(item.id)
    let isNew = state.firstSeen[item.id].map { state.now.timeIntervalSince($0) < state.newRowHighlight } ?? false
    let base: Role = selected ? .rowSelected : pending != nil ? .rowHeld : stale ? .rowStale
        : marked ? .rowMarked : isNew ? .rowNew : .row
    grid.fill(x: x0, y: y, width: width, role: base)
    var x = x0
    grid.put(selected ? "▶" : " ", x: x, y: y, role: base)
    if marked { grid.put(glyphs.mark, x: x + 1, y: y, role: selected ? base : .rowMarked) }
    x += cols.mark
    grid.put(String(item.id.prefix(cols.id)), x: x, y: y, role: base, maxWidth: cols.id)
    x += cols.id + cols.gap
    grid.put(TextWidth.truncate(SafeText.line(item.action, limit: 256), to: cols.action), x: x, y: y, role: base)
    x += cols.action + cols.gap
    if let pending {
        let text: String
        if state.held.contains(pending) {
            let seconds = max(0, Int(pending.due.timeIntervalSince(state.now).rounded(.up)))
            text = "\(glyphs.held) \(pending.decision.rawValue) in \(seconds)s — u undoes"
        } else if let retryAt = pending.retryAt, state.retrying.contains(pending) {
            let seconds = max(0, Int(retryAt.timeIntervalSince(state.now).rounded(.up)))
            text = "\(pending.decision.rawValue): retry \(pending.attempts) in \(seconds)s"
        } else {
            text = "\(pending.decision.progressive)…"
        }
        grid.put(text, x: x, y: y, role: base, maxWidth: cols.confidence + cols.gap + cols.actor)
    } else {
        let (text, role) = confidenceCell(item.confidence, glyphs: glyphs)
        grid.put(text, x: x, y: y, role: selected || stale ? base : role)
        x += cols.confidence + cols.gap
        grid.put(TextWidth.truncate(SafeText.line(item.actor, limit: 256), to: cols.actor), x: x, y: y, role: base)
    }
    x = x0 + width - cols.age
    if let at = item.enqueuedAt {
        let age = state.now.timeIntervalSince(at)
        let role: Role = selected || stale ? base : age >= state.criticalAfter ? .ageCritical
            : age >= state.warnAfter ? .ageWarn : base
        grid.put(TextWidth.pad(AgeFormat.short(age), to: cols.age, alignRight: true), x: x, y: y, role: role)
    } else {
        grid.put(TextWidth.pad("?", to: cols.age, alignRight: true), x: x, y: y, role: base)
    }
}

/// "78% ███░" coloured by the engine's bands; 0 is "no signal".
func confidenceCell(_ confidence: Double, glyphs: Glyphs) -> (String, Role) {
    guard confidence > 0 else { return ("no signal", .confidenceNone) }
    let percent = Int((confidence * 100).rounded(.down))
    let filled = min(5, max(0, Int((confidence * 5).rounded())))
    let bar = String(repeating: glyphs.barFull, count: filled) + String(repeating: glyphs.barEmpty, count: 5 - filled)
    let role: Role = confidence >= 0.9 ? .confidenceHigh : confidence >= 0.7 ? .confidenceMedium : .confidenceLow
    return (TextWidth.pad("\(percent)%", to: 4, alignRight: true) + " " + bar, role)
}

func drawEmpty(_ grid: inout Grid, _ state: ConsoleState, _ rect: Rect) {
    let lines: [(String, Role)]
    switch state.connection {
    case .connecting:
        lines = [("Connecting to \(state.engineLabel)…", .normal)]
    case .unauthorized:
        lines = [("The engine rejected the API key.", .statusWarn),
                 ("Set LELU_API_KEY or --api-key-file to the engine's key.", .normal)]
    case .misconfigured:
        lines = [("The engine has no API key configured.", .statusWarn),
                 ("Start it with an API key (or LELU_DEV_INSECURE=true for local dev).", .normal)]
    case .reconnecting:
        lines = [("Cannot reach \(state.engineLabel).", .statusWarn), ("Retrying; r tries now.", .normal)]
    case .connected:
        lines = [("No requests waiting for review.", .normal),
                 ("Polling every \(formatInterval(state.pollInterval)); new requests appear here.", .columnTitle)]
    }
    let top = rect.y + max(0, rect.height / 2 - 1)
    for (i, (line, role)) in lines.enumerated() {
        let x = rect.x + max(0, (rect.width - TextWidth.of(line)) / 2)
        grid.put(line, x: x, y: top + i, role: role, maxWidth: rect.width)
    }
}

func formatInterval(_ seconds: TimeInterval) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.2g s", seconds)
}

// MARK: - Detail

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

// MARK: - Status and footer

func drawStatus(_ grid: inout Grid, _ state: ConsoleState, row: Int) {
    grid.fill(y: row, role: .normal)
    if case .confirm(let confirmation) = state.mode {
        grid.fill(y: row, role: .dialog)
        grid.put(" " + confirmationQuestion(confirmation, items: state.items), x: 0, y: row, role: .dialog)
        return
    }
    if state.mode == .filter {
        let used = grid.put("/", x: 0, y: row, role: .dialog)
        let room = max(1, grid.size.width - used - 1)
        let chars = Array(state.filter)
        let start = max(0, chars.count - room + 1)
        let shown = grid.put(String(chars.dropFirst(start)), x: used, y: row, role: .normal, maxWidth: room)
        grid.cursor = (used + shown, row)
        return
    }
    if case .note(let editor) = state.mode {
        let verb = editor.decision == .approve ? "Approve" : "Deny"
        let target = editor.requestIDs.count == 1
            ? SafeText.line(String(editor.requestIDs[0].prefix(8)), limit: 8) : "\(editor.requestIDs.count) requests"
        let prompt = "\(verb) \(target) · note: "
        let used = grid.put(prompt, x: 0, y: row, role: .dialog, maxWidth: grid.size.width / 2)
        let room = max(1, grid.size.width - used - 1)
        let text = String(editor.text)
        // Scroll the text so the cursor stays visible.
        let before = String(editor.text.prefix(editor.cursor))
        var start = 0
        while TextWidth.of(String(Array(before).dropFirst(start))) >= room { start += 1 }
        let shown = String(Array(text).dropFirst(start))
        grid.put(shown, x: used, y: row, role: .normal, maxWidth: room)
        grid.cursor = (used + TextWidth.of(String(Array(before).dropFirst(start))), row)
        return
    }
    guard let message = state.status else { return }
    let role: Role = switch message.kind {
    case .info: .normal
    case .success: .statusOK
    case .error: .statusError
    }
    grid.put(" " + message.text, x: 0, y: row, role: role)
}

func drawFooter(_ grid: inout Grid, _ state: ConsoleState, row: Int) {
    grid.fill(y: row, role: .footer)
    let entries: [(String, String)]
    switch state.mode {
    case .note:
        entries = [("Enter", "send"), ("Esc", "cancel"), ("C-u", "clear"), ("←→", "move")]
    case .help:
        entries = [("Esc", "close")]
    case .filter:
        entries = [("Enter", "keep filter"), ("Esc", "clear"), ("C-u", "clear text")]
    case .confirm:
        entries = [("y", "yes"), ("any other key", "no")]
    case .queue:
        let ranked = Action.allCases.compactMap { a in a.footerRank.map { (a, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
        entries = ranked.compactMap { action in
            state.keymap.keys(for: action).first.map { ($0.description, action.label) }
        }
    }
    // The help key always shows, right-aligned: help lists everything the footer has no room for.
    var width = grid.size.width
    if state.mode == .queue, let key = state.keymap.keys(for: .help).first {
        let text = "\(key.description) help "
        width -= TextWidth.of(text)
        let x = grid.put(key.description, x: width, y: row, role: .footerKey)
        grid.put(" help", x: width + x, y: row, role: .footer)
    }
    var x = 1
    for (key, label) in entries {
        let need = TextWidth.of(key) + 1 + TextWidth.of(label) + 2
        if x + need > width { break }
        x += grid.put(key, x: x, y: row, role: .footerKey)
        x += 1
        x += grid.put(label, x: x, y: row, role: .footer)
        x += 2
    }
}

// MARK: - Help overlay

/// The help screen's lines: every action with its keys, grouped; generated from the table.
package func helpLines(_ keymap: Keymap) -> [(keys: String, text: String)] {
    var lines: [(String, String)] = []
    for group in ActionGroup.allCases {
        if !lines.isEmpty { lines.append(("", "")) }
        lines.append((group.rawValue, ""))
        for action in Action.allCases where action.group == group {
            let keys = keymap.keys(for: action).map(\.description).joined(separator: " ")
            lines.append((keys.isEmpty ? "(unbound)" : keys, action.help))
        }
    }
    return lines
}

func drawHelp(_ grid: inout Grid, _ state: ConsoleState) {
    let lines = helpLines(state.keymap)
    let keyWidth = min(16, (lines.map { TextWidth.of($0.keys) }.max() ?? 0))
    let textWidth = lines.map { TextWidth.of($0.text) }.max() ?? 0
    let width = min(grid.size.width - 4, keyWidth + textWidth + 5)
    let height = min(grid.size.height - 2, lines.count + 3)
    let x0 = (grid.size.width - width) / 2
    let y0 = (grid.size.height - height) / 2
    for y in y0..<(y0 + height) { grid.fill(x: x0, y: y, width: width, role: .dialog) }
    let room = height - 3
    let top = min(state.helpScroll, max(0, lines.count - room))
    let more = top + room < lines.count
    let title = more || top > 0 ? " Keys — j/k scroll, ? or Esc closes " : " Keys — ? or Esc closes "
    grid.put(title, x: x0 + 2, y: y0, role: .dialog)
    for (i, line) in lines.dropFirst(top).prefix(room).enumerated() {
        let y = y0 + 2 + i
        if line.text.isEmpty {
            grid.put(line.keys, x: x0 + 2, y: y, role: .dialog, maxWidth: width - 4)
        } else {
            grid.put(line.keys, x: x0 + 2, y: y, role: .helpKey, maxWidth: keyWidth)
            grid.put(line.text, x: x0 + 3 + keyWidth, y: y, role: .helpText, maxWidth: width - keyWidth - 5)
        }
    }
    if more {
        grid.put("↓ \(lines.count - top - room) more", x: x0 + width - 12, y: y0 + height - 1, role: .dialog)
    }
}

// MARK: - Wrapping

/// Word-wraps text to a display width; words longer than a line are split.
package enum TextWrap {
    /// The wrapped lines (at least one, possibly empty).
    package static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            var w = TextWidth.of(word)
            if lineWidth > 0 && lineWidth + 1 + w <= width {
                line += " " + word
                lineWidth += 1 + w
                continue
            }
            if lineWidth > 0 {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            while w > width {
                var head = ""
                var hw = 0
                var rest = Substring(word)
                while let ch = rest.first, hw + TextWidth.of(ch) <= width {
                    head.append(ch)
                    hw += TextWidth.of(ch)
                    rest = rest.dropFirst()
                }
                if head.isEmpty, let ch = rest.first {  // a character wider than the line
                    head.append(ch)
                    rest = rest.dropFirst()
                }
                lines.append(head)
                word = String(rest)
                w = TextWidth.of(word)
            }
            line = word
            lineWidth = w
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }
}

// MARK: - History

/// The history view: this engine's decisions, newest first, with their outcome.
func drawHistory(_ grid: inout Grid, _ state: ConsoleState, _ layout: Layout, _ glyphs: Glyphs) {
    let rect = layout.table
    let width = rect.width
    let actionWidth = max(8, (width - 2 - 8 - 8 - 8 - 8) * 40 / 100)
    let titles = [("TIME", 8), ("DECISION", 8), ("ID", 8), ("ACTION", actionWidth), ("OUTCOME", 0)]
    grid.fill(x: rect.x, y: rect.y - 1, width: width, role: .columnTitle)
    var x = rect.x + 2
    for (title, w) in titles {
        grid.put(title, x: x, y: rect.y - 1, role: .columnTitle)
        x += w + 2
    }
    guard !state.history.isEmpty else {
        let line = "No decisions recorded for \(state.engineLabel) yet."
        grid.put(line, x: rect.x + max(0, (width - TextWidth.of(line)) / 2), y: rect.y + rect.height / 2 - 1,
                 role: .normal)
        return
    }
    let height = rect.height
    let top = max(0, min(state.historyCursor - height / 2, state.history.count - height))
    for (row, entry) in state.history.dropFirst(top).prefix(height).enumerated() {
        let y = rect.y + row
        let selected = top + row == state.historyCursor
        let outcomeRole: Role = switch entry.outcome {
        case .confirmed: .statusOK
        case .conflict, .gone, .expired, .failed: .confidenceLow
        case .held, .sending: .rowHeld
        case .undone: .columnTitle
        }
        let base: Role = selected ? .rowSelected : .row
        grid.fill(x: rect.x, y: y, width: width, role: base)
        grid.put(selected ? "▶" : " ", x: rect.x, y: y, role: base)
        var x = rect.x + 2
        let time = Timestamp.format(entry.time, fractionDigits: 0)
        grid.put(String(time.dropFirst(11).prefix(8)), x: x, y: y, role: base)
        x += 10
        grid.put(entry.decision.rawValue, x: x, y: y, role: base, maxWidth: 8)
        x += 10
        grid.put(String(entry.id.prefix(8)), x: x, y: y, role: base, maxWidth: 8)
        x += 10
        grid.put(TextWidth.truncate(SafeText.line(entry.action, limit: 256), to: actionWidth), x: x, y: y, role: base)
        x += actionWidth + 2
        grid.put(entry.outcomeText, x: x, y: y, role: selected ? base : outcomeRole, maxWidth: max(0, width - x))
    }
    guard let rect = layout.detail, state.history.indices.contains(state.historyCursor) else { return }
    if rect.x > 0 {
        for y in rect.y..<(rect.y + rect.height) { grid.put(glyphs.vrule, x: rect.x - 1, y: y, role: .border) }
    } else {
        grid.put(String(repeating: glyphs.rule, count: rect.width), x: rect.x, y: rect.y - 1, role: .border)
    }
    let entry = state.history[state.historyCursor]
    var lines: [(String, String)] = [("Request", entry.id), ("Decided", "\(entry.decision.pastTense) by \(entry.reviewer)")]
    if !entry.note.isEmpty { lines.append(("Note", entry.note)) }
    lines.append(("Outcome", entry.outcomeText))
    if let item = state.historyItem {
        lines.append(("Engine now", item.status.description
            + (item.resolvedBy.map { " by \($0)" } ?? "")
            + (item.resolvedAt.map { " at \(Timestamp.format($0, fractionDigits: 0))" } ?? "")))
        if let note = item.resolutionNote, !note.isEmpty { lines.append(("Engine note", note)) }
    } else {
        lines.append(("Engine now", "asking the engine…"))
    }
    for (row, (key, value)) in lines.prefix(rect.height).enumerated() {
        grid.put(key, x: rect.x + 1, y: rect.y + row, role: .detailKey, maxWidth: 11)
        grid.put(value, x: rect.x + 13, y: rect.y + row, role: .detailValue, maxWidth: max(0, rect.width - 13))
    }
}
