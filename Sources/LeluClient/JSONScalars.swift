import Foundation

// MARK: - Strings, read strictly

extension JSONBytes {
    /// The string's text, or nil where Foundation's `JSONDecoder` fails to read it: a raw control
    /// byte, an unknown escape, bad hex, or a lone surrogate (`\ud800` alone is an error there, not
    /// U+FFFD, so it is here too). The document is valid UTF-8 by now.
    func text(_ span: JSONStringSpan) -> String? {
        if span.simple {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        guard unescape(span, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the string's UTF-8 to `out`; false where Foundation fails (see ``text(_:)``).
    func unescape(_ span: JSONStringSpan, into out: inout [UInt8]) -> Bool {
        var index = span.start
        while index < span.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                guard byte >= 0x20 else { return false }
                out.append(byte)
                index += 1
                continue
            }
            // The scanner made sure a byte follows a backslash, and four follow `\u`.
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let (scalar, next) = unicodeEscape(at: index, end: span.end) else { return false }
                out.append(contentsOf: String(scalar).utf8)
                index = next
            default: return false
            }
        }
        return true
    }

    /// The scalar of the `\u` escape whose hex digits start at `index`, with a surrogate pair's
    /// second half; nil for bad hex or a lone surrogate.
    private func unicodeEscape(at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        guard let unit = hex4(at: index) else { return nil }
        guard (0xD800...0xDBFF).contains(unit) else {
            return Unicode.Scalar(unit).map { ($0, index + 4) }  // nil for a lone low surrogate
        }
        let low = index + 4
        guard end - low >= 2, bytes[low] == UInt8(ascii: "\\"), bytes[low + 1] == UInt8(ascii: "u"),
              let trail = hex4(at: low + 2), (0xDC00...0xDFFF).contains(trail),
              let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (trail - 0xDC00))
        else { return nil }
        return (scalar, low + 6)
    }

    /// Four hex digits (either case) as a number.
    private func hex4(at index: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

// MARK: - Numbers, read strictly

extension JSONBytes {
    /// The number as a `Double` the way `JSONDecoder` reads one: valid JSON grammar, finite, and
    /// not a non-zero literal that rounds to zero (`1e400` and `1e-400` both fail).
    func double(start: Int, end: Int) -> Double? {
        guard let shape = numberShape(start: start, end: end), let value = parseDouble(start: start, end: end),
              value.isFinite
        else { return nil }
        if value == 0, !shape.zeroDigits { return nil }
        return value
    }

    /// The number as an `Int` the way `JSONDecoder` reads one: digits that fit, or a fraction or
    /// exponent whose value is an integer (`1.0`, `1e2`, and `1e-400` as 0).
    func int(start: Int, end: Int) -> Int? {
        guard let shape = numberShape(start: start, end: end) else { return nil }
        if shape.integer { return parseInt(start: start, end: end) }
        guard let value = parseDouble(start: start, end: end), let integer = Int(exactly: value) else { return nil }
        if value.magnitude < 0x1p53 { return integer }
        // Beyond 2^53 Foundation re-reads the literal as a Decimal (`9007199254740993.0` is
        // 9007199254740993); a literal that size written with a fraction or exponent is rare
        // enough to hand to Foundation itself rather than copy Decimal's rules.
        let token = Data(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        return try? JSONDecoder().decode(Int.self, from: token)
    }

    /// What the strict grammar says about a token: nil when it is not a JSON number.
    private func numberShape(start: Int, end: Int) -> (integer: Bool, zeroDigits: Bool)? {
        var index = start
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        var zeroDigits = true
        func digits() -> Int {
            let from = index
            while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if bytes[index] != UInt8(ascii: "0") { zeroDigits = false }
                index += 1
            }
            return index - from
        }
        let whole = digits()
        guard whole > 0, whole == 1 || bytes[index - whole] != UInt8(ascii: "0") else { return nil }
        var integer = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            integer = false
            guard digits() > 0 else { return nil }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            integer = false
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let mantissaZero = zeroDigits
            guard digits() > 0 else { return nil }
            zeroDigits = mantissaZero  // exponent digits do not make a zero non-zero
        }
        return index == end ? (integer, zeroDigits) : nil
    }

    /// Digits (with an optional minus) as an `Int`; nil when it overflows.
    private func parseInt(start: Int, end: Int) -> Int? {
        let negative = bytes[start] == UInt8(ascii: "-")
        var value = 0
        for index in (negative ? start + 1 : start)..<end {
            let digit = Int(bytes[index] - UInt8(ascii: "0"))
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
        }
        return value
    }

    /// A valid number token as the nearest `Double` (strtod's answer: may be infinite or zero).
    private func parseDouble(start: Int, end: Int) -> Double? {
        if let fast = exactDouble(start: start, end: end) { return fast }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    /// Clinger's fast path: at most 15 significant digits and a power of ten up to 22 are both exact
    /// doubles, so one multiplication or division rounds correctly; nil otherwise.
    private func exactDouble(start: Int, end: Int) -> Double? {
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var fraction = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                fraction = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if mantissa > 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 15 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                if fraction { scale -= 1 }
            } else {
                break  // an exponent
            }
            index += 1
        }
        if index < end {
            index += 1
            var sign = 1
            if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            var exponent = 0
            while index < end {
                exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                guard exponent < 1000 else { return nil }
                index += 1
            }
            scale += sign * exponent
        }
        guard (-22...22).contains(scale) else { return nil }
        let value = Double(mantissa)
        let power = Self.powersOfTen[abs(scale)]
        let result = scale < 0 ? value / power : value * power
        return negative ? -result : result
    }

    /// 10^0 … 10^22, each exact as a `Double`.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]
}
