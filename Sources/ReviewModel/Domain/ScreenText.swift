// MARK: - ScreenText

/// A line of text for people, made of the console's own words and quoted text.
///
/// Quoted text is what someone else wrote: an agent's action name, a reviewer's name, an
/// engine's message. The renderer draws the console's own words through the glyph table
/// (so `--ascii` turns `—` into `-`) and quoted text exactly as it was sent, cleaned by
/// ``SafeText`` like every other string on screen.
///
/// Written as a string literal: `"approved \(quoted: action) — sent"`. Interpolating another
/// `ScreenText` keeps its parts; any other value is the console's own words.
struct ScreenText: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// One run of text and where it comes from.
    enum Part: Equatable, Hashable, Sendable {
        /// The console's own words and symbols.
        case own(String)
        /// Someone else's text, drawn as sent.
        case quoted(String)

        /// The text of the run.
        var text: String {
            switch self {
            case .own(let s), .quoted(let s): s
            }
        }
    }

    /// The runs, in order; adjacent runs of the same kind are merged, empty ones dropped.
    private(set) var parts: [Part] = []

    /// Creates an empty text.
    init() {}

    /// Creates the console's own text.
    init(_ own: String) { append(.own(own)) }

    /// Creates quoted text.
    init(quoted: String) { append(.quoted(quoted)) }

    /// The text as one string, for line output, logs and tests.
    var description: String { parts.map(\.text).joined() }

    /// True when there is no text.
    var isEmpty: Bool { parts.isEmpty }

    /// Appends a run, merging it with the last one when they are of the same kind.
    mutating func append(_ part: Part) {
        guard !part.text.isEmpty else { return }
        switch (parts.last, part) {
        case (.own(let a)?, .own(let b)): parts[parts.count - 1] = .own(a + b)
        case (.quoted(let a)?, .quoted(let b)): parts[parts.count - 1] = .quoted(a + b)
        default: parts.append(part)
        }
    }

    /// Appends another text's runs.
    mutating func append(_ other: ScreenText) {
        for part in other.parts { append(part) }
    }

    /// Two texts one after the other.
    static func + (a: ScreenText, b: ScreenText) -> ScreenText {
        var out = a
        out.append(b)
        return out
    }
}

// MARK: - Literals

extension ScreenText: ExpressibleByStringInterpolation {
    /// Creates the console's own text from a literal.
    init(stringLiteral value: String) { self.init(value) }

    /// Creates a text from an interpolated literal.
    init(stringInterpolation: Interpolation) { self = stringInterpolation.text }

    /// Builds a ``ScreenText`` from a literal's pieces.
    struct Interpolation: StringInterpolationProtocol {
        /// The text so far.
        var text = ScreenText()

        /// Starts an interpolation.
        init(literalCapacity: Int, interpolationCount: Int) {}

        /// The literal pieces are the console's own words.
        mutating func appendLiteral(_ literal: String) { text.append(.own(literal)) }

        /// Another screen text keeps its parts.
        mutating func appendInterpolation(_ other: ScreenText) { text.append(other) }

        /// Quoted text: drawn as sent.
        mutating func appendInterpolation(quoted: String) { text.append(.quoted(quoted)) }

        /// Any other value is the console's own words (numbers, key names, verbs).
        mutating func appendInterpolation<T>(_ value: T) { text.append(.own("\(value)")) }
    }
}
