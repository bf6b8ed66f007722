import Foundation
import ReviewModel
import TOMLKit

// MARK: - ThemeFile

/// A theme as read from a TOML file: the theme and the one-line description it carries.
///
/// The format: `name` and `description` at the top, and a `[roles]` table whose keys are
/// ``Role`` raw values (`header`, `row_selected`, …; `-` may stand for `_`) and whose values are
/// inline tables of `fg`, `bg` (a colour, see ``TermColor/parse(_:)``) and `attrs` (a list of
/// `bold`, `dim`, `reverse`, `underline`, `italic`). A role left out keeps the base theme's style.
struct ThemeFile: Equatable, Sendable {
    /// The theme.
    var theme: Theme
    /// What the theme is for.
    var description: String

    /// Parses a theme; roles the file leaves out come from `base`, the name from `fallbackName`
    /// when the file has none.
    static func parse(
        _ text: String, path: String, fallbackName: String, base: Theme = .default
    ) throws(FileError) -> ThemeFile {
        let source = try TOMLSource(text: text, path: path)
        var theme = Theme(name: fallbackName, styles: base.styles, ascii: base.ascii)
        var description = ""
        for key in source.root.keys {
            guard let value = source.root[key] else { continue }
            switch key {
            case "name":
                guard let name = value.string, !name.isEmpty else {
                    throw source.error("`name` must be a non-empty string", key: key)
                }
                theme.name = name
            case "description":
                guard let text = value.string else { throw source.error("`description` must be a string", key: key) }
                description = text
            case "roles":
                guard let roles = value.table else {
                    throw source.error("`roles` must be a table: [roles]", key: key)
                }
                for roleName in roles.keys {
                    guard let role = Role(rawValue: roleName.replacingOccurrences(of: "-", with: "_")) else {
                        throw source.error(
                            "unknown role \"\(roleName)\"; roles are: "
                                + Role.allCases.map(\.rawValue).joined(separator: ", "),
                            key: roleName, in: "roles")
                    }
                    guard let style = roles[roleName] else { continue }
                    theme.styles[role] = try parseStyle(style, role: roleName, source: source)
                }
            default:
                throw source.error("unknown key \"\(key)\"; a theme has name, description and [roles]", key: key)
            }
        }
        return ThemeFile(theme: theme, description: description)
    }

    /// One role's inline table as a ``Style``.
    private static func parseStyle(
        _ value: any TOMLValueConvertible, role: String, source: TOMLSource
    ) throws(FileError) -> Style {
        guard let table = value.table else {
            throw source.error(
                "role \(role) must be an inline table like { fg = \"red\", attrs = [\"bold\"] }, not \(value.typeName)",
                key: role, in: "roles")
        }
        var style = Style()
        for key in table.keys {
            guard let item = table[key] else { continue }
            switch key {
            case "fg", "bg":
                let color: TermColor?
                do throws(TermColor.ParseError) {
                    color = try TermColor.parse(item)
                } catch {
                    throw source.error("\(role).\(key): \(error.message)", key: role, in: "roles")
                }
                if key == "fg" { style.fg = color } else { style.bg = color }
            case "attrs":
                guard let list = item.array else {
                    throw source.error("\(role).attrs must be a list like [\"bold\", \"underline\"]", key: role, in: "roles")
                }
                for element in list {
                    switch element.string {
                    case "bold": style.bold = true
                    case "dim": style.dim = true
                    case "reverse": style.reverse = true
                    case "underline": style.underline = true
                    case "italic": style.italic = true
                    default:
                        throw source.error(
                            "\(role).attrs: unknown attribute \(element.string.map { "\"\($0)\"" } ?? element.typeName); "
                                + "use bold, dim, reverse, underline, italic",
                            key: role, in: "roles")
                    }
                }
            default:
                throw source.error("\(role): unknown key \"\(key)\"; a role has fg, bg and attrs", key: role, in: "roles")
            }
        }
        return style
    }
}

// MARK: - Colours by name

extension TermColor {
    /// Why a colour value was not understood.
    struct ParseError: Error, Equatable, Sendable {
        /// The message, naming the accepted forms.
        var message: String
    }

    /// The 16 ANSI colour names, index = palette number.
    static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses a theme colour: an ANSI name, 0–255 (0–15 are the palette), `#rrggbb`, or
    /// `default` (nil: the terminal's own colour).
    static func parse(_ value: any TOMLValueConvertible) throws(ParseError) -> TermColor? {
        let hint = "use an ANSI name (red, bright-blue, …), 0–255, \"#rrggbb\" or \"default\""
        if let number = value.int {
            guard (0...255).contains(number) else { throw ParseError(message: "\(number) is not 0–255") }
            return number < 16 ? .ansi(number) : .index(number)
        }
        guard let text = value.string else { throw ParseError(message: "\(value.typeName) is not a colour; \(hint)") }
        return try parse(text)
    }

    /// Parses a colour written as text (see ``parse(_:)-swift.type.method``).
    static func parse(_ text: String) throws(ParseError) -> TermColor? {
        let hint = "use an ANSI name (red, bright-blue, …), 0–255, \"#rrggbb\" or \"default\""
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        if lowered == "default" || lowered == "none" { return nil }
        if lowered.hasPrefix("#") {
            let hex = lowered.dropFirst()
            guard hex.count == 6, let value = UInt32(hex, radix: 16) else {
                throw ParseError(message: "\"\(SafeText.line(text, limit: 40))\" is not #rrggbb")
            }
            return .rgb(UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        }
        let squashed = lowered.filter { $0 != "-" && $0 != "_" && $0 != " " }
        if squashed == "grey" || squashed == "gray" { return .ansi(8) }
        if let index = ansiNames.firstIndex(where: { $0.replacingOccurrences(of: "-", with: "") == squashed }) {
            return .ansi(index)
        }
        if let number = Int(lowered) {
            guard (0...255).contains(number) else { throw ParseError(message: "\(number) is not 0–255") }
            return number < 16 ? .ansi(number) : .index(number)
        }
        throw ParseError(message: "unknown colour \"\(SafeText.line(text, limit: 40))\"; \(hint)")
    }
}
