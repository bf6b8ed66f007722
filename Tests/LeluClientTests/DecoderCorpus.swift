import Foundation
import TestSupport

// MARK: - Recorded bodies

/// The bodies the real July engine sent, recorded in `Tests/TestSupport/Fixtures/real-engine-2026-07.md`
/// (Python string notation), with the per-run placeholders filled in.
enum RecordedBodies {
    /// Where the recorded answers live, in the repository.
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestSupport/Fixtures/real-engine-2026-07.md").path

    /// Values for the placeholders (`<ts9>`: nine fraction digits, as the engine writes them).
    static let placeholders = [
        "<A>": "3f1c9a52-8d0e-4b7a-9a61-2f5be0c4d7e1", "<B>": "b7d2e0f4-1c3a-4e59-8f2d-6a0c9e1b5d33",
        "<C>": "c0ffee00-1c3a-4e59-8f2d-6a0c9e1b5d33", "<b>": "b", "<uuid>": "0d15ea5e-0000-4000-8000-000000000001",
        "<ts9>": "2026-07-01T11:26:46.123456789Z", "<ts8>": "2026-07-01T11:26:46.12345678Z",
        "<ts0>": "2026-07-01T11:26:46Z", "<ts>": "2026-07-01T11:26:46.5+02:00", "<trace>": "abc123",
        "<sha256>": String(repeating: "ab", count: 32),
    ]

    /// Every body, unquoted.
    static func load() -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.count >= 2, let quote = trimmed.first, quote == "'" || quote == "\"",
                  trimmed.last == quote, line.hasPrefix("    ")
            else { return nil }
            var body = unquote(trimmed.dropFirst().dropLast())
            for (placeholder, value) in placeholders { body = body.replacingOccurrences(of: placeholder, with: value) }
            return body
        }
    }

    /// Python's string escapes undone (`\\`, `\'`, `\"`, `\n`, `\r`, `\t`, `\xNN`, `\uNNNN`).
    static func unquote(_ text: Substring) -> String {
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            guard c == "\\", let e = chars.popFirst() else {
                out.append(c)
                continue
            }
            switch e {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "x", "u":
                let digits = e == "x" ? 2 : 4
                let hex = String(chars.prefix(digits))
                chars = chars.dropFirst(digits)
                if let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) { out.unicodeScalars.append(scalar) }
            default: out.append(e)
            }
        }
        return out
    }
}

// MARK: - Hand-written hostile bodies

/// Bodies aimed at each rule the byte-level decoder copies from Foundation.
enum HostileBodies {
    /// An item body around `fields`.
    static func list(_ fields: String) -> String { #"{"items":[{"id":"x",\#(fields)}],"count":1}"# }

    /// Fields and values worth comparing one by one.
    static let fieldCases: [String] = [
        #""actor":"a\/b\"c\\d\b\f\n\r\t\u00e9\u00E9\u20AC""#, #""actor":"\ud83d\ude00""#, #""actor":"\ud800""#,
        #""actor":"\ud800x","agent_id":"fallback""#, #""actor":"\udc00","agentId":"b""#, #""actor":"\ud800\u0041""#,
        #""actor":"\ud800\ud800\udc00""#, #""actor":"\udbff\udfff""#, #""actor":"\u0000""#, #""actor":"\uZZZZ""#,
        #""actor":"\q""#, #""actor":"a\u{01}b""#, "\"actor\":\"a\u{01}b\"", "\"actor\":\"a\u{7F}\u{9B}b\"",
        #""actor":"\u12345""#, #""actor":"a","actor":"b""#, #""actor":null,"actor":"b""#, #""actor":5,"agent_id":"c""#,
        #""id":"y""#, #""\u0069d":"escaped key""#, #""i\ud800":1"#, "\"a\u{01}\":1", #""\q":1"#,
        #""confidence_score":0.78"#, #""confidence_score":"0.5""#, #""confidence_score":"inf""#, #""confidence_score":"nan""#,
        #""confidence_score":"0x1p-1""#, #""confidence_score":1e400,"confidence":0.4"#, #""confidence_score":1e-400,"confidence":0.3"#,
        #""confidence_score":-0,"confidence":0.3"#, #""confidence_score":01,"confidence":0.2"#, #""confidence_score":1.,"confidence":0.2"#,
        #""confidence_score":-,"confidence":0.2"#, #""confidence_score":1e5e5"#, #""confidence_score":1-2"#, #""confidence_score":2"#,
        #""confidence_score":0.30000000000000004"#, #""confidence_score":4.9e-324"#, #""confidence_score":0.1e1"#,
        #""confidence_score":123456789012345678901234567890e-30"#, #""confidence":" 0.5""#, #""confidence_score":true,"confidence":0.1"#,
        #""resource":{"a":1,"b":1.0,"c":1e2,"d":1.5,"e":-0,"f":1e400,"g":1e-400,"h":01,"i":"\ud800","j":true,"k":null,"l":[],"m":{}}"#,
        #""resource":{"n":9007199254740993.0,"o":12345678901234567.5,"p":-9223372036854775809,"q":9223372036854775807,"r":1e19}"#,
        #""resource":{"s":-9.223372036854775808e18,"t":1e16,"u":0.000001,"v":123456789.123456789,"w":1e308,"x":-1e308}"#,
        #""resource":{"a":"1","a":"2"}"#, #""resource":{"\u00e1":"1","a\u0301":"2"}"#, #""resource":{"a":"1","\ud800":"2"}"#,
        #""resource":"user:456""#, #""resource":"""#, #""resource":null"#, #""resource":[1]"#, #""resource":{}"#,
        #""resource":{"a":"1"},"resource":"flat""#, #""resource":{"x":[[[[[]]]]]}"#,
        #""enqueued_at":"2026-07-01T11:26:46.123456789Z""#, #""enqueued_at":"bad","created_at":"2026-07-01T11:26:46Z""#,
        #""enqueued_at":5,"created_at":"2026-07-01T11:26:46+02:00""#, #""timestamp":"2026-07-01 11:26:46.5z""#,
        #""status":"APPROVED","resolved_at":"2026-07-01T11:29:40.004Z","reviewer_id":"r","comment":"c""#,
        #""status":"weird","resolved_by":"a","resolution_note":"n","acting_for":"u","actingFor":"v""#,
        #""tenant_id":7,"tenantId":"t""#, #""reason":"r","reason":"s""#, #""action":["x"],"extra":{"\ud800":1}"#,
    ]

    /// Whole bodies: envelopes, aliases, numbers in `count`/`total`, syntax and encodings.
    static let bodies: [String] = [
        #"{"items":null,"count":0}"#, #"{"requests":[{"id":"a"}]}"#, #"{"items":null,"requests":[{"id":"a"}]}"#,
        #"{"items":[{"id":"a"}],"requests":5}"#, #"{"items":5,"requests":[{"id":"a"}]}"#, #"{"items":[],"items":5}"#,
        #"{"items":"x"}"#, #"{"items":{}}"#, #"{"count":3}"#, #"{}"#, "[]", "null", "1", "\"x\"", "", " ", "{",
        #"{"items":[],"count":3.0,"total":1e2}"#, #"{"items":[],"count":"3","total":-0}"#, #"{"items":[],"count":1.5,"total":1e400}"#,
        #"{"items":[],"count":9007199254740993.0,"total":12345678901234567.5}"#, #"{"items":[],"count":1e-400,"total":01}"#,
        #"{"items":[],"count":92233720368547758070,"total":-9223372036854775808}"#, #"{"items":[],"total":1,"total":2}"#,
        #"{"items":[{"id":"a"},{"id":"a"},{"id":""},{"id":7},{"id":7.0},{"id":"7"},{"id":1e400},{"id":null},[],1,]}"#,
        #"{"items":[{"id":"é"},{"id":"e\u0301"}]}"#, #"{"items":[1,],}"#, #"{"items":[,]}"#, #"{,"items":[]}"#,
        #"{"items":[]} x"#, "{\"items\":[]}\u{0B}", " \t\r\n{\"items\":[]}\n ", #"{"items":[]}}"#, #"{"items":[1 2]}"#,
        #"{"items" []}"#, #"{"items":[],"x":tru}"#, #"{"items":[],"x":nul}"#, #"{"items":[],"x":truex}"#,
        #"{"items":[],"x":-a}"#, #"{"items":[],"x":.5}"#, #"{"items":[],"x":+1}"#, #"{"items":[],"x":"\u12"}"#,
        #"{"items":[],"x":"\u12""#, #"{"items":[],"x":"abc"#, #"{"items":[],"x\ud800":1}"#, #"{"items":[],"\u0069tems":5}"#,
        #"{"\u0069tems":[{"id":"a"}]}"#, #"{"items":[{"id":"a","x":"\q"}],"y":"\uZZZZ"}"#, "{\"items\":[],\"x\":\"\u{01}\"}",
        #"{"id":"solo","actor":"a"}"#, #"{"id":""}"#, #"{"id":7}"#, #"{"id":"a"} "#, #"{"id":"a"}x"#, #"{"id":"a","\ud800":1}"#,
    ]

    /// Nesting right at Foundation's limit (512 levels), and past it.
    static let nesting: [String] = [510, 511, 512, 513].flatMap { depth -> [String] in
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        return [#"{"items":[],"x":\#(arrays)}"#, #"{"items":[{"id":"a","x":\#(objects)}]}"#,
                #"{"items":[{"id":"a","resource":{"x":\#(arrays)}}]}"#]
    }

    /// Everything, as bytes, with byte-level oddities added (BOM, UTF-16, invalid UTF-8).
    static let all: [Data] = {
        var out = (fieldCases.map(list) + bodies + nesting).map { Data($0.utf8) }
        let plain = #"{"items":[{"id":"a","actor":"b"}]}"#
        out.append(Data([0xEF, 0xBB, 0xBF] + Array(plain.utf8)))
        out.append(plain.data(using: .utf16LittleEndian) ?? Data())
        out.append(plain.data(using: .utf16BigEndian) ?? Data())
        out.append(plain.data(using: .utf32LittleEndian) ?? Data())
        out.append(Data([0xFF, 0xFE] + Array(plain.utf8)))
        out.append(Data([0x7B, 0x00]))
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            out.append(Data(Array(#"{"items":[{"id":"a"#.utf8) + bad + Array(#"b","actor":"\u"#.utf8) + bad + bad + bad
                            + Array(#"","reason":"x"}]}"#.utf8)))
            out.append(Data(Array(#"{"items":[{"id":"a","actor":"x"#.utf8) + bad + Array(#""}]}"#.utf8)))
            out.append(Data(Array(#"{"items":[{"id":"a"}]}"#.utf8) + bad))
        }
        return out
    }()
}

// MARK: - Tricky generated lists

/// Lists built from pieces chosen to sit on the decoder's rules: aliases, duplicate keys,
/// escapes good and bad, numbers of every shape, in strings and not.
enum TrickyJSON {
    static let keys = ["id", "tenant_id", "tenantId", "actor", "agent_id", "agentId", "action", "resource",
                       "confidence_score", "confidence", "reason", "acting_for", "actingFor", "enqueued_at", "created_at",
                       "timestamp", "status", "resolved_at", "resolved_by", "reviewer_id", "resolution_note", "comment",
                       "\\u0069d", "i\\u0064", "x", "\\ud800", "count"]
    static let numbers = ["0", "-0", "1", "0.5", "1.0", "1e2", "1E+2", "2.5e-1", "01", "1.", "-", "1e", "1e400", "-1e400",
                          "1e-400", "4.9e-324", "9007199254740993", "9007199254740993.0", "9223372036854775807",
                          "9223372036854775808", "-9223372036854775808", "12345678901234567.5", "0.78", "0.1e1", "1-2",
                          "123456789012345678901234567890", "0.000000000000000000001", "7", "100e-2"]
    static let strings = [#""""#, #""a""#, #""\ud800""#, #""\ud83d\ude00""#, #""\udc00""#, #""\u0041""#, #""\q""#,
                          #""\u00zz""#, "\"\u{01}\"", #""0.5""#, #""inf""#, #""-nan""#, #""2026-07-01T11:26:46.5Z""#,
                          #""2026-13-01T11:26:46Z""#, #""pending""#, #""DENIED""#, #""é""#, #""e\u0301""#, #""a\nb""#]

    /// A random value text.
    static func value(_ rng: inout SeededRandom, depth: Int = 0) -> String {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<3: return numbers[Int.random(in: 0..<numbers.count, using: &rng)]
        case 3..<6: return strings[Int.random(in: 0..<strings.count, using: &rng)]
        case 6: return ["null", "true", "false", "[]", "{}"][Int.random(in: 0..<5, using: &rng)]
        case 7 where depth < 2: return "{" + members(&rng, depth: depth + 1) + "}"
        case 8 where depth < 2: return "[" + value(&rng, depth: depth + 1) + "," + value(&rng, depth: depth + 1) + "]"
        default: return JSONMutator.quote(HostileText.string(&rng, maxPieces: 3))
        }
    }

    /// Random members (keys may repeat).
    static func members(_ rng: inout SeededRandom, depth: Int) -> String {
        (0..<Int.random(in: 0...8, using: &rng)).map { _ in
            "\"\(keys[Int.random(in: 0..<keys.count, using: &rng)])\":" + value(&rng, depth: depth)
        }.joined(separator: ",")
    }

    /// A random list body.
    static func list(_ rng: inout SeededRandom) -> Data {
        let items = (0..<Int.random(in: 0...6, using: &rng)).map { i -> String in
            let id = Bool.random(using: &rng) ? #""id":"\#(i % 4)","# : ""
            return "{" + id + members(&rng, depth: 1) + "}"
        }
        var envelope = [#""items":[\#(items.joined(separator: ","))]"#]
        for key in ["count", "total", "requests", "items"] where Int.random(in: 0..<4, using: &rng) == 0 {
            envelope.append("\"\(key)\":" + value(&rng, depth: 2))
        }
        envelope.shuffle(using: &rng)
        return Data(("{" + envelope.joined(separator: ",") + "}").utf8)
    }
}
