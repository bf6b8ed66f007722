import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import ReviewModel
import Testing
@testable import LeluClient

// MARK: - The engines

/// One engine the console must be right on: a dialect, a store, and whether it checks reviewers.
enum EngineVariant: String, CaseIterable, Sendable, CustomStringConvertible {
    case current = "current"
    case currentReviewers = "current + LELU_REVIEWER_KEYS"
    case julyMemory = "2026-07 memory"
    case julyStream = "2026-07 stream"

    var description: String { rawValue }

    /// The reviewer credentials the checking engine is started with (secrets of 16+ characters).
    static let aliceKey = "alice-reviewer-secret-0001"
    static let bobKey = "bob-reviewer-secret-000002"

    /// `lelu-local-engine` flags (after `--port 0 --api-key KEY`).
    var arguments: [String] {
        switch self {
        case .current, .currentReviewers: ["--dialect", "current"]
        case .julyMemory: ["--dialect", "2026-07", "--store", "memory"]
        case .julyStream: ["--dialect", "2026-07", "--store", "stream"]
        }
    }

    /// Extra environment for the engine process.
    var environment: [String: String] {
        self == .currentReviewers ? ["LELU_REVIEWER_KEYS": "alice:\(Self.aliceKey), bob:\(Self.bobKey)"] : [:]
    }

    var isCurrent: Bool { self == .current || self == .currentReviewers }
    var checksReviewers: Bool { self == .currentReviewers }
}

/// Starts one variant's engine and a console fixture around it.
struct ConformanceFixture {
    let variant: EngineVariant
    let cli: CLIFixture
    let engine: EngineProcess
    /// The reviewer-key files (mode 0600): alice's, bob's, and a wrong one.
    let alice: String
    let bob: String
    let wrong: String

    init(_ variant: EngineVariant, extraArguments: [String] = []) async throws {
        self.variant = variant
        cli = try CLIFixture()
        engine = try await EngineProcess(
            arguments: ["--api-key", CLIFixture.key] + variant.arguments + extraArguments,
            environment: cli.environment.merging(variant.environment) { $1 })
        alice = try Self.keyFile(cli.home, "alice.key", EngineVariant.aliceKey)
        bob = try Self.keyFile(cli.home, "bob.key", EngineVariant.bobKey)
        wrong = try Self.keyFile(cli.home, "wrong.key", "not-a-reviewer-secret-at-all")
    }

    /// Writes a key file readable by its owner only; returns its path.
    static func keyFile(_ home: URL, _ name: String, _ secret: String) throws -> String {
        let path = home.appendingPathComponent(name).path
        try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    /// The engine URL and API key, as a reviewer's environment holds them.
    var env: [String: String] { ["LELU_BASE_URL": engine.baseURL, "LELU_API_KEY": CLIFixture.key] }

    /// `lelu-console ARGS` against this engine; no reviewer secret may ever be printed.
    func console(_ arguments: [String], env extra: [String: String] = [:]) async throws -> Finished {
        let result = try await cli.console(arguments, env: env.merging(extra) { $1 })
        for secret in [EngineVariant.aliceKey, EngineVariant.bobKey, "not-a-reviewer-secret-at-all"] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "a reviewer key leaked: \(arguments)")
        }
        return result
    }

    /// The reviewer-key flag a decision needs on this engine (none where reviewers are not checked).
    func reviewerKey(_ path: String) -> [String] {
        variant.checksReviewers ? ["--reviewer-key-file", path] : []
    }

    /// Enqueues one request per action through `/v1/agent/authorize` and returns their IDs.
    ///
    /// The July engine's reply has no `review_id`: the new ID is the one the list gained (both
    /// July stores list the 50 newest or a random 50, so the queue is kept under 50 here).
    func enqueue(_ actions: [String], actor: String = "support_agent") async throws -> [String] {
        var ids: [String] = []
        for action in actions {
            let before = Set(try await rawList().map(\.id))
            let body = #"{"actor":"\#(actor)","action":"\#(action)","resource":{"order_id":"ord_7"},"confidence":0.78}"#
            let reply = try await http(.POST, "/v1/agent/authorize", body: body)
            let object = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            #expect(object?["requires_human_review"] as? Bool == true, "\(String(decoding: reply.body, as: UTF8.self))")
            if let id = object?["review_id"] as? String {
                #expect(variant.isCurrent, "the July engine never returns review_id")
                ids.append(id)
            } else {
                #expect(!variant.isCurrent, "the current engine returns review_id")
                let added = try await rawList().map(\.id).filter { !before.contains($0) }
                try #require(added.count == 1, "the list gained \(added)")
                ids.append(added[0])
            }
        }
        return ids
    }

    /// The engine's pending list, decoded, straight from the engine.
    func rawList() async throws -> [ReviewRequest] {
        try WireFormat.decodePending(try await http(.GET, "/v1/queue/pending").body).items
    }

    /// One HTTP exchange with the engine, API key included.
    func http(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: engine.baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(CLIFixture.key)")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }

    /// The item as the engine has it now.
    func item(_ id: String) async throws -> ReviewRequest {
        try WireFormat.decodeItem(try await http(.GET, "/v1/queue/\(id)").body)
    }

    func stop() {
        engine.stop()
        cli.cleanUp()
    }
}
