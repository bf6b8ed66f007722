import Foundation

// MARK: - Reducer

/// The console's one reducer: applies an event to the state and returns the work to do.
///
/// The focused screen (note editor, help) sees a key first; the queue handles the rest.
public func reduce(_ state: inout ConsoleState, _ event: Event) -> [Effect] {
    switch event {
    case .started(let now):
        state.now = now
        return startPoll(&state)

    case .tick(let now):
        state.now = now
        if let due = state.nextPollAt, now >= due, !state.pollInFlight {
            return startPoll(&state)
        }
        return []

    case .resized(let size):
        state.size = size
        keepCursorVisible(&state)
        return []

    case .key(let key):
        return handleKey(&state, key)

    case .pollSucceeded(let list, let at):
        state.now = at
        return applyPoll(&state, list)

    case .pollFailed(let error, let at):
        state.now = at
        state.pollInFlight = false
        state.failedPolls += 1
        switch error {
        case .unauthorized: state.connection = .unauthorized
        case .misconfigured: state.connection = .misconfigured
        default: state.connection = .reconnecting(reason: error.message(engine: state.engineLabel))
        }
        state.nextPollAt = at.addingTimeInterval(pollBackoff(failures: state.failedPolls, interval: state.pollInterval))
        return []

    case .decisionSucceeded(let id, let decision, let at):
        state.now = at
        state.inFlight[id] = nil
        let what = describe(state.items[id], id: id)
        state.resolved.insert(id)
        removeItems(&state, [id])
        state.status = StatusMessage("\(decision.pastTense) \(what)", kind: .success, at: at)
        return titleEffect(state)

    case .decisionFailed(let id, let decision, let error, let at):
        state.now = at
        state.inFlight[id] = nil
        let what = describe(state.items[id], id: id)
        switch error {
        case .alreadyResolved(_, let status):
            state.resolved.insert(id)
            removeItems(&state, [id])
            let same = status == decision.resultingStatus
            state.status = StatusMessage(
                "\(what) was already \(status) elsewhere" + (same ? "" : " — not \(decision.pastTense)"),
                kind: same ? .info : .error, at: at)
        case .notFound:
            removeItems(&state, [id])
            state.status = StatusMessage("\(what) is gone (engine restarted or item expired)", kind: .error, at: at)
        default:
            state.status = StatusMessage(
                "not \(decision.pastTense): \(what) — \(error.message(engine: state.engineLabel))", kind: .error, at: at)
        }
        return titleEffect(state)

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
    case .help:
        if state.keymap.action(for: key) == .quit || key == .escape || state.keymap.action(for: key) == .help
            || key == .enter {
            state.mode = .queue
        }
        return []
    case .queue:
        if key == .escape {
            state.status = nil
            return []
        }
        guard let action = state.keymap.action(for: key) else { return [] }
        return perform(&state, action)
    }
}

/// Runs one action from the table on the queue screen.
func perform(_ state: inout ConsoleState, _ action: Action) -> [Effect] {
    switch action {
    case .moveDown: moveCursor(&state, by: 1)
    case .moveUp: moveCursor(&state, by: -1)
    case .pageDown: moveCursor(&state, by: max(1, Layout(size: state.size, showDetail: state.showDetail).table.height - 1))
    case .pageUp: moveCursor(&state, by: -max(1, Layout(size: state.size, showDetail: state.showDetail).table.height - 1))
    case .first: moveCursor(&state, to: 0)
    case .last: moveCursor(&state, to: state.order.count - 1)
    case .toggleDetail:
        state.showDetail.toggle()
        keepCursorVisible(&state)
    case .approve: return decide(&state, .approve, note: "")
    case .deny: return decide(&state, .deny, note: "")
    case .approveWithNote, .denyWithNote:
        guard let id = decidableCursor(&state) else { return [] }
        state.mode = .note(NoteEditor(decision: action == .approveWithNote ? .approve : .deny, requestID: id))
    case .refresh:
        if state.pollInFlight {
            state.status = StatusMessage("a poll is already under way", kind: .info, at: state.now)
            return []
        }
        return startPoll(&state)
    case .help: state.mode = .help
    case .quit:
        state.quitting = true
        return [.quit]
    }
    return []
}

func handleEditorKey(_ state: inout ConsoleState, _ editor: inout NoteEditor, _ key: Key) -> [Effect] {
    switch key {
    case .escape:
        state.mode = .queue
        state.status = StatusMessage("note cancelled — nothing sent", kind: .info, at: state.now)
        return []
    case .enter:
        state.mode = .queue
        guard state.items[editor.requestID] != nil else {
            state.status = StatusMessage("that request left the queue — nothing sent", kind: .error, at: state.now)
            return []
        }
        state.cursorID = editor.requestID
        return decide(&state, editor.decision, note: String(editor.text))
    case .left: editor.cursor = max(0, editor.cursor - 1)
    case .right: editor.cursor = min(editor.text.count, editor.cursor + 1)
    case .home, .ctrl("a"): editor.cursor = 0
    case .end, .ctrl("e"): editor.cursor = editor.text.count
    case .backspace:
        if editor.cursor > 0 {
            editor.text.remove(at: editor.cursor - 1)
            editor.cursor -= 1
        }
    case .delete:
        if editor.cursor < editor.text.count { editor.text.remove(at: editor.cursor) }
    case .ctrl("u"):
        editor.text.removeFirst(editor.cursor)
        editor.cursor = 0
    case .char(let c):
        guard editor.text.count < 1000, SafeText.isSafe(String(c)) else { return [] }
        editor.text.insert(c, at: editor.cursor)
        editor.cursor += 1
    default:
        return []
    }
    state.mode = .note(editor)
    return []
}

// MARK: - Decisions

/// The selected request if it can be decided now; otherwise sets a status and returns nil.
func decidableCursor(_ state: inout ConsoleState) -> String? {
    guard let id = state.cursorID, state.items[id] != nil else {
        state.status = StatusMessage("nothing selected", kind: .info, at: state.now)
        return nil
    }
    if let pending = state.inFlight[id] {
        state.status = StatusMessage("already \(pending.progressive) \(describe(state.items[id], id: id))", kind: .info,
                                     at: state.now)
        return nil
    }
    return id
}

func decide(_ state: inout ConsoleState, _ decision: Decision, note: String) -> [Effect] {
    guard let id = decidableCursor(&state) else { return [] }
    state.inFlight[id] = decision
    state.status = StatusMessage("\(decision.progressive) \(describe(state.items[id], id: id))…", kind: .info,
                                 at: state.now)
    return [.submit(id: id, decision: decision, note: note)]
}

/// "issue_refund (b7d2e0f4)": how messages name a request.
func describe(_ item: ReviewRequest?, id: String) -> String {
    let short = SafeText.line(String(id.prefix(8)), limit: 8)
    guard let item, !item.action.isEmpty else { return short }
    return "\(SafeText.line(item.action, limit: 40)) (\(short))"
}

// MARK: - Polling

func startPoll(_ state: inout ConsoleState) -> [Effect] {
    state.pollInFlight = true
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
    state.pollInFlight = false
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
    // Forget what the engine no longer lists.
    let listed = Set(list.items.map(\.id))
    state.resolved = state.resolved.intersection(listed)
    state.firstSeen = state.firstSeen.filter { fresh[$0.key] != nil }
    state.inFlight = state.inFlight.filter { fresh[$0.key] != nil || state.items[$0.key] != nil }
    // An item with a decision in flight stays until the engine answers.
    for id in state.inFlight.keys where fresh[id] == nil {
        fresh[id] = state.items[id]
    }
    state.items = fresh
    resort(&state, previousOrder: oldOrder, previousCursor: oldCursor)
    return titleEffect(state)
}

func removeItems(_ state: inout ConsoleState, _ ids: [String]) {
    let oldOrder = state.order
    for id in ids {
        state.items[id] = nil
        state.firstSeen[id] = nil
    }
    resort(&state, previousOrder: oldOrder, previousCursor: state.cursorID)
}

// MARK: - Order and cursor

/// Re-sorts the table and keeps the cursor on the same request, or on its neighbour if it left.
func resort(_ state: inout ConsoleState, previousOrder: [String], previousCursor: String?) {
    state.order = sortedIDs(state.items, by: state.sort)
    guard !state.order.isEmpty else {
        state.cursorID = nil
        state.scrollTop = 0
        return
    }
    if let id = previousCursor, state.items[id] != nil {
        state.cursorID = id
    } else if let id = previousCursor, let oldIndex = previousOrder.firstIndex(of: id) {
        let after = previousOrder[(oldIndex + 1)...].first { state.items[$0] != nil }
        let before = previousOrder[..<oldIndex].last { state.items[$0] != nil }
        state.cursorID = after ?? before ?? state.order.first
    } else {
        state.cursorID = state.order.first
    }
    keepCursorVisible(&state)
}

/// Sorts IDs by the order's key; ties break by enqueued time, then ID, so rows never jump.
public func sortedIDs(_ items: [String: ReviewRequest], by sort: SortOrder) -> [String] {
    let all = Array(items.values)
    func tie(_ a: ReviewRequest, _ b: ReviewRequest) -> Bool {
        let ta = a.enqueuedAt ?? .distantFuture
        let tb = b.enqueuedAt ?? .distantFuture
        if ta != tb { return ta < tb }
        return a.id < b.id
    }
    let sorted: [ReviewRequest]
    switch sort {
    case .age:
        sorted = all.sorted(by: tie)
    case .confidence:
        sorted = all.sorted { $0.confidence != $1.confidence ? $0.confidence < $1.confidence : tie($0, $1) }
    case .action:
        sorted = all.sorted { $0.action != $1.action ? $0.action < $1.action : tie($0, $1) }
    case .actor:
        sorted = all.sorted { $0.actor != $1.actor ? $0.actor < $1.actor : tie($0, $1) }
    }
    return sorted.map(\.id)
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
