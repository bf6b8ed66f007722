import Foundation
import NIOHTTP1
import Testing
@testable import LocalEngine

// MARK: - What both dialects put on the wire

@Suite("Wire behaviour in both dialects")
struct WireTests {
    static let dialects: [EngineDialect] = [.current, .july2026]

    static func configuration(_ dialect: EngineDialect) -> LocalEngineConfiguration {
        LocalEngineConfiguration(apiKey: testKey, dialect: dialect)
    }

    @Test("unknown paths are Go's plain-text 404, after authentication", arguments: dialects)
    func plainNotFound(_ dialect: EngineDialect) async throws {
        try await withEngine(Self.configuration(dialect)) { client, _ in
            for path in ["/v1/nope", "/v1/queue/pending/", "/v1/queue/", "/v1/queue/x/y/z", "/"] {
                let reply = try await client.get(path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.contentType == "text/plain; charset=utf-8")
                #expect(reply.text == "404 page not found\n")
            }
            let anonymous = try await client.get("/v1/nope", key: .some(nil))
            #expect(anonymous.status == 401)
            #expect(anonymous.error == "unauthorized: invalid or missing API key")
            let redeem = try await client.post("/v1/queue/x/redeem", "{}")
            if dialect == .july2026 {
                #expect(redeem.text == "404 page not found\n", "the July engine has no redeem route")
            } else {
                #expect(redeem.text == #"{"error":"review \"x\" not found"}"# + "\n")
            }
        }
    }

    @Test("a wrong method on a known path is 405 with Allow", arguments: dialects)
    func methodNotAllowed(_ dialect: EngineDialect) async throws {
        try await withEngine(Self.configuration(dialect)) { client, _ in
            let cases: [(HTTPMethod, String, String)] = [
                (.GET, "/v1/queue/x/approve", "POST"), (.PUT, "/v1/queue/x/deny", "POST"),
                (.PUT, "/v1/queue/pending", "GET, HEAD"), (.POST, "/v1/queue/x", "GET, HEAD"),
                (.DELETE, "/v1/queue/x/wait", "GET, HEAD"), (.GET, "/v1/agent/authorize", "POST"),
                (.POST, "/healthz", "GET, HEAD"),
            ]
            for (method, path, allow) in cases {
                let reply = try await client.send(method, path, body: "{}")
                #expect(reply.status == 405, "\(method) \(path)")
                #expect(reply.allow == allow, "\(method) \(path)")
                #expect(reply.contentType == "text/plain; charset=utf-8")
                #expect(reply.text == "Method Not Allowed\n")
            }
        }
    }

    @Test("HEAD /healthz is 200 with the GET body's length and no body", arguments: dialects)
    func headHealth(_ dialect: EngineDialect) async throws {
        try await withEngine(Self.configuration(dialect)) { client, _ in
            let get = try await client.get("/healthz")
            let head = try await client.send(.HEAD, "/healthz", key: .some(nil))
            #expect(head.status == 200)
            #expect(head.contentType == "application/json")
            #expect(head.body.isEmpty)
            #expect(head.headers.first(name: "Content-Length") == String(get.body.count))
        }
    }

    @Test("IDs are percent-decoded and quoted like Go's %q in messages", arguments: dialects)
    func percentIDs(_ dialect: EngineDialect) async throws {
        try await withEngine(Self.configuration(dialect)) { client, _ in
            let slash = try await client.get("/v1/queue/a%2Fb")
            #expect(slash.status == 404)
            #expect(slash.text == #"{"error":"queue: item \"a/b\" not found"}"# + "\n")
            let weird = try await client.get("/v1/queue/%22x%C3%A9%5Cy%22")
            #expect(weird.text == #"{"error":"queue: item \"\\\"xé\\\\y\\\"\" not found"}"# + "\n")
            let control = try await client.get("/v1/queue/a%09b%7F")
            #expect(control.error == #"queue: item "a\tb\x7f" not found"#)
        }
    }

    @Test("wait's timeout_ms: a non-positive or non-number value means the default, not an instant answer", arguments: dialects)
    func waitParameter(_ dialect: EngineDialect) async throws {
        var configuration = Self.configuration(dialect)
        configuration.missingConfidence = .review
        try await withEngine(configuration) { client, engine in
            for parameter in ["0", "-5", "abc"] {
                _ = try await client.authorize(["actor": "a", "action": "b"])
                let id = try #require(await engine.queue.enqueuedIDs().last)
                async let waited = client.get("/v1/queue/\(id)/wait?timeout_ms=\(parameter)")
                try await Task.sleep(for: .milliseconds(500))
                _ = await engine.queue.resolve(id, as: .approved, by: "r", note: "")
                let reply = try await waited
                #expect(reply.status == 200, "timeout_ms=\(parameter) should wait, not answer 408 at once")
            }
        }
        #expect(EngineHandlers.waitMilliseconds(nil) == 30_000)
        #expect(EngineHandlers.waitMilliseconds("1000") == 1_000)
        #expect(EngineHandlers.waitMilliseconds("90000") == 60_000)
        #expect(EngineHandlers.waitMilliseconds("1.5") == 30_000)
    }

    @Test("a wait answering after the write timeout closes the connection without a status line", arguments: dialects)
    func writeTimeoutCutOff(_ dialect: EngineDialect) async throws {
        var configuration = Self.configuration(dialect)
        configuration.writeTimeout = .milliseconds(800)
        configuration.missingConfidence = .review
        try await withEngine(configuration) { client, engine in
            _ = try await client.authorize(["actor": "a", "action": "b"])
            let id = try #require(await engine.queue.enqueuedIDs().last)
            let request = "GET /v1/queue/\(id)/wait?timeout_ms=1500 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(testKey)\r\nConnection: close\r\n\r\n"
            let started = ContinuousClock.now
            let late = await rawExchange(port: engine.port, request)
            #expect(late.isEmpty, "got \(String(decoding: late, as: UTF8.self))")
            #expect(ContinuousClock.now - started >= .milliseconds(1500), "the cut-off comes when the handler answers, as in Go")

            let early = await rawExchange(port: engine.port, request.replacingOccurrences(of: "1500", with: "300"))
            #expect(String(decoding: early, as: UTF8.self).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            #expect(try await client.get("/v1/queue/\(id)").status == 200, "the engine keeps serving")
        }
    }
}
