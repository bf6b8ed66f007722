import Foundation

// MARK: - History screen

// The reviewer's own decisions, newest first, from the journal: its keys and its rows.

/// The history screen's rows and position: this engine's decisions, newest record per ID.
struct HistoryView: Equatable, Sendable {
    /// This engine's decisions, newest record per ID, newest first.
    var entries: DecisionHistory = []
    /// The selected row.
    var cursor = 0
    /// The selected decision's request as the engine has it now, once fetched.
    var item: ReviewRequest?
    /// Whether older decisions may be left in the journal's files (paged in as the reviewer scrolls).
    var more = false
    /// Whether a page of older history is being read.
    var loading = false
    /// Where the next page of older history starts (after the oldest row read so far).
    var pageCursor: HistoryCursor?
    /// Set when the journal is opened after the first frame (a large one of an earlier version is
    /// being taken over): history and unsent decisions arrive with `journalOpened`.
    var opening = false

    /// An empty history.
    init() {}
}

/// The history: this reviewer's decisions from the journal, and how the engine has each now.
enum HistoryScreen: Screen {
    static func handle(_ state: inout ConsoleState, _ key: Key) -> [Effect] { handleHistoryKey(&state, key) }

    static func draw(_ grid: inout Grid, _ state: ConsoleState, _ layout: Layout, _ glyphs: Glyphs) {
        drawHistory(&grid, state, layout, glyphs)
    }

    static func footer(_ state: ConsoleState) -> [(String, String)] { historyFooter(state) }

    static var footerNamesHelp: Bool { true }
}

// MARK: - Keys

/// A key on the history screen: movement, detail, switching back, help and quit; the rest say where they work.
func handleHistoryKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    // Keys that are no action (the cancel key clearing the filter and the status line) work as on the queue.
    guard let action = state.keymap.action(for: key) else { return handleQueueKey(&state, key) }
    return performInHistory(&state, action)
}

/// The history's footer: what its keys do here, from the keymap (the queue's decision keys do not work here).
func historyFooter(_ state: ConsoleState) -> [(String, String)] {
    let actions: [(Action, String)] = [
        (.toggleDetail, "engine's view"), (.undo, "undo"), (.refresh, "ask again"), (.switchView, "queue"),
        (.quit, "quit"),
    ]
    return actions.compactMap { action, label in state.keymap.name(action).map { ($0, label) } }
}

/// Runs an action on the history screen: movement, detail, switching back, help and quit.
func performInHistory(_ state: inout ConsoleState, _ action: Action) -> [Effect] {
    let last = max(0, state.historyView.entries.count - 1)
    let before = state.historyView.cursor
    switch action {
    case .moveDown: state.historyView.cursor = min(last, state.historyView.cursor + 1)
    case .moveUp: state.historyView.cursor = max(0, state.historyView.cursor - 1)
    case .pageDown: state.historyView.cursor = min(last, state.historyView.cursor + pageSize(state))
    case .pageUp: state.historyView.cursor = max(0, state.historyView.cursor - pageSize(state))
    case .first: state.historyView.cursor = 0
    case .last: state.historyView.cursor = last
    case .toggleDetail:
        state.showDetail.toggle()
        return state.showDetail ? fetchHistoryItem(&state) : []
    case .switchView:
        state.view = .queue
        return []
    case .refresh: return fetchHistoryItem(&state)
    case .undo: return undo(&state)
    case .quit: return requestQuit(&state)
    case _ where action.row.opens != nil:
        if let screen = action.row.opens { open(&state, screen) }
    default:
        let back = state.keymap.name(.switchView).map { " — \($0) switches back" } ?? ""
        state.status = StatusMessage("\(action.label) works in the queue\(back)", kind: .info, at: state.now)
    }
    if state.historyView.cursor != before {
        state.historyView.item = nil
        return (state.showDetail ? fetchHistoryItem(&state) : []) + loadOlderHistoryIfNear(&state)
    }
    return []
}

// MARK: - Paging

/// The most history rows kept in memory: older ones stay in the journal (`lelu-console history`).
let historyCap = 5_000
/// Rows read from the journal's files per page.
let historyPageSize = 500

/// Asks for the next page of older decisions when the selection is within two pages of the
/// last row read (or fewer rows than a page are shown), none is being read and more may be left.
func loadOlderHistoryIfNear(_ state: inout ConsoleState) -> [Effect] {
    guard state.historyView.more, !state.historyView.loading, state.historyView.entries.count < historyCap,
          state.historyView.cursor + 2 * max(pageSize(state), 50) >= state.historyView.entries.count
    else { return [] }
    state.historyView.loading = true
    return [.loadHistory(engine: state.engines.isMulti ? "" : state.engineURL, after: state.historyView.pageCursor, limit: historyPageSize)]
}

/// Adds a page of older decisions below the rows shown (IDs already shown keep their newer row).
func historyLoaded(_ state: inout ConsoleState, _ page: HistoryPage) {
    state.historyView.loading = false
    state.historyView.entries.appendOlder(page.rows, limit: historyCap)
    if let last = page.rows.last { state.historyView.pageCursor = HistoryCursor(time: last.time, id: last.id) }
    state.historyView.more = !page.exhausted && !page.rows.isEmpty && state.historyView.entries.count < historyCap
}

/// Records a decision's new outcome in the history, dropping the oldest rows past the cap.
func recordHistory(_ state: inout ConsoleState, _ entry: JournalEntry) {
    let history = state.historyView
    let selected = history.entries.indices.contains(history.cursor) ? history.entries[history.cursor].id : nil
    state.historyView.entries.record(entry)
    if state.historyView.entries.count > historyCap + historyPageSize {
        state.historyView.entries.trim(to: historyCap)
        // The dropped rows are older than every row kept: paging reads them again from there.
        state.historyView.pageCursor = state.historyView.entries.last.map { HistoryCursor(time: $0.time, id: $0.id) }
        state.historyView.more = true
    }
    if let selected, let index = state.historyView.entries.firstIndex(ofID: selected) {
        state.historyView.cursor = index
    } else {
        state.historyView.cursor = min(state.historyView.cursor, max(0, state.historyView.entries.count - 1))
    }
}

/// The row key of the history's selected decision (its engine's label and ID with several engines).
func currentHistoryID(_ state: ConsoleState) -> String? {
    guard state.historyView.entries.indices.contains(state.historyView.cursor) else { return nil }
    return state.rowKey(of: state.historyView.entries[state.historyView.cursor])
}

func fetchHistoryItem(_ state: inout ConsoleState) -> [Effect] {
    state.historyView.item = nil
    guard let id = currentHistoryID(state) else { return [] }
    return [.fetchItem(id: id)]
}

// MARK: - Drawing

/// The history view: this engine's decisions, newest first, with their outcome.
func drawHistory(_ grid: inout Grid, _ state: ConsoleState, _ layout: Layout, _ glyphs: Glyphs) {
    let rect = layout.table
    let width = rect.width
    // Several engines: an ENGINE column first, as in the queue.
    let engineWidth = engineColumnWidth(state)
    let actionWidth = max(8, (width - 2 - 8 - 8 - 8 - 8 - (engineWidth > 0 ? engineWidth + 2 : 0)) * 40 / 100)
    let titles = (engineWidth > 0 ? [("ENGINE", engineWidth)] : [])
        + [("TIME", 8), ("DECISION", 8), ("ID", 8), ("ACTION", actionWidth), ("OUTCOME", 0)]
    grid.fill(x: rect.x, y: rect.y - 1, width: width, role: .columnTitle)
    var x = rect.x + 2
    for (title, w) in titles {
        grid.put(title, x: x, y: rect.y - 1, role: .columnTitle)
        x += w + 2
    }
    guard !state.historyView.entries.isEmpty else {
        let line = "No decisions recorded for \(state.engineLabel) yet."
        grid.put(line, x: rect.x + max(0, (width - TextWidth.of(line)) / 2), y: rect.y + rect.height / 2 - 1,
                 role: .normal)
        return
    }
    let height = rect.height
    let top = max(0, min(state.historyView.cursor - height / 2, state.historyView.entries.count - height))
    for (row, entry) in state.historyView.entries.dropFirst(top).prefix(height).enumerated() {
        drawHistoryRow(&grid, entry, y: rect.y + row, rect: rect, columns: (engineWidth, actionWidth), glyphs: glyphs,
                       selected: top + row == state.historyView.cursor)
    }
    let shown = min(height, state.historyView.entries.count - top)
    if state.historyView.loading, shown < height {
        grid.put("  reading older decisions from the journal…", x: rect.x, y: rect.y + shown, role: .columnTitle,
                 maxWidth: width)
    }
    if let rect = layout.detail { drawHistoryDetail(&grid, state, rect, glyphs) }
}

/// One decision: (its engine,) time, decision, ID, action and outcome.
func drawHistoryRow(_ grid: inout Grid, _ entry: JournalEntry, y: Int, rect: Rect, columns: (engine: Int, action: Int),
                    glyphs: Glyphs, selected: Bool) {
    let actionWidth = columns.action
    let outcomeRole: Role = switch entry.outcome {
    case .confirmed: .statusOK
    case .conflict, .gone, .expired, .failed: .confidenceLow
    case .held, .sending: .rowHeld
    case .undone: .columnTitle
    }
    let base: Role = selected ? .rowSelected : .row
    grid.fill(x: rect.x, y: y, width: rect.width, role: base)
    grid.put(selected ? "▶" : " ", x: rect.x, y: y, role: base)
    var x = rect.x + 2
    if columns.engine > 0 {
        grid.put(quoted: entry.label ?? "", x: x, y: y, role: base, maxWidth: columns.engine)
        x += columns.engine + 2
    }
    let time = Timestamp.format(entry.time, fractionDigits: 0)
    grid.put(String(time.dropFirst(11).prefix(8)), x: x, y: y, role: base)
    x += 10
    grid.put(entry.decision.rawValue, x: x, y: y, role: base, maxWidth: 8)
    x += 10
    grid.put(quoted: String(entry.id.prefix(8)), x: x, y: y, role: base, maxWidth: 8)
    x += 10
    let action = TextWidth.truncate(SafeText.line(entry.action, limit: 256), to: actionWidth, ellipsis: glyphs.ellipsis)
    grid.put(quoted: action, x: x, y: y, role: base)
    x += actionWidth + 2
    grid.put(entry.outcomeLine, x: x, y: y, role: selected ? base : outcomeRole, maxWidth: max(0, rect.width - x))
}

/// The selected decision in full, with what the engine says of its request now.
func drawHistoryDetail(_ grid: inout Grid, _ state: ConsoleState, _ rect: Rect, _ glyphs: Glyphs) {
    guard state.historyView.entries.indices.contains(state.historyView.cursor) else { return }
    if rect.x > 0 {
        for y in rect.y..<(rect.y + rect.height) { grid.put(glyphs.vrule, x: rect.x - 1, y: y, role: .border) }
    } else {
        grid.put(String(repeating: glyphs.rule, count: rect.width), x: rect.x, y: rect.y - 1, role: .border)
    }
    let entry = state.historyView.entries[state.historyView.cursor]
    var lines: [(String, ScreenText)] = [
        ("Request", ScreenText(quoted: entry.id)),
        ("Decided", "\(entry.decision.pastTense) by \(quoted: entry.reviewer)"),
    ]
    // Several engines: which one it was decided on.
    if let label = entry.label { lines.insert(("Engine", ScreenText(quoted: label)), at: 1) }
    if !entry.note.isEmpty { lines.append(("Note", ScreenText(quoted: entry.note))) }
    lines.append(("Outcome", entry.outcomeLine))
    if let item = state.historyView.item {
        var now: ScreenText = "\(quoted: item.status.description)"
        if let by = item.resolvedBy { now = now + " by \(quoted: by)" }
        if let at = item.resolvedAt { now = now + " at \(Timestamp.format(at, fractionDigits: 0))" }
        lines.append(("Engine now", now))
        if let note = item.resolutionNote, !note.isEmpty { lines.append(("Engine note", ScreenText(quoted: note))) }
    } else {
        lines.append(("Engine now", "asking the engine…"))
    }
    for (row, (key, value)) in lines.prefix(rect.height).enumerated() {
        grid.put(key, x: rect.x + 1, y: rect.y + row, role: .detailKey, maxWidth: 11)
        grid.put(value, x: rect.x + 13, y: rect.y + row, role: .detailValue, maxWidth: max(0, rect.width - 13))
    }
}
