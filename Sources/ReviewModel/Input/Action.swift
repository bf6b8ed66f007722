// MARK: - Action

/// Every user-visible action: one table, from which keymaps, footers, help and every key name
/// in a message are built.
package enum Action: String, CaseIterable, Hashable, Sendable {
    // Decisions come first: the footer lists actions in this order.
    case approve
    case deny
    case approveWithNote = "approve-with-note"
    case denyWithNote = "deny-with-note"
    case undo
    case mark
    case markAll = "mark-all"
    case markSimilar = "mark-similar"
    case clearMarks = "clear-marks"
    case filter
    case cycleSort = "sort"
    case reverseSort = "reverse-sort"
    case switchView = "switch-view"
    case moveDown = "move-down"
    case moveUp = "move-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case first
    case last
    case toggleDetail = "toggle-detail"
    case refresh
    case help
    case quit
    // Keys of the prompts (note editor, filter, confirmation, help): a keymap context of their own.
    case send
    case cancel
    case clearText = "clear-text"
    case nextReason = "next-reason"
    case previousReason = "previous-reason"
    case cursorLeft = "cursor-left"
    case cursorRight = "cursor-right"
    case yes

    /// One row of the table.
    struct Row: Sendable {
        /// The help screen's group (and, for `.prompt`, the keymap context).
        var group: ActionGroup
        /// A short label for footers.
        var label: String
        /// One sentence for the help screen.
        var help: String
        /// The queue footer's order (decisions, undo and quit first, so they survive a narrow
        /// terminal); nil for actions only help lists.
        var footerRank: Int?
        /// The screen the action opens, for actions that only open one (help): the queue and the
        /// history open it without a case of their own.
        var opens: Mode?
    }

    /// The action's row.
    var row: Row { Self.row(of: self) }

    /// The group the help screen lists the action under.
    var group: ActionGroup { row.group }
    /// A short label for footers.
    var label: String { row.label }
    /// One sentence for the help screen.
    var help: String { row.help }
    /// The queue footer's order; nil when only help lists the action.
    var footerRank: Int? { row.footerRank }
    /// Whether the queue footer shows the action.
    var inFooter: Bool { footerRank != nil }
    /// Whether the action belongs to the prompts' keymap context rather than the screens'.
    var isPrompt: Bool { group == .prompt }

    /// The table: one row per action, a `switch` so an action without a row does not compile.
    static func row(of action: Action) -> Row {
        switch action {
        case .moveDown: Row(group: .navigate, label: "down", help: "Select the next request")
        case .moveUp: Row(group: .navigate, label: "up", help: "Select the previous request")
        case .pageDown: Row(group: .navigate, label: "page down", help: "Move one page down")
        case .pageUp: Row(group: .navigate, label: "page up", help: "Move one page up")
        case .first: Row(group: .navigate, label: "first", help: "Select the first request")
        case .last: Row(group: .navigate, label: "last", help: "Select the last request")
        case .approve: Row(group: .decide, label: "approve", help: "Approve the selected request", footerRank: 0)
        case .deny: Row(group: .decide, label: "deny", help: "Deny the selected request", footerRank: 1)
        case .approveWithNote: Row(group: .decide, label: "approve+note", help: "Approve with a note for the record", footerRank: 2)
        case .denyWithNote: Row(group: .decide, label: "deny+note", help: "Deny with a note for the record", footerRank: 3)
        case .undo: Row(group: .decide, label: "undo", help: "Take back the most recent decision still in the undo window", footerRank: 4)
        case .mark: Row(group: .mark, label: "mark", help: "Mark or unmark the selected request and move down", footerRank: 6)
        case .markAll: Row(group: .mark, label: "mark all", help: "Mark every visible request")
        case .markSimilar: Row(group: .mark, label: "mark alike", help: "Mark all pending requests with this action and actor")
        case .clearMarks: Row(group: .mark, label: "clear marks", help: "Clear all marks")
        case .filter: Row(group: .find, label: "filter", help: "Filter by action, actor, tenant, ID, reason or resource", footerRank: 7)
        case .cycleSort: Row(group: .find, label: "sort", help: "Sort by age, confidence, action, actor")
        case .reverseSort: Row(group: .find, label: "reverse", help: "Reverse the sort order")
        case .toggleDetail: Row(group: .view, label: "detail", help: "Show or hide the selected request's details")
        case .switchView: Row(group: .view, label: "history", help: "Switch between the queue and the decision history", footerRank: 8)
        case .refresh: Row(group: .view, label: "refresh", help: "Poll the engine now")
        case .help: Row(group: .view, label: "help", help: "Show or hide this help", opens: .help)
        case .quit: Row(group: .view, label: "quit", help: "Quit", footerRank: 5)
        case .send: Row(group: .prompt, label: "send", help: "Send the note, or keep the filter")
        case .cancel: Row(group: .prompt, label: "cancel", help: "Cancel a note or question, clear the filter, close help")
        case .clearText: Row(group: .prompt, label: "clear", help: "Clear the text typed so far")
        case .nextReason: Row(group: .prompt, label: "reason", help: "Fill in the next canned reason (note editor)")
        case .previousReason: Row(group: .prompt, label: "reason", help: "Fill in the previous canned reason (note editor)")
        case .cursorLeft: Row(group: .prompt, label: "left", help: "Move the cursor left in the note or the filter")
        case .cursorRight: Row(group: .prompt, label: "right", help: "Move the cursor right in the note or the filter")
        case .yes: Row(group: .prompt, label: "yes", help: "Answer yes to a question (any other key is no)")
        }
    }
}

/// How the help screen groups actions.
enum ActionGroup: String, CaseIterable, Sendable {
    case navigate = "Navigate"
    case decide = "Decide"
    case mark = "Mark"
    case find = "Find and sort"
    case view = "View"
    case prompt = "In prompts"
}

// MARK: - Keymap

/// Which keys trigger which actions: data, in display order.
///
/// Two contexts share one list: the screens' actions and the prompts' (``Action/isPrompt``), so
/// `Enter` can toggle the detail pane on the queue and send a note in the editor. A key means at
/// most one action per context.
package struct Keymap: Equatable, Sendable {
    /// Bindings in the order they are listed.
    private(set) var bindings: [(key: Key, action: Action)]

    /// Creates a keymap from ordered bindings; a later binding of the same key in the same context wins.
    init(_ bindings: [(Key, Action)]) {
        self.bindings = []
        for (key, action) in bindings { bind(key, to: action) }
    }

    /// The screens' action bound to a key.
    func action(for key: Key) -> Action? {
        bindings.last(where: { $0.key == key && !$0.action.isPrompt })?.action
    }

    /// The prompts' action bound to a key.
    func promptAction(for key: Key) -> Action? {
        bindings.last(where: { $0.key == key && $0.action.isPrompt })?.action
    }

    /// The keys bound to an action, in display order.
    package func keys(for action: Action) -> [Key] {
        bindings.filter { $0.action == action }.map(\.key)
    }

    /// The first key's name, as messages and hints say it ("u"); nil when the action is unbound.
    func name(_ action: Action) -> String? {
        keys(for: action).first?.description
    }

    /// "y/N" for a question that defaults to No, with the key that answers yes; without one, says so.
    var yesNo: String {
        name(.yes).map { "\($0)/N" } ?? "N (no key answers yes: bind \"yes\" in [keys])"
    }

    /// What stands before the filter's text: the filter key's name ("/" by default).
    var filterSigil: String {
        guard let name = name(.filter) else { return "filter: " }
        return name.count == 1 ? name : name + " "
    }

    /// Binds a key to an action, replacing what the key did before in that action's context.
    mutating func bind(_ key: Key, to action: Action) {
        bindings.removeAll { $0.key == key && $0.action.isPrompt == action.isPrompt }
        bindings.append((key: key, action: action))
    }

    /// The default keys.
    package static let standard = Keymap([
        (.char("j"), .moveDown), (.down, .moveDown),
        (.char("k"), .moveUp), (.up, .moveUp),
        (.pageDown, .pageDown), (.pageUp, .pageUp),
        (.char("g"), .first), (.home, .first),
        (.char("G"), .last), (.end, .last),
        (.enter, .toggleDetail),
        (.char("a"), .approve), (.char("d"), .deny),
        (.char("A"), .approveWithNote), (.char("D"), .denyWithNote),
        (.char("u"), .undo),
        (.char(" "), .mark), (.char("*"), .markAll), (.char("m"), .markSimilar), (.char("x"), .clearMarks),
        (.char("/"), .filter), (.char("s"), .cycleSort), (.char("S"), .reverseSort),
        (.tab, .switchView),
        (.char("r"), .refresh),
        (.char("?"), .help), (.function(1), .help),
        (.char("q"), .quit),
        (.enter, .send), (.escape, .cancel), (.ctrl("u"), .clearText),
        (.tab, .nextReason), (.backTab, .previousReason), (.left, .cursorLeft), (.right, .cursorRight),
        (.char("y"), .yes), (.char("Y"), .yes),
    ])

    package static func == (a: Keymap, b: Keymap) -> Bool {
        a.bindings.map(\.key) == b.bindings.map(\.key) && a.bindings.map(\.action) == b.bindings.map(\.action)
    }
}
