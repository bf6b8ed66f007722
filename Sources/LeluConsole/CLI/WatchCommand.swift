import ArgumentParser
import ConsoleConfig
import ConsoleRuntime
import Foundation
import LeluClient
import ReviewModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - watch

/// `lelu-console watch`: a line per queue event, for pipes, `notify-send`, log shippers and screen readers.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print a line per queue event: pending at start, arrived, left, resolved elsewhere, decided.",
        discussion: """
            Text lines are TIME EVENT ID ACTION ACTOR CONFIDENCE (then STATUS by NAME for a resolution); \
            --json prints one JSON object per line. The queue is kept as the console keeps it: the whole \
            queue on every engine, rows checked with the engine before they are said to have left. Each \
            line is flushed; a closed pipe ends the command with status 0.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print JSON lines instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Seconds between polls (at least 0.2; default 1).", valueName: "SECONDS"))
    var interval: Double?

    @Option(name: .long, help: ArgumentHelp("The most pending requests held (default 5000).", valueName: "N"))
    var maxRequests: Int?

    func validate() throws {
        if let interval, !(interval.isFinite && interval >= 0.2 && interval <= 3600) {
            throw ValidationError("--interval must be between 0.2 and 3600 seconds")
        }
        if let maxRequests, maxRequests < 1 || maxRequests > 1_000_000 {
            throw ValidationError("--max-requests must be between 1 and 1000000")
        }
    }

    func run() async throws {
        // A closed pipe is an answer (`| head`), not a crash: writes fail with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        let (config, console) = try connection.consoleSettings(ConsoleFlags(interval: interval, maxRequests: maxRequests))
        let links = try connection.links(config: config)
        if links.count > 1 { return try await watchSeveral(links, console: console) }
        try await connection.withClient(links[0]) { client, settings throws(CommandFailure) in
            do throws(EngineError) {
                // The first contact decides the exit status, as for `list`; later failures are retried.
                _ = try await client.pending()
            } catch {
                throw CommandFailure(error, settings: settings)
            }
            await WatchSession(client: client, settings: settings, console: console, json: json).run()
        }
    }
}

// MARK: - Several engines

extension WatchCommand {
    /// Watches several engines as one queue. The first contact with each decides: when none
    /// answers, the first one's failure is the exit status; one that fails is named on stderr
    /// and retried like any engine that stops answering.
    func watchSeveral(_ links: [EngineLink], console: ConsoleSettings) async throws {
        let json = json
        try await connection.withClients(links) { clients throws(CommandFailure) in
            var failures: [CommandFailure] = []
            for (link, client) in zip(links, clients) {
                do throws(EngineError) {
                    _ = try await client.pending()
                } catch {
                    Output.error(link.failureLine(error))
                    failures.append(CommandFailure(status: ExitStatus(error), message: nil))
                }
            }
            if failures.count == links.count, let first = failures.first { throw CommandFailure(status: first.status, message: nil) }
            var session = WatchSession(client: clients[0], settings: links[0].settings, console: console, json: json)
            session.clients = links.clientsByLabel(clients)
            session.engines = links.map(\.spec)
            await session.run()
        }
    }
}

// MARK: - Session

/// The console's runner and queue model with no screen: the state's feed becomes lines on stdout.
struct WatchSession {
    var client: any EngineClient
    var settings: ConnectionSettings
    var console: ConsoleSettings
    var json: Bool
    /// With several engines: each one's client by label, and how each is watched.
    var clients: [String: any EngineClient] = [:]
    var engines: [EngineSpec] = []

    /// Runs until stdout closes or a signal ends the process.
    @MainActor
    func run() {
        var state = ConsoleState(
            engineLabel: settings.engineDisplay, engineURL: settings.engineURL.absoluteString,
            reviewer: settings.reviewer, now: Date(), size: Size(width: 80, height: 24))
        state.apply(console.preferences(notify: .off))
        if !engines.isEmpty { state.watch(engines) }
        state.feed = QueueFeed(reports: true)
        let terminal = LineTerminal()
        let runner = ConsoleRunner(state: state, client: client, clients: clients, terminal: terminal, theme: .default,
                                   journal: nil)
        let json = json
        runner.onReport = { [weak runner] changes in
            let now = Date()
            let queue = runner.map { pendingCount($0.state) } ?? ""
            for change in changes where !terminal.closed {
                terminal.write(json ? WatchLine.json(change, at: now, queue: queue) : WatchLine.text(change, at: now))
            }
        }
        runner.run()
    }
}

// MARK: - Terminal

/// The runner's terminal for `watch`: no screen and no keys; it waits for engine answers and
/// notices when standard output is closed.
@MainActor
final class LineTerminal: TerminalScreen {
    let size = Size(width: 80, height: 24)
    /// Whether standard output is gone (a write failed, or the reader closed the pipe).
    private(set) var closed = false
    /// Whether a hang-up on standard output ends the run (`watch`); a one-shot read prints at the end.
    let watchesOutput: Bool

    /// A terminal of lines; `watchesOutput` makes a closed standard output end the run.
    init(watchesOutput: Bool = true) {
        self.watchesOutput = watchesOutput
    }

    func start() throws {}
    func draw(_ grid: Grid) {}
    func invalidate() {}
    func setTitle(_ text: String) {}
    func bell() {}
    func restore() {}

    /// Writes one line and flushes it; a failure marks the output closed.
    func write(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeMutableBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let n = systemWrite(STDOUT_FILENO, base + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        if !written { closed = true }
    }

    /// Waits for an engine answer; a closed stdout ends the run as a signal would.
    func readKey(timeoutMilliseconds: Int, wakeup: Wakeup?) -> TerminalInput? {
        if closed { return .signal(SIGPIPE) }
        var fds = [pollfd(fd: watchesOutput ? STDOUT_FILENO : -1, events: 0, revents: 0)]
        if let wakeup { fds.append(pollfd(fd: wakeup.descriptor, events: Int16(POLLIN), revents: 0)) }
        guard poll(&fds, nfds_t(fds.count), Int32(clamping: max(0, timeoutMilliseconds))) > 0 else { return nil }
        if fds[0].revents & Int16(POLLERR | POLLHUP) != 0 {
            closed = true
            return .signal(SIGPIPE)
        }
        if fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 { wakeup?.drain() }
        return nil
    }
}

/// `write(2)`, named apart from ``LineTerminal/write(_:)``.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
    #else
        Darwin.write(fd, bytes, count)
    #endif
}
