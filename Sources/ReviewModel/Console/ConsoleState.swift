import Foundation

// MARK: - ConsoleState

/// The whole console as a value: what the reducer changes and `render` draws.
public struct ConsoleState: Equatable, Sendable {
    // MARK: Settings

    /// How the engine is named on screen (host:port, never the key).
    public var engineLabel: String
    /// Sent as `resolved_by`.
    public var reviewer: String
    /// Seconds between polls.
    public var pollInterval: TimeInterval
    /// The engine's list cap; a full list says so in the header.
    public var engineListLimit = 50
    /// How long a new row stays highlighted.
    public var newRowHighlight: TimeInterval = 3
    /// Ages beyond this are coloured as a warning.
    public var warnAfter: TimeInterval = 60
    /// Ages beyond this are coloured as critical: the agent is about to give up.
    public var criticalAfter: TimeInterval = 300
    /// The keys.
    public var keymap = Keymap.standard

    // MARK: Clock and screen

    /// The injected clock: the time of the last event that carried one.
    public var now: Date
    /// The terminal size.
    public var size: Size

    // MARK: Queue

    /// Pending requests by ID, as last polled.
    public var items: [String: ReviewRequest] = [:]
    /// The IDs in display order (sorted on the client: the engine's order is random).
    public var order: [String] = []
    /// When each ID was first seen, for the new-row highlight.
    public var firstSeen: [String: Date] = [:]
    /// Decisions sent and not yet answered, by ID.
    public var inFlight: [String: Decision] = [:]
    /// IDs we resolved: hidden even if a lagging engine still lists them.
    public var resolved: Set<String> = []
    /// How rows are ordered.
    public var sort = SortOrder.age

    // MARK: Selection and view

    /// The selected request's ID: selection follows identity, not position.
    public var cursorID: String?
    /// The first table row shown.
    public var scrollTop = 0
    /// Whether the detail pane is open.
    public var showDetail = false
    /// What has the keyboard.
    public var mode = Mode.queue

    // MARK: Engine connection

    /// Connection health as the header shows it.
    public var connection = Connection.connecting
    /// When the last poll succeeded.
    public var lastGoodPoll: Date?
    /// Whether a poll is out.
    public var pollInFlight = false
    /// When the next poll is due.
    public var nextPollAt: Date?
    /// Consecutive failed polls (for backoff).
    public var failedPolls = 0
    /// Malformed or duplicate items the last poll skipped.
    public var skippedItems = 0
    /// How many items the engine returned last time (before our own filtering).
    public var lastListCount = 0

    // MARK: Messages

    /// The status line.
    public var status: StatusMessage?
    /// Set once quitting has begun.
    public var quitting = false

    /// A console with nothing polled yet.
    public init(engineLabel: String, reviewer: String, pollInterval: TimeInterval = 1, now: Date, size: Size) {
        self.engineLabel = engineLabel
        self.reviewer = reviewer
        self.pollInterval = pollInterval
        self.now = now
        self.size = size
    }

    /// The selected request, if any.
    public var selected: ReviewRequest? { cursorID.flatMap { items[$0] } }

    /// The selected row's index in `order`.
    public var cursorIndex: Int? { cursorID.flatMap { order.firstIndex(of: $0) } }
}

// MARK: - Supporting types

/// What has the keyboard.
public enum Mode: Equatable, Sendable {
    /// The queue table.
    case queue
    /// The help overlay.
    case help
    /// The one-line note editor for a decision.
    case note(NoteEditor)
}

/// A one-line text editor for a decision's note.
public struct NoteEditor: Equatable, Sendable {
    /// The decision the note goes with.
    public var decision: Decision
    /// The request it is for.
    public var requestID: String
    /// The text so far.
    public var text: [Character] = []
    /// The insertion point, 0...text.count.
    public var cursor = 0

    /// Creates an empty editor.
    public init(decision: Decision, requestID: String) {
        self.decision = decision
        self.requestID = requestID
    }
}

/// How the header describes the engine connection.
public enum Connection: Equatable, Sendable {
    /// No answer yet.
    case connecting
    /// The last poll succeeded.
    case connected
    /// Polls fail; retrying.
    case reconnecting(reason: String)
    /// The key is wrong or missing.
    case unauthorized
    /// The engine has no key configured.
    case misconfigured
}

/// A line for the status bar.
public struct StatusMessage: Equatable, Sendable {
    /// How the line is coloured.
    public enum Kind: Equatable, Sendable { case info, success, error }
    /// The text (already safe: built from sanitized parts).
    public var text: String
    /// Its colour.
    public var kind: Kind
    /// When it was set.
    public var at: Date

    /// Creates a message.
    public init(_ text: String, kind: Kind, at: Date) {
        self.text = text
        self.kind = kind
        self.at = at
    }
}

/// How the table is ordered; ties break by enqueued time, then ID.
public enum SortOrder: String, Equatable, Sendable, CaseIterable {
    /// Oldest first: the agent that has waited longest is on top.
    case age
    /// Lowest confidence first.
    case confidence
    /// By action name.
    case action
    /// By actor name.
    case actor
}
