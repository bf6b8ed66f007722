import Foundation

// MARK: - Queue screen

// The live table of pending requests: its keys (every action of the table), its rows and its
// footer. Decisions go to the pipeline in `Reducer+Decisions.swift`.

/// The queue: the table of pending requests and the detail pane.
enum QueueScreen: Screen {
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect] { handleQueueKey(&state, key) }

    static func draw(_ grid: inout Grid, _ state: ConsoleState, _ layout: Layout, _ glyphs: Glyphs) {
        drawTable(&grid, state, layout.table, glyphs)
        if let rect = layout.detail { drawDetail(&grid, state, rect, glyphs) }
    }

    static func footer(_ state: ConsoleState) -> [(String, String)] { queueFooter(state) }

    static var footerNamesHelp: Bool { true }
}

/// Seconds a new row stays highlighted.
let newRowHighlight: TimeInterval = 3

// MARK: - Keys

/// A key on the queue: an action of the table; the prompts' cancel key clears the filter (or the status line).
func handleQueueKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard let action = state.keymap.action(for: key) else {
        if state.keymap.promptAction(for: key) == .cancel {
            if !state.table.filter.isEmpty { state.table.setFilter("", tenants: state.tenants, rows: state.tableRows) } else { state.status = nil }
        }
        return []
    }
    return perform(&state, action)
}

/// The queue footer: the ranked actions with their first keys.
func queueFooter(_ state: ConsoleState) -> [(String, String)] {
    let ranked = Action.allCases.compactMap { a in a.footerRank.map { (a, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
    return ranked.compactMap { action in state.keymap.name(action).map { ($0, action.label) } }
}

/// Runs one action from the table on the queue screen.
func perform(_ state: inout ConsoleState, _ action: Action) -> [Effect] {
    switch action {
    case .moveDown: state.table.moveCursor(by: 1, rows: state.tableRows)
    case .moveUp: state.table.moveCursor(by: -1, rows: state.tableRows)
    case .pageDown: state.table.moveCursor(by: pageSize(state), rows: state.tableRows)
    case .pageUp: state.table.moveCursor(by: -pageSize(state), rows: state.tableRows)
    case .first: state.table.moveCursor(to: 0, rows: state.tableRows)
    case .last: state.table.moveCursor(to: state.table.order.count - 1, rows: state.tableRows)
    case .toggleDetail:
        state.showDetail.toggle()
        state.table.keepCursorVisible(rows: state.tableRows)
    case .approve: return decide(&state, .approve, note: nil)
    case .deny: return decide(&state, .deny, note: nil)
    case .approveWithNote: return decide(&state, .approve, note: "")
    case .denyWithNote: return decide(&state, .deny, note: "")
    case .undo: return undo(&state)
    case .mark:
        guard let id = state.table.cursorID else { return [] }
        state.table.toggleMark(id)
        state.table.moveCursor(by: 1, rows: state.tableRows)
    case .markAll:
        state.table.markAll()
        state.status = StatusMessage("\(count: state.table.marks.count) marked", kind: .info, at: state.now)
    case .markSimilar:
        markSimilar(&state)
    case .clearMarks:
        state.table.clearMarks()
        state.status = StatusMessage("marks cleared", kind: .info, at: state.now)
    case .filter:
        state.mode = .filter
    case .cycleSort:
        let all = SortOrder.allCases
        let next = all[((all.firstIndex(of: state.table.sort) ?? 0) + 1) % all.count]
        state.table.setSort(next, reversed: state.table.sortReversed, tenants: state.tenants, rows: state.tableRows)
        state.status = StatusMessage("sorted by \(sortDescription(state))", kind: .info, at: state.now)
    case .reverseSort:
        state.table.setSort(state.table.sort, reversed: !state.table.sortReversed, tenants: state.tenants,
                            rows: state.tableRows)
        state.status = StatusMessage("sorted by \(sortDescription(state))", kind: .info, at: state.now)
    case .switchView:
        state.view = .history
        state.historyView.cursor = min(state.historyView.cursor, max(0, state.historyView.entries.count - 1))
        return fetchHistoryItem(&state) + loadOlderHistoryIfNear(&state)
    case .refresh:
        if !state.engines.isMulti, state.sync.pollInFlight {
            state.status = StatusMessage("a poll is already under way", kind: .info, at: state.now)
            return []
        }
        return forEachEngine(&state) { $0.sync.pollInFlight ? [] : startPoll(&$0) }
    case .quit: return requestQuit(&state)
    default:
        // Screens an action's row opens (help), and the prompts' keys (handled where a prompt is open).
        if let screen = action.row.opens { open(&state, screen) }
    }
    return []
}

func pageSize(_ state: ConsoleState) -> Int {
    max(1, state.tableRows - 1)
}

// MARK: - Drawing

func drawTable(_ grid: inout Grid, _ state: ConsoleState, _ rect: Rect, _ glyphs: Glyphs) {
    let end = min(state.table.order.count, state.table.scrollTop + rect.height)
    let visible = state.table.order.isEmpty ? [] : state.table.order[state.table.scrollTop..<end]
    // The wide layout sizes its columns to the rows on screen; the narrow one ignores them.
    let content = rect.width >= Columns.wideFrom ? ColumnContent(visible.lazy.compactMap { state.table.items[$0] })
        : ColumnContent()
    let cols = Columns(width: rect.width, content: content, withRecord: state.record.status != .off,
                       engine: engineColumnWidth(state))
    // Column titles.
    grid.fill(x: rect.x, y: rect.y - 1, width: rect.width, role: .columnTitle)
    var x = rect.x + cols.mark
    for (title, w, right) in cols.titles {
        if right { x = rect.x + rect.width - w }
        grid.put(TextWidth.pad(title, to: w, alignRight: right), x: x, y: rect.y - 1, role: .columnTitle)
        x += w + cols.gap
    }

    if state.table.order.isEmpty {
        drawEmpty(&grid, state, rect)
        return
    }
    let stale = state.sync.connection != .connected
    // With several engines a row is stale when its own engine is not answering.
    let staleEngines = Set(state.engines.slots.filter { $0.sync.connection != .connected }.map(\.label))
    for (row, id) in visible.enumerated() {
        guard let item = state.table.items[id] else { continue }
        drawRow(&grid, state, item, y: rect.y + row, x: rect.x, width: rect.width, cols: cols, glyphs: glyphs,
                stale: state.engines.isMulti ? staleEngines.contains(item.engine) : stale)
    }
}

/// The ENGINE column's width: the longest label (several engines), or 0 (one engine: no column).
func engineColumnWidth(_ state: ConsoleState) -> Int {
    guard state.engines.isMulti else { return 0 }
    return max(6, state.engines.labels.map(\.count).max() ?? 0)
}

func drawRow(_ grid: inout Grid, _ state: ConsoleState, _ item: ReviewRequest, y: Int, x x0: Int, width: Int,
             cols: Columns, glyphs: Glyphs, stale: Bool) {
    let selected = item.id == state.table.cursorID
    let pending = state.pendingDecision(item.id)
    let marked = state.table.marks.contains(item.id)
    let isNew = state.table.firstSeen[item.id].map { state.now.timeIntervalSince($0) < newRowHighlight } ?? false
    let base: Role = selected ? .rowSelected : pending != nil ? .rowHeld : stale ? .rowStale
        : marked ? .rowMarked : isNew ? .rowNew : .row
    grid.fill(x: x0, y: y, width: width, role: base)
    var x = x0
    grid.put(selected ? "▶" : " ", x: x, y: y, role: base)
    if marked {
        grid.put(glyphs.mark, x: x + 1, y: y, role: selected ? base : .rowMarked)
    } else if state.sync(ofEngine: item.engine).checkFailed.contains(item.id) {
        // Its check failed: it stays, marked, and is checked again.
        grid.put("?", x: x + 1, y: y, role: selected ? base : .statusWarn)
    }
    x += cols.mark
    if cols.engine > 0 {
        grid.put(TextWidth.truncate(item.engine, to: cols.engine, ellipsis: glyphs.ellipsis), x: x, y: y, role: base)
        x += cols.engineSpan
    }
    grid.put(quoted: String(item.requestID.prefix(cols.id)), x: x, y: y, role: base, maxWidth: cols.id)
    x += cols.id + cols.gap
    grid.put(quoted: TextWidth.truncate(SafeText.line(item.action, limit: 256), to: cols.action, ellipsis: glyphs.ellipsis),
             x: x, y: y, role: base)
    x += cols.action + cols.gap
    if let pending {
        let text: String
        if state.pipeline.held.contains(pending) {
            let seconds = max(0, Int(pending.due.timeIntervalSince(state.now).rounded(.up)))
            let undo = state.keymap.name(.undo).map { " — \($0) undoes" } ?? ""
            text = "\(glyphs.held) \(pending.decision.rawValue) in \(seconds)s\(undo)"
        } else if let retryAt = pending.retryAt, state.pipeline.retrying.contains(pending) {
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
        grid.put(quoted: TextWidth.truncate(SafeText.line(item.actor, limit: 256), to: cols.actor,
                                            ellipsis: glyphs.ellipsis), x: x, y: y, role: base)
    }
    x = x0 + cols.mark + cols.engineSpan + cols.id + cols.action + cols.confidence
        + cols.actor + cols.gap * 4
    drawWideCells(&grid, state, item, y: y, x: x, cols: cols, glyphs: glyphs, role: base)
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

/// TENANT, ACTING FOR, YOU and RESOURCE, where the width has room for them.
func drawWideCells(_ grid: inout Grid, _ state: ConsoleState, _ item: ReviewRequest, y: Int, x x0: Int,
                   cols: Columns, glyphs: Glyphs, role: Role) {
    var x = x0
    for (text, width) in [(item.tenantID ?? "", cols.tenant), (item.actingFor ?? "", cols.actingFor)] where width > 0 {
        grid.put(quoted: TextWidth.truncate(SafeText.line(text, limit: 256), to: width, ellipsis: glyphs.ellipsis),
                 x: x, y: y, role: role)
        x += width + cols.gap
    }
    if cols.record > 0 {
        grid.put(recordCell(state, item), x: x, y: y, role: role, maxWidth: cols.record)
        x += cols.record + cols.gap
    }
    if cols.resource > 0 {
        let summary = resourceSummary(item.resource, limit: cols.resource + 1)
        grid.put(quoted: TextWidth.truncate(summary, to: cols.resource, ellipsis: glyphs.ellipsis), x: x, y: y,
                 role: role)
    }
}

/// "78% ███▉░" coloured by the engine's bands; 0 is "no signal".
func confidenceCell(_ confidence: Double, glyphs: Glyphs) -> (String, Role) {
    guard confidence > 0 else { return ("no signal", .confidenceNone) }
    let percent = wholePercent(confidence)
    let role: Role = confidence >= 0.9 ? .confidenceHigh : confidence >= 0.7 ? .confidenceMedium : .confidenceLow
    return (TextWidth.pad("\(percent)%", to: 4, alignRight: true) + " " + confidenceBar(confidence, glyphs: glyphs),
            role)
}

/// A confidence as a whole percent, rounded down: 0.79 is 79 (not 78, as `0.79 * 100` computes
/// to 78.999…), 0.789 is 78.
func wholePercent(_ confidence: Double) -> Int {
    Int((confidence * 100 + 1e-9).rounded(.down))
}

/// A bar of `cells` cells for a confidence, each cell in steps (eighths in Unicode, halves in
/// ASCII), rounded down like the percent beside it: 71 % is `███▌░`, 86 % `████▎`.
func confidenceBar(_ confidence: Double, glyphs: Glyphs, cells: Int = 5) -> String {
    let steps = glyphs.barPartials.count + 1
    // The same nudge as `wholePercent`: 0.75 is three cells and six eighths, not five.
    let filled = min(cells * steps, max(0, Int((confidence * Double(cells * steps) + 1e-9).rounded(.down))))
    let full = filled / steps
    let part = filled % steps
    var bar = String(repeating: glyphs.barFull, count: full)
    if part > 0 { bar += glyphs.barPartials[part - 1] }
    return bar + String(repeating: glyphs.barEmpty, count: cells - full - (part > 0 ? 1 : 0))
}

func drawEmpty(_ grid: inout Grid, _ state: ConsoleState, _ rect: Rect) {
    var lines: [(String, Role)] = []
    if state.engines.isMulti {
        lines = emptyLinesForEngines(state)
    } else {
        lines = emptyLines(state)
    }
    let top = rect.y + max(0, rect.height / 2 - 1)
    for (i, (line, role)) in lines.enumerated() {
        let x = rect.x + max(0, (rect.width - TextWidth.of(line)) / 2)
        grid.put(line, x: x, y: top + i, role: role, maxWidth: rect.width)
    }
}

/// What an empty table says with several engines: the header gives each engine's state.
func emptyLinesForEngines(_ state: ConsoleState) -> [(String, Role)] {
    if !state.table.items.isEmpty { return [("No held request matches.", .normal)] }
    let slots = state.engines.slots
    if slots.contains(where: { $0.sync.connection == .connected }) {
        return [("No requests waiting for review on the engines that answer.", .normal),
                ("Each engine's state is in the header; new requests appear here.", .columnTitle)]
    }
    if slots.allSatisfy({ $0.sync.connection == .connecting }) { return [("Connecting to \(state.engineLabel)…", .normal)] }
    return [("No engine answers yet: the header says why for each.", .statusWarn)]
}

/// What an empty table says with one engine: why it is empty.
func emptyLines(_ state: ConsoleState) -> [(String, Role)] {
    let lines: [(String, Role)]
    switch state.sync.connection {
    case .connecting:
        lines = [("Connecting to \(state.engineLabel)…", .normal)]
    case .unauthorized:
        lines = [("The engine rejected the API key.", .statusWarn),
                 ("Set LELU_API_KEY or --api-key-file to the engine's key.", .normal)]
    case .misconfigured:
        lines = [("The engine has no API key configured.", .statusWarn),
                 ("Start it with an API key (or LELU_DEV_INSECURE=true for local dev).", .normal)]
    case .reconnecting(let error):
        let first: String
        switch error {
        case .storeFailing: first = "\(state.engineLabel) answers, but its queue store (Redis) is failing."
        case .unreachable, .timeout: first = "Cannot reach \(state.engineLabel)."
        default: first = "\(state.engineLabel) is failing: \(failureHeadline(error).text)."
        }
        lines = [(first, .statusWarn), (state.keymap.name(.refresh).map { "Retrying; \($0) tries now." } ?? "Retrying.", .normal)]
    case .connected where !state.table.items.isEmpty:
        // Rows are held, the filter or the tenants hide them all.
        lines = [("No held request matches.", .normal)] + (notShownLine(state).map { [($0, .columnTitle)] } ?? [])
    case .connected:
        lines = [("No requests waiting for review.", .normal),
                 ("Polling every \(formatInterval(state.pollInterval)); new requests appear here.", .columnTitle)]
    }
    return lines
}

/// "1 newer not shown (--max-requests 5000): no filter sees them", when the cap keeps requests out.
func notShownLine(_ state: ConsoleState) -> String? {
    guard let newer = newerNotShown(state) else { return nil }
    return "\(newer) newer not shown (--max-requests \(state.sync.maxRequests)): the filter cannot see them."
}

func formatInterval(_ seconds: TimeInterval) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.2g s", seconds)
}
