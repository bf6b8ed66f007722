// MARK: - Action

/// Every user-visible action: one table, from which keymaps, the footer and help are built.
package enum Action: String, CaseIterable, Hashable, Sendable {
    // Decisions come first: the footer lists actions in this order.
    case approve
    case deny
    case approveWithNote = "approve-with-note"
    case denyWithNote = "deny-with-note"
    case undo
    case mark
    case markAll = "mark-all"
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

    /// The group the help screen lists the action under.
    package var group: ActionGroup {
        switch self {
        case .moveDown, .moveUp, .pageDown, .pageUp, .first, .last: .navigate
        case .approve, .deny, .approveWithNote, .denyWithNote, .undo: .decide
        case .mark, .markAll, .clearMarks: .mark
        case .filter, .cycleSort, .reverseSort: .find
        case .toggleDetail, .switchView, .refresh, .help, .quit: .view
        }
    }

    /// A short label for the footer.
    package var label: String {
        switch self {
        case .moveDown: "down"
        case .moveUp: "up"
        case .pageDown: "page down"
        case .pageUp: "page up"
        case .first: "first"
        case .last: "last"
        case .toggleDetail: "detail"
        case .approve: "approve"
        case .deny: "deny"
        case .approveWithNote: "approve+note"
        case .denyWithNote: "deny+note"
        case .undo: "undo"
        case .mark: "mark"
        case .markAll: "mark all"
        case .clearMarks: "clear marks"
        case .filter: "filter"
        case .cycleSort: "sort"
        case .reverseSort: "reverse"
        case .switchView: "history"
        case .refresh: "refresh"
        case .help: "help"
        case .quit: "quit"
        }
    }

    /// One sentence for the help screen.
    package var help: String {
        switch self {
        case .moveDown: "Select the next request"
        case .moveUp: "Select the previous request"
        case .pageDown: "Move one page down"
        case .pageUp: "Move one page up"
        case .first: "Select the first request"
        case .last: "Select the last request"
        case .toggleDetail: "Show or hide the selected request's details"
        case .approve: "Approve the selected request"
        case .deny: "Deny the selected request"
        case .approveWithNote: "Approve with a note for the record"
        case .denyWithNote: "Deny with a note for the record"
        case .undo: "Take back the most recent decision still in the undo window"
        case .mark: "Mark or unmark the selected request and move down"
        case .markAll: "Mark every visible request"
        case .clearMarks: "Clear all marks"
        case .filter: "Filter by action, actor, tenant, ID, reason or resource (Esc clears)"
        case .cycleSort: "Sort by age, confidence, action, actor"
        case .reverseSort: "Reverse the sort order"
        case .switchView: "Switch between the queue and the decision history"
        case .refresh: "Poll the engine now"
        case .help: "Show or hide this help"
        case .quit: "Quit"
        }
    }

    /// Whether the footer shows the action (the main keys only; `?` lists all).
    package var inFooter: Bool { footerRank != nil }

    /// The footer's order: decisions, undo and quit first, so they survive a narrow terminal.
    package var footerRank: Int? {
        switch self {
        case .approve: 0
        case .deny: 1
        case .approveWithNote: 2
        case .denyWithNote: 3
        case .undo: 4
        case .quit: 5
        case .mark: 6
        case .filter: 7
        case .switchView: 8
        default: nil
        }
    }
}

/// How the help screen groups actions.
package enum ActionGroup: String, CaseIterable, Sendable {
    case navigate = "Navigate"
    case decide = "Decide"
    case mark = "Mark"
    case find = "Find and sort"
    case view = "View"
}

// MARK: - Keymap

/// Which keys trigger which actions: data, in display order.
package struct Keymap: Equatable, Sendable {
    /// Bindings in the order they are listed.
    package private(set) var bindings: [(key: Key, action: Action)]

    /// Creates a keymap from ordered bindings; a later binding of the same key wins.
    package init(_ bindings: [(Key, Action)]) {
        self.bindings = bindings.map { (key: $0.0, action: $0.1) }
    }

    /// The action bound to a key.
    package func action(for key: Key) -> Action? {
        bindings.last(where: { $0.key == key })?.action
    }

    /// The keys bound to an action, in display order.
    package func keys(for action: Action) -> [Key] {
        bindings.filter { $0.action == action && self.action(for: $0.key) == action }.map(\.key)
    }

    /// Binds a key to an action, replacing what the key did before.
    package mutating func bind(_ key: Key, to action: Action) {
        bindings.removeAll { $0.key == key }
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
        (.char(" "), .mark), (.char("*"), .markAll), (.char("x"), .clearMarks),
        (.char("/"), .filter), (.char("s"), .cycleSort), (.char("S"), .reverseSort),
        (.tab, .switchView),
        (.char("r"), .refresh),
        (.char("?"), .help), (.function(1), .help),
        (.char("q"), .quit),
    ])

    package static func == (a: Keymap, b: Keymap) -> Bool {
        a.bindings.map(\.key) == b.bindings.map(\.key) && a.bindings.map(\.action) == b.bindings.map(\.action)
    }
}
