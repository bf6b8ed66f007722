import Foundation
import Testing
import TestSupport

@testable import ReviewModel

// MARK: - The queue table on its own

@Suite("Queue table")
struct QueueTableTests {
    /// Rows "a" (oldest) to "e" (newest), admitted after the first reads.
    func table(_ ids: [String] = ["a", "b", "c", "d", "e"], rows: Int = 10) -> QueueTable {
        var table = QueueTable()
        let items = ids.enumerated().map { request($1, ageSeconds: Double(100 - $0)) }
        table.admit(items, changed: false, initial: true, now: testNow, tenants: [], rows: rows)
        return table
    }

    @Test("admitting rows sorts them oldest first and puts the cursor on the first; nothing new does nothing")
    func admitting() {
        var table = QueueTable()
        let arrivals = [request("c", ageSeconds: 10), request("a", ageSeconds: 30), request("b", ageSeconds: 20)]
        let admitted = table.admit(arrivals, changed: false, initial: false, now: testNow, tenants: [], rows: 10)
        #expect(admitted)
        #expect(table.order == ["a", "b", "c"] && table.cursorID == "a")
        #expect(table.firstSeen["b"] == testNow, "arrivals after the first reads are highlighted from now")
        let before = table
        let again = table.admit([], changed: false, initial: false, now: testNow, tenants: [], rows: 10)
        #expect(!again)
        #expect(table == before)
        table.moveCursor(to: 2, rows: 10)
        table.admit([request("z", ageSeconds: 50)], changed: false, initial: false, now: testNow, tenants: [], rows: 10)
        #expect(table.order == ["z", "a", "b", "c"] && table.cursorID == "c", "the cursor stays on its request")
    }

    @Test("removing rows returns how many were held, drops their marks and moves the cursor to the next row")
    func removing() {
        var table = table()
        table.moveCursor(to: 2, rows: 10)
        table.toggleMark("c")
        table.toggleMark("d")
        let removed = table.remove(["c", "zz"], tenants: [], rows: 10)
        #expect(removed == 1)
        #expect(table.order == ["a", "b", "d", "e"] && table.items["c"] == nil && table.firstSeen["c"] == nil)
        #expect(table.cursorID == "d" && table.marks == ["d"])
        let none = table.remove(["zz"], tenants: [], rows: 10)
        #expect(none == 0, "nothing held: nothing removed")
        table.moveCursor(to: 3, rows: 10)
        table.remove(["e"], tenants: [], rows: 10)
        #expect(table.cursorID == "d", "the last row left: the one before it")
        table.remove(["a", "b", "d"], tenants: [], rows: 10)
        #expect(table.order.isEmpty && table.cursorID == nil && table.scrollTop == 0)
    }

    @Test("the cursor moves clamped to the table and the table scrolls to keep it on screen")
    func cursorAndScroll() {
        var table = table(rows: 2)
        table.moveCursor(by: 3, rows: 2)
        #expect(table.cursorID == "d" && table.scrollTop == 2)
        table.moveCursor(by: 10, rows: 2)
        #expect(table.cursorID == "e" && table.scrollTop == 3)
        table.moveCursor(to: -4, rows: 2)
        #expect(table.cursorID == "a" && table.scrollTop == 0)
        let selected = table.select("c")
        #expect(selected && table.cursorID == "c")
        let unknown = table.select("nope")
        #expect(!unknown && table.cursorID == "c", "a request not shown is not selected")
        table.select(row: 9)
        #expect(table.cursorID == "c", "a click below the rows selects nothing")
        table.restoreScroll(4, rows: 2)
        #expect(table.scrollTop == 2, "a scroll position is kept only where the cursor stays on screen")
    }

    @Test("a narrowing filter keeps the order and moves the cursor to its nearest staying neighbour")
    func filtering() {
        var table = QueueTable()
        let items = [request("a", action: "refund", ageSeconds: 50), request("b", action: "delete", ageSeconds: 40),
                     request("c", action: "refund", ageSeconds: 30)]
        table.admit(items, changed: false, initial: true, now: testNow, tenants: [], rows: 10)
        table.moveCursor(to: 1, rows: 10)
        table.setFilter("ref", tenants: [], rows: 10)
        #expect(table.filter == "ref" && table.order == ["a", "c"] && table.cursorID == "c")
        #expect(table.orderIsExact(tenants: []), "narrowing from no filter leaves the order exact")
        table.setFilter("refx", tenants: [], rows: 10)
        #expect(table.order.isEmpty && table.cursorID == nil)
        table.setFilter("", tenants: [], rows: 10)
        #expect(table.order == ["a", "b", "c"] && table.cursorID == "a")
        table.setFilter("", tenants: ["acme"], rows: 10)
        #expect(table.order == ["a", "b", "c"], "the same text does nothing, whatever the tenants")
    }

    @Test("changing the sort re-sorts everything and keeps the cursor on its request")
    func sorting() {
        var table = table()
        table.moveCursor(to: 1, rows: 10)
        table.setSort(.age, reversed: true, tenants: [], rows: 10)
        #expect(table.order == ["e", "d", "c", "b", "a"] && table.cursorID == "b" && table.sortReversed)
        #expect(table.cursorIndex == 3)
    }

    @Test("marks: toggle, all shown, some, none; resolved IDs are kept only while listed")
    func marksAndResolved() {
        var table = table(["a", "b", "c"])
        table.toggleMark("a")
        table.toggleMark("a")
        #expect(table.marks.isEmpty)
        table.markAll()
        #expect(table.marks == ["a", "b", "c"])
        table.unmark(["a", "b"])
        #expect(table.marks == ["c"])
        table.mark(["x"])
        #expect(table.marks == ["c", "x"], "hidden requests can be marked (mark-alike)")
        table.clearMarks()
        #expect(table.marks.isEmpty)
        table.noteResolved("a")
        table.noteResolved("b")
        table.keepResolved(["b", "q"])
        #expect(table.resolved == ["b"])
    }

    @Test("the selection guard is set and released only by its methods")
    func selectionGuard() {
        var table = table()
        table.guardSelection(until: testNow.addingTimeInterval(1))
        #expect(table.selectionGuardUntil == testNow.addingTimeInterval(1))
        table.releaseSelectionGuard()
        #expect(table.selectionGuardUntil == nil)
    }
}
