import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Taking over a large journal

@Suite("Long use: a journal taken over after the first frame")
struct JournalTakeoverTests {
    @Test("decisions made before the journal opens stay, and only the others left unsent are checked")
    func openedLate() {
        var state = ConsoleState(engineLabel: "e", engineURL: "http://e", reviewer: "me", now: testNow,
                                 size: Size(width: 100, height: 24))
        state.undoWindow = 0
        state.historyView.opening = true
        let start = reduce(&state, .started(testNow))
        #expect(start.contains(.openJournal))
        #expect(!start.contains { if case .loadHistory = $0 { true } else { false } })
        _ = reduce(&state, .pollSucceeded(PendingList(items: [request("a", action: "deploy")]), at: testNow))
        let decided = reduce(&state, .key(.char("a")))
        #expect(decided.contains(.submit(id: "a", decision: .approve, note: "")))
        let opened = reduce(&state, .journalOpened([left("a", .sending, ago: 60), left("b", .sending, ago: 60),
                                                    left("c", .confirmed, ago: 90)]))
        #expect(!state.historyView.opening)
        #expect(opened.contains(.fetchItem(id: "b")) && !opened.contains(.fetchItem(id: "a")))
        #expect(state.historyView.entries.map(\.id) == ["a", "b", "c"])
        #expect(state.historyView.entries.first?.outcome == .sending && state.historyView.entries.first?.time == testNow)
    }
}
