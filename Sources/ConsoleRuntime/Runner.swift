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

    /// Adds an answer from the engine called `label` ("" with one engine: the answer as it is).
    func post(_ event: Event, from label: String) {
        post(label.isEmpty ? event : .engine(label, event))
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
    /// With several engines, each one's client by label (``EngineSet``); empty with one.
    private let clients: [String: any EngineClient]
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
    package init(state: ConsoleState, client: any EngineClient, clients: [String: any EngineClient] = [:],
         terminal: any TerminalScreen, theme: Theme,
         journal: Journal?, logger: Logger = Logger(label: "lelu-console", factory: { _ in SwiftLogNoOpLogHandler() }),
         clock: @escaping @Sendable () -> Date = { Date() }) {
        self.logger = logger
        self.state = state
        self.journal = journal
        self.client = client
        self.clients = clients
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
        case .fetchPending, .fetchPage, .probeEngine:
            performRead(effect, on: "")
        case .engine(let label, let read):
            performRead(read, on: label)
        case .checkItem(let id):
            checkItem(id)
        case .submit(let id, let decision, let note):
            submit(id: id, decision: decision, note: note)
        case .fetchItem(let id):
            fetchItem(id)
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

    /// Polls an engine's list off the UI path.
    private func fetchPending(on label: String) {
        let (client, inbox, clock, logger) = (client(label), inbox, clock, logger)
        Task.detached {
            do throws(EngineError) {
                let list = try await client.pending()
                logger.trace("poll", metadata: ["items": "\(list.items.count)", "skipped": "\(list.skipped)"])
                inbox.post(.pollSucceeded(list.tagged(engine: label), at: clock()), from: label)
            } catch {
                logger.warning("poll failed: \(error)")
                inbox.post(.pollFailed(error, at: clock()), from: label)
            }
        }
    }

    /// A read or probe of the engine called `label` ("" with one engine).
    private func performRead(_ effect: Effect, on label: String) {
        switch effect {
        case .fetchPending:
            fetchPending(on: label)
        case .fetchPage(let page):
            fetchPage(page, on: label)
        case .probeEngine:
            let (client, inbox, logger) = (client(label), inbox, logger)
            Task.detached {
                let profile = await client.probe()
                logger.info("engine probed", metadata: ["api": "\(profile.api.rawValue)", "engine": "\(label)"])
                inbox.post(.engineProbed(profile), from: label)
            }
        default:
            perform(effect)
        }
    }

    /// The client of the engine called `label` (the one engine's with one, or an unknown label).
    private func client(_ label: String) -> any EngineClient {
        clients[label] ?? client
    }

    /// Where a row key's work goes: its engine's label, client and own ID.
    private func route(key: String) -> (label: String, client: any EngineClient, id: String) {
        guard let label = state.engines.label(ofKey: key) else { return ("", client, key) }
        return (label, client(label), RowKey.requestID(of: key, engine: label))
    }

    /// Looks a row up (recoveries, conflicts, the history's selection) off the UI path.
    private func fetchItem(_ key: String) {
        let ((label, client, id), inbox, clock) = (route(key: key), inbox, clock)
        Task.detached {
            do throws(EngineError) {
                let item = try await client.item(id: id)
                inbox.post(.itemFetched(item.tagged(engine: label), at: clock()), from: label)
            } catch {
                inbox.post(.itemFetchFailed(id: key, error: error, at: clock()), from: label)
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
                inbox.post(.recordLoaded(engine.isEmpty ? entries : entries.filter { ReviewerRecord.counts($0, engine: engine, reviewer: reviewer) }))
            }
        default:
            break
        }
    }

    /// Reads one page of an engine's queue off the UI path.
    private func fetchPage(_ page: PageRequest, on label: String) {
        let (client, inbox, clock, logger) = (client(label), inbox, clock, logger)
        Task.detached {
            do throws(EngineError) {
                let list = try await client.pending(page: page)
                inbox.post(.pageSucceeded(list.tagged(engine: label), page: page, at: clock()), from: label)
            } catch {
                logger.warning("page failed: \(error)")
                inbox.post(.pageFailed(error, page: page, at: clock()), from: label)
            }
        }
    }

    /// Checks one row with `GET /v1/queue/{id}` on its engine, off the UI path.
    private func checkItem(_ key: String) {
        let ((label, client, id), inbox, clock) = (route(key: key), inbox, clock)
        Task.detached {
            do throws(EngineError) {
                inbox.post(.itemChecked(try await client.item(id: id).tagged(engine: label), at: clock()), from: label)
            } catch {
                inbox.post(.itemCheckFailed(id: key, error: error, at: clock()), from: label)
            }
        }
    }

    /// Waits until every journal record asked for so far is written (headless drivers, before reading the files).
    package func drainJournal() {
        journalQueue.sync {}
    }

    /// Sends one decision off the UI path; the answer comes back as an event with the engine's receipt.
    private func submit(id key: String, decision: Decision, note: String) {
        let ((label, client, id), inbox, clock, logger) = (route(key: key), inbox, clock, logger)
        let reviewer = state.engines.slot(label)?.reviewer ?? state.reviewer
        logger.info("deciding", metadata: ["id": "\(SafeText.line(id, limit: 80))", "decision": "\(decision)"])
        Task.detached {
            do throws(EngineError) {
                let receipt = try await client.resolve(id: id, decision: decision, resolvedBy: reviewer, note: note)
                logger.info("decided", metadata: ["id": "\(SafeText.line(id, limit: 80))", "decision": "\(decision)"])
                inbox.post(.decisionSucceeded(id: key, decision: decision, receipt: receipt, at: clock()), from: label)
            } catch {
                logger.error("decision failed: \(error)", metadata: ["id": "\(SafeText.line(id, limit: 80))"])
                inbox.post(.decisionFailed(id: key, decision: decision, error: error, at: clock()), from: label)
            }
        }
    }
}
