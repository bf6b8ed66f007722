import Foundation
import Logging
import ReviewModel

// MARK: - Inbox

/// A thread-safe queue of events from effect tasks to the UI loop; a post wakes the loop.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Event] = []
    /// Signalled on every post, so a loop waiting for a key handles the answer at once.
    let wakeup = Wakeup()

    /// Adds an event (from any thread) and wakes the loop.
    func post(_ event: Event) {
        lock.lock()
        events.append(event)
        lock.unlock()
        wakeup?.signal()
    }

    /// Takes every waiting event.
    func drain() -> [Event] {
        lock.lock()
        defer { lock.unlock() }
        let taken = events
        events.removeAll(keepingCapacity: true)
        return taken
    }
}

// MARK: - Runner

/// Runs the console: feeds keys, time and engine answers to the reducer, performs its
/// effects through an ``EngineClient`` off the UI thread, and blits what `render` draws.
///
/// Everything here runs on the main actor, which owns the terminal; only effect tasks
/// run elsewhere, and they talk back through the ``Inbox``.
@MainActor
package final class ConsoleRunner {
    /// The console as the reducer last left it (read by headless drivers in tests and benchmarks).
    package private(set) var state: ConsoleState
    private let client: any EngineClient
    private let terminal: any TerminalScreen
    private let theme: Theme
    private let logger: Logger
    private let inbox = Inbox()
    private let clock: @Sendable () -> Date
    private let journal: Journal?
    /// Journal writes happen here, in order, off the UI thread.
    private let journalQueue = DispatchQueue(label: "lelu-console.journal")
    private var running = true
    /// When time last advanced in the state.
    private var lastTick = Date.distantPast
    /// Whether the state changed since the last frame.
    private var dirty = true
    private var title = ""
    /// Called after each turn's work (answers, tick, frame) with its milliseconds, waiting excluded:
    /// how the bench finds the longest step of the UI loop.
    package var onWork: ((Double) -> Void)?
    /// Called with the queue's changes when the state's feed reports them (`watch`).
    package var onReport: (([QueueChange]) -> Void)?
    /// How often time advances in the state when nothing falls due sooner.
    ///
    /// Everything on screen that moves with time is shown in whole seconds (ages, the undo
    /// countdown, "slow" after 2 s), so one tick a second shows every change; polls, held
    /// decisions and retries are ticked at their own due times (``nextDue()``). Each tick
    /// costs a render, so ticking faster only spends CPU while idle.
    private let tickInterval: TimeInterval = 1

    /// Creates a runner for a terminal that is already started.
    ///
    /// Without a logger it logs nothing: the console passes the one bound to its log file, and
    /// headless runs (tests, benchmarks) print results, not logs.
    package init(state: ConsoleState, client: any EngineClient, terminal: any TerminalScreen, theme: Theme,
         journal: Journal?, logger: Logger = Logger(label: "lelu-console", factory: { _ in SwiftLogNoOpLogHandler() }),
         clock: @escaping @Sendable () -> Date = { Date() }) {
        self.logger = logger
        self.state = state
        self.journal = journal
        self.client = client
        self.terminal = terminal
        self.theme = theme
        self.clock = clock
    }

    /// Runs until the reducer asks to quit or a termination signal arrives.
    package func run() {
        begin()
        while step(waitMilliseconds: 1000) {}
    }

    // MARK: - Loop

    /// Opens the console: reads the size and dispatches `.started` (the first poll).
    ///
    /// ``run()`` calls it once; a headless driver calls it, then ``step(waitMilliseconds:)``.
    package func begin() {
        state.size = terminal.size
        dispatch(.started(clock()))
        lastTick = clock()
        dirty = true
    }

    /// One turn of the loop: engine answers, a tick when due, a frame when dirty, one key.
    ///
    /// Waits for a key up to `waitMilliseconds`, but never past the next tick, poll or held
    /// decision; an engine answer ends the wait at once. Returns false once the console has quit.
    package func step(waitMilliseconds: Int) -> Bool {
        let started = DispatchTime.now().uptimeNanoseconds
        for event in inbox.drain() {
            dispatch(event)
            dirty = true
        }
        let now = clock()
        if now >= nextDue() {
            dispatch(.tick(now))
            lastTick = now
            dirty = true
        }
        if dirty {
            let grid = render(state, size: state.size, theme: theme)
            terminal.draw(grid)
            dirty = false
        }
        onWork?(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        guard running else { return false }
        let untilDue = Int((nextDue().timeIntervalSince(clock()) * 1000).rounded(.up))
        let wait = min(waitMilliseconds, max(0, untilDue))
        // Keys and clicks first bring the reducer's clock to their own time (not the last tick's):
        // decisions are stamped with it, and an undo window ends `undoWindow` after the key.
        switch terminal.readKey(timeoutMilliseconds: wait, wakeup: inbox.wakeup) {
        case .key(let key)?:
            dispatch(.tick(clock()))
            dispatch(.key(key))
            dirty = true
        case .resize(let size)?:
            dispatch(.resized(size))
            dirty = true
        case .mouse(let input)?:
            dispatch(.tick(clock()))
            dispatch(.mouse(input))
            dirty = true
        case .focus(let focused)?:
            dispatch(.focusChanged(focused))
        case .signal?:
            dispatch(.terminate)
        case nil:
            break
        }
        return running
    }

    /// When time must next advance in the state: the tick grid, a due poll, a held decision's
    /// end, a failed send's retry.
    private func nextDue() -> Date {
        min(lastTick.addingTimeInterval(tickInterval), state.nextDue ?? .distantFuture)
    }

    // MARK: - Effects

    private func dispatch(_ event: Event) {
        for effect in reduce(&state, event) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .fetchPending:
            fetchPending()
        case .fetchPage(let page):
            fetchPage(page)
        case .checkItem(let id):
            checkItem(id)
        case .submit(let id, let decision, let note):
            submit(id: id, decision: decision, note: note)
        case .probeEngine:
            let (client, inbox, logger) = (client, inbox, logger)
            Task.detached {
                let profile = await client.probe()
                logger.info("engine probed", metadata: ["api": "\(profile.api.rawValue)"])
                inbox.post(.engineProbed(profile))
            }
        case .fetchItem(let id):
            let (client, inbox, clock) = (client, inbox, clock)
            Task.detached {
                do throws(EngineError) {
                    let item = try await client.item(id: id)
                    inbox.post(.itemFetched(item, at: clock()))
                } catch {
                    inbox.post(.itemFetchFailed(id: id, error: error, at: clock()))
                }
            }
        case .journal, .openJournal, .loadHistory, .loadRecord:
            performJournal(effect)
        case .bell:
            terminal.bell()
        case .notify(let notification):
            logger.info("notifying", metadata: ["method": "\(notification.method.rawValue)"])
            terminal.notify(notification)
        case .report(let changes):
            onReport?(changes)
        case .setTitle(let text):
            if text != title {
                title = text
                terminal.setTitle(text)
            }
        case .quit:
            running = false
            journalQueue.sync {}  // every journal line is on disk before the terminal goes
        }
    }

    /// Polls the engine's list off the UI path.
    private func fetchPending() {
        let (client, inbox, clock, logger) = (client, inbox, clock, logger)
        Task.detached {
            do throws(EngineError) {
                let list = try await client.pending()
                logger.trace("poll", metadata: ["items": "\(list.items.count)", "skipped": "\(list.skipped)"])
                inbox.post(.pollSucceeded(list, at: clock()))
            } catch {
                logger.warning("poll failed: \(error)")
                inbox.post(.pollFailed(error, at: clock()))
            }
        }
    }

    /// Journal work, in order on the journal's queue: a record, the start's open, an older page of history.
    private func performJournal(_ effect: Effect) {
        switch effect {
        case .journal(let entry):
            guard let journal else { return }
            let (inbox, clock) = (inbox, clock)
            journalQueue.async {
                do {
                    try journal.append(entry)
                } catch {
                    inbox.post(.journalFailed(reason: "\(error)", at: clock()))
                }
            }
        case .openJournal:
            let (inbox, clock) = (inbox, clock)
            guard let journal else { return inbox.post(.journalOpened([])) }
            journalQueue.async {
                do {
                    inbox.post(.journalOpened(try journal.openForStart()))
                } catch {
                    inbox.post(.journalFailed(reason: "\(error)", at: clock()))
                    inbox.post(.journalOpened(journal.readLive()))
                }
            }
        case .loadHistory(let engine, let after, let limit):
            let inbox = inbox
            guard let journal else { return inbox.post(.historyLoaded(HistoryPage(rows: [], exhausted: true))) }
            journalQueue.async {
                inbox.post(.historyLoaded(journal.page(engine: engine, after: after, limit: limit)))
            }
        case .loadRecord(let engine, let reviewer, let since):
            let inbox = inbox
            guard let journal else { return inbox.post(.recordLoaded([])) }
            journalQueue.async {
                let entries = journal.records(since: since)
                inbox.post(.recordLoaded(entries.filter { ReviewerRecord.counts($0, engine: engine, reviewer: reviewer) }))
            }
        default:
            break
        }
    }

    /// Reads one page of the queue off the UI path.
    private func fetchPage(_ page: PageRequest) {
        let (client, inbox, clock, logger) = (client, inbox, clock, logger)
        Task.detached {
            do throws(EngineError) {
                let list = try await client.pending(page: page)
                inbox.post(.pageSucceeded(list, page: page, at: clock()))
            } catch {
                logger.warning("page failed: \(error)")
                inbox.post(.pageFailed(error, page: page, at: clock()))
            }
        }
    }

    /// Checks one row with `GET /v1/queue/{id}` off the UI path.
    private func checkItem(_ id: String) {
        let (client, inbox, clock) = (client, inbox, clock)
        Task.detached {
            do throws(EngineError) {
                inbox.post(.itemChecked(try await client.item(id: id), at: clock()))
            } catch {
                inbox.post(.itemCheckFailed(id: id, error: error, at: clock()))
            }
        }
    }

    /// Waits until every journal record asked for so far is written (headless drivers, before reading the files).
    package func drainJournal() {
        journalQueue.sync {}
    }

    /// Sends one decision off the UI path; the answer comes back as an event with the engine's receipt.
    private func submit(id: String, decision: Decision, note: String) {
        let (client, inbox, clock, reviewer, logger) = (client, inbox, clock, state.reviewer, logger)
        logger.info("deciding", metadata: ["id": "\(SafeText.line(id, limit: 80))", "decision": "\(decision)"])
        Task.detached {
            do throws(EngineError) {
                let receipt = try await client.resolve(id: id, decision: decision, resolvedBy: reviewer, note: note)
                logger.info("decided", metadata: ["id": "\(SafeText.line(id, limit: 80))", "decision": "\(decision)"])
                inbox.post(.decisionSucceeded(id: id, decision: decision, receipt: receipt, at: clock()))
            } catch {
                logger.error("decision failed: \(error)", metadata: ["id": "\(SafeText.line(id, limit: 80))"])
                inbox.post(.decisionFailed(id: id, decision: decision, error: error, at: clock()))
            }
        }
    }
}
