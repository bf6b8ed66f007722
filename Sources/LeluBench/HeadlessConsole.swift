import Foundation
import ReviewModel

// MARK: - Loop policy

/// How the headless loop waits between iterations.
struct LoopPolicy: Sendable {
    /// Named in the report.
    var name: String
    /// An engine answer wakes the loop at once (instead of after the 40 ms key wait).
    var wakeOnAnswer: Bool
    /// A tick is sent as soon as a poll is due (instead of on the 0.25 s tick grid).
    var tickWhenDue: Bool

    /// Exactly what `Runner.swift` does: a 40 ms key wait, ticks every 0.25 s.
    static let runner = LoopPolicy(name: "runner as shipped", wakeOnAnswer: false, tickWhenDue: false)
    /// The proposed runner fix: answers wake the loop, a due poll is ticked on time.
    static let prompt = LoopPolicy(name: "proposed runner fix", wakeOnAnswer: true, tickWhenDue: true)
}

// MARK: - Inbox

/// Events from effect tasks to the loop; a post can wake a waiting loop.
final class BenchInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Event] = []
    private let signal = DispatchSemaphore(value: 0)

    /// Adds an event (from any thread).
    func post(_ event: Event) {
        lock.lock()
        events.append(event)
        lock.unlock()
        signal.signal()
    }

    /// Takes every waiting event.
    func drain() -> [Event] {
        lock.lock()
        defer { lock.unlock() }
        let taken = events
        events.removeAll(keepingCapacity: true)
        return taken
    }

    /// Waits up to `seconds`; returns early on a post when `wakeable`.
    func wait(seconds: Double, wakeable: Bool) {
        guard seconds > 0 else { return }
        if wakeable {
            _ = signal.wait(timeout: .now() + seconds)
        } else {
            Thread.sleep(forTimeInterval: seconds)
        }
    }
}

// MARK: - HeadlessConsole

/// The console without a terminal: the runner's loop (tick, poll, decode, reduce, render)
/// against a real ``EngineClient``, with frames handed to the benchmark instead of curses.
///
/// Lives on one thread, like the real UI loop; effects run as detached tasks and answer
/// through the inbox. Journal, title and bell effects are dropped (the runner performs them
/// off the UI thread or as a single terminal write).
final class HeadlessConsole {
    /// The console state.
    var state: ConsoleState
    /// The last frame drawn.
    var frame: Grid?
    /// Decisions answered, by ID, with the monotonic time the answer reached the loop.
    var answered: [String: Double] = [:]
    /// Frames rendered so far.
    var frames = 0

    let client: any EngineClient
    let policy: LoopPolicy
    let inbox = BenchInbox()
    private let theme = Theme.default
    private var lastTick = Date.distantPast
    private var dirty = true
    private let tickInterval: TimeInterval = 0.25
    private let keyWait: TimeInterval = 0.040

    /// Creates a console for a client; call ``start()`` before stepping.
    init(client: any EngineClient, policy: LoopPolicy, interval: TimeInterval, listLimit: Int = 10_000) {
        self.client = client
        self.policy = policy
        state = ConsoleState(engineLabel: "127.0.0.1", reviewer: "bench@local", pollInterval: interval,
                             now: Date(), size: benchSize)
        state.engineListLimit = listLimit
    }

    /// Sends `started` (the first poll goes out).
    func start() {
        lastTick = Date()
        dispatch(.started(lastTick))
    }

    /// A key press, dispatched at once (as `readKey` returns it).
    func press(_ key: Key) {
        dispatch(.key(key))
        dirty = true
    }

    /// One iteration of the runner's loop: drain answers, tick, render if dirty, wait.
    ///
    /// `onFrame` sees each new frame as soon as it is drawn.
    func step(onFrame: (Grid) -> Void = { _ in }) {
        for event in inbox.drain() {
            dispatch(event)
            dirty = true
        }
        let now = Date()
        let pollDue = state.nextPollAt.map { now >= $0 } ?? false
        if now.timeIntervalSince(lastTick) >= tickInterval || (policy.tickWhenDue && pollDue && !state.pollInFlight) {
            dispatch(.tick(now))
            lastTick = now
            dirty = true
        }
        if dirty {
            let grid = render(state, size: state.size, theme: theme)
            frame = grid
            frames += 1
            dirty = false
            onFrame(grid)
        }
        var wait = keyWait
        if policy.tickWhenDue, let due = state.nextPollAt, !state.pollInFlight {
            wait = min(wait, max(0, due.timeIntervalSince(Date())))
        }
        inbox.wait(seconds: wait, wakeable: policy.wakeOnAnswer)
    }

    /// Steps until `done` holds or `timeout` seconds pass; returns whether `done` held.
    @discardableResult
    func run(timeout: TimeInterval, until done: (HeadlessConsole) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if done(self) { return true }
            step()
        }
        return done(self)
    }

    // MARK: - Effects

    private func dispatch(_ event: Event) {
        for effect in reduce(&state, event) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        let (client, inbox) = (client, inbox)
        switch effect {
        case .fetchPending:
            Task.detached {
                do throws(EngineError) {
                    let list = try await client.pending()
                    inbox.post(.pollSucceeded(list, at: Date()))
                } catch {
                    inbox.post(.pollFailed(error, at: Date()))
                }
            }
        case .submit(let id, let decision, let note):
            let reviewer = state.reviewer
            Task.detached {
                do throws(EngineError) {
                    try await client.resolve(id: id, decision: decision, resolvedBy: reviewer, note: note)
                    inbox.post(.decisionSucceeded(id: id, decision: decision, at: Date()))
                } catch {
                    inbox.post(.decisionFailed(id: id, decision: decision, error: error, at: Date()))
                }
            }
        case .fetchItem(let id):
            Task.detached {
                do throws(EngineError) {
                    let item = try await client.item(id: id)
                    inbox.post(.itemFetched(item, at: Date()))
                } catch {
                    inbox.post(.itemFetchFailed(id: id, error: error, at: Date()))
                }
            }
        case .journal(let entry):
            if entry.outcome == .confirmed || entry.outcome == .failed || entry.outcome == .conflict
                || entry.outcome == .gone {
                answered[entry.id] = monotonicMilliseconds()
            }
        case .setTitle, .bell, .quit:
            break
        }
    }
}
