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
