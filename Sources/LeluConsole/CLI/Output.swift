import Foundation
import ReviewModel
import LeluClient

// MARK: - Output

/// Writes lines to stdout and stderr, unbuffered (no `print` buffering to lose on `exit`).
enum Output {
    /// One line on stdout.
    static func line(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8))
    }

    /// One line on stderr, prefixed with the program name.
    static func error(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(("lelu-console: " + text + "\n").utf8))
    }
}

// MARK: - Formatting

/// Pure formatting of queue items for the scriptable commands.
enum QueueFormat {
    /// Oldest first; items without a timestamp last; ties by ID so the order is stable.
    static func sorted(_ items: [ReviewRequest]) -> [ReviewRequest] {
        items.sorted { a, b in
            switch (a.enqueuedAt, b.enqueuedAt) {
            case let (x?, y?) where x != y: return x < y
            case (.some, .none): return true
            case (.none, .some): return false
            default: return a.id < b.id
            }
        }
    }

    /// An engine's JSON object for a request with an `engine` key first holding its label
    /// (several engines); as it is with no label (one engine).
    static func tagged(_ object: String, engine: String) -> String {
        guard !engine.isEmpty, object.first == "{" else { return object }
        return "{\"engine\":\"\(engine)\"," + object.dropFirst()
    }

    /// Confidence as a whole percentage, `—` for "no signal".
    static func percent(_ confidence: Double) -> String {
        confidence <= 0 ? "—" : "\(Int((confidence * 100).rounded()))%"
    }

    /// An item's age at `now`, or `?` when the engine sent no timestamp.
    static func age(_ item: ReviewRequest, now: Date) -> String {
        item.enqueuedAt.map { AgeFormat.precise(now.timeIntervalSince($0)) } ?? "?"
    }

    /// The `list` table: a header and one row per item, every engine string cleaned.
    /// With several engines the first column is each row's ENGINE.
    static func table(_ items: [ReviewRequest], now: Date) -> [String] {
        let several = items.contains { !$0.engine.isEmpty }
        let header = (several ? ["ENGINE"] : []) + ["ID", "ACTION", "CONF", "ACTOR", "AGE"]
        let conf = several ? 3 : 2
        let rows = sorted(items).map { item in
            (several ? [item.engine] : []) + [
                SafeText.line(item.requestID, limit: 40),
                SafeText.line(item.action, limit: 32),
                percent(item.confidence),
                SafeText.line(item.actor, limit: 24),
                age(item, now: now),
            ]
        }
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], TextWidth.of(cell)) }
        }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : TextWidth.pad(cell, to: widths[i], alignRight: i == conf)
            }.joined(separator: "  ")
        }
    }

    /// The `show` view: one field per line, the reason and note wrapped as the engine sent them.
    static func detail(_ item: ReviewRequest, now: Date) -> [String] {
        var out: [String] = []
        func field(_ name: String, _ value: String) {
            out.append(TextWidth.pad(name + ":", to: 12) + " " + value)
        }
        if !item.engine.isEmpty { field("engine", item.engine) }
        field("id", SafeText.line(item.requestID, limit: 80))
        field("status", SafeText.line(item.status.description, limit: 40))
        field("action", SafeText.line(item.action, limit: 200))
        field("actor", SafeText.line(item.actor, limit: 200))
        if let v = item.actingFor { field("acting for", SafeText.line(v, limit: 200)) }
        if let v = item.tenantID { field("tenant", SafeText.line(v, limit: 200)) }
        field("confidence", item.confidence <= 0 ? "— (no signal)" : percent(item.confidence))
        if let at = item.enqueuedAt {
            field("enqueued", "\(Timestamp.format(at)) (\(age(item, now: now)) ago)")
        }
        for key in item.resource.keys.sorted() {
            field("resource", "\(SafeText.line(key, limit: 80)) = \(SafeText.line(item.resource[key] ?? "", limit: 400))")
        }
        if !item.reason.isEmpty {
            out.append("reason:")
            out += SafeText.lines(item.reason, limit: 4000).map { "  " + $0 }
        }
        if let at = item.resolvedAt { field("resolved", Timestamp.format(at)) }
        if let by = item.resolvedBy { field("resolved by", SafeText.line(by, limit: 200)) }
        if let note = item.resolutionNote, !note.isEmpty {
            out.append("note:")
            out += SafeText.lines(note, limit: 4000).map { "  " + $0 }
        }
        return out
    }
}
