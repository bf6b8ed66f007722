import Foundation
@testable import ReviewModel
import Testing
@testable import ConsoleRuntime

// MARK: - End to end in tmux

/// The real `lelu-console` binary in a private tmux server against a real `lelu-local-engine` process.
@Suite("Console end to end (tmux)", .serialized)
struct ConsoleEndToEndTests {
    static let key = "lelu_test_e2e_5b9c"

    /// The console's environment: a private home, UTF-8, the key in the environment.
    func environment(home: URL) -> [String: String] {
        ["TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": home.path, "LELU_HOME": home.path,
         "LELU_API_KEY": Self.key, "USER": "tester"]
    }

    func tempHome() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    func engineEnvironment() -> [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    @Test("approve with a, deny with D + note, resize, quit: the engine has both and the terminal is restored")
    func approveDenyResizeQuit() async throws {
        let engine = try await EngineProcess(arguments: ["--api-key", Self.key], environment: engineEnvironment())
        defer { engine.stop() }
        let ids = try await enqueue(base: engine.baseURL, key: Self.key,
                                    actions: ["issue_refund", "invoice:create", "delete_user"])
        let home = try tempHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(
            command: "\(console) --engine \(engine.baseURL) --reviewer e2e@test --interval 0.3",
            environment: environment(home: home))

        try tmux.waitFor("all three requests") { screen in ids.allSatisfy { screen.contains($0.prefix(8)) } }
        #expect(try tmux.display("#{alternate_on}") == "1")
        // Oldest first: the first request is on top and selected.
        let screen = try tmux.capture()
        let rows = screen.split(separator: "\n").map(String.init)
        #expect(rows.firstIndex { $0.contains(ids[0].prefix(8)) } ?? 99 < rows.firstIndex { $0.contains(ids[1].prefix(8)) } ?? 0)
        #expect(rows.contains { $0.hasPrefix("▶") && $0.contains(ids[0].prefix(8)) })
        #expect(!screen.contains(Self.key) && !screen.contains("e2e_5b9c"), "the key never appears on screen")

        /// Whether the table (not the status line or footer) has a row for a request.
        func hasRow(_ screen: String, _ id: String) -> Bool {
            screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast(3)
                .contains { $0.contains(id.prefix(8)) }
        }
        try tmux.send("a")
        try tmux.waitFor("the approved row to leave") { !hasRow($0, ids[0]) }
        try tmux.waitFor(text: "approved issue_refund (\(ids[0].prefix(8)))")
        // The approved row left and the cursor went to the next one: decision keys wait a second.
        try tmux.send("D")
        try tmux.waitFor(text: "selection moved to invoice:create (\(ids[1].prefix(8))) — press again")
        try await Task.sleep(for: .milliseconds(1_100))
        try tmux.send("D")
        try tmux.waitFor(text: "note:")
        try tmux.send("no ticket 9921", literal: true)
        try tmux.send("Enter")
        try tmux.waitFor("the denied row to leave") { !hasRow($0, ids[1]) }

        try await withClient(engine.baseURL, key: Self.key) { client in
            let approved = try await client.item(id: ids[0])
            #expect(approved.status == .approved)
            #expect(approved.resolvedBy == "e2e@test")
            let denied = try await client.item(id: ids[1])
            #expect(denied.status == .denied)
            #expect(denied.resolvedBy == "e2e@test")
            #expect(denied.resolutionNote == "no ticket 9921")
            #expect(try await client.item(id: ids[2]).status == .pending, "nothing else was touched")
        }

        // Wide: the detail pane opens on the right with the full ID.
        try tmux.resize(width: 130, height: 40)
        try tmux.send("Enter")
        let wide = try tmux.waitFor("the detail pane beside the table") { $0.contains(ids[2]) && $0.contains("│") }
        #expect(wide.split(separator: "\n").contains { $0.contains("Request") && $0.contains(ids[2]) })
        // Too small, then back.
        try tmux.resize(width: 50, height: 10)
        try tmux.waitFor(text: "Terminal too small")
        try tmux.resize(width: 80, height: 24)
        try tmux.waitFor(text: String(ids[2].prefix(8)))

        try tmux.send("q")
        let after = try tmux.waitFor(text: "EXIT_RC=0")
        #expect(try tmux.display("#{alternate_on}") == "0")
        try tmux.waitFor(text: "icanon")
        let stty = try tmux.capture()
        #expect(stty.contains(" icanon") && !stty.contains("-icanon"), "canonical mode restored:\n\(after)")
        #expect(stty.contains(" echo ") && !stty.contains("-echo "), "echo restored")
    }

    @Test("filter to two rows, mark both, bulk approve with y; undo a slip; the journal matches the engine")
    func bulkApproveUndoAndJournal() async throws {
        let engine = try await EngineProcess(arguments: ["--api-key", Self.key], environment: engineEnvironment())
        defer { engine.stop() }
        let ids = try await enqueue(base: engine.baseURL, key: Self.key,
                                    actions: ["issue_refund", "issue_refund", "deploy", "send_email"])
        let home = try tempHome()
        defer { try? FileManager.default.removeItem(at: home) }
        var env = environment(home: home)
        env["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(
            command: "\(console) --engine \(engine.baseURL) --reviewer e2e@test --interval 0.3 --undo-window 2",
            environment: env)
        try tmux.waitFor("all four requests") { screen in ids.allSatisfy { screen.contains($0.prefix(8)) } }

        try tmux.send("/")
        try tmux.send("refund", literal: true)
        try tmux.send("Enter")
        try tmux.waitFor(text: "2 of 4 pending")
        try tmux.send("Space")
        try tmux.send("Space")
        try tmux.waitFor("both rows marked") { screen in
            screen.split(separator: "\n").filter { $0.hasPrefix(" ●") || $0.hasPrefix("▶●") }.count == 2
        }
        try tmux.send("a")
        try tmux.waitFor(text: "Approve 2 marked requests? y/N")
        try tmux.send("y")
        try tmux.waitFor(text: "2 approved", timeout: 15)

        try await withClient(engine.baseURL, key: Self.key) { client in
            for id in ids.prefix(2) {
                let item = try await client.item(id: id)
                #expect(item.status == .approved && item.resolvedBy == "e2e@test")
            }
        }

        // A slip: deny the deploy, take it back within the window.
        try tmux.send("Escape")
        try tmux.waitFor("the filter to clear") { $0.contains("connected") && !$0.contains("/refund") }
        // The approved rows left under the cursor: decision keys wait a second (selection guard).
        try await Task.sleep(for: .milliseconds(1500))
        try tmux.send("g")
        try tmux.send("d")
        try tmux.waitFor(text: "sending in")
        try tmux.send("u")
        try tmux.waitFor(text: "took back deny")
        try await Task.sleep(for: .seconds(3))
        try await withClient(engine.baseURL, key: Self.key) { client in
            let undone = try await client.item(id: ids[2])
            let untouched = try await client.item(id: ids[3])
            #expect(undone.status == .pending, "the undone decision never reached the engine")
            #expect(untouched.status == .pending)
        }
        try tmux.send("Tab")
        try tmux.waitFor(text: "HISTORY")
        try tmux.waitFor(text: "taken back")
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0")

        // The journal says what the engine says.
        let journal = Journal(path: home.appendingPathComponent("state/lelu-console/decisions.jsonl").path)
        let latest = JournalEntry.latest(journal.readAll())
        #expect(latest.count == 3)
        try await withClient(engine.baseURL, key: Self.key) { client in
            for entry in latest {
                let item = try await client.item(id: entry.id)
                switch entry.outcome {
                case .confirmed:
                    #expect(item.status == entry.decision.resultingStatus && item.resolvedBy == entry.reviewer)
                case .undone:
                    #expect(item.status == .pending && entry.id == ids[2])
                default:
                    Issue.record("unexpected outcome \(entry.outcome) for \(entry.id)")
                }
                #expect(entry.engine.hasPrefix(engine.baseURL))
            }
        }
        let raw = (try? String(contentsOfFile: journal.path, encoding: .utf8)) ?? ""
        #expect(!raw.contains(Self.key), "the journal never holds the API key")
        let history = try await run(try Binaries.path("lelu-console"), ["history", "--journal", journal.path],
                                    environment: ["PATH": "/usr/bin:/bin", "HOME": home.path])
        #expect(history.status == 0)
        #expect(history.stdout.split(separator: "\n").count == 3)
        #expect(history.stdout.contains("approved") && history.stdout.contains("taken back"))
    }

    @Test("a decision left 'sending' by a crashed session is sent on the next start, and said so")
    func recoveryOnStart() async throws {
        let engine = try await EngineProcess(arguments: ["--api-key", Self.key], environment: engineEnvironment())
        defer { engine.stop() }
        let ids = try await enqueue(base: engine.baseURL, key: Self.key, actions: ["issue_refund", "deploy"])
        let home = try tempHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let journal = Journal(path: home.appendingPathComponent("decisions.jsonl").path)
        let reviewer = "e2e@test"
        for (id, outcome) in [(ids[0], JournalOutcome.sending), (ids[1], .held)] {
            try journal.append(JournalEntry(
                time: Date(), engine: engine.baseURL, id: id, action: "issue_refund", actor: "support_agent",
                confidence: 0.78, decision: .approve, note: "from the crash", reviewer: reviewer, outcome: outcome))
        }
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(
            command: "\(console) --engine \(engine.baseURL) --reviewer \(reviewer) --journal \(journal.path)",
            environment: environment(home: home))
        try tmux.waitFor(text: "left unsent by the last session")
        try tmux.waitFor("both recovered rows to leave") { screen in
            !ids.contains { id in screen.split(separator: "\n").dropLast(3).contains { $0.contains(id.prefix(8)) } }
        }
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0")
        try await withClient(engine.baseURL, key: Self.key) { client in
            for id in ids {
                let item = try await client.item(id: id)
                #expect(item.status == .approved && item.resolvedBy == reviewer && item.resolutionNote == "from the crash")
            }
        }
        let latest = JournalEntry.latest(journal.readAll())
        #expect(latest.count == 2 && latest.allSatisfy { $0.outcome == .confirmed })
    }

    @Test("keys stay live while the engine hangs, and the header says it is slow")
    func hangingEngine() async throws {
        let release = ServerRelease()
        defer { release.release() }
        try await withServer(slowServer(delay: .seconds(30), release: release)) { base in
            defer { release.release() }
            let home = try tempHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let console = try Binaries.path("lelu-console").path
            let tmux = try Tmux(command: "\(console) --engine \(base)", environment: environment(home: home))
            try tmux.waitFor(text: "slow: waiting")
            try tmux.send("?")
            try tmux.waitFor(text: "Keys —")
            try tmux.send("Escape")
            try tmux.waitFor("help to close") { !$0.contains("Keys —") }
            try tmux.send("q")
            try tmux.waitFor(text: "EXIT_RC=0")
        }
    }

    @Test("SIGTERM, SIGHUP and SIGINT restore the terminal", arguments: ["TERM", "HUP", "INT"])
    func signalsRestoreTheTerminal(signal: String) async throws {
        let engine = try await EngineProcess(arguments: ["--api-key", Self.key], environment: engineEnvironment())
        defer { engine.stop() }
        let home = try tempHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(command: "\(console) --engine \(engine.baseURL)", environment: environment(home: home))
        try tmux.waitFor(text: "No requests waiting")
        #expect(try tmux.display("#{alternate_on}") == "1")
        let pid = try tmux.programPID()
        _ = try Tmux.run(["kill", "-\(signal)", "\(pid)"])
        try tmux.waitFor(text: "EXIT_RC=")
        #expect(try tmux.display("#{alternate_on}") == "0")
        let screen = try tmux.waitFor(text: "icanon")
        #expect(!screen.contains("-icanon") && !screen.contains("-echo "), "\(screen)")
    }

    @Test("without a terminal the console exits 2 and suggests list; help never shows the key")
    func notATerminal() async throws {
        let env = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LELU_API_KEY": Self.key]
        let result = try await run(try Binaries.path("lelu-console"), [], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("lelu-console list"))
        #expect(result.stderr.hasPrefix("lelu-console: the console needs a terminal"), "one program name: \(result.stderr)")
        for args in [["--help"], ["console", "--help"], ["demo", "--help"], ["list", "--help"]] {
            let help = try await run(try Binaries.path("lelu-console"), args, environment: env)
            #expect(help.status == 0)
            #expect(!(help.stdout + help.stderr).contains(Self.key), "\(args) shows the key")
        }
    }
}
