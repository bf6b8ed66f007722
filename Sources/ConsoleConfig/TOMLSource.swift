import ReviewModel
import TOMLKit

// MARK: - FileError

/// A mistake in one of our TOML files (a theme or the configuration): the file, the line, what is wrong.
package struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it (or where it was found).
    var path: String
    /// The 1-based line, when known.
    var line: Int?
    /// What is wrong, and how to fix it where that is not obvious.
    var message: String

    /// Creates an error.
    init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, as compilers print it.
    package var description: String {
        let place = line.map { "\(SafeText.line(path, limit: 300)):\($0)" } ?? SafeText.line(path, limit: 300)
        return "\(place): \(SafeText.line(message, limit: 400))"
    }
}

// MARK: - TOMLSource

/// A parsed TOML document with its text, so that a key can be traced back to its line.
///
/// TOMLKit reports the line of syntax errors but not of values; ``line(of:in:)`` finds a
/// key's line by scanning the text for its definition in its table.
struct TOMLSource {
    /// The document's top-level table.
    let root: TOMLTable
    /// Where it came from, for messages.
    let path: String
    private let lines: [Substring]

    /// Parses a document; a syntax error becomes a ``FileError`` with TOMLKit's line.
    init(text: String, path: String) throws(FileError) {
        self.path = path
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw FileError(path: path, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw FileError(path: path, line: nil, message: "not valid TOML: \(error)")
        }
    }

    /// The 1-based line where `key` is defined inside `[table]` (nil: the top level).
    func line(of key: String, in table: String? = nil) -> Int? {
        var current: String?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                let name = line.dropFirst().prefix { $0 != "]" }
                current = Self.unquoted(name.trimmingPrefix(while: { $0 == " " }))
                continue
            }
            guard current == table else { continue }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(spelling) {
                let rest = line.dropFirst(spelling.count).trimmingPrefix(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") || rest.hasPrefix(".") { return index + 1 }
            }
        }
        return nil
    }

    /// The error for a key: its line if it can be found, else the table's.
    func error(_ message: String, key: String, in table: String? = nil) -> FileError {
        FileError(path: path, line: line(of: key, in: table) ?? table.flatMap { tableLine($0) }, message: message)
    }

    /// The line of a `[table]` header.
    func tableLine(_ table: String) -> Int? {
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            guard line.hasPrefix("[") else { continue }
            let name = line.dropFirst().prefix { $0 != "]" }
            if Self.unquoted(name.trimmingPrefix(while: { $0 == " " })) == table { return index + 1 }
        }
        return nil
    }

    private static func unquoted(_ text: Substring) -> String {
        var name = String(text)
        while name.last == " " { name.removeLast() }
        if name.count >= 2, let first = name.first, first == "\"" || first == "'", name.last == first {
            name = String(name.dropFirst().dropLast())
        }
        return name
    }
}

// MARK: - Values

extension TOMLValueConvertible {
    /// A number of either TOML kind as a `Double`.
    var number: Double? { double ?? int.map(Double.init) }

    /// The TOML type's name, for messages ("a string", "an integer", …).
    var typeName: String {
        switch type {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number"
        case .bool: "a boolean"
        case .array: "a list"
        case .table: "a table"
        default: "a date or time"
        }
    }
}
