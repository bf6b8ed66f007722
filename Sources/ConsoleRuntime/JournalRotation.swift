import Foundation
import ReviewModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Rotation

/// A point between the steps of a rotation, where a kill leaves the files as they are.
enum RotationStep: String, Equatable, Sendable, CaseIterable {
    /// The archives `decisions.NNNNNN.jsonl.tmp` are written and fsync'd; nothing is renamed.
    case archiveWritten
    /// `decisions.jsonl.next-FIRST-LAST` (the carried records) is written and fsync'd too.
    case liveWritten
    /// The first of several archives is renamed into place, the others are not (not committed).
    case someArchived
    /// The archives are renamed into place (the last rename is the commit point); the old live file is still there.
    case archived
    /// The new live file has replaced the old one.
    case done
}

extension Journal {
    /// Failed decisions younger than this are carried into the new live file (shown at start).
    static let carryFailedFor: TimeInterval = 86_400

    /// Moves the live file's records into the next archives (files of about `rotateAt` bytes),
    /// except the newest record of each unfinished decision, which moves into the new live file.
    /// Called holding the lock.
    ///
    /// Order: the archives and the new live file are written and fsync'd under temporary names
    /// (`decisions.NNNNNN.jsonl.tmp`, `decisions.jsonl.next-FIRST-LAST`); the archives are renamed
    /// into place in ascending order, each rename followed by an fsync of the directory, and the
    /// last one is the commit point; then the new live file replaces the old one. A kill before
    /// the commit leaves the old live file as it was (``recoverLocked()`` removes this rotation's
    /// archives and temporary files); a kill after it leaves the new live file ready under its
    /// temporary name, and ``recoverLocked()`` finishes the rename. Readers in between see one or
    /// the other (``readingView()``). Either way each record is in exactly one file.
    func rotateLocked() throws {
        let first = (archives().last?.number ?? 0) + 1
        let (carry, carryBytes) = carriedLines(now: Date())
        // Mostly unfinished decisions (a start right after a rotation): nothing worth archiving yet.
        guard fileSize(path) - carryBytes >= rotateAt / 2 else {
            carriedBytes = carryBytes
            return
        }
        let written = try writeArchives(from: first, skipping: carry)
        let last = max(first, first + written - 1)
        if written == 0 { try BufferedOutput(path: archivePath(first) + ".tmp").finish() }
        try rotationStep?(.archiveWritten)
        let liveTemp = nextLivePath(first: first, last: last)
        let live = try BufferedOutput(path: liveTemp)
        var index = 0
        try JournalFile.forEachLine(atPath: path) { line in
            defer { index += 1 }
            if carry.contains(index) { try live.append(line) }
        }
        try live.finish()
        try rotationStep?(.liveWritten)
        for number in first...last {
            try renameDurably(archivePath(number) + ".tmp", to: archivePath(number))
            if number == first, last > first { try rotationStep?(.someArchived) }
        }
        try rotationStep?(.archived)
        try renameDurably(liveTemp, to: path)
        carriedBytes = live.written
        try rotationStep?(.done)
    }

    /// Writes the live file's lines but the carried ones into `NNNNNN.jsonl.tmp` files from
    /// number `first` on, starting another file past `rotateAt` bytes; returns how many it wrote.
    private func writeArchives(from first: Int, skipping carry: Set<Int>) throws -> Int {
        var files = 0
        var output: BufferedOutput?
        var index = 0
        try JournalFile.forEachLine(atPath: path) { line in
            defer { index += 1 }
            guard !carry.contains(index) else { return }
            if output == nil || output?.written ?? 0 >= rotateAt {
                try output?.finish()
                output = try BufferedOutput(path: archivePath(first + files) + ".tmp")
                files += 1
            }
            try output?.append(line)
        }
        try output?.finish()
        return files
    }

    /// Finishes or undoes a rotation a kill interrupted. Called holding the lock.
    func recoverLocked() throws {
        for rotation in interruptedRotations() {
            if rotation.committed {
                try renameDurably(rotation.next, to: path)
            } else {
                for number in rotation.first...rotation.last { unlink(archivePath(number)) }
                unlink(rotation.next)
            }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(stem + ".") && name.hasSuffix(".jsonl.tmp") {
            unlink(directory + "/" + name)
        }
    }

    /// Rotations a kill left behind: their new live file, their archives' numbers, and whether
    /// the last archive was renamed into place (committed).
    func interruptedRotations() -> [(next: String, first: Int, last: Int, committed: Bool)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let prefix = (path as NSString).lastPathComponent + ".next-"
        return names.sorted().compactMap { name in
            guard name.hasPrefix(prefix) else { return nil }
            let numbers = name.dropFirst(prefix.count).split(separator: "-").compactMap { Int($0) }
            guard numbers.count == 2, numbers[0] > 0, numbers[1] >= numbers[0] else { return nil }
            let committed = FileManager.default.fileExists(atPath: archivePath(numbers[1]))
            return (directory + "/" + name, numbers[0], numbers[1], committed)
        }
    }

    // MARK: - Which lines move on

    /// The line numbers (0-based) of the live file's newest record of each unfinished decision
    /// (`held` or `sending`, and `failed` for a day), and their size in bytes with newlines.
    func carriedLines(now: Date) -> (lines: Set<Int>, bytes: Int) {
        var newest: [String: (index: Int, size: Int, carry: Bool)] = [:]
        var index = 0
        let failedCutoff = now.addingTimeInterval(-Self.carryFailedFor)
        JournalFile.forEachLine(atPath: path) { line in
            defer { index += 1 }
            guard let fields = JournalLineFields(line) else { return }
            let carry = switch fields.outcome {
            case "held", "sending": true
            case "failed": (Timestamp.parse(fields.time) ?? .distantPast) >= failedCutoff
            default: false
            }
            newest[fields.key] = (index, line.count + 1, carry)
        }
        let carried = newest.values.filter(\.carry)
        return (Set(carried.map(\.index)), carried.reduce(0) { $0 + $1.size })
    }

    // MARK: - Files

    /// The temporary name of the live file the rotation to archives `first...last` writes.
    func nextLivePath(first: Int, last: Int) -> String {
        path + ".next-" + sixDigits(first) + "-" + sixDigits(last)
    }

    /// Renames a file and fsyncs the directory, so the rename survives a power cut.
    private func renameDurably(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else { throw JournalError(path: to, reason: String(cString: strerror(errno))) }
        let fd = open(directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

// MARK: - Buffered output

/// A file written line by line through a 64 KiB buffer, fsync'd when finished.
final class BufferedOutput {
    /// The file's path.
    let path: String
    /// Bytes appended so far (written or buffered).
    private(set) var written = 0
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Creates (or truncates) the file.
    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        close(fd)
    }

    /// Appends a line and its newline.
    func append(_ line: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
        written += line.count + 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered and fsyncs the file.
    func finish() throws {
        try flush()
        guard fsync(fd) == 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Writes what is buffered.
    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let count = buffer.withUnsafeBytes { raw in
                raw.baseAddress.map { write(fd, $0 + offset, raw.count - offset) } ?? -1
            }
            guard count > 0 else { throw JournalError(path: path, reason: String(cString: strerror(errno))) }
            offset += count
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
