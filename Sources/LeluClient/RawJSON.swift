import Foundation
import ReviewModel

// MARK: - Raw JSON

/// Finds values inside a JSON text without re-encoding them, so `--json` output can be the
/// engine's own bytes: same keys, same key order, same timestamp digits.
///
/// This is a scanner, not a validator: it trusts that the text already decoded as JSON.
package enum RawJSON {
    /// The elements of the top-level object's array member `key` (e.g. `items`), each as the
    /// engine sent it; nil when the text is not an object with such an array.
    package static func arrayElements(_ data: Data, key: String) -> [Data]? {
        let bytes = [UInt8](data)
        var index = skipSpace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while true {
            index = skipSpace(bytes, index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let keyEnd = endOfValue(bytes, index)
            let name = String(decoding: bytes[(index + 1)..<max(index + 1, keyEnd - 1)], as: UTF8.self)
            index = skipSpace(bytes, keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = skipSpace(bytes, index + 1)
            let valueEnd = endOfValue(bytes, index)
            if name == key {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
                return elements(bytes, from: index, to: valueEnd)
            }
            index = skipSpace(bytes, valueEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    /// The whole text without surrounding whitespace (Go's encoder ends every body with a newline).
    package static func trimmed(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        let start = skipSpace(bytes, 0)
        var end = bytes.count
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return Data(bytes[start..<end])
    }

    // MARK: - Scanning

    /// The elements of the array that spans `start..<end` (`[` at `start`).
    private static func elements(_ bytes: [UInt8], from start: Int, to end: Int) -> [Data] {
        var out: [Data] = []
        var index = skipSpace(bytes, start + 1)
        while index < end, bytes[index] != UInt8(ascii: "]") {
            let elementEnd = endOfValue(bytes, index)
            out.append(Data(bytes[index..<elementEnd]))
            index = skipSpace(bytes, elementEnd)
            if index < end, bytes[index] == UInt8(ascii: ",") { index = skipSpace(bytes, index + 1) }
        }
        return out
    }

    /// The index just past the value that starts at `start`.
    static func endOfValue(_ bytes: [UInt8], _ start: Int) -> Int {
        guard start < bytes.count else { return start }
        var index = start
        var depth = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return index + 1 }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return index }  // the end of a scalar that closes its container
                    depth -= 1
                    if depth == 0 { return index + 1 }
                case UInt8(ascii: ","), UInt8(ascii: ":"):
                    if depth == 0 { return index }
                default:
                    if depth == 0, isSpace(byte) { return index }
                }
            }
            index += 1
        }
        return bytes.count
    }

    private static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
