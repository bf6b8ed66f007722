import Foundation

// MARK: - Checking rows with GET

// `GET /v1/queue/{id}` is the truth about one request on every engine. Rows in doubt (a read
// that should have listed them did not) are checked first; on the July engine every row is
// checked again once it is `recheckAfter` seconds old, since its Redis store lists resolved
// requests as pending for good; on its memory store a listing is a check, so only rows no
// answer listed for `unlistedRecheck` seconds are (`JulyStore.swift`). At most
// `maxChecksPerSecond` GETs a second, the longest unknown first.

/// Sends the checks that are due, within the budget (called on every tick and after every read).
func scheduleChecks(_ state: inout ConsoleState) -> [Effect] {
    guard state.sync.connection == .connected, !state.table.items.isEmpty else { return [] }
    let sync = state.sync
    let room = min(sync.maxChecksPerSecond, sync.maxChecksInFlight) - sync.checking.count
    guard room > 0 else { return [] }
    var due: [(String, Date)] = []
    for id in sync.doubt where !sync.checking.contains(id) {
        let last = sync.lastChecked[id] ?? .distantPast
        let retry = sync.checkFailed.contains(id) ? sync.doubtRetry : 0
        if state.now.timeIntervalSince(last) >= retry, state.pendingDecision(id) == nil { due.append((id, .distantPast)) }
    }
    if sync.listing == .capped {
        let after = sync.store == .memory ? sync.unlistedRecheck : sync.recheckAfter
        for (id, last) in sync.lastChecked where state.now.timeIntervalSince(last) >= after {
            guard state.table.items[id] != nil, !sync.checking.contains(id), !sync.doubt.contains(id),
                  state.pendingDecision(id) == nil
            else { continue }
            due.append((id, last))
        }
    }
    guard !due.isEmpty else { return [] }
    let granted = state.sync.takeChecks(min(due.count, room), now: state.now)
    guard granted > 0 else { return [] }
    // Doubt first, then the longest unchecked; ties by ID so runs repeat.
    let chosen = due.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(granted).map(\.0)
    state.sync.checking.formUnion(chosen)
    return chosen.map { .checkItem(id: $0) }
}

/// A check's answer: a pending row stays (refreshed); anything else leaves, saying why.
func itemChecked(_ state: inout ConsoleState, _ item: ReviewRequest) -> [Effect] {
    let id = item.id
    state.sync.checking.remove(id)
    if state.explained(id, answer: item, gone: false) { return [] }
    // A row that left while its check was out is forgotten, not checked again for ever.
    guard let row = state.table.items[id] else {
        state.sync.forget([id])
        return []
    }
    state.sync.checkFailed.remove(id)
    state.sync.doubt.remove(id)
    state.sync.lastChecked[id] = state.now
    guard state.pendingDecision(id) == nil else { return [] }
    if item.status == .pending {
        if row != item { mergeListing(&state, [item], complete: false, initial: false) }
        return []
    }
    state.table.noteResolved(id)
    removeItems(&state, [id])
    state.recordDeparture(row, answer: item)
    let what = describe(row, id: id)
    switch item.status {
    case .expired:
        setStatus(&state, "\(what) expired without a decision", .info)
    default:
        let by: ScreenText = item.resolvedBy.map { " by \(quoted: SafeText.line($0, limit: 60))" } ?? ""
        setStatus(&state, "resolved elsewhere: \(quoted: SafeText.line(item.status.description, limit: 20))\(by) — \(what)",
                  .info)
    }
    return titleEffect(state)
}

/// A failed check: a request the engine no longer has leaves; otherwise the row is marked and checked again.
func itemCheckFailed(_ state: inout ConsoleState, id: String, error: EngineError) -> [Effect] {
    state.sync.checking.remove(id)
    if state.feed.explaining[id] != nil {
        // A transient failure says nothing about why it left: asked again after doubt's delay.
        let retryAt = state.now.addingTimeInterval(state.sync.doubtRetry)
        if error.isTransient, state.feed.retryLookup(id, at: retryAt) { return [] }
        if case .notFound = error {
            _ = state.explained(id, answer: nil, gone: true)
        } else {
            _ = state.explained(id, answer: nil, gone: false)
        }
        return []
    }
    guard let row = state.table.items[id] else {
        state.sync.forget([id])
        return []
    }
    state.sync.lastChecked[id] = state.now
    guard state.pendingDecision(id) == nil else { return [] }
    if case .notFound = error {
        state.sync.doubt.remove(id)
        state.sync.checkFailed.remove(id)
        // A July Redis store keeps listing a request whose record aged out (24 h): known gone, not re-added.
        state.table.noteResolved(id)
        removeItems(&state, [id])
        state.feed.changes.append(.gone(row))
        setStatus(&state, "\(describe(row, id: id)) is gone from the engine (restarted, or the item expired)", .info)
        return titleEffect(state)
    }
    // Never dropped for a failed check: marked, and asked again in doubt's time.
    state.sync.checkFailed.insert(id)
    state.sync.doubt.insert(id)
    return []
}
