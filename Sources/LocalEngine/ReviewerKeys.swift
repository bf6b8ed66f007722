// MARK: - Reviewer credentials

/// The current engine's reviewer credentials (`LELU_REVIEWER_KEYS="alice:<secret>,bob:<secret>"`).
struct ReviewerKeys: Sendable, Equatable {
    /// The shortest secret the engine accepts.
    static let minimumSecretLength = 16

    /// One reviewer: the name that becomes `resolved_by`, and the secret sent in `X-Lelu-Reviewer-Key`.
    struct Credential: Sendable, Equatable {
        let name: String
        let secret: String
    }

    /// The valid credentials; empty means the feature is off.
    let credentials: [Credential]
    /// One line per ignored pair, naming it by position and reviewer, never by secret.
    let warnings: [String]

    /// Whether reviewer credentials are required to resolve.
    var isEnabled: Bool { !credentials.isEmpty }

    /// Parses the setting: pairs are trimmed; malformed pairs and short secrets are ignored with a warning.
    init(parsing setting: String?) {
        var credentials: [Credential] = []
        var warnings: [String] = []
        let pairs = (setting ?? "").split(separator: ",", omittingEmptySubsequences: false)
        for (index, rawPair) in pairs.enumerated() {
            let pair = rawPair.trimmingSpaces
            if pair.isEmpty { continue }
            guard let colon = pair.firstIndex(of: ":") else {
                warnings.append("warning: reviewer key #\(index + 1) ignored: expected name:secret")
                continue
            }
            let name = pair[..<colon].trimmingSpaces
            let secret = pair[pair.index(after: colon)...].trimmingSpaces
            guard !name.isEmpty else {
                warnings.append("warning: reviewer key #\(index + 1) ignored: the name is empty")
                continue
            }
            guard secret.count >= Self.minimumSecretLength else {
                warnings.append("warning: reviewer key #\(index + 1) (\(name)) ignored: the secret is shorter than \(Self.minimumSecretLength) characters")
                continue
            }
            credentials.append(Credential(name: name, secret: secret))
        }
        if credentials.isEmpty && !warnings.isEmpty {
            warnings.append("warning: no valid reviewer key; reviewer credentials are off")
        }
        self.credentials = credentials
        self.warnings = warnings
    }

    /// The reviewer whose secret is `header` (trimmed), comparing against every secret in constant time.
    func reviewer(for header: String?) -> String? {
        let presented = (header ?? "").trimmingSpaces
        var found: String?
        for credential in credentials where constantTimeEquals(presented, credential.secret) && !presented.isEmpty {
            found = found ?? credential.name
        }
        return found
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks (close to Go's `strings.TrimSpace`).
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
