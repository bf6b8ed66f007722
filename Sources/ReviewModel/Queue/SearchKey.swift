import Foundation

// MARK: - Search key

/// A request's searchable text, folded once when a poll is applied, so that a filter
/// keystroke is a byte search instead of lowercasing every field of every item.
///
/// Matching gives exactly what `matches(_:filter:tenants:)` always gave: the ID by prefix,
/// the other fields by substring, both lowercased. When the needle is printable ASCII and the
/// item's text is ASCII, characters and bytes are the same thing, so a byte search decides;
/// anything else is compared as strings (canonical equivalence, grapheme boundaries) over the
/// fields folded here, so nothing is lowercased again.
///
/// A class, immutable: a filter keystroke reads 10,000 of these, and handing out a reference
/// costs one retain where a struct of six buffers costs six.
final class SearchKey: Equatable, Sendable {
    /// The lowercased non-empty fields (action, actor, acting-for, tenant, reason, resource
    /// values), each followed by a 0x00 byte: a separator no printable-ASCII needle contains.
    let text: [UInt8]
    /// The lowercased ID as UTF-8, matched by prefix only.
    let id: [UInt8]
    /// Whether `text` and `id` are all ASCII (then a printable-ASCII needle matches by bytes).
    let isASCII: Bool
    /// The same lowercased non-empty fields as strings, for the string comparison.
    let fields: [String]
    /// The lowercased ID as a string, for the string comparison.
    let lowercasedID: String
    /// The tenant as the engine sent it ("" for none), for the tenant limit.
    let tenant: String

    static func == (a: SearchKey, b: SearchKey) -> Bool {
        a === b || (a.text == b.text && a.id == b.id && a.fields == b.fields && a.lowercasedID == b.lowercasedID
            && a.tenant == b.tenant)
    }

    /// Folds a request's searchable fields.
    init(_ item: ReviewRequest) {
        var fields: [String] = []
        func add(_ field: String?) {
            guard let field, !field.isEmpty else { return }
            fields.append(field.lowercased())
        }
        add(item.engine)  // several engines: `/eu` finds eu's rows
        add(item.action)
        add(item.actor)
        add(item.actingFor)
        add(item.tenantID)
        add(item.reason)
        for value in item.resource.values { add(value) }
        var text: [UInt8] = []
        text.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count + 1 })
        for field in fields {
            text.append(contentsOf: field.utf8)
            text.append(0)
        }
        self.fields = fields
        self.text = text
        lowercasedID = item.requestID.lowercased()
        id = Array(lowercasedID.utf8)
        isASCII = text.allSatisfy { $0 < 0x80 } && id.allSatisfy { $0 < 0x80 }
        tenant = item.tenantID ?? ""
    }

    /// Whether the filter text matches (the tenant limit is checked separately).
    func matches(_ needle: FilterNeedle) -> Bool {
        if needle.isPrintableASCII, isASCII {
            return SearchKey.hasPrefix(id, needle.bytes) || SearchKey.contains(text, needle.bytes)
        }
        // Non-ASCII on either side: compare as strings, exactly as the fields always were.
        return fields.contains { $0.contains(needle.text) } || lowercasedID.hasPrefix(needle.text)
    }

    /// Whether a non-empty `needle` occurs in `haystack`: `memchr` finds each candidate first
    /// byte (vectorised in libc), `memcmp` checks the rest.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let count = needle.count
        guard count > 0, count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
                let first = Int32(pinBase.pointee)
                let end = hayBase + (hay.count - count + 1)  // one past the last possible start
                var cursor = hayBase
                while cursor < end {
                    guard let found = memchr(cursor, first, end - cursor) else { return false }
                    let start = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                    if count == 1 || memcmp(start + 1, pinBase + 1, count - 1) == 0 { return true }
                    cursor = start + 1
                }
                return false
            }
        }
    }

    /// Whether `bytes` begins with a non-empty `prefix`.
    static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { b in
            prefix.withUnsafeBufferPointer { p in
                guard let bBase = b.baseAddress, let pBase = p.baseAddress else { return p.isEmpty }
                return memcmp(bBase, pBase, p.count) == 0
            }
        }
    }
}

// MARK: - Keyed order

/// An order and the search key of each of its rows, position by position.
///
/// A cache: it answers only while `order` equals the state's `order` (an O(1) check while the
/// two share storage, as they do after a keystroke), and the reducer rebuilds or updates it
/// wherever search keys change (a poll, a removal).
struct KeyedOrder: Equatable, Sendable {
    /// The order the keys are for.
    var order: [String] = []
    /// The key of each row of `order` (nil when the request had none, i.e. is not pending).
    var keys: [SearchKey?] = []

    /// The keys of `order`'s rows, if this cache is for that order.
    func keys(for order: [String]) -> [SearchKey?]? {
        keys.count == order.count && self.order == order ? keys : nil
    }
}

// MARK: - Caches

/// What the queue keeps derived from `items` and `order` so hot paths stay fast.
///
/// Kept in step by the reducer where items or the order change; never part of what a state
/// shows, so ``ConsoleState`` equality ignores it (the one place that does).
struct QueueCaches: Equatable, Sendable {
    /// Each pending request's searchable text, folded once per poll (kept with `items`).
    var searchKeys: [String: SearchKey] = [:]
    /// The shown order with each row's search key, so a filter keystroke reads keys by position
    /// instead of hashing every ID (valid while its order equals `order`).
    var keyedOrder = KeyedOrder()
    /// What `order` was last computed from in full; nil when it may not be exactly the sorted
    /// shown requests, so the next poll sorts everything again.
    var orderBasis: OrderBasis?

    /// Derived data never makes two states differ.
    static func == (a: QueueCaches, b: QueueCaches) -> Bool { true }
}

// MARK: - Filter needle

/// The filter text, prepared once per keystroke.
struct FilterNeedle: Sendable {
    /// The lowercased filter.
    let text: String
    /// Its UTF-8.
    let bytes: [UInt8]
    /// Whether every byte is printable ASCII (0x20...0x7E): no separator, no control character,
    /// nothing a canonical equivalence or a grapheme boundary could change.
    let isPrintableASCII: Bool

    /// Prepares a non-empty filter.
    init(_ filter: String) {
        text = filter.lowercased()
        bytes = Array(text.utf8)
        isPrintableASCII = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}

// MARK: - Visibility

/// Which requests the table shows: the tenant limit and the filter, over the folded keys.
struct Visibility {
    let items: [String: ReviewRequest]
    let keys: [String: SearchKey]
    let tenants: Set<String>
    /// Nil when the filter is empty.
    let needle: FilterNeedle?

    /// The visibility rule of a table as it is now, under a tenant limit.
    init(_ table: QueueTable, tenants: Set<String>) {
        items = table.items
        keys = table.caches.searchKeys
        self.tenants = tenants
        needle = table.filter.isEmpty ? nil : FilterNeedle(table.filter)
    }

    /// Whether a request with this key is shown.
    func shows(_ key: SearchKey) -> Bool {
        if !tenants.isEmpty, !tenants.contains(key.tenant) { return false }
        guard let needle else { return true }
        return key.matches(needle)
    }

    /// Whether a request is shown (its key is folded here if the cache lacks it).
    func shows(_ item: ReviewRequest) -> Bool {
        shows(keys[item.id] ?? SearchKey(item))
    }

    /// Whether a request with this key (nil: not pending) is shown.
    func shows(_ key: SearchKey?) -> Bool {
        key.map { shows($0) } ?? false
    }

    /// The key of a pending request (folded here if the cache lacks it); nil when not pending.
    ///
    /// The reducer keeps a key for every pending request and none for others, so the key
    /// lookup alone answers; the request itself is only read (and folded) if a key is missing.
    func key(id: String) -> SearchKey? {
        if let key = keys[id] { return key }
        return items[id].map { SearchKey($0) }
    }

    /// Whether the request with this ID is pending and shown.
    func shows(id: String) -> Bool {
        shows(key(id: id))
    }
}
