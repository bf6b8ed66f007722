import Foundation
import Testing

@testable import ReviewModel
import TestSupport

// MARK: - Seeded random tests

/// Many thousands of hostile inputs, the same ones on every run: mutated JSON to the decoder,
/// hostile strings to the sanitizer and the renderer.
///
/// The seed is fixed so a failure reproduces; `LELU_FUZZ_SEED` picks another and
/// `LELU_FUZZ_SCALE` multiplies the number of cases for a longer local run.
@Suite("Hostile input: seeded random")
struct HostileInputFuzzTests {
    static let seed = FuzzRun.seed
    static let scale = FuzzRun.scale

    @Test("12,000 hostile strings: SafeText output holds no control or invisible scalar and respects its cap")
    func sanitizer() async {
        let failures = await offPool { () -> FailureLog in
            var rng = SeededRandom(seed: Self.seed)
            var failures = FailureLog(seed: Self.seed)
            for i in 0..<(12_000 * Self.scale) {
                let input = HostileText.string(&rng, maxPieces: 40)
                let limit = Int.random(in: 1...200, using: &rng)
                let line = SafeText.line(input, limit: limit)
                if !SafeText.isSafe(line) { failures.add("case \(i): line \(line.debugDescription) from \(input.debugDescription)") }
                if line.unicodeScalars.count > limit { failures.add("case \(i): line over its cap \(limit)") }
                if line.contains("\n") { failures.add("case \(i): line holds a newline") }
                let lines = SafeText.lines(input, limit: limit)
                if !lines.allSatisfy(SafeText.isSafe) { failures.add("case \(i): lines \(lines) from \(input.debugDescription)") }
            }
            return failures
        }
        failures.report()
    }

    @Test("300 consoles full of hostile strings, rendered in every mode at many sizes: every cell is safe and every row is exactly the grid's width")
    func renderer() async {
        let failures = await offPool { () -> FailureLog in
            var rng = SeededRandom(seed: Self.seed &+ 3)
            var failures = FailureLog(seed: Self.seed &+ 3)
            let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 60, height: 15),
                         Size(width: 200, height: 50), Size(width: 61, height: 16), Size(width: 40, height: 10),
                         Size(width: 1, height: 1), Size(width: 0, height: 0)]
            for i in 0..<(300 * Self.scale) {
                let state = HostileText.state(&rng, size: sizes[i % sizes.count])
                let grid = render(state, size: state.size, theme: .default)
                if let problem = GridCheck.problem(grid) {
                    failures.add("case \(i) (\(state.size.width)x\(state.size.height), mode \(state.mode), detail \(state.showDetail)): \(problem)")
                }
            }
            return failures
        }
        failures.report()
    }
}

// MARK: - Degraded responses and huge fields

@Suite("Hostile input: huge and malformed responses")
struct HostileResponseTests {
    @Test("a 5 MB reason, action and actor render (table and detail pane) well within a second")
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
        // A sanity bound that cannot flake (a render takes milliseconds); speed is a benchmark's job.
        #expect(elapsed < .seconds(1), "render took \(elapsed)")

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
        #expect(elapsed < .seconds(1) && reasonElapsed < .seconds(1), "render took \(elapsed) and \(reasonElapsed)")
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
        #expect(!state.pollInFlight && state.nextPollAt != nil, "another poll is scheduled")
        guard case .reconnecting(let reason) = state.connection else {
            Issue.record("connection is \(state.connection)")
            return
        }
        #expect(reason == error.message(engine: state.engineLabel))
        if case .responseTooLarge = error { #expect(reason.contains("larger than 16 MiB")) }
        #expect(GridCheck.problem(render(state, size: state.size, theme: .default)) == nil)
    }

}
