import Foundation

// MARK: - The recorded exchanges

/// One request and the real July engine's answer, parsed from `Tests/TestSupport/Fixtures/real-engine-2026-07.md`.
struct RecordedExchange: Sendable, CustomStringConvertible {
    /// The heading's name, e.g. `approve A again` or `redis: get A (the truth)`.
    let name: String
    let method: String
    /// The path as recorded, with `{A}`-style placeholders.
    let path: String
    let requestBody: String?
    let status: Int
    /// `nil` for a summary block, which has no content type, length or body.
    let contentType: String?
    let length: Int?
    let allow: String?
    let body: String?
    /// The summary line of a block that is not a body (`count=50 first=…`).
    let summary: String?

    var description: String { "\(name): \(method) \(path)" }
}

/// Reads the recording's Markdown: `### name: METHOD path  body='…'`, then a fenced block with
/// `STATUS ct=… len=N [t=…] [allow=…]` and the body in Python string notation.
enum RecordingParser {
    static func parse(_ text: String) throws -> [RecordedExchange] {
        var exchanges: [RecordedExchange] = []
        let lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("### ") else { continue }
            guard let heading = line.dropFirst(4).firstMatch(of: #/^(?<name>.*?)[:,]? (?<method>GET|POST|PUT|HEAD|DELETE) (?<path>/\S*)(?<rest>.*)$/#) else {
                throw ParseError(line: line)
            }
            while index < lines.count, !lines[index].hasPrefix("```") { index += 1 }
            index += 1
            guard index < lines.count else { throw ParseError(line: line) }
            let statusLine = lines[index]
            let bodyLine = index + 1 < lines.count ? lines[index + 1] : ""
            var requestBody: String?
            if let match = heading.rest.firstMatch(of: #/body=(?<literal>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/#) {
                requestBody = try PythonString.decode(String(match.literal))
            }
            exchanges.append(try exchange(
                name: String(heading.name), method: String(heading.method), path: String(heading.path),
                requestBody: requestBody, statusLine: statusLine, bodyLine: bodyLine))
        }
        return exchanges
    }

    private static func exchange(
        name: String, method: String, path: String, requestBody: String?, statusLine: String, bodyLine: String
    ) throws -> RecordedExchange {
        if let full = statusLine.wholeMatch(of: #/(?<status>\d{3}) ct=(?<ct>.*?) len=(?<len>\d+)(?: t=\S+)?(?: allow=(?<allow>.*))?/#) {
            return RecordedExchange(
                name: name, method: method, path: path, requestBody: requestBody, status: Int(full.status) ?? 0,
                contentType: String(full.ct), length: Int(full.len), allow: full.allow.map(String.init),
                body: try PythonString.decode(bodyLine.trimmingCharacters(in: .whitespaces)), summary: nil)
        }
        guard let summary = statusLine.wholeMatch(of: #/(?<status>\d{3}) (?<rest>.*)/#) else { throw ParseError(line: statusLine) }
        return RecordedExchange(
            name: name, method: method, path: path, requestBody: requestBody, status: Int(summary.status) ?? 0,
            contentType: nil, length: nil, allow: nil, body: nil, summary: String(summary.rest))
    }

    /// A line the parser did not understand.
    struct ParseError: Error, CustomStringConvertible {
        let line: String
        var description: String { "cannot parse recording line: \(line)" }
    }
}

/// Python's `repr` of a `str`: quoted, with `\\`, `\'`, `\"`, `\n`, `\t`, `\r`, `\xHH`, `\uHHHH` escapes.
enum PythonString {
    static func decode(_ literal: String) throws -> String {
        let scalars = Array(literal.unicodeScalars)
        guard scalars.count >= 2, let quote = scalars.first, scalars.last == quote, quote == "'" || quote == "\"" else {
            throw RecordingParser.ParseError(line: literal)
        }
        var out = String.UnicodeScalarView()
        var index = 1
        while index < scalars.count - 1 {
            let scalar = scalars[index]
            index += 1
            guard scalar == "\\" else { out.append(scalar); continue }
            let escape = scalars[index]
            index += 1
            switch escape {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "x", "u":
                let width = escape == "x" ? 2 : 4
                let hex = String(String.UnicodeScalarView(scalars[index..<index + width]))
                index += width
                guard let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else {
                    throw RecordingParser.ParseError(line: literal)
                }
                out.append(decoded)
            default: out.append(escape)
            }
        }
        return String(out)
    }
}

// MARK: - Matching with placeholders

/// Compares a body with a recorded one whose run-specific values are placeholders.
struct PlaceholderMatcher {
    /// The request IDs, by letter, as this run created them.
    var ids: [String: String] = [:]

    /// Placeholders whose values vary in length, so `len=` cannot be compared.
    static let variableLength = ["<ts9>", "<ts8>", "<ts>", "<trace>"]

    /// The recorded text with `<A>`/`{A}` replaced by this run's IDs.
    func substituted(_ text: String) -> String {
        var result = text
        for (letter, id) in ids {
            result = result.replacingOccurrences(of: "<\(letter)>", with: id).replacingOccurrences(of: "{\(letter)}", with: id)
        }
        return result
    }

    /// A regular expression for `recorded`: literal text, placeholders as patterns.
    ///
    /// `<ts9>` and `<ts8>` (nine or eight fraction digits in the recording) both match 1–9 digits
    /// without a trailing zero: Go trims trailing zeros, so the digit count varies from run to run.
    func pattern(for recorded: String) throws -> Regex<AnyRegexOutput> {
        let fraction = #"(\.\d{0,8}[1-9])?"#
        let stamp = #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"#
        let patterns: [String: String] = [
            "<uuid>": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "<ts9>": stamp + fraction + "Z", "<ts8>": stamp + fraction + "Z", "<ts0>": stamp + "Z",
            "<ts>": "\"" + stamp + fraction + "Z\"", "<trace>": #""[^"]*""#, "<sha256>": "[0-9a-f]{64}",
        ]
        var regex = ""
        var rest = Substring(substituted(recorded))
        while let found = rest.firstMatch(of: #/<(uuid|ts9|ts8|ts0|ts|trace|sha256)>/#) {
            regex += Self.escaped(rest[..<found.range.lowerBound])
            regex += patterns[String(found.output.0)] ?? ""
            rest = rest[found.range.upperBound...]
        }
        regex += Self.escaped(rest)
        return try Regex(regex)
    }

    /// Whether `actual` is `recorded` with its placeholders filled in.
    func matches(_ actual: String, _ recorded: String) throws -> Bool {
        actual.wholeMatch(of: try pattern(for: recorded)) != nil
    }

    /// Like ``matches(_:_:)`` for a `{"count":N,"items":[…]}` list whose items may come in any order.
    func matchesInAnyOrder(_ actual: String, _ recorded: String) throws -> Bool {
        guard let (actualHead, actualItems) = Self.splitList(actual), let (head, items) = Self.splitList(substituted(recorded)),
              actualHead == head, actualItems.count == items.count else { return false }
        var remaining = actualItems
        for item in items {
            let pattern = try pattern(for: item)
            guard let index = remaining.firstIndex(where: { $0.wholeMatch(of: pattern) != nil }) else { return false }
            remaining.remove(at: index)
        }
        return true
    }

    /// `{"count":N,"items":[` and the item objects' texts.
    static func splitList(_ text: String) -> (String, [String])? {
        guard let open = text.range(of: #""items":["#) else { return nil }
        var items: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: String.Index?
        for index in text[open.upperBound...].indices {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true
            case "{":
                if depth == 0 { start = index }
                depth += 1
            case "}":
                depth -= 1
                if depth == 0, let begin = start { items.append(String(text[begin...index])) }
            default: break
            }
        }
        return (String(text[..<open.upperBound]), items)
    }

    private static func escaped(_ text: Substring) -> String {
        var out = ""
        for character in text {
            if #"\^$.|?*+()[]{}/"#.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
