import Foundation

// MARK: - render

/// Draws the console: a pure function of the state, the size and the theme.
///
/// Every engine string passes through ``SafeText`` on its way into the grid (via
/// ``Grid/put(_:x:y:role:maxWidth:)``), so no cell can hold a control character.
package func render(_ state: ConsoleState, size: Size, theme: Theme) -> Grid {
    var grid = Grid(size: size)
    grid.ascii = theme.ascii
    let layout = Layout(size: size, showDetail: state.showDetail)
    if layout.tooSmall {
        drawTooSmall(&grid)
        return grid
    }
    let glyphs = theme.glyphs
    drawHeader(&grid, state)
    // The screen under any prompt; the focused screen's status row and footer; then its overlay, if any.
    let base = state.baseScreen
    let focused = state.focusedScreen
    base.draw(&grid, state, layout, glyphs)
    grid.fill(y: layout.statusRow, role: .normal)
    focused.drawStatus(&grid, state, row: layout.statusRow)
    drawFooter(&grid, state, focused, row: layout.footerRow)
    if focused != base { focused.draw(&grid, state, layout, glyphs) }
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
    var x = grid.put(" lelu ▸ \(quoted: state.engineLabel)" as ScreenText, x: 0, y: 0, role: .header, maxWidth: width / 2)
    x += 2
    // The count always shows: a long connection text is cut first.
    let count = pendingCount(state)
    let countRoom = TextWidth.of(count) + 3
    if state.engines.isMulti {
        x = drawEngineBadges(&grid, state, x: x, maxWidth: max(10, width - x - countRoom))
    } else {
        let (text, role) = connectionText(state)
        x += grid.put(text, x: x, y: 0, role: role, maxWidth: max(10, width - x - countRoom))
        x += 2
    }
    if !state.engines.isMulti, reviewerKeyBlock(state) != nil {
        // Said from the start, so nobody decides into a refusal.
        x += grid.put(state.engineFacts.reviewerKeyRefused == nil ? "✖ needs a reviewer key" : "✖ reviewer key refused",
                      x: x, y: 0, role: .statusError)
        x += 2
    }
    let filtered = !state.table.filter.isEmpty || !state.tenants.isEmpty
    // "3 of 120 pending"; when the count is itself a part ("5000 of 5001"), "0 shown · 5000 of 5001 pending".
    let shown = count.contains(" of ") ? "\(count: state.table.order.count) shown · \(count)" : "\(count: state.table.order.count) of \(count)"
    x += grid.put(filtered ? shown : count, x: x, y: 0, role: .header)
    if !state.table.filter.isEmpty {
        x += 2
        x += grid.put("\(state.keymap.filterSigil)\(quoted: state.table.filter)" as ScreenText, x: x, y: 0, role: .statusWarn,
                      maxWidth: max(0, width / 2 - 10))
    }
    var right: [String] = []
    if state.view == .history {
        right.append(state.keymap.name(.switchView).map { "HISTORY (\($0): queue)" } ?? "HISTORY")
    }
    if !state.table.marks.isEmpty { right.append("\(count: state.table.marks.count) marked") }
    if state.table.sort != .age || state.table.sortReversed { right.append("sort: \(sortDescription(state))") }
    right += state.engines.isMulti ? engineSyncNotes(state) : syncNotes(state)
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

/// "120 pending", "≥ 120 pending" (a July engine's capped lists), "5,000 of 6,200 pending";
/// "? pending" until the engine has answered a read (a refused key is not an empty queue).
package func pendingCount(_ state: ConsoleState) -> String {
    let held = state.table.items.count
    if state.engines.isMulti {
        // Each engine's count is beside its label; this is the table's.
        let answered = state.engines.slots.contains { $0.sync.lastGoodPoll != nil }
        return answered ? "\(count: held) pending" : "? pending"
    }
    if state.sync.lastGoodPoll == nil { return "? pending" }
    return countText(state.sync, held: held) + " pending"
}

/// "120", "≥ 120" (a July engine's capped list), "5,000 of 6,200" (the current engine's `total`
/// beyond the rows held): the rows held of one engine's queue, as the header counts them.
func countText(_ sync: QueueSync, held: Int) -> String {
    if sync.listing == .capped, sync.capped { return "≥ \(count: held)" }
    if sync.listing == .paged, let total = sync.total, total != held { return "\(count: held) of \(count: total)" }
    return "\(count: held)"
}

/// What the header says about how the table is kept: still reading, capped, checking, failed checks.
func syncNotes(_ state: ConsoleState) -> [String] {
    var notes: [String] = []
    let sync = state.sync
    let held = state.lentEngineRows
    if !sync.doubt.isEmpty { notes.append("checking \(count: sync.doubt.count) with the engine") }
    if !sync.checkFailed.isEmpty { notes.append("\(count: sync.checkFailed.count) could not be checked (?)") }
    switch sync.listing {
    case .paged:
        if let newer = newerNotShown(state, held: held) {
            notes.append("\(newer) newer not shown (--max-requests \(sync.maxRequests))")
        } else if let total = sync.total, total > held, !sync.firstSweepDone {
            notes.append("reading the queue…")
        }
    case .capped:
        if let at = sync.outranAt, state.now.timeIntervalSince(at) < 60 {
            notes.append("arrivals outran the engine's list of \(state.engineFacts.listLimit): some may not be shown")
        }
        if sync.capped { notes.append("engine lists \(state.engineFacts.listLimit) at a time") }
    case .unknown:
        break
    }
    if sync.skippedItems > 0 { notes.append("\(count: sync.skippedItems) malformed skipped") }
    return notes
}

/// How many pending requests the `--max-requests` cap keeps out of the table (current engine), if any.
func newerNotShown(_ state: ConsoleState, held: Int? = nil) -> Int? {
    let held = held ?? state.lentEngineRows
    guard state.sync.listing == .paged, let total = state.sync.total, total > held, held >= state.sync.maxRequests
    else { return nil }
    return total - held
}

/// The connection part of the header.
func connectionText(_ state: ConsoleState) -> (String, Role) {
    let age = state.sync.lastGoodPoll.map { AgeFormat.short(state.now.timeIntervalSince($0)) }
    if state.sync.pollInFlight, let started = state.sync.pollStartedAt, state.now.timeIntervalSince(started) > 2,
       state.sync.connection != .unauthorized, state.sync.connection != .misconfigured {
        let stale = state.sync.connection == .connected ? "" : age.map { ", stale for \($0)" } ?? ""
        return ("◔ slow: waiting \(AgeFormat.short(state.now.timeIntervalSince(started))) for the engine\(stale)",
                .statusWarn)
    }
    switch state.sync.connection {
    case .connecting:
        return ("◌ connecting…", .statusWarn)
    case .connected:
        // The poll's age only when it is late: a counter flipping 0s/1s with every poll is noise
        // (and terminal writes) that says nothing.
        if let last = state.sync.lastGoodPoll, state.now.timeIntervalSince(last) > state.pollInterval + 2, let age {
            return ("● connected, last poll \(age) ago", .statusOK)
        }
        return ("● connected", .statusOK)
    case .reconnecting(let error):
        let retry = state.sync.nextPollAt.map { max(0, Int($0.timeIntervalSince(state.now).rounded(.up))) }
        let stale = age.map { " · stale \($0)" } ?? ""
        let (mark, what) = failureHeadline(error)
        return ("\(mark) \(what) · retry" + (retry.map { " in \($0)s" } ?? "ing…") + stale, .statusError)
    case .unauthorized:
        return ("✖ API key refused (401)", .statusError)
    case .misconfigured:
        return ("✖ engine has no API key set", .statusError)
    }
}

/// What failed, in the header's words: the network, the engine, or the engine's store.
///
/// A store failure is the engine answering that it cannot use its queue store (`queue: …` on a
/// list or a read): the engine is up, the reviewer's network is fine, and only the store — Redis,
/// since the in-memory store cannot fail — needs fixing.
func failureHeadline(_ error: EngineError) -> (mark: String, text: String) {
    switch error {
    case .storeFailing: ("✖", "engine's store failing (Redis)")
    case .unreachable: ("◌", "engine unreachable")
    case .timeout: ("◌", "engine not answering")
    case .server(let status, _): ("✖", "engine failing (\(status))")
    case .queueNotConfigured: ("✖", "engine has no review queue")
    case .responseTooLarge, .undecodable: ("✖", "engine's answer unreadable")
    case .noSuchRoute: ("✖", "no Lelu engine at this URL")
    default: ("◌", "reconnecting")
    }
}

// MARK: - Footer

/// The footer: the focused screen's keys, from the keymap.
func drawFooter(_ grid: inout Grid, _ state: ConsoleState, _ screen: any Screen.Type, row: Int) {
    grid.fill(y: row, role: .footer)
    let entries = screen.footer(state)
    // The help key always shows, right-aligned: help lists everything the footer has no room for.
    var width = grid.size.width
    if screen.footerNamesHelp, let key = state.keymap.keys(for: .help).first {
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

// MARK: - Wrapping

/// Word-wraps text to a display width; words longer than a line are split.
enum TextWrap {
    /// The wrapped lines (at least one, possibly empty).
    static func wrap(_ text: String, width: Int) -> [String] {
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

