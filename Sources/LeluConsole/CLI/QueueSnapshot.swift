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

    /// Reads the queue; a first read the engine refuses throws its error.
    @MainActor
    static func read(
        client: HTTPEngineClient, settings: ConnectionSettings, maxRequests: Int, timeout: TimeInterval
    ) throws(EngineError) -> QueueSnapshot {
        let recorder = RecordingClient(base: client)
        var state = ConsoleState(
            engineLabel: settings.engineDisplay, engineURL: settings.engineURL.absoluteString,
            reviewer: settings.reviewer, now: Date(), size: Size(width: 80, height: 24))
        state.sync.maxRequests = maxRequests
        state.sync.checkArrivals = true
        state.sync.maxChecksPerSecond = 200
        state.sync.maxChecksInFlight = checksInFlight
        state.sync.discoveryPolls = 2
        let runner = ConsoleRunner(state: state, client: recorder, terminal: LineTerminal(watchesOutput: false),
                                   theme: .default, journal: nil)
        runner.begin()
        let deadline = Date().addingTimeInterval(timeout)
        while !isSettled(runner.state) {
            if runner.state.sync.lastGoodPoll == nil, runner.state.sync.failedPolls > 0, let error = recorder.firstError {
                throw error
            }
            if Date() >= deadline { break }
            _ = runner.step(waitMilliseconds: 50)
        }
        return QueueSnapshot(state: runner.state, bodies: recorder.bodies, timedOut: !isSettled(runner.state))
    }

    /// Whether the read is over: the first reads are done, no page or check is out, and every
    /// row in doubt has been asked about (a failed check leaves its row marked, not hidden).
    static func isSettled(_ state: ConsoleState) -> Bool {
        let sync = state.sync
        return state.sync.lastGoodPoll != nil && sync.settled && !state.sync.pollInFlight && sync.sweep == nil
            && sync.checking.isEmpty && sync.doubt.isSubset(of: sync.checkFailed)
    }

    /// The held requests, oldest first.
    var requests: [ReviewRequest] { QueueFormat.sorted(Array(state.table.items.values)) }

    /// What the read could not know, for stderr: each line a fact about the engine or the read.
    var caveats: [String] {
        var lines: [String] = []
        let sync = state.sync
        let held = state.table.items.count
        if sync.listing == .capped, sync.capped {
            lines.append("the engine lists \(count: state.engineFacts.listLimit) at a time: \(count: held) shown, more may be pending")
        }
        if let newer = newerNotShown(state) {
            lines.append("\(count: newer) newer not shown (--max-requests \(sync.maxRequests))")
        }
        if !sync.checkFailed.isEmpty {
            lines.append("\(count: sync.checkFailed.count) could not be checked with the engine; shown as it last listed them")
        }
        if state.sync.skippedItems > 0 { lines.append("\(count: state.sync.skippedItems) malformed or duplicate item(s) skipped") }
        if timedOut { lines.append("the engine did not finish answering in time: the list may be incomplete") }
        return lines
    }

    /// The held requests' JSON, one array, oldest first: the engine's bytes, terminal-safe.
    var jsonArray: String {
        let elements = requests.compactMap { bodies[$0.id].map { String(decoding: $0, as: UTF8.self) } }
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
