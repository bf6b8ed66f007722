// MARK: - Go-compatible JSON reading

/// A JSON value read the way Go's `json.Decoder` reads the first value of a request body.
///
/// The point is the error texts: a client maps them, so they are Go's, byte for byte
/// (`EOF`, `unexpected EOF`, `invalid character 'o' in literal null (expecting 'u')`).
indirect enum GoJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number as written, e.g. `7e-1`.
    case number(String)
    case string(String)
    case array([GoJSON])
    /// Members in document order; a repeated key appears twice (the last one wins when decoding).
    case object([(String, GoJSON)])

    static func == (lhs: GoJSON, rhs: GoJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: return false
        }
    }

    /// Go's name for the kind of value in a type error (`json: cannot unmarshal number into …`).
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Reads the first JSON value in `bytes`, ignoring anything after it, or fails with Go's message.
    static func decodeFirst(_ bytes: [UInt8]) -> Result<GoJSON, BodyError> {
        var reader = GoJSONReader(bytes: bytes)
        reader.skipSpace()
        guard reader.index < bytes.count else { return .failure(BodyError(message: "EOF")) }
        do {
            return .success(try reader.value())
        } catch let error as BodyError {
            return .failure(error)
        } catch {
            return .failure(BodyError(message: "unexpected EOF"))
        }
    }

    /// Go's `quoteChar`: a byte as it appears in a syntax error.
    static func quoteChar(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "'"): return #"'\''"#
        case UInt8(ascii: "\""): return #"'"'"#
        case UInt8(ascii: "\\"): return #"'\\'"#
        case 0x07: return #"'\a'"#
        case 0x08: return #"'\b'"#
        case 0x0C: return #"'\f'"#
        case 0x0A: return #"'\n'"#
        case 0x0D: return #"'\r'"#
        case 0x09: return #"'\t'"#
        case 0x0B: return #"'\v'"#
        case 0x20..<0x7F: return "'" + String(UnicodeScalar(byte)) + "'"
        case 0x7F, 0x00..<0x20: return #"'\x"# + hex2(byte) + "'"
        default:
            // Go turns the byte into the rune of the same value (U+0080…U+00FF).
            if byte < 0xA0 { return #"'\u"# + "00" + hex2(byte) + "'" }
            if byte == 0xAD { return #"'\u00ad'"# }
            return "'" + String(UnicodeScalar(byte)) + "'"
        }
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

// MARK: - Reader

/// The end of input came in the middle of a value.
private struct UnexpectedEnd: Error {}

/// A recursive-descent reader with Go's scanner messages.
private struct GoJSONReader {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    func peek() throws -> UInt8 {
        guard index < bytes.count else { throw UnexpectedEnd() }
        return bytes[index]
    }

    func invalid(_ byte: UInt8, _ context: String) -> BodyError {
        BodyError(message: "invalid character \(GoJSON.quoteChar(byte)) \(context)")
    }

    mutating func value() throws -> GoJSON {
        let byte = try peek()
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw invalid(byte, "looking for beginning of value")
        }
    }

    mutating func literal(_ word: String) throws {
        for expected in word.utf8 {
            let byte = try peek()
            guard byte == expected else {
                throw invalid(byte, "in literal \(word) (expecting \(GoJSON.quoteChar(expected)))")
            }
            index += 1
        }
    }

    mutating func object() throws -> GoJSON {
        index += 1
        var members: [(String, GoJSON)] = []
        skipSpace()
        if try peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            let start = try peek()
            guard start == UInt8(ascii: "\"") else { throw invalid(start, "looking for beginning of object key string") }
            let key = try string()
            skipSpace()
            let colon = try peek()
            guard colon == UInt8(ascii: ":") else { throw invalid(colon, "after object key") }
            index += 1
            skipSpace()
            members.append((key, try value()))
            skipSpace()
            let next = try peek()
            index += 1
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else { throw invalid(next, "after object key:value pair") }
        }
    }

    mutating func array() throws -> GoJSON {
        index += 1
        var elements: [GoJSON] = []
        skipSpace()
        if try peek() == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipSpace()
            elements.append(try value())
            skipSpace()
            let next = try peek()
            index += 1
            if next == UInt8(ascii: "]") { return .array(elements) }
            guard next == UInt8(ascii: ",") else { throw invalid(next, "after array element") }
        }
    }

    mutating func string() throws -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            let byte = try peek()
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"): try escape(into: &out)
            case 0x00..<0x20: throw invalid(byte, "in string literal")
            default: out.append(byte)
            }
        }
    }

    mutating func escape(into out: inout [UInt8]) throws {
        let byte = try peek()
        index += 1
        let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
        if let mapped = simple[byte] { out.append(mapped); return }
        guard byte == UInt8(ascii: "u") else { throw invalid(byte, "in string escape code") }
        var unit = try hexUnit()
        if (0xD800..<0xDC00).contains(unit), bytes.count >= index + 6,
           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
            let save = index
            index += 2
            let low = try hexUnit()
            if (0xDC00..<0xE000).contains(low) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else {
                index = save
            }
        }
        let scalar = UnicodeScalar(unit) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    mutating func hexUnit() throws -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = try peek()
            guard let digit = Self.hexValue(byte) else { throw invalid(byte, #"in \u hexadecimal character escape"#) }
            unit = unit << 4 | digit
            index += 1
        }
        return unit
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// A number; the end of input ends it (Go completes a top-level number at EOF).
    mutating func number() throws -> String {
        let start = index
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        func current() -> UInt8? { index < bytes.count ? bytes[index] : nil }
        if current() == UInt8(ascii: "-") {
            index += 1
            let byte = try peek()
            guard isDigit(byte) else { throw invalid(byte, "in numeric literal") }
        }
        if current() == UInt8(ascii: "0") {
            index += 1
        } else {
            while let byte = current(), isDigit(byte) { index += 1 }
        }
        if current() == UInt8(ascii: ".") {
            index += 1
            let byte = try peek()
            guard isDigit(byte) else { throw invalid(byte, "after decimal point in numeric literal") }
            while let byte = current(), isDigit(byte) { index += 1 }
        }
        if let byte = current(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            var next = try peek()
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") {
                index += 1
                next = try peek()
            }
            guard isDigit(next) else { throw invalid(next, "in exponent of numeric literal") }
            while let byte = current(), isDigit(byte) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
