import Foundation
import ReviewModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Discovery and parsing

/// Zero-config discovery (`$LELU_HOME/engine.json`) and the checks every engine URL and key
/// file goes through, for ``ConnectionSettings/resolve(_:environment:)``.
extension ConnectionSettings {
    // MARK: - Discovery

    /// What `$LELU_HOME` (or `~/.lelu`) says about a running local engine.
    struct Discovered: Equatable {
        var url: String
        var key: String?
        var jsonPath: String
        var keyPath: String
    }

    /// Reads `engine.json` and `engine.key`; nil unless the file names a live process and a URL.
    static func discover(_ env: ConnectionEnvironment) -> Discovered? {
        let home = nonEmpty(env.variables["LELU_HOME"]) ?? (env.homeDirectory as NSString).appendingPathComponent(".lelu")
        let jsonPath = (home as NSString).appendingPathComponent("engine.json")
        let keyPath = (home as NSString).appendingPathComponent("engine.key")
        guard let data = env.readFile(jsonPath),
              let file = try? JSONDecoder().decode(EngineFile.self, from: data),
              let url = nonEmpty(file.url),
              let pid = file.pid.flatMap(Int32.init(exactly:)), pid > 0, env.isProcessAlive(pid)
        else { return nil }
        let key = env.readFile(keyPath).flatMap(firstLine)
        return Discovered(url: url, key: key, jsonPath: jsonPath, keyPath: keyPath)
    }

    /// The part of `engine.json` the console reads (other keys are ignored).
    struct EngineFile: Decodable {
        var url: String
        var pid: Int?
    }

    // MARK: - Helpers

    /// Parses an engine URL: absolute, `http` or `https`, with a host.
    static func parseURL(_ text: String, source: SettingSource) throws(ConnectionSettingsError) -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let parts = URLComponents(string: trimmed),
              let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parts.host, !host.isEmpty,
              parts.query == nil, parts.fragment == nil,
              let url = parts.url
        else {
            if let parts = URLComponents(string: trimmed), parts.user != nil || parts.password != nil {
                throw .credentialsInURL(source: source)
            }
            throw .invalidURL(text, source: source)
        }
        guard parts.user == nil, parts.password == nil else { throw .credentialsInURL(source: source) }
        return url
    }

    /// True for `localhost`, `127.0.0.0/8` and `::1`.
    static func isLoopback(host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("["), h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h.hasSuffix(".") { h.removeLast() }
        if h == "localhost" || h.hasSuffix(".localhost") { return true }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, h, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in
                bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
            }
        }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }

    /// True when two engine URLs name the same scheme, host, port and path.
    static func sameEngine(_ url: URL, _ other: String) -> Bool {
        guard let b = URLComponents(string: other), let a = URLComponents(url: url, resolvingAgainstBaseURL: false)
        else { return false }
        func port(_ c: URLComponents) -> Int { c.port ?? (c.scheme?.lowercased() == "https" ? 443 : 80) }
        func path(_ c: URLComponents) -> String {
            var p = c.path
            while p.hasSuffix("/") { p.removeLast() }
            return p
        }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && port(a) == port(b) && path(a) == path(b)
    }

    /// The first line of a file, trimmed; nil when empty.
    static func firstLine(_ data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return nonEmpty(line.trimmingCharacters(in: .whitespaces))
    }

    /// The string when it has non-whitespace content.
    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}
