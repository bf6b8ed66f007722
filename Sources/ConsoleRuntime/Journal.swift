import Foundation
import ReviewModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Journal file

/// The decision journal: JSON Lines, one fsync'd line per record, in a small live file and
/// numbered archives beside it.
///
/// `decisions.jsonl` is the live file; once it passes ``rotateAt`` bytes it is rotated
/// (`JournalRotation.swift`): its records move to `decisions.000001.jsonl`, `…000002…` and so
/// on, except the newest record of each decision that is not finished, which moves to the new
/// live file. So the live file alone holds everything a start needs, and every record is in
/// exactly one file. Reading across files is in `JournalReading.swift`.
package final class Journal: @unchecked Sendable {
    /// The live file's path.
    let path: String
    /// The live file's size that starts a rotation (plus what the last rotation carried over).
    let rotateAt: Int
    /// Called between the steps of a rotation (tests stop a rotation there, as a kill would).
    var rotationStep: (@Sendable (RotationStep) throws -> Void)?
    let lock = NSLock()
    /// Bytes the last rotation carried into the live file (they do not count towards `rotateAt`).
    var carriedBytes = 0

    /// The live file size at which a rotation starts by default: 1 MiB, about 1,400 records.
    static let defaultRotateAt = 1 << 20

    /// A journal at a path (created with its directory on first write).
    package init(path: String, rotateAt: Int = Journal.defaultRotateAt) {
        self.path = path
        self.rotateAt = max(1, rotateAt)
    }

    /// `$XDG_STATE_HOME/lelu-console/decisions.jsonl` (default `~/.local/state/...`).
    package static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return state + "/lelu-console/decisions.jsonl"
    }

    // MARK: - Writing

    /// Appends one record, flushes it to disk, and rotates the live file when it has grown past its size.
    package func append(_ entry: JournalEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        try locked {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
            guard fd >= 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == line.count else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
            guard fsync(fd) == 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
            var info = stat()
            if fstat(fd, &info) == 0, Int(info.st_size) > rotateAt + carriedBytes {
                try rotateLocked()
            }
        }
    }

    // MARK: - Opening

    /// What a start needs: finishes or undoes a rotation a kill interrupted, rotates a live file
    /// that has grown past its size (a journal from before rotation is taken over this way), and
    /// returns the live file's records — every unfinished decision's newest record among them.
    func openForStart() throws -> [JournalEntry] {
        try locked {
            try recoverLocked()
            if fileSize(path) > rotateAt { try rotateLocked() }
        }
        return readLive()
    }

    /// Whether opening reads much more than a live file: a journal of an earlier version (one
    /// file, never rotated) bigger than four rotations, which the console takes over after its
    /// first frame (`Effect.openJournal`) rather than before.
    func needsTakeover() -> Bool {
        fileSize(readingView().live) > 4 * rotateAt
    }

    /// The live file's records, in file order; unreadable lines are skipped.
    func readLive() -> [JournalEntry] {
        lock.lock()
        defer { lock.unlock() }
        return JournalFile.entries(atPath: readingView().live)
    }

    // MARK: - Files

    /// The directory the journal's files are in.
    var directory: String { (path as NSString).deletingLastPathComponent }

    /// The live file's name without `.jsonl` (`decisions`): archives are `decisions.000001.jsonl`.
    var stem: String {
        let name = (path as NSString).lastPathComponent
        return name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
    }

    /// The path of archive number `number`.
    func archivePath(_ number: Int) -> String {
        directory + "/" + stem + "." + sixDigits(number) + ".jsonl"
    }

    /// The archives' numbers and paths, oldest first.
    package func archives() -> [(number: Int, path: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let prefix = stem + "."
        return names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix(prefix), name.hasSuffix(".jsonl") else { return nil }
            let middle = name.dropFirst(prefix.count).dropLast(6)
            guard middle.count >= 6, middle.allSatisfy(\.isASCII), let number = Int(middle), number > 0 else { return nil }
            return (number, directory + "/" + name)
        }.sorted { $0.0 < $1.0 }
    }

    /// Runs `body` holding this journal's lock and an exclusive `flock` on `<path>.lock`, so a
    /// rotation never runs while another console appends to the same journal.
    func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path + ".lock", O_RDWR | O_CREAT, 0o600)
        if fd >= 0 { flock(fd, LOCK_EX) }
        defer {
            if fd >= 0 {
                flock(fd, LOCK_UN)
                close(fd)
            }
        }
        return try body()
    }
}

/// A number zero-padded to six digits (file names sort in number order up to 999,999).
func sixDigits(_ number: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
}

/// The size of a file in bytes (0 when it is not there).
func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

/// The journal could not be written.
struct JournalError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot write the decision journal \(path): \(reason)" }
}
