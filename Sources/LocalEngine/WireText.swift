import Hummingbird

// MARK: - Wire texts

/// Messages copied from the real engines' source and recordings.
enum WireText {
    static let unauthorized = "unauthorized: invalid or missing API key"
    static let misconfigured = "server misconfigured: API key is required (set LELU_DEV_INSECURE=true for local dev)"
    static let bodyTooLarge = "request body too large"
    static let reviewerRequired = "a valid reviewer credential (X-Lelu-Reviewer-Key) is required to resolve a human_review item"
    static let resolvedByRequired = "resolved_by is required and must name the human resolving this item"
    static let selfApproval = "an actor cannot resolve its own human_review item"
    static let conflict = "this item was already resolved; your decision was not applied"
    static let redeemed = "payload matches the approved request"
    static let redeemPending = "review is still pending human decision"
    static let redeemExpiredReview = "review expired without a human decision"
    static let redeemDenied = "review was denied"
    static let redeemUnbound = "approval is not bound to a payload and cannot be redeemed"
    static let redeemMismatch = "payload does not match what was approved"
    static let redeemAlready = "approval has already been redeemed"

    static func notFound(_ id: String) -> String { "queue: item \(goQuote(id)) not found" }
    static func already(_ id: String, _ status: ReviewStatus) -> String { "queue: item \(goQuote(id)) is already \(status.rawValue)" }
    static func expired(_ id: String) -> String { "queue: item \(goQuote(id)) expired without a decision" }
    static func reviewNotFound(_ id: String) -> String { "review \(goQuote(id)) not found" }

    /// Go's `%q` (`strconv.Quote`): quotes and backslashes escaped, printable Unicode kept, the rest as `\x`/`\u`.
    static func goQuote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isGoPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    static func redeemTooOld(_ ttl: Duration) -> String { "approval expired (older than \(goDuration(ttl)))" }
    static func confidenceOutOfRange(_ value: Double) -> String {
        "confidence: confidence: score \(fixed4(value)) is out of range [0, 1]"
    }

    /// A duration as Go's `time.Duration.String` writes it: `15m0s`, `1.5s`, `300ms`.
    static func goDuration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = Int64(seconds) * 1_000_000_000 + attoseconds / 1_000_000_000
        if nanoseconds == 0 { return "0s" }
        if nanoseconds < 1_000_000_000 {
            for (unit, size) in [("ms", Int64(1_000_000)), ("µs", 1_000), ("ns", 1)] where nanoseconds >= size {
                return fraction(nanoseconds, size) + unit
            }
        }
        var text = fraction(nanoseconds % 60_000_000_000, 1_000_000_000) + "s"
        let minutes = nanoseconds / 60_000_000_000
        if minutes > 0 {
            text = "\(minutes % 60)m" + text
            if minutes >= 60 { text = "\(minutes / 60)h" + text }
        }
        return text
    }

    /// `value / size` with the fractional digits Go keeps (no trailing zeros).
    private static func fraction(_ value: Int64, _ size: Int64) -> String {
        var digits = String(value % size)
        let width = String(size).count - 1
        digits = String(repeating: "0", count: max(0, width - digits.count)) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(value / size)" + (digits.isEmpty ? "" : "." + digits)
    }

    /// Go's `%.4f`.
    private static func fixed4(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e14 else { return String(value) }
        let scaled = (abs(value) * 10_000).rounded()
        let whole = Int64(scaled / 10_000)
        let digits = String(Int64(scaled.truncatingRemainder(dividingBy: 10_000)))
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return "\(sign)\(whole).\(String(repeating: "0", count: 4 - digits.count))\(digits)"
    }
}

// MARK: - Replies

/// Builds responses the way the Go engine writes them.
enum JSONReply {
    /// `json` plus a newline (`json.NewEncoder(w).Encode`), `Content-Type: application/json`.
    static func make(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json + "\n"))
        )
    }

    /// `value`'s wire JSON.
    static func make(_ value: some WireEncodable, status: HTTPResponse.Status = .ok) -> Response {
        make(value.wireJSON, status: status)
    }

    /// `{"error": message}`.
    static func error(_ message: String, status: HTTPResponse.Status) -> Response {
        make(WireJSON.object([("error", WireJSON.string(message))]), status: status)
    }

    /// Go's `http.Error`: `text/plain; charset=utf-8`, `nosniff`, the text and a newline.
    static func plain(_ text: String, status: HTTPResponse.Status, allow: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if let nosniff = HeaderName.xContentTypeOptions { headers[nosniff] = "nosniff" }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// ServeMux's answer for a path no route has.
    static func pageNotFound() -> Response {
        plain("404 page not found", status: .notFound)
    }
}

/// A header name (`HTTPField.Name`, reached through `HTTPFields` so no extra module is imported).
typealias HeaderName = HTTPFields.Element.Name

extension HeaderName {
    /// `X-Content-Type-Options`, which Go's `http.Error` sets.
    static let xContentTypeOptions = HeaderName("X-Content-Type-Options")
    /// The reviewer credential header of the current engine.
    static let reviewerKey = HeaderName("X-Lelu-Reviewer-Key")
}
