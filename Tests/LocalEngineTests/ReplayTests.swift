import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing
@testable import LocalEngine

// MARK: - Replaying the real July engine's answers

@Suite("Replay of the real July 2026 engine")
struct ReplayTests {
    /// The real July engine's recorded answers (`Tests/TestSupport/Fixtures`, shared with the decoder's tests).
    static let recording = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestSupport/Fixtures/real-engine-2026-07.md")

    /// How an exchange is compared when the local engine knowingly answers otherwise.
    enum Difference {
        /// Sent; only status and content type compared.
        case statusOnly(String)
        /// Sent; a list compared item by item in any order.
        case anyOrder(String)
        /// Not sent, because doing so would change the queue the later exchanges see.
        case notSent(String)
    }

    /// Every exchange the local engine does not answer byte for byte (modulo placeholders), and why.
    /// Every exchange not named here must match exactly: status, content type, body (and length, Allow).
    static let differences: [String: Difference] = [
        "authorize 0.95": .statusOnly("no risk_* fields, input/output hashes or policy_digest; the reason says \"confidence 95% meets threshold (90%)\" where the engine says \"action authorized\""),
        "authorize 0.60": .statusOnly("no risk fields or hashes; the reason wording for the read_only downgrade differs"),
        "authorize 0.40": .statusOnly("no risk fields or hashes; the reason wording for the hard deny differs"),
        "authorize unknown actor 0.78": .notSent("no policy file: the local engine would queue an actor the engine's auth.yaml does not name (policy-denied unknown actors)"),
        "authorize no actor": .notSent("no policy file: the local engine would queue a request without an actor, which the engine's policy denies"),
        "authorize signal 0.78": .statusOnly("no risk fields or hashes"),
        "authorize A 0.78 (enqueue)": .statusOnly("no risk fields or hashes"),
        "authorize B 0.80 (enqueue)": .statusOnly("no risk fields or hashes"),
        "authorize C 0.72 (enqueue)": .statusOnly("no risk fields or hashes"),
        "authorize unknown field": .statusOnly("no risk fields or hashes; the reason says \"confidence 95% meets threshold (90%)\""),
        "authorize conf 0.7000000000000001": .statusOnly("no risk fields or hashes"),
        "authorize conf 0.85": .statusOnly("no risk fields or hashes"),
        "authorize conf 0.8999999999": .statusOnly("no risk fields or hashes"),
        "authorize conf 0.7": .statusOnly("no risk fields or hashes"),
        "authorize conf 7e-1": .statusOnly("no risk fields or hashes"),
        "pending list (capture A)": .anyOrder("the in-memory list order is random in both engines"),
        "pending list (capture B)": .anyOrder("the in-memory list order is random in both engines"),
        "pending list (capture C)": .anyOrder("the in-memory list order is random in both engines"),
        "pending numeric": .statusOnly("the recording lists a seventh item (tenant acme, view_invoices, 0.72) that no recorded exchange created; the local engine lists the six they did"),
        "pending ?limit=1": .statusOnly("the same unexplained seventh item as in \"pending numeric\""),
    ]

    /// The Redis part's three requests, which the recording shows only as a list.
    static let redisRequests: [(String, String)] = [
        ("A", #"{"actor":"invoice_bot","action":"approve_refunds","confidence":0.8}"#),
        ("B", #"{"actor":"support_bot","action":"issue_credit","confidence":0.8}"#),
        ("C", #"{"actor":"invoice_bot","action":"view_invoices","confidence":0.8}"#),
    ]

    @Test("the local engine's July dialect answers every recorded exchange as the real engine did, but for the listed differences")
    func replay() async throws {
        let exchanges = try RecordingParser.parse(String(contentsOf: Self.recording, encoding: .utf8))
        #expect(exchanges.count == 68, "the recording's exchange count changed; review the differences table")
        let named = Set(exchanges.map(\.name))
        #expect(Set(Self.differences.keys).isSubset(of: named), "a difference names no exchange: \(Set(Self.differences.keys).subtracting(named))")
        var configuration = julyConfiguration()
        configuration.apiKey = "oracle-key"
        try await withEngine(configuration) { client, engine in
            var matcher = PlaceholderMatcher()
            for exchange in exchanges where !exchange.name.hasPrefix("redis:") {
                try await replay(exchange, client: client, engine: engine, matcher: &matcher)
            }
        }
        var redis = julyConfiguration(store: .stream)
        redis.apiKey = "oracle-key"
        try await withEngine(redis) { client, engine in
            var matcher = PlaceholderMatcher()
            for (letter, body) in Self.redisRequests {
                _ = try await client.post("/v1/agent/authorize", body)
                matcher.ids[letter] = await engine.queue.enqueuedIDs().last
            }
            for exchange in exchanges where exchange.name.hasPrefix("redis:") {
                if let summary = exchange.summary {
                    try await checkRedisSummary(summary, client: client, matcher: matcher)
                } else {
                    try await replay(exchange, client: client, engine: engine, matcher: &matcher)
                }
            }
        }
    }

    /// Sends one exchange and compares the answer as the differences table says.
    private func replay(_ exchange: RecordedExchange, client: EngineClient, engine: LocalEngine, matcher: inout PlaceholderMatcher) async throws {
        let difference = Self.differences[exchange.name]
        if case .notSent = difference { return }
        let key: String?? = exchange.name.contains("no auth") ? .some(nil)
            : exchange.name.contains("wrong key") ? .some("wrong")
            : exchange.name.contains("lowercase bearer") || exchange.name.contains("double space") ? .some(nil) : nil
        var headers: [(String, String)] = []
        if exchange.name.contains("lowercase bearer") { headers.append(("Authorization", "bearer oracle-key")) }
        if exchange.name.contains("double space") { headers.append(("Authorization", "Bearer  oracle-key")) }
        let path = matcher.substituted(exchange.path)
        let started = ContinuousClock.now
        let reply = try await client.send(HTTPMethod(rawValue: exchange.method), path, body: exchange.requestBody, key: key, headers: headers)
        if let letter = exchange.name.firstMatch(of: #/^authorize ([ABC]) /#)?.1 {
            matcher.ids[String(letter)] = await engine.queue.enqueuedIDs().last
        }
        let context = Comment(rawValue: "\(exchange): got \(reply.status) \(reply.contentType ?? "-") \(reply.text.debugDescription)")
        #expect(reply.status == exchange.status, context)
        #expect(reply.contentType == exchange.contentType, context)
        guard let recorded = exchange.body else { return }
        switch difference {
        case .statusOnly, .notSent: return
        case .anyOrder: #expect(try matcher.matchesInAnyOrder(reply.text, recorded), context)
        case nil:
            #expect(try matcher.matches(reply.text, recorded), context)
            if let allow = exchange.allow { #expect(reply.allow == allow, context) }
            let fixedLength = !PlaceholderMatcher.variableLength.contains { recorded.contains($0) }
            if fixedLength, let length = exchange.length {
                #expect(reply.headers.first(name: "Content-Length") == String(length), context)
            }
            if exchange.path.contains("timeout_ms=1000"), exchange.status == 408 {
                #expect(ContinuousClock.now - started >= .seconds(1), context)
            }
        }
    }

    /// `200 count=50 first=later_49 last=later_00 contains C (still pending)=False`, after 50 more requests.
    private func checkRedisSummary(_ summary: String, client: EngineClient, matcher: PlaceholderMatcher) async throws {
        #expect(summary == "count=50 first=later_49 last=later_00 contains C (still pending)=False")
        for index in 0..<50 {
            let name = "later_" + (index < 10 ? "0" : "") + String(index)
            _ = try await client.post("/v1/agent/authorize", #"{"actor":"invoice_bot","action":"view_invoices","confidence":0.8,"resource":{"n":""# + name + #""}}"#)
        }
        let reply = try await client.get("/v1/queue/pending")
        let items = reply.json["items"] as? [[String: Any]] ?? []
        #expect(reply.status == 200)
        #expect(reply.json["count"] as? Int == 50)
        #expect((items.first?["resource"] as? [String: String])?["n"] == "later_49")
        #expect((items.last?["resource"] as? [String: String])?["n"] == "later_00")
        #expect(!items.contains { $0["id"] as? String == matcher.ids["C"] })
    }

    @Test("the recording parser reads headings, bodies and Python string notation")
    func parser() throws {
        #expect(try PythonString.decode(#"'{"error":"invalid character \'o\' in literal null (expecting \'u\')"}\n'"#)
            == #"{"error":"invalid character 'o' in literal null (expecting 'u')"}"# + "\n")
        #expect(try PythonString.decode(#"'queue: item \\"a/b\\" \xe9'"#) == #"queue: item \"a/b\" é"#)
        let matcher = PlaceholderMatcher(ids: ["A": "id-a"])
        #expect(try matcher.matches(#"{"id":"id-a","t":"2026-07-01T11:26:46.5Z"}"#, #"{"id":"<A>","t":"<ts9>"}"#))
        #expect(try !matcher.matches(#"{"id":"id-b","t":"2026-07-01T11:26:46.5Z"}"#, #"{"id":"<A>","t":"<ts9>"}"#))
    }
}
