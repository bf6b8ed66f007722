import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient

// MARK: - Both engines' answers

/// Every answer of both contracts mapped to what it means for the reviewer.
///
/// July bodies are the recorded ones (`Tests/TestSupport/Fixtures/real-engine-2026-07.md`), current bodies are
/// as docs/engines.md#decisions describes them.
@Suite("Engine answers: July 2026 and current")
struct EngineDialectTests {
    static let id = "9d9f0c4e-0000-4000-8000-000000000000"

    /// Status, body, whether a reviewer key was sent, and what it means.
    static let answers: [(String, Int, String, Bool, EngineError)] = [
        // July 2026, as recorded.
        ("july: already approved", 400, #"{"error":"queue: item \"\#(id)\" is already approved"}"#, false,
         .alreadyResolved(id: id, status: .approved)),
        ("july: resolve unknown", 400, #"{"error":"queue: item \"\#(id)\" not found"}"#, false, .notFound(id: id)),
        ("july: empty body", 400, #"{"error":"EOF"}"#, false, .badRequest(status: 400, message: "EOF")),
        ("july: unknown route", 404, "404 page not found\n", false, .noSuchRoute(path: "/v1/x")),
        ("july: store failure on list (Redis down)", 500,
         #"{"error":"queue: xrevrange: dial tcp 127.0.0.1:6379: connect: connection refused"}"#, false,
         .storeFailing(message: "queue: xrevrange: dial tcp 127.0.0.1:6379: connect: connection refused")),
        ("current: store failure on list", 500, #"{"error":"queue: index size: i/o timeout"}"#, false,
         .storeFailing(message: "queue: index size: i/o timeout")),
        ("july: store failure on approve (Redis down)", 400, #"{"error":"queue: get: dial tcp: connection refused"}"#,
         false, .storeFailing(message: "queue: get: dial tcp: connection refused")),
        ("current: store failure on approve", 400, #"{"error":"queue: resolve lock: i/o timeout"}"#, false,
         .storeFailing(message: "queue: resolve lock: i/o timeout")),
        ("july: store failure on get", 404, #"{"error":"queue: get: dial tcp 127.0.0.1:6379: connect: connection refused"}"#,
         false, .storeFailing(message: "queue: get: dial tcp 127.0.0.1:6379: connect: connection refused")),
        ("both: wrong API key", 401, #"{"error":"unauthorized: invalid or missing API key"}"#, false, .unauthorized),
        // Current engine, as docs/engines.md#decisions describes it.
        ("current: lost race", 409,
         #"{"success":false,"error":"this item was already resolved; your decision was not applied","current_status":"denied"}"#,
         false, .alreadyResolved(id: id, status: .denied)),
        ("current: lost race, status unknown", 409,
         #"{"success":false,"error":"this item was already resolved; your decision was not applied","current_status":""}"#,
         false, .alreadyResolved(id: id, status: .other("resolved"))),
        ("current: resolve unknown", 404, #"{"error":"queue: item \"\#(id)\" not found"}"#, false, .notFound(id: id)),
        ("current: no reviewer key", 403,
         #"{"error":"a valid reviewer credential (X-Lelu-Reviewer-Key) is required to resolve a human_review item"}"#,
         false, .reviewerKeyRequired(sent: false)),
        ("current: wrong reviewer key", 403,
         #"{"error":"a valid reviewer credential (X-Lelu-Reviewer-Key) is required to resolve a human_review item"}"#,
         true, .reviewerKeyRequired(sent: true)),
        ("current: self-approval", 403, #"{"error":"an actor cannot resolve its own human_review item"}"#, false,
         .selfApproval),
        ("current: blank resolved_by", 400,
         #"{"error":"resolved_by is required and must name the human resolving this item"}"#, false,
         .reviewerNameRequired),
        ("current: expired", 400, #"{"error":"queue: item \"\#(id)\" expired without a decision"}"#, false,
         .expired(id: id)),
        ("current: body too large", 413, #"{"error":"request body too large"}"#, false, .tooLarge),
        ("current: store update failure", 400, #"{"error":"queue: update: i/o timeout"}"#, false,
         .storeFailing(message: "queue: update: i/o timeout")),
    ]

    @Test("each answer of either engine means what the contract says")
    func answersMap() {
        for (name, status, body, sent, expected) in Self.answers {
            let error = EngineError.from(status: status, body: Data(body.utf8), id: Self.id, path: "/v1/x",
                                         reviewerKeySent: sent)
            #expect(error == expected, "\(name)")
        }
    }

    @Test("request IDs that quote the engine's words do not confuse the mapping")
    func hostileIDs() {
        let weird = #"x\" is already approved \" not found"#
        let notFound = Data(#"{"error":"queue: item \"\#(weird)\" not found"}"#.utf8)
        #expect(EngineError.from(status: 400, body: notFound, id: weird) == .notFound(id: weird))
        let expired = Data(#"{"error":"queue: item \"a is already denied\" expired without a decision"}"#.utf8)
        #expect(EngineError.from(status: 400, body: expired, id: "a") == .expired(id: "a"))
        let already = Data(#"{"error":"queue: item \"b not found\" is already denied"}"#.utf8)
        #expect(EngineError.from(status: 400, body: already, id: "b") == .alreadyResolved(id: "b", status: .denied))
    }

    @Test("a reviewer is never told to fix the API key for a reviewer problem")
    func reviewerProblemsNameTheReviewerFix() {
        let engine = "https://lelu.example"
        for error: EngineError in [.reviewerKeyRequired(sent: false), .reviewerKeyRequired(sent: true)] {
            let text = error.message(engine: engine)
            #expect(text.contains("--reviewer-key-file") && text.contains("LELU_REVIEWER_KEY"), "\(text)")
            #expect(!text.contains("LELU_API_KEY") && !text.contains("--api-key-file"), "\(text)")
        }
        #expect(EngineError.reviewerKeyRequired(sent: true).message(engine: engine).contains("rejected the reviewer key"))
        #expect(EngineError.selfApproval.message(engine: engine)
            == "the engine refuses: the reviewer name is the agent's own (403) — decide under your own name (--reviewer NAME)")
        #expect(EngineError.tooLarge.message(engine: engine).contains("shorten the note"))
        #expect(EngineError.storeFailing(message: "queue: get: x").isTransient)
        #expect(!EngineError.reviewerKeyRequired(sent: false).isTransient)
        #expect(!EngineError.expired(id: "x").isTransient)
    }

    @Test("expired is a status of its own")
    func expiredStatus() throws {
        let body = #"{"id":"e1","actor":"a","action":"b","confidence_score":0.8,"reason":"r","enqueued_at":"2026-07-01T11:26:46Z","status":"expired"}"#
        let item = try WireFormat.decodeItem(Data(body.utf8))
        #expect(item.status == .expired)
        #expect(item.status.description == "expired")
    }

    // MARK: - Receipts, health, lists

    @Test("a receipt names the effective reviewer on the current engine and nobody on July's")
    func receipts() {
        let current = WireFormat.decodeReceipt(Data(#"{"success":true,"resolved_by":"alice","reviewer_authenticated":true}"#.utf8))
        #expect(current == ResolveReceipt(resolvedBy: "alice", reviewerAuthenticated: true))
        #expect(current.asText == " as alice ✓")
        let asserted = WireFormat.decodeReceipt(Data(#"{"success":true,"resolved_by":"bob@ops","reviewer_authenticated":false}"#.utf8))
        #expect(asserted.asText == " as bob@ops")
        let july = WireFormat.decodeReceipt(Data("{\"success\":true}\n".utf8))
        #expect(july == ResolveReceipt())
        #expect(july.asText == "")
        let hostile = ResolveReceipt(resolvedBy: "x\u{1B}]52;c;AAAA\u{07}", reviewerAuthenticated: true)
        #expect(SafeText.isSafe(hostile.asText))
    }

    @Test("health tells the current engine (and its reviewer mode) from July's")
    func health() throws {
        let july = #"{"dependencies":{"fallback":{"control_plane":{"failures":0,"healthy":true,"last_check":"2026-07-01T00:00:00Z","mode":"closed"}},"queue":{"status":"ok"},"redis":{"status":"ok"}},"service":"lelu-engine","status":"ok"}"#
        let julyHealth = try WireFormat.decodeHealth(Data(july.utf8))
        #expect(julyHealth.humanReview == nil)
        #expect(EngineProfile.fromHealth(julyHealth) == nil)
        let current = #"{"status":"ok","service":"lelu-engine","dependencies":{"human_review":{"configured":true,"reviewer_credentials":true,"authenticated_reviewer":true},"auth_mode":{"platform_keys":false,"static_admin":true}}}"#
        let profile = try #require(EngineProfile.fromHealth(try WireFormat.decodeHealth(Data(current.utf8))))
        #expect(profile == EngineProfile(api: .current, reviewerCredentials: true))
        #expect(profile.description == "current API · reviewer credentials required")
        #expect(EngineProfile(api: .july2026, reviewerCredentials: false).description.hasPrefix("July 2026 API"))
    }

    @Test("the current list's total is read; July's has none")
    func totals() throws {
        let current = #"{"items":[],"count":0,"total":120,"offset":50,"limit":50}"#
        #expect(try WireFormat.decodePending(Data(current.utf8)).total == 120)
        #expect(try WireFormat.decodePending(Data("{\"count\":0,\"items\":[]}\n".utf8)).total == nil)
    }
}
