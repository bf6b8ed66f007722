import Foundation
import Testing
import TestSupport

@testable import ReviewModel

// MARK: - The decision pipeline on its own

@Suite("Decision pipeline")
struct DecisionPipelineTests {
    /// A decision due at `due` seconds after the test clock, in `batch`.
    func decision(_ id: String, due: TimeInterval = 3, batch: Int = 1) -> PendingDecision {
        PendingDecision(id: id, decision: .approve, note: "", due: testNow.addingTimeInterval(due), batch: batch,
                        action: "issue_refund", actor: "bot", confidence: 0.8)
    }

    @Test("held → outbox when the undo window closes → in flight, never more than the limit")
    func heldToFlight() {
        var pipeline = DecisionPipeline()
        for held in [decision("a", due: 1), decision("b", due: 3), decision("c", due: 1, batch: 2)] { pipeline.hold(held) }
        pipeline.releaseDue(now: testNow.addingTimeInterval(2))
        #expect(pipeline.held.map(\.id) == ["b"])
        #expect(pipeline.outbox.map(\.id) == ["a", "c"])
        #expect(pipeline.nextToSend(maxInFlight: 1).map(\.id) == ["a"])
        #expect(pipeline.nextToSend(maxInFlight: 1).isEmpty, "one is out: the limit holds")
        #expect(Set(pipeline.inFlight.keys) == ["a"] && pipeline.outbox.map(\.id) == ["c"])
        #expect(pipeline.unsentCount == 3)
        #expect(pipeline.pendingDecision("b")?.id == "b" && pipeline.pendingDecision("z") == nil)
    }

    @Test("undo takes back the most recent held batch whole, and only while it is held")
    func takeBack() {
        var pipeline = DecisionPipeline()
        let first = pipeline.newBatch()
        let second = pipeline.newBatch()
        #expect(second == first + 1)
        for held in [decision("a", batch: first), decision("b", batch: second), decision("c", batch: second)] {
            pipeline.hold(held)
        }
        pipeline.startReport(batch: second, decision: .approve, total: 2)
        pipeline.showCountdown(batch: second)
        #expect(pipeline.takeBackLast().map(\.id) == ["b", "c"])
        #expect(pipeline.held.map(\.id) == ["a"] && pipeline.batches[second] == nil && pipeline.countdownBatch == first)
        pipeline.releaseAllHeld()
        #expect(pipeline.takeBackLast().isEmpty, "what left the undo window cannot be taken back")
        #expect(pipeline.outbox.map(\.id) == ["a"] && pipeline.countdownBatch == nil)
    }

    @Test("a retry waits for its time, then goes back to the outbox")
    func retries() {
        var pipeline = DecisionPipeline()
        pipeline.retry(decision("a"), at: testNow.addingTimeInterval(4))
        pipeline.releaseDue(now: testNow.addingTimeInterval(3))
        #expect(pipeline.retrying.map(\.id) == ["a"] && pipeline.outbox.isEmpty)
        pipeline.releaseDue(now: testNow.addingTimeInterval(4))
        #expect(pipeline.retrying.isEmpty && pipeline.outbox.map(\.id) == ["a"])
        #expect(pipeline.outbox.first?.retryAt == testNow.addingTimeInterval(4))
    }

    // MARK: - Answers and the bulk tally

    /// A decision sent at the test clock (its undo window closed then).
    func sent(_ id: String, batch: Int = 1) -> PendingDecision {
        decision(id, due: 0, batch: batch)
    }

    /// A pipeline with these decisions held, released and sent: in flight.
    func inFlight(_ decisions: [PendingDecision]) -> DecisionPipeline {
        var pipeline = DecisionPipeline()
        for pending in decisions { pipeline.hold(pending) }
        pipeline.releaseDue(now: testNow)
        _ = pipeline.nextToSend(maxInFlight: decisions.count)
        return pipeline
    }

    /// A pipeline with `ids` in flight.
    func inFlight(_ ids: [String]) -> DecisionPipeline {
        inFlight(ids.map { sent($0) })
    }

    @Test("an answer takes the decision out of flight and says what became of it")
    func answers() {
        var pipeline = inFlight(["ok", "won", "gone", "late", "flaky", "no"])
        let ok = pipeline.answer("ok", error: nil, now: testNow, engine: "e")
        #expect(ok == .confirmed(sent("ok")))
        var conflict = sent("won")
        conflict.conflictStatus = .denied
        let won = pipeline.answer("won", error: .alreadyResolved(id: "won", status: .denied), now: testNow, engine: "e")
        #expect(won == .conflict(conflict))
        #expect(pipeline.conflicts["won"] == conflict, "kept until the engine says who won")
        let gone = pipeline.answer("gone", error: .notFound(id: "gone"), now: testNow, engine: "e")
        #expect(gone == .gone(sent("gone")))
        let late = pipeline.answer("late", error: .expired(id: "late"), now: testNow, engine: "e")
        #expect(late == .expired(sent("late")))
        let refused = EngineError.forbidden(message: "no")
        let no = pipeline.answer("no", error: refused, now: testNow, engine: "e")
        #expect(no == .failed(sent("no"), refused))
        #expect(pipeline.inFlight.keys.sorted() == ["flaky"] && pipeline.retrying.isEmpty)
        let again = pipeline.answer("ok", error: nil, now: testNow, engine: "e")
        #expect(again == nil, "no decision in flight: no outcome")
    }

    @Test("a transient failure retries with a growing delay until the last attempt, which fails")
    func transientAnswers() {
        var pipeline = inFlight(["a"])
        let outage = EngineError.unreachable(detail: "refused")
        guard case .retrying(let first, let delay)? = pipeline.answer("a", error: outage, now: testNow, engine: "e") else {
            Issue.record("a transient failure is retried")
            return
        }
        #expect(first.attempts == 1 && first.lastError == outage.message(engine: "e"))
        #expect(delay == retryDelay(attempt: 1, id: "a") && pipeline.retrying.first?.retryAt == testNow.addingTimeInterval(delay))
        var last = first
        last.attempts = maxAttempts - 1
        pipeline = inFlight([last])
        let final = pipeline.answer("a", error: outage, now: testNow, engine: "e")
        #expect(final == .failed(last, outage))
        #expect(pipeline.retrying.isEmpty)
    }

    @Test("a bulk decision's tally waits for every answer, then is complete and let go")
    func tally() {
        var pipeline = DecisionPipeline()
        pipeline.startReport(batch: 4, decision: .deny, total: 3)
        let member = decision("a", batch: 4)
        let outside = pipeline.tally(decision("x", batch: 9), .confirmed)
        #expect(outside == nil, "not part of a batch")
        var report = BatchReport(decision: .deny, total: 3)
        report.confirmed = 1
        let first = pipeline.tally(member, .confirmed)
        #expect(first == .waiting(report))
        report.conflicts = ["approved by bob"]
        let second = pipeline.tally(member, .conflict("approved by bob"))
        #expect(second == .waiting(report))
        report.gone = 1
        let third = pipeline.tally(member, .gone)
        #expect(third == .complete(report))
        #expect(pipeline.batches.isEmpty)
    }

    @Test("conflict lookups: asked again while transient, given up after a final failure")
    func conflictLookups() {
        var pipeline = inFlight(["c", "d"])
        _ = pipeline.answer("c", error: .alreadyResolved(id: "c", status: .approved), now: testNow, engine: "e")
        _ = pipeline.answer("d", error: .alreadyResolved(id: "d", status: .denied), now: testNow, engine: "e")
        let transient = pipeline.conflictLookupFailed("c", error: .timeout)
        #expect(transient == .askAgain)
        #expect(pipeline.conflicts["c"]?.fetchAttempts == 1 && pipeline.conflictRefetch == ["c"])
        let due = pipeline.takeLookupsDue()
        #expect(due == ["c"] && pipeline.conflictRefetch.isEmpty)
        var gaveUp = sent("c")
        gaveUp.conflictStatus = .approved
        gaveUp.fetchAttempts = 1
        let final = pipeline.conflictLookupFailed("c", error: .forbidden(message: "no"))
        #expect(final == .gaveUp(gaveUp))
        let none = pipeline.conflictLookupFailed("c", error: .timeout)
        #expect(pipeline.conflicts["c"] == nil && none == nil)
        let taken = pipeline.takeConflict("d")
        #expect(taken?.conflictStatus == .denied && pipeline.conflicts.isEmpty)
    }

    @Test("recovered decisions: resent, left for the reviewer, or settled; lookups asked once until they fail")
    func recovery() {
        var pipeline = DecisionPipeline()
        var stale = decision("s")
        stale.leftAt = testNow.addingTimeInterval(-3600)
        let resent = pipeline.recovered(decision("r"), status: .pending)
        let waiting = pipeline.recovered(stale, status: .pending)
        let settled = pipeline.recovered(decision("x"), status: .expired)
        #expect(resent == .resending && waiting == .awaitingReviewer && settled == .settled(.expired))
        #expect(pipeline.outbox.map(\.id) == ["r"] && pipeline.awaitingReviewer.map(\.id) == ["s"])
        pipeline.recover(decision("p"))
        pipeline.recover(decision("q"))
        let asked = pipeline.takeLookupsDue()
        let askedAgain = pipeline.takeLookupsDue()
        #expect(asked == ["p", "q"] && askedAgain.isEmpty, "asked once")
        let pGone = pipeline.recoveryLookupFailed(decision("p"), error: .timeout)
        let retried = pipeline.takeLookupsDue()
        #expect(!pGone && retried == ["p"], "a transient failure asks again")
        let qGone = pipeline.recoveryLookupFailed(decision("q"), error: .notFound(id: "q"))
        #expect(qGone && pipeline.recovering["q"] == nil)
        let taken = pipeline.takeRecovering("p")
        #expect(taken == decision("p") && pipeline.recovering.isEmpty && !pipeline.recoveryAsked.contains("p"))
    }

    @Test("the pipeline is next due at its first held decision's end or its earliest retry")
    func nextDue() {
        var pipeline = DecisionPipeline()
        #expect(pipeline.nextDue == nil)
        pipeline.hold(decision("a", due: 5))
        #expect(pipeline.nextDue == testNow.addingTimeInterval(5))
        pipeline.retry(decision("b"), at: testNow.addingTimeInterval(2))
        #expect(pipeline.nextDue == testNow.addingTimeInterval(2))
    }
}
