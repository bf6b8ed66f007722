import Foundation
import ReviewModel

// MARK: - Tolerant decoding

/// Decodes the engine's JSON tolerantly: unknown keys ignored, optional keys absent
/// or null, older dialects' aliases accepted, one malformed item skipped and counted.
package enum WireFormat {
    /// Decodes a `GET /v1/queue/pending` body (`items`, or the older `requests`).
    ///
    /// Byte-level (``PendingDecoder``); gives exactly what ``decodePendingReference(_:)`` gives.
    package static func decodePending(_ data: Data) throws(EngineError) -> PendingList {
        guard let list = PendingDecoder.list(data) else { throw .undecodable(excerpt: excerpt(of: data)) }
        return list
    }

    /// Decodes one `ReviewRequest` (the body of `GET /v1/queue/{id}` and of `/wait`).
    ///
    /// Byte-level (``PendingDecoder``); gives exactly what ``decodeItemReference(_:)`` gives.
    package static func decodeItem(_ data: Data) throws(EngineError) -> ReviewRequest {
        guard let item = PendingDecoder.item(data), !item.id.isEmpty else {
            throw .undecodable(excerpt: excerpt(of: data))
        }
        return item
    }

    // MARK: - The reference decoders

    /// ``decodePending(_:)`` with Foundation's `JSONDecoder` and the tolerant `Decodable` shapes
    /// below: the specification the byte-level decoder is tested against, not used by the console.
    package static func decodePendingReference(_ data: Data) throws(EngineError) -> PendingList {
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
    package static func decodeItemReference(_ data: Data) throws(EngineError) -> ReviewRequest {
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

    // MARK: - Other bodies

    /// Decodes `GET /healthz`, with the current engine's `dependencies.human_review` when present.
    package static func decodeHealth(_ data: Data) throws(EngineError) -> EngineHealth {
        guard let object = try? JSONSerialization.jsonObject(with: repairUTF8(data)) as? [String: Any],
              let status = object["status"] as? String
        else { throw .undecodable(excerpt: excerpt(of: data)) }
        let dependencies = object["dependencies"] as? [String: Any]
        let review = (dependencies?["human_review"] as? [String: Any]).map {
            HumanReviewMode(reviewerCredentials: $0["reviewer_credentials"] as? Bool ?? false)
        }
        return EngineHealth(status: status, service: object["service"] as? String, humanReview: review)
    }

    /// The body of an accepted approve or deny: `{"success":true}` (July) plus, on the current
    /// engine, `resolved_by` and `reviewer_authenticated`. Anything unreadable is an empty receipt:
    /// the 2xx status already said the decision landed.
    package static func decodeReceipt(_ data: Data) -> ResolveReceipt {
        guard let object = try? JSONSerialization.jsonObject(with: repairUTF8(data)) as? [String: Any]
        else { return ResolveReceipt() }
        return ResolveReceipt(
            resolvedBy: object["resolved_by"] as? String,
            reviewerAuthenticated: object["reviewer_authenticated"] as? Bool)
    }

    /// The `error` message of an error body, if the body is `{"error": "..."}`.
    package static func errorMessage(_ data: Data) -> String? {
        errorBody(data)?.error
    }

    /// An error body's `error` and (the current engine's 409) `current_status`; nil when not JSON.
    package static func errorBody(_ data: Data) -> (error: String?, currentStatus: String?)? {
        guard let object = try? JSONSerialization.jsonObject(with: repairUTF8(data)) as? [String: Any]
        else { return nil }
        return (object["error"] as? String, object["current_status"] as? String)
    }

    /// The body of an approve or deny: `{"resolved_by": ..., "note": ...}`.
    package static func decisionBody(resolvedBy: String, note: String) -> Data {
        // Sorted keys keep the bytes stable for tests; JSONEncoder cannot fail on two strings.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(["resolved_by": resolvedBy, "note": note])) ?? Data("{}".utf8)
    }

    /// Encodes requests as the engine's JSON, for `--json` output.
    ///
    /// The output is made terminal-safe: C1 controls, bidi controls and other invisible
    /// format characters (which JSON allows raw inside strings) are written as `\uXXXX`.
    package static func encode(_ items: [ReviewRequest]) -> String {
        jsonSafe(encodeObjects(items.map(wireObject)))
    }

    /// Encodes one request as the engine's JSON, terminal-safe like ``encode(_:)``.
    package static func encode(_ item: ReviewRequest) -> String {
        jsonSafe(encodeObjects(wireObject(item)))
    }

    // MARK: - Helpers

    /// Replaces invalid UTF-8 with U+FFFD so one bad byte cannot sink a whole list.
    static func repairUTF8(_ data: Data) -> Data {
        if String(validating: data, as: UTF8.self) != nil { return data }
        return Data(String(decoding: data, as: UTF8.self).utf8)
    }

    /// A short, printable excerpt of a body for error messages.
    static func excerpt(of data: Data) -> String {
        let head = String(decoding: data.prefix(120), as: UTF8.self)
        let safe = SafeText.line(head, limit: 80)
        return data.count > 120 ? safe + "…" : safe
    }

    static func wireObject(_ item: ReviewRequest) -> [String: WireValue] {
        var o: [String: WireValue] = [
            "id": .string(item.id), "actor": .string(item.actor), "action": .string(item.action),
            "confidence_score": .number(item.confidence), "reason": .string(item.reason),
            "status": .string(item.status.description),
        ]
        if let v = item.tenantID { o["tenant_id"] = .string(v) }
        if !item.resource.isEmpty { o["resource"] = .object(item.resource.mapValues { .string($0) }) }
        if let v = item.actingFor { o["acting_for"] = .string(v) }
        if let v = item.enqueuedAt { o["enqueued_at"] = .string(Timestamp.format(v, fractionDigits: 9)) }
        if let v = item.resolvedAt { o["resolved_at"] = .string(Timestamp.format(v, fractionDigits: 9)) }
        if let v = item.resolvedBy { o["resolved_by"] = .string(v) }
        if let v = item.resolutionNote { o["resolution_note"] = .string(v) }
        return o
    }

    static func encodeObjects<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Escapes characters that JSON allows raw but a terminal may act on.
    package static func jsonSafe(_ json: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if SafeText.isInvisibleOrControl(scalar) && scalar.value >= 0x20 {
                for u in String(scalar).utf16 {
                    out.append(contentsOf: String(format: "\\u%04x", u).unicodeScalars)
                }
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

// MARK: - Wire values

/// A JSON value for encoding the engine's objects.
enum WireValue: Encodable {
    case string(String)
    case number(Double)
    case object([String: WireValue])

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        case .object(let o): try c.encode(o)
        }
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
