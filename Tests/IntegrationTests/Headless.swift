@testable import ConsoleRuntime
import Foundation
@testable import LeluConsole
@testable import ReviewModel
import Testing
import TestSupport

// The terminal is TestSupport's `ScriptedTerminal` (shared with the runner's own tests).

// MARK: - Headless console

/// A real ``ConsoleRunner`` with a real engine client and journal, on a ``ScriptedTerminal``.
@MainActor
final class HeadlessConsole {
    /// The runner under test.
    let runner: ConsoleRunner
    /// Its terminal.
    let terminal: ScriptedTerminal
    /// Its journal file.
    let journal: Journal
    /// Who it decides as.
    let reviewer: String
    /// False once the runner has quit.
    private(set) var running = false

    /// A console like `ConsoleSession` builds one: the journal's history for this engine is loaded,
    /// and what it left unsent is recovered.
    init(client: any EngineClient, engineURL: String, reviewer: String, journalPath: String,
         configure: (inout ConsoleState) -> Void = { _ in }) {
        let terminal = ScriptedTerminal()
        let journal = Journal(path: journalPath)
        var state = ConsoleState(engineLabel: engineURL, engineURL: engineURL, reviewer: reviewer,
                                 pollInterval: 0.2, now: Date(), size: terminal.size)
        state.restore(fromJournal: journal.readAll())
        configure(&state)
        self.terminal = terminal
        self.journal = journal
        self.reviewer = reviewer
        self.runner = ConsoleRunner(state: state, client: client, terminal: terminal, theme: .default,
                                    journal: journal)
    }

    /// The runner's state.
    var state: ConsoleState { runner.state }

    /// The newest journal record per request, by ID.
    func latestRecords() -> [String: JournalEntry] {
        var latest: [String: JournalEntry] = [:]
        for entry in journal.readAll() { latest[entry.id] = entry }
        return latest
    }

    /// Starts the runner (the first poll).
    func begin() {
        runner.begin()
        running = true
    }

    /// One loop turn; false once the runner has quit.
    @discardableResult
    func step() -> Bool {
        guard running else { return false }
        running = runner.step(waitMilliseconds: 0)
        return running
    }

    /// IDs listed on screen with no decision under way: what a reviewer could still decide.
    var undecided: [String] {
        state.table.order.filter { state.pendingDecision($0) == nil }
    }

    /// Whether nothing is held, queued, in flight or waiting to learn who won a conflict.
    var settled: Bool {
        state.unsentCount == 0 && state.pipeline.conflicts.isEmpty
    }
}

// MARK: - Driver

/// The consoles did not quit within the bound; they were sent SIGTERM.
struct DriveTimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Steps `consoles` (in turn, on the main actor) and calls `script` after every turn until all
/// have quit; `script` types keys when what it sees calls for them.
///
/// Between turns the driver sleeps a few milliseconds without holding a thread. If the consoles
/// are still running after `limit`, each is sent SIGTERM (it quits, leaving its journal as it
/// is) and ``DriveTimedOut`` is thrown: the bound keeps a broken build from hanging the suite;
/// it asserts nothing about speed.
@MainActor
func drive(_ consoles: [HeadlessConsole], limit: Duration = .seconds(50), _ script: () async throws -> Void)
    async throws
{
    for console in consoles { console.begin() }
    let deadline = ContinuousClock.now + limit
    while consoles.contains(where: \.running) {
        for console in consoles { console.step() }
        try await script()
        if ContinuousClock.now > deadline {
            for console in consoles where console.running { console.terminal.sendSignal() }
            while consoles.contains(where: \.running) {
                for console in consoles { console.step() }
            }
            let states = consoles.map { "\($0.reviewer): \($0.state.unsentCount) unsent, "
                + "\($0.state.pipeline.conflicts.count) conflicts open, status \($0.state.status?.text ?? "-")" }
            throw DriveTimedOut(description: "consoles still running after \(limit): " + states.joined(separator: "; "))
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
