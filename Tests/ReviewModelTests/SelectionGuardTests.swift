import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Selection guard

/// A decision key acts only on what the reviewer has seen selected.
@Suite("Selection guard: decision keys wait after the engine moved the selection")
struct SelectionGuardTests {
    @Test("the selected request leaves: a, d, A and D do nothing for a second and name the new selection")
    func departureArmsTheGuard() {
        var state = polledState([request("a", ageSeconds: 30), request("b", action: "deploy_service", ageSeconds: 20)])
        #expect(state.table.cursorID == "a")
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("b", action: "deploy_service", ageSeconds: 20)]),
                                          at: testNow))
        #expect(state.table.cursorID == "b")
        for key in ["a", "d", "A", "D"] {
            #expect(withoutJournal(reduce(&state, .key(.char(Character(key))))) == [], "\(key) acted")
            #expect(state.mode == .queue, "\(key) opened something")
        }
        #expect(state.status?.text == "selection moved to deploy_service (b) — press again")
        _ = reduce(&state, .tick(testNow.addingTimeInterval(1)))
        #expect(withoutJournal(reduce(&state, .key(.char("a")))) == [.submit(id: "b", decision: .approve, note: "")])
    }

    @Test("rows arriving above the selection move it on screen: the guard holds too; the reviewer's own moves never arm it")
    func arrivalsAboveArmIt() {
        var state = polledState([request("m", ageSeconds: 30), request("n", ageSeconds: 20)])
        _ = reduce(&state, .key(.char("j")))
        #expect(state.table.selectionGuardUntil == nil, "moving the cursor is the reviewer's own doing")
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("k", ageSeconds: 40), request("m", ageSeconds: 30),
                                                              request("n", ageSeconds: 20)]), at: testNow))
        #expect(state.table.cursorID == "n", "the cursor stays on its request")
        #expect(withoutJournal(reduce(&state, .key(.char("d")))) == [], "but it moved on screen")
    }

    @Test("moving the cursor after the engine moved it disarms the guard: the reviewer has chosen")
    func navigationDisarms() {
        var state = polledState([request("a", ageSeconds: 30), request("b", ageSeconds: 20), request("c", ageSeconds: 10)])
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("b", ageSeconds: 20), request("c", ageSeconds: 10)]),
                                          at: testNow))
        #expect(state.table.selectionGuardUntil != nil)
        _ = reduce(&state, .key(.char("g")))
        #expect(state.table.selectionGuardUntil == nil, "g on the row already first still counts")
        #expect(withoutJournal(reduce(&state, .key(.char("a")))) == [.submit(id: "b", decision: .approve, note: "")])
    }

    @Test("an unchanged poll never arms the guard")
    func quietPollsDoNot() {
        var state = polledState([request("a"), request("b")])
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("b"), request("a")]), at: testNow))
        #expect(state.table.selectionGuardUntil == nil)
        #expect(withoutJournal(reduce(&state, .key(.char("a")))) == [.submit(id: "a", decision: .approve, note: "")])
    }
}
