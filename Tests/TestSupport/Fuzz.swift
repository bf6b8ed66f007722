import Foundation
@testable import ReviewModel
import Testing

// MARK: - Seed and scale

/// The seeded tests' inputs: fixed so a failure reproduces; `LELU_FUZZ_SEED` picks another seed
/// and `LELU_FUZZ_SCALE` multiplies the number of cases for a longer local run.
package enum FuzzRun {
    /// The seed every seeded test starts from.
    package static let seed = ProcessInfo.processInfo.environment["LELU_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x1E1E_5EED
    /// How many times the default number of cases to run.
    package static let scale = ProcessInfo.processInfo.environment["LELU_FUZZ_SCALE"].flatMap(Int.init).map { max(1, $0) } ?? 1
}

// MARK: - Off the cooperative pool

/// Runs CPU-heavy work on a Dispatch thread and awaits it.
///
/// Swift Testing runs tests on the cooperative pool, which has one thread per core: seconds of
/// work there starve the async tests waiting on sockets beside it. Expectations stay on the
/// test's task (Dispatch threads have no current test), so the work returns what it found.
package func offPool<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
    let result: Result<T, E> = await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            do throws(E) { continuation.resume(returning: .success(try work())) } catch {
                continuation.resume(returning: .failure(error))
            }
        }
    }
    return try result.get()
}

// MARK: - Grid invariants

/// Checks the two promises of a rendered grid.
package enum GridCheck {
    /// The first broken promise, or nil: every cell holds one safe grapheme (or nothing, as the
    /// right half of a wide one), and every row's display width is exactly the grid's width.
    package static func problem(_ grid: Grid) -> String? {
        for y in 0..<grid.size.height {
            var x = 0
            while x < grid.size.width {
                let text = grid[x, y].text
                if let bad = text.unicodeScalars.first(where: SafeText.isInvisibleOrControl) {
                    return "cell (\(x),\(y)) holds U+\(String(bad.value, radix: 16, uppercase: true)): \(text.debugDescription)"
                }
                if text.count != 1 { return "cell (\(x),\(y)) holds \(text.count) graphemes: \(text.debugDescription)" }
                switch TextWidth.of(text) {
                case 1:
                    x += 1
                case 2:
                    guard x + 1 < grid.size.width, grid[x + 1, y].text.isEmpty else {
                        return "wide \(text.debugDescription) at (\(x),\(y)) has no empty right half; row: \(grid.lines[y].debugDescription)"
                    }
                    x += 2
                default:
                    return "cell (\(x),\(y)) holds zero-width \(text.debugDescription)"
                }
            }
            let width = (0..<grid.size.width).reduce(0) { $0 + TextWidth.of(grid[$1, y].text) }
            if width != grid.size.width { return "row \(y) is \(width) columns wide, not \(grid.size.width)" }
        }
        return nil
    }
}

// MARK: - Failure log

/// Collects failures and records the first few as issues (thousands of `#expect`s would be slow).
package struct FailureLog {
    package let seed: UInt64
    package private(set) var count = 0
    private var first: [String] = []

    package init(seed: UInt64) { self.seed = seed }

    package mutating func add(_ message: String) {
        count += 1
        if first.count < 5 { first.append(String(message.prefix(2_000))) }
    }

    package func report(sourceLocation: SourceLocation = #_sourceLocation) {
        for message in first {
            Issue.record("seed \(seed): \(message)", sourceLocation: sourceLocation)
        }
        if count > first.count {
            Issue.record("seed \(seed): \(count - first.count) more failures", sourceLocation: sourceLocation)
        }
    }
}

// MARK: - Random source

/// SplitMix64: a tiny, fast, seedable generator, so every run sees the same inputs.
package struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Hostile text

/// Random strings weighted heavily towards what attacks a terminal.
package enum HostileText {
    /// Whole escape sequences (and broken ones), 7-bit and 8-bit.
    package static let sequences = [
        "\u{1B}[31;1m", "\u{1B}[2J", "\u{1B}[H", "\u{1B}[6n", "\u{1B}[21t", "\u{1B}[?1049l", "\u{1B}[5i",
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}", "\u{1B}]52;c;cm0=\u{1B}\\", "\u{1B}]8;;https://evil.example\u{1B}\\",
        "\u{1B}]8;;\u{07}", "\u{1B}]0;pwned\u{07}", "\u{1B}]2;pwned\u{1B}\\", "\u{1B}P+q544e\u{1B}\\",
        "\u{1B}P1$r\u{9C}", "\u{1B}_Gf=100;AAAA\u{1B}\\", "\u{1B}^pm\u{1B}\\", "\u{1B}Xsos\u{1B}\\",
        "\u{9B}31m", "\u{9B}2J", "\u{9D}52;c;QQ==\u{9C}", "\u{9D}0;t\u{07}", "\u{90}q\u{9C}", "\u{9F}apc\u{9C}",
        "\u{9E}pm\u{9C}", "\u{98}sos\u{9C}", "\u{1B}(0", "\u{1B}(", "\u{1B}#8", "\u{1B}c", "\u{1B}7", "\u{1B}8",
        "\u{1B}", "\u{1B}[", "\u{1B}]", "\u{1B}]0;", "\u{1B}P", "\u{1B}[?", "\u{1B}\\", "\u{9C}", "\u{1B}%G",
        "\u{1B}]0;t\u{1B}[31m", "\u{1B} ", "\u{1B}\u{1B}",
    ]
    package static let newlines = ["\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}", "\u{85}", "\t"]
    package static let bidi: [UInt32] = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                                 0x200E, 0x200F, 0x061C]
    package static let format: [UInt32] = [0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x00AD,
                                   0x180E, 0xE0001, 0xE0041, 0xE007F, 0xFFF9, 0xFFFA, 0xFFFB, 0x1BCA0, 0x13430,
                                   0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0xFE0F, 0xFE0E]
    package static let wide: [ClosedRange<UInt32>] = [0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF60, 0x1F600...0x1F64F,
                                              0x1F300...0x1F5FF, 0x3041...0x30FF, 0x20000...0x2A6DF]
    package static let combining: [ClosedRange<UInt32>] = [0x0300...0x036F, 0x20D0...0x20FF, 0x0E31...0x0E3A,
                                                   0x1160...0x11FF, 0xFE00...0xFE0F, 0x0591...0x05BD]
    package static let words = ["refund", "ok", "approve me", "rm -rf /", "delete_user", "é", "naïve", "👍🏽", "❤️",
                        "🇩🇪", "👨‍👩‍👧", "1️⃣", "a\u{0301}", "ﷺ", "𒐫", "\u{FFFD}", "%s%n", "' OR 1=1 --", " ", "  "]

    /// One random piece of a hostile string.
    package static func piece(_ rng: inout SeededRandom) -> String {
        func scalar(_ v: UInt32) -> String { Unicode.Scalar(v).map(String.init) ?? "?" }
        func from(_ ranges: [ClosedRange<UInt32>]) -> String {
            scalar(UInt32.random(in: ranges[Int.random(in: 0..<ranges.count, using: &rng)], using: &rng))
        }
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<15: return sequences[Int.random(in: 0..<sequences.count, using: &rng)]
        case 15..<25: return scalar(UInt32.random(in: 0...0x1F, using: &rng))  // C0
        case 25..<32: return scalar(UInt32.random(in: 0x7F...0x9F, using: &rng))  // DEL and C1
        case 32..<40: return newlines[Int.random(in: 0..<newlines.count, using: &rng)]
        case 40..<48: return scalar(bidi[Int.random(in: 0..<bidi.count, using: &rng)])
        case 48..<56: return scalar(format[Int.random(in: 0..<format.count, using: &rng)])
        case 56..<66: return from(wide)
        case 66..<74: return from(combining)
        case 74..<90: return words[Int.random(in: 0..<words.count, using: &rng)]
        default:  // anything at all, surrogates excepted
            var v = UInt32.random(in: 0...0x10FFFF, using: &rng)
            if (0xD800...0xDFFF).contains(v) { v = 0xFFFD }
            return scalar(v)
        }
    }

    /// A string of up to `maxPieces` pieces (sometimes empty).
    package static func string(_ rng: inout SeededRandom, maxPieces: Int = 12) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...maxPieces, using: &rng) { s += piece(&rng) }
        return s
    }

    /// A console holding hostile strings in every field, in a random mode.
    package static func state(_ rng: inout SeededRandom, size: Size) -> ConsoleState {
        var items: [ReviewRequest] = []
        for i in 0..<Int.random(in: 0...12, using: &rng) {
            var resource: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) { resource[string(&rng)] = string(&rng) }
            // Some IDs are hostile too; a prefix keeps them unique.
            let id = Bool.random(using: &rng) ? "\(i)" + string(&rng, maxPieces: 6) : "req-\(i)-\(rng.next())"
            let age = Double.random(in: -5...4_000, using: &rng)
            items.append(ReviewRequest(
                id: id, tenantID: string(&rng), actor: string(&rng), action: string(&rng), resource: resource,
                confidence: [0, 0.5, 0.78, 0.95, 1][Int.random(in: 0..<5, using: &rng)],
                reason: string(&rng, maxPieces: 60), actingFor: string(&rng),
                enqueuedAt: Bool.random(using: &rng) ? testNow.addingTimeInterval(-age) : nil,
                resolvedBy: string(&rng), resolutionNote: string(&rng)))
        }
        var state = ConsoleState(engineLabel: string(&rng, maxPieces: 4), reviewer: string(&rng, maxPieces: 4),
                                 now: testNow, size: size)
        _ = reduce(&state, .started(testNow))
        _ = reduce(&state, .pollSucceeded(PendingList(items: items, skipped: Int.random(in: 0...3, using: &rng)),
                                          at: testNow))
        if !state.table.order.isEmpty {
            state.table.select(state.table.order[Int.random(in: 0..<state.table.order.count, using: &rng)])
        }
        if let id = state.table.cursorID, Int.random(in: 0..<4, using: &rng) == 0 {
            // Held, due now, and sent: in flight.
            state.pipeline.hold(PendingDecision(
                id: id, decision: .approve, note: string(&rng), due: testNow, batch: 1, action: string(&rng),
                actor: string(&rng), confidence: 0.5))
            state.pipeline.releaseDue(now: testNow)
            _ = state.pipeline.nextToSend(maxInFlight: 1)
        }
        state.showDetail = Bool.random(using: &rng)
        if Bool.random(using: &rng) {
            state.status = StatusMessage(ScreenText(quoted: string(&rng)), kind: .error, at: testNow)
        }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: state.mode = .help
        case 1:
            var editor = NoteEditor(decision: .deny, requestIDs: [state.table.cursorID ?? string(&rng)])
            editor.text = Array(string(&rng))
            editor.cursor = Int.random(in: 0...editor.text.count, using: &rng)
            state.mode = .note(editor)
        case 2: state.sync.connection = .reconnecting(.server(status: 500, message: string(&rng)))
        case 3:
            state.table.setFilter(string(&rng, maxPieces: 3), tenants: state.tenants, rows: state.tableRows)
            state.mode = .filter
        case 4:
            state.table.markAll()
            state.mode = .confirm(Confirmation(decision: .approve, ids: state.table.order, hidden: 1, note: string(&rng)))
        default:
            state.view = .history
            state.historyView.entries = DecisionHistory((0..<3).map { _ in
                JournalEntry(time: testNow, engine: string(&rng), id: string(&rng), action: string(&rng),
                             actor: string(&rng), confidence: 0.7, decision: .deny, note: string(&rng),
                             reviewer: string(&rng), outcome: .conflict, detail: string(&rng), resolvedBy: string(&rng))
            })
            state.historyView.item = items.first
        }
        return state
    }
}

// MARK: - JSON mutation

/// Byte-level and structural mutations of JSON bodies.
package enum JSONMutator {
    package static let interesting: [UInt8] = Array("{}[]\",:\\0123456789-.eE ntfu".utf8) + [0x00, 0x1B, 0x7F, 0x80, 0xC3, 0xE2,
                                                                                  0xF0, 0xFF, 0x0A]

    /// One mutation: a byte flipped, inserted or removed, a span duplicated or dropped, a cut,
    /// a splice from another document, or a structural change of the parsed tree.
    package static func mutate(_ data: Data, _ rng: inout SeededRandom, donors: [Data]) -> Data {
        var bytes = [UInt8](data)
        guard !bytes.isEmpty else { return Data("{}".utf8) }
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
        case 1: bytes.insert(interesting[Int.random(in: 0..<interesting.count, using: &rng)], at: at)
        case 2: bytes.remove(at: at)
        case 3:
            let end = min(bytes.count, at + Int.random(in: 1...64, using: &rng))
            bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &rng))
        case 4:
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...32, using: &rng)))
        case 5: bytes = Array(bytes.prefix(at))
        case 6:
            let donor = [UInt8](donors[Int.random(in: 0..<donors.count, using: &rng)])
            let from = Int.random(in: 0..<donor.count, using: &rng)
            bytes.insert(contentsOf: donor[from..<min(donor.count, from + Int.random(in: 1...200, using: &rng))], at: at)
        default:
            return structural(data, &rng)
        }
        return Data(bytes)
    }

    /// Parses the document and changes its tree: values swapped for other types, nested, duplicated or emptied.
    package static func structural(_ data: Data, _ rng: inout SeededRandom) -> Data {
        guard let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return data }
        let mutated = mutateValue(tree, &rng, depth: 0)
        return (try? JSONSerialization.data(withJSONObject: mutated, options: [.fragmentsAllowed])) ?? data
    }

    package static func mutateValue(_ value: Any, _ rng: inout SeededRandom, depth: Int) -> Any {
        if var object = value as? [String: Any], !object.isEmpty, depth < 6 {
            let keys = object.keys.sorted()
            let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: object[key] = nil
            case 1: object[key] = randomValue(&rng)
            case 2: object[HostileText.string(&rng, maxPieces: 3)] = object[key]
            default: object[key] = mutateValue(object[key] as Any, &rng, depth: depth + 1)
            }
            return object
        }
        if var array = value as? [Any], !array.isEmpty, depth < 6 {
            let i = Int.random(in: 0..<array.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: array.append(array[i])  // a duplicate item
            case 1: array.remove(at: i)
            case 2: array[i] = randomValue(&rng)
            default: array[i] = mutateValue(array[i], &rng, depth: depth + 1)
            }
            return array
        }
        return randomValue(&rng)
    }

    /// A random JSON value of any type, sometimes nested a little.
    package static func randomValue(_ rng: inout SeededRandom) -> Any {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return NSNull()
        case 1: return Bool.random(using: &rng)
        case 2: return Int.random(in: Int.min...Int.max, using: &rng)
        case 3: return [-1e308, -1, 0, 0.5, 1e308, 1.5][Int.random(in: 0..<6, using: &rng)]
        case 4: return ""
        case 5: return [HostileText.string(&rng)]
        case 6: return ["id": HostileText.string(&rng, maxPieces: 3)]
        case 7:
            var nested: Any = HostileText.string(&rng, maxPieces: 2)
            for _ in 0..<Int.random(in: 1...40, using: &rng) { nested = [nested] }
            return nested
        default: return HostileText.string(&rng)
        }
    }

    /// A generated pending list: good items (unique, hostile text, wrong-typed optional fields),
    /// duplicates, empty IDs, bad IDs and non-objects; returns the body, the IDs that must be
    /// kept in order, and how many must be skipped. Written by hand: `JSONSerialization` is slow here.
    package static func list(_ rng: inout SeededRandom) -> (Data, [String], Int) {
        var entries: [String] = []
        var good: [String] = []
        var bad = 0
        for i in 0..<Int.random(in: 0...40, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0 where !good.isEmpty:
                entries.append(#"{"id":\#(quote(good[Int.random(in: 0..<good.count, using: &rng)])),"action":"dup"}"#)
                bad += 1
            case 1:
                entries.append(#"{"id":"","action":\#(quote(HostileText.string(&rng)))}"#)
                bad += 1
            case 2:
                let id = ["null", "true", "1.5", "[]", "{}", #"["x"]"#][Int.random(in: 0..<6, using: &rng)]
                entries.append(#"{"action":"bad id","id":\#(id)}"#)
                bad += 1
            case 3:
                entries.append(["null", "42", #""text""#, "[1,2]", "true"][Int.random(in: 0..<5, using: &rng)])
                bad += 1
            default:
                let id = "\(i):" + HostileText.string(&rng, maxPieces: 4)
                var members = [#""id":\#(quote(id))"#]
                for key in ["actor", "action", "reason", "acting_for", "tenant_id", "status", "enqueued_at",
                            "confidence_score", "resource", "resolved_by"] where Bool.random(using: &rng) {
                    let value = Bool.random(using: &rng) ? quote(HostileText.string(&rng)) : randomJSON(&rng)
                    members.append(quote(key) + ":" + value)
                }
                members.shuffle(using: &rng)
                entries.append("{" + members.joined(separator: ",") + "}")
                good.append(id)
            }
        }
        let count = Bool.random(using: &rng) ? "\(entries.count)" : randomJSON(&rng)
        let body = #"{"items":[\#(entries.joined(separator: ","))],"count":\#(count)}"#
        return (Data(body.utf8), good, bad)
    }

    /// A JSON string literal; C0 controls escaped, everything else (C1, bidi, …) raw.
    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{00}"..."\u{1F}": out += "\\u" + String(format: "%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Random JSON text of any type, sometimes nested a little.
    package static func randomJSON(_ rng: inout SeededRandom) -> String {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return "null"
        case 1: return Bool.random(using: &rng) ? "true" : "false"
        case 2: return "\(Int.random(in: Int.min...Int.max, using: &rng))"
        case 3: return ["-1e308", "-1", "0", "0.5", "1e308", "1.5", "1e400", "-0"][Int.random(in: 0..<8, using: &rng)]
        case 4: return #""""#
        case 5: return "[" + quote(HostileText.string(&rng)) + "]"
        case 6: return #"{"id":\#(quote(HostileText.string(&rng, maxPieces: 3)))}"#
        case 7:
            let depth = Int.random(in: 1...40, using: &rng)
            return String(repeating: "[", count: depth) + quote(HostileText.string(&rng, maxPieces: 2))
                + String(repeating: "]", count: depth)
        default: return quote(HostileText.string(&rng))
        }
    }
}
