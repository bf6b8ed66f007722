@testable import ConsoleRuntime
import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Helpers

// The fake terminal and engine (`ScriptedTerminal`, `InstantEngine`) are TestSupport's.

/// Steps (each waiting at most 50 ms) until `done` holds, for at most about five seconds:
/// the engine's answers (the probe's, the poll's) are on their way, in either order.
@MainActor
private func settle(_ runner: ConsoleRunner, until done: () -> Bool) {
    for _ in 0..<100 where !done() { _ = runner.step(waitMilliseconds: 50) }
}

/// A terminal of 80×24 that records how long the runner asked it to wait, and waits for the
/// runner's wakeup alone (at most 30 s) whenever it may.
@MainActor
private func waitingTerminal() -> ScriptedTerminal {
    ScriptedTerminal(size: Size(width: 80, height: 24), patience: 30_000)
}

/// A clock that moves only when told.
private final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date

    init(_ start: Date) {
        time = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return time
    }

    func advance(_ seconds: TimeInterval) {
        lock.lock()
        time = time.addingTimeInterval(seconds)
        lock.unlock()
    }
}

private func request(_ id: String) -> ReviewRequest {
    ReviewRequest(id: id, actor: "bot", action: "refund", confidence: 0.7, enqueuedAt: Date(timeIntervalSince1970: 0))
}

// MARK: - Runner

@Suite("Runner: waking and waiting")
@MainActor
struct RunnerWakeTests {
    @Test("a wakeup ends a wait early; an unsignalled wait times out")
    func wakeupPipe() throws {
        let wakeup = try #require(Wakeup())
        #expect(!wakeup.wait(milliseconds: 1))
        wakeup.signal()
        wakeup.signal()  // two posts before the loop looks: one wake, then the pipe is empty
        #expect(wakeup.wait(milliseconds: 30_000))
        #expect(!wakeup.wait(milliseconds: 1))
        let fromThread = try #require(Wakeup())
        Thread.detachNewThread { fromThread.signal() }
        #expect(fromThread.wait(milliseconds: 30_000))
    }

    @Test("the engine's answer to a poll wakes the runner's key wait")
    func pollAnswerWakes() {
        let terminal = waitingTerminal()
        let state = ConsoleState(engineLabel: "test", reviewer: "r", pollInterval: 60, now: Date(), size: terminal.size)
        let runner = ConsoleRunner(state: state, client: InstantEngine(items: [request("a1"), request("b2")]),
                                   terminal: terminal, theme: .default, journal: nil)
        runner.begin()  // the first poll goes out
        #expect(runner.step(waitMilliseconds: 60_000))
        #expect(terminal.woken == [true], "an answer, not a timeout, ended the wait")
        // The probe answers too: the poll's answer may come second.
        settle(runner) { !runner.state.table.order.isEmpty }
        #expect(runner.state.table.order.sorted() == ["a1", "b2"])
    }

    @Test("the key wait never runs past the next tick, poll or held decision")
    func waitEndsWhenSomethingIsDue() throws {
        let terminal = waitingTerminal()
        var state = ConsoleState(engineLabel: "test", reviewer: "r", pollInterval: 60, now: Date(), size: terminal.size)
        state.undoWindow = 0.1
        let runner = ConsoleRunner(state: state, client: InstantEngine(items: [request("a1")]), terminal: terminal,
                                   theme: .default, journal: nil)
        runner.begin()
        // The first poll's answer (and the probe's) wake the wait; the next steps apply them.
        #expect(runner.step(waitMilliseconds: 60_000))
        settle(runner) { !runner.state.table.order.isEmpty }
        #expect(runner.state.table.order == ["a1"])
        terminal.patience = 1
        #expect(runner.step(waitMilliseconds: 60_000))
        let tickBound = try #require(terminal.timeouts.last)
        #expect(tickBound <= 1000, "a 60 s request is cut to the 1 s tick, got \(tickBound) ms")
        terminal.type(.char("a"))  // held for 0.1 s
        #expect(runner.step(waitMilliseconds: 60_000))
        #expect(runner.state.pipeline.held.count == 1)
        #expect(runner.step(waitMilliseconds: 60_000))
        let heldBound = try #require(terminal.timeouts.last)
        #expect(heldBound <= 100, "the wait ends when the held decision is due, got \(heldBound) ms")
    }

    @Test("a key is stamped with the time it was read, not the last tick's: the undo window is whole")
    func keysCarryTheirOwnTime() {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let terminal = waitingTerminal()
        var state = ConsoleState(engineLabel: "test", reviewer: "r", pollInterval: 60, now: clock.now,
                                 size: terminal.size)
        state.undoWindow = 3
        let runner = ConsoleRunner(state: state, client: InstantEngine(items: [request("a1")]), terminal: terminal,
                                   theme: .default, journal: nil, clock: { clock.now })
        runner.begin()
        // Woken by the probe's and the poll's answers, in either order.
        #expect(runner.step(waitMilliseconds: 60_000))
        settle(runner) { !runner.state.table.order.isEmpty }
        #expect(runner.state.table.order == ["a1"])
        clock.advance(0.9)  // less than a tick: no tick happens before the key
        terminal.type(.char("a"))
        #expect(runner.step(waitMilliseconds: 0))
        #expect(runner.state.pipeline.held.first?.due == clock.now.addingTimeInterval(3))
    }
}
