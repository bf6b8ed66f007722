import Foundation
import ReviewModel

// MARK: - Tolerant decoding

/// Decodes the engine's JSON tolerantly: unknown keys ignored, optional keys absent
/// or null, older dialects' aliases accepted, one malformed item skipped and counted.
package enum WireFormat {
    /// Decodes a `GET /v1/queue/pending` body (`items`, or the older `requests`).
    ///
    /// Byte-level (``PendingDecoder``); gives exactly what the reference decoder of the tests gives (`Tests/LeluClientTests/ReferenceDecoder.swift`).
    package static func decodePending(_ data: Data) throws(EngineError) -> PendingList {
        guard let list = PendingDecoder.list(data) else { throw .undecodable(excerpt: excerpt(of: data)) }
        return list
    }

    /// Decodes one `ReviewRequest` (the body of `GET /v1/queue/{id}` and of `/wait`).
    ///
    /// Byte-level (``PendingDecoder``); gives exactly what the reference decoder of the tests gives.
    package static func decodeItem(_ data: Data) throws(EngineError) -> ReviewRequest {
        guard let item = PendingDecoder.item(data), !item.id.isEmpty else {
            throw .undecodable(excerpt: excerpt(of: data))
        }
        return item
    }

    // MARK: - Other bodies

    /// Decodes `GET /healthz`, with the current engine's `dependencies.human_review` when present.
    static func decodeHealth(_ data: Data) throws(EngineError) -> EngineHealth {
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
    static func decodeReceipt(_ data: Data) -> ResolveReceipt {
        guard let object = try? JSONSerialization.jsonObject(with: repairUTF8(data)) as? [String: Any]
        else { return ResolveReceipt() }
        return ResolveReceipt(
            resolvedBy: object["resolved_by"] as? String,
            reviewerAuthenticated: object["reviewer_authenticated"] as? Bool)
    }

    /// The `error` message of an error body, if the body is `{"error": "..."}`.
    static func errorMessage(_ data: Data) -> String? {
        errorBody(data)?.error
    }

    /// An error body's `error` and (the current engine's 409) `current_status`; nil when not JSON.
    static func errorBody(_ data: Data) -> (error: String?, currentStatus: String?)? {
        guard let object = try? JSONSerialization.jsonObject(with: repairUTF8(data)) as? [String: Any]
        else { return nil }
        return (object["error"] as? String, object["current_status"] as? String)
    }

    /// The body of an approve or deny: `{"resolved_by": ..., "note": ...}`.
    static func decisionBody(resolvedBy: String, note: String) -> Data {
        // Sorted keys keep the bytes stable for tests; JSONEncoder cannot fail on two strings.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(["resolved_by": resolvedBy, "note": note])) ?? Data("{}".utf8)
    }

    /// Encodes requests as the engine's JSON, for `--json` output.
    ///
    /// The output is made terminal-safe: C1 controls, bidi controls and other invisible
    /// format characters (which JSON allows raw inside strings) are written as `\uXXXX`.
    static func encode(_ items: [ReviewRequest]) -> String {
        jsonSafe(encodeObjects(items.map(wireObject)))
    }

    /// Encodes one request as the engine's JSON, terminal-safe like ``encode(_:)``.
    static func encode(_ item: ReviewRequest) -> String {
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
