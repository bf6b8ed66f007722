import AsyncHTTPClient
import Foundation
import NIOCore

// MARK: - Simulated agents

/// AI agents for the demo: they send realistic requests through `POST /v1/agent/authorize`.
///
/// Confidences sit mostly in the review band (0.70–0.89); some carry no signal
/// (queued with confidence 0 by an engine in `missing-confidence review` mode); a few
/// are high or low and never reach the queue, as in production.
struct SimulatedAgents: Sendable {
    /// The engine's base URL.
    var baseURL: String
    /// The engine's API key.
    var apiKey: String
    /// Requests per minute, on average.
    var ratePerMinute: Double
    /// Requests sent at once so the queue is alive from the first frame.
    var initialBurst = 5

    /// Sends requests until the task is cancelled.
    func run(client: HTTPClient) async {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<initialBurst {
            await send(Self.makeRequest(using: &rng), client: client)
        }
        while !Task.isCancelled {
            // Exponential gaps make arrivals look like real traffic.
            let mean = 60 / max(0.1, ratePerMinute)
            let gap = min(mean * 4, -mean * log(Double.random(in: 0.0001..<1, using: &rng)))
            try? await Task.sleep(nanoseconds: UInt64(gap * 1e9))
            guard !Task.isCancelled else { return }
            await send(Self.makeRequest(using: &rng), client: client)
        }
    }

    private func send(_ body: [String: Any], client: HTTPClient) async {
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { return }
        var request = HTTPClientRequest(url: baseURL + "/v1/agent/authorize")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: data))
        _ = try? await client.execute(request, timeout: .seconds(5))
    }

    // MARK: - Catalogue

    /// One agent request, drawn from the catalogue.
    static func makeRequest(using rng: inout SystemRandomNumberGenerator) -> [String: Any] {
        let scenario = scenarios.randomElement(using: &rng) ?? scenarios[0]
        var body: [String: Any] = [
            "actor": scenario.actor,
            "action": scenario.action,
            "resource": scenario.resource(&rng),
            "acting_for": people.randomElement(using: &rng) ?? "user_123",
            "scope": "write",
        ]
        if Int.random(in: 0..<3, using: &rng) > 0 {
            body["tenant_id"] = tenants.randomElement(using: &rng)
        }
        let roll = Double.random(in: 0..<1, using: &rng)
        if roll < 0.12 {
            // No confidence signal: queued with confidence 0.
        } else if roll < 0.20 {
            body["confidence"] = (Double.random(in: 0.9...0.99, using: &rng) * 100).rounded() / 100
        } else {
            body["confidence"] = (Double.random(in: 0.70...0.89, using: &rng) * 100).rounded() / 100
        }
        return body
    }

    struct Scenario: Sendable {
        var actor: String
        var action: String
        var resource: @Sendable (inout SystemRandomNumberGenerator) -> [String: String]
    }

    static let tenants = ["acme", "globex", "initech", "umbrella"]
    static let people = ["user_123", "alice@acme.example", "bob@globex.example", "cfo@initech.example", "user_981"]

    static let scenarios: [Scenario] = [
        Scenario(actor: "support_agent", action: "issue_refund") { rng in
            ["order_id": "ord_\(Int.random(in: 100...999, using: &rng))",
             "amount": String(format: "%.2f", Double.random(in: 5...900, using: &rng)), "currency": "USD"]
        },
        Scenario(actor: "invoice_bot", action: "invoice:create") { rng in
            ["customer_id": "cus_\(Int.random(in: 1000...9999, using: &rng))",
             "amount": String(format: "%.2f", Double.random(in: 100...5000, using: &rng)), "currency": "EUR"]
        },
        Scenario(actor: "ops_copilot", action: "delete_user") { rng in
            ["user_id": "usr_\(Int.random(in: 10000...99999, using: &rng))", "reason": "GDPR erasure request"]
        },
        Scenario(actor: "mailer", action: "send_email") { rng in
            ["to": ["all-customers@list", "press@example.com", "board@initech.example"]
                .randomElement(using: &rng) ?? "x", "subject": "Quarterly update"]
        },
        Scenario(actor: "deploy_bot", action: "deploy") { rng in
            ["service": ["billing", "auth", "search"].randomElement(using: &rng) ?? "billing",
             "version": "v2.\(Int.random(in: 0...40, using: &rng)).\(Int.random(in: 0...9, using: &rng))",
             "environment": "production"]
        },
        Scenario(actor: "ops_copilot", action: "rotate_credentials") { _ in
            ["secret": "stripe-live-key", "environment": "production"]
        },
        Scenario(actor: "pricing_agent", action: "update_price") { rng in
            ["sku": "SKU-\(Int.random(in: 100...999, using: &rng))",
             "new_price": String(format: "%.2f", Double.random(in: 1...99, using: &rng))]
        },
    ]
}
