import Foundation

// MARK: - Recovery

// Decisions a previous session left unsent (`held` or `sending` as its last record): each is
// checked against the engine on start. Still pending and left recently → sent again at once;
// left longer ago than `staleAfter` → it waits for the reviewer's y/N (unless `--resend-held`),
// with what became of the others; resolved, expired or gone → recorded.

// MARK: - Restoring a session

extension ConsoleState {
    /// Loads this engine's recent history from journal records (the live file's) and queues the
    /// decisions a previous session left unsent (`sending` or `held`) to be checked against the
    /// engine on start. Set the pipeline's `resendHeld` and `staleAfter` first.
    mutating func restore(fromJournal records: [JournalEntry]) {
        let urls = engines.isMulti ? Set(engines.slots.map(\.url)) : [engineURL]
        let rows = JournalEntry.latest(records).filter { urls.contains($0.engine) }
        historyView.entries = DecisionHistory(rows.prefix(historyCap))
        historyView.more = true
        historyView.pageCursor = historyView.entries.last.map { HistoryCursor(time: $0.time, id: $0.id) }
        for entry in rows where entry.outcome == .sending || entry.outcome == .held {
            var pending = PendingDecision(recovering: entry, now: now)
            pending.id = rowKey(of: entry)
            if !pipeline.resendHeld, now.timeIntervalSince(entry.time) >= pipeline.staleAfter { pending.leftAt = entry.time }
            pipeline.recover(pending)
        }
    }
}

// MARK: - Opening the journal at start

extension ConsoleState {
    /// The journal at start: `entries` are the live file's records, restored now, or nil when a
    /// journal of an earlier version is taken over first (after the first frame); `problem` (a
    /// failed rotation) is said on the status line. The reviewer's record is read after the first frame.
    package mutating func openJournal(_ entries: [JournalEntry]?, problem: String? = nil) {
        record.status = .loading
        if let entries {
            restore(fromJournal: entries)
        } else {
            historyView.opening = true
            setStatus(&self, "taking over the decision journal of an earlier version (once)…", .info)
        }
        if let problem { sayProblem(problem) }
    }

    /// Says a problem found while starting (a broken theme, a failed rotation) on the status line.
    package mutating func sayProblem(_ text: String) {
        setStatus(&self, ScreenText(quoted: SafeText.line(text, limit: 300)), .error)
    }
}

/// Asks the engine about every decision the last session left unsent.
func checkRecovering(_ state: inout ConsoleState) -> [Effect] {
    guard !state.pipeline.recovering.isEmpty else { return [] }
    let n = state.pipeline.recovering.count
    setStatus(&state, "checking \(count: n) decision\(n == 1 ? "" : "s") left unsent by the last session…", .info)
    return state.pipeline.askAboutRecovering().map { .fetchItem(id: $0) }
}

/// The journal opened after the first frame: its history goes under what was decided since,
/// and its unsent decisions are checked (except those decided again meanwhile).
func journalOpened(_ state: inout ConsoleState, _ records: [JournalEntry]) -> [Effect] {
    state.historyView.opening = false
    let since = Array(state.historyView.entries)
    state.restore(fromJournal: records)
    for entry in since.reversed() {
        state.pipeline.dropRecovering(state.rowKey(of: entry))  // decided again since the start: that decision stands
        recordHistory(&state, entry)
    }
    if state.pipeline.recovering.isEmpty, state.status?.text.hasPrefix("taking over") == true { state.status = nil }
    return checkRecovering(&state) + loadOlderHistoryIfNear(&state)
}

// MARK: - Answers

/// A decision the last session left unsent: the engine says how it stands now.
func recovered(_ state: inout ConsoleState, _ pending: PendingDecision, _ item: ReviewRequest) -> [Effect] {
    let what = describe(nil, id: pending.id, action: pending.action, engine: state.engines.label(ofKey: pending.id))
    var effects: [Effect]
    switch state.pipeline.recovered(pending, status: item.status) {
    case .awaitingReviewer:
        effects = []
    case .resending:
        setStatus(&state, "resending \(pending.decision.rawValue) of \(what), left unsent by the last session", .info)
        effects = pump(&state)
    case .settled(let status):
        state.table.noteResolved(pending.id)
        removeItems(&state, [pending.id])
        if status == .expired {
            effects = [journal(&state, pending, .expired)]
            noteLongUnsent(&state, pending, "\(what) expired")
            setStatus(&state, "\(what) from the last session expired without a decision — not "
                + "\(pending.decision.pastTense)", .error)
        } else if status == pending.decision.resultingStatus, state.isOwnName(item.resolvedBy) {
            effects = [journal(&state, pending, .confirmed, detail: "confirmed after restart")]
            setStatus(&state, "\(pending.decision.pastTense) \(what) — it reached the engine before the restart", .success)
        } else {
            let who: ScreenText = item.resolvedBy.map { " by \(quoted: SafeText.line($0, limit: 60))" } ?? ""
            noteLongUnsent(&state, pending, "\(what) already \(status)\(who)")
            effects = finishConflict(&state, pending, status: status, by: item.resolvedBy)
        }
    }
    return effects
}

/// The engine could not say how a recovered decision stands.
func recoveryFetchFailed(_ state: inout ConsoleState, _ pending: PendingDecision, error: EngineError) -> [Effect] {
    if state.pipeline.recoveryLookupFailed(pending, error: error) {
        let what = describe(nil, id: pending.id, action: pending.action, engine: state.engines.label(ofKey: pending.id))
        noteLongUnsent(&state, pending, "\(what) gone")
        setStatus(&state, "\(what) from the last session is gone (engine restarted or item expired)", .error)
        return [journal(&state, pending, .gone)] + quitIfDone(&state)
    }
    // Kept, and asked about again after the next good poll.
    return []
}

// MARK: - Long-unsent decisions

/// Remembers what became of a long-unsent decision, for the question about the others.
func noteLongUnsent(_ state: inout ConsoleState, _ pending: PendingDecision, _ change: ScreenText) {
    guard pending.leftAt != nil else { return }
    state.pipeline.noteStale(change)
}

/// Once every recovered decision is checked, asks y/N about the long-unsent ones still pending.
///
/// Asked only while no other prompt has the keyboard; until then they wait (protected from a
/// second decision, not sent).
func offerLongUnsent(_ state: inout ConsoleState) {
    let waiting = state.pipeline.awaitingReviewer
    guard !waiting.isEmpty, state.pipeline.recovering.isEmpty, state.mode == .queue else { return }
    let oldest = waiting.compactMap(\.leftAt).min() ?? state.now
    let names = joined(waiting.prefix(3).map { "\($0.decision.rawValue) \(describe(nil, id: $0.id, action: $0.action, engine: state.engines.label(ofKey: $0.id)))" })
    let more: ScreenText = waiting.count > 3 ? ", +\(waiting.count - 3) more" : ""
    let changes = state.pipeline.staleChanges
    let changed: ScreenText = changes.isEmpty ? "" : "; since then: " + joined(Array(changes.prefix(3)))
        + (changes.count > 3 ? ", +\(changes.count - 3) more" : "")
    let count = waiting.count == 1 ? "1 decision" : "\(count: waiting.count) decisions"
    let prompt: ScreenText = "\(count) left unsent \(ageText(state.now.timeIntervalSince(oldest))) ago, still pending "
        + "(\(names)\(more))\(changed). Send now? \(state.keymap.yesNo)"
    state.mode = .confirm(Confirmation(
        decision: waiting[0].decision, ids: waiting.map(\.id), hidden: 0, note: "", resend: waiting, prompt: prompt))
    state.pipeline.clearLongUnsent()
}

/// Texts one after the other, separated by ", ".
func joined(_ texts: [ScreenText]) -> ScreenText {
    var out = ScreenText()
    for (i, text) in texts.enumerated() {
        if i > 0 { out.append(.own(", ")) }
        out.append(text)
    }
    return out
}

/// The answer to the long-unsent question: `y` sends them now; anything else records them
/// `undone` (never sent) and gives their rows back to the reviewer.
func answerLongUnsent(_ state: inout ConsoleState, _ resend: [PendingDecision], yes: Bool) -> [Effect] {
    let count = resend.count == 1 ? "1 decision" : "\(count: resend.count) decisions"
    if yes {
        state.pipeline.resend(resend)
        setStatus(&state, "sending \(count) left unsent by the last session", .info)
        return pump(&state)
    }
    let effects = resend.map { journal(&state, $0, .undone, detail: "left unsent by a crashed session; not sent") }
    setStatus(&state, "\(count) from the last session not sent — decide again if needed", .info)
    return effects
}

/// "12m", "3h", "2d": how long ago, roughly.
func ageText(_ seconds: TimeInterval) -> String {
    let s = max(0, Int(seconds))
    if s < 3600 { return "\(max(1, s / 60))m" }
    if s < 86_400 { return "\(s / 3600)h" }
    return "\(s / 86_400)d"
}
