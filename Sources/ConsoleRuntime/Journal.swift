import Foundation
import ReviewModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Journal file

/// The decision journal: JSON Lines, one fsync'd line per record.
package final class Journal: @unchecked Sendable {
    /// The file's path.
    package let path: String
    private let lock = NSLock()

    /// A journal at a path (created with its directory on first write).
    package init(path: String) {
        self.path = path
    }

    /// `$XDG_STATE_HOME/lelu-console/decisions.jsonl` (default `~/.local/state/...`).
    package static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return state + "/lelu-console/decisions.jsonl"
    }

    /// Appends one record and flushes it to disk.
    package func append(_ entry: JournalEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
        guard fsync(fd) == 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Every readable record, in file order; unreadable lines are skipped.
    package func readAll() -> [JournalEntry] {
        lock.lock()
        defer { lock.unlock() }
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(JournalEntry.self, from: Data($0)) }
    }
}

/// The journal could not be written.
package struct JournalError: Error, CustomStringConvertible {
    package var path: String
    package var reason: String
    package var description: String { "cannot write the decision journal \(path): \(reason)" }
}
