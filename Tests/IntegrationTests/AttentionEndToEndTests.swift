import AsyncHTTPClient
import Foundation
import NIOCore
@testable import ReviewModel
import Testing
import TestSupport

// MARK: - Reviewer attention, end to end

/// Issue 16's acceptance with the real binaries: an OSC notification captured under `script` in
/// tmux when the console is unfocused (and none when focused), `watch --json | head -n 3`, and a
/// terminal without cursor addressing.
@Suite("Reviewer attention end to end (tmux, script, pipes)", .serialized)
struct AttentionEndToEndTests {
    static let key = "lelu_test_attention_5c2a"

    /// A private home and the environment the console runs in.
    func environment(home: URL, term: String = "tmux-256color") -> [String: String] {
        ["TERM": term, "LANG": "C.UTF-8", "HOME": home.path, "LELU_HOME": home.path,
         "LELU_API_KEY": Self.key, "USER": "tester", "SHELL": "/bin/sh"]
    }

    func engine() async throws -> EngineProcess {
        try await EngineProcess(
            arguments: ["--api-key", Self.key], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    }

    func home() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-attention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: Notifications

    @Test("unfocused: a new request gives exactly one OSC 777 through tmux, naming its action sanitized; focused: none")
    func notificationOnlyWhenUnfocused() async throws {
        let engine = try await engine()
        defer { engine.stop() }
        let dir = try home()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (tmux, typescript) = try await scripted(
            "exec \(try Binaries.path("lelu-console").path) --engine \(engine.baseURL) --interval 0.3 --notify osc777", in: dir)
        // Focused first (lost and back, so `CSI I` is read), while no notification has gone out
        // yet: one sent now could not be hidden by the 10 s between two notifications.
        try tmux.sendBytes([0x1B, 0x5B, 0x4F])  // CSI O: the terminal lost focus
        try tmux.sendBytes([0x1B, 0x5B, 0x49])  // CSI I: focus is back
        try await enqueueForReview(engine.baseURL, key: Self.key, action: "send_mail_focused")
        _ = try await blocking { try tmux.waitFor(text: "send_mail_focused") }
        try await Task.sleep(for: .seconds(1))
        #expect(try Self.notifications(in: typescript).isEmpty, "focused: no notification")

        try tmux.sendBytes([0x1B, 0x5B, 0x4F])
        let hostile = "wire_funds\u{1B}]52;c;SU5KRUNURUQ=\u{07};9;4\u{9B}2J_end"
        try await enqueueForReview(engine.baseURL, key: Self.key, action: hostile)
        _ = try await blocking { try tmux.waitFor(text: "wire_funds") }
        try await Task.sleep(for: .seconds(1))  // three more polls: still one notification
        let unfocused = try Self.notifications(in: typescript)
        #expect(unfocused.count == 1, "\(unfocused.map(\.debugDescription))")
        let expected = DesktopNotification(method: .osc777, count: 1, action: hostile, actor: "support_agent")
        #expect(unfocused.first == "\u{1B}]777;notify;lelu-console;\(expected.body)\u{1B}\\")
        for notification in unfocused {
            let inner = notification.dropFirst(2).dropLast(2)  // its own ESC ] … ESC \ framing
            #expect(inner.unicodeScalars.allSatisfy { !SafeText.isInvisibleOrControl($0) }, "\(inner.debugDescription)")
            #expect(inner.hasPrefix("777;notify;lelu-console;1 request waiting — wire_funds"))
            #expect(!inner.contains("SU5KRUNURUQ") && !inner.contains("52,c"), "the hostile payload is gone")
        }

        try tmux.send("q")
        _ = try await blocking { try tmux.waitFor(text: "EXIT_RC=0") }
        let bytes = try Self.capture(typescript)
        let on = try #require(bytes.range(of: "\u{1B}[?1004h"), "focus reporting was turned on")
        #expect(bytes[on.upperBound...].contains("\u{1B}[?1004l"), "and off again on the way out")
    }

    @Test("a crash signal turns focus reporting off on its way out, like the alternate screen")
    func focusOffAfterACrash() async throws {
        let engine = try await engine()
        defer { engine.stop() }
        let dir = try home()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = "crash-\(UUID().uuidString.prefix(8))"
        let (tmux, typescript) = try await scripted(
            "exec \(try Binaries.path("lelu-console").path) --engine \(engine.baseURL) --notify bell --reviewer \(marker)",
            in: dir)
        let pid = try Tmux.run(["pgrep", "-n", "-f", "lelu-console --engine .* --reviewer \(marker)"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try Tmux.run(["kill", "-ABRT", pid])
        let screen = try await blocking { try tmux.waitFor(text: "EXIT_RC=") }
        // `script -e` passes on its child's death by signal: 128 + SIGABRT.
        #expect(screen.contains("EXIT_RC=\(128 + SIGABRT)"), "\(screen)")
        let bytes = try Self.capture(typescript)
        let on = try #require(bytes.range(of: "\u{1B}[?1004h"), "focus reporting was turned on")
        #expect(bytes[on.upperBound...].contains("\u{1B}[?1004l"), "and off again by the crash handler")
    }

    @Test("Ctrl-Z turns focus reporting off before the shell is back; fg turns it on again, repaints, and keys work")
    func suspendAndResume() async throws {
        let engine = try await engine()
        defer { engine.stop() }
        let dir = try home()
        defer { try? FileManager.default.removeItem(at: dir) }
        let typescript = dir.appendingPathComponent("typescript").path
        // An interactive shell with job control, as a reviewer has; its prompt is easy to find.
        var env = environment(home: dir)
        env["PS1"] = "PROMPT$ "
        let tmux = try Tmux(command: "script -q -f \(Tmux.quote(typescript)) -c 'bash --norc --noprofile -i'",
                            width: 140, height: 30, environment: env)
        _ = try await blocking { try tmux.waitFor(text: "PROMPT$") }
        try tmux.send("\(try Binaries.path("lelu-console").path) --engine \(engine.baseURL) --notify osc9", literal: true)
        try tmux.send("Enter")
        _ = try await blocking { try tmux.waitFor(text: "No requests waiting") }
        for round in 1...2 {
            try tmux.send("C-z")
            _ = try await blocking { try tmux.waitFor("the shell reporting the stop") { $0.components(separatedBy: "Stopped").count == round + 1 } }
            let stopped = try Self.capture(typescript)
            let stop = try #require(stopped.range(of: "Stopped", options: .backwards))
            let before = stopped[..<stop.lowerBound]
            let lastOff = try #require(before.range(of: "\u{1B}[?1004l", options: .backwards), "round \(round): never off")
            let lastOn = try #require(before.range(of: "\u{1B}[?1004h", options: .backwards))
            #expect(lastOff.lowerBound > lastOn.lowerBound, "round \(round): reporting is off while the shell has the terminal")
            try tmux.send("fg", literal: true)
            try tmux.send("Enter")
            _ = try await blocking { try tmux.waitFor(text: "No requests waiting") }
            let resumed = try Self.capture(typescript)
            #expect(resumed[stop.upperBound...].contains("\u{1B}[?1004h"), "round \(round): on again after fg")
        }
        try tmux.send("q")
        _ = try await blocking { try tmux.waitFor("the prompt after q") { $0.components(separatedBy: "PROMPT$").count >= 4 } }
        let bytes = try Self.capture(typescript)
        #expect(bytes.components(separatedBy: "\u{1B}[?1004h").count == 4, "on at the start and after each fg")
        #expect(bytes.components(separatedBy: "\u{1B}[?1004h").count == bytes.components(separatedBy: "\u{1B}[?1004l").count,
                "every on has its off")
    }

    /// Starts `command` (a shell line; no core files) under `script -e -f` in tmux and waits for the
    /// console's empty queue; returns the session and the capture's path.
    func scripted(_ command: String, in dir: URL) async throws -> (Tmux, String) {
        let typescript = dir.appendingPathComponent("typescript").path
        let shell = "sh -c " + Tmux.quote("ulimit -c 0; \(command)")
        let tmux = try Tmux(command: "script -e -q -f \(Tmux.quote(typescript)) -c \(Tmux.quote(shell))",
                            width: 140, height: 30, environment: environment(home: dir))
        _ = try await blocking { try tmux.waitFor(text: "No requests waiting") }
        return (tmux, typescript)
    }

    /// The notifications in a capture, each unwrapped from tmux's passthrough (`ESC P tmux ; … ESC \`, ESCs doubled).
    static func notifications(in path: String) throws -> [String] {
        let text = try capture(path)
        var found: [String] = []
        var rest = text[...]
        while let start = rest.range(of: "\u{1B}Ptmux;") {
            let body = rest[start.upperBound...]
            // The wrapper ends at the first ESC \ whose ESC is not doubled.
            guard let end = body.range(of: "\u{1B}\u{1B}\\\u{1B}\\") else { break }
            let inner = String(body[..<end.upperBound].dropLast(2))
            found.append(inner.replacingOccurrences(of: "\u{1B}\u{1B}", with: "\u{1B}"))
            rest = body[end.upperBound...]
        }
        return found
    }

    /// The bytes `script` captured, as text.
    static func capture(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SetupFailure(description: "script wrote no typescript at \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: watch

    @Test("watch --json | head: a JSON line for the request waiting and for each of three arrivals; watch exits 0 on the closed pipe")
    func watchIntoHead() async throws {
        let engine = try await engine()
        defer { engine.stop() }
        let dir = try home()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seen = dir.appendingPathComponent("seen").path
        let console = try Binaries.path("lelu-console").path
        // One request is there before watch starts: its "pending" line says watch has read the queue
        // (stdbuf makes head write each line to the file as it reads it). `timeout` ends a watch that
        // missed the closed pipe, so a failure cannot hang the run.
        try await enqueueForReview(engine.baseURL, key: Self.key, action: "already_waiting")
        let script = "timeout 60 \(Tmux.quote(console)) watch --json --engine \(engine.baseURL) --interval 0.3 "
            + "| stdbuf -oL head -n 4 > \(Tmux.quote(seen)); echo \"status=${PIPESTATUS[0]}\" >&2"
        async let finished = run(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: environment(home: dir))
        try await Self.waitForFile(seen, containing: "already_waiting")
        for action in ["first_arrival", "second_arrival", "third_arrival"] {
            try await enqueueForReview(engine.baseURL, key: Self.key, action: action)
        }
        let result = try await finished
        #expect(result.stderr == "status=0\n", "watch ended with 0 and said nothing: \(result.stderr)")
        let printed = String(decoding: FileManager.default.contents(atPath: seen) ?? Data(), as: UTF8.self)
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        var arrivals: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let action = try #require(object["action"] as? String)
            if object["event"] as? String == "arrived" { arrivals.append(action) }
            #expect(object["id"] is String && object["confidence"] is Double && object["time"] is String)
        }
        #expect(arrivals.sorted() == ["first_arrival", "second_arrival", "third_arrival"], "\(lines)")
    }

    @Test("watch and list end with the same status, and say why, when the engine cannot be reached")
    func watchExitCodes() async throws {
        let dir = try home()
        defer { try? FileManager.default.removeItem(at: dir) }
        let console = try Binaries.path("lelu-console")
        let env = environment(home: dir)
        let watch = try await run(console, ["watch", "--engine", "http://127.0.0.1:9"], environment: env)
        let list = try await run(console, ["list", "--engine", "http://127.0.0.1:9"], environment: env)
        #expect(watch.status != 0 && watch.status == list.status)
        #expect(watch.stdout.isEmpty && watch.stderr == list.stderr, "\(watch.stderr)")
    }

    // MARK: A terminal that cannot address the cursor

    @Test("TERM=dumb: one line pointing to watch and list, exit 2, nothing drawn")
    func dumbTerminal() async throws {
        let dir = try home()
        defer { try? FileManager.default.removeItem(at: dir) }
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(command: "\(console) --engine http://127.0.0.1:9", environment: environment(home: dir, term: "dumb"))
        let screen = try await blocking { try tmux.waitFor(text: "EXIT_RC=") }
        #expect(screen.contains("EXIT_RC=2"), "\(screen)")
        #expect(screen.contains("lelu-console: this terminal (TERM=dumb) cannot move the cursor"), "\(screen)")
        #expect(!screen.contains("lelu-console: lelu-console:"), "one program name, not two")
        #expect(screen.contains("TERM=dumb") && screen.contains("lelu-console watch") && screen.contains("lelu-console list"))
        #expect(!screen.contains("pending") && !screen.contains("No requests"), "nothing of the console was drawn")
    }

    /// Waits until a file holds `text` (10 s at most).
    static func waitForFile(_ path: String, containing text: String) async throws {
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: path), String(decoding: data, as: UTF8.self).contains(text) {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SetupFailure(description: "\(path) never held \(text)")
    }
}
