import Foundation
import Testing
@testable import ReviewModel

// MARK: - Decisions

@Suite("Hot paths: decisions")
struct DecisionHotPathTests {
    static func decision(_ id: String, _ n: Int) -> PendingDecision {
        PendingDecision(id: id, decision: n % 2 == 0 ? .approve : .deny, note: "n\(n)", due: testNow, batch: n % 5,
                        action: "act", actor: "bot", confidence: 0.5)
    }

    @Test("a decision queue behaves as the array it replaced, repeated IDs included")
    func queueEqualsArray() {
        var rng = SeededRandom(seed: 0xDEC1)
        var queue: DecisionQueue = []
        var array: [PendingDecision] = []
        let ids = (0..<40).map { "q\($0)" }
        for n in 0..<6_000 {
            switch Int.random(in: 0..<20, using: &rng) {
            case 0..<8:
                let d = Self.decision(ids[Int.random(in: 0..<ids.count, using: &rng)], n)
                queue.append(d)
                array.append(d)
            case 8..<9:
                let more = (0..<Int.random(in: 0...5, using: &rng)).map { Self.decision(ids[($0 * 7 + n) % ids.count], n) }
                queue += more
                array += more
            case 9..<15:
                if !array.isEmpty { #expect(queue.removeFirst() == array.removeFirst()) }
            case 15:
                let batch = n % 5
                let taken = queue.filter { $0.batch == batch }
                #expect(Array(taken) == array.filter { $0.batch == batch })
                queue.removeAll { $0.batch == batch }
                array.removeAll { $0.batch == batch }
            case 16:
                if !array.isEmpty {
                    let i = Int.random(in: 0..<array.count, using: &rng)
                    #expect(queue.remove(at: i) == array.remove(at: i))
                }
            case 17:
                if Int.random(in: 0..<10, using: &rng) == 0 {
                    queue.removeAll()
                    array.removeAll()
                }
            default:
                let id = ids[Int.random(in: 0..<ids.count, using: &rng)]
                #expect(queue.first(withID: id) == array.first { $0.id == id })
                let probe = array.randomElement(using: &rng) ?? Self.decision(id, n)
                var other = probe
                other.note += "?"
                #expect(queue.contains(probe) == array.contains(probe))
                #expect(queue.contains(other) == array.contains(other))
            }
            #expect(Array(queue) == array)
            #expect(queue.count == array.count && queue.first == array.first && queue.last == array.last)
            for id in ids.prefix(5) { #expect(queue.first(withID: id) == array.first { $0.id == id }) }
        }
        #expect(queue == DecisionQueue(array))
    }
}
