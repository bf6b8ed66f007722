@testable import ConsoleRuntime
import Foundation
@testable import ReviewModel
import Testing

// MARK: - Scanning lines

@Suite("Journal line scan")
struct JournalLineScanTests {
    @Test("the fields a rotation needs are found without decoding, even with look-alikes inside strings")
    func scanFindsFields() throws {
        let entry = JournalEntry(
            time: Date(timeIntervalSince1970: 1_800_000_000), engine: "http://e", id: "x\"id",
            action: ",\"outcome\":\"confirmed\"", actor: "a", confidence: 1, decision: .approve,
            note: "{\"id\":\"fake\"}", reviewer: "r", outcome: .held)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = try encoder.encode(entry)
        let outcome = line.withUnsafeBytes { JournalLineFields.value(of: "outcome", in: $0) }
        let id = line.withUnsafeBytes { JournalLineFields.value(of: "id", in: $0) }
        #expect(outcome == "held")
        #expect(id == "x\\\"id")
    }
}
