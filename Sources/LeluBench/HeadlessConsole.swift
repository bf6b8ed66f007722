import ConsoleRuntime
import Foundation
import ReviewModel

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Terminal

/// A terminal with no screen for the shipped ``ConsoleRunner``: keys are typed by the
/// benchmark, frames are handed to it, and waits end early when the runner's wakeup fires,
/// exactly as `CursesTerminal` does.
@MainActor
final class BenchTerminal: TerminalScreen {
    let size: Size
    private var pending: [Key] = []
    /// Wall-clock time the last key was handed to the runner.
    private(set) var keyHandedAt: Date?
    /// The last frame drawn.
    private(set) var frame: Grid?
    /// Frames drawn so far.
    private(set) var frames = 0
    /// Sees each frame as soon as it is drawn.
    var onDraw: ((Grid) -> Void)?

    /// A terminal of `size`.
    init(size: Size) {
        self.size = size
    }

    /// Queues a key for the runner's next read.
    func type(_ key: Key) {
        pending.append(key)
    }

    func start() throws {}

    func draw(_ grid: Grid) {
        frame = grid
        frames += 1
        onDraw?(grid)
    }

    func invalidate() {}

    func readKey(timeoutMilliseconds: Int, wakeup: Wakeup?) -> TerminalInput? {
        if !pending.isEmpty {
            keyHandedAt = Date()
            return .key(pending.removeFirst())
        }
        guard timeoutMilliseconds > 0 else { return nil }
        if let wakeup {
            wakeup.wait(milliseconds: timeoutMilliseconds)
        } else {
            usleep(useconds_t(timeoutMilliseconds) * 1000)
        }
        return nil
    }

    func setTitle(_ text: String) {}

    func bell() {}

    func restore() {}
}

// MARK: - Timing client

/// An ``EngineClient`` that notes when each decision's answer came back (monotonic ms).
final class TimingClient: EngineClient, @unchecked Sendable {
    private let base: any EngineClient
    private let lock = NSLock()
    private var answers: [String: Double] = [:]
    private var items = 0

    /// Wraps a client.
    init(_ base: any EngineClient) {
        self.base = base
    }

    /// Answer times so far, by request ID.
    var answeredAt: [String: Double] {
        lock.lock()
        defer { lock.unlock() }
        return answers
    }

    func health() async throws(EngineError) -> EngineHealth { try await base.health() }

    func pending() async throws(EngineError) -> PendingList { try await base.pending() }

    func pending(page: PageRequest) async throws(EngineError) -> PendingList { try await base.pending(page: page) }

    func item(id: String) async throws(EngineError) -> ReviewRequest {
        countItemCall()
        return try await base.item(id: id)
    }

    private func countItemCall() {
        lock.lock()
        items += 1
        lock.unlock()
    }

    /// `GET /v1/queue/{id}` calls so far.
    var itemCalls: Int {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
        -> ResolveReceipt
    {
        defer { record(id) }
        return try await base.resolve(id: id, decision: decision, resolvedBy: resolvedBy, note: note)
    }

    private func record(_ id: String) {
        let at = monotonicMilliseconds()
        lock.lock()
        answers[id] = at
        lock.unlock()
    }
}

// MARK: - HeadlessConsole

/// The shipped console loop (``ConsoleRunner``: wake on answers, tick when due, render 200x60,
/// journal on its own queue) against a real ``EngineClient``, on a ``BenchTerminal``.
@MainActor
final class HeadlessConsole {
    let runner: ConsoleRunner
    let terminal: BenchTerminal
    let client: TimingClient
    private let journalDirectory: URL

    /// A console polling every `interval` seconds, journalling to a temporary file.
    ///
    /// With `specs` (two or more) it watches several engines as the console does with
    /// `[engines.NAME]`: `state.watch(specs)` before the runner is made, and each engine's reads
    /// and decisions go to its client in `clients` (by label); `client` is then only the fallback
    /// the runner keeps for a label it does not know.
    init(client: any EngineClient, clients: [String: any EngineClient] = [:], specs: [EngineSpec] = [],
         interval: TimeInterval, undoWindow: TimeInterval = 3, listLimit: Int = 10_000, maxRequests: Int = 5_000) {
        terminal = BenchTerminal(size: benchSize)
        self.client = TimingClient(client)
        journalDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lelu-bench-journal-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: journalDirectory, withIntermediateDirectories: true)
        var state = ConsoleState(engineLabel: "127.0.0.1", reviewer: "bench@local", pollInterval: interval,
                                 now: Date(), size: benchSize)
        state.knowListLimit(listLimit)
        state.apply(ReviewPreferences(pollInterval: interval, undoWindow: undoWindow, maxRequests: maxRequests))
        // Each engine starts from a copy of the sync above (its cap included).
        if !specs.isEmpty { state.watch(specs) }
        runner = ConsoleRunner(state: state, client: self.client, clients: specs.isEmpty ? [:] : clients,
                               terminal: terminal, theme: .default,
                               journal: Journal(path: journalDirectory.appendingPathComponent("journal.jsonl").path))
    }

    /// Removes the journal.
    func close() {
        try? FileManager.default.removeItem(at: journalDirectory)
    }

    /// The runner's state.
    var state: ConsoleState { runner.state }

    /// The last frame drawn.
    var frame: Grid? { terminal.frame }

    /// The first poll goes out.
    func start() {
        runner.begin()
    }

    /// Types a key and lets the runner read it.
    func press(_ key: Key) {
        terminal.type(key)
        _ = runner.step(waitMilliseconds: 0)
    }

    /// Steps the runner until `done` holds or `timeout` seconds pass; returns whether `done` held.
    ///
    /// Each step waits as the real loop does (until a key, an answer, or the next tick or poll),
    /// but never past the timeout.
    @discardableResult
    func run(timeout: TimeInterval, until done: (HeadlessConsole) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if done(self) { return true }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            _ = runner.step(waitMilliseconds: Int((left * 1000).rounded(.up)))
        }
    }
}
