import Foundation
import ReviewModel

// MARK: - Reading across files

extension Journal {
    /// Every readable record of every file, oldest archive first and the live file last.
    func readAll() -> [JournalEntry] {
        lock.lock()
        defer { lock.unlock() }
        let view = readingView()
        return (view.archives.map(\.path) + [view.live]).flatMap(JournalFile.entries(atPath:))
    }

    /// The files as a reader should see them: the archives and the file holding the live
    /// records. While a rotation a kill interrupted is not yet finished by a start, a committed
    /// one's live records are in its new live file (under its temporary name), and an uncommitted
    /// one's archives are left out (their records are still in the live file). Readers never write.
    func readingView() -> (archives: [(number: Int, path: String)], live: String) {
        var archives = archives()
        var live = path
        for rotation in interruptedRotations() {
            if rotation.committed {
                live = rotation.next
            } else {
                archives.removeAll { (rotation.first...rotation.last).contains($0.number) }
            }
        }
        return (archives, live)
    }

    /// The records that can be newer than `cutoff` (all of them when nil), in file order.
    ///
    /// Archives are read newest first and only while their last record is newer than the
    /// cutoff: an archive's records are all older than the next one's own (carried records
    /// are older still, and sit in the newer file), so the first archive that ends before the
    /// cutoff ends the search. `history --since 1h` reads the live file and at most one archive.
    package func records(since cutoff: Date?) -> [JournalEntry] {
        lock.lock()
        defer { lock.unlock() }
        let view = readingView()
        var files: [String] = []
        for archive in view.archives.reversed() {
            if let cutoff, let last = JournalFile.lastEntry(atPath: archive.path), last.time < cutoff { break }
            files.append(archive.path)
        }
        let paths = files.reversed() + [view.live]
        guard let cutoff else { return paths.flatMap(JournalFile.entries(atPath:)) }
        return paths.flatMap { JournalFile.entries(atPath: $0, since: cutoff) }
    }

    /// Up to `limit` of an engine's decisions older than `cursor` (from the newest when nil),
    /// newest record per ID, newest first, for the History tab.
    ///
    /// Files are read newest first, skipping those whose first record is not older than the
    /// cursor. A row is returned only when it is newer than every record of the files not read
    /// (their newest is the next file's last line): a carried record in a newer file can be older
    /// than records in an archive not read yet. Reading stops once `limit` such rows are found.
    func page(engine: String, after cursor: HistoryCursor?, limit: Int) -> HistoryPage {
        lock.lock()
        defer { lock.unlock() }
        let view = readingView()
        let files = [view.live] + view.archives.reversed().map(\.path)
        var newest: [String: JournalEntry] = [:]
        var horizon: Date?
        for (index, file) in files.enumerated() {
            let skip = cursor.map { cursor in JournalFile.firstEntry(atPath: file).map { !cursor.precedes($0) } ?? true }
            if skip != true {
                for entry in JournalFile.entries(atPath: file) where engine.isEmpty || entry.engine == engine {
                    guard cursor?.precedes(entry) ?? true else { continue }
                    // Every engine's records (engine ""): the same ID on two engines is two decisions.
                    let key = engine.isEmpty ? entry.engine + "\u{0}" + entry.id : entry.id
                    if let seen = newest[key], seen.time > entry.time { continue }
                    newest[key] = entry
                }
            }
            horizon = index + 1 < files.count ? JournalFile.lastEntry(atPath: files[index + 1])?.time ?? .distantPast : nil
            let known = horizon
            if newest.values.count(where: { entry in known.map { entry.time > $0 } ?? true }) >= limit { break }
        }
        let known = horizon
        let rows = newest.values.filter { entry in known.map { entry.time > $0 } ?? true }
            .sorted { $0.time != $1.time ? $0.time > $1.time : $0.id < $1.id }
        return HistoryPage(rows: Array(rows.prefix(limit)), exhausted: horizon == nil && rows.count <= limit)
    }
}

extension JournalFile {
    /// The oldest record of a file: its first readable line.
    static func firstEntry(atPath path: String) -> JournalEntry? {
        var first: JournalEntry?
        let decoder = JSONDecoder()
        struct Found: Error {}
        try? forEachLine(atPath: path) { line in
            if let entry = try? decoder.decode(JournalEntry.self, from: Data(line)) {
                first = entry
                throw Found()
            }
        }
        return first
    }
}
