import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Ages and the poll age

@Suite("Ages on screen")
struct AgeDisplayTests {
    @Test("table ages: seconds in the first minute, whole minutes to an hour, then hours and minutes")
    func shortAges() {
        #expect(AgeFormat.short(0) == "0s")
        #expect(AgeFormat.short(59.9) == "59s")
        #expect(AgeFormat.short(60) == "1m")
        #expect(AgeFormat.short(119) == "1m")
        #expect(AgeFormat.short(3599) == "59m")
        #expect(AgeFormat.short(3600 + 5 * 60 + 30) == "1h05m")
        #expect(AgeFormat.short(2 * 86_400 + 3 * 3600) == "2d03h")
        #expect(AgeFormat.short(-5) == "0s")
    }

    @Test("the detail pane keeps seconds below an hour")
    func preciseAges() {
        #expect(AgeFormat.precise(65) == "1m05s")
        #expect(AgeFormat.precise(3599) == "59m59s")
        #expect(AgeFormat.precise(3600 + 5 * 60 + 30) == "1h05m")
    }

    @Test("an idle queue older than a minute draws the same screen every second of that minute")
    func idleFramesAreStable() throws {
        // Three requests enqueued ten minutes ago, polled every second for 50 s (ages 10m01s–10m51s).
        var items = contractItems()
        let enqueued = testNow.addingTimeInterval(-600)
        for index in items.indices { items[index].enqueuedAt = enqueued }
        var state = polledState(items, size: Size(width: 80, height: 24))
        let start = testNow.addingTimeInterval(1)
        _ = reduce(&state, .tick(start))
        _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: start))
        let first = render(state, size: state.size, theme: .default).lines
        #expect(first.contains { $0.contains("10m") })
        for second in 1...50 {
            let now = start.addingTimeInterval(TimeInterval(second))
            _ = reduce(&state, .tick(now))
            _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: now))
            let frame = render(state, size: state.size, theme: .default).lines
            #expect(frame == first, "second \(second) changed the screen")
        }
    }

    @Test("the header shows the last poll's age only when the poll is late")
    func pollAgeWhenLate() throws {
        var state = polledState(contractItems(), size: Size(width: 80, height: 24))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("● connected "))
        #expect(!render(state, size: state.size, theme: .default).text(row: 0).contains("ago"))
        // The next poll starts late (a busy loop, a suspended laptop): the header says how old the list is.
        let late = (state.sync.lastGoodPoll ?? testNow).addingTimeInterval(state.pollInterval + 3)
        _ = reduce(&state, .tick(late))
        #expect(state.sync.pollInFlight)
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("● connected, last poll 4s ago"))
        // Once that poll has been out over 2 s, the slow notice takes over.
        _ = reduce(&state, .tick(late.addingTimeInterval(2.5)))
        #expect(render(state, size: state.size, theme: .default).text(row: 0).contains("slow: waiting 2s"))
    }
}
