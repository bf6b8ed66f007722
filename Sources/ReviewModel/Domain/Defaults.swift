import Foundation

// MARK: - Defaults

/// Every console setting's built-in value, defined once: the state starts with them, the
/// configuration reports them as "default", and the command lines' help names them.
package enum ConsoleDefaults {
    /// Seconds between polls.
    package static let interval: TimeInterval = 1
    /// The most pending requests held; past it the oldest are kept.
    package static let maxRequests = 5_000
    /// Seconds a decision is held (and can be taken back) before it is sent.
    package static let undoWindow: TimeInterval = 3
    /// Which single decisions ask y/N first (bulk decisions always ask).
    package static let confirm = ConfirmPolicy.none
    /// Ages beyond this are coloured as a warning.
    package static let warnAfter: TimeInterval = 60
    /// Ages beyond this are coloured as critical: the agent is about to give up.
    package static let criticalAfter: TimeInterval = 300
}
