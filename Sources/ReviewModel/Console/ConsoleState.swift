import Foundation

// MARK: - ConsoleState

/// The whole console as a value: what the reducer changes and `render` draws.
package struct ConsoleState: Equatable, Sendable {
    // MARK: Settings

    /// How the engine is named on screen (host:port, never the key).
    var engineLabel: String
    /// The engine's URL, as the journal records it.
    package var engineURL: String
    /// Sent as `resolved_by`.
    package var reviewer: String
    /// Seconds between polls.
    var pollInterval: TimeInterval
    /// How long a new row stays highlighted.
    /// Ages beyond this are coloured as a warning.
    var warnAfter = ConsoleDefaults.warnAfter
    /// Ages beyond this are coloured as critical: the agent is about to give up.
    var criticalAfter = ConsoleDefaults.criticalAfter
    /// The keys.
    var keymap = Keymap.standard
    /// Seconds a decision is held (and can be taken back with `u`) before it is sent; 0 sends at once.
    var undoWindow = ConsoleDefaults.undoWindow
    /// Which single decisions ask y/N first (bulk decisions always ask).
    var confirmPolicy = ConsoleDefaults.confirm
    /// Ring the bell when a request arrives while the queue was empty.
    var bell = false
    /// Only these tenants are shown (empty: all).
    var tenants: Set<String> = []
    /// Canned reasons the note editor offers (`Tab`, `S-Tab`, or 1–9 on an empty note).
    var reasons: [String] = []
    /// Which decisions need a note: their key opens the note editor instead of deciding.
    var requireNote = NoteRequirement.none

    // MARK: Clock and screen

    /// The injected clock: the time of the last event that carried one.
    package var now: Date
    /// The terminal size.
    package var size: Size

    // MARK: Queue

    /// The pending requests as the reviewer sees them: rows, order, cursor, marks, filter, sort.
    package var table = QueueTable()
    /// How the table is kept true to the engine: pages, whole-queue reads, checks.
    package var sync = QueueSync()
    /// Every decision between the key and the engine's answer.
    var pipeline = DecisionPipeline()
    /// The decision history screen's rows and position.
    var historyView = HistoryView()
    /// This reviewer's earlier decisions on this engine from this machine's journal (the detail
    /// pane's "You decided"); read after the first frame when a journal is kept.
    package var record = ReviewerRecord()
    /// What the console knows of the engine: which API, the reviewer key's standing.
    var engineFacts = EngineFacts()
    /// The engines beside this one when the console watches several (empty with one).
    package var engines = EngineSet()
    /// What happened to the queue during the current event (for `watch` and notifications).
    package var feed = QueueFeed()
    /// Whether the reviewer is looking, and how to tell them about arrivals when not.
    var attention = Attention()

    // MARK: Selection and view

    /// Whether the detail pane is open.
    var showDetail = false
    /// What has the keyboard.
    var mode = Mode.queue
    /// Queue or History.
    var view = View.queue
    /// The first help line shown (the help scrolls on small terminals).
    var helpScroll = 0



    // MARK: Messages

    /// The status line.
    var status: StatusMessage?
    /// Set once quitting has begun (held decisions are being sent first).
    var quitting = false

    /// A console with nothing polled yet; `hasReviewerKey` when the client holds a reviewer key.
    package init(engineLabel: String, engineURL: String? = nil, reviewer: String, hasReviewerKey: Bool = false,
                 pollInterval: TimeInterval = ConsoleDefaults.interval, now: Date, size: Size) {
        self.engineLabel = engineLabel
        self.engineURL = engineURL ?? engineLabel
        self.reviewer = reviewer
        self.engineFacts.hasReviewerKey = hasReviewerKey
        self.pollInterval = pollInterval
        self.now = now
        self.size = size
    }

    /// The selected request, if any.
    var selected: ReviewRequest? { table.selected }

    /// The selected row's index in `order`.
    var cursorIndex: Int? { table.cursorIndex }

    /// How many table rows the screen shows (what the table scrolls by).
    var tableRows: Int { max(1, Layout(size: size, showDetail: showDetail).table.height) }

    /// The decision pending for a request (held, queued or in flight), if any.
    func pendingDecision(_ id: String) -> PendingDecision? {
        pipeline.pendingDecision(id)
    }

    /// Whether the engine's `resolved_by` names this console's reviewer: the name we send, or the
    /// name our reviewer key gave us on an earlier receipt.
    func isOwnName(_ name: String?) -> Bool {
        guard let name else { return false }
        return name == reviewer || name == engineFacts.credentialName
    }

    /// Decisions not yet answered by the engine.
    package var unsentCount: Int { pipeline.unsentCount }

    // MARK: - Seen from outside (headless drivers and the benchmarks)

    /// Decisions out on the wire now.
    package var decisionsInFlight: Int { pipeline.inFlight.count }

    /// Rows the History tab holds.
    package var historyRowCount: Int { historyView.entries.count }

    /// Whether the History tab is still being opened (an earlier version's journal taken over).
    package var historyOpening: Bool { historyView.opening }

    /// Takes the engine's list cap as known before the first poll (an engine that lists more
    /// than the usual 50 at once).
    package mutating func knowListLimit(_ limit: Int) { engineFacts.listLimit = limit }
}

// MARK: - Supporting types

/// What a display order is computed from: when these are unchanged, a poll that changes no
/// request can keep the order and merge in arrivals instead of sorting everything.
struct OrderBasis: Equatable, Sendable {
    var filter: String
    var tenants: Set<String>
    var sort: SortOrder
    var reversed: Bool
}

/// Which single decisions ask first.
package enum ConfirmPolicy: String, Equatable, Sendable, CaseIterable {
    case none, approve, deny, both

    /// Whether a single decision of this kind asks first.
    func asks(for decision: Decision) -> Bool {
        switch self {
        case .none: false
        case .both: true
        case .approve: decision == .approve
        case .deny: decision == .deny
        }
    }
}

/// A decision waiting for a y/N answer.
struct Confirmation: Equatable, Sendable {
    /// Approve or deny.
    var decision: Decision
    /// The requests it applies to.
    var ids: [String]
    /// How many of them the filter hides.
    var hidden: Int
    /// The note for all of them.
    var note: String
    /// Decisions a crashed session left unsent long ago, still pending on the engine: `y` sends them.
    var resend: [PendingDecision] = []
    /// The question for `resend`, written when it is asked.
    var prompt: ScreenText? = nil
}

/// A decision between the keystroke and the engine's answer.
package struct PendingDecision: Equatable, Sendable {
    var id: String
    var decision: Decision
    var note: String
    /// When the undo window closes.
    var due: Date
    /// Which batch (one keystroke) it belongs to.
    var batch: Int
    /// For a decision a crashed session left unsent too long ago to send unasked: when it was journaled.
    var leftAt: Date? = nil
    /// The request as it was when decided (it may leave the queue meanwhile).
    var action: String
    var actor: String
    var confidence: Double
    /// For a conflict: the status the engine said it already had.
    var conflictStatus: ReviewStatus? = nil
    /// Sends tried so far.
    var attempts = 0
    /// When a failed send is tried again.
    var retryAt: Date? = nil
    /// Why the last send failed.
    var lastError: String? = nil
    /// Failed attempts to learn who resolved a conflict.
    var fetchAttempts = 0

    /// Creates a pending decision.
    init(id: String, decision: Decision, note: String, due: Date, batch: Int, action: String, actor: String,
                confidence: Double) {
        self.id = id
        self.decision = decision
        self.note = note
        self.due = due
        self.batch = batch
        self.action = action
        self.actor = actor
        self.confidence = confidence
    }

    /// A decision a previous session journaled but never saw answered.
    init(recovering entry: JournalEntry, now: Date) {
        self.init(id: entry.id, decision: entry.decision, note: entry.note, due: now, batch: 0,
                  action: entry.action, actor: entry.actor, confidence: entry.confidence)
    }
}

/// The tally of one bulk decision, reported when every answer is in.
struct BatchReport: Equatable, Sendable {
    var decision: Decision
    var total: Int
    var confirmed = 0
    /// "denied by oncall@ops-2" per conflict.
    var conflicts: [String] = []
    var gone = 0
    /// Requests that expired without a decision before ours reached the engine.
    var expired = 0
    var failed = 0
    var undone = 0

    /// Answers received so far.
    var answered: Int { confirmed + conflicts.count + gone + expired + failed + undone }
}

/// A one-line text editor for a decision's note.
struct NoteEditor: Equatable, Sendable {
    /// The decision the note goes with.
    var decision: Decision
    /// The requests it is for.
    var requestIDs: [String]
    /// The text so far.
    var text: [Character] = []
    /// The insertion point, 0...text.count.
    var cursor = 0
    /// The canned reason last filled in by `Tab`/`S-Tab`, if the text is still it.
    var reason: Int?
    /// Whether the last key tried to send an empty note that is required (the prompt says so).
    var refusedEmpty = false

    /// Creates an empty editor.
    init(decision: Decision, requestIDs: [String]) {
        self.decision = decision
        self.requestIDs = requestIDs
    }
}

/// How the header describes the engine connection.
package enum Connection: Equatable, Sendable {
    /// No answer yet.
    case connecting
    /// The last poll succeeded.
    case connected
    /// Polls fail; retrying. The error says what failed (the network, the engine, its store).
    case reconnecting(EngineError)
    /// The key is wrong or missing.
    case unauthorized
    /// The engine has no key configured.
    case misconfigured
}

/// A line for the status bar.
struct StatusMessage: Equatable, Sendable {
    /// How the line is coloured.
    enum Kind: Equatable, Sendable { case info, success, error }
    /// The line: the console's own words and quoted text (action names, reviewers, engine messages).
    var line: ScreenText
    /// Its colour.
    var kind: Kind
    /// When it was set.
    var at: Date
    /// Whether the line is about the engine not answering, so it goes once a read succeeds again.
    var clearsWhenConnected = false

    /// The line as one string, for tests and logs.
    var text: String { line.description }

    /// Creates a message.
    init(_ line: ScreenText, kind: Kind, at: Date) {
        self.line = line
        self.kind = kind
        self.at = at
    }
}

/// How the table is ordered; ties break by enqueued time, then ID.
enum SortOrder: String, Equatable, Sendable, CaseIterable {
    /// Oldest first: the agent that has waited longest is on top.
    case age
    /// Lowest confidence first.
    case confidence
    /// By action name.
    case action
    /// By actor name.
    case actor
}
