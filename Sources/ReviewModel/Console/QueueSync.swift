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
/// checked with GET; on the July engine every row is checked again every ``recheckAfter``
/// seconds, because its listing can call a resolved request pending for good.
package struct QueueSync: Equatable, Sendable {
    // MARK: Settings

    /// The most rows held; past it the oldest are kept (their agents have waited longest).
    package var maxRequests = ConsoleDefaults.maxRequests
    /// Page size of the fast read of the newest requests (current engine), every poll.
    package var arrivalsLimit = 100
    /// Page size of the whole-queue read (current engine).
    package var sweepLimit = 500
    /// Seconds between whole-queue reads (current engine).
    package var sweepEvery: TimeInterval = 10
    /// Seconds after which a row is checked again (July engine: every row; doubt: sooner).
    package var recheckAfter: TimeInterval = 15
    /// Seconds a row in doubt waits before its check is sent again after a failed one.
    package var doubtRetry: TimeInterval = 5
    /// GETs a second at most, whatever the queue's size.
    package var maxChecksPerSecond = 10
    /// GETs out at once, at most.
    package var maxChecksInFlight = 10
    /// Check every row a capped list brings before counting it known (a one-shot `list`, which
    /// must never print a request the July Redis store still lists after it was decided).
    package var checkArrivals = false
    /// Fast polls after a capped answer that brought new rows (July engine: finds the rest sooner).
    package var discoveryPolls = 5
    /// Seconds between those fast polls.
    package var discoveryInterval: TimeInterval = 0.25
    /// Seconds before the next read when a capped answer was mostly requests never seen: arrivals
    /// are outrunning the list, so it is read again at once (at most 20 reads a second).
    package var burstInterval: TimeInterval = 0.05
    /// A capped list is read this many times an interval: it holds 50, so 150 arrivals an
    /// interval are seen whole from a standing start (the first read of a burst cannot be sooner).
    package var cappedReadsPerInterval = 3.0

    // MARK: What the engine is like

    /// How the engine lists its queue, learnt from its answers.
    package var listing = Listing.unknown
    /// The current engine's `total` from its last page (an upper bound on Redis).
    package var total: Int?
    /// July engine: the last answer was full (as long as the cap), so it may not be everything.
    package var capped = false
    /// Fast polls left (July engine, while capped answers bring rows not seen before).
    package var fastPollsLeft = 0
    /// July engine: the first reads are over (a capped answer stopped bringing rows not seen before).
    package var firstReadsDone = false
    /// July engine: when arrivals last outran the engine's list (an answer of nothing but
    /// requests never seen, after the first reads): some may never have been listed at all.
    package var outranAt: Date?

    // MARK: Whole-queue reads (current engine)

    /// The read under way, if any.
    package var sweep: Sweep?
    /// When the next one starts.
    package var nextSweepAt: Date?
    /// Whether one read has gone through the whole queue (until then the header says "reading").
    package var firstSweepDone = false
    /// Where the next arrivals page starts when a burst filled the last one (nil: offset 0).
    package var arrivalsOffset: Int?

    // MARK: Checks

    /// When each row's status was last known (its arrival, then each check).
    package var lastChecked: [String: Date] = [:]
    /// Rows a read should have listed but did not: checked first.
    package var doubt: Set<String> = []
    /// Rows whose check is out.
    package var checking: Set<String> = []
    /// Rows whose last check failed: marked on screen, checked again, never dropped for it.
    package var checkFailed: Set<String> = []
    /// The second the check budget counts in.
    package var checkWindowStart: Date?
    /// Checks sent in that second.
    package var checksInWindow = 0

    /// A sync that knows nothing yet.
    package init() {}

    /// How an engine lists its queue.
    package enum Listing: Equatable, Sendable {
        /// No answer yet.
        case unknown
        /// Current engine: `limit`/`offset` paging with `total`.
        case paged
        /// July engine: at most ``ConsoleState/engineListLimit`` items, no paging, no total.
        case capped
    }

    /// A whole-queue read: pages from `offset` on, until one comes back empty or reaches `total`.
    package struct Sweep: Equatable, Sendable {
        /// When it began: rows first seen later cannot be missing from it.
        package var startedAt: Date
        /// The next page's offset.
        package var offset: Int
        /// IDs every page so far listed (and the arrivals pages read meanwhile).
        package var seen: Set<String> = []
        /// Whether a page is out.
        package var inFlight = false
        /// Pages read so far (bounded, so a shifting queue cannot keep it going).
        package var pages = 0
    }

    /// Whether the first reads of the queue are over: everything pending then is known
    /// (paged: one read went through the whole queue; capped: answers stopped bringing new rows).
    ///
    /// Rows found until then are the queue as it was, not arrivals (`watch` prints them as
    /// `pending`, notifications skip them, the cursor stays on the first row).
    package var settled: Bool {
        switch listing {
        case .unknown: false
        case .paged: firstSweepDone
        case .capped: firstReadsDone
        }
    }

    // MARK: - Forgetting

    /// Forgets everything kept about requests that left the table.
    package mutating func forget(_ ids: some Sequence<String>) {
        for id in ids {
            lastChecked[id] = nil
            doubt.remove(id)
            checkFailed.remove(id)
        }
    }

    /// Takes a check budget of up to `wanted` GETs in the second that `now` falls in.
    mutating func takeChecks(_ wanted: Int, now: Date) -> Int {
        if let start = checkWindowStart, now.timeIntervalSince(start) < 1 {
            let granted = max(0, min(wanted, maxChecksPerSecond - checksInWindow))
            checksInWindow += granted
            return granted
        }
        let granted = max(0, min(wanted, maxChecksPerSecond))
        checkWindowStart = now
        checksInWindow = granted
        return granted
    }
}

// MARK: - Pages

/// One page of the current engine's list: `GET /v1/queue/pending?limit=L&offset=O`.
package struct PageRequest: Equatable, Hashable, Sendable {
    /// What the page is read for.
    package enum Purpose: Equatable, Hashable, Sendable {
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
    package var purpose: Purpose

    /// Creates a page request.
    package init(offset: Int, limit: Int, purpose: Purpose) {
        self.offset = offset
        self.limit = limit
        self.purpose = purpose
    }
}
