import ConsoleRuntime
import Foundation
import LeluClient
import ReviewModel

// MARK: - A one-shot read of the queue

/// The queue as the console would hold it, read once: the table's own sync (paging, capped-list
/// reads, GET checks, the `--max-requests` cap) run headless until its first reads are over and
/// every row it needs to check has been checked.
///
/// On a July engine every listed row is checked with GET before it counts (its Redis store lists
/// decided requests as pending for good), a few at a time; `list` never prints a request the
/// engine says is resolved.
struct QueueSnapshot {
    /// The sync's state when the read ended.
    var state: ConsoleState
    /// Each held request's JSON exactly as the engine last sent it (a list's item or a GET's body).
    var bodies: [String: Data]
    /// Whether the read ran out of time before it settled.
    var timedOut: Bool

    /// GETs out at once while checking a July engine's rows.
    static let checksInFlight = 8

    /// Each engine whose first read it refused (label "" with one engine), with its error.
    var failures: [(link: EngineLink, error: EngineError)] = []

    /// Reads the queue of one engine; a first read the engine refuses throws its error.
    @MainActor
    static func read(
        client: HTTPEngineClient, settings: ConnectionSettings, maxRequests: Int, timeout: TimeInterval
    ) throws(EngineError) -> QueueSnapshot {
        let link = EngineLink(label: "", settings: settings)
        let snapshot = read([(link, client)], maxRequests: maxRequests, timeout: timeout)
        if let failure = snapshot.failures.first { throw failure.error }
        return snapshot
    }

    /// Reads the queues of these engines at once (several: every row tagged with its engine).
    /// An engine that refuses its first read is given up and named in ``failures``; the others'
    /// rows are read all the same.
    @MainActor
    static func read(_ engines: [(link: EngineLink, client: HTTPEngineClient)], maxRequests: Int, timeout: TimeInterval)
        -> QueueSnapshot
    {
        let recorders = engines.map { (link: $0.link, label: $0.link.label, recorder: RecordingClient(base: $0.client)) }
        let first = engines[0].link.settings
        var state = ConsoleState(
            engineLabel: first.engineDisplay, engineURL: first.engineURL.absoluteString,
            reviewer: first.reviewer, now: Date(), size: Size(width: 80, height: 24))
        state.prepareOneShotRead(maxRequests: maxRequests, checksInFlight: checksInFlight)
        if engines.count > 1 { state.watch(engines.map(\.link.spec)) }
        let clients = Dictionary(uniqueKeysWithValues: recorders.map { ($0.label, $0.recorder as any EngineClient) })
        let runner = ConsoleRunner(state: state, client: recorders[0].recorder, clients: engines.count > 1 ? clients : [:],
                                   terminal: LineTerminal(watchesOutput: false), theme: .default, journal: nil)
        runner.begin()
        let deadline = Date().addingTimeInterval(timeout)
        var failures: [(link: EngineLink, error: EngineError)] = []
        while true {
            failures = recorders.compactMap { engine in
                guard runner.state.firstReadFailed(engine.label), let error = engine.recorder.firstError else { return nil }
                return (engine.link, error)
            }
            let given = Set(failures.map(\.link.label))
            if runner.state.oneShotReadIsOver(except: given) || given.count == recorders.count || Date() >= deadline { break }
            _ = runner.step(waitMilliseconds: 50)
        }
        var bodies: [String: Data] = [:]
        for engine in recorders {
            for (id, body) in engine.recorder.bodies { bodies[RowKey.make(engine: engine.label, id: id)] = body }
        }
        let given = Set(failures.map(\.link.label))
        return QueueSnapshot(state: runner.state, bodies: bodies, timedOut: !runner.state.oneShotReadIsOver(except: given),
                             failures: failures)
    }

    /// The held requests, oldest first.
    var requests: [ReviewRequest] { QueueFormat.sorted(Array(state.table.items.values)) }

    /// What the read could not know, for stderr: each line a fact about the engine or the read.
    var caveats: [String] {
        state.oneShotCaveats + failures.map { $0.link.failureLine($0.error) } + timedOutLine
    }

    /// Whether the read ran out of time (said once, for one engine or all).
    private var timedOutLine: [String] {
        timedOut ? ["the engine did not finish answering in time: the list may be incomplete"] : []
    }

    /// The held requests' JSON, one array, oldest first: the engine's bytes, terminal-safe; with
    /// several engines each object starts with an `engine` key holding its engine's label.
    var jsonArray: String {
        let elements = requests.compactMap { item in
            bodies[item.id].map { QueueFormat.tagged(String(decoding: $0, as: UTF8.self), engine: item.engine) }
        }
        guard !elements.isEmpty else { return "[]" }
        return WireFormat.jsonSafe("[\n" + elements.joined(separator: ",\n") + "\n]")
    }
}

// MARK: - Recording client

/// The engine client of a one-shot read: answers as the HTTP client does, and keeps each
/// request's JSON as the engine last sent it, and the first error of a list read.
final class RecordingClient: EngineClient, @unchecked Sendable {
    private let base: HTTPEngineClient
    private let lock = NSLock()
    private var recorded: [String: Data] = [:]
    private var error: EngineError?

    init(base: HTTPEngineClient) {
        self.base = base
    }

    /// Each request's JSON, the latest answer's.
    var bodies: [String: Data] { lock.withLock { recorded } }

    /// The first failed list read's error.
    var firstError: EngineError? { lock.withLock { error } }

    func health() async throws(EngineError) -> EngineHealth { try await base.health() }

    func pending() async throws(EngineError) -> PendingList {
        try await recordList { () async throws(EngineError) in try await base.pendingWithBody() }
    }

    func pending(page: PageRequest) async throws(EngineError) -> PendingList {
        try await recordList { () async throws(EngineError) in try await base.pendingWithBody(page: page) }
    }

    func item(id: String) async throws(EngineError) -> ReviewRequest {
        let (item, body) = try await base.itemWithBody(id: id)
        lock.withLock { recorded[item.id] = RawJSON.trimmed(body) }
        return item
    }

    func resolve(id: String, decision: Decision, resolvedBy: String, note: String) async throws(EngineError)
        -> ResolveReceipt
    {
        try await base.resolve(id: id, decision: decision, resolvedBy: resolvedBy, note: note)
    }

    func probe() async -> EngineProfile { await base.probe() }

    /// Runs a list read, keeping its items' bytes (the first of duplicates, as the decoder does).
    private func recordList(
        _ read: () async throws(EngineError) -> (list: PendingList, body: Data)
    ) async throws(EngineError) -> PendingList {
        do throws(EngineError) {
            let (list, body) = try await read()
            var fresh: [String: Data] = [:]
            for element in RawJSON.arrayElements(body, key: "items") ?? [] {
                guard let item = try? WireFormat.decodeItem(element), fresh[item.id] == nil else { continue }
                fresh[item.id] = element
            }
            lock.withLock { recorded.merge(fresh) { _, new in new } }
            return list
        } catch {
            lock.withLock { self.error = self.error ?? error }
            throw error
        }
    }
}
