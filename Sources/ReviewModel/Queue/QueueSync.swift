import Foundation

// MARK: - Queue sync

/// How the console keeps its table true to an engine that never shows the whole queue at once.
///
/// No engine's list is the whole truth (docs/engines.md#the-pending-list): the current engine pages
/// (`limit`/`offset`, newest first, `total`); the July engine answers at most 50 items, in
/// random order from memory and from Redis as the 50 newest records ever written, resolved or
/// not. So a row is added when a list shows it and leaves only when the console knows its
/// request left: this console decided it, a complete read omits it, or `GET /v1/queue/{id}` says
/// it is no longer pending. Rows a read should have listed but did not are *in doubt* and are
/// checked with GET. On the current engine the whole queue is read again only when the newest
/// page's `total` does not add up (`Paging.swift`). On the July engine every row is checked
/// again every ``recheckAfter`` seconds, because its Redis listing can call a resolved request
/// pending for good; once its answers show the memory store (`JulyStore.swift`), a listing is
/// the truth and only rows no answer listed lately are checked.
package struct QueueSync: Equatable, Sendable {
    // MARK: Settings

    /// The most rows held; past it the oldest are kept (their agents have waited longest).
    var maxRequests = ConsoleDefaults.maxRequests
    /// Page size of the fast read of the newest requests (current engine), every poll.
    var arrivalsLimit = 100
    /// Page size of the whole-queue read (current engine).
    var sweepLimit = 500
    /// Seconds between whole-queue reads when the count cannot be judged (current engine: the
    /// first read, a queue longer than ``maxRequests``; also the retry after a failed page).
    var sweepEvery: TimeInterval = 10
    /// Least seconds between the end of a whole-queue read and the next one a count asks for.
    var sweepGap: TimeInterval = 5
    /// The most that gap grows to while reads find nothing that explains the count.
    var maxSweepGap: TimeInterval = 60
    /// Seconds between the pages of the slow read that finds what `total` cannot show (Redis
    /// counts an expired request until a page reaches it): at most two a minute.
    var safetyPageEvery: TimeInterval = 45
    /// Seconds after which a row is checked again (July engine: every row; doubt: sooner).
    var recheckAfter: TimeInterval = 30
    /// July memory store: seconds a row may go unlisted before it is checked.
    var unlistedRecheck: TimeInterval = 10
    /// Seconds a row in doubt waits before its check is sent again after a failed one.
    var doubtRetry: TimeInterval = 5
    /// GETs a second at most, whatever the queue's size.
    var maxChecksPerSecond = 10
    /// GETs out at once, at most.
    var maxChecksInFlight = 10
    /// Check every row a capped list brings before counting it known (a one-shot `list`, which
    /// must never print a request the July Redis store still lists after it was decided).
    var checkArrivals = false
    /// Fast polls after a capped answer that brought new rows (July engine: finds the rest sooner).
    var discoveryPolls = 5
    /// Seconds between those fast polls.
    var discoveryInterval: TimeInterval = 0.25
    /// Seconds before the next read when a capped answer was mostly requests never seen: arrivals
    /// are outrunning the list, so it is read again at once (at most 20 reads a second).
    var burstInterval: TimeInterval = 0.05
    /// A capped list is read this many times an interval: it holds 50, so 150 arrivals an
    /// interval are seen whole from a standing start (the first read of a burst cannot be sooner).
    var cappedReadsPerInterval = 3.0

    // MARK: Polls and the connection

    /// Connection health as the header shows it.
    package var connection = Connection.connecting
    /// When the last poll succeeded.
    package var lastGoodPoll: Date?
    /// Whether a poll is out.
    package var pollInFlight = false
    /// When the poll that is out was sent (a poll over 2 s shows "slow").
    var pollStartedAt: Date?
    /// When the next poll is due.
    var nextPollAt: Date?
    /// Consecutive failed polls (for backoff).
    var failedPolls = 0
    /// Malformed or duplicate items the last poll skipped.
    var skippedItems = 0

    // MARK: What the engine is like

    /// How the engine lists its queue, learnt from its answers.
    var listing = Listing.unknown
    /// The current engine's `total` from its last page (an upper bound on Redis).
    var total: Int?
    /// July engine: the last answer was full (as long as the cap), so it may not be everything.
    var capped = false
    /// Fast polls left (July engine, while capped answers bring rows not seen before).
    var fastPollsLeft = 0
    /// July engine: which store its answers show.
    var store = JulyStore.unknown
    /// July engine: the IDs of the last answer, in its order (to see the memory store's reshuffle).
    var lastListed: [String] = []
    /// July engine: the first reads are over (a capped answer stopped bringing rows not seen before).
    var firstReadsDone = false
    /// July engine: when arrivals last outran the engine's list (an answer of nothing but
    /// requests never seen, after the first reads): some may never have been listed at all.
    var outranAt: Date?

    // MARK: Whole-queue reads (current engine)

    /// The read under way, if any.
    var sweep: Sweep?
    /// When the next one starts.
    var nextSweepAt: Date?
    /// Whether one read has gone through the whole queue (until then the header says "reading").
    var firstSweepDone = false
    /// Where the next arrivals page starts when a burst filled the last one (nil: offset 0).
    var arrivalsOffset: Int?
    /// When the next page of the slow read is due.
    var nextSafetyAt: Date?
    /// When the last whole-queue read ended.
    var lastSweepEndedAt: Date?
    /// Reads in a row, asked for by a count, that found nothing to explain it.
    var unexplainedReads = 0
    /// Whole-queue reads started page after page (not the slow one), for tests and the bench.
    package var sweepsStarted = 0
    /// When rows left the table (the last two minutes): a page asked for before then may still count them.
    var removedAt: [Date] = []

    // MARK: Checks

    /// When each row's status was last known (its arrival, then each check).
    var lastChecked: [String: Date] = [:]
    /// Rows a read should have listed but did not: checked first.
    var doubt: Set<String> = []
    /// Rows whose check is out.
    var checking: Set<String> = []
    /// Rows whose last check failed: marked on screen, checked again, never dropped for it.
    var checkFailed: Set<String> = []
    /// When the checks of the last second were sent (the budget counts a sliding second).
    var recentChecks: [Date] = []

    /// A sync that knows nothing yet.
    package init() {}

    /// How an engine lists its queue.
    enum Listing: Equatable, Sendable {
        /// No answer yet.
        case unknown
        /// Current engine: `limit`/`offset` paging with `total`.
        case paged
        /// July engine: at most ``ConsoleState/engineListLimit`` items, no paging, no total.
        case capped
    }

    /// A July engine's store, as far as its answers show.
    enum JulyStore: Equatable, Sendable {
        /// Nothing shows it yet: the Redis stream is assumed (listings may be stale for good).
        case unknown
        /// In memory: two answers put the same requests in different orders (a Go map's walk),
        /// which the stream, always newest first, never does. Its list holds only pending items.
        case memory
    }

    /// A whole-queue read: pages from `offset` on, until one comes back empty or reaches `total`.
    struct Sweep: Equatable, Sendable {
        /// When it began: rows first seen later cannot be missing from it.
        var startedAt: Date
        /// The next page's offset, as if nothing moved.
        var offset: Int
        /// The slow read: one page every ``QueueSync/safetyPageEvery`` seconds.
        var paced = false
        /// When the last page was asked for.
        var pageSentAt: Date
        /// The offset the last page was asked at.
        var lastOffset = -1
        /// Rows it brought or put in doubt.
        var found = 0
        /// IDs every page so far listed (and the arrivals pages read meanwhile).
        var seen: Set<String> = []
        /// Whether a page is out.
        var inFlight = false
        /// Pages read so far (bounded, so a shifting queue cannot keep it going).
        var pages = 0
    }

    /// Whether the first reads of the queue are over: everything pending then is known
    /// (paged: one read went through the whole queue; capped: answers stopped bringing new rows).
    ///
    /// Rows found until then are the queue as it was, not arrivals (`watch` prints them as
    /// `pending`, notifications skip them, the cursor stays on the first row).
    var settled: Bool {
        switch listing {
        case .unknown: false
        case .paged: firstSweepDone
        case .capped: firstReadsDone
        }
    }

    // MARK: - Departures

    /// Notes that `count` rows left the table at `now`.
    mutating func noteRemovals(_ count: Int, at now: Date) {
        guard count > 0 else { return }
        if let first = removedAt.first, now.timeIntervalSince(first) > 120 {
            removedAt.removeAll { now.timeIntervalSince($0) > 120 }
        }
        removedAt += repeatElement(now, count: count)
    }

    /// Rows that left the table at or after `date`.
    func removals(since date: Date) -> Int {
        var count = 0
        for at in removedAt.reversed() {
            guard at >= date else { break }
            count += 1
        }
        return count
    }

    // MARK: - Forgetting

    /// Forgets everything kept about requests that left the table.
    mutating func forget(_ ids: some Sequence<String>) {
        for id in ids {
            lastChecked[id] = nil
            doubt.remove(id)
            checkFailed.remove(id)
        }
    }

    /// Takes a check budget of up to `wanted` GETs: at most ``maxChecksPerSecond`` in any second.
    mutating func takeChecks(_ wanted: Int, now: Date) -> Int {
        recentChecks.removeAll { now.timeIntervalSince($0) >= 1 }
        let granted = max(0, min(wanted, maxChecksPerSecond - recentChecks.count))
        recentChecks += repeatElement(now, count: granted)
        return granted
    }
}

// MARK: - Pages

/// One page of the current engine's list: `GET /v1/queue/pending?limit=L&offset=O`.
package struct PageRequest: Equatable, Hashable, Sendable {
    /// What the page is read for.
    enum Purpose: Equatable, Hashable, Sendable {
        /// The newest requests, every poll.
        case arrivals
        /// Part of a whole-queue read.
        case sweep
    }

    /// The first item's position (newest first).
    package var offset: Int
    /// Items asked for (1–500).
    package var limit: Int
    /// Why it is read.
    var purpose: Purpose

    /// Creates a page request.
    init(offset: Int, limit: Int, purpose: Purpose) {
        self.offset = offset
        self.limit = limit
        self.purpose = purpose
    }
}
