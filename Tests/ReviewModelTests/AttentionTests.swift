import Foundation
import Testing
@testable import ReviewModel
import TestSupport

// MARK: - Attention

/// Notifications for arrivals while the terminal is in the background: when, how often, what they say.
@Suite("Attention: notifications for unseen arrivals")
struct AttentionTests {
    /// A console on the current engine with `count` pending, notifying with `method`.
    func harness(_ method: NotifyMethod = .osc777, pending count: Int = 2) -> SyncHarness {
        var engine = SimulatedEngine(.current, seed: 7)
        engine.enqueue(count, at: testNow.addingTimeInterval(-30))
        return SyncHarness(engine) { $0.attention = Attention(method: method) }
    }

    @Test("unfocused, a new request gives exactly one notification within one poll, naming its action and actor")
    func unfocusedArrivalNotifiesOnce() throws {
        var h = harness()
        h.perform(reduce(&h.state, .focusChanged(false)))
        h.engine.enqueue(1, at: h.now)
        h.advance(1)
        let sent = try #require(h.notified.first)
        #expect(h.notified.count == 1)
        let newest = try #require(h.engine.records.last)
        #expect(sent.body == "1 request waiting — \(newest.action) by \(newest.actor)")
        #expect(sent.method == .osc777 && sent.title == "lelu-console")
        for _ in 0..<20 { h.advance(1) }
        #expect(h.notified.count == 1, "nothing new arrived: no second notification")
    }

    @Test("focused, or with notifications off, or for the first read: no notification")
    func focusedOffOrInitialNothing() {
        var focused = harness()
        focused.engine.enqueue(3, at: focused.now)
        focused.advance(1)
        #expect(focused.notified.isEmpty, "focused: the reviewer sees the rows arrive")

        var off = harness(.off)
        off.perform(reduce(&off.state, .focusChanged(false)))
        off.engine.enqueue(3, at: off.now)
        off.advance(1)
        #expect(off.notified.isEmpty)

        var initial = harness(pending: 5)
        initial.perform(reduce(&initial.state, .focusChanged(false)))
        initial.advance(1)
        #expect(initial.notified.isEmpty, "requests already shown when the terminal lost focus are not news")
    }

    @Test("a request already listed that a read missed and the next one lists again is not news; a new one is")
    func leaveAndReturnIsNotNews() throws {
        var h = harness(pending: 3)
        h.perform(reduce(&h.state, .focusChanged(false)))
        // A complete answer that misses r00002 (the console does not look it up), then the full one again.
        let partial = PendingList(items: h.engine.list().items.filter { $0.id != "r00002" }, reportedCount: 2, total: 2)
        h.perform(reduce(&h.state, .pollSucceeded(partial, at: h.now)))
        #expect(h.state.table.items["r00002"] == nil, "a complete answer without it: it left")
        h.perform(reduce(&h.state, .pollSucceeded(h.engine.list(), at: h.now)))
        #expect(h.state.table.items["r00002"] != nil)
        for _ in 0..<12 { h.advance(1) }
        #expect(h.notified.isEmpty, "r00002 was on screen before it left: \(h.notified.map(\.body))")
        #expect(h.state.attention.unseen.isEmpty)

        h.engine.enqueue(1, at: h.now)
        h.advance(1)
        let sent = try #require(h.notified.first)
        #expect(h.notified.count == 1 && sent.body.hasPrefix("1 request waiting"), "\(sent.body)")
    }

    @Test("at most one notification every 10 s; arrivals in between are counted into the next")
    func rateLimitedAndCounted() throws {
        var h = harness()
        h.perform(reduce(&h.state, .focusChanged(false)))
        h.engine.enqueue(1, at: h.now)
        h.advance(1)
        #expect(h.notified.count == 1)
        for _ in 0..<3 {
            h.engine.enqueue(1, at: h.now)
            h.advance(2)
        }
        #expect(h.notified.count == 1, "within 10 s of the first")
        for _ in 0..<5 { h.advance(1) }
        let second = try #require(h.notified.dropFirst().first)
        #expect(h.notified.count == 2)
        #expect(second.body.hasPrefix("3 requests waiting — "), "\(second.body)")
    }

    @Test("focus coming back clears the count: nothing is sent for requests the reviewer has now seen")
    func focusBackClears() {
        var h = harness()
        h.perform(reduce(&h.state, .focusChanged(false)))
        h.engine.enqueue(1, at: h.now)
        h.advance(1)
        h.engine.enqueue(2, at: h.now)
        h.advance(2)
        h.perform(reduce(&h.state, .focusChanged(true)))
        h.perform(reduce(&h.state, .focusChanged(false)))
        for _ in 0..<15 { h.advance(1) }
        #expect(h.notified.count == 1)
    }

    @Test("a hostile action and actor: sanitized, no ';', cut to 80 characters, never starting with a digit and ';'")
    func hostileBody() {
        let action = "9;4;1\u{1B}]777;notify;pwn\u{07}\u{9B}2J" + String(repeating: "x", count: 200)
        let n = DesktopNotification(method: .osc9, count: 12, action: action, actor: "bot\u{1B}[31m;red")
        #expect(n.body.count <= DesktopNotification.maxBody)
        #expect(!n.body.contains(";"))
        #expect(n.body.unicodeScalars.allSatisfy { !SafeText.isInvisibleOrControl($0) }, "\(n.body.debugDescription)")
        #expect(n.body.hasPrefix("12 requests waiting — 9,4,1"))
        #expect(DesktopNotification.cut("4;progress") == "lelu: 4;progress")
    }

    @Test("the escapes: OSC 9, OSC 777, OSC 99 in two parts, each wrapped for tmux with every ESC doubled")
    func escapes() {
        let n = DesktopNotification(method: .osc777, count: 1, action: "issue_refund", actor: "billing_bot")
        let body = "1 request waiting — issue_refund by billing_bot"
        #expect(String(decoding: n.escape(inTmux: false), as: UTF8.self)
            == "\u{1B}]777;notify;lelu-console;\(body)\u{1B}\\")
        #expect(String(decoding: n.escape(inTmux: true), as: UTF8.self)
            == "\u{1B}Ptmux;\u{1B}\u{1B}]777;notify;lelu-console;\(body)\u{1B}\u{1B}\\\u{1B}\\")
        var nine = n
        nine.method = .osc9
        #expect(String(decoding: nine.escape(inTmux: false), as: UTF8.self) == "\u{1B}]9;\(body)\u{1B}\\")
        var kitty = n
        kitty.method = .osc99
        #expect(String(decoding: kitty.escape(inTmux: false), as: UTF8.self)
            == "\u{1B}]99;i=lelu:d=0;lelu-console\u{1B}\\\u{1B}]99;i=lelu:d=1:p=body;\(body)\u{1B}\\")
        var bell = n
        bell.method = .bell
        #expect(bell.escape(inTmux: true).isEmpty)
    }

    @Test("auto: a method known to work on the terminal the environment names, else off (bell inside tmux)")
    func detection() {
        #expect(NotifyMethod.detect(environment: ["KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"]) == .osc99)
        #expect(NotifyMethod.detect(environment: ["TERM_PROGRAM": "iTerm.app"]) == .osc9)
        #expect(NotifyMethod.detect(environment: ["TERM_PROGRAM": "WezTerm"]) == .osc9)
        #expect(NotifyMethod.detect(environment: ["TERM_PROGRAM": "ghostty"]) == .osc777)
        #expect(NotifyMethod.detect(environment: ["TERM": "foot"]) == .osc777)
        #expect(NotifyMethod.detect(environment: ["TERM": "xterm-256color", "VTE_VERSION": "7600"]) == .off)
        #expect(NotifyMethod.detect(environment: ["TERM": "alacritty"]) == .off)
        #expect(NotifyMethod.detect(environment: ["TMUX": "/tmp/tmux-0/default,1,0", "TERM_PROGRAM": "tmux"]) == .bell)
        #expect(NotifyMethod.detect(environment: ["TMUX": "/tmp/x,1,0", "LC_TERMINAL": "iTerm2"]) == .osc9)
    }
}
