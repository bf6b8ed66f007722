import Foundation
import ReviewModel

// MARK: - The pending list, decoded from bytes

/// Decodes the engine's list and item bodies straight from their bytes, giving exactly what
/// the tests' reference decoder, `WireFormat.decodePendingReference` (Foundation's `JSONDecoder` with the tolerant
/// `Decodable` shapes) gives for every input, several times faster.
///
/// The rules copied from the reference: a duplicate key's first value counts; an object whose
/// keys cannot all be read (a lone surrogate, a bad escape) is malformed; a string or number is
/// checked only where a field reads it; each field tries its aliases in order.
enum PendingDecoder {
    /// The list in `data`; nil when the reference would throw.
    static func list(_ data: Data) -> PendingList? {
        withDocument(data) { reader -> PendingList? in try? reader.envelope() } ?? nil
    }

    /// The single request in `data` (its ID may be empty); nil when the body is not JSON, not
    /// an object, or not a request.
    static func item(_ data: Data) -> ReviewRequest? {
        withDocument(data) { reader -> ReviewRequest? in
            var slots = [JSONValue?](repeating: nil, count: ItemField.names.count)
            guard (try? reader.peek()) == UInt8(ascii: "{"), let item = try? reader.item(&slots), (try? reader.finish()) != nil
            else { return nil }
            return item
        } ?? nil
    }

    // MARK: - The document's bytes

    /// Runs `body` over the document as `JSONDecoder` sees it: invalid UTF-8 repaired (as the
    /// reference does first), a UTF-8 byte-order mark dropped, UTF-16 and UTF-32 (recognised
    /// by their zero bytes, as Foundation does) converted; nil when that conversion fails.
    private static func withDocument<T>(_ data: Data, _ body: (inout JSONBytes) -> T) -> T? {
        let repaired = isASCII(data) ? data : WireFormat.repairUTF8(data)
        let b = Array(repaired.prefix(4)) + [UInt8](repeating: 0xAA, count: max(0, 4 - repaired.count))
        let length = repaired.count
        let encoding: String.Encoding?
        switch (b[0], b[1], b[2], b[3]) {
        case (0, 0, 0, let x) where x != 0 && length >= 4: encoding = .utf32BigEndian
        case (let x, 0, 0, 0) where x != 0 && length >= 4: encoding = .utf32LittleEndian
        case (0, let x, 0, let y) where x != 0 && y != 0 && length >= 4: encoding = .utf16BigEndian
        case (let x, 0, let y, 0) where x != 0 && y != 0 && length >= 4: encoding = .utf16LittleEndian
        case (0, let x, _, _) where x != 0 && length == 2: encoding = .utf16BigEndian
        case (let x, 0, _, _) where x != 0 && length == 2: encoding = .utf16LittleEndian
        default: encoding = nil
        }
        var document = repaired
        if let encoding {
            guard let text = String(bytes: repaired, encoding: encoding) else { return nil }
            document = Data(text.utf8)
        } else if length >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            document = repaired.dropFirst(3)
        }
        return document.withUnsafeBytes { raw in
            var reader = JSONBytes(raw.bindMemory(to: UInt8.self))
            return body(&reader)
        }
    }

    /// True when every byte is ASCII (then the UTF-8 is valid and needs no repair).
    private static func isASCII(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var index = 0
            let count = raw.count
            while index + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < count {
                if raw[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
    }
}

// MARK: - The envelope

extension JSONBytes {
    /// The envelope's keys, in slot order.
    static let envelopeKeys: [[UInt8]] = ["items", "requests", "count", "total"].map { Array($0.utf8) }

    /// The top-level object: `items` (or the older `requests`), `count` and `total`.
    mutating func envelope() throws(JSONSyntaxError) -> PendingList {
        guard try peek() == UInt8(ascii: "{") else { throw JSONSyntaxError() }
        var lists: [ItemList] = [.null, .null]  // items, requests (absent reads as null)
        var seen: [Bool] = [false, false, false, false]  // items, requests, count, total
        var count: Int?
        var total: Int?
        if try beginObject() {
            repeat {
                guard case .name(let slot) = fieldName(try key(), table: Self.envelopeKeys) else {
                    throw JSONSyntaxError()  // the reference cannot open an object with an unreadable key
                }
                guard let slot, !seen[slot] else {
                    _ = try value()
                    continue
                }
                seen[slot] = true
                switch slot {
                case 0, 1:
                    let list = try itemList()
                    // `requests` is read only when `items` is absent or null: only then can it fail.
                    if slot == 0, case .notAList = list { throw JSONSyntaxError() }
                    lists[slot] = list
                default:
                    let scanned = try value()
                    guard case .number(let start, let end) = scanned else { continue }
                    if slot == 2 { count = int(start: start, end: end) } else { total = int(start: start, end: end) }
                }
            } while try nextMember()
        }
        try finish()
        // `items` first, then `requests`; a key that is present but null means an empty queue.
        switch (lists[0], lists[1]) {
        case (.list(let list), _), (.null, .list(let list)):
            return PendingList(items: list.items, reportedCount: count, total: total, skipped: list.skipped)
        case (.null, .null) where seen[0] || seen[1]:
            return PendingList(items: [], reportedCount: count, total: total, skipped: 0)
        default:
            throw JSONSyntaxError()  // neither key, or `requests` is not a list
        }
    }

    /// An `items` or `requests` value: each element's request (nil when malformed) for an
    /// array; an error only for bad syntax.
    private mutating func itemList() throws(JSONSyntaxError) -> ItemList {
        switch try peek() {
        case UInt8(ascii: "n"):
            _ = try value()
            return .null
        case UInt8(ascii: "["):
            var list = KeptItems()
            var slots = [JSONValue?](repeating: nil, count: ItemField.names.count)
            if try beginArray() {
                repeat {
                    if try peek() == UInt8(ascii: "{") {
                        list.add(try item(&slots))
                    } else {
                        _ = try value()
                        list.add(nil)
                    }
                } while try nextElement()
            }
            return .list(list)
        default:
            _ = try value()
            return .notAList
        }
    }
}

/// What an `items` or `requests` key held.
enum ItemList {
    /// `null` (or, before the key is seen, nothing).
    case null
    /// An array: the requests kept, and how many were skipped.
    case list(KeptItems)
    /// Anything else: the reference throws when it reads this key.
    case notAList
}

/// The requests of one list as they are read: malformed ones, empty IDs and repeated IDs
/// (compared as Swift strings) skipped and counted.
struct KeptItems {
    /// The requests kept, in the engine's order.
    var items: [ReviewRequest] = []
    /// How many were skipped.
    var skipped = 0
    /// The IDs kept so far.
    private var ids = Set<String>()

    /// Keeps `item` unless it is nil, has an empty ID or repeats one.
    mutating func add(_ item: ReviewRequest?) {
        guard let item, !item.id.isEmpty, ids.insert(item.id).inserted else {
            skipped += 1
            return
        }
        items.append(item)
    }
}

// MARK: - Keys

/// A key as read: its name (a known field or not), or unreadable.
enum FieldName {
    /// The key's index in the table it was looked up in, or nil when it names no field.
    case name(Int?)
    /// The key has a control byte, a bad escape or a lone surrogate.
    case unreadable
}

extension JSONBytes {
    /// Looks a key up in `table`, unescaping it first when it has escapes.
    func fieldName(_ key: JSONStringSpan, table: [[UInt8]]) -> FieldName {
        if key.simple {
            return .name(Self.lookup(UnsafeBufferPointer(rebasing: bytes[key.start..<key.end]), in: table))
        }
        var decoded: [UInt8] = []
        guard unescape(key, into: &decoded) else { return .unreadable }
        return .name(decoded.withUnsafeBufferPointer { Self.lookup($0, in: table) })
    }

    /// The index of `name` in `table`, comparing bytes.
    static func lookup(_ name: UnsafeBufferPointer<UInt8>, in table: [[UInt8]]) -> Int? {
        guard let first = name.first else { return nil }
        for index in table.indices {
            let candidate = table[index]
            guard candidate.count == name.count, candidate[0] == first else { continue }
            if candidate.withUnsafeBufferPointer({ $0.elementsEqual(name) }) { return index }
        }
        return nil
    }
}
