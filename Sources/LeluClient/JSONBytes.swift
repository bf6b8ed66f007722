// MARK: - A byte-level JSON reader

/// The document is not JSON as Foundation's `JSONDecoder` reads it (its scanner's rules, below).
struct JSONSyntaxError: Error {}

/// Where a string's contents lie in the document (quotes excluded).
struct JSONStringSpan {
    /// The first byte after the opening quote.
    var start: Int
    /// The closing quote.
    var end: Int
    /// No backslash and no control byte inside: the bytes are the string.
    var simple: Bool
}

/// One scanned value: where it lies, not yet converted (conversion is strict and lazy, as in
/// Foundation: a malformed string or number fails only where it is read, not the document).
enum JSONValue {
    /// A string.
    case string(JSONStringSpan)
    /// A number token: `-` or a digit, then any of `0-9 . + - e E` (validated when read).
    case number(start: Int, end: Int)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array (already skipped).
    case array
    /// An object from its `{` to just past its `}`.
    case object(start: Int, end: Int)
}

/// Reads a JSON document byte by byte with the structural rules of Foundation's `JSONScanner`
/// (swift-foundation), so that what it accepts and rejects is the same:
///
/// - whitespace is space, tab, CR and LF only; after the top-level value only whitespace;
/// - a trailing comma before `]` or `}` is accepted;
/// - at most 512 nested arrays and objects (deeper is an error, never a stack overflow);
/// - a string ends at the first unescaped quote; `\` takes the next byte, `\u` the next four,
///   none of which may be a quote; control bytes and bad escapes fail only when the string is read;
/// - a number is `-` or a digit followed by any of `0-9 . + - e E`, validated when read.
///
/// The reader only walks the bytes; it never copies them.
struct JSONBytes {
    /// The deepest nesting Foundation accepts.
    static let maxDepth = 512

    /// The document.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var index = 0
    /// Arrays and objects open around `index`.
    var depth = 0

    /// A reader at the start of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: - Whitespace and single bytes

    /// The next byte that is not whitespace (not consumed); an error at the end.
    @inline(__always)
    mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                index += 1
            } else {
                return byte
            }
        }
        throw JSONSyntaxError()
    }

    /// Checks that only whitespace is left.
    mutating func finish() throws(JSONSyntaxError) {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { throw JSONSyntaxError() }
            index += 1
        }
    }

    // MARK: - Containers

    /// Consumes `{` or `[` (at `index`) and counts its depth.
    private mutating func open() throws(JSONSyntaxError) {
        guard depth < Self.maxDepth else { throw JSONSyntaxError() }
        depth += 1
        index += 1
    }

    /// Opens the object at `index` (`{`); false (and closed) when it is empty.
    mutating func beginObject() throws(JSONSyntaxError) -> Bool {
        try open()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return false
        }
        return true
    }

    /// Reads a member's key and its colon.
    mutating func key() throws(JSONSyntaxError) -> JSONStringSpan {
        guard try peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError() }
        let span = try string()
        guard try peek() == UInt8(ascii: ":") else { throw JSONSyntaxError() }
        index += 1
        return span
    }

    /// After a member's value: true when another member follows, false (and closed) at `}`.
    mutating func nextMember() throws(JSONSyntaxError) -> Bool {
        try next(closing: UInt8(ascii: "}"))
    }

    /// Opens the array at `index` (`[`); false (and closed) when it is empty.
    mutating func beginArray() throws(JSONSyntaxError) -> Bool {
        try open()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        return true
    }

    /// After an element: true when another element follows, false (and closed) at `]`.
    mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        try next(closing: UInt8(ascii: "]"))
    }

    /// A comma (perhaps trailing) or the closing byte.
    @inline(__always)
    private mutating func next(closing: UInt8) throws(JSONSyntaxError) -> Bool {
        let byte = try peek()
        if byte == UInt8(ascii: ",") {
            index += 1
            guard try peek() == closing else { return true }
        } else if byte != closing {
            throw JSONSyntaxError()
        }
        index += 1
        depth -= 1
        return false
    }

    // MARK: - Values

    /// Reads any value, skipping over arrays and objects.
    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        let byte = try peek()
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "{"):
            let start = index
            if try beginObject() {
                repeat {
                    _ = try key()
                    _ = try value()
                } while try nextMember()
            }
            return .object(start: start, end: index)
        case UInt8(ascii: "["):
            if try beginArray() {
                repeat { _ = try value() } while try nextElement()
            }
            return .array
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number()
        default:
            throw JSONSyntaxError()
        }
    }

    /// Reads the string whose opening quote is at `index`.
    @inline(__always)
    mutating func string() throws(JSONSyntaxError) -> JSONStringSpan {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return JSONStringSpan(start: start, end: index - 1, simple: true)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        return try escapedString(from: start)
    }

    /// The rest of a string that has an escape or a control byte.
    private mutating func escapedString(from start: Int) throws(JSONSyntaxError) -> JSONStringSpan {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return JSONStringSpan(start: start, end: index - 1, simple: false)
            }
            index += 1
            guard byte == UInt8(ascii: "\\") else { continue }
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            if escaped == UInt8(ascii: "u") {
                // Four bytes must follow, none of them a quote (their hex is checked when read).
                guard bytes.count - index >= 4 else { break }
                for offset in 0..<4 where bytes[index + offset] == UInt8(ascii: "\"") { throw JSONSyntaxError() }
                index += 4
            }
        }
        throw JSONSyntaxError()
    }

    /// Reads a number token (Foundation's scanner takes any run of number characters).
    private mutating func number() -> JSONValue {
        let start = index
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                index += 1
            default:
                return .number(start: start, end: index)
            }
        }
        return .number(start: start, end: index)
    }

    /// Reads `true`, `false` or `null`, spelled exactly.
    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw JSONSyntaxError() }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] { throw JSONSyntaxError() }
        index += count
    }
}
