import Foundation

// MARK: - Pages of history

/// Where a page of older history starts: strictly after this row in newest-first order
/// (older than `time`, or as old with a greater ID).
package struct HistoryCursor: Equatable, Sendable {
    /// The oldest shown row's time.
    var time: Date
    /// The oldest shown row's ID (ties in time are ordered by ID).
    var id: String

    /// Creates a cursor.
    init(time: Date, id: String) {
        self.time = time
        self.id = id
    }

    /// Whether a record comes after the cursor in newest-first order.
    package func precedes(_ entry: JournalEntry) -> Bool {
        entry.time < time || (entry.time == time && entry.id > id)
    }
}

/// Older decisions read from the journal's files for the History tab.
package struct HistoryPage: Equatable, Sendable {
    /// The newest record per decision, newest first, all after the cursor asked for.
    var rows: [JournalEntry]
    /// Whether nothing older is left in the journal.
    var exhausted: Bool

    /// Creates a page.
    package init(rows: [JournalEntry], exhausted: Bool) {
        self.rows = rows
        self.exhausted = exhausted
    }
}
