import Foundation
import ReviewModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Reading one journal file

/// Reading one file of the journal: whole records, or only the fields a rotation needs.
enum JournalFile {
    /// Every readable record of a file, in file order; unreadable lines are skipped.
    static func entries(atPath path: String) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        let decoder = JSONDecoder()
        forEachLine(atPath: path) { line in
            if let entry = try? decoder.decode(JournalEntry.self, from: Data(line)) { entries.append(entry) }
        }
        return entries
    }

    /// The records of a file written at or after `cutoff`, in file order: each line's time is
    /// found by a scan and parsed first, and only the lines kept are decoded.
    static func entries(atPath path: String, since cutoff: Date) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        let decoder = JSONDecoder()
        forEachLine(atPath: path) { line in
            if let time = JournalLineFields.value(JournalLineFields.timeMarker, in: line).flatMap(Timestamp.parse),
               time < cutoff {
                return
            }
            if let entry = try? decoder.decode(JournalEntry.self, from: Data(line)), entry.time >= cutoff {
                entries.append(entry)
            }
        }
        return entries
    }

    /// Calls `body` with each line of a file (without its newline), reading 64 KiB at a time; a
    /// last line without a newline (a write a crash cut short) is passed too.
    static func forEachLine(atPath path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let chunk = 1 << 16
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            guard count > 0 else { break }
            try buffer.withUnsafeBytes { raw in
                var start = 0
                for index in 0..<count where raw[index] == 0x0A {
                    if pending.isEmpty {
                        try body(UnsafeRawBufferPointer(rebasing: raw[start..<index]))
                    } else {
                        pending.append(contentsOf: raw[start..<index])
                        try pending.withUnsafeBytes { try body($0) }
                        pending.removeAll(keepingCapacity: true)
                    }
                    start = index + 1
                }
                pending.append(contentsOf: raw[start..<count])
            }
        }
        if !pending.isEmpty { try pending.withUnsafeBytes { try body($0) } }
    }

    /// The newest record of a file: its last readable line, read from the end.
    static func lastEntry(atPath path: String) -> JournalEntry? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let size = Int(lseek(fd, 0, SEEK_END))
        let decoder = JSONDecoder()
        var window = 16 << 10
        while true {
            let start = max(0, size - window)
            var bytes = [UInt8](repeating: 0, count: size - start)
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard count == bytes.count else { return nil }
            let lines = bytes.split(separator: 0x0A)
            // The first piece may be a cut line unless the window reached the file's start.
            for line in lines.reversed().dropLast(start > 0 ? 1 : 0) {
                if let entry = try? decoder.decode(JournalEntry.self, from: Data(line)) { return entry }
            }
            if start == 0 { return nil }
            window *= 4
        }
    }
}

// MARK: - Scanning a line

/// The fields of a journal line a rotation needs, found without decoding the line.
struct JournalLineFields: Equatable {
    /// Engine and ID: which decision the line is about.
    var key: String
    /// `held`, `sending`, `confirmed`, ….
    var outcome: String
    /// When the line was written, as written.
    var time: String

    /// Finds the fields in a line the console wrote (JSON with sorted keys); falls back to decoding.
    init?(_ line: UnsafeRawBufferPointer) {
        if let engine = Self.value(Self.engineMarker, in: line), let id = Self.value(Self.idMarker, in: line),
           let outcome = Self.value(Self.outcomeMarker, in: line), let time = Self.value(Self.timeMarker, in: line) {
            self.init(key: engine + "\u{0}" + id, outcome: outcome, time: time)
            return
        }
        guard let entry = try? JSONDecoder().decode(JournalEntry.self, from: Data(line)) else { return nil }
        self.init(key: entry.engine + "\u{0}" + entry.id, outcome: entry.outcome.rawValue,
                  time: Timestamp.format(entry.time))
    }

    /// Creates fields.
    init(key: String, outcome: String, time: String) {
        self.key = key
        self.outcome = outcome
        self.time = time
    }

    /// The raw text of a string member `"name":"…"` at the top level of an object line.
    ///
    /// A `"` inside a JSON string is always escaped, so `,"name":"` (or `{"name":"`) cannot occur
    /// inside one: the first such match is the member. Escapes in the value are kept as written
    /// (the value only has to tell decisions apart, and the encoder writes one way).
    static func value(of name: String, in line: UnsafeRawBufferPointer) -> String? {
        value(marker(name), in: line)
    }

    /// `"name":"` as bytes.
    static func marker(_ name: String) -> [UInt8] { Array("\"\(name)\":\"".utf8) }
    /// The marker of the `engine` member.
    static let engineMarker = marker("engine")
    /// The marker of the `id` member.
    static let idMarker = marker("id")
    /// The marker of the `outcome` member.
    static let outcomeMarker = marker("outcome")
    /// The marker of the `time` member.
    static let timeMarker = marker("time")

    /// The raw text of the member whose `"name":"` is `marker` (see ``value(of:in:)``).
    static func value(_ marker: [UInt8], in line: UnsafeRawBufferPointer) -> String? {
        guard line.count > marker.count else { return nil }
        var from = 0
        while from + marker.count <= line.count {
            guard let at = find(marker, in: line, from: from) else { return nil }
            if at > 0, line[at - 1] == UInt8(ascii: ",") || line[at - 1] == UInt8(ascii: "{") {
                var end = at + marker.count
                while end < line.count, line[end] != UInt8(ascii: "\"") {
                    end += line[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard end < line.count else { return nil }
                return String(decoding: UnsafeRawBufferPointer(rebasing: line[(at + marker.count)..<end]), as: UTF8.self)
            }
            from = at + 1
        }
        return nil
    }

    /// Where `needle` first occurs in `haystack` at or after `from`: `memchr` for its first byte, `memcmp` for the rest.
    static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = haystack.baseAddress, let head = needle.first else { return nil }
        var at = from
        while at + needle.count <= haystack.count {
            guard let hit = memchr(base + at, Int32(head), haystack.count - at - needle.count + 1) else { return nil }
            at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, needle, needle.count) == 0 { return at }
            at += 1
        }
        return nil
    }
}
