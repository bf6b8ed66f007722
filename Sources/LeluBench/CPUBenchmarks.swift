import Foundation
import LocalEngine
import ReviewModel
import LeluClient

// MARK: - Per-size costs

/// What one queue size costs on the UI thread.
struct SizeCosts: Sendable {
    /// Items in the list.
    var items: Int
    /// Bytes of the `GET /v1/queue/pending` body.
    var bodyBytes: Int
    /// `WireFormat.decodePending`, ms.
    var decode = Samples()
    /// `reduce(.pollSucceeded)` of a fresh (reshuffled) poll of the same items, ms.
    var applyPoll = Samples()
    /// `render` at 200x60, ms.
    var render = Samples()
    /// `render` with the cursor in the middle of the list, ms.
    var renderScrolled = Samples()
    /// One filter keystroke (`/` then `x`), ms.
    var filterFirst = Samples()
    /// A further filter keystroke (`/ref` then `u`), ms.
    var filterNext = Samples()
    /// A backspace that widens the filter (`/refu` then Backspace), ms.
    var filterBack = Samples()
    /// One cursor movement (`j`), ms.
    var moveDown = Samples()

    /// Decode throughput at the median, MB/s.
    var decodeMBps: Double? { decode.p50.map { Double(bodyBytes) / 1_000_000 / ($0 / 1000) } }
}

/// Rows 3, 4, 5 and the growth table: decode, apply, render and filter at one queue size.
func benchSize(_ items: Int, repetitions: Int) async throws -> SizeCosts {
    let engine = try await startEngine(listLimit: items)
    _ = try await enqueue(base: engine.baseURL, count: items)
    let body = try await fetchPendingBody(base: engine.baseURL)
    let reshuffled = try await fetchPendingBody(base: engine.baseURL)
    await engine.stop()

    var costs = SizeCosts(items: items, bodyBytes: body.count)
    // Fewer repetitions for the big list: each one is milliseconds, not microseconds.
    let n = items >= 10_000 ? max(10, repetitions / 10) : items >= 1000 ? max(20, repetitions / 3) : repetitions
    costs.decode = timeRepeated(count: n) { consume(try? WireFormat.decodePending(body)) }
    let list = try WireFormat.decodePending(body)
    let next = try WireFormat.decodePending(reshuffled)
    guard list.items.count == items else { throw BenchFailure("decoded \(list.items.count) of \(items) items") }

    let state = polledState(list)
    costs.applyPoll = timeRepeated(count: n) {
        var copy = state
        consume(reduce(&copy, .pollSucceeded(next, at: copy.now.addingTimeInterval(1))))
    }
    let theme = Theme.default
    costs.render = timeRepeated(count: repetitions) { consume(render(state, size: benchSize, theme: theme)) }
    var scrolled = state
    _ = reduce(&scrolled, .key(.pageDown))
    for _ in 0..<(items / 2 / 55) { _ = reduce(&scrolled, .key(.pageDown)) }
    costs.renderScrolled = timeRepeated(count: repetitions) { consume(render(scrolled, size: benchSize, theme: theme)) }

    var filtering = state
    _ = reduce(&filtering, .key(.char("/")))
    let typing = filtering
    costs.filterFirst = timeRepeated(count: n) {
        var copy = typing
        consume(reduce(&copy, .key(.char("x"))))
    }
    var typed = typing
    for ch in "ref" { _ = reduce(&typed, .key(.char(ch))) }
    let further = typed
    costs.filterNext = timeRepeated(count: n) {
        var copy = further
        consume(reduce(&copy, .key(.char("u"))))
    }
    var longer = further
    _ = reduce(&longer, .key(.char("u")))
    let widening = longer
    costs.filterBack = timeRepeated(count: n) {
        var copy = widening
        consume(reduce(&copy, .key(.backspace)))
    }
    costs.moveDown = timeRepeated(count: repetitions) {
        var copy = state
        consume(reduce(&copy, .key(.char("j"))))
    }
    return costs
}
