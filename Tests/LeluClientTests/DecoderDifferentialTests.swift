import Foundation
@testable import ReviewModel
import Testing
import TestSupport

@testable import LeluClient

// MARK: - The byte-level decoder against the reference

/// The byte-level decoder must give what Foundation's `JSONDecoder` path gives, for every body:
/// the same items in the same order, the same skipped, count and total, and an error exactly
/// when the reference throws. Seeded (`LELU_FUZZ_SEED`, `LELU_FUZZ_SCALE`); no timings.
@Suite("Byte-level decoder = JSONDecoder reference")
struct DecoderDifferentialTests {
    static let seed = FuzzRun.seed
    static let scale = FuzzRun.scale

    @Test("every fixture, as a list and as an item, and each list element as an item")
    func fixtures() throws {
        var failures = FailureLog(seed: 0)
        for name in ["pending.json", "item-approved.json", "authorize-review.json", "errors.json"] {
            let data = try fixture(name)
            Differential.check(data, label: name, into: &failures)
            for (i, element) in (RawJSON.arrayElements(data, key: "items") ?? []).enumerated() {
                Differential.check(element, label: "\(name) item \(i)", into: &failures)
            }
        }
        #expect(try WireFormat.decodePending(fixture("pending.json")).items.count == 3)
        failures.report()
    }

    @Test("every body the real July engine sent (Fixtures/real-engine-2026-07.md)")
    func recordedBodies() throws {
        let bodies = RecordedBodies.load()
        try #require(bodies.count > 20, "the recorded bodies were not found at \(RecordedBodies.path)")
        var failures = FailureLog(seed: 0)
        for (i, body) in bodies.enumerated() {
            Differential.check(Data(body.utf8), label: "recorded body \(i)", into: &failures)
        }
        failures.report()
        // The recorded lists really are lists: the comparison is not all errors.
        #expect(bodies.contains { (try? WireFormat.decodePending(Data($0.utf8)))?.items.isEmpty == false })
    }

    @Test("hand-written hostile bodies: escapes, surrogates, duplicates, numbers, nesting, encodings")
    func hostileCases() {
        var failures = FailureLog(seed: 0)
        for (i, body) in HostileBodies.all.enumerated() {
            Differential.check(body, label: "case \(i)", into: &failures)
        }
        failures.report()
    }

    @Test("3,000 mutated fixture bodies decode the same (or fail the same)")
    func mutatedFixtures() async throws {
        let seeds = try ["pending.json", "pending.json", "pending.json", "item-approved.json", "authorize-review.json",
                         "errors.json"].map { try fixture($0) } + HostileBodies.all.filter { !$0.isEmpty }  // donors need bytes
        let failures = await offPool { () -> FailureLog in
            var rng = SeededRandom(seed: Self.seed &+ 11)
            var failures = FailureLog(seed: Self.seed &+ 11)
            for i in 0..<(3_000 * Self.scale) {
                var data = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
                for _ in 0..<Int.random(in: 1...4, using: &rng) { data = JSONMutator.mutate(data, &rng, donors: seeds) }
                Differential.check(data, label: "case \(i)", into: &failures)
            }
            return failures
        }
        failures.report()
    }

    @Test("2,000 generated lists of tricky fields decode the same")
    func generatedLists() async {
        let failures = await offPool { () -> FailureLog in
            var rng = SeededRandom(seed: Self.seed &+ 12)
            var failures = FailureLog(seed: Self.seed &+ 12)
            for i in 0..<(1_000 * Self.scale) {
                let (body, _, _) = JSONMutator.list(&rng)
                Differential.check(body, label: "mutator list \(i)", into: &failures)
                Differential.check(TrickyJSON.list(&rng), label: "tricky list \(i)", into: &failures)
            }
            return failures
        }
        failures.report()
    }

    @Test("a nesting bomb of a million brackets is an error, not a stack overflow")
    func nestingBomb() {
        let bomb = String(repeating: "[", count: 1_000_000)
        #expect(throws: EngineError.self) { try WireFormat.decodePending(Data(#"{"items":[],"x":\#(bomb)"#.utf8)) }
        #expect(throws: EngineError.self) { try WireFormat.decodeItem(Data(#"{"id":"a","x":\#(bomb)"#.utf8)) }
        let objects = String(repeating: #"{"a":"#, count: 200_000)
        #expect(throws: EngineError.self) { try WireFormat.decodePending(Data(#"{"items":[\#(objects)]}"#.utf8)) }
    }
}

// MARK: - Comparing

/// Runs both decoders on one body and records any difference.
enum Differential {
    /// Compares the list decoders and the item decoders on `data`.
    static func check(_ data: Data, label: String, into failures: inout FailureLog) {
        let fast = try? WireFormat.decodePending(data)
        let reference = try? WireFormat.decodePendingReference(data)
        if fast != reference {
            failures.add("\(label): list \(describe(fast)) but the reference gives \(describe(reference)) for \(show(data))")
        }
        let fastItem = try? WireFormat.decodeItem(data)
        let referenceItem = try? WireFormat.decodeItemReference(data)
        if fastItem != referenceItem {
            failures.add("\(label): item \(String(describing: fastItem)) but the reference gives \(String(describing: referenceItem)) for \(show(data))")
        }
    }

    /// A list, briefly.
    static func describe(_ list: PendingList?) -> String {
        guard let list else { return "an error" }
        return "\(list.items.count) items (skipped \(list.skipped), count \(String(describing: list.reportedCount)), "
            + "total \(String(describing: list.total))) \(list.items)"
    }

    /// A body, briefly and printably.
    static func show(_ data: Data) -> String {
        String(decoding: data.prefix(600), as: UTF8.self).debugDescription
    }
}
