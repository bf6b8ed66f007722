// MARK: - Decision queue

/// Pending decisions in order, like an array, with an O(1) amortised `removeFirst()` and an
/// O(1) lookup by request ID.
///
/// `held`, `outbox` and `retrying` use it: the outbox is drained from the front one answer at
/// a time, and `ConsoleState.pendingDecision(_:)` asks all three for every rendered row and
/// every request a bulk decision holds. Two queues are equal when their decisions are.
struct DecisionQueue: RandomAccessCollection, RangeReplaceableCollection, ExpressibleByArrayLiteral,
    Equatable, Sendable
{
    /// The decisions; those before `head` are already removed.
    private var storage: [PendingDecision] = []
    /// The first live position in `storage`.
    private var head = 0
    /// Positions dropped from the front of `storage` by compaction, so positions in `firstByID`
    /// stay valid: the storage index of absolute position `p` is `p - dropped`.
    private var dropped = 0
    /// The absolute position of the first decision for each request ID.
    private var firstByID: [String: Int] = [:]
    /// Decisions whose ID an earlier decision in the queue already has (normally none).
    private var repeats = 0

    /// An empty queue.
    init() {}

    /// A queue of these decisions, in order.
    init(arrayLiteral elements: PendingDecision...) {
        self.init()
        append(contentsOf: elements)
    }

    // MARK: Collection

    /// The first decision's index: always 0.
    var startIndex: Int { 0 }
    /// One past the last decision's index: the count.
    var endIndex: Int { storage.count - head }

    /// The decision at `position`, 0 being the oldest.
    subscript(position: Int) -> PendingDecision {
        storage[head + position]
    }

    // MARK: Lookup

    /// The first decision for this request, if any (what `first { $0.id == id }` finds).
    func first(withID id: String) -> PendingDecision? {
        firstByID[id].map { storage[$0 - dropped] }
    }

    /// `contains(_:)` by the ID index instead of a scan, when no ID repeats.
    func _customContainsEquatableElement(_ element: PendingDecision) -> Bool? {
        guard let position = firstByID[element.id] else { return false }
        return repeats == 0 ? storage[position - dropped] == element : nil
    }

    // MARK: Changes

    /// Adds a decision at the end, in O(1).
    mutating func append(_ decision: PendingDecision) {
        if firstByID[decision.id] == nil {
            firstByID[decision.id] = dropped + storage.count
        } else {
            repeats += 1
        }
        storage.append(decision)
    }

    /// Adds decisions at the end, in order.
    mutating func append<S: Sequence>(contentsOf decisions: S) where S.Element == PendingDecision {
        for decision in decisions { append(decision) }
    }

    /// Removes and returns the oldest decision, in O(1) amortised.
    @discardableResult
    mutating func removeFirst() -> PendingDecision {
        precondition(head < storage.count, "removeFirst() on an empty DecisionQueue")
        let first = storage[head]
        let position = dropped + head
        head += 1
        if firstByID[first.id] == position {
            firstByID[first.id] = nil
            if repeats > 0, let next = storage[head...].firstIndex(where: { $0.id == first.id }) {
                firstByID[first.id] = dropped + next
                repeats -= 1
            }
        }
        if head >= 32, head * 2 >= storage.count {
            storage.removeFirst(head)
            dropped += head
            head = 0
        }
        return first
    }

    /// Replaces a range of decisions (and re-indexes them all, in O(n)).
    mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
        where C.Element == PendingDecision
    {
        var decisions = Array(storage[head...])
        decisions.replaceSubrange(subrange, with: newElements)
        self = DecisionQueue()
        append(contentsOf: decisions)
    }

    /// Reserves room for `n` decisions.
    mutating func reserveCapacity(_ n: Int) {
        storage.reserveCapacity(head + n)
    }

    // MARK: Equality

    /// Whether two queues hold the same decisions in the same order.
    static func == (lhs: DecisionQueue, rhs: DecisionQueue) -> Bool {
        lhs.elementsEqual(rhs)
    }
}
