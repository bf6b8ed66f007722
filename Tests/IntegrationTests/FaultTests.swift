import AsyncHTTPClient
import Foundation
import Hummingbird
@testable import LeluConsole
@testable import LocalEngine
@testable import ReviewModel
import Testing
@testable import LeluClient

// MARK: - Fault tests 1–3

/// The real runner, engine client and journal, driven headless against engines that restart,
/// a proxy that fails half the requests, and a second console racing the first.
///
/// Nothing here asserts timing: each test waits for states, and `drive` only bounds the run so
/// a broken build fails instead of hanging.
@Suite("Fault tests: restarts, a faulty network, racing consoles", .serialized)
struct FaultTests {
    // MARK: Fault test 1: the engine restarts ten times

    @Test("fault 1: the engine restarts ten times while a reviewer decides; every decision ends confirmed, gone or failed — none left sending or held")
    func engineRestarts() async throws {
        let dir = try scratchDirectory()
        let result = try await Self.restartScenario(journalPath: dir.appendingPathComponent("decisions.jsonl").path)
        #expect(result.restarts == 10)
        #expect(!result.latest.isEmpty)
        for (id, entry) in result.latest {
            let ok: Bool = switch entry.outcome {
            case .confirmed, .gone, .failed: true
            // A decision the engine took whose answer was lost, sent again: our own decision, not a loss.
            case .conflict: entry.detail == entry.decision.resultingStatus.description
                && (entry.resolvedBy == nil || entry.resolvedBy == result.reviewer)
            case .held, .sending, .undone, .expired: false
            }
            #expect(ok, "\(id): \(entry.outcome) \(entry.outcomeText)")
        }
        // Every decision the last engine still knows is on it, as the journal says.
        #expect(!result.onFinalEngine.isEmpty)
        for item in result.onFinalEngine {
            guard let entry = result.latest[item.id] else { continue }
            #expect(entry.outcome == .confirmed, "\(item.id) is on the engine, but journalled \(entry.outcome)")
            #expect(item.status == entry.decision.resultingStatus)
            #expect(item.resolvedBy == result.reviewer)
        }
        // The last round was decided on an engine that stayed up: all of it landed.
        for id in result.lastRound {
            #expect(result.latest[id]?.outcome == .confirmed, "\(id): \(result.latest[id]?.outcomeText ?? "not decided")")
        }
    }

    /// What fault test 1 saw.
    struct RestartResult: Sendable {
        var reviewer: String
        var restarts: Int
        /// The newest journal record per ID.
        var latest: [String: JournalEntry]
        /// The items decided in the last round (after the last restart).
        var lastRound: [String]
        /// Every decided item the final engine still has, as it has it.
        var onFinalEngine: [ReviewRequest]
    }

    /// Eleven rounds of four requests with a restart (same port) between rounds; a scripted
    /// reviewer approves and denies one row at a time with a short undo window. Each restart
    /// comes once half the round is answered and another decision is held or in flight, so
    /// every round has decisions that land and decisions caught by the restart.
    @MainActor
    static func restartScenario(journalPath: String) async throws -> RestartResult {
        let key = "lelu_test_fault_restart"
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let engine = try await EngineProcess(arguments: ["--api-key", key], environment: environment)
        let base = engine.baseURL
        guard let port = URL(string: base)?.port else { throw SetupFailure(description: "no port in \(base)") }
        let client = HTTPEngineClient(configuration: .init(
            baseURL: try url(base), apiKey: key, connectTimeout: .seconds(1), requestTimeout: .seconds(2)))
        let reviewer = "restart@test"
        let console = HeadlessConsole(client: client, engineURL: base, reviewer: reviewer, journalPath: journalPath) {
            $0.undoWindow = 0.1
        }
        let side = EngineSide(engine: engine)
        // The engine side: enqueue a round, wait until the reviewer has decided half of it, restart.
        let restarter = Task { @MainActor in
            do {
                for round in 0...10 {
                    let ids = try await enqueue(base: base, key: key, actions: (0..<4).map { "restart\(round)_\($0)" })
                    // Restart once half the round is answered and (while any is left) another is held
                    // or on its way; the last round waits for every answer.
                    while true {
                        let outcomes = ids.compactMap { id in console.state.historyView.entries.first { $0.id == id }?.outcome }
                        let answered = outcomes.filter { $0 != .held && $0 != .sending }.count
                        let underway = outcomes.count - answered
                        if round == 10 ? answered == ids.count : answered >= ids.count / 2 && (underway > 0 || answered == ids.count) {
                            break
                        }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    if round == 10 {
                        side.lastRound = ids
                        break
                    }
                    let stopping = side.engine
                    try await blocking { stopping.stop() }
                    side.engine = try await EngineProcess(
                        arguments: ["--api-key", key, "--port", "\(port)"], environment: environment)
                    side.restarts += 1
                }
            } catch {
                side.failure = error
            }
            side.finished = true
        }
        var approve = true
        var quitSent = false
        do {
            try await drive([console]) {
                if let failure = side.failure { throw failure }
                guard !console.terminal.hasPendingInput, console.state.mode == .queue else { return }
                if side.finished {
                    // Everything decided and answered: quit (nothing is left to send).
                    if console.settled, !quitSent {
                        console.terminal.type(.char("q"))
                        quitSent = true
                    }
                    return
                }
                // The reviewer: once the last decision has left the undo window, walk to the first
                // undecided row and decide it, alternating approve and deny.
                guard console.state.pipeline.held.isEmpty, let target = console.undecided.first, let index = console.state.table.order.firstIndex(of: target),
                      let cursor = console.state.cursorIndex else { return }
                if cursor < index {
                    console.terminal.type(.char("j"))
                } else if cursor > index {
                    console.terminal.type(.char("k"))
                } else {
                    console.terminal.type(.char(approve ? "a" : "d"))
                    approve.toggle()
                }
            }
        } catch {
            restarter.cancel()
            _ = await restarter.result
            await client.shutdown()
            let stopping = side.engine
            try? await blocking { stopping.stop() }
            throw error
        }
        _ = await restarter.result
        var onFinalEngine: [ReviewRequest] = []
        let latest = console.latestRecords()
        for id in latest.keys {
            if let item = try? await client.item(id: id) { onFinalEngine.append(item) }
        }
        await client.shutdown()
        let stopping = side.engine
        try await blocking { stopping.stop() }
        return RestartResult(reviewer: reviewer, restarts: side.restarts, latest: latest, lastRound: side.lastRound,
                             onFinalEngine: onFinalEngine)
    }

    /// The engine process and what the restarting task has done, shared on the main actor.
    @MainActor
    final class EngineSide {
        /// The engine running now.
        var engine: EngineProcess
        /// Restarts so far.
        var restarts = 0
        /// The IDs of the last round.
        var lastRound: [String] = []
        /// Set when the task has ended.
        var finished = false
        /// Why it ended early, if it did.
        var failure: (any Error)?

        init(engine: EngineProcess) {
            self.engine = engine
        }
    }

    // MARK: Fault test 2: a proxy that fails half the requests

    @Test("fault 2: 500 decisions through a proxy that drops, resets, stalls, delays or answers 503 half the requests land exactly once")
    func faultyNetwork() async throws {
        let dir = try scratchDirectory()
        try await withEngine(.init(apiKey: testKey, listLimit: 1000)) { engine in
            try await Self.faultyNetwork(engine: engine, dir: dir)
        }
    }

    /// Fault test 2 against a running engine.
    static func faultyNetwork(engine: LocalEngine, dir: URL) async throws {
        let ids = try await enqueue(base: engine.baseURL, key: testKey, actions: (0..<500).map { "bulk_\($0)" })
        let plan = FaultPlan(fraction: 0.5, maxInARow: 3, seed: 0x5EED_F417)
        let log = FaultLog()
        let reviewer = "flaky@test"
        let outcome = try await withServer(faultyProxy(to: engine.baseURL, plan: plan, log: log, stall: .milliseconds(1500))) { proxy in
            try await Self.bulkDecide(
                [BulkReviewer(name: reviewer, decision: .approve,
                              journalPath: dir.appendingPathComponent("decisions.jsonl").path)],
                engine: proxy, expect: ids.count, requestTimeout: .seconds(1))
        }
        let mine = try #require(outcome.first, "the reviewer's run reported nothing")

        // The proxy really faulted: every kind happened.
        let counts = await log.counts
        for fault in Fault.allCases {
            #expect(counts[fault, default: 0] > 0, "no \(fault) fault happened: \(counts)")
        }
        // Exactly once on the engine: each decision took effect once (one 200 upstream), as ours.
        let upstream = await log.decisions
        try await withClient(engine.baseURL) { client in
            for id in ids {
                let accepted = upstream[id, default: []].filter { $0 == 200 }.count
                #expect(accepted == 1, "\(id) was accepted \(accepted) times upstream: \(upstream[id, default: []])")
                let item = try await client.item(id: id)
                #expect(item.status == .approved && item.resolvedBy == reviewer, "\(id): \(item.status) by \(item.resolvedBy ?? "-")")
            }
        }
        // The journal: each confirmed, or a conflict with our own decision (the answer was lost, the retry
        // found it done) — never failed, gone, or left sending.
        #expect(mine.latest.count == ids.count)
        for id in ids {
            guard let entry = mine.latest[id] else {
                Issue.record("\(id) is not in the journal")
                continue
            }
            let ownConflict = entry.outcome == .conflict && entry.detail == "approved"
                && (entry.resolvedBy == nil || entry.resolvedBy == reviewer)
            #expect(entry.outcome == .confirmed || ownConflict, "\(id): \(entry.outcomeText)")
        }
        // "already approved" by ourselves is not shown as a failure, and the journal names us. Known gap:
        // when the item fetch after "already approved" fails transiently it is not retried, so the
        // conflict is journalled with no resolver and the batch reports "N already approved" as an error.
        let unnamed = mine.latest.values.filter { $0.outcome == .conflict && $0.resolvedBy == nil }
        #expect(unnamed.count == 0, "\(unnamed.count) conflicts journalled without who resolved them")
        #expect(mine.status?.kind != .error, "\(mine.status?.text ?? "-")")
    }

    // MARK: Fault test 3: two consoles race

    @Test("fault 3: two consoles race over 500 items: each is resolved once, and every loser journals and shows the winner")
    func racingConsoles() async throws {
        let dir = try scratchDirectory()
        try await withEngine(.init(apiKey: testKey, listLimit: 1000)) { engine in
            try await Self.racingConsoles(engine: engine, dir: dir)
        }
    }

    /// Fault test 3 against a running engine.
    static func racingConsoles(engine: LocalEngine, dir: URL) async throws {
        let ids = try await enqueue(base: engine.baseURL, key: testKey, actions: (0..<500).map { "race_\($0)" })
        let reviewers = [
            BulkReviewer(name: "alice@test", decision: .approve, journalPath: dir.appendingPathComponent("alice.jsonl").path),
            BulkReviewer(name: "bob@test", decision: .deny, journalPath: dir.appendingPathComponent("bob.jsonl").path,
                         newestFirst: true),
        ]
        let outcomes = try await Self.bulkDecide(reviewers, engine: engine.baseURL, expect: ids.count,
                                                 requestTimeout: .seconds(10))
        try #require(outcomes.count == 2, "both consoles report: \(outcomes.count)")

        var wins = [0, 0]
        try await withClient(engine.baseURL) { client in
            for id in ids {
                let item = try await client.item(id: id)
                guard let winner = reviewers.firstIndex(where: { $0.name == item.resolvedBy }) else {
                    Issue.record("\(id) resolved by \(item.resolvedBy ?? "nobody"), status \(item.status)")
                    continue
                }
                let loser = 1 - winner
                wins[winner] += 1
                // Resolved once, with the winner's decision.
                #expect(item.status == reviewers[winner].decision.resultingStatus)
                #expect(outcomes[winner].latest[id]?.outcome == .confirmed,
                        "\(id): the winner journalled \(outcomes[winner].latest[id]?.outcomeText ?? "nothing")")
                // The loser journals the conflict with the winner's name and status.
                let lost = outcomes[loser].latest[id]
                #expect(lost?.outcome == .conflict, "\(id): the loser journalled \(lost?.outcomeText ?? "nothing")")
                #expect(lost?.resolvedBy == reviewers[winner].name)
                #expect(lost?.detail == item.status.description)
            }
        }
        // Both won some (the race was real), and a console that lost says to whom.
        #expect(wins[0] + wins[1] == ids.count)
        for (index, outcome) in outcomes.enumerated() where wins[1 - index] > 0 {
            let winnerName = reviewers[1 - index].name
            #expect(outcome.status?.text.contains("by \(winnerName)") == true, "\(outcome.status?.text ?? "-")")
        }
        #expect(wins[0] > 0 && wins[1] > 0, "one console won every item: \(wins)")
    }

    /// One console in a bulk run: who, what it decides, where it journals.
    struct BulkReviewer: Sendable {
        var name: String
        var decision: Decision
        var journalPath: String
        /// Newest first: two consoles working from opposite ends meet, and race, in the middle.
        var newestFirst = false
    }

    /// What a bulk console ended with.
    struct BulkOutcome: Sendable {
        /// The newest journal record per ID.
        var latest: [String: JournalEntry]
        /// The status line when it quit.
        var status: StatusMessage?
    }

    /// Runs one console per reviewer against `engine`: each waits for all `expect` rows, marks all
    /// and decides them in bulk (`*`, `a`/`d`, `y`), all in the same turn; once every console has
    /// every answer, each quits with `q`.
    @MainActor
    static func bulkDecide(_ reviewers: [BulkReviewer], engine: String, expect: Int, requestTimeout: Duration)
        async throws -> [BulkOutcome]
    {
        let clients = try reviewers.map { _ in
            HTTPEngineClient(configuration: .init(
                baseURL: try url(engine), apiKey: testKey, connectTimeout: .seconds(1), requestTimeout: requestTimeout))
        }
        let consoles = zip(reviewers, clients).map { reviewer, client in
            HeadlessConsole(client: client, engineURL: engine, reviewer: reviewer.name,
                            journalPath: reviewer.journalPath) {
                $0.undoWindow = 0
                $0.table.setSort(.age, reversed: reviewer.newestFirst, tenants: [], rows: 1)
            }
        }
        var decided = false
        var statuses: [StatusMessage?] = Array(repeating: nil, count: consoles.count)
        do {
            try await drive(consoles) {
                if !decided {
                    guard consoles.allSatisfy({ $0.state.table.order.count == expect && $0.state.mode == .queue }) else { return }
                    for (console, reviewer) in zip(consoles, reviewers) {
                        console.terminal.type(.char("*"), .char(reviewer.decision == .approve ? "a" : "d"), .char("y"))
                    }
                    decided = true
                    return
                }
                let done = consoles.allSatisfy { !$0.terminal.hasPendingInput && $0.settled && $0.state.historyView.entries.count >= expect }
                guard done else { return }
                for (index, console) in consoles.enumerated() where console.running && !console.terminal.hasPendingInput {
                    statuses[index] = console.state.status
                    console.terminal.type(.char("q"))
                }
            }
        } catch {
            for client in clients { await client.shutdown() }
            throw error
        }
        for client in clients { await client.shutdown() }
        return zip(consoles, statuses).map { BulkOutcome(latest: $0.latestRecords(), status: $1) }
    }
}

/// A fresh directory under the system's temporary directory.
func scratchDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-fault-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
