import Foundation

// MARK: - Reducer

/// The console's one reducer: applies an event to the state and returns the work to do.
///
/// The focused screen (note editor, filter, confirmation, help) sees a key first; the
/// queue or history view handles the rest. Decisions live in `Reducer+Decisions.swift`.
public func reduce(_ state: inout ConsoleState, _ event: Event) -> [Effect] {
    switch event {
    case .started(let now):
        state.now = now
        var effects = startPoll(&state)
        if !state.recovering.isEmpty {
            let n = state.recovering.count
            setStatus(&state, "checking \(n) decision\(n == 1 ? "" : "s") left unsent by the last session…", .info)
            state.recoveryAsked = Set(state.recovering.keys)
            effects += state.recovering.keys.sorted().map { .fetchItem(id: $0) }
        }
        return effects

    case .tick(let now):
        state.now = now
        var effects = releaseDueDecisions(&state)
        if let due = state.nextPollAt, now >= due, !state.pollInFlight {
            effects += startPoll(&state)
        }
        return effects

    case .resized(let size):
        state.size = size
        keepCursorVisible(&state)
        return []

    case .key(let key):
        return handleKey(&state, key)

    case .mouse(let input):
        guard state.mode == .queue else { return [] }
        switch input {
        case .wheelUp:
            if state.view == .history { return performInHistory(&state, .moveUp) }
            moveCursor(&state, by: -3)
        case .wheelDown:
            if state.view == .history { return performInHistory(&state, .moveDown) }
            moveCursor(&state, by: 3)
        case .click(let x, let y):
            let table = Layout(size: state.size, showDetail: state.showDetail).table
            guard state.view == .queue, x >= table.x, x < table.x + table.width,
                  y >= table.y, y < table.y + table.height
            else { return [] }
            let index = state.scrollTop + (y - table.y)
            if state.order.indices.contains(index) { state.cursorID = state.order[index] }
        }
        return []

    case .pollSucceeded(let list, let at):
        state.now = at
        return applyPoll(&state, list)

    case .pollFailed(let error, let at):
        state.now = at
        state.pollInFlight = false
        state.pollStartedAt = nil
        state.failedPolls += 1
        switch error {
        case .unauthorized: state.connection = .unauthorized
        case .misconfigured: state.connection = .misconfigured
        default: state.connection = .reconnecting(reason: error.message(engine: state.engineLabel))
        }
        state.nextPollAt = at.addingTimeInterval(pollBackoff(failures: state.failedPolls, interval: state.pollInterval))
        return []

    case .decisionSucceeded(let id, _, let at):
        state.now = at
        return decisionAnswered(&state, id: id, error: nil)

    case .decisionFailed(let id, _, let error, let at):
        state.now = at
        return decisionAnswered(&state, id: id, error: error)

    case .itemFetched(let item, let at):
        state.now = at
        return itemFetched(&state, item)

    case .itemFetchFailed(let id, let error, let at):
        state.now = at
        if let pending = state.recovering[id] {
            return recoveryFetchFailed(&state, pending, error: error)
        }
        if var pending = state.conflicts[id] {
            if error.isTransient, pending.fetchAttempts + 1 < maxAttempts {
                // Who won matters (ours from an earlier attempt, or someone else's): ask again later.
                pending.fetchAttempts += 1
                state.conflicts[id] = pending
                state.conflictRefetch.insert(id)
                return []
            }
            state.conflicts[id] = nil
            return finishConflict(&state, pending, status: nil, by: nil) + quitIfDone(&state)
        }
        if state.view == .history, currentHistoryID(state) == id {
            state.status = StatusMessage(error.message(engine: state.engineLabel), kind: .error, at: at)
        }
        return []

    case .journalFailed(let reason, let at):
        state.now = at
        setStatus(&state, "journal not written: \(reason)", .error)
        return []

    case .terminate:
        state.quitting = true
        return [.quit]
    }
}

// MARK: - Keys

func handleKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    switch state.mode {
    case .note(var editor):
        return handleEditorKey(&state, &editor, key)
    case .filter:
        return handleFilterKey(&state, key)
    case .confirm(let confirmation):
        state.mode = .queue
        if key == .char("y") || key == .char("Y") {
            return hold(&state, confirmation.decision, ids: confirmation.ids, note: confirmation.note)
        }
        state.status = StatusMessage("cancelled — nothing sent", kind: .info, at: state.now)
        return []
    case .help:
        let action = state.keymap.action(for: key)
        switch action {
        case .quit?, .help?: state.mode = .queue
        case .moveDown?: state.helpScroll += 1
        case .moveUp?: state.helpScroll -= 1
        case .pageDown?: state.helpScroll += pageSize(state)
        case .pageUp?: state.helpScroll -= pageSize(state)
        default: if key == .escape || key == .enter { state.mode = .queue }
        }
        state.helpScroll = min(max(0, state.helpScroll), max(0, helpLines(state.keymap).count - 1))
        return []
    case .queue:
        if key == .escape {
            if !state.filter.isEmpty {
                setFilter(&state, "")
            } else {
                state.status = nil
            }
            return []
        }
        guard let action = state.keymap.action(for: key) else { return [] }
        if state.view == .history { return performInHistory(&state, action) }
        return perform(&state, action)
    }
}

/// Runs one action from the table on the queue screen.
func perform(_ state: inout ConsoleState, _ action: Action) -> [Effect] {
    switch action {
    case .moveDown: moveCursor(&state, by: 1)
    case .moveUp: moveCursor(&state, by: -1)
    case .pageDown: moveCursor(&state, by: pageSize(state))
    case .pageUp: moveCursor(&state, by: -pageSize(state))
    case .first: moveCursor(&state, to: 0)
    case .last: moveCursor(&state, to: state.order.count - 1)
    case .toggleDetail:
        state.showDetail.toggle()
        keepCursorVisible(&state)
    case .approve: return decide(&state, .approve, note: nil)
    case .deny: return decide(&state, .deny, note: nil)
    case .approveWithNote: return decide(&state, .approve, note: "")
    case .denyWithNote: return decide(&state, .deny, note: "")
    case .undo: return undo(&state)
    case .mark:
        guard let id = state.cursorID else { return [] }
        if state.marks.remove(id) == nil { state.marks.insert(id) }
        moveCursor(&state, by: 1)
    case .markAll:
        state.marks.formUnion(state.order)
        state.status = StatusMessage("\(state.marks.count) marked", kind: .info, at: state.now)
    case .clearMarks:
        state.marks.removeAll()
        state.status = StatusMessage("marks cleared", kind: .info, at: state.now)
    case .filter:
        state.mode = .filter
    case .cycleSort:
        let all = SortOrder.allCases
        state.sort = all[((all.firstIndex(of: state.sort) ?? 0) + 1) % all.count]
        resort(&state, previousOrder: state.order, previousCursor: state.cursorID)
        state.status = StatusMessage("sorted by \(sortDescription(state))", kind: .info, at: state.now)
    case .reverseSort:
        state.sortReversed.toggle()
        resort(&state, previousOrder: state.order, previousCursor: state.cursorID)
        state.status = StatusMessage("sorted by \(sortDescription(state))", kind: .info, at: state.now)
    case .switchView:
        state.view = .history
        state.historyCursor = min(state.historyCursor, max(0, state.history.count - 1))
        return fetchHistoryItem(&state)
    case .refresh:
        if state.pollInFlight {
            state.status = StatusMessage("a poll is already under way", kind: .info, at: state.now)
            return []
        }
        return startPoll(&state)
    case .help:
        state.mode = .help
        state.helpScroll = 0
    case .quit: return requestQuit(&state)
    }
    return []
}

/// Runs an action on the history screen: movement, detail, switching back, help and quit.
func performInHistory(_ state: inout ConsoleState, _ action: Action) -> [Effect] {
    let last = max(0, state.history.count - 1)
    let before = state.historyCursor
    switch action {
    case .moveDown: state.historyCursor = min(last, state.historyCursor + 1)
    case .moveUp: state.historyCursor = max(0, state.historyCursor - 1)
    case .pageDown: state.historyCursor = min(last, state.historyCursor + pageSize(state))
    case .pageUp: state.historyCursor = max(0, state.historyCursor - pageSize(state))
    case .first: state.historyCursor = 0
    case .last: state.historyCursor = last
    case .toggleDetail:
        state.showDetail.toggle()
        return state.showDetail ? fetchHistoryItem(&state) : []
    case .switchView:
        state.view = .queue
        return []
    case .refresh: return fetchHistoryItem(&state)
    case .undo: return undo(&state)
    case .help:
        state.mode = .help
        state.helpScroll = 0
    case .quit: return requestQuit(&state)
    default:
        state.status = StatusMessage("\(action.label) works in the queue — Tab switches back", kind: .info,
                                     at: state.now)
    }
    if state.historyCursor != before {
        state.historyItem = nil
        return state.showDetail ? fetchHistoryItem(&state) : []
    }
    return []
}

func pageSize(_ state: ConsoleState) -> Int {
    max(1, Layout(size: state.size, showDetail: state.showDetail).table.height - 1)
}

func currentHistoryID(_ state: ConsoleState) -> String? {
    state.history.indices.contains(state.historyCursor) ? state.history[state.historyCursor].id : nil
}

func fetchHistoryItem(_ state: inout ConsoleState) -> [Effect] {
    state.historyItem = nil
    guard let id = currentHistoryID(state) else { return [] }
    return [.fetchItem(id: id)]
}

func itemFetched(_ state: inout ConsoleState, _ item: ReviewRequest) -> [Effect] {
    if let pending = state.recovering.removeValue(forKey: item.id) {
        state.recoveryAsked.remove(item.id)
        return recovered(&state, pending, item) + quitIfDone(&state)
    }
    if let pending = state.conflicts.removeValue(forKey: item.id) {
        return finishConflict(&state, pending, status: item.status, by: item.resolvedBy) + quitIfDone(&state)
    }
    if currentHistoryID(state) == item.id { state.historyItem = item }
    return []
}

// MARK: - Note editor

func handleEditorKey(_ state: inout ConsoleState, _ editor: inout NoteEditor, _ key: Key) -> [Effect] {
    switch key {
    case .escape:
        state.mode = .queue
        state.status = StatusMessage("note cancelled — nothing sent", kind: .info, at: state.now)
        return []
    case .enter:
        state.mode = .queue
        let ids = editor.requestIDs.filter { state.items[$0] != nil }
        guard !ids.isEmpty else {
            state.status = StatusMessage("that request left the queue — nothing sent", kind: .error, at: state.now)
            return []
        }
        return confirmOrHold(&state, editor.decision, ids: ids, note: String(editor.text), bulk: editor.requestIDs.count > 1)
    default:
        editLine(&editor.text, cursor: &editor.cursor, key)
        state.mode = .note(editor)
        return []
    }
}

/// Applies an editing key to a one-line text; returns false for keys it does not edit with.
@discardableResult
func editLine(_ text: inout [Character], cursor: inout Int, _ key: Key) -> Bool {
    switch key {
    case .left: cursor = max(0, cursor - 1)
    case .right: cursor = min(text.count, cursor + 1)
    case .home, .ctrl("a"): cursor = 0
    case .end, .ctrl("e"): cursor = text.count
    case .backspace:
        if cursor > 0 {
            text.remove(at: cursor - 1)
            cursor -= 1
        }
    case .delete:
        if cursor < text.count { text.remove(at: cursor) }
    case .ctrl("u"):
        text.removeFirst(cursor)
        cursor = 0
    case .char(let c):
        guard text.count < 1000, SafeText.isSafe(String(c)) else { return true }
        text.insert(c, at: cursor)
        cursor += 1
    default:
        return false
    }
    return true
}

// MARK: - Filter

func handleFilterKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    switch key {
    case .escape:
        state.mode = .queue
        setFilter(&state, "")
    case .enter, .down, .up, .tab:
        state.mode = .queue
        if key == .down { moveCursor(&state, by: 1) }
        if key == .up { moveCursor(&state, by: -1) }
    default:
        var text = Array(state.filter)
        var cursor = text.count
        if key == .left || key == .right || key == .home || key == .end { return [] }
        editLine(&text, cursor: &cursor, key)
        setFilter(&state, String(text))
    }
    return []
}

func setFilter(_ state: inout ConsoleState, _ text: String) {
    guard text != state.filter else { return }
    let narrowing = !state.filter.isEmpty && text.lowercased().contains(state.filter.lowercased())
    state.filter = text
    if narrowing {
        // Typing on only narrows: filter the rows already in order, no re-sort.
        let visibility = Visibility(state)
        let kept = state.order.filter { visibility.shows(id: $0) }
        reorder(&state, kept, previousOrder: state.order, previousCursor: state.cursorID)
    } else {
        resort(&state, previousOrder: state.order, previousCursor: state.cursorID)
    }
}

/// Whether a request matches the tenant limit and the filter text.
///
/// The ID matches by prefix, every other searchable field by substring, case-insensitively.
public func matches(_ item: ReviewRequest, filter: String, tenants: Set<String>) -> Bool {
    if !tenants.isEmpty, !tenants.contains(item.tenantID ?? "") { return false }
    guard !filter.isEmpty else { return true }
    return SearchKey(item).matches(FilterNeedle(filter))
}

// MARK: - Polling

func startPoll(_ state: inout ConsoleState) -> [Effect] {
    state.pollInFlight = true
    state.pollStartedAt = state.now
    state.nextPollAt = nil
    return [.fetchPending]
}

/// Seconds until the next poll after `failures` consecutive failures: 1 s doubling to 15 s.
public func pollBackoff(failures: Int, interval: TimeInterval) -> TimeInterval {
    guard failures > 0 else { return interval }
    return min(15, max(interval, pow(2, Double(min(failures - 1, 4)))))
}

func applyPoll(_ state: inout ConsoleState, _ list: PendingList) -> [Effect] {
    let firstPoll = state.lastGoodPoll == nil
    let wasEmpty = state.items.isEmpty
    state.pollInFlight = false
    state.pollStartedAt = nil
    state.failedPolls = 0
    state.connection = .connected
    state.lastGoodPoll = state.now
    state.nextPollAt = state.now.addingTimeInterval(state.pollInterval)
    state.skippedItems = list.skipped
    state.lastListCount = list.items.count

    let oldOrder = state.order
    let oldCursor = state.cursorID
    var fresh: [String: ReviewRequest] = [:]
    fresh.reserveCapacity(list.items.count)
    for item in list.items where item.status == .pending && !state.resolved.contains(item.id) {
        fresh[item.id] = item
        if state.firstSeen[item.id] == nil {
            state.firstSeen[item.id] = firstPoll ? .distantPast : state.now
        }
    }
    // Forget what the engine no longer lists; marks on rows that left drop away silently.
    let listed = Set(list.items.map(\.id))
    state.resolved = state.resolved.intersection(listed)
    state.firstSeen = state.firstSeen.filter { fresh[$0.key] != nil }
    // A request with a decision on its way stays until the engine answers.
    for id in state.items.keys where fresh[id] == nil && state.pendingDecision(id) != nil {
        fresh[id] = state.items[id]
    }
    state.marks = state.marks.filter { fresh[$0] != nil }
    // Fold the searchable text of new and changed requests; unchanged ones keep theirs.
    for (id, item) in fresh where state.items[id] != item { state.searchKeys[id] = SearchKey(item) }
    for id in state.items.keys where fresh[id] == nil { state.searchKeys[id] = nil }
    state.items = fresh
    resort(&state, previousOrder: oldOrder, previousCursor: oldCursor)
    var effects = titleEffect(state)
    // Recovered decisions whose check failed are asked about again once the engine answers.
    effects += state.conflictRefetch.sorted().map { .fetchItem(id: $0) }
    state.conflictRefetch.removeAll()
    let unasked = state.recovering.keys.filter { !state.recoveryAsked.contains($0) }.sorted()
    state.recoveryAsked.formUnion(unasked)
    effects += unasked.map { .fetchItem(id: $0) }
    if state.bell, wasEmpty, !firstPoll, !fresh.isEmpty { effects.append(.bell) }
    return effects
}

func removeItems(_ state: inout ConsoleState, _ ids: [String]) {
    let oldOrder = state.order
    var removed = false
    for id in ids where state.items.removeValue(forKey: id) != nil {
        state.firstSeen[id] = nil
        state.marks.remove(id)
        state.searchKeys[id] = nil
        removed = true
    }
    guard removed else { return }
    // Removing keeps the others in order: no re-sort.
    let gone = Set(ids)
    reorder(&state, oldOrder.filter { !gone.contains($0) }, previousOrder: oldOrder, previousCursor: state.cursorID)
}

// MARK: - Order and cursor

/// Re-sorts and re-filters the table, keeping the cursor on the same request, or on its
/// neighbour if it left.
func resort(_ state: inout ConsoleState, previousOrder: [String], previousCursor: String?) {
    let visibility = Visibility(state)
    let visible = state.items.filter { visibility.shows($0.value) }
    reorder(&state, sortedIDs(visible, by: state.sort, reversed: state.sortReversed), previousOrder: previousOrder,
            previousCursor: previousCursor)
}

/// Installs a new display order and keeps the cursor on its request, or on its neighbour.
func reorder(_ state: inout ConsoleState, _ order: [String], previousOrder: [String], previousCursor: String?) {
    state.order = order
    guard !state.order.isEmpty else {
        state.cursorID = nil
        state.scrollTop = 0
        return
    }
    let shown = Set(state.order)
    if let id = previousCursor, shown.contains(id) {
        state.cursorID = id
    } else if let id = previousCursor, let oldIndex = previousOrder.firstIndex(of: id) {
        let after = previousOrder[(oldIndex + 1)...].first { shown.contains($0) }
        let before = previousOrder[..<oldIndex].last { shown.contains($0) }
        state.cursorID = after ?? before ?? state.order.first
    } else {
        state.cursorID = state.order.first
    }
    keepCursorVisible(&state)
}

/// Sorts IDs by the order's key; ties break by enqueued time, then ID, so rows never jump.
public func sortedIDs(_ items: [String: ReviewRequest], by sort: SortOrder, reversed: Bool = false) -> [String] {
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
    let sorted = items.values.sorted { reversed ? before($1, $0) : before($0, $1) }
    return sorted.map(\.id)
}

/// "confidence, lowest first" and the like.
func sortDescription(_ state: ConsoleState) -> String {
    let (name, normal, reverse) = switch state.sort {
    case .age: ("age", "oldest first", "newest first")
    case .confidence: ("confidence", "lowest first", "highest first")
    case .action: ("action", "A–Z", "Z–A")
    case .actor: ("actor", "A–Z", "Z–A")
    }
    return "\(name), \(state.sortReversed ? reverse : normal)"
}

func moveCursor(_ state: inout ConsoleState, by delta: Int) {
    guard !state.order.isEmpty else { return }
    moveCursor(&state, to: (state.cursorIndex ?? 0) + delta)
}

func moveCursor(_ state: inout ConsoleState, to index: Int) {
    guard !state.order.isEmpty else { return }
    state.cursorID = state.order[min(max(0, index), state.order.count - 1)]
    keepCursorVisible(&state)
}

/// Scrolls so the cursor's row is on screen.
func keepCursorVisible(_ state: inout ConsoleState) {
    let height = max(1, Layout(size: state.size, showDetail: state.showDetail).table.height)
    let maxTop = max(0, state.order.count - height)
    guard let index = state.cursorIndex else {
        state.scrollTop = min(state.scrollTop, maxTop)
        return
    }
    if index < state.scrollTop { state.scrollTop = index }
    if index >= state.scrollTop + height { state.scrollTop = index - height + 1 }
    state.scrollTop = min(max(0, state.scrollTop), maxTop)
}

func titleEffect(_ state: ConsoleState) -> [Effect] {
    [.setTitle("lelu: \(state.items.count) pending")]
}
