import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Watch lines

/// `lelu-console watch`'s lines: the text columns, the JSON object, and hostile agent text in both.
@Suite("Watch lines")
struct WatchLineTests {
    let time = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30T00:53:20Z

    @Test("text: TIME EVENT ID ACTION ACTOR CONFIDENCE, then STATUS by NAME for a resolution")
    func text() {
        let r = request("3f9a1c2e", action: "issue_refund", actor: "billing bot", confidence: 0.781)
        #expect(WatchLine.text(.arrived(r), at: time) == "2026-11-30T00:53:20Z arrived 3f9a1c2e issue_refund billing_bot 0.78")
        #expect(WatchLine.text(.resolved(r, status: .approved, by: "bob"), at: time)
            == "2026-11-30T00:53:20Z resolved 3f9a1c2e issue_refund billing_bot 0.78 approved by bob")
        #expect(WatchLine.text(.expired(r), at: time).hasSuffix(" 0.78 expired"))
        #expect(WatchLine.text(.left(request("x", actor: "")), at: time).hasSuffix(" left x issue_refund - 0.80"))
    }

    @Test("several engines: ENGINE after the event in text, an engine key in JSON, the engine's own ID in both")
    func severalEngines() throws {
        let r = request("3f9a1c2e", action: "issue_refund", actor: "bot", confidence: 0.78).tagged(engine: "eu")
        #expect(WatchLine.text(.arrived(r), at: time) == "2026-11-30T00:53:20Z arrived eu 3f9a1c2e issue_refund bot 0.78")
        let line = WatchLine.json(.arrived(r), at: time, queue: "3 pending")
        #expect(line.contains("\"event\":\"arrived\",\"engine\":\"eu\",\"id\":\"3f9a1c2e\""), "\(line)")
        #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
    }

    @Test("JSON: one object per line, keys in a fixed order, the engine's text kept (sanitized)")
    func json() throws {
        var r = request("3f9a1c2e", action: "issue_refund", actor: "billing bot", confidence: 0.78)
        r.tenantID = "acme"
        let line = WatchLine.json(.decided(r, status: .denied, by: "oncall@ops"), at: time, queue: "≥ 120 pending")
        #expect(line.hasPrefix("{\"time\":\"2026-11-30T00:53:20Z\",\"seen\":\"2026-11-30T00:53:20Z\",\"event\":\"decided\",\"id\":\"3f9a1c2e\""))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["actor"] as? String == "billing bot")
        #expect(object["confidence"] as? Double == 0.78)
        #expect(object["tenant"] as? String == "acme")
        #expect(object["status"] as? String == "denied" && object["resolved_by"] as? String == "oncall@ops")
        #expect(object["queue"] as? String == "≥ 120 pending")
    }

    @Test("hostile action, actor and ID: no control character in either form, the JSON still parses")
    func hostile() throws {
        let r = request("id\u{1B}]0;pwn\u{07}\n\"x\\", action: "rm\u{1B}[2J\u{9B}31m\u{202E}evil", actor: "a\tb\r\nc")
        let text = WatchLine.text(.arrived(r), at: time)
        #expect(text.unicodeScalars.allSatisfy { !SafeText.isInvisibleOrControl($0) }, "\(text.debugDescription)")
        #expect(text.split(separator: " ").count == 6, "one field each: \(text)")
        let json = WatchLine.json(.arrived(r), at: time, queue: "1 pending")
        #expect(json.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let action = try #require(object["action"] as? String)
        #expect(action.unicodeScalars.allSatisfy { !SafeText.isInvisibleOrControl($0) })
    }
}
