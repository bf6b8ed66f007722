import Foundation
@testable import LocalEngine
@testable import ReviewModel
import Testing
@testable import LeluClient

// MARK: - Transport failures

@Suite("HTTPEngineClient transport failures")
struct TransportFailureTests {
    @Test("a body over the cap is responseTooLarge, with or without a Content-Length", arguments: [true, false])
    func tooLarge(declareLength: Bool) async throws {
        let limit = 16 * 1024 * 1024
        try await withServer(oversizedServer(size: limit + (1 << 20), declareLength: declareLength)) { base in
            try await withClient(base) { client in
                await #expect(throws: EngineError.responseTooLarge(limit: limit)) { try await client.pending() }
            }
        }
    }

    @Test("the cap is configurable and applies to real engine answers")
    func smallCap() async throws {
        try await withEngine { engine in
            _ = try await enqueue(engine, count: 3)
            // Three items (with their payload fingerprints) are over 600 bytes; /healthz is under.
            try await withClient(engine.baseURL, limit: 600) { client in
                await #expect(throws: EngineError.responseTooLarge(limit: 600)) { try await client.pending() }
                let value177 = try await client.health()
                #expect(value177.status == "ok")
            }
        }
    }

    @Test("a closed port is unreachable (refused, not a timeout), and the message names the engine")
    func unreachable() async throws {
        let port = try await closedPort()
        let base = "http://127.0.0.1:\(port)"
        try await withClient(base) { client in
            do throws(EngineError) {
                _ = try await client.pending()
                Issue.record("expected unreachable")
            } catch {
                guard case .unreachable(let detail) = error else { Issue.record("got \(error)"); return }
                #expect(detail.contains("refused"), "\(detail)")
                #expect(error.message(engine: base).contains(base))
                #expect(!error.message(engine: base).contains(testKey))
            }
        }
    }

    @Test("an unresolvable host is unreachable")
    func badHost() async throws {
        try await withClient("http://no-such-host.invalid:8080") { client in
            do throws(EngineError) {
                _ = try await client.pending()
                Issue.record("expected unreachable")
            } catch {
                guard case .unreachable = error else { Issue.record("got \(error)"); return }
            }
        }
    }

    @Test("no answer within the request timeout is timeout")
    func timeout() async throws {
        let release = ServerRelease()
        try await withServer(slowServer(delay: .seconds(5), release: release)) { base in
            defer { release.release() }
            // The server answers after 5 s; a 0.5 s client gets .timeout (speed is measured in lelu-bench, not here).
            try await withClient(base, timeout: .milliseconds(500)) { client in
                await #expect(throws: EngineError.timeout) { try await client.pending() }
            }
        }
    }

    @Test("connections are reused across calls")
    func reuse() async throws {
        let log = PeerLog()
        try await withServer(peerCountingServer(log: log)) { base in
            try await withClient(base) { client in
                for _ in 0..<50 { _ = try await client.health() }
            }
        }
        let ports = await log.ports
        #expect(ports.count == 1, "50 sequential calls used \(ports.count) connections")
    }
}
