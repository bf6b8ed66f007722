import Foundation

// MARK: - Reducer

/// The console's one reducer: applies an event to the state and returns the work to do.
///
/// Keys go to the focused screen (`Screens/`); answers from the engine go to the poll
/// (`Polling.swift`) or the decision pipeline (`Reducer+Decisions.swift`).
package func reduce(_ state: inout ConsoleState, _ event: Event) -> [Effect] {
    var effects: [Effect]
    switch event {
    case .key, .mouse:
        // A selection the reviewer moved (or navigated on) is one they have seen: the guard is off.
        let before = selectionSeen(state)
        effects = route(&state, event)
        if selectionSeen(state) != before || isNavigation(state, event) { state.table.releaseSelectionGuard() }
    case .resized, .started, .terminate:
        effects = route(&state, event)
    case .focusChanged(let focused):
        effects = focusChanged(&state, focused: focused)
    default:
        // The engine moved the selection (its row left, rows arrived above it): decision keys wait.
        let before = selectionSeen(state)
        effects = route(&state, event)
        guardSelection(&state, before: before)
    }
    return effects + handOutChanges(&state, tick: event.isTick)
}

/// What the event changed in the queue: lookups of unexplained departures, notifications, the `watch` feed.
func handOutChanges(_ state: inout ConsoleState, tick: Bool) -> [Effect] {
    if tick, !state.feed.explaining.isEmpty { state.feed.sendDueLookups(now: state.now) }
    var effects: [Effect] = state.feed.lookups.map { .checkItem(id: $0) }
    state.feed.lookups.removeAll()
    let changes = state.feed.take()
    effects += changes.isEmpty ? (tick ? notifyIfDue(&state) : []) : noteArrivals(&state, changes)
    if state.feed.reports, !changes.isEmpty { effects.append(.report(changes)) }
    return effects
}

extension Event {
    /// Whether this is time passing.
    var isTick: Bool {
        if case .tick = self { return true }
        return false
    }
}

/// Sends an event to the code that handles it.
func route(_ state: inout ConsoleState, _ event: Event) -> [Effect] {
    switch event {
    case .started(let now):
        state.now = now
        return start(&state)
    case .tick(let now):
        state.now = now
        return tick(&state)
    case .resized(let size):
        state.size = size
        state.table.keepCursorVisible(rows: state.tableRows)
        return []
    case .key(let key):
        return handleKey(&state, key)
    case .mouse(let input):
        return handleMouse(&state, input)
    case .pollSucceeded, .pollFailed, .pageSucceeded, .pageFailed, .itemChecked, .itemCheckFailed:
        return routeRead(&state, event)
    case .decisionSucceeded(let id, _, let receipt, let at):
        state.now = at
        return decisionAnswered(&state, id: id, error: nil, receipt: receipt)
    case .decisionFailed(let id, _, let error, let at):
        state.now = at
        return decisionAnswered(&state, id: id, error: error)
    case .engineProbed(let profile):
        state.engineFacts.probing = false
        // Probes that got no answer are asked again after the next good poll.
        state.engineFacts.profile = profile.api == .unknown ? nil : profile
        return []
    case .itemFetched(let item, let at):
        state.now = at
        return itemFetched(&state, item)
    case .itemFetchFailed(let id, let error, let at):
        state.now = at
        return itemFetchFailed(&state, id: id, error: error)
    case .journalFailed(let reason, let at):
        state.now = at
        setStatus(&state, "journal not written: \(reason)", .error)
        return []
    case .historyLoaded(let page):
        historyLoaded(&state, page)
        return []
    case .journalOpened(let records):
        return journalOpened(&state, records)
    case .recordLoaded(let entries):
        let engines = state.engines.isMulti ? state.engines.slots.map { ($0.url, $0.reviewer) } : [(state.engineURL, state.reviewer)]
        state.record.load(entries.filter { entry in engines.contains { ReviewerRecord.counts(entry, engine: $0.0, reviewer: $0.1) } })
        return []
    case .engine(let label, let answer):
        return routeToEngine(&state, label, answer)
    case .focusChanged(let focused):
        return focusChanged(&state, focused: focused)
    case .terminate:
        state.quitting = true
        return [.quit]
    }
}

/// Time passed: held decisions that are due go out, and each engine polls, reads and checks what is due.
func tick(_ state: inout ConsoleState) -> [Effect] {
    offerLongUnsent(&state)
    let effects = releaseDueDecisions(&state)
    return effects + forEachEngine(&state) { state in
        var effects: [Effect] = []
        if let due = state.sync.nextPollAt, state.now >= due, !state.sync.pollInFlight { effects += startPoll(&state) }
        return effects + sweepIfDue(&state) + scheduleChecks(&state)
    }
}

/// Sends an answer to a read of the queue (a poll, a page, a row's check) to the code that keeps the table.
func routeRead(_ state: inout ConsoleState, _ event: Event) -> [Effect] {
    switch event {
    case .pollSucceeded(let list, let at):
        state.now = at
        return applyPoll(&state, list) + probeIfUnknown(&state)
    case .pollFailed(let error, let at):
        state.now = at
        pollFailed(&state, error)
        return []
    case .pageSucceeded(let list, let page, let at):
        state.now = at
        return applyPage(&state, list, page) + probeIfUnknown(&state)
    case .pageFailed(let error, let page, let at):
        state.now = at
        if page.purpose == .sweep { sweepPageFailed(&state) } else { pollFailed(&state, error) }
        return []
    case .itemChecked(let item, let at):
        state.now = at
        return itemChecked(&state, item)
    case .itemCheckFailed(let id, let error, let at):
        state.now = at
        return itemCheckFailed(&state, id: id, error: error)
    default:
        return []
    }
}

// MARK: - Starting

/// The first poll and probe, and a check of every decision the last session left unsent.
func start(_ state: inout ConsoleState) -> [Effect] {
    let effects = forEachEngine(&state) { state in
        state.engineFacts.probing = true
        return [Effect.probeEngine] + startPoll(&state)
    }
    // The reviewer's record is read after the history's first page: the queue shows first.
    let record: [Effect] = state.record.status != .loading ? []
        : [.loadRecord(engine: state.engines.isMulti ? "" : state.engineURL, reviewer: state.reviewer,
                       since: state.now.addingTimeInterval(-ReviewerRecord.window))]
    if state.historyView.opening { return effects + [.openJournal] + record }
    return effects + checkRecovering(&state) + loadOlderHistoryIfNear(&state) + record
}

/// Asks which engine this is again when the last probe got no answer and none is out.
func probeIfUnknown(_ state: inout ConsoleState) -> [Effect] {
    guard state.engineFacts.profile == nil, !state.engineFacts.probing else { return [] }
    state.engineFacts.probing = true
    return [.probeEngine]
}

// MARK: - Mouse

/// A click selects the clicked row; the wheel moves three rows (or the history's selection).
func handleMouse(_ state: inout ConsoleState, _ input: MouseInput) -> [Effect] {
    guard state.mode == .queue else { return [] }
    switch input {
    case .wheelUp:
        if state.view == .history { return performInHistory(&state, .moveUp) }
        state.table.moveCursor(by: -3, rows: state.tableRows)
    case .wheelDown:
        if state.view == .history { return performInHistory(&state, .moveDown) }
        state.table.moveCursor(by: 3, rows: state.tableRows)
    case .click(let x, let y):
        let table = Layout(size: state.size, showDetail: state.showDetail).table
        guard state.view == .queue, x >= table.x, x < table.x + table.width,
              y >= table.y, y < table.y + table.height
        else { return [] }
        let index = state.table.scrollTop + (y - table.y)
        state.table.select(row: index)
    }
    return []
}

// MARK: - Item lookups

/// A failed `GET /v1/queue/{id}`: a recovery asks again later, a conflict's winner is asked
/// again while the failure is transient, the history says why it cannot show the item.
func itemFetchFailed(_ state: inout ConsoleState, id: String, error: EngineError) -> [Effect] {
    if let pending = state.pipeline.recovering[id] {
        let effects = recoveryFetchFailed(&state, pending, error: error)
        offerLongUnsent(&state)
        return effects
    }
    switch state.pipeline.conflictLookupFailed(id, error: error) {
    case .askAgain?: return []
    case .gaveUp(let pending)?: return finishConflict(&state, pending, status: nil, by: nil) + quitIfDone(&state)
    case nil: break
    }
    if state.view == .history, currentHistoryID(state) == id {
        setStatus(&state, error.screenMessage(engine: state.engineLabel, fixes: state.lentFixes), .error)
        state.status?.clearsWhenConnected = error.isTransient
    }
    return []
}

// MARK: - Keys

/// Routes a key to the focused screen.
func handleKey(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    state.focusedScreen.handle(&state, key)
}

func itemFetched(_ state: inout ConsoleState, _ item: ReviewRequest) -> [Effect] {
    if let pending = state.pipeline.takeRecovering(item.id) {
        let effects = recovered(&state, pending, item)
        offerLongUnsent(&state)
        return effects + quitIfDone(&state)
    }
    if let pending = state.pipeline.takeConflict(item.id) {
        return finishConflict(&state, pending, status: item.status, by: item.resolvedBy) + quitIfDone(&state)
    }
    if currentHistoryID(state) == item.id { state.historyView.item = item }
    return []
}
