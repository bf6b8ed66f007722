// MARK: - Counts

/// How every count is written for people: digits grouped by thousands with a comma ("5,000").
///
/// One formatter for the header, the bulk tallies, the status line and the `list` footer, so
/// a count reads the same everywhere. Fixed (not the locale's): goldens and scripts reading
/// stderr see one form.
enum CountFormat {
    /// "7", "5,000", "1,234,567", "-1,200".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        guard digits.count > 3 else { return n < 0 ? "-" + digits : digits }
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}

extension String.StringInterpolation {
    /// `"\(count: 5000) pending"` → "5,000 pending".
    package mutating func appendInterpolation(count n: Int) {
        appendLiteral(CountFormat.grouped(n))
    }
}

extension ScreenText.Interpolation {
    /// `"\(count: 5000) marked requests"` → "5,000 marked requests" (the console's own words).
    package mutating func appendInterpolation(count n: Int) {
        text.append(.own(CountFormat.grouped(n)))
    }
}
