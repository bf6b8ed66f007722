import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Review item

/// The state of one queue item, spelled as on the wire.
enum ReviewStatus: String, Sendable {
    case pending
    case approved
    case denied
    /// Current dialect only: still pending past the maximum age. Worked out on read, never stored.
    case expired
}

/// One human-review queue item, encoded exactly like the Go engine's `ReviewRequest`.
///
/// Optional fields are omitted when empty, as Go's `omitempty` does.
struct ReviewItem: WireEncodable, Equatable {
    var id: String
    var tenantID: String = ""
    var actor: String
    var action: String
    var resource: [String: String] = [:]
    var confidenceScore: Double
    var reason: String
    var actingFor: String = ""
    var enqueuedAt: Timestamp
    var status: ReviewStatus = .pending
    var resolvedAt: Timestamp?
    var resolvedBy: String = ""
    var resolutionNote: String = ""
    /// SHA-256 of the authorize request's effect (current dialect); empty means not bound.
    var payloadFingerprint: String = ""
    /// When the approval was redeemed (current dialect).
    var redeemedAt: Timestamp?

    var wireJSON: String {
        WireJSON.object([
            ("id", WireJSON.string(id)),
            ("tenant_id", Self.omitEmpty(tenantID)),
            ("actor", WireJSON.string(actor)),
            ("action", WireJSON.string(action)),
            ("resource", resource.isEmpty ? nil : WireJSON.map(resource)),
            ("confidence_score", WireJSON.number(confidenceScore)),
            ("reason", WireJSON.string(reason)),
            ("acting_for", Self.omitEmpty(actingFor)),
            ("enqueued_at", WireJSON.string(enqueuedAt.rfc3339)),
            ("status", WireJSON.string(status.rawValue)),
            ("resolved_at", resolvedAt.map { WireJSON.string($0.rfc3339) }),
            ("resolved_by", Self.omitEmpty(resolvedBy)),
            ("resolution_note", Self.omitEmpty(resolutionNote)),
            ("payload_fingerprint", Self.omitEmpty(payloadFingerprint)),
            ("redeemed_at", redeemedAt.map { WireJSON.string($0.rfc3339) }),
        ])
    }

    private static func omitEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : WireJSON.string(text)
    }
}

// MARK: - Timestamp

/// A wall-clock instant with nanosecond precision, formatted like Go's `time.RFC3339Nano` in UTC.
struct Timestamp: Sendable, Equatable, Comparable {
    /// Seconds since the Unix epoch.
    var seconds: Int
    /// Nanoseconds within the second, 0..<1_000_000_000.
    var nanoseconds: Int

    /// The current time from the real-time clock.
    static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int(spec.tv_sec), nanoseconds: Int(spec.tv_nsec))
    }

    /// This instant moved by `duration` (which may be negative).
    func adding(_ duration: Duration) -> Timestamp {
        let (whole, attoseconds) = duration.components
        var total = nanoseconds + Int(attoseconds / 1_000_000_000)
        var secondsPart = seconds + Int(whole)
        secondsPart += total.floorDivide(by: 1_000_000_000)
        total = total.floorModulo(by: 1_000_000_000)
        return Timestamp(seconds: secondsPart, nanoseconds: total)
    }

    static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// `2026-07-01T11:26:46.123456789Z`; trailing fractional zeros are trimmed as Go does.
    var rfc3339: String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let date = "\(Self.pad(Int(parts.tm_year) + 1900, 4))-\(Self.pad(Int(parts.tm_mon) + 1, 2))-\(Self.pad(Int(parts.tm_mday), 2))"
        let clock = "\(Self.pad(Int(parts.tm_hour), 2)):\(Self.pad(Int(parts.tm_min), 2)):\(Self.pad(Int(parts.tm_sec), 2))"
        var fraction = ""
        if nanoseconds > 0 {
            var digits = Self.pad(nanoseconds, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            fraction = "." + digits
        }
        return "\(date)T\(clock)\(fraction)Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Int {
    /// Division rounding toward negative infinity.
    fileprivate func floorDivide(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }

    /// The remainder that goes with ``floorDivide(by:)``, always in `0..<divisor`.
    fileprivate func floorModulo(by divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
