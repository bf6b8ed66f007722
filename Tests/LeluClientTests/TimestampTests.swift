import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient
import TestSupport

// MARK: - Timestamps

@Suite("Timestamps")
struct TimestampTests {
    @Test("0 to 9 fractional digits", arguments: 0...9)
    func fractions(digits: Int) throws {
        let fraction = String("123456789".prefix(digits))
        let text = "2026-07-01T11:26:46" + (digits > 0 ? "." + fraction : "") + "Z"
        let date = try #require(Timestamp.parse(text))
        let nanos = digits > 0 ? (Int(fraction) ?? 0) * Int(pow(10, Double(9 - digits))) : 0
        #expect(abs(date.timeIntervalSince(utc(2026, 7, 1, 11, 26, 46, nanos: nanos))) < 1e-6)
    }

    @Test("offsets, lower case and space separators")
    func offsets() {
        let base = utc(2026, 7, 1, 11, 26, 46)
        #expect(Timestamp.parse("2026-07-01T13:26:46+02:00") == base)
        #expect(Timestamp.parse("2026-07-01T06:56:46-04:30") == base)
        #expect(Timestamp.parse("2026-07-01t11:26:46z") == base)
        #expect(Timestamp.parse("2026-07-01 11:26:46+00:00") == base)
        #expect(Timestamp.parse("2026-07-02T00:26:46.25+13:00") == base.addingTimeInterval(0.25))
    }

    @Test("rejects what is not RFC 3339")
    func rejects() {
        for text in ["", "2026-07-01", "2026-07-01T11:26:46", "2026-07-01T11:26:46.Z", "2026-13-01T00:00:00Z",
                     "2026-07-01T25:00:00Z", "2026-07-01T11:26:46+0200", "2026-07-01T11:26:46Zjunk", "yesterday"] {
            #expect(Timestamp.parse(text) == nil, "\(text)")
        }
    }

    @Test("more than nine digits are read to the nanosecond")
    func tooManyDigits() throws {
        let date = try #require(Timestamp.parse("2026-07-01T11:26:46.1234567891234Z"))
        #expect(abs(date.timeIntervalSince(utc(2026, 7, 1, 11, 26, 46, nanos: 123_456_789))) < 1e-6)
    }

    @Test("format writes UTC with the asked precision")
    func format() {
        let date = utc(2026, 7, 1, 11, 27, 2, nanos: 500_000_000)
        #expect(Timestamp.format(date) == "2026-07-01T11:27:02.500Z")
        #expect(Timestamp.format(date, fractionDigits: 0) == "2026-07-01T11:27:02Z")
        #expect(Timestamp.format(utc(1969, 12, 31, 23, 59, 59)) == "1969-12-31T23:59:59.000Z")
    }
}

