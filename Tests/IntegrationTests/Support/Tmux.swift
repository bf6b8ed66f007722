import Foundation
import Testing

// MARK: - Tmux

/// Drives a real binary inside a private tmux server: type keys, read the screen.
///
/// Every session gets its own socket (`tmux -L`), so tests run in parallel. tmux must be
/// installed: a missing tmux fails the test (CI installs it), it never skips. Every call runs
/// the `tmux` program on an immutable socket name, so a session may be driven from any thread.
final class Tmux: @unchecked Sendable {
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
        // The exit code goes on a line of its own, from column 0: a program killed mid-line leaves
        // the cursor anywhere and the terminal raw (`-onlcr`, so `\n` alone keeps the column), and
        // a marker wrapped at the pane's edge is never found. Hence `\r\n`, not `\n`.
        let shell = "\(env)\(command); rc=$?; printf '\\r\\nEXIT_RC=%s\\r\\n' \"$rc\"; stty -a; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)", shell])
    }

    deinit {
        // kill-server alone can leave the pane's programs running (seen here: a console from a
        // failed test still polling an hour later), so end the pane's process group first.
        if let shell = try? display("#{pane_pid}"), let pid = Int32(shell), pid > 1 {
            kill(-pid, SIGTERM)
            kill(pid, SIGTERM)
        }
        _ = try? tmux(["kill-server"])
    }

    /// Sends tmux key names (`Down`, `Enter`, `C-c`) or, with `literal`, text.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", "t"] + (literal ? ["-l"] : []) + keys)
    }

    /// Sends raw bytes as if the terminal had (a focus report: `1b 5b 4f`).
    func sendBytes(_ bytes: [UInt8]) throws {
        try tmux(["send-keys", "-t", "t", "-H"] + bytes.map { String(format: "%02x", $0) })
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
    ///
    /// Spawned with `posix_spawnp` and reaped with `waitpid`: Foundation's `Process` was seen
    /// never noticing a finished `tmux` client here. Output goes through a temporary file, not
    /// a pipe: `tmux new-session` leaves a server behind that inherits the descriptors.
    static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-run-\(UUID().uuidString)").path
        defer { unlink(path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, args[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw TmuxError("cannot run \(args[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { break }
        }
        let output = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
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
