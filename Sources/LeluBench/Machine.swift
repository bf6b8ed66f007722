import Foundation

// MARK: - Machine

/// The machine a report was measured on.
struct Machine: Sendable {
    var cores: String
    var cpu: String
    var memory: String
    var swift: String
    var kernel: String
    var date: String
    /// `/proc/loadavg` when the run ended: other work competing for the cores.
    var load: String

    /// Reads `nproc`, `/proc/cpuinfo`, `/proc/meminfo`, `swift --version`, `uname -sr` and the date.
    static func current() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let totalKiB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
        let swift = output(["swift", "--version"]).split(separator: "\n")
            .first { $0.contains("Swift version") }.map(String.init) ?? "unknown"
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return Machine(
            cores: output(["nproc"]).trimmingCharacters(in: .whitespacesAndNewlines),
            cpu: model ?? "unknown",
            memory: totalKiB.map { String(format: "%.1f GiB", Double($0) / 1_048_576) } ?? "unknown",
            swift: swift.trimmingCharacters(in: .whitespaces),
            kernel: output(["uname", "-sr"]).trimmingCharacters(in: .whitespacesAndNewlines),
            date: formatter.string(from: Date()),
            load: ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "unknown")
                .split(separator: " ").prefix(3).joined(separator: " "))
    }
}
