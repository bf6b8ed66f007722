import Foundation
import Testing

// MARK: - Themes, colour and configuration in a real terminal

/// `lelu-console demo` (an embedded engine, no agents) in tmux, read back with `capture-pane -e`.
@Suite("Themes and configuration end to end (tmux)", .serialized)
struct ThemeEndToEndTests {
    /// A private home with XDG directories.
    final class Home {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("lelu-theme-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        var configDirectory: URL { url.appendingPathComponent(".config/lelu-console") }
        var logFile: URL { url.appendingPathComponent(".local/state/lelu-console/console.log") }

        func environment(term: String = "tmux-256color", extra: [String: String] = [:]) -> [String: String] {
            ["TERM": term, "LANG": "C.UTF-8", "HOME": url.path, "LELU_HOME": url.path, "USER": "tester",
             "XDG_CONFIG_HOME": url.appendingPathComponent(".config").path,
             "XDG_STATE_HOME": url.appendingPathComponent(".local/state").path,
             // Empty is "not set" (no-color.org), whatever the environment running the tests says.
             "NO_COLOR": ""].merging(extra) { _, new in new }
        }
    }

    /// Starts the demo console with `arguments` and waits until it has drawn its first poll.
    func demo(
        _ arguments: String, home: Home, term: String = "tmux-256color", extra: [String: String] = [:], width: Int = 80
    ) throws -> Tmux {
        let console = try Binaries.path("lelu-console").path
        let tmux = try Tmux(command: "\(console) demo --one-engine --rate 0 \(arguments)", width: width,
                            environment: home.environment(term: term, extra: extra))
        try tmux.waitFor(text: "connected")
        return tmux
    }

    /// The parameters of every SGR sequence (`ESC [ … m`) on a captured screen.
    func sgrParameters(_ screen: String) -> [[Int]] {
        var out: [[Int]] = []
        var rest = Substring(screen)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            let body = rest.prefix { $0.isNumber || $0 == ";" || $0 == ":" }
            rest = rest[body.endIndex...]
            guard rest.first == "m" else { continue }
            out.append(body.split(whereSeparator: { $0 == ";" || $0 == ":" }).compactMap { Int($0) })
        }
        return out
    }

    /// SGR codes that set a colour (39 and 49, "default colour", do not).
    func colourCodes(_ screen: String) -> [Int] {
        sgrParameters(screen).flatMap { params -> [Int] in
            params.first.map { [38, 48].contains($0) } == true ? [params[0]]
                : params.filter { (30...37).contains($0) || (40...47).contains($0) || $0 == 38 || $0 == 48
                    || (90...97).contains($0) || (100...107).contains($0) }
        }
    }

    @Test("--color never and NO_COLOR: no colour attribute reaches the terminal; --color always does colour",
          arguments: [("--color never", [String: String]()), ("", ["NO_COLOR": "1"])])
    func noColour(arguments: String, extra: [String: String]) throws {
        let home = try Home()
        let tmux = try demo(arguments, home: home, extra: extra)
        let screen = try tmux.capture(escapes: true)
        #expect(colourCodes(screen).isEmpty, "colour codes \(Set(colourCodes(screen))) in:\n\(screen)")
        #expect(sgrParameters(screen).contains { $0.contains(7) }, "the header is still reverse video")
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0")

        let control = try demo("--color always", home: home, extra: extra)
        let coloured = try control.capture(escapes: true)
        #expect(!colourCodes(coloured).isEmpty, "the control run shows colour:\n\(coloured)")
        try control.send("q")
    }

    @Test("TERM=xterm (8 colours): only the 8 basic colours are used")
    func eightColours() throws {
        let home = try Home()
        let tmux = try demo("", home: home, term: "xterm")
        let screen = try tmux.capture(escapes: true)
        let codes = colourCodes(screen)
        #expect(!codes.isEmpty, "still in colour:\n\(screen)")
        #expect(codes.allSatisfy { (30...37).contains($0) || (40...47).contains($0) }, "codes: \(Set(codes))")
        try tmux.send("q")
        try tmux.waitFor(text: "EXIT_RC=0")
    }

    @Test("a broken theme: the console says file and line, falls back to default, and says it again on exit")
    func brokenTheme() throws {
        let home = try Home()
        let theme = home.url.appendingPathComponent("broken.toml")
        try "name = \"broken\"\n[roles]\nheader = { fg = \"ultraviolet\" }\n".write(to: theme, atomically: true, encoding: .utf8)
        let tmux = try demo("--theme \(theme.path)", home: home, width: 200)
        let screen = try tmux.waitFor(text: "broken.toml:3")
        #expect(screen.contains("theme error: ") && screen.contains("unknown colour \"ultraviolet\""))
        let colours = try tmux.capture(escapes: true)
        #expect(colours.contains("48;5;24"), "the default theme's header background")
        try tmux.send("q")
        let after = try tmux.waitFor(text: "EXIT_RC=0")
        #expect(after.contains("broken.toml:3: header.fg: unknown colour \"ultraviolet\""))
        #expect(after.contains("using the default theme"))
        let log = try String(contentsOf: home.logFile, encoding: .utf8)
        #expect(log.contains("broken.toml:3"))
    }

    @Test("config.toml: a rebound quit key works, the old one does not, and the footer shows it; the log is a file")
    func rebindingAndLogging() throws {
        let home = try Home()
        try "theme = \"monochrome\"\n[keys]\nquit = \"x\"\n"
            .write(to: home.configDirectory.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let tmux = try demo("", home: home)
        let screen = try tmux.waitFor(text: "x quit")
        #expect(!screen.contains("q quit"))
        try tmux.send("q")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!(try tmux.capture().contains("EXIT_RC")), "q no longer quits")
        try tmux.send("x")
        let after = try tmux.waitFor(text: "EXIT_RC=0")
        #expect(!after.contains("info"), "nothing was logged to the terminal:\n\(after)")
        let log = try String(contentsOf: home.logFile, encoding: .utf8)
        #expect(log.contains("info lelu-console: starting") && log.contains("theme=monochrome"))
        #expect(log.contains("lelu-console: quit"))
    }

    @Test("--version, config and themes run without a terminal")
    func commands() async throws {
        let home = try Home()
        let console = try Binaries.path("lelu-console")
        let version = try await run(console, ["--version"], environment: home.environment())
        #expect(version.status == 0 && version.stdout == "0.1.0\n")
        var env = home.environment(extra: ["LELU_API_KEY": "lelu_secret_123", "NO_COLOR": "1"])
        env["PATH"] = "/usr/bin:/bin"
        let config = try await run(console, ["config", "--theme", "light"], environment: env)
        #expect(config.status == 0, "\(config.stderr)")
        #expect(!config.stdout.contains("lelu_secret_123"))
        #expect(config.stdout.contains("set (from environment LELU_API_KEY)"))
        #expect(config.stdout.split(separator: "\n").contains { $0.hasPrefix("theme ") && $0.hasSuffix("(flag --theme)") })
        #expect(config.stdout.split(separator: "\n").contains { $0.hasPrefix("color ") && $0.hasSuffix("(environment NO_COLOR)") })
        let themes = try await run(console, ["themes"], environment: env)
        #expect(themes.status == 0)
        #expect(themes.stdout.contains("colorblind") && themes.stdout.contains("* default"))
        try "[keys]\nquit = \"Hyper-x\"\n"
            .write(to: home.configDirectory.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let broken = try await run(console, ["config"], environment: env)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("config.toml:2: unknown key \"Hyper-x\" for quit"))
        let completion = try await run(console, ["--generate-completion-script", "zsh"], environment: env)
        #expect(completion.status == 0 && completion.stdout.contains("#compdef lelu-console"))
    }
}
