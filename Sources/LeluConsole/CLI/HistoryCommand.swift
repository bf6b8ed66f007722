import ArgumentParser
import Foundation
import ReviewModel
import LeluClient
import ConsoleRuntime

// MARK: - history

/// `lelu-console history`: what this reviewer decided, and whether it stuck.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print the decision journal: each decision's latest outcome, newest first."
    )

    @Flag(name: .long, help: "Print the records as JSON Lines.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Only decisions newer than this, e.g. 30m, 2h, 7d.", valueName: "DURATION"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only decisions on this actor's requests (exact name).", valueName: "NAME"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Only decisions on this action (exact name).", valueName: "NAME"))
    var action: String?

    @Option(name: .long, help: ArgumentHelp(
        "Only decisions on these engines of config.toml's [engines.NAME], comma-separated (as journalled).", valueName: "NAMES"))
    var engines: String?

    @Flag(name: .long, help: "Print every record (each outcome change), oldest first, instead of the latest per decision.")
    var all = false

    @Option(name: .long, help: ArgumentHelp(
        "The decision journal's live file (default $XDG_STATE_HOME/lelu-console/decisions.jsonl); its archives decisions.NNNNNN.jsonl beside it are read too.",
        valueName: "PATH"))
    var journal: String?

    func validate() throws {
        if let since, parseDuration(since) == nil {
            throw ValidationError("--since takes a duration like 90s, 30m, 2h or 7d")
        }
    }

    func run() throws {
        let labels = engines.map { Set(EngineLink.names($0)) }
        let cutoff = since.flatMap(parseDuration).map { Date().addingTimeInterval(-$0) }
        // Only the files that can hold records newer than the cutoff are read (the live file and archives).
        let records = Journal(path: journal ?? Journal.defaultPath()).records(since: cutoff)
            .filter { (actor == nil || $0.actor == actor) && (action == nil || $0.action == action) }
            .filter { entry in labels.map { entry.label.map($0.contains) ?? false } ?? true }
        let shown = all ? records.sorted { $0.time < $1.time } : JournalEntry.latest(records)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for entry in shown {
                guard let data = try? encoder.encode(entry) else { continue }
                Output.line(WireFormat.jsonSafe(String(decoding: data, as: UTF8.self)))
            }
            return
        }
        guard !shown.isEmpty else {
            let which = [actor.map { "actor \(SafeText.line($0, limit: 60))" },
                         action.map { "action \(SafeText.line($0, limit: 60))" }].compactMap { $0 }.joined(separator: ", ")
            Output.line("no decisions recorded" + (which.isEmpty ? "" : " for " + which)
                + (cutoff == nil ? "" : " since \(since ?? "")"))
            return
        }
        for entry in shown {
            let time = Timestamp.format(entry.time, fractionDigits: 0)
            let fields = [
                time, entry.decision.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0),
                String(entry.id.prefix(8)), SafeText.line(entry.action, limit: 40),
                SafeText.line(entry.outcomeText, limit: 120),
                "(" + (entry.label.map { "\(SafeText.line($0, limit: 16)) · " } ?? "") + "\(SafeText.line(entry.engine, limit: 60)))",
            ]
            Output.line(fields.joined(separator: "  "))
        }
        if actor != nil || action != nil, !all {
            // The tally a script wants, on stderr so stdout stays one line per decision.
            let confirmed = shown.filter { $0.outcome == .confirmed }
            let approved = confirmed.count(where: { $0.decision == .approve })
            Output.error("\(count: approved) approved, \(count: confirmed.count - approved) denied"
                + " (confirmed, this machine's journal)")
        }
    }
}

/// Parses `90s`, `30m`, `2h`, `7d` (or plain seconds) into seconds.
func parseDuration(_ text: String) -> TimeInterval? {
    let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    guard let last = text.last else { return nil }
    if let unit = units[last], let value = Double(text.dropLast()), value >= 0 { return value * unit }
    if let value = Double(text), value >= 0 { return value }
    return nil
}
