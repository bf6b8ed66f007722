import Foundation
import Testing
@testable import ConsoleConfig

// MARK: - Mistakes in TOML files

/// Whether parsing `text` as config.toml fails with a ``FileError`` at `line` whose message contains `message`.
func configFails(_ text: String, line: Int, message: String, path: String = "/c.toml") -> Bool {
    do {
        _ = try ConfigFile.parse(text, path: path)
        return false
    } catch {
        return error.line == line && error.message.contains(message) && error.description.hasPrefix("\(path):\(line): ")
    }
}
