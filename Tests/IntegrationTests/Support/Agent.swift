import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport

// MARK: - An agent

/// `POST /v1/agent/authorize` at confidence 0.78 with the engine's `key`: queued for review.
///
/// Throws unless the engine says the request waits for a human.
func enqueueForReview(_ base: String, key: String, action: String, actor: String = "support_agent") async throws {
    var request = HTTPClientRequest(url: base + "/v1/agent/authorize")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.headers.add(name: "Authorization", value: "Bearer \(key)")
    let body: [String: Any] = ["actor": actor, "action": action, "resource": ["order_id": "ord_1"], "confidence": 0.78]
    request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
    guard object?["requires_human_review"] as? Bool == true else {
        throw SetupFailure(description: "authorize did not queue \(action): \(String(buffer: bytes))")
    }
}
