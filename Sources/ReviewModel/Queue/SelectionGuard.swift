import Foundation

// MARK: - Selection guard

// A reviewer decides what they have seen selected. When the engine moves the selection — the
// selected request left and the cursor went to its neighbour, or rows arrived or left above it
// and it moved on screen — decision keys do nothing for a second and say what is selected now.

/// How long decision keys wait after the selection moved by itself.
let selectionGuardSeconds: TimeInterval = 1

/// The selection as the reviewer sees it: which request, on which screen row.
struct SeenSelection: Equatable {
    /// The selected request.
    var id: String?
    /// Its row on screen (from the top of the table).
    var row: Int?
}

/// The selection as it is now.
func selectionSeen(_ state: ConsoleState) -> SeenSelection {
    SeenSelection(id: state.table.cursorID, row: state.cursorIndex.map { $0 - state.table.scrollTop })
}

/// Arms the guard when an event that was not the reviewer's changed what is selected, or where.
func guardSelection(_ state: inout ConsoleState, before: SeenSelection) {
    guard before.id != nil, state.view == .queue else { return }
    let after = selectionSeen(state)
    guard after != before, after.id != nil else { return }
    state.table.guardSelection(until: state.now.addingTimeInterval(selectionGuardSeconds))
}

/// Whether an input event is the reviewer moving the selection (even where it cannot move further).
func isNavigation(_ state: ConsoleState, _ event: Event) -> Bool {
    switch event {
    case .mouse(.click): return true
    case .key(let key):
        guard state.mode == .queue, let action = state.keymap.action(for: key) else { return false }
        return [.moveDown, .moveUp, .pageDown, .pageUp, .first, .last].contains(action)
    default: return false
    }
}

/// True (and says why on the status line) while decision keys must wait.
func selectionGuardHolds(_ state: inout ConsoleState) -> Bool {
    guard let until = state.table.selectionGuardUntil else { return false }
    guard state.now < until else {
        state.table.releaseSelectionGuard()
        return false
    }
    let what: ScreenText = state.table.cursorID.map { describe(state.table.items[$0], id: $0) } ?? "nothing"
    setStatus(&state, "selection moved to \(what) — press again", .info)
    return true
}
