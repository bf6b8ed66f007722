import Foundation

// MARK: - RFC 3339

/// Parses and formats the engine's RFC 3339 timestamps.
///
/// The engine writes UTC with 0–9 fractional digits (`2026-07-01T11:26:46.123456789Z`);
/// offsets like `+02:00` are accepted too. Parsing is by hand because
/// `ISO8601DateFormatter` takes either no fraction or exactly milliseconds.
package enum Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    package static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ chars: [UInt8]) -> Bool {
            guard i < b.count, chars.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect([45]), let month = digits(2), expect([45]),
              let day = digits(2), expect([84, 116, 32]),  // T, t, space
              let hour = digits(2), expect([58]), let minute = digits(2), expect([58]),
              let second = digits(2)
        else { return nil }
        var nanos = 0
        if i < b.count, b[i] == 46 {  // '.'
            i += 1
            var count = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if count < 9 { nanos = nanos * 10 + Int(b[i] - 48) }
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { nanos *= 10 }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {  // Z, z
            i += 1
        } else if b[i] == 43 || b[i] == 45 {  // + -
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect([58]), let om = digits(2) else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count, (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(nanos) / 1e9)
    }

    /// Formats a date as UTC RFC 3339 with milliseconds, e.g. `2026-07-01T11:26:46.123Z`.
    package static func format(_ date: Date, fractionDigits: Int = 3) -> String {
        let total = date.timeIntervalSince1970
        let whole = Int(total.rounded(.down))
        var frac = total - Double(whole)
        let (days, secs) = whole.quotientAndRemainderFloored(dividingBy: 86_400)
        let (y, m, d) = civilFromDays(days)
        let text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
        guard fractionDigits > 0 else { return text + "Z" }
        var digits = ""
        for _ in 0..<fractionDigits {
            frac *= 10
            let digit = min(9, Int(frac.rounded(.down)))
            digits.append(Character(String(digit)))
            frac -= Double(digit)
        }
        return text + "." + digits + "Z"
    }

    // MARK: - Civil calendar (Howard Hinnant's algorithms)

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Int {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    func quotientAndRemainderFloored(dividingBy d: Int) -> (Int, Int) {
        let q = self / d
        let r = self % d
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}

// MARK: - Ages

/// Formats elapsed time the way the queue shows ages: `42s`, `3m`, `1h05m`, `2d03h`.
package enum AgeFormat {
    /// A short age for a table cell: seconds only in the first minute, then whole minutes.
    ///
    /// A cell that changes once a minute instead of once a second keeps an idle console's
    /// terminal writes (one per visible row per change) small; the detail pane shows seconds.
    static func short(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        return hoursAndMore(s)
    }

    /// An age to the second below an hour: `42s`, `3m07s`, `1h05m`.
    package static func precise(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(twoDigits(s % 60))s" }
        return hoursAndMore(s)
    }

    private static func hoursAndMore(_ s: Int) -> String {
        if s < 86_400 { return "\(s / 3600)h\(twoDigits(s / 60 % 60))m" }
        return "\(s / 86_400)d\(twoDigits(s / 3600 % 24))h"
    }

    private static func twoDigits(_ n: Int) -> String {
        n < 10 ? "0\(n)" : "\(n)"
    }
}
