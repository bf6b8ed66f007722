import Foundation

// MARK: - ConsoleState

/// The whole console as a value: what the reducer changes and `render` draws.
public struct ConsoleState: Equatable, Sendable {
    // MARK: Settings

    /// How the engine is named on screen (host:port, never the key).
    public var engineLabel: String
    /// The engine's URL, as the journal records it.
    public var engineURL: String
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
    /// Seconds a decision is held (and can be taken back with `u`) before it is sent; 0 sends at once.
    public var undoWindow: TimeInterval = 3
    /// Which single decisions ask y/N first (bulk decisions always ask).
    public var confirmPolicy = ConfirmPolicy.none
    /// Ring the bell when a request arrives while the queue was empty.
    public var bell = false
    /// Only these tenants are shown (empty: all).
    public var tenants: Set<String> = []
    /// Decisions sent at once, at most.
    public var maxInFlight = 8
    /// Whether a reviewer key (`X-Lelu-Reviewer-Key`) is configured; the key itself never enters the state.
    public var hasReviewerKey = false

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
    /// Decisions held in the undo window, oldest first.
    public var held: DecisionQueue = []
    /// Decisions due to be sent, waiting for a free slot.
    public var outbox: DecisionQueue = []
    /// Decisions sent and not yet answered, by ID.
    public var inFlight: [String: PendingDecision] = [:]
    /// Conflicts waiting for the engine to say who resolved them.
    public var conflicts: [String: PendingDecision] = [:]
    /// Conflicts whose lookup failed transiently, asked again after the next good poll.
    public var conflictRefetch: Set<String> = []
    /// Decisions whose send failed transiently, waiting for their retry time.
    public var retrying: DecisionQueue = []
    /// Decisions a previous session left unsent, being checked against the engine.
    public var recovering: [String: PendingDecision] = [:]
    /// Recovered decisions whose check is under way.
    public var recoveryAsked: Set<String> = []
    /// Bulk decisions being reported, by batch number.
    public var batches: [Int: BatchReport] = [:]
    /// The next batch number.
    public var nextBatch = 1
    /// The batch whose undo countdown the status line shows.
    public var countdownBatch: Int?
    /// Marked request IDs (marks on rows that leave drop away).
    public var marks: Set<String> = []
    /// The incremental filter's text; empty shows everything.
    public var filter = ""
    /// IDs we resolved: hidden even if a lagging engine still lists them.
    public var resolved: Set<String> = []
    /// How rows are ordered.
    public var sort = SortOrder.age
    /// Whether the order is reversed.
    public var sortReversed = false
    /// Each pending request's searchable text, folded once per poll (kept with `items`).
    var searchKeys: [String: SearchKey] = [:]
    /// The shown order with each row's search key, so a filter keystroke reads keys by position
    /// instead of hashing every ID (derived; valid while its order equals `order`).
    var keyedOrder = KeyedOrder()
    /// What `order` was last computed from in full; nil when it may not be exactly the sorted
    /// shown requests, so the next poll sorts everything again.
    var orderBasis: OrderBasis?

    // MARK: Selection and view

    /// The selected request's ID: selection follows identity, not position.
    public var cursorID: String?
    /// The first table row shown.
    public var scrollTop = 0
    /// Whether the detail pane is open.
    public var showDetail = false
    /// What has the keyboard.
    public var mode = Mode.queue
    /// Queue or History.
    public var view = View.queue
    /// The first help line shown (the help scrolls on small terminals).
    public var helpScroll = 0
    /// This engine's decisions, newest record per ID, newest first.
    public var history: DecisionHistory = []
    /// The selected history row.
    public var historyCursor = 0
    /// The selected history item as the engine has it now, once fetched.
    public var historyItem: ReviewRequest?

    // MARK: Engine connection

    /// Connection health as the header shows it.
    public var connection = Connection.connecting
    /// Which engine this is, once probed.
    public var engineProfile: EngineProfile?
    /// Whether a probe is out.
    public var probing = false
    /// The name the engine records for us when our reviewer key names us (from a receipt).
    public var credentialName: String?
    /// Set when the engine refused a decision for want of a valid reviewer key (it said 403).
    public var reviewerKeyRefused: EngineError?
    /// When the last poll succeeded.
    public var lastGoodPoll: Date?
    /// Whether a poll is out.
    public var pollInFlight = false
    /// When the poll that is out was sent (a poll over 2 s shows "slow").
    public var pollStartedAt: Date?
    /// When the next poll is due.
    public var nextPollAt: Date?
    /// Consecutive failed polls (for backoff).
    public var failedPolls = 0
    /// Malformed or duplicate items the last poll skipped.
    public var skippedItems = 0
    /// How many items the engine returned last time (before our own filtering).
    public var lastListCount = 0
    /// The current engine's `total` on the last poll (nil from the July engine, which has none).
    public var engineTotal: Int?

    // MARK: Messages

    /// The status line.
    public var status: StatusMessage?
    /// Set once quitting has begun (held decisions are being sent first).
    public var quitting = false

    /// A console with nothing polled yet.
    public init(engineLabel: String, engineURL: String? = nil, reviewer: String, pollInterval: TimeInterval = 1,
                now: Date, size: Size) {
        self.engineLabel = engineLabel
        self.engineURL = engineURL ?? engineLabel
        self.reviewer = reviewer
        self.pollInterval = pollInterval
        self.now = now
        self.size = size
    }

    /// The selected request, if any.
    public var selected: ReviewRequest? { cursorID.flatMap { items[$0] } }

    /// The selected row's index in `order`.
    public var cursorIndex: Int? { cursorID.flatMap { position(of: $0, in: order) } }

    /// The decision pending for a request (held, queued or in flight), if any.
    public func pendingDecision(_ id: String) -> PendingDecision? {
        inFlight[id] ?? held.first(withID: id) ?? outbox.first(withID: id) ?? retrying.first(withID: id)
            ?? recovering[id]
    }

    /// Where `id` is in `order` (an order of these items): found by binary search, since
    /// orders are sorted, and checked; a scan when the order is not sorted as it claims.
    func position(of id: String, in order: [String]) -> Int? {
        if let item = items[id] {
            var low = 0
            var high = order.count
            var sorted = true
            while low < high {
                let mid = (low + high) / 2
                guard let other = items[order[mid]] else {
                    sorted = false
                    break
                }
                if sortsBefore(other, item, by: sort, reversed: sortReversed) { low = mid + 1 } else { high = mid }
            }
            if sorted, low < order.count, order[low] == id { return low }
        }
        return order.firstIndex(of: id)
    }

    /// Whether the engine's `resolved_by` names this console's reviewer: the name we send, or the
    /// name our reviewer key gave us on an earlier receipt.
    public func isOwnName(_ name: String?) -> Bool {
        guard let name else { return false }
        return name == reviewer || name == credentialName
    }

    /// Decisions not yet answered by the engine.
    public var unsentCount: Int { held.count + outbox.count + inFlight.count + retrying.count + recovering.count }
}

// MARK: - Supporting types

/// What a display order is computed from: when these are unchanged, a poll that changes no
/// request can keep the order and merge in arrivals instead of sorting everything.
struct OrderBasis: Equatable, Sendable {
    var filter: String
    var tenants: Set<String>
    var sort: SortOrder
    var reversed: Bool

    /// The inputs of a state's order as they are now.
    init(_ state: ConsoleState) {
        filter = state.filter
        tenants = state.tenants
        sort = state.sort
        reversed = state.sortReversed
    }
}

/// What has the keyboard.
public enum Mode: Equatable, Sendable {
    /// The queue table.
    case queue
    /// The help overlay.
    case help
    /// The one-line note editor for a decision (for the marked rows when `requestID` is nil).
    case note(NoteEditor)
    /// Typing the incremental filter.
    case filter
    /// A y/N question; anything but `y` cancels.
    case confirm(Confirmation)
}

/// The two screens.
public enum View: Equatable, Sendable {
    case queue
    case history
}

/// Which single decisions ask first.
public enum ConfirmPolicy: String, Equatable, Sendable, CaseIterable {
    case none, approve, deny, both

    /// Whether a single decision of this kind asks first.
    public func asks(for decision: Decision) -> Bool {
        switch self {
        case .none: false
        case .both: true
        case .approve: decision == .approve
        case .deny: decision == .deny
        }
    }
}

/// A decision waiting for a y/N answer.
public struct Confirmation: Equatable, Sendable {
    /// Approve or deny.
    public var decision: Decision
    /// The requests it applies to.
    public var ids: [String]
    /// How many of them the filter hides.
    public var hidden: Int
    /// The note for all of them.
    public var note: String
}

/// A decision between the keystroke and the engine's answer.
public struct PendingDecision: Equatable, Sendable {
    public var id: String
    public var decision: Decision
    public var note: String
    /// When the undo window closes.
    public var due: Date
    /// Which batch (one keystroke) it belongs to.
    public var batch: Int
    /// The request as it was when decided (it may leave the queue meanwhile).
    public var action: String
    public var actor: String
    public var confidence: Double
    /// For a conflict: the status the engine said it already had.
    public var conflictStatus: ReviewStatus? = nil
    /// Sends tried so far.
    public var attempts = 0
    /// When a failed send is tried again.
    public var retryAt: Date? = nil
    /// Why the last send failed.
    public var lastError: String? = nil
    /// Failed attempts to learn who resolved a conflict.
    public var fetchAttempts = 0

    /// Creates a pending decision.
    public init(id: String, decision: Decision, note: String, due: Date, batch: Int, action: String, actor: String,
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
    public init(recovering entry: JournalEntry, now: Date) {
        self.init(id: entry.id, decision: entry.decision, note: entry.note, due: now, batch: 0,
                  action: entry.action, actor: entry.actor, confidence: entry.confidence)
    }
}

/// The tally of one bulk decision, reported when every answer is in.
public struct BatchReport: Equatable, Sendable {
    public var decision: Decision
    public var total: Int
    public var confirmed = 0
    /// "denied by oncall@ops-2" per conflict.
    public var conflicts: [String] = []
    public var gone = 0
    /// Requests that expired without a decision before ours reached the engine.
    public var expired = 0
    public var failed = 0
    public var undone = 0

    /// Answers received so far.
    public var answered: Int { confirmed + conflicts.count + gone + expired + failed + undone }
}

/// A one-line text editor for a decision's note.
public struct NoteEditor: Equatable, Sendable {
    /// The decision the note goes with.
    public var decision: Decision
    /// The requests it is for.
    public var requestIDs: [String]
    /// The text so far.
    public var text: [Character] = []
    /// The insertion point, 0...text.count.
    public var cursor = 0

    /// Creates an empty editor.
    public init(decision: Decision, requestIDs: [String]) {
        self.decision = decision
        self.requestIDs = requestIDs
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
