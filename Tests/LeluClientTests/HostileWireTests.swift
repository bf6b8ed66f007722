import Foundation
@testable import ReviewModel
import Testing
import TestSupport

@testable import LeluClient

// MARK: - Seeded random decoding

/// Mutated engine JSON to the decoder, the same inputs on every run (`LELU_FUZZ_SEED`, `LELU_FUZZ_SCALE`).
@Suite("Hostile input: the decoder")
struct HostileWireTests {
    static let seed = FuzzRun.seed
    static let scale = FuzzRun.scale

    @Test("3,000 mutated contract fixtures: the decoder never crashes, and what it returns is well formed")
    func mutatedJSON() async throws {
        // The list fixture three times over: most mutants should still be lists.
        let seeds = try ["pending.json", "pending.json", "pending.json", "item-approved.json", "authorize-review.json",
                         "errors.json"].map { try fixture($0) }
        let (failures, decoded) = await offPool { () -> (FailureLog, Int) in
            var rng = SeededRandom(seed: Self.seed &+ 1)
            var failures = FailureLog(seed: Self.seed &+ 1)
            var decoded = 0
            for i in 0..<(3_000 * Self.scale) {
                var data = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
                for _ in 0..<Int.random(in: 1...4, using: &rng) { data = JSONMutator.mutate(data, &rng, donors: seeds) }
                if let list = try? WireFormat.decodePending(data) {
                    decoded += 1
                    let ids = list.items.map(\.id)
                    if ids.contains(where: \.isEmpty) { failures.add("case \(i): an empty ID survived") }
                    if Set(ids).count != ids.count { failures.add("case \(i): a duplicate ID survived") }
                    if list.skipped < 0 { failures.add("case \(i): negative skipped count") }
                    if !list.items.allSatisfy({ (0...1).contains($0.confidence) }) {
                        failures.add("case \(i): confidence outside 0...1")
                    }
                }
                if let item = try? WireFormat.decodeItem(data) {
                    decoded += 1
                    if item.id.isEmpty { failures.add("case \(i): decodeItem returned an empty ID") }
                }
            }
            return (failures, decoded)
        }
        failures.report()
        // The mutator must not only produce garbage: a good share still decodes.
        #expect(decoded > 300 * Self.scale, "only \(decoded) mutated bodies decoded; the mutator is too destructive")
    }


    @Test("300 generated lists of good, duplicate, empty-ID and wrong-type items: kept + skipped = sent")
    func generatedLists() async {
        let failures = await offPool { () -> FailureLog in
            var rng = SeededRandom(seed: Self.seed &+ 2)
            var failures = FailureLog(seed: Self.seed &+ 2)
            for i in 0..<(300 * Self.scale) {
                let (body, good, bad) = JSONMutator.list(&rng)
                do {
                    let list = try WireFormat.decodePending(body)
                    if list.items.map(\.id) != good {
                        failures.add("case \(i): kept \(list.items.map(\.id)), expected \(good)")
                    }
                    if list.skipped != bad { failures.add("case \(i): skipped \(list.skipped), expected \(bad)") }
                } catch {
                    failures.add("case \(i): the whole list failed (\(error)): \(String(decoding: body.prefix(300), as: UTF8.self))")
                }
            }
            return failures
        }
        failures.report()
    }


    @Test("100,000 items with duplicate and empty IDs decode, are counted, and render with the count in the header")
    func hundredThousandItems() async throws {
        let (list, grid) = try await offPool { () throws(EngineError) -> (PendingList, Grid) in
            let entries = (0..<100_000).map { i in
                let id = i % 10 == 9 ? "" : i % 10 == 8 ? "dup" : "id\(i)"
                return "{\"id\":\"\(id)\",\"action\":\"a\(i)\",\"actor\":\"bot\",\"confidence_score\":0.8}"
            }
            let body = "{\"items\":[" + entries.joined(separator: ",") + "],\"count\":100000}"
            let list = try WireFormat.decodePending(Data(body.utf8))
            var state = polledState([], size: Size(width: 120, height: 40))
            _ = reduce(&state, .pollSucceeded(list, at: testNow))
            return (list, render(state, size: state.size, theme: .default))
        }
        #expect(list.items.count == 80_001)  // 80,000 unique, plus the first "dup"
        #expect(list.skipped == 19_999)  // 10,000 empty, 9,999 repeats of "dup"
        #expect(grid.text(row: 0).contains("19,999 malformed skipped"), "\(grid.text(row: 0))")
        #expect(GridCheck.problem(grid) == nil)
    }


    @Test("wrong JSON types in every field keep the item; a non-object or a bad ID skips only that item")
    func wrongTypes() throws {
        let body = """
            {"items":[
              {"id":"a","actor":5,"action":["x"],"resource":[1,2],"confidence_score":"high","reason":{"r":1},
               "acting_for":true,"tenant_id":null,"enqueued_at":7,"status":3},
              {"id":"b","resource":{"n":1,"f":1.5,"t":true,"z":null,"o":{"deep":[1]},"s":"ok"}},
              {"id":true},{"id":null},{"id":1.5},{"id":{}},[],null,"x",12
            ],"count":"eleven"}
            """
        let list = try WireFormat.decodePending(Data(body.utf8))
        #expect(list.items.map(\.id) == ["a", "b"])
        #expect(list.skipped == 8)
        #expect(list.reportedCount == nil)
        let b = try #require(list.items.last)
        #expect(b.resource == ["n": "1", "f": "1.5", "t": "true", "z": "", "o": "…", "s": "ok"])
    }


    @Test("a nesting bomb inside one item fails that poll with a clear error, not a crash")
    func nestingBombInAnItem() {
        let bomb = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        let body = #"{"items":[{"id":"ok","action":"a"},{"id":"bomb","resource":{"x":"# + bomb + "}}]}"
        #expect(throws: EngineError.self) { try WireFormat.decodePending(Data(body.utf8)) }
        // A nest the parser accepts costs only that field.
        let shallow = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let list = try? WireFormat.decodePending(Data((#"{"items":[{"id":"ok","resource":{"x":"# + shallow + "}}]}").utf8))
        #expect(list?.items.first?.resource == ["x": "…"])
    }
}
