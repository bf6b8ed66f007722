import Foundation
import ReviewModel

// MARK: - Item fields

/// The keys an item's fields are read from, in every dialect; a field tries its keys in the
/// order ``JSONBytes/request(_:)`` names them, as `LossyRequest.decode` does.
enum ItemField {
    /// The keys; a key's index is its slot.
    static let names: [[UInt8]] = [
        "id", "tenant_id", "tenantId", "actor", "agent_id", "agentId", "action", "resource",
        "confidence_score", "confidence", "reason", "acting_for", "actingFor", "enqueued_at", "created_at",
        "timestamp", "status", "resolved_at", "resolved_by", "reviewer_id", "resolution_note", "comment",
    ].map { Array($0.utf8) }

    /// The slots of the identity keys, in ``names`` order.
    static let id = 0, tenantID = 1, tenantId = 2, actor = 3, agentID = 4, agentId = 5, action = 6
    /// The slots of the request's content keys.
    static let resource = 7, confidenceScore = 8, confidence = 9, reason = 10, actingFor = 11, actingForCamel = 12
    /// The slots of the time and status keys.
    static let enqueuedAt = 13, createdAt = 14, timestamp = 15, status = 16, resolvedAt = 17, resolvedBy = 18
    /// The slots of the resolution keys.
    static let reviewerID = 19, resolutionNote = 20, comment = 21
}

// MARK: - One item

extension JSONBytes {
    /// Reads the object at `index` as a request: nil when the reference's `LossyRequest` would
    /// be nil (a key it cannot read, no usable ID). The ID may be empty; the caller decides.
    ///
    /// `slots` is scratch space of ``ItemField/names``'s size, reused from item to item.
    mutating func item(_ slots: inout [JSONValue?]) throws(JSONSyntaxError) -> ReviewRequest? {
        for slot in slots.indices { slots[slot] = nil }
        var readable = true
        if try beginObject() {
            repeat {
                switch fieldName(try key(), table: ItemField.names) {
                case .unreadable:
                    readable = false
                    _ = try value()
                case .name(nil):
                    _ = try value()
                case .name(let slot?):
                    let scanned = try value()
                    if slots[slot] == nil { slots[slot] = scanned }  // the first of duplicate keys counts
                }
            } while try nextMember()
        }
        return readable ? request(slots) : nil
    }

    /// The request the scanned fields make, or nil without a string or integer ID.
    func request(_ slots: [JSONValue?]) -> ReviewRequest? {
        func string(_ a: Int, _ b: Int = -1, _ c: Int = -1) -> String? {
            if case .string(let span)? = slots[a], let text = text(span) { return text }
            if b >= 0, case .string(let span)? = slots[b], let text = text(span) { return text }
            if c >= 0, case .string(let span)? = slots[c], let text = text(span) { return text }
            return nil
        }
        var numericID: String?
        if case .number(let start, let end)? = slots[ItemField.id] { numericID = int(start: start, end: end).map { String($0) } }
        guard let id = string(ItemField.id) ?? numericID else { return nil }
        let confidence = number(slots, ItemField.confidenceScore, ItemField.confidence) ?? 0
        return ReviewRequest(
            id: id,
            tenantID: string(ItemField.tenantID, ItemField.tenantId),
            actor: string(ItemField.actor, ItemField.agentID, ItemField.agentId) ?? "",
            action: string(ItemField.action) ?? "",
            resource: resource(slots, flat: string(ItemField.resource)),
            confidence: confidence.isFinite ? min(1, max(0, confidence)) : 0,
            reason: string(ItemField.reason) ?? "",
            actingFor: string(ItemField.actingFor, ItemField.actingForCamel),
            enqueuedAt: string(ItemField.enqueuedAt, ItemField.createdAt, ItemField.timestamp).flatMap(Timestamp.parse),
            status: ReviewStatus(string(ItemField.status) ?? "pending"),
            resolvedAt: string(ItemField.resolvedAt).flatMap(Timestamp.parse),
            resolvedBy: string(ItemField.resolvedBy, ItemField.reviewerID),
            resolutionNote: string(ItemField.resolutionNote, ItemField.comment)
        )
    }

    /// The first of two number fields that reads as a number, or as a string holding one
    /// (`Double(String)`, as the reference: "inf" and "nan" are numbers there too).
    private func number(_ slots: [JSONValue?], _ first: Int, _ second: Int) -> Double? {
        for slot in first...second {  // adjacent slots, the first one first
            switch slots[slot] {
            case .number(let start, let end)?:
                if let value = double(start: start, end: end) { return value }
            case .string(let span)?:
                if let text = text(span), let value = Double(text) { return value }
            default:
                continue
            }
        }
        return nil
    }

    // MARK: - Resource

    /// `resource`: an object of scalars read as text, or an older dialect's flat string.
    private func resource(_ slots: [JSONValue?], flat: String?) -> [String: String] {
        if case .object(let start, _)? = slots[ItemField.resource], let object = scalarObject(at: start) {
            return object
        }
        if let flat, !flat.isEmpty { return ["resource": flat] }  // older dialect: "user:456"
        return [:]
    }

    /// The (already scanned) object at `start` as `[String: ScalarText]` reads it: nil when a
    /// key cannot be read; the first of duplicate keys counts (compared as Swift strings).
    private func scalarObject(at start: Int) -> [String: String]? {
        var reader = self
        reader.index = start
        reader.depth = 0
        var pairs: [(String, String)] = []
        do {
            guard try reader.beginObject() else { return [:] }
            repeat {
                guard let name = text(try reader.key()) else { return nil }
                pairs.append((name, scalarText(try reader.value())))
            } while try reader.nextMember()
        } catch {
            return nil  // not reached: the object was scanned once already
        }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    /// A value as `ScalarText` shows it: null as empty, a string, a boolean, an integer, a
    /// double (Swift's `description`), and anything else (or unreadable) as "…".
    private func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let span): return text(span) ?? "…"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let start, let end):
            if let integer = int(start: start, end: end) { return String(integer) }
            if let double = double(start: start, end: end) { return String(double) }
            return "…"
        case .array, .object: return "…"
        }
    }
}
