import Foundation
@testable import ReviewModel
import Testing

// MARK: - Golden screens

/// Compares a rendered grid with `Snapshots/<name>.txt` beside the calling test file.
///
/// A missing golden is recorded (and the test fails outside CI only if recording
/// failed); `LELU_RECORD=1` re-records every golden. On a mismatch the failure
/// shows a line diff.
package func assertGolden(
    _ grid: Grid, _ name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
    assertGoldenText(frame(grid), name, filePath: filePath, sourceLocation: sourceLocation)
}

/// Compares text with `Snapshots/<name>.txt`, recording it when missing (see ``assertGolden``).
package func assertGoldenText(
    _ actual: String, _ name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["LELU_RECORD"] == "1"
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        if ProcessInfo.processInfo.environment["CI"] == "true" && !record {
            Issue.record("missing golden \(name).txt (record it with LELU_RECORD=1)", sourceLocation: sourceLocation)
            return
        }
        do {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("could not record golden \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    if expected != actual {
        let diff = lineDiff(expected, actual)
        let hint = "(re-record with LELU_RECORD=1 if the change is intended)"
        Issue.record("\(name) differs from its golden:\n\(diff)\n\(hint)", sourceLocation: sourceLocation)
    }
}

/// The grid as text inside a frame, so trailing spaces are visible in the file.
package func frame(_ grid: Grid) -> String {
    let bar = "+" + String(repeating: "-", count: grid.size.width) + "+"
    return ([bar] + grid.lines.map { "|" + $0 + "|" } + [bar]).joined(separator: "\n") + "\n"
}

/// A minimal line diff: each differing line as expected/actual pairs.
package func lineDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(a.count, b.count) {
        let l = i < a.count ? String(a[i]) : "<none>"
        let r = i < b.count ? String(b[i]) : "<none>"
        if l != r {
            out.append(String(format: "%3d - %@", i, l))
            out.append(String(format: "%3d + %@", i, r))
        }
    }
    return out.joined(separator: "\n")
}
