@testable import ConsoleRuntime
import Foundation
@testable import ReviewModel

// MARK: - Scripted terminal

/// A terminal with no screen, shared by every test that drives a real ``ConsoleRunner``: it hands
/// the runner scripted input and records what the runner did with it (grids, titles, bells, and
/// how long each read was allowed to wait).
///
/// By default it never waits: `readKey` returns the next scripted input or nil at once, so the
/// loop that steps the runner decides the pace (and sleeps without blocking a thread). With a
/// `patience`, a read with no input left waits for the runner's wakeup alone, ignoring the
/// timeout, so only an engine answer can end the wait (the runner's wake tests).
@MainActor
package final class ScriptedTerminal: TerminalScreen {
    /// The size the runner sees.
    package let size: Size
    /// Input not yet read, oldest first.
    private var pending: [TerminalInput] = []
    /// The last grid drawn, if any.
    package private(set) var lastGrid: Grid?
    /// How many grids were drawn.
    package private(set) var frames = 0
    /// Titles set, in order.
    package private(set) var titles: [String] = []
    /// Bells rung.
    package private(set) var bells = 0
    /// The timeouts the runner passed to `readKey`, in order.
    package private(set) var timeouts: [Int] = []
    /// For each wait (only with a `patience`): true when the runner's wakeup ended it.
    package private(set) var woken: [Bool] = []
    /// Nil: reads never wait. Otherwise the longest a read with no input waits for the wakeup,
    /// in milliseconds (a bound, not a speed claim).
    package var patience: Int?

    /// A terminal of `size` (large enough for a useful table by default) that waits for the
    /// runner's wakeup up to `patience` milliseconds (nil: never waits).
    package init(size: Size = Size(width: 120, height: 40), patience: Int? = nil) {
        self.size = size
        self.patience = patience
    }

    /// Queues keys to be read, one per loop turn.
    package func type(_ keys: Key...) {
        pending += keys.map { .key($0) }
    }

    /// Queues a termination signal (the runner quits at once, leaving unsent decisions journalled).
    package func sendSignal() {
        pending.append(.signal(SIGTERM))
    }

    /// Whether scripted input is still waiting to be read.
    package var hasPendingInput: Bool { !pending.isEmpty }

    // MARK: TerminalScreen

    package func start() throws {}

    package func draw(_ grid: Grid) {
        lastGrid = grid
        frames += 1
    }

    package func invalidate() {}

    package func readKey(timeoutMilliseconds: Int, wakeup: Wakeup?) -> TerminalInput? {
        timeouts.append(timeoutMilliseconds)
        if !pending.isEmpty { return pending.removeFirst() }
        guard let patience, timeoutMilliseconds > 0 else { return nil }
        woken.append(wakeup?.wait(milliseconds: patience) ?? false)
        return nil
    }

    package func setTitle(_ text: String) {
        titles.append(text)
    }

    package func bell() {
        bells += 1
    }

    package func restore() {}
}
