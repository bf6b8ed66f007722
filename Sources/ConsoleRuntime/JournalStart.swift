import Foundation
import Logging
import ReviewModel

// MARK: - Opening the journal for a console start

extension Journal {
    /// Opens the journal for a console start and hands it to the state: only the live file is read
    /// (older decisions are paged in from the archives as the reviewer scrolls the History tab); a
    /// journal of an earlier version is taken over after the first frame, on the journal's queue; a
    /// failed rotation is said on the status line and the live file is read as it is.
    package func start(into state: inout ConsoleState, logger: Logger) {
        armKillDuringRotation()
        guard !needsTakeover() else {
            state.openJournal(nil)
            return
        }
        do {
            state.openJournal(try openForStart())
        } catch {
            logger.error("journal: \(error)")
            state.openJournal(readLive(), problem: "\(error)")
        }
    }

    /// `LELU_CONSOLE_KILL_DURING_ROTATION=<step>` makes the process SIGKILL itself at that step
    /// of a rotation: a test seam for the crash-safety test, never set by a user.
    private func armKillDuringRotation() {
        guard let killAt = ProcessInfo.processInfo.environment["LELU_CONSOLE_KILL_DURING_ROTATION"]
            .flatMap(RotationStep.init(rawValue:))
        else { return }
        rotationStep = { step in
            if step == killAt { kill(getpid(), SIGKILL) }
        }
    }
}
