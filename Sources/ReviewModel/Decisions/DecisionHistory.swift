// MARK: - Decision history

/// This engine's decisions, newest record per ID, newest first: a random-access collection
/// that records a decision's new outcome in O(log n) amortised.
///
/// Records are kept oldest first; a record a newer one for the same ID replaces is only
/// marked dead, and a Fenwick tree over the live marks turns a row (newest first) into a
/// storage slot and back in O(log n). Dead records are compacted away once they outnumber
/// the live ones. Two histories are equal when their rows are.
struct DecisionHistory: RandomAccessCollection, ExpressibleByArrayLiteral, Equatable, Sendable {
    /// Every record kept, oldest first, dead ones included.
    private var records: [JournalEntry] = []
    /// Whether each record is still a row (false once replaced).
    private var live: [Bool] = []
    /// A Fenwick tree (1-based) over `live`: `tree[i]` counts the live slots in `(i - lowbit(i), i]`.
    private var tree: [Int] = [0]
    /// How many records are rows.
    private var liveCount = 0
    /// The newest live slot of each ID.
    private var slotByID: [String: Int] = [:]
    /// IDs with more than one row (only a list given to `init` can have them): replaced by a scan.
    private var repeated: Set<String> = []

    /// An empty history.
    init() {}

    /// A history of these rows, newest first (as `Journal.latest` returns them).
    init<S: Sequence>(_ newestFirst: S) where S.Element == JournalEntry {
        let rows = Array(newestFirst)
        for entry in rows.reversed() {
            if slotByID[entry.id] != nil { repeated.insert(entry.id) }
            slotByID[entry.id] = records.count
            records.append(entry)
        }
        live = Array(repeating: true, count: records.count)
        liveCount = records.count
        rebuildTree()
    }

    /// A history of these rows, newest first.
    init(arrayLiteral rows: JournalEntry...) {
        self.init(rows)
    }

    // MARK: Collection

    /// The newest row's index: always 0.
    var startIndex: Int { 0 }
    /// One past the oldest row's index: the count.
    var endIndex: Int { liveCount }

    /// The row at `position`, 0 being the newest.
    subscript(position: Int) -> JournalEntry {
        precondition(position >= 0 && position < liveCount, "DecisionHistory index out of range")
        return records[slot(rank: liveCount - 1 - position)]
    }

    // MARK: Lookup

    /// The row of this ID's newest record (what `firstIndex { $0.id == id }` finds).
    func firstIndex(ofID id: String) -> Int? {
        if repeated.contains(id) { return firstIndex { $0.id == id } }
        guard let slot = slotByID[id] else { return nil }
        return liveCount - prefixCount(slot + 1)
    }

    // MARK: Recording

    /// Records a decision's new outcome: its earlier rows go, the entry becomes the newest row.
    mutating func record(_ entry: JournalEntry) {
        if repeated.remove(entry.id) != nil {
            for slot in records.indices where live[slot] && records[slot].id == entry.id { kill(slot) }
        } else if let slot = slotByID[entry.id] {
            kill(slot)
        }
        let slot = records.count
        records.append(entry)
        live.append(true)
        // The new tree node covers (k - lowbit(k), k]: the slots before it in that range, plus itself.
        let k = slot + 1
        tree.append(1 + prefixCount(slot) - prefixCount(k - (k & -k)))
        liveCount += 1
        slotByID[entry.id] = slot
        let dead = records.count - liveCount
        if dead >= 32, dead > liveCount { compact() }
    }

    // MARK: Window

    /// Adds older rows at the old end, skipping IDs already shown, until `limit` rows are kept;
    /// returns how many were added.
    @discardableResult
    mutating func appendOlder(_ newestFirst: [JournalEntry], limit: Int) -> Int {
        var ids = Set(slotByID.keys)
        var added: [JournalEntry] = []
        for entry in newestFirst where liveCount + added.count < limit && ids.insert(entry.id).inserted {
            added.append(entry)
        }
        guard !added.isEmpty else { return 0 }
        self = DecisionHistory(Array(self) + added)
        return added.count
    }

    /// Drops the oldest rows beyond `limit`; returns whether any went.
    @discardableResult
    mutating func trim(to limit: Int) -> Bool {
        guard liveCount > limit else { return false }
        self = DecisionHistory(Array(prefix(limit)))
        return true
    }

    // MARK: Equality

    /// Whether two histories have the same rows in the same order.
    static func == (lhs: DecisionHistory, rhs: DecisionHistory) -> Bool {
        lhs.elementsEqual(rhs)
    }

    // MARK: Fenwick tree

    /// Marks a slot dead.
    private mutating func kill(_ slot: Int) {
        guard live[slot] else { return }
        live[slot] = false
        liveCount -= 1
        var i = slot + 1
        while i < tree.count {
            tree[i] -= 1
            i += i & -i
        }
    }

    /// Live slots among the first `n` slots.
    private func prefixCount(_ n: Int) -> Int {
        var sum = 0
        var i = n
        while i > 0 {
            sum += tree[i]
            i -= i & -i
        }
        return sum
    }

    /// The slot of the live record with this rank (0 = oldest live record).
    private func slot(rank: Int) -> Int {
        var position = 0
        var remaining = rank + 1
        var step = 1
        while step * 2 < tree.count { step *= 2 }
        while step > 0 {
            let next = position + step
            if next < tree.count, tree[next] < remaining {
                position = next
                remaining -= tree[next]
            }
            step /= 2
        }
        return position
    }

    /// Builds the tree from `live` in O(n).
    private mutating func rebuildTree() {
        tree = [0] + live.map { $0 ? 1 : 0 }
        for i in 1..<Swift.max(1, tree.count) {
            let parent = i + (i & -i)
            if parent < tree.count { tree[parent] += tree[i] }
        }
    }

    /// Drops dead records and renumbers the slots.
    private mutating func compact() {
        var kept: [JournalEntry] = []
        kept.reserveCapacity(liveCount)
        for slot in records.indices where live[slot] { kept.append(records[slot]) }
        records = kept
        live = Array(repeating: true, count: kept.count)
        slotByID.removeAll(keepingCapacity: true)
        for (slot, entry) in kept.enumerated() { slotByID[entry.id] = slot }
        rebuildTree()
    }
}
