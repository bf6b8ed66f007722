import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
@testable import ReviewModel
import Testing
import TestSupport

// MARK: - Fault test 4 and crash signals

/// Hostile engine text rendered by the real console in tmux, with every byte it writes to the
/// terminal captured by `script`; and crash signals that must still restore the terminal.
@Suite("Hostile text and crash signals (tmux)", .serialized)
struct HostileTerminalTests {
    static let key = "lelu_test_hostile_7e1d"

    /// The console's environment: a private home, UTF-8, the key in the environment.
    func environment(home: URL) -> [String: String] {
        ["TERM": "tmux-256color", "LANG": "C.UTF-8", "HOME": home.path, "LELU_HOME": home.path,
         "LELU_API_KEY": Self.key, "USER": "tester", "SHELL": "/bin/sh"]
    }

    func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: Fault test 4: hostile strings through the real engine

    @Test("fault 4: hostile strings in every field, enqueued through the real engine: the bytes written to the terminal hold none of them")
    func hostileFieldsThroughTheEngine() async throws {
        let engine = try await EngineProcess(
            arguments: ["--api-key", Self.key], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        defer { engine.stop() }
        // One item per injection; the injection sits in every field the agent controls. The
        // engine writes `reason` itself, so the hostile reason is the next test's job.
        for (i, injection) in Injection.all.enumerated() {
            try await authorize(base: engine.baseURL, key: Self.key, body: [
                "actor": "agent\(i)" + injection.payload,
                "action": "act\(i)_" + injection.payload + "_end",
                "resource": ["key\(i)" + injection.payload: "value" + injection.payload, "plain": "v\(i)"],
                "acting_for": "human" + injection.payload,
                "tenant_id": "tenant" + injection.payload,
                "confidence": 0.78,
            ])
        }
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let console = try Binaries.path("lelu-console").path
        let command = "\(console) --engine \(engine.baseURL) --reviewer hostile@test --interval 0.3"
        let bytes = try await blocking {
            try captureConsole(command, in: dir, expectRows: Injection.all.count, rowText: { "act\($0)_" })
        }
        try assertClean(bytes)
    }

    // MARK: Fault test 4: a hostile engine (reason, raw C1, invalid UTF-8)

    @Test("fault 4: a hostile engine's reason, raw C1 bytes and invalid UTF-8: the bytes written to the terminal hold none of them")
    func hostileEngineBody() async throws {
        let body = Self.hostileList()
        let router = Router()
        router.get("/v1/queue/pending") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let console = try Binaries.path("lelu-console").path
        let bytes = try await withServer(router) { base in
            try await blocking {
                try captureConsole("\(console) --engine \(base) --reviewer hostile@test --interval 0.3", in: dir,
                                   expectRows: Injection.all.count, rowText: { "row\($0)_" })
            }
        }
        try assertClean(bytes)
        // The header counts what could not be read (one item with an empty ID, one duplicate).
        #expect(String(decoding: bytes, as: UTF8.self).contains("2 malformed skipped"))
    }

    // MARK: Crash signals

    @Test("a crash signal (SIGSEGV, SIGABRT) restores the terminal", arguments: ["SEGV", "ABRT"])
    func crashSignalsRestoreTheTerminal(signal: String) async throws {
        let engine = try await EngineProcess(
            arguments: ["--api-key", Self.key], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        defer { engine.stop() }
        let home = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let console = try Binaries.path("lelu-console").path
        let base = engine.baseURL
        let (alternateBefore, screen, alternateAfter, stty) = try await blocking {
            // No core file; `exec` keeps the console the pane shell's child, so it gets the signal.
            let tmux = try Tmux(command: "sh -c " + Tmux.quote("ulimit -c 0; exec \(console) --engine \(base)"),
                                environment: environment(home: home))
            try tmux.waitFor(text: "No requests waiting")
            let alternateBefore = try tmux.display("#{alternate_on}")
            let pid = try tmux.programPID()
            _ = try Tmux.run(["kill", "-\(signal)", "\(pid)"])
            let screen = try tmux.waitFor(text: "EXIT_RC=")
            return (alternateBefore, screen, try tmux.display("#{alternate_on}"), try tmux.waitFor(text: "icanon"))
        }
        #expect(alternateBefore == "1")
        // The shell reports death by signal as 128 + its number: the crash really was a crash.
        let number = signal == "SEGV" ? SIGSEGV : SIGABRT
        #expect(screen.contains("EXIT_RC=\(128 + number)"), "\(screen)")
        #expect(alternateAfter == "0")
        let modes = Set(stty.split(whereSeparator: \.isWhitespace).map(String.init))
        for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
            #expect(modes.contains(mode) && !modes.contains("-" + mode), "\(mode) restored:\n\(stty)")
        }
    }

    // MARK: - Driving and capturing

    /// Runs the console under `script` in tmux, opens the detail pane on every row and the help
    /// screen, quits, and returns every byte the console wrote to its terminal.
    func captureConsole(_ command: String, in dir: URL, expectRows: Int, rowText: (Int) -> String) throws -> [UInt8] {
        let typescript = dir.appendingPathComponent("typescript").path
        let tmux = try Tmux(
            command: "script -q -f \(Tmux.quote(typescript)) -c \(Tmux.quote(command))",
            width: 160, height: 50, environment: environment(home: dir))
        try tmux.waitFor("every hostile row", timeout: 15) { screen in
            (0..<expectRows).allSatisfy { screen.contains(rowText($0)) }
        }
        try tmux.send("Enter")
        try tmux.waitFor(text: "Request")
        // Walk the detail pane over every row, so every field of every item is drawn.
        for _ in 0..<expectRows {
            try tmux.send("j")
            Thread.sleep(forTimeInterval: 0.05)
        }
        try tmux.waitFor("the detail of the last row") { screen in
            screen.split(separator: "\n").contains { $0.contains("Action") && $0.contains(rowText(expectRows - 1)) }
        }
        try tmux.send("?")
        try tmux.waitFor(text: "Keys —")
        try tmux.send("Escape")
        try tmux.waitFor("help to close") { !$0.contains("Keys —") }
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0")
        guard let data = FileManager.default.contents(atPath: typescript) else {
            throw SetupFailure(description: "script wrote no typescript at \(typescript)")
        }
        return [UInt8](data)
    }

    /// Fails for every injected sequence (or its payload) found in the bytes, for every C1,
    /// bidi or invisible format character, and for every escape sequence curses would not write.
    func assertClean(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(bytes.count > 1_000, "the capture holds the session", sourceLocation: sourceLocation)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("_␛_end"), "the hostile fields were drawn, each removed sequence as one ␛",
                sourceLocation: sourceLocation)
        for injection in Injection.all {
            for needle in injection.forbidden where text.contains(needle) {
                Issue.record("\(injection.name): the terminal received \(needle.debugDescription)", sourceLocation: sourceLocation)
            }
        }
        var seen = Set<UInt32>()
        for scalar in text.unicodeScalars where scalar.value >= 0x80 && SafeText.isInvisibleOrControl(scalar) {
            if seen.insert(scalar.value).inserted {
                Issue.record("the terminal received U+\(String(scalar.value, radix: 16, uppercase: true))",
                             sourceLocation: sourceLocation)
            }
        }
        for problem in EscapeAudit.problems(in: text) {
            Issue.record("\(problem)", sourceLocation: sourceLocation)
        }
        // The one OSC the console writes itself is its own title.
        #expect(text.contains("\u{1B}]0;lelu: "), "the console's own title is in the capture", sourceLocation: sourceLocation)
    }

    // MARK: - Requests

    /// `POST /v1/agent/authorize` with a JSON body; fails unless the engine queued it.
    func authorize(base: String, key: String, body: [String: Any]) async throws {
        var request = HTTPClientRequest(url: base + "/v1/agent/authorize")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
        guard object?["review_id"] is String else {
            throw SetupFailure(description: "authorize did not enqueue: \(String(buffer: bytes))")
        }
    }

    /// A pending list as a hostile engine would send it: injections in every field including
    /// `reason`, C1 controls as raw UTF-8, invalid UTF-8, an empty ID and a duplicate.
    static func hostileList() -> [UInt8] {
        var body = Array(#"{"items":["#.utf8)
        for (i, injection) in Injection.all.enumerated() {
            let p = String(JSONMutator.quote(injection.payload).dropFirst().dropLast())  // the inside of the literal
            body += Array(("""
                {"id":"id-\(i)-\(injection.name.filter(\.isLetter))","tenant_id":"t\(p)","actor":"agent\(p)",
                "action":"row\(i)_\(p)_end","resource":{"k\(p)":"v\(p)"},"confidence_score":0.78,
                "reason":"line one\(p)\\nline two\(p)\\r\\nline three\(p) bad utf8: 
                """).utf8)
            body += [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80]  // invalid: bytes, overlong, surrogate
            body += Array(#"","acting_for":"h\#(p)","enqueued_at":"2026-07-01T11:26:\#(10 + i)Z","status":"pending"},"#.utf8)
        }
        body += Array(#"{"id":"","action":"empty id"},{"id":"id-0-OSCclipboard","action":"duplicate"}],"count":99}"#.utf8)
        return body
    }
}

// MARK: - Blocking work

/// Runs blocking work (tmux polling with sleeps) on a Dispatch thread and awaits it.
///
/// Swift Testing runs tests on the cooperative pool, one thread per core: a test that
/// sleeps there stalls the async tests beside it. The work returns what it saw, and the
/// expectations run back on the test's task.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: Result { try work() }) }
    }
    return try result.get()
}

// MARK: - Injections

/// One hostile sequence, and the substrings that prove it reached the terminal.
struct Injection: Sendable {
    var name: String
    var payload: String
    var forbidden: [String]

    static let all: [Injection] = [
        Injection(name: "OSC 52 clipboard", payload: "\u{1B}]52;c;SU5KRUNURUQ=\u{07}",
                  forbidden: ["\u{1B}]52;", "SU5KRUNURUQ"]),
        Injection(name: "OSC 8 hyperlink", payload: "\u{1B}]8;;https://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\",
                  forbidden: ["\u{1B}]8;", "evil.example"]),
        Injection(name: "OSC 0 title", payload: "\u{1B}]0;PWNED-TITLE\u{07}", forbidden: ["PWNED-TITLE"]),
        Injection(name: "OSC 2 title, ST", payload: "\u{1B}]2;PWNED-TWO\u{1B}\\", forbidden: ["\u{1B}]2;", "PWNED-TWO"]),
        Injection(name: "DCS sixel", payload: "\u{1B}Pq#0;2;0;0;0#0~~@@vv@@~~\u{1B}\\", forbidden: ["\u{1B}P", "#0;2;0;0;0"]),
        Injection(name: "APC kitty graphics", payload: "\u{1B}_Gf=100,a=T;QUFBQQ==\u{1B}\\", forbidden: ["\u{1B}_", "QUFBQQ"]),
        Injection(name: "PM and SOS", payload: "\u{1B}^privacy-msg\u{1B}\\\u{1B}Xsos-string\u{1B}\\",
                  forbidden: ["\u{1B}^", "\u{1B}X", "privacy-msg", "sos-string"]),
        Injection(name: "CSI report requests", payload: "\u{1B}[6n\u{1B}[21t\u{1B}[5i\u{1B}[0c",
                  forbidden: ["\u{1B}[6n", "\u{1B}[21t", "\u{1B}[5i", "\u{1B}[0c"]),
        Injection(name: "OSC ended by a CSI", payload: "\u{1B}]0;x\u{1B}[8;0;0t", forbidden: ["\u{1B}[8;0;0t"]),
        Injection(name: "8-bit CSI, OSC, DCS, APC", payload: "\u{9B}6n\u{9D}52;c;QjhCSVQ=\u{9C}\u{90}q\u{9C}\u{9F}apc\u{9C}",
                  forbidden: ["\u{9B}", "\u{9D}", "\u{90}", "\u{9F}", "\u{9C}", "QjhCSVQ"]),
        Injection(name: "bidi overrides and isolates", payload: "\u{202E}gnp.exe\u{202C}\u{2066}\u{2067}\u{2068}\u{2069}\u{200F}",
                  forbidden: ["\u{202E}", "\u{202C}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200F}"]),
        Injection(name: "invisible format characters", payload: "\u{200B}\u{200D}\u{2060}\u{FEFF}\u{00AD}\u{E0041}\u{3164}",
                  forbidden: ["\u{200B}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}", "\u{E0041}", "\u{3164}"]),
    ]
}

// MARK: - Escape audit

/// Finds escape sequences in terminal output that curses would never write.
enum EscapeAudit {
    /// Every ESC must start CSI, a charset designation, a keypad or cursor save/restore
    /// sequence, reverse index, or the console's own `OSC 0;lelu: …` title.
    static func problems(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var problems: [String] = []
        var i = 0
        while i < scalars.count {
            defer { i += 1 }
            guard scalars[i] == "\u{1B}" else { continue }
            let next = i + 1 < scalars.count ? scalars[i + 1] : " "
            switch next {
            case "[", "(", ")", "=", ">", "7", "8", "M":
                continue
            case "]":
                let rest = String(String.UnicodeScalarView(scalars[(i + 1)..<min(scalars.count, i + 16)]))
                if !rest.hasPrefix("]0;lelu: ") {
                    problems.append("an OSC that is not the console's title: \(rest.debugDescription)")
                }
            default:
                let rest = String(String.UnicodeScalarView(scalars[i..<min(scalars.count, i + 8)]))
                problems.append("an escape curses does not write: \(rest.debugDescription)")
            }
        }
        return problems
    }
}
