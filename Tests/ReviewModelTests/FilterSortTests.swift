import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Filter

@Suite("Reducer: filter and sort")
struct FilterSortTests {
    func items() -> [ReviewRequest] {
        var a = request("aaa11111", action: "issue_refund", actor: "support_agent", confidence: 0.71, ageSeconds: 50)
        a.tenantID = "acme"
        a.resource = ["order_id": "ord_551"]
        var b = request("bbb22222", action: "invoice:create", actor: "invoice_bot", confidence: 0.78, ageSeconds: 40)
        b.tenantID = "globex"
        b.actingFor = "alice@acme.example"
        var c = request("ccc33333", action: "delete_user", actor: "ops_copilot", confidence: 0, ageSeconds: 30)
        c.reason = "no confidence signal detected"
        return [a, b, c]
    }

    func typing(_ text: String, _ state: inout ConsoleState) {
        for ch in text { _ = reduce(&state, .key(.char(ch))) }
    }

    @Test func incrementalFilterOverEveryField() {
        var state = polledState(items())
        _ = reduce(&state, .key(.char("/")))
        #expect(state.mode == .filter)
        typing("ACME", &state)
        #expect(state.table.order == ["aaa11111", "bbb22222"], "tenant and acting_for match, case-insensitively")
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .key(.ctrl("u")))
        typing("ord_5", &state)
        #expect(state.table.order == ["aaa11111"], "resource values match")
        _ = reduce(&state, .key(.ctrl("u")))
        typing("ccc3", &state)
        #expect(state.table.order == ["ccc33333"], "ID prefix matches")
        _ = reduce(&state, .key(.ctrl("u")))
        typing("signal", &state)
        #expect(state.table.order == ["ccc33333"], "reason matches")
        _ = reduce(&state, .key(.enter))
        #expect(state.mode == .queue)
        #expect(state.table.filter == "signal", "Enter keeps the filter")
        let header = render(state, size: state.size, theme: .default).text(row: 0)
        #expect(header.contains("1 of 3 pending") && header.contains("/signal"))
        _ = reduce(&state, .key(.escape))
        #expect(state.table.filter.isEmpty && state.table.order.count == 3, "Esc clears it")
    }

    @Test func escapeWhileTypingClearsTheFilter() {
        var state = polledState(items())
        _ = reduce(&state, .key(.char("/")))
        typing("zzz", &state)
        #expect(state.table.order.isEmpty && state.table.cursorID == nil)
        _ = reduce(&state, .key(.escape))
        #expect(state.table.filter.isEmpty && state.table.order.count == 3 && state.table.cursorID != nil)
    }

    @Test func tenantLimit() {
        var state = polledState([])
        state.tenants = ["globex"]
        _ = reduce(&state, .pollSucceeded(PendingList(items: items()), at: testNow))
        #expect(state.table.order == ["bbb22222"])
    }

    @Test func sortCyclesAndReversesWithStableTies() {
        var tied = items()
        tied.append(request("aaa00000", action: "issue_refund", confidence: 0.71, ageSeconds: 50))
        var state = polledState(tied)
        #expect(state.table.order == ["aaa00000", "aaa11111", "bbb22222", "ccc33333"], "age: oldest first, ties by ID")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.sort == .confidence)
        #expect(state.table.order == ["ccc33333", "aaa00000", "aaa11111", "bbb22222"], "lowest confidence first")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.order == ["ccc33333", "bbb22222", "aaa00000", "aaa11111"], "action A–Z, ties by age then ID")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.order == ["aaa00000", "bbb22222", "ccc33333", "aaa11111"], "actor A–Z")
        _ = reduce(&state, .key(.char("S")))
        #expect(state.table.order.first == "aaa11111", "reversed: support_agent first")
        _ = reduce(&state, .key(.char("s")))
        #expect(state.table.sort == .age)
        // Rows never jump between polls whatever the engine's order.
        let before = state.table.order
        _ = reduce(&state, .pollSucceeded(PendingList(items: tied.reversed()), at: testNow))
        #expect(state.table.order == before)
    }
}
