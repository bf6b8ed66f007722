import AsyncHTTPClient
import Foundation
import LocalEngine
import NIOCore
import ReviewModel
import LeluClient

// MARK: - Engines

/// The key every benchmark engine uses.
let benchKey = "lelu_bench_key"

/// A failure that ends the benchmark with a message.
struct BenchFailure: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
    /// Creates a failure.
    init(_ description: String) { self.description = description }
}

/// Starts an in-process engine on loopback with a list limit.
func startEngine(listLimit: Int) async throws -> LocalEngine {
    try await LocalEngine.start(LocalEngineConfiguration(apiKey: benchKey, listLimit: listLimit))
}

/// A console client for an engine (the same configuration the console uses, default timeouts).
func makeClient(_ base: String) throws -> HTTPEngineClient {
    guard let url = URL(string: base) else { throw BenchFailure("bad engine URL \(base)") }
    return HTTPEngineClient(baseURL: url, apiKey: benchKey)
}

// MARK: - Agent requests

/// Action names for generated requests; varied so filters have something to choose between.
let benchActions = [
    "issue_refund", "delete_user", "send_email", "rotate_api_key", "export_report", "update_invoice",
    "close_ticket", "grant_role", "transfer_funds", "purge_cache", "merge_accounts", "reset_password",
]

/// One agent request's JSON body with confidence 0.78 (the review band).
func authorizeBody(index: Int, action: String) -> String {
    let actor = "agent_\(index % 37)"
    let tenant = "tenant_\(index % 5)"
    return #"{"actor":"\#(actor)","action":"\#(action)","tenant_id":"\#(tenant)","#
        + #""resource":{"order_id":"ord_\#(index)","region":"eu-west-\#(index % 3)"},"confidence":0.78}"#
}

/// Sends one `POST /v1/agent/authorize`; returns the review ID the engine queued it under ("" from a July engine).
func authorize(_ http: HTTPClient, base: String, body: String) async throws -> String {
    var request = HTTPClientRequest(url: base + "/v1/agent/authorize")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.headers.add(name: "Authorization", value: "Bearer \(benchKey)")
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await http.execute(request, timeout: .seconds(10))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
    // The July engine queues without saying under which ID: "" (the list has it).
    if object?["review_id"] == nil, object?["requires_human_review"] as? Bool == true { return "" }
    guard let id = object?["review_id"] as? String else {
        throw BenchFailure("authorize did not enqueue: \(String(buffer: bytes))")
    }
    return id
}

/// Enqueues `count` review requests, 16 at a time; returns their IDs.
func enqueue(base: String, count: Int, offset: Int = 0) async throws -> [String] {
    let http = HTTPClient.shared
    return try await withThrowingTaskGroup(of: [String].self) { group in
        let lanes = 16
        for lane in 0..<lanes {
            group.addTask {
                var ids: [String] = []
                var i = lane
                while i < count {
                    let index = offset + i
                    ids.append(try await authorize(
                        http, base: base, body: authorizeBody(index: index, action: benchActions[index % benchActions.count])))
                    i += lanes
                }
                return ids
            }
        }
        var all: [String] = []
        for try await ids in group { all += ids }
        return all
    }
}

/// The raw body of `GET /v1/queue/pending`.
func fetchPendingBody(base: String) async throws -> Data {
    var request = HTTPClientRequest(url: base + "/v1/queue/pending")
    request.headers.add(name: "Authorization", value: "Bearer \(benchKey)")
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 64 << 20)
    return Data(bytes.readableBytesView)
}

// MARK: - States

/// A console state at 200x60 that has applied one poll of `list`.
func polledState(_ list: PendingList, interval: TimeInterval = 1, limit: Int = 10_000) -> ConsoleState {
    let now = Date()
    var state = ConsoleState(engineLabel: "127.0.0.1:8080", reviewer: "bench@local", pollInterval: interval,
                             now: now, size: benchSize)
    state.knowListLimit(limit)
    _ = reduce(&state, .started(now))
    _ = reduce(&state, .pollSucceeded(list, at: now))
    return state
}

/// The terminal size every benchmark renders at.
let benchSize = Size(width: 200, height: 60)
