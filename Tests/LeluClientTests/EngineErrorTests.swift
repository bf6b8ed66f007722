import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient
import TestSupport

// MARK: - EngineError.from

@Suite("EngineError")
struct EngineErrorTests {
    /// The status each row of `errors.json` is sent with, and what it must map to.
    static let rows: [(key: String, status: Int, expected: EngineError)] = [
        ("unauthorized (401)", 401, .unauthorized),
        ("keyless engine (500)", 500, .misconfigured),
        ("queue off (503)", 503, .queueNotConfigured),
        ("get unknown id (404)", 404, .notFound(id: "9d9f0c4e-0000-4000-8000-000000000000")),
        ("resolve unknown id (400)", 400, .notFound(id: "9d9f0c4e-0000-4000-8000-000000000000")),
        ("resolve twice (400)", 400, .alreadyResolved(id: "b7d2e0f4-1c3a-4e59-8f2d-6a0c9e1b5d33", status: .approved)),
        ("resolve with empty body (400)", 400, .badRequest(status: 400, message: "EOF")),
    ]

    @Test("every row of errors.json maps as docs/engines.md says")
    func contractRows() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: fixture("errors.json")) as? [String: Any])
        #expect(Set(object.keys) == Set(Self.rows.map(\.key)), "a row of errors.json has no expectation")
        for row in Self.rows {
            let entry = try #require(object[row.key])
            let body = try JSONSerialization.data(withJSONObject: entry)
            let id: String? = switch row.expected {
            case .notFound(let id), .alreadyResolved(let id, _): id
            default: nil
            }
            #expect(EngineError.from(status: row.status, body: body, id: id) == row.expected, "\(row.key)")
        }
    }

    @Test("already denied names denied; odd IDs do not confuse the parser")
    func alreadyDenied() {
        let body = Data(#"{"error":"queue: item \"already x\" is already denied"}"#.utf8)
        #expect(EngineError.from(status: 400, body: body, id: "already x") == .alreadyResolved(id: "already x", status: .denied))
        let notFound = Data(#"{"error":"queue: item \"already \" not found"}"#.utf8)
        #expect(EngineError.from(status: 400, body: notFound, id: "already ") == .notFound(id: "already "))
    }

    @Test("other statuses and non-JSON bodies")
    func others() {
        // A 403 is about the reviewer or the item, never the API key (that is 401).
        #expect(EngineError.from(status: 403, body: Data(), id: nil) == .forbidden(message: ""))
        #expect(EngineError.from(status: 408, body: Data(), id: "x") == .timeout)
        #expect(EngineError.from(status: 422, body: Data(#"{"error":"nope"}"#.utf8), id: nil) == .badRequest(status: 422, message: "nope"))
        #expect(EngineError.from(status: 502, body: Data("<html>bad gateway</html>".utf8), id: nil)
            == .server(status: 502, message: "<html>bad gateway</html>"))
        #expect(EngineError.from(status: 503, body: Data(#"{"status":"degraded"}"#.utf8), id: nil).isTransient)
    }

    @Test("messages name the engine and the fix, and are clean")
    func messages() {
        let engine = "http://127.0.0.1:9"
        let all: [EngineError] = [
            .unauthorized, .misconfigured, .queueNotConfigured, .notFound(id: "i"), .alreadyResolved(id: "i", status: .denied),
            .badRequest(status: 400, message: "m\u{1B}[2J"), .server(status: 500, message: "x"), .timeout,
            .unreachable(detail: "connection refused"), .responseTooLarge(limit: 16 << 20), .undecodable(excerpt: "e"),
            .reviewerKeyRequired(sent: false), .reviewerKeyRequired(sent: true), .selfApproval, .reviewerNameRequired,
            .expired(id: "i"), .tooLarge, .storeFailing(message: "queue: get: dial tcp"), .noSuchRoute(path: "/v1/x"),
            .forbidden(message: "no"),
        ]
        for error in all {
            let message = error.message(engine: engine)
            #expect(SafeText.isSafe(message))
            switch error {
            case .alreadyResolved, .selfApproval, .expired: continue  // about the request, not the engine
            default: break
            }
            #expect(message.contains(engine), "\(error)")
        }
        #expect(EngineError.unauthorized.message(engine: engine).contains("LELU_API_KEY"))
        #expect(EngineError.unreachable(detail: "x").message(engine: engine).contains("--engine"))
        #expect(EngineError.responseTooLarge(limit: 16 << 20).message(engine: engine).contains("16 MiB"))
    }
}
