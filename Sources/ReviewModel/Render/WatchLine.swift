import Foundation

// MARK: - Watch lines

/// One line of `lelu-console watch` per queue change: text for people and pipes, or JSON.
///
/// Every field from the engine goes through ``SafeText`` as on screen, so a line never holds
/// an escape sequence or a control character. In text, fields are separated by single spaces:
/// whitespace inside a field becomes `_` and an empty field is `-` (the JSON form keeps the text).
package enum WatchLine {
    /// `TIME EVENT ID ACTION ACTOR CONFIDENCE`, then `STATUS by NAME` for a resolution; with
    /// several engines `TIME EVENT ENGINE ID …`.
    ///
    /// `2026-12-05T05:40:12Z arrived 3f9a1c2e-… issue_refund billing_bot 0.78`. TIME is when the
    /// console saw the change, except for a resolution the engine dated (`resolved_at`): then it
    /// is the engine's time of the decision.
    package static func text(_ change: QueueChange, at time: Date) -> String {
        let request = change.request
        let engine = request.engine.isEmpty ? [] : [request.engine]
        var fields = [Self.time(eventTime(change) ?? time), change.name] + engine + [
            field(request.requestID, limit: 200), field(request.action, limit: 120),
            field(request.actor, limit: 120), String(format: "%.2f", request.confidence),
        ]
        if let (status, by) = resolution(change) {
            fields.append(field(status.description, limit: 20))
            if let by { fields += ["by", field(by, limit: 120)] }
        }
        return fields.joined(separator: " ")
    }

    /// The same as one JSON object, keys in a fixed order; `queue` is the console's count ("≥ 120 pending").
    ///
    /// `time` is as in ``text(_:at:)``; `seen` is always when the console saw the change.
    package static func json(_ change: QueueChange, at time: Date, queue: String) -> String {
        let request = change.request
        var fields: [(String, String)] = [
            ("time", quote(Self.time(eventTime(change) ?? time))), ("seen", quote(Self.time(time))),
            ("event", quote(change.name)),
        ]
        if !request.engine.isEmpty { fields.append(("engine", quote(request.engine))) }
        fields += [
            ("id", quote(SafeText.line(request.requestID, limit: 200))),
            ("action", quote(SafeText.line(request.action, limit: 120))),
            ("actor", quote(SafeText.line(request.actor, limit: 120))),
            ("confidence", request.confidence.isFinite ? "\(request.confidence)" : "null"),
        ]
        if let tenant = request.tenantID { fields.append(("tenant", quote(SafeText.line(tenant, limit: 120)))) }
        if let (status, by) = resolution(change) {
            fields.append(("status", quote(SafeText.line(status.description, limit: 20))))
            if let by { fields.append(("resolved_by", quote(SafeText.line(by, limit: 120)))) }
        }
        fields.append(("queue", quote(queue)))
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    // MARK: - Pieces

    /// A JSON string literal (quotes, backslashes and control characters escaped).
    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The status and reviewer of a resolution, nil for other changes.
    private static func resolution(_ change: QueueChange) -> (ReviewStatus, String?)? {
        switch change {
        case .resolved(_, let status, let by), .decided(_, let status, let by): (status, by)
        case .expired: (.expired, nil)
        default: nil
        }
    }

    /// The engine's `resolved_at` for a resolution that carries one.
    private static func eventTime(_ change: QueueChange) -> Date? {
        resolution(change) == nil ? nil : change.request.resolvedAt
    }

    /// One text field: sanitized, no whitespace, never empty.
    private static func field(_ text: String, limit: Int) -> String {
        let clean = SafeText.line(text, limit: limit)
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: "_")
        return clean.isEmpty ? "-" : clean
    }

    /// UTC, to the second: `2026-12-05T05:40:12Z`.
    private static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
