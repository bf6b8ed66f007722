import Foundation
import Testing
@testable import ReviewModel
@testable import LeluClient

// MARK: - Every face, every engine

/// `list`, `watch` and the command-line decisions tell the table's truth on each engine: a request
/// another reviewer decided is never printed as pending, every pending request is printed once,
/// and every decision reaches the journal `history` reads.
@Suite("Conformance: every face tells the table's truth", .serialized)
struct FaceConformanceTests {
    /// Approves `id` as bob straight through the engine's API (another reviewer's console).
    static func approveElsewhere(_ fx: ConformanceFixture, _ id: String) async throws {
        var path = "/v1/queue/\(id)/approve"
        if fx.variant.checksReviewers {
            // The engine names the reviewer from the key; the console's own client sends it.
            path += ""
            let client = HTTPEngineClient(configuration: .init(
                baseURL: try #require(URL(string: fx.engine.baseURL)), apiKey: CLIFixture.key,
                reviewerKey: EngineVariant.bobKey))
            try await client.resolve(id: id, decision: .approve, resolvedBy: "bob", note: "")
            await client.shutdown()
            return
        }
        let answer = try await fx.http(.POST, path, body: #"{"resolved_by":"bob","note":""}"#)
        #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
    }

    @Test("list: after another reviewer approves 3 of 10, list and list --json print the other 7", arguments: EngineVariant.allCases)
    func listNeverPrintsResolved(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue((1...10).map { "action_\($0)" })
        for id in ids.prefix(3) { try await Self.approveElsewhere(fx, id) }
        let pending = Set(ids.dropFirst(3))

        let json = try await fx.console(["list", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(Set(items.compactMap { $0["id"] as? String }) == pending, "\(json.stdout)")
        #expect(items.allSatisfy { $0["status"] as? String == "pending" })
        // Each item is the engine's own bytes.
        for id in pending {
            let body = String(decoding: RawJSON.trimmed(try await fx.http(.GET, "/v1/queue/\(id)").body), as: UTF8.self)
            #expect(json.stdout.contains(body), "\(id) is not the engine's bytes")
        }

        let text = try await fx.console(["list"])
        #expect(text.status == 0, "\(text.stderr)")
        for id in ids.prefix(3) { #expect(!text.stdout.contains(id), "a resolved request was listed: \(text.stdout)") }
        for id in pending { #expect(text.stdout.contains(id)) }
    }

    @Test("approve and deny from the command line are journalled: history shows them confirmed, and a conflict as one", arguments: EngineVariant.allCases)
    func decisionsReachHistory(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund", "delete_user"])
        let approve = try await fx.console(["approve", ids[0], "--reviewer", "alice"] + fx.reviewerKey(fx.alice))
        #expect(approve.status == 0, "\(approve.stderr)")
        try await Self.approveElsewhere(fx, ids[1])
        let late = try await fx.console(["deny", ids[1], "--reviewer", "alice"] + fx.reviewerKey(fx.alice))
        #expect(late.status == 5, "\(late.stderr)")

        let history = try await fx.console(["history", "--json"])
        #expect(history.status == 0, "\(history.stderr)")
        let records = history.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let confirmed = try #require(records.first { $0["id"] as? String == ids[0] }, "\(history.stdout)")
        #expect(confirmed["outcome"] as? String == "confirmed" && confirmed["decision"] as? String == "approve")
        #expect(confirmed["action"] as? String == "issue_refund" && confirmed["engine"] as? String == fx.engine.baseURL + "/"
            || confirmed["engine"] as? String == fx.engine.baseURL, "\(confirmed)")
        let conflict = try #require(records.first { $0["id"] as? String == ids[1] }, "\(history.stdout)")
        #expect(conflict["outcome"] as? String == "conflict" && conflict["detail"] as? String == "approved", "\(conflict)")
        #expect(conflict["resolved_by"] as? String == "bob", "\(conflict)")

        let every = try await fx.console(["history", "--all", "--json"])
        let outcomes = every.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]).flatMap { record in
                record["id"] as? String == ids[0] ? record["outcome"] as? String : nil
            }
        }
        #expect(outcomes == ["sending", "confirmed"], "\(every.stdout)")
    }

    @Test("watch prints every pending request once as pending, then a decision elsewhere as resolved", arguments: EngineVariant.allCases)
    func watchPrintsEachOnce(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue((1...12).map { "action_\($0)" })
        let console = try Binaries.path("lelu-console").path
        let seen = fx.cli.home.appendingPathComponent("watch.jsonl").path
        let script = "timeout 60 '\(console)' watch --json --interval 0.3 | stdbuf -oL head -n 13 > '\(seen)'"
        let env = fx.cli.environment.merging(fx.env) { $1 }
        async let finished = run(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: env)
        try await waitForLines(seen, count: 12)
        try await Self.approveElsewhere(fx, ids[0])
        _ = try await finished
        let lines = String(decoding: FileManager.default.contents(atPath: seen) ?? Data(), as: UTF8.self)
            .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let pendingIDs = lines.filter { $0["event"] as? String == "pending" }.compactMap { $0["id"] as? String }
        #expect(pendingIDs.sorted() == ids.sorted(), "every request once, as pending: \(lines)")
        let last = try #require(lines.last)
        #expect(last["event"] as? String == "resolved" && last["id"] as? String == ids[0], "\(last)")
        #expect(last["seen"] is String && last["time"] is String)
    }

    /// Waits until a file holds `count` lines (at most 60 s).
    func waitForLines(_ path: String, count: Int) async throws {
        for _ in 0..<600 {
            let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            if text.split(separator: "\n").count >= count { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(path) never reached \(count) lines")
    }
}
