import Foundation

// MARK: - ReviewRequest

/// One item of the engine's human-review queue, as the engine reports it.
///
/// Every text field was written by, or derived from, an AI agent's request:
/// the values here are raw. Pass them through ``SafeText`` before they reach
/// a terminal.
package struct ReviewRequest: Equatable, Sendable {
    /// The row's key: the queue item's ID (a UUID on real engines); with several engines, the
    /// engine's label, `/` and that ID (``RowKey``, ``requestID``).
    package var id: String
    /// The label of the engine that listed it when the console watches several; empty with one.
    package var engine = ""
    /// The tenant, when the engine runs multi-tenant.
    package var tenantID: String?
    /// The agent that asked, e.g. `invoice_bot`.
    package var actor: String
    /// The tool or action the agent wants to run, e.g. `issue_refund`.
    package var action: String
    /// Resource attributes, e.g. `invoice_id` → `inv_42`.
    package var resource: [String: String]
    /// The agent's confidence, 0...1; 0 means "no signal".
    package var confidence: Double
    /// Why the request needs review.
    package var reason: String
    /// The human the agent acts for.
    package var actingFor: String?
    /// When the engine enqueued the request; nil when the engine sent none we could read.
    package var enqueuedAt: Date?
    /// `pending`, `approved`, `denied` or `expired` (kept open for unknown values).
    package var status: ReviewStatus
    /// When it was resolved.
    package var resolvedAt: Date?
    /// Who resolved it (what the reviewer sent as `resolved_by`).
    package var resolvedBy: String?
    /// The reviewer's note.
    package var resolutionNote: String?

    /// Creates a request; used by tests and the demo.
    package init(
        id: String, tenantID: String? = nil, actor: String, action: String,
        resource: [String: String] = [:], confidence: Double, reason: String = "",
        actingFor: String? = nil, enqueuedAt: Date?, status: ReviewStatus = .pending,
        resolvedAt: Date? = nil, resolvedBy: String? = nil, resolutionNote: String? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.actor = actor
        self.action = action
        self.resource = resource
        self.confidence = confidence
        self.reason = reason
        self.actingFor = actingFor
        self.enqueuedAt = enqueuedAt
        self.status = status
        self.resolvedAt = resolvedAt
        self.resolvedBy = resolvedBy
        self.resolutionNote = resolutionNote
    }
}

// MARK: - Status

/// The lifecycle state of a queue item.
package enum ReviewStatus: Equatable, Hashable, Sendable, CustomStringConvertible {
    case pending
    case approved
    case denied
    /// Still pending after the engine's maximum age (current engine, 7 days): no human decided,
    /// and the engine accepts no decision any more. Computed by the engine when it reads the item.
    case expired
    /// A status this console does not know (kept so nothing is silently misread).
    case other(String)

    /// Parses the engine's status word.
    package init(_ raw: String) {
        switch raw.lowercased() {
        case "pending": self = .pending
        case "approved": self = .approved
        case "denied": self = .denied
        case "expired": self = .expired
        default: self = .other(raw)
        }
    }

    /// The engine's word for this status.
    package var description: String {
        switch self {
        case .pending: "pending"
        case .approved: "approved"
        case .denied: "denied"
        case .expired: "expired"
        case .other(let raw): raw
        }
    }
}

// MARK: - Decision

/// What a reviewer decides about a request.
package enum Decision: String, Equatable, Hashable, Sendable, Codable, CaseIterable {
    case approve
    case deny

    /// The status an item has after this decision.
    package var resultingStatus: ReviewStatus { self == .approve ? .approved : .denied }

    /// "approved" / "denied".
    package var pastTense: String { self == .approve ? "approved" : "denied" }

    /// "approving" / "denying".
    var progressive: String { self == .approve ? "approving" : "denying" }
}

// MARK: - Pending list

/// The result of `GET /v1/queue/pending`, after tolerant decoding.
package struct PendingList: Equatable, Sendable {
    /// The items that decoded, in the engine's (unstable) order, duplicates removed.
    package var items: [ReviewRequest]
    /// The engine's `count` field, when present.
    var reportedCount: Int?
    /// The current engine's `total` (all pending items, not just this page); nil from the July engine.
    package var total: Int?
    /// Items that were malformed (skipped), had an empty ID, or repeated an ID.
    package var skipped: Int

    /// Creates a list.
    package init(items: [ReviewRequest], reportedCount: Int? = nil, total: Int? = nil, skipped: Int = 0) {
        self.items = items
        self.reportedCount = reportedCount
        self.total = total
        self.skipped = skipped
    }
}

// MARK: - Health

/// The engine's answer to `GET /healthz`.
package struct EngineHealth: Equatable, Sendable {
    /// `ok` or `degraded`.
    var status: String
    /// The service name the engine reports.
    var service: String?
    /// `dependencies.human_review` (current engine only): nil when the engine does not report it.
    var humanReview: HumanReviewMode?

    /// Creates a health answer.
    package init(status: String, service: String? = nil, humanReview: HumanReviewMode? = nil) {
        self.status = status
        self.service = service
        self.humanReview = humanReview
    }
}

/// The current engine's `/healthz` `dependencies.human_review`: how it checks reviewers.
package struct HumanReviewMode: Equatable, Sendable {
    /// `reviewer_credentials`: approve and deny need `X-Lelu-Reviewer-Key`.
    var reviewerCredentials: Bool

    /// Creates a mode.
    package init(reviewerCredentials: Bool) {
        self.reviewerCredentials = reviewerCredentials
    }
}

// MARK: - Resolve receipt

/// What the engine said when it accepted a decision.
///
/// The current engine names the effective reviewer (taken from the reviewer credential when
/// one was sent) and whether that name was authenticated; the July engine says only
/// `{"success":true}`, so both are nil there.
package struct ResolveReceipt: Equatable, Sendable {
    /// `resolved_by` as the engine recorded it.
    package var resolvedBy: String?
    /// `reviewer_authenticated`: true when a reviewer credential named the reviewer.
    package var reviewerAuthenticated: Bool?

    /// Creates a receipt; the default is the July engine's (nothing said).
    package init(resolvedBy: String? = nil, reviewerAuthenticated: Bool? = nil) {
        self.resolvedBy = resolvedBy
        self.reviewerAuthenticated = reviewerAuthenticated
    }

    /// " as alice ✓" (authenticated), " as alice" (self-asserted), or "" when the engine named nobody.
    package var asText: String { screenText.description }

    /// ``asText`` with the engine's reviewer name quoted, for the screen.
    var screenText: ScreenText {
        guard let name = resolvedBy, !name.isEmpty else { return "" }
        return " as \(quoted: SafeText.line(name, limit: 60))" + (reviewerAuthenticated == true ? " ✓" : "")
    }
}
