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
        pipeline.held = [decision("a", due: 1), decision("b", due: 3), decision("c", due: 1, batch: 2)]
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
        pipeline.held = [decision("a", batch: first), decision("b", batch: second), decision("c", batch: second)]
        pipeline.batches[second] = BatchReport(decision: .approve, total: 2)
        pipeline.countdownBatch = second
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
}
