import Foundation
import Testing

@testable import ReviewModel
import TestSupport

// MARK: - Degraded responses and huge fields

@Suite("Hostile input: huge and malformed responses")
struct HostileResponseTests {
    @Test("a 5 MB reason, action and actor render (table and detail pane), cut and sanitized")
    func megabyteFields() {
        let chunk = "\u{1B}]52;c;QQ==\u{07}refund \u{202E}\u{200B}東京\u{0301}\n"
        let huge = String(repeating: chunk, count: 5 * 1024 * 1024 / chunk.utf8.count + 1)
        #expect(huge.utf8.count >= 5 * 1024 * 1024)
        let item = ReviewRequest(id: "big", actor: huge, action: huge, resource: ["k": huge], confidence: 0.8,
                                 reason: huge, actingFor: huge, enqueuedAt: testNow)
        var state = polledState([item], size: Size(width: 120, height: 40))
        state.showDetail = true
        let start = ContinuousClock.now
        let grid = render(state, size: state.size, theme: .default)
        let elapsed = ContinuousClock.now - start
        #expect(GridCheck.problem(grid) == nil)
        #expect(grid.lines.contains { $0.contains("Action") && $0.contains("␛refund 東") }, "\(grid.lines)")
        #expect(grid.lines.contains { $0.contains("more lines") }, "the pane says it was cut")
        // A bound no loaded machine reaches but a quadratic pass over 5 MB would; speed is a benchmark's job.
        #expect(elapsed < .seconds(30), "render took \(elapsed)")

        // A huge reason alone: shown from its start, one paragraph per line.
        var reasonOnly = polledState([ReviewRequest(id: "big", actor: "bot", action: "refund", confidence: 0.8,
                                                    reason: huge, enqueuedAt: testNow)], size: Size(width: 120, height: 40))
        reasonOnly.showDetail = true
        let reasonStart = ContinuousClock.now
        let reasonGrid = render(reasonOnly, size: reasonOnly.size, theme: .default)
        let reasonElapsed = ContinuousClock.now - reasonStart
        #expect(GridCheck.problem(reasonGrid) == nil)
        let reasonRows = reasonGrid.lines.filter { $0.contains("␛refund 東") }
        #expect(reasonRows.count > 3, "the reason's newlines are line breaks in the pane: \(reasonGrid.lines)")
        #expect(reasonElapsed < .seconds(30), "render took \(reasonElapsed)")
    }

    @Test("an oversized or undecodable answer keeps the last list on screen and polls again", arguments: [
        EngineError.responseTooLarge(limit: 16 << 20), .undecodable(excerpt: "[[[[[[[["),
    ])
    func failedPollKeepsTheList(error: EngineError) throws {
        var state = polledState(contractItems(), size: Size(width: 120, height: 40))
        let before = state.table.items
        _ = reduce(&state, .tick(testNow.addingTimeInterval(1)))
        _ = reduce(&state, .pollFailed(error, at: testNow.addingTimeInterval(1.1)))
        #expect(state.table.items == before, "the last good list stays")
        #expect(!state.sync.pollInFlight && state.sync.nextPollAt != nil, "another poll is scheduled")
        #expect(state.sync.connection == .reconnecting(error))
        let reason = error.message(engine: state.engineLabel)
        if case .responseTooLarge = error { #expect(reason.contains("larger than 16 MiB")) }
        #expect(GridCheck.problem(render(state, size: state.size, theme: .default)) == nil)
    }

}
