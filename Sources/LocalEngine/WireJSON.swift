// MARK: - Wire JSON

/// A value written as JSON in a fixed field order, the way Go's `encoding/json` writes structs.
///
/// Foundation's `JSONEncoder` does not keep key order on Linux, so replies are built with this.
protocol WireEncodable: Sendable {
    /// The value as one line of JSON.
    var wireJSON: String { get }
}

/// Builders for JSON text matching Go's `encoding/json` output.
enum WireJSON {
    /// A JSON object with fields in the given order; `nil` values are omitted (`omitempty`).
    static func object(_ fields: [(String, String?)]) -> String {
        let members = fields.compactMap { key, value in value.map { string(key) + ":" + $0 } }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A JSON array.
    static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ",") + "]"
    }

    /// A string→string object with keys sorted, as Go writes maps.
    static func map(_ values: [String: String]) -> String {
        object(values.keys.sorted().map { ($0, string(values[$0] ?? "")) })
    }

    /// `true` or `false`.
    static func bool(_ value: Bool) -> String {
        value ? "true" : "false"
    }

    /// A number in shortest form, without Swift's trailing `.0` (`1.0` → `1`, `0.78` → `0.78`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A quoted string escaped like Go: `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes too.
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}", "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
