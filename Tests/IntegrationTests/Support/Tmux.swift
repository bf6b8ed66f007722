import Foundation
import Testing

// MARK: - Tmux

/// Drives a real binary inside a private tmux server: type keys, read the screen.
///
/// Every session gets its own socket (`tmux -L`), so tests run in parallel. tmux must be
/// installed: a missing tmux fails the test (CI installs it), it never skips.
final class Tmux {
    /// The socket name of this private server.
    let socket: String
    /// The pane's shell command.
    let command: String

    /// Starts `command` in a new detached session of `width`x`height`.
    init(command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        socket = "lelu-\(getpid())-\(UUID().uuidString.prefix(8))"
        self.command = command
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
            || (try? Self.run(["which", "tmux"]).status) == 0
        else {
            throw TmuxError("tmux is not installed: apt-get install tmux (CI installs it; these tests never skip)")
        }
        var env = ""
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { env += "\(k)=\(Self.quote(v)) " }
        let shell = "\(env)\(command); echo EXIT_RC=$?; stty -a; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)", shell])
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Sends tmux key names (`Down`, `Enter`, `C-c`) or, with `literal`, text.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", "t"] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen as text.
    func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "t"] + (escapes ? ["-e"] : []))
    }

    /// A tmux format value, e.g. `#{alternate_on}`.
    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "t", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The PID of the program the pane's shell started (the console itself).
    func programPID() throws -> Int32 {
        let shell = try display("#{pane_pid}")
        let children = try Self.run(["pgrep", "-P", shell]).output
            .split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
        guard let pid = children.first else { throw TmuxError("no child process under pane shell \(shell)") }
        return pid
    }

    /// Resizes the window (delivers KEY_RESIZE).
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `predicate` holds; returns the screen, or throws with the last one.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TmuxError("timed out waiting for \(what); screen was:\n\(screen)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    @discardableResult
    private func tmux(_ args: [String]) throws -> String {
        let result = try Self.run(["tmux", "-L", socket] + args)
        guard result.status == 0 else {
            throw TmuxError("tmux \(args.joined(separator: " ")) failed (\(result.status)): \(result.output)")
        }
        return result.output
    }

    /// Runs a command and returns its exit status and combined output.
    static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Single-quotes a string for sh.
    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A tmux-driven test failed to get what it waited for.
struct TmuxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
