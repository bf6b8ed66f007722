import Foundation
@testable import LeluClient
@testable import ReviewModel

// MARK: - The reference decoder (the test oracle)

/// Foundation's `JSONDecoder` with tolerant shapes: what the byte-level decoder
/// (``WireFormat/decodePending(_:)``) must give on every input, kept here as the oracle of the
/// differential tests, not in the shipped client.
extension WireFormat {

    /// ``decodePending(_:)`` with Foundation's `JSONDecoder` and the tolerant `Decodable` shapes
    /// below: the specification the byte-level decoder is tested against, not used by the console.
    static func decodePendingReference(_ data: Data) throws(EngineError) -> PendingList {
        let envelope: PendingEnvelope
        do {
            envelope = try JSONDecoder().decode(PendingEnvelope.self, from: repairUTF8(data))
        } catch {
            throw .undecodable(excerpt: excerpt(of: data))
        }
        guard let raw = envelope.items else { throw .undecodable(excerpt: excerpt(of: data)) }
        var seen = Set<String>()
        var items: [ReviewRequest] = []
        items.reserveCapacity(raw.count)
        var skipped = 0
        for entry in raw {
            guard let item = entry.request, !item.id.isEmpty, seen.insert(item.id).inserted else {
                skipped += 1
                continue
            }
            items.append(item)
        }
        return PendingList(items: items, reportedCount: envelope.count, total: envelope.total, skipped: skipped)
    }

    /// ``decodeItem(_:)`` with Foundation's `JSONDecoder`: the test oracle, like
    /// ``decodePendingReference(_:)``.
    static func decodeItemReference(_ data: Data) throws(EngineError) -> ReviewRequest {
        let entry: LossyRequest
        do {
            entry = try JSONDecoder().decode(LossyRequest.self, from: repairUTF8(data))
        } catch {
            throw .undecodable(excerpt: excerpt(of: data))
        }
        guard let item = entry.request, !item.id.isEmpty else {
            throw .undecodable(excerpt: excerpt(of: data))
        }
        return item
    }

}

// MARK: - Decodable shapes

/// Any JSON key.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The envelope of the pending list in any dialect.
struct PendingEnvelope: Decodable {
    var items: [LossyRequest]?
    var count: Int?
    var total: Int?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        items = try c.decodeIfPresent([LossyRequest].self, forKey: AnyKey("items"))
        if items == nil {
            items = try c.decodeIfPresent([LossyRequest].self, forKey: AnyKey("requests"))
        }
        // Go marshals an empty (nil) slice as `null`: `{"items":null,"count":0}` is an empty queue.
        if items == nil, c.contains(AnyKey("items")) || c.contains(AnyKey("requests")) {
            items = []
        }
        count = try? c.decodeIfPresent(Int.self, forKey: AnyKey("count"))
        total = try? c.decodeIfPresent(Int.self, forKey: AnyKey("total"))
    }
}

/// One list entry: a request, or nil when the entry is malformed.
struct LossyRequest: Decodable {
    var request: ReviewRequest?

    init(from decoder: any Decoder) {
        request = try? Self.decode(decoder)
    }

    static func decode(_ decoder: any Decoder) throws -> ReviewRequest? {
        let c = try decoder.container(keyedBy: AnyKey.self)
        func string(_ keys: String...) -> String? {
            for key in keys {
                if let s = try? c.decodeIfPresent(String.self, forKey: AnyKey(key)) { return s }
            }
            return nil
        }
        func number(_ keys: String...) -> Double? {
            for key in keys {
                if let n = try? c.decodeIfPresent(Double.self, forKey: AnyKey(key)) { return n }
                if let s = try? c.decodeIfPresent(String.self, forKey: AnyKey(key)), let n = Double(s) {
                    return n
                }
            }
            return nil
        }
        // Older dialects may number their items; a numeric ID is used as its decimal text.
        let numericID = (try? c.decodeIfPresent(Int.self, forKey: AnyKey("id"))).map { String($0) }
        guard let id = string("id") ?? numericID else { return nil }
        var resource: [String: String] = [:]
        if let object = try? c.decodeIfPresent([String: ScalarText].self, forKey: AnyKey("resource")) {
            resource = object.mapValues(\.text)
        } else if let flat = string("resource"), !flat.isEmpty {
            resource = ["resource": flat]  // older dialect: "user:456"
        }
        let confidence = number("confidence_score", "confidence") ?? 0
        return ReviewRequest(
            id: id,
            tenantID: string("tenant_id", "tenantId"),
            actor: string("actor", "agent_id", "agentId") ?? "",
            action: string("action") ?? "",
            resource: resource,
            confidence: confidence.isFinite ? min(1, max(0, confidence)) : 0,
            reason: string("reason") ?? "",
            actingFor: string("acting_for", "actingFor"),
            enqueuedAt: string("enqueued_at", "created_at", "timestamp").flatMap(Timestamp.parse),
            status: ReviewStatus(string("status") ?? "pending"),
            resolvedAt: string("resolved_at").flatMap(Timestamp.parse),
            resolvedBy: string("resolved_by", "reviewer_id"),
            resolutionNote: string("resolution_note", "comment")
        )
    }
}

/// A JSON scalar read as text (resource values are strings, but agents send numbers too).
struct ScalarText: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            text = ""
        } else if let s = try? c.decode(String.self) {
            text = s
        } else if let b = try? c.decode(Bool.self) {
            text = b ? "true" : "false"
        } else if let i = try? c.decode(Int.self) {
            text = String(i)
        } else if let d = try? c.decode(Double.self) {
            text = String(d)
        } else {
            text = "…"  // nested object or array: not shown
        }
    }
}

