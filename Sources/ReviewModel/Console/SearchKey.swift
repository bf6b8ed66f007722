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
struct SearchKey: Equatable, Sendable {
    /// The lowercased non-empty fields (action, actor, acting-for, tenant, reason, resource
    /// values), each followed by a 0x00 byte: a separator no printable-ASCII needle contains.
    var text: [UInt8]
    /// The lowercased ID as UTF-8, matched by prefix only.
    var id: [UInt8]
    /// Whether `text` and `id` are all ASCII (then a printable-ASCII needle matches by bytes).
    var isASCII: Bool
    /// The same lowercased non-empty fields as strings, for the string comparison.
    var fields: [String]
    /// The lowercased ID as a string, for the string comparison.
    var lowercasedID: String
    /// The tenant as the engine sent it ("" for none), for the tenant limit.
    var tenant: String

    /// Folds a request's searchable fields.
    init(_ item: ReviewRequest) {
        var fields: [String] = []
        func add(_ field: String?) {
            guard let field, !field.isEmpty else { return }
            fields.append(field.lowercased())
        }
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
        lowercasedID = item.id.lowercased()
        id = Array(lowercasedID.utf8)
        isASCII = text.allSatisfy { $0 < 0x80 } && id.allSatisfy { $0 < 0x80 }
        tenant = item.tenantID ?? ""
    }

    /// Whether the filter text matches (the tenant limit is checked separately).
    func matches(_ needle: FilterNeedle) -> Bool {
        if needle.isPrintableASCII, isASCII {
            return id.starts(with: needle.bytes) || SearchKey.contains(text, needle.bytes)
        }
        // Non-ASCII on either side: compare as strings, exactly as the fields always were.
        return fields.contains { $0.contains(needle.text) } || lowercasedID.hasPrefix(needle.text)
    }

    /// Whether a non-empty `needle` occurs in `haystack`: a scan for its first byte, then a compare.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let count = needle.count
        guard count > 0, count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let first = pin[0]
                let lastStart = hay.count - count
                var i = 0
                while i <= lastStart {
                    if hay[i] == first {
                        var j = 1
                        while j < count, hay[i + j] == pin[j] { j += 1 }
                        if j == count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
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

    /// The visibility rule of a state as it is now.
    init(_ state: ConsoleState) {
        items = state.items
        keys = state.searchKeys
        tenants = state.tenants
        needle = state.filter.isEmpty ? nil : FilterNeedle(state.filter)
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

    /// Whether the request with this ID is pending and shown.
    func shows(id: String) -> Bool {
        guard let item = items[id] else { return false }
        return shows(keys[id] ?? SearchKey(item))
    }
}
