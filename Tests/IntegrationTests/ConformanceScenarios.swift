import Foundation
import NIOHTTP1
@testable import ReviewModel
import Testing
@testable import LeluClient

// MARK: - One suite, every engine

/// The same scenarios against the local engine in each dialect and store, through the real
/// `lelu-console` binary: what a reviewer sees and what reached the engine.
@Suite("Conformance: every engine", .serialized)
struct ConformanceScenarios {
    @Test("list and show, as a table and as the engine's own JSON", arguments: EngineVariant.allCases)
    func listAndShow(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund", "delete_user"])

        let list = try await fx.console(["list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(ids.allSatisfy { list.stdout.contains($0) }, "\(list.stdout)")

        // Every item exactly as the engine wrote it: same keys, same order, same timestamp digits.
        let engineBody = try await fx.http(.GET, "/v1/queue/pending").body
        let rawItems = try #require(RawJSON.arrayElements(engineBody, key: "items"))
        let json = try await fx.console(["list", "--json"])
        #expect(json.status == 0)
        for raw in rawItems { #expect(json.stdout.contains(String(decoding: raw, as: UTF8.self))) }
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [Any])

        let show = try await fx.console(["show", ids[1]])
        #expect(show.status == 0)
        #expect(show.stdout.contains("delete_user") && show.stdout.contains("status:      pending"), "\(show.stdout)")
        let showJSON = try await fx.console(["show", ids[1], "--json"])
        let itemBody = try await fx.http(.GET, "/v1/queue/\(ids[1])").body
        #expect(showJSON.stdout == String(decoding: RawJSON.trimmed(itemBody), as: UTF8.self) + "\n")

        let missing = try await fx.console(["show", "00000000-0000-0000-0000-000000000000"])
        #expect(missing.status == 5 && missing.stderr.contains("not found"), "\(missing.stderr)")
    }

    @Test("approve and deny with a note; a second reviewer's conflict names who won", arguments: EngineVariant.allCases)
    func decideAndConflict(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund", "delete_user"])

        let approve = try await fx.console(["approve", ids[0], "--note", "ticket 42", "--reviewer", "bob"]
            + fx.reviewerKey(fx.bob))
        #expect(approve.status == 0, "\(approve.stderr)")
        let approved = try await fx.item(ids[0])
        #expect(approved.status == .approved && approved.resolvedBy == "bob" && approved.resolutionNote == "ticket 42")
        let receipt = variant.checksReviewers ? " as bob ✓" : variant.isCurrent ? " as bob" : ""
        #expect(approve.stdout == "approved \(ids[0]) (issue_refund)\(receipt)\n")

        let deny = try await fx.console(["deny", ids[1], "--note", "not today", "--reviewer", "alice"]
            + fx.reviewerKey(fx.alice))
        #expect(deny.status == 0, "\(deny.stderr)")
        #expect(try await fx.item(ids[1]).status == .denied)

        // Alice, a second console, decides what Bob already approved.
        let late = try await fx.console(["deny", ids[0], "--reviewer", "alice"] + fx.reviewerKey(fx.alice))
        #expect(late.status == 5)
        #expect(late.stderr.contains("\(ids[0]): already approved by bob"), "\(late.stderr)")
        #expect(try await fx.item(ids[0]).status == .approved, "the engine kept the first decision")

        let unknown = try await fx.console(["approve", "00000000-0000-0000-0000-000000000000"] + fx.reviewerKey(fx.alice))
        #expect(unknown.status == 5 && unknown.stderr.contains("not found"), "\(unknown.stderr)")
    }

    @Test("a wrong API key is exit 4 and names the API key", arguments: EngineVariant.allCases)
    func wrongAPIKey(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund"])
        let result = try await fx.console(["approve", ids[0]] + fx.reviewerKey(fx.alice),
                                          env: ["LELU_API_KEY": "lelu_test_wrong_key"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("401") && result.stderr.contains("LELU_API_KEY"), "\(result.stderr)")
        #expect(try await fx.item(ids[0]).status == .pending)
    }

    @Test("reviewer key missing, wrong, right", arguments: EngineVariant.allCases)
    func reviewerKeys(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund", "delete_user"])

        let missing = try await fx.console(["approve", ids[0]])
        let wrong = try await fx.console(["approve", ids[1], "--reviewer-key-file", fx.wrong])
        if variant.checksReviewers {
            #expect(missing.status == 4)
            #expect(missing.stderr.contains("needs a reviewer key") && missing.stderr.contains("--reviewer-key-file"))
            #expect(!missing.stderr.contains("LELU_API_KEY"), "never told to fix the API key: \(missing.stderr)")
            #expect(wrong.status == 4 && wrong.stderr.contains("rejected the reviewer key"), "\(wrong.stderr)")
            let first = try await fx.item(ids[0])
            let second = try await fx.item(ids[1])
            #expect(first.status == .pending && second.status == .pending, "nothing reached the engine")
            let right = try await fx.console(["approve", ids[0], "--reviewer-key-file", fx.alice, "--reviewer", "mallory"])
            #expect(right.status == 0, "\(right.stderr)")
            #expect(right.stdout.hasSuffix(" as alice ✓\n"), "\(right.stdout)")
            #expect(try await fx.item(ids[0]).resolvedBy == "alice", "the engine names the credential's owner")
        } else {
            // Engines that do not check reviewers ignore the header: both decisions land.
            #expect(missing.status == 0 && wrong.status == 0, "\(missing.stderr) \(wrong.stderr)")
        }
        let config = try await fx.console(["config", "--reviewer-key-file", fx.alice])
        #expect(config.stdout.contains("reviewer key") && config.stdout.contains("set (from file"))
        #expect(!config.stdout.contains(EngineVariant.aliceKey))
        let kind = variant.checksReviewers ? "current API · reviewer credentials required"
            : variant.isCurrent ? "current API · reviewer names self-asserted" : "July 2026 API"
        #expect(config.stdout.contains(kind), "\(config.stdout)")
    }

    @Test("self-approval: the current engine refuses it, July's does not", arguments: EngineVariant.allCases)
    func selfApproval(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund"], actor: "invoice_bot")
        let result = try await fx.console(["approve", ids[0], "--reviewer", "invoice_bot"] + fx.reviewerKey(fx.alice))
        switch variant {
        case .current:
            #expect(result.status == 4)
            #expect(result.stderr.contains("the reviewer name is the agent's own"), "\(result.stderr)")
            #expect(try await fx.item(ids[0]).status == .pending)
        case .currentReviewers:
            // An authenticated reviewer is named by the credential: no self-approval check runs.
            let item = try await fx.item(ids[0])
            #expect(result.status == 0 && item.resolvedBy == "alice")
        case .julyMemory, .julyStream:
            #expect(result.status == 0, "July accepts any name")
            #expect(try await fx.item(ids[0]).resolvedBy == "invoice_bot")
        }
    }

    @Test("an expired request: shown as expired, a decision on it is exit 5", arguments: [EngineVariant.current])
    func expired(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant, extraArguments: ["--pending-max-age", "1s"])
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund"])
        try await Task.sleep(for: .milliseconds(1500))
        let show = try await fx.console(["show", ids[0]])
        #expect(show.stdout.contains("status:      expired"), "\(show.stdout)")
        let list = try await fx.console(["list"])
        #expect(!list.stdout.contains(ids[0]), "an expired request is not pending")
        let approve = try await fx.console(["approve", ids[0]])
        #expect(approve.status == 5)
        #expect(approve.stderr.contains("expired without a decision"), "\(approve.stderr)")
    }

    @Test("a decision body over the engine's limit says the note is too long", arguments: EngineVariant.allCases)
    func bodyOverLimit(_ variant: EngineVariant) async throws {
        let fx = try await ConformanceFixture(variant)
        defer { fx.stop() }
        let ids = try await fx.enqueue(["issue_refund"])
        let settings = ConnectionSettings(
            engineURL: try url(fx.engine.baseURL), engineSource: .builtIn, apiKey: CLIFixture.key,
            reviewer: "alice", reviewerSource: .builtIn)
        var configuration = settings.clientConfiguration()
        configuration.reviewerKey = variant.checksReviewers ? EngineVariant.aliceKey : nil
        let note = String(repeating: "n", count: 300 * 1024)
        let outcome: Result<ResolveReceipt, EngineError> = await HTTPEngineClient.withClient(configuration) { client in
            do throws(EngineError) {
                return .success(try await client.resolve(id: ids[0], decision: .approve, resolvedBy: "alice", note: note))
            } catch {
                return .failure(error)
            }
        }
        if variant.isCurrent {
            #expect(outcome == .failure(.tooLarge))
            #expect(EngineError.tooLarge.message(engine: "e").contains("shorten the note"))
            #expect(try await fx.item(ids[0]).status == .pending)
        } else {
            #expect((try? outcome.get()) != nil, "the July engine has no body limit")
        }
    }
}
