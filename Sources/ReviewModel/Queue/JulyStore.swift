import Foundation

// MARK: - The July engine's store

// docs/engines.md#july-list: the July engine lists from memory (a Go map: a new random order on every call,
// pending items only) or from the Redis stream (the 50 newest enqueue records, newest first,
// resolved or not, for good). The stream never reorders what it lists, so two answers that put
// the same requests in different orders can only come from memory; and since a memory listing
// is the truth when it is read, a row it lists needs no GET. Until the answers show that, every
// row is checked every `recheckAfter` seconds. Answers that keep many requests in the same order
// (which a random walk all but never does) make the console assume the stream again.

/// How many requests two answers must share, in the same order, before the memory store is doubted.
let keptOrderEvidence = 8

/// Reads what a July answer shows about its store; on the memory store its rows count as checked.
func noteJulyListing(_ state: inout ConsoleState, _ list: PendingList) {
    let ids = list.items.map(\.id)
    switch orderAgreement(state.sync.lastListed, ids) {
    case .reordered:
        state.sync.store = .memory
    case .kept(let shared) where shared >= keptOrderEvidence:
        state.sync.store = .unknown
    default:
        break
    }
    state.sync.lastListed = ids
    guard state.sync.store == .memory else { return }
    for item in list.items where item.status == .pending && state.table.items[item.id] != nil {
        state.sync.lastChecked[item.id] = state.now
    }
}

/// How two answers order the requests both list.
enum OrderAgreement: Equatable {
    /// Some two are listed in opposite orders.
    case reordered
    /// All `shared` are in the same order.
    case kept(shared: Int)
}

/// Compares the order of the requests two answers both list (the first listing of an ID counts).
func orderAgreement(_ old: [String], _ new: [String]) -> OrderAgreement {
    var position: [String: Int] = [:]
    for (index, id) in old.enumerated() where position[id] == nil { position[id] = index }
    var last = -1
    var shared = 0
    var seen = Set<String>()
    for id in new where seen.insert(id).inserted {
        guard let at = position[id] else { continue }
        if at < last { return .reordered }
        last = at
        shared += 1
    }
    return .kept(shared: shared)
}
