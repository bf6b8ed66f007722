import Foundation
import ReviewModel

// MARK: - ThemeCatalog

/// Finds themes: the shipped ones (embedded in the binary) and the user's, which override
/// shipped ones of the same name; also loads a theme file by path.
///
/// File access is injected, so lookup and errors are testable without a home directory.
package struct ThemeCatalog: Sendable {
    /// Where user themes live (`$XDG_CONFIG_HOME/lelu-console/themes`), or nil for none.
    var userDirectory: String?
    /// Reads a whole file; nil when missing or unreadable.
    var readFile: @Sendable (String) -> Data?
    /// The file names in a directory; empty when it does not exist.
    var listDirectory: @Sendable (String) -> [String]

    /// Creates a catalog.
    init(
        userDirectory: String?, readFile: @escaping @Sendable (String) -> Data?,
        listDirectory: @escaping @Sendable (String) -> [String]
    ) {
        self.userDirectory = userDirectory
        self.readFile = readFile
        self.listDirectory = listDirectory
    }

    /// The real catalog of this user's configuration directory (`$XDG_CONFIG_HOME/lelu-console/themes`).
    static func live(environment: [String: String], homeDirectory: String) -> ThemeCatalog {
        let configDirectory = ConsoleSettings.configDirectory(environment: environment, homeDirectory: homeDirectory)
        return ThemeCatalog(
            userDirectory: (configDirectory as NSString).appendingPathComponent("themes"),
            readFile: { FileManager.default.contents(atPath: $0) },
            listDirectory: { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] })
    }

    // MARK: - Entries

    /// Where a theme comes from.
    enum Origin: Equatable, Sendable {
        /// Embedded in the binary (a copy of `themes/NAME.toml`).
        case shipped
        /// A user file; `overrides` when a shipped theme has the same name.
        case user(path: String, overrides: Bool)
        /// A file named by path.
        case file(path: String)
    }

    /// One listed theme.
    struct Entry: Equatable, Sendable {
        /// The name `--theme` takes.
        var name: String
        /// Where it comes from.
        var origin: Origin
        /// The theme's description, or the error that makes it unusable.
        var summary: Result<String, FileError>
    }

    /// The names of the shipped themes, in display order.
    static var shippedNames: [String] { ShippedThemes.files.map(\.name) }

    /// Every theme: shipped ones in their order, then user-only ones by name; a user file
    /// replaces the shipped theme of its name.
    func entries() -> [Entry] {
        let user = userFiles()
        var out: [Entry] = []
        for shipped in ShippedThemes.files {
            if let path = user[shipped.name] {
                out.append(Entry(name: shipped.name, origin: .user(path: path, overrides: true),
                                 summary: summary(path: path, name: shipped.name)))
            } else {
                out.append(Entry(name: shipped.name, origin: .shipped,
                                 summary: summary(text: shipped.text, path: Self.shippedPath(shipped.name), name: shipped.name)))
            }
        }
        for (name, path) in user.sorted(by: { $0.key < $1.key }) where !Self.shippedNames.contains(name) {
            out.append(Entry(name: name, origin: .user(path: path, overrides: false), summary: summary(path: path, name: name)))
        }
        return out
    }

    // MARK: - Loading

    /// Why a theme could not be loaded.
    enum LoadError: Error, Equatable, Sendable, CustomStringConvertible {
        /// No shipped or user theme has the name.
        case notFound(name: String, available: [String], userDirectory: String?)
        /// The file exists but is broken.
        case invalid(FileError)

        /// The message for stderr and the log.
        var description: String {
            switch self {
            case .notFound(let name, let available, let directory):
                "no theme named \"\(SafeText.line(name, limit: 80))\"; available: \(available.joined(separator: ", "))"
                    + (directory.map { " (user themes go in \(SafeText.line($0, limit: 200)))" } ?? "")
            case .invalid(let error):
                error.description
            }
        }
    }

    /// Loads a theme by name (user themes first, then shipped) or by path (anything with a
    /// `/` or ending in `.toml`).
    func load(_ nameOrPath: String) throws(LoadError) -> (theme: Theme, origin: Origin) {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            let name = ((nameOrPath as NSString).lastPathComponent as NSString).deletingPathExtension
            return (try parseFile(path: nameOrPath, name: name), .file(path: nameOrPath))
        }
        let user = userFiles()
        if let path = user[nameOrPath] {
            let overrides = Self.shippedNames.contains(nameOrPath)
            return (try parseFile(path: path, name: nameOrPath), .user(path: path, overrides: overrides))
        }
        if let shipped = ShippedThemes.files.first(where: { $0.name == nameOrPath }) {
            do throws(FileError) {
                let file = try ThemeFile.parse(shipped.text, path: Self.shippedPath(shipped.name), fallbackName: shipped.name)
                return (file.theme, .shipped)
            } catch {
                throw .invalid(error)
            }
        }
        let available = Array(Set(Self.shippedNames + user.keys)).sorted()
        throw .notFound(name: nameOrPath, available: available, userDirectory: userDirectory)
    }

    /// A shipped theme by name, parsed (nil when there is none or, which tests rule out, it is broken).
    static func shipped(_ name: String) -> Theme? {
        guard let file = ShippedThemes.files.first(where: { $0.name == name }) else { return nil }
        return try? ThemeFile.parse(file.text, path: shippedPath(name), fallbackName: name).theme
    }

    /// How a shipped theme's file is named in messages.
    static func shippedPath(_ name: String) -> String { "themes/\(name).toml (built in)" }

    // MARK: - Files

    /// User theme files by name.
    private func userFiles() -> [String: String] {
        guard let directory = userDirectory else { return [:] }
        var out: [String: String] = [:]
        for file in listDirectory(directory) where file.hasSuffix(".toml") && !file.hasPrefix(".") {
            out[String(file.dropLast(5))] = (directory as NSString).appendingPathComponent(file)
        }
        return out
    }

    private func parseFile(path: String, name: String) throws(LoadError) -> Theme {
        guard let data = readFile(path) else {
            throw .invalid(FileError(path: path, line: nil, message: "cannot read the theme file"))
        }
        do throws(FileError) {
            return try ThemeFile.parse(String(decoding: data, as: UTF8.self), path: path, fallbackName: name).theme
        } catch {
            throw .invalid(error)
        }
    }

    private func summary(path: String, name: String) -> Result<String, FileError> {
        guard let data = readFile(path) else {
            return .failure(FileError(path: path, line: nil, message: "cannot read the theme file"))
        }
        return summary(text: String(decoding: data, as: UTF8.self), path: path, name: name)
    }

    private func summary(text: String, path: String, name: String) -> Result<String, FileError> {
        do throws(FileError) {
            return .success(try ThemeFile.parse(text, path: path, fallbackName: name).description)
        } catch {
            return .failure(error)
        }
    }
}
