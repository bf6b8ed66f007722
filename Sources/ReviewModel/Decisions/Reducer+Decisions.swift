import Foundation

// MARK: - Deciding

/// Starts a decision on the marked rows (if any) or the selected one.
///
/// `note` nil decides at once; `""` opens the note editor first. Bulk decisions always ask
/// y/N (default No); single ones ask when the confirm policy says so.
func decide(_ state: inout ConsoleState, _ decision: Decision, note: String?) -> [Effect] {
    if selectionGuardHolds(&state) { return [] }
    // `require_note`: the decision key opens the note editor (one note for a bulk decision).
    let note = note ?? (state.requireNote.requires(decision) ? "" : nil)
    if let reason = reviewerKeyBlock(state) {
        setStatus(&state, "\(reason) — nothing sent", .error)
        return []
    }
    if !state.table.marks.isEmpty {
        let visible = state.table.order.filter { state.table.marks.contains($0) }
        let hidden = state.table.marks.subtracting(visible).sorted()
        let ids = (visible + hidden).filter { state.table.items[$0] != nil && state.pendingDecision($0) == nil }
        guard !ids.isEmpty else {
            state.status = StatusMessage("the marked requests already have decisions", kind: .info, at: state.now)
            return []
        }
        if note != nil {
            state.mode = .note(NoteEditor(decision: decision, requestIDs: ids))
            return []
        }
        return confirmOrHold(&state, decision, ids: ids, note: "", bulk: true)
    }
    guard let id = decidableCursor(&state) else { return [] }
    if note != nil {
        state.mode = .note(NoteEditor(decision: decision, requestIDs: [id]))
        return []
    }
    return confirmOrHold(&state, decision, ids: [id], note: "", bulk: false)
}

/// Why no decision can reach this engine with the settings the console has, or nil when one can.
///
/// An engine that checks reviewers refuses every decision without a valid `X-Lelu-Reviewer-Key`
/// (403); the key cannot change while the console runs, so sending would only fail.
func reviewerKeyBlock(_ state: ConsoleState) -> String? {
    guard state.engines.isMulti else { return reviewerKeyBlock(state.engineFacts) }
    // Several engines: the engines of the rows the key would decide.
    let keys = state.table.marks.isEmpty ? (state.table.cursorID.map { [$0] } ?? []) : Array(state.table.marks)
    for label in Set(keys.compactMap { state.engines.label(ofKey: $0) }).sorted() {
        if let facts = state.engines.slot(label)?.facts, let reason = reviewerKeyBlock(facts, fixes: .table(label)) {
            return "\(label): \(reason)"
        }
    }
    return nil
}

/// Why no decision can reach an engine with these facts, or nil when one can.
/// `fixes` says where the key is set: the flag and `LELU_REVIEWER_KEY` for one engine, the
/// engine's own `[engines.NAME]` table among several.
func reviewerKeyBlock(_ facts: EngineFacts, fixes: EngineError.Fixes = .oneEngine) -> String? {
    if facts.reviewerKeyRefused != nil {
        return "the engine rejected the reviewer key: check \(fixes.reviewerKey) and restart"
    }
    if facts.profile?.reviewerCredentials == true, !facts.hasReviewerKey {
        return "this engine needs a reviewer key to decide: start with \(fixes.reviewerKey)"
    }
    return nil
}

/// The selected request if it can be decided now; otherwise sets a status and returns nil.
func decidableCursor(_ state: inout ConsoleState) -> String? {
    guard let id = state.table.cursorID, state.table.items[id] != nil else {
        state.status = StatusMessage("nothing selected", kind: .info, at: state.now)
        return nil
    }
    if let pending = state.pendingDecision(id) {
        state.status = StatusMessage(
            "already \(pending.decision.progressive) \(describe(state.table.items[id], id: id))", kind: .info, at: state.now)
        return nil
    }
    return id
}

func confirmOrHold(_ state: inout ConsoleState, _ decision: Decision, ids: [String], note: String, bulk: Bool)
    -> [Effect]
{
    if bulk || state.confirmPolicy.asks(for: decision) {
        let shown = Set(state.table.order)
        state.mode = .confirm(Confirmation(
            decision: decision, ids: ids, hidden: ids.filter { !shown.contains($0) }.count, note: note))
        return []
    }
    return hold(&state, decision, ids: ids, note: note)
}

/// Holds decisions for the undo window (or sends them at once when the window is 0).
func hold(_ state: inout ConsoleState, _ decision: Decision, ids: [String], note: String) -> [Effect] {
    let batch = state.pipeline.newBatch()
    var effects: [Effect] = []
    var count = 0
    for id in ids {
        guard let item = state.table.items[id], state.pendingDecision(id) == nil else { continue }
        let pending = PendingDecision(
            id: id, decision: decision, note: note, due: state.now.addingTimeInterval(state.undoWindow),
            batch: batch, action: item.action, actor: item.actor, confidence: item.confidence)
        state.pipeline.hold(pending)
        effects.append(journal(&state, pending, .held))
        count += 1
    }
    guard count > 0 else { return effects }
    if count > 1 { state.pipeline.startReport(batch: batch, decision: decision, total: count) }
    state.table.unmark(ids)
    state.pipeline.showCountdown(batch: batch)
    effects += releaseDueDecisions(&state)
    if state.pipeline.held.contains(where: { $0.batch == batch }) {
        state.status = countdownStatus(state, batch: batch)
    } else {
        let what = count == 1 ? describe(state.table.items[ids[0]], id: ids[0]) : "\(count: count) requests"
        state.status = StatusMessage("\(decision.progressive) \(what)…", kind: .info, at: state.now)
    }
    return effects
}

/// "approved issue_refund (b7d2e0f4) — sending in 2s, u to undo".
func countdownStatus(_ state: ConsoleState, batch: Int) -> StatusMessage? {
    let members = state.pipeline.held.filter { $0.batch == batch }
    guard let first = members.first else { return nil }
    let seconds = max(0, Int(first.due.timeIntervalSince(state.now).rounded(.up)))
    let what = members.count == 1 ? describe(state.table.items[first.id], id: first.id) : "\(count: members.count) requests"
    let undo = state.keymap.name(.undo).map { ", \($0) to undo" } ?? ""
    return StatusMessage("\(first.decision.pastTense) \(what) — sending in \(seconds)s\(undo)", kind: .info,
                         at: state.now)
}

// MARK: - Undo

/// Takes back the most recent decision (or bulk decision) still in the undo window.
func undo(_ state: inout ConsoleState) -> [Effect] {
    let taken = state.pipeline.takeBackLast()
    guard let last = taken.last else {
        state.status = StatusMessage(
            "nothing to undo — decisions already sent cannot be taken back (the engine has no undo)",
            kind: .info, at: state.now)
        return []
    }
    var effects: [Effect] = []
    for pending in taken { effects.append(journal(&state, pending, .undone)) }
    let what = taken.count == 1 ? describe(state.table.items[last.id], id: last.id) : "\(count: taken.count) requests"
    state.status = StatusMessage(
        "took back \(last.decision.rawValue) of \(what) — nothing sent", kind: .success, at: state.now)
    if state.quitting, state.unsentCount == 0 { return effects + [.quit] }
    return effects
}

// MARK: - Sending

/// Moves decisions whose undo window has closed, or whose retry is due, to the outbox and
/// sends what fits.
func releaseDueDecisions(_ state: inout ConsoleState) -> [Effect] {
    state.pipeline.releaseDue(now: state.now)
    if let batch = state.pipeline.countdownBatch, state.pipeline.held.contains(where: { $0.batch == batch }) {
        state.status = countdownStatus(state, batch: batch)
    }
    return pump(&state)
}

/// Sends queued decisions while fewer than `maxInFlight` are out.
func pump(_ state: inout ConsoleState) -> [Effect] {
    var effects: [Effect] = []
    for pending in state.pipeline.nextToSend(maxInFlight: state.pipeline.maxInFlight) {
        effects.append(journal(&state, pending, .sending))
        effects.append(.submit(id: pending.id, decision: pending.decision, note: pending.note))
    }
    return effects
}

/// Records the engine's answer to a decision: the pipeline says what became of it
/// (``DecisionPipeline/answer(_:error:now:engine:)``); this says so, journals it and takes the row out.
func decisionAnswered(
    _ state: inout ConsoleState, id: String, error: EngineError?, receipt: ResolveReceipt = ResolveReceipt()
) -> [Effect] {
    guard let outcome = state.pipeline.answer(id, error: error, now: state.now, engine: state.engineLabel, fixes: state.lentFixes) else { return [] }
    var effects: [Effect] = []
    let pending = outcome.decision
    let what = describe(state.table.items[id], id: id, action: pending.action)
    state.recordAnswer(id, pending.decision, error: error, by: receipt.resolvedBy ?? state.reviewer)
    switch outcome {
    case .confirmed:
        if receipt.reviewerAuthenticated == true, let name = receipt.resolvedBy { state.engineFacts.credentialName = name }
        effects.append(journal(&state, pending, .confirmed, resolvedBy: receipt.resolvedBy,
                               authenticated: receipt.reviewerAuthenticated))
        state.table.noteResolved(id)
        removeItems(&state, [id])
        // The engine's total dropped with this decision; the next page would say so a poll later.
        if state.sync.listing == .paged, let total = state.sync.total { state.sync.total = max(0, total - 1) }
        // Batch 0 is a decision the last session left unsent: say so, it was sent without a keystroke.
        let recovered = pending.batch == 0 ? ", left unsent by the last session" : ""
        report(&state, pending, .confirmed)
            ?? setStatus(&state, "\(pending.decision.pastTense) \(what)\(receipt.screenText)\(recovered)", .success)
    case .conflict:
        // The pipeline keeps it until the engine says who resolved the request first.
        state.table.noteResolved(id)
        removeItems(&state, [id])
        effects.append(.fetchItem(id: id))
    case .gone:
        effects.append(journal(&state, pending, .gone))
        removeItems(&state, [id])
        report(&state, pending, .gone)
            ?? setStatus(&state, "\(what) is gone (engine restarted or item expired)", .error)
    case .expired:
        effects.append(journal(&state, pending, .expired))
        state.table.noteResolved(id)
        removeItems(&state, [id])
        report(&state, pending, .expired)
            ?? setStatus(&state, "\(what) expired without a decision — not \(pending.decision.pastTense)", .error)
    case .retrying(_, let delay):
        setStatus(&state, "\(pending.decision.rawValue) of \(what) did not get through — retrying in "
            + "\(Int(delay.rounded(.up)))s (\(pending.lastError ?? ""))", .error)
        state.status?.clearsWhenConnected = true
    case .failed(_, let error):
        // Final answers: never retried. A refused reviewer key stops further decisions until restart.
        if case .reviewerKeyRequired = error { state.engineFacts.reviewerKeyRefused = error }
        let reason = error.screenMessage(engine: state.engineLabel, fixes: state.lentFixes)
            + (pending.attempts > 0 ? " (after \(pending.attempts + 1) attempts)" : "")
        effects.append(journal(&state, pending, .failed, detail: reason.description))
        report(&state, pending, .failed)
            ?? setStatus(&state, "not \(pending.decision.pastTense): \(what) — \(reason)", .error)
    }
    return effects + pump(&state) + titleEffect(state) + quitIfDone(&state)
}

/// Records a conflict once the engine has said who resolved the request first.
///
/// When the engine has our own decision by our own name, a retry found its earlier attempt
/// had landed: that is a confirmation, not a conflict.
func finishConflict(_ state: inout ConsoleState, _ pending: PendingDecision, status: ReviewStatus?, by: String?)
    -> [Effect]
{
    let final = status ?? pending.conflictStatus ?? .other("resolved")
    if final == pending.decision.resultingStatus, state.isOwnName(by) {
        let effect = journal(&state, pending, .confirmed, detail: "confirmed on retry")
        report(&state, pending, .confirmed)
            ?? setStatus(&state, "\(pending.decision.pastTense) \(describe(nil, id: pending.id, action: pending.action, engine: state.engines.label(ofKey: pending.id)))",
                         .success)
        return [effect]
    }
    let effect = journal(&state, pending, .conflict, detail: final.description, resolvedBy: by)
    let who: ScreenText = by.map { " by \(quoted: SafeText.line($0, limit: 60))" } ?? ""
    let what = describe(nil, id: pending.id, action: pending.action, engine: state.engines.label(ofKey: pending.id))
    if report(&state, pending, .conflict("\(final)\(who.description)")) == nil {
        if final == pending.decision.resultingStatus {
            setStatus(&state, "\(what) was already \(final)\(who)", .info)
        } else {
            setStatus(&state, "\(what) was already \(final)\(who) — not \(pending.decision.pastTense)", .error)
        }
    }
    return [effect]
}

/// Counts an answer towards its batch (``DecisionPipeline/tally(_:_:)``) and says where the
/// batch stands; returns nil when the decision was not part of one.
@discardableResult
func report(_ state: inout ConsoleState, _ pending: PendingDecision, _ answer: BatchAnswer) -> Void? {
    switch state.pipeline.tally(pending, answer) {
    case nil:
        return nil
    case .complete(let batch)?:
        var parts = ["\(count: batch.confirmed) \(batch.decision.pastTense)"]
        var counts: [String: Int] = [:]
        for conflict in batch.conflicts { counts[conflict, default: 0] += 1 }
        for (conflict, n) in counts.sorted(by: { $0.key < $1.key }) { parts.append("\(count: n) already \(conflict)") }
        if batch.gone > 0 { parts.append("\(count: batch.gone) gone") }
        if batch.expired > 0 { parts.append("\(count: batch.expired) expired") }
        if batch.failed > 0 { parts.append("\(count: batch.failed) failed") }
        let clean = batch.confirmed == batch.total
        setStatus(&state, ScreenText(parts.joined(separator: ", ")), clean ? .success : .error)
    case .waiting(let batch)?:
        setStatus(&state, "\(batch.decision.progressive) \(count: batch.total) requests: \(count: batch.answered) answered…", .info)
    }
    return ()
}

func setStatus(_ state: inout ConsoleState, _ text: ScreenText, _ kind: StatusMessage.Kind) {
    state.status = StatusMessage(text, kind: kind, at: state.now)
}

// MARK: - Quitting

/// `q`: quit, or first send what is held and quit when everything is answered.
func requestQuit(_ state: inout ConsoleState) -> [Effect] {
    if state.quitting || state.unsentCount == 0 {
        state.quitting = true
        return [.quit]
    }
    state.quitting = true
    state.pipeline.releaseAllHeld()
    let n = state.unsentCount
    let again = state.keymap.name(.quit).map { "\($0) again quits now " } ?? ""
    setStatus(&state, "sending \(count: n) decision\(n == 1 ? "" : "s") before quitting — \(again)"
        + "(unsent ones stay in the journal)", .info)
    return pump(&state) + quitIfDone(&state)
}

func quitIfDone(_ state: inout ConsoleState) -> [Effect] {
    state.quitting && state.unsentCount == 0 && state.pipeline.conflicts.isEmpty ? [.quit] : []
}

// MARK: - Journal

/// A journal record for a decision's new outcome; also updates the in-memory history.
func journal(_ state: inout ConsoleState, _ p: PendingDecision, _ outcome: JournalOutcome, detail: String? = nil,
             resolvedBy: String? = nil, authenticated: Bool? = nil) -> Effect {
    // With several engines the record names the engine's label and its own ID, not the row key.
    let engine = state.engineOf(key: p.id)
    let entry = JournalEntry(
        time: state.now, engine: engine.url, id: RowKey.requestID(of: p.id, engine: engine.label), action: p.action,
        actor: p.actor, confidence: p.confidence, decision: p.decision, note: p.note, reviewer: engine.reviewer,
        outcome: outcome, detail: detail, resolvedBy: resolvedBy, reviewerAuthenticated: authenticated,
        label: engine.label.isEmpty ? nil : engine.label)
    recordHistory(&state, entry)
    if ReviewerRecord.counts(entry, engine: engine.url, reviewer: engine.reviewer) { state.record.note(entry) }
    return .journal(entry)
}

/// "issue_refund (b7d2e0f4)": how messages name a request; with several engines "issue_refund
/// (eu b7d2e0f4)". The engine is the row's, or `engine` (the label of a row key whose row has left).
func describe(_ item: ReviewRequest?, id: String, action: String? = nil, engine: String? = nil) -> ScreenText {
    let label = item?.engine ?? engine ?? ""
    let short = SafeText.line(String(RowKey.requestID(of: id, engine: label).prefix(8)), limit: 8)
    let name = item?.action ?? action ?? ""
    if !label.isEmpty { return "\(quoted: SafeText.line(name, limit: 40)) (\(label) \(quoted: short))" }
    guard !name.isEmpty else { return ScreenText(quoted: short) }
    return "\(quoted: SafeText.line(name, limit: 40)) (\(quoted: short))"
}
