import Foundation

// MARK: - Fixtures

/// Loads a contract fixture from `Fixtures/` next to this file.
func fixture(_ name: String, filePath: String = #filePath) throws -> Data {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try Data(contentsOf: url)
}

/// A date from RFC 3339 parts in UTC, for exact comparisons.
func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, nanos: Int = 0) -> Date {
    var c = DateComponents()
    (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, mo, d, h, mi, s)
    c.timeZone = TimeZone(identifier: "UTC")
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let whole = calendar.date(from: c) ?? Date(timeIntervalSince1970: 0)
    return whole.addingTimeInterval(Double(nanos) / 1e9)
}
