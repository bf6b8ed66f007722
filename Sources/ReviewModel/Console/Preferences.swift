import Foundation

// MARK: - Preferences

/// The reviewer's choices that shape the console (from flags, the environment and the config
/// file), handed to the state in one piece; every one defaults to ``ConsoleDefaults``.
package struct ReviewPreferences: Equatable, Sendable {
    /// Seconds between polls.
    var pollInterval: TimeInterval
    /// Ages beyond this show as a warning.
    var warnAfter: TimeInterval
    /// Ages beyond this show as critical.
    var criticalAfter: TimeInterval
    /// The key bindings.
    var keymap: Keymap
    /// Seconds a decision is held before it is sent.
    var undoWindow: TimeInterval
    /// Which single decisions ask y/N first.
    var confirm: ConfirmPolicy
    /// Ring the bell when a request arrives at an empty queue.
    var bell: Bool
    /// Only these tenants' requests are shown (all when empty).
    var tenants: Set<String>
    /// The most pending requests held.
    var maxRequests: Int
    /// The reasons offered on the note prompt (digits pick them).
    var reasons: [String]
    /// Which decisions need a note.
    var requireNote: NoteRequirement
    /// How to tell a reviewer in another window that requests arrived (resolved, never `.auto`).
    var notify: NotifyMethod
    /// `--resend-held`: send long-unsent decisions of a crashed session without asking.
    var resendHeld: Bool

    /// Preferences with these values, every other one at its default.
    package init(
        pollInterval: TimeInterval = ConsoleDefaults.interval, warnAfter: TimeInterval = ConsoleDefaults.warnAfter,
        criticalAfter: TimeInterval = ConsoleDefaults.criticalAfter, keymap: Keymap = .standard,
        undoWindow: TimeInterval = ConsoleDefaults.undoWindow, confirm: ConfirmPolicy = ConsoleDefaults.confirm,
        bell: Bool = false, tenants: Set<String> = [], maxRequests: Int = ConsoleDefaults.maxRequests,
        reasons: [String] = [], requireNote: NoteRequirement = .none, notify: NotifyMethod = .off,
        resendHeld: Bool = false
    ) {
        self.pollInterval = pollInterval
        self.warnAfter = warnAfter
        self.criticalAfter = criticalAfter
        self.keymap = keymap
        self.undoWindow = undoWindow
        self.confirm = confirm
        self.bell = bell
        self.tenants = tenants
        self.maxRequests = maxRequests
        self.reasons = reasons
        self.requireNote = requireNote
        self.notify = notify
        self.resendHeld = resendHeld
    }
}

extension ConsoleState {
    /// Takes the reviewer's preferences (at start, before the journal is opened and the first poll).
    package mutating func apply(_ preferences: ReviewPreferences) {
        pollInterval = preferences.pollInterval
        warnAfter = preferences.warnAfter
        criticalAfter = preferences.criticalAfter
        keymap = preferences.keymap
        undoWindow = preferences.undoWindow
        confirmPolicy = preferences.confirm
        bell = preferences.bell
        tenants = preferences.tenants
        sync.maxRequests = preferences.maxRequests
        reasons = preferences.reasons
        requireNote = preferences.requireNote
        attention = Attention(method: preferences.notify)
        pipeline.resendHeld = preferences.resendHeld
    }
}
