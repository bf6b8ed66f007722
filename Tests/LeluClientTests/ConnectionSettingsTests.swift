import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient

// MARK: - A fake machine

/// An in-memory environment: files, modes and live processes are plain dictionaries.
func machine(
    _ variables: [String: String] = [:], files: [String: String] = [:], modes: [String: UInt16] = [:],
    alive: Set<Int32> = []
) -> ConnectionEnvironment {
    ConnectionEnvironment(
        variables: variables, homeDirectory: "/home/me", hostName: "laptop.example.org",
        readFile: { files[$0].map { Data($0.utf8) } },
        permissions: { modes[$0] ?? 0o600 },
        isProcessAlive: { alive.contains($0) })
}

/// A live local engine registered under `home`.
func registered(home: String = "/home/me/.lelu", url: String = "http://127.0.0.1:7001", pid: Int32 = 4242, key: String? = "lelu_test_disc")
    -> [String: String]
{
    var files = ["\(home)/engine.json": #"{"url":"\#(url)","pid":\#(pid),"started_at":"x"}"#]
    if let key { files["\(home)/engine.key"] = key + "\n" }
    return files
}

// MARK: - Precedence

@Suite("ConnectionSettings")
struct ConnectionSettingsTests {
    /// One row of the precedence table: inputs and the expected winner.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var flags: ConnectionRequest
        var env: [String: String]
        var discovery: Bool
        var url: String
        var urlSource: SettingSource
        var key: String?
        var keySource: SettingSource
        var testDescription: String { name }
    }

    static let table: [Row] = [
        Row(name: "nothing: default", flags: .init(), env: [:], discovery: false,
            url: "http://localhost:8080", urlSource: .builtIn, key: nil, keySource: .none),
        Row(name: "discovery only", flags: .init(), env: [:], discovery: true,
            url: "http://127.0.0.1:7001", urlSource: .discovery("/home/me/.lelu/engine.json"),
            key: "lelu_test_disc", keySource: .discovery("/home/me/.lelu/engine.key")),
        Row(name: "LELU_ENGINE_URL beats discovery; discovery key not sent elsewhere", flags: .init(),
            env: ["LELU_ENGINE_URL": "http://127.0.0.1:9100"], discovery: true,
            url: "http://127.0.0.1:9100", urlSource: .environment("LELU_ENGINE_URL"), key: nil, keySource: .none),
        Row(name: "LELU_BASE_URL beats LELU_ENGINE_URL", flags: .init(),
            env: ["LELU_BASE_URL": "http://127.0.0.1:9200", "LELU_ENGINE_URL": "http://127.0.0.1:9100"], discovery: false,
            url: "http://127.0.0.1:9200", urlSource: .environment("LELU_BASE_URL"), key: nil, keySource: .none),
        Row(name: "env URL equal to the discovered engine gets its key", flags: .init(),
            env: ["LELU_BASE_URL": "http://127.0.0.1:7001/"], discovery: true,
            url: "http://127.0.0.1:7001/", urlSource: .environment("LELU_BASE_URL"),
            key: "lelu_test_disc", keySource: .discovery("/home/me/.lelu/engine.key")),
        Row(name: "LELU_API_KEY beats discovery's key", flags: .init(), env: ["LELU_API_KEY": "lelu_live_env"],
            discovery: true, url: "http://127.0.0.1:7001", urlSource: .discovery("/home/me/.lelu/engine.json"),
            key: "lelu_live_env", keySource: .environment("LELU_API_KEY")),
        Row(name: "flags beat everything", flags: .init(engine: "http://[::1]:9300/lelu", apiKeyFile: "/keys/k"),
            env: ["LELU_BASE_URL": "http://127.0.0.1:9200", "LELU_API_KEY": "lelu_live_env"], discovery: true,
            url: "http://[::1]:9300/lelu", urlSource: .flag("--engine"), key: "lelu_file_key", keySource: .keyFile("/keys/k")),
        Row(name: "empty variables are ignored", flags: .init(engine: ""),
            env: ["LELU_BASE_URL": " ", "LELU_API_KEY": ""], discovery: false,
            url: "http://localhost:8080", urlSource: .builtIn, key: nil, keySource: .none),
    ]

    @Test("precedence: flags > environment > discovery > default", arguments: table)
    func precedence(_ row: Row) throws {
        var files = row.discovery ? registered() : [:]
        files["/keys/k"] = "lelu_file_key\nsecond line ignored\n"
        let env = machine(row.env, files: files, alive: [4242])
        let settings = try ConnectionSettings.resolve(row.flags, environment: env)
        #expect(settings.engineURL.absoluteString == row.url)
        #expect(settings.engineSource == row.urlSource)
        #expect(settings.apiKey == row.key)
        #expect(settings.apiKeySource == row.keySource)
    }

    @Test("discovery trusts engine.json only while its pid is alive")
    func deadPid() throws {
        let files = registered()
        let live = try ConnectionSettings.resolve(.init(), environment: machine(files: files, alive: [4242]))
        #expect(live.engineURL.absoluteString == "http://127.0.0.1:7001")
        let dead = try ConnectionSettings.resolve(.init(), environment: machine(files: files, alive: []))
        #expect(dead.engineSource == .builtIn)
        #expect(dead.apiKey == nil)
    }

    @Test("LELU_HOME replaces ~/.lelu; malformed engine.json is ignored")
    func leluHome() throws {
        let files = registered(home: "/tmp/lh", url: "http://127.0.0.1:7777")
        let settings = try ConnectionSettings.resolve(.init(), environment: machine(["LELU_HOME": "/tmp/lh"], files: files, alive: [4242]))
        #expect(settings.engineURL.absoluteString == "http://127.0.0.1:7777")
        #expect(settings.engineSource == .discovery("/tmp/lh/engine.json"))
        for json in ["{", #"{"url":"http://127.0.0.1:1"}"#, #"{"url":"http://127.0.0.1:1","pid":true}"#,
                     #"{"url":"http://127.0.0.1:1","pid":-1}"#, #"{"url":"","pid":4242}"#] {
            let bad = machine(files: ["/home/me/.lelu/engine.json": json], alive: [4242, 1])
            #expect(try ConnectionSettings.resolve(.init(), environment: bad).engineSource == .builtIn, "\(json)")
        }
    }

    @Test("the real kill(pid, 0): this process is alive, a reaped one is not, EPERM counts as alive")
    func realLiveness() {
        #expect(ConnectionEnvironment.processIsAlive(getpid()))
        #expect(ConnectionEnvironment.processIsAlive(1))  // init: alive (EPERM when not root)
        #expect(!ConnectionEnvironment.processIsAlive(0))
        #expect(!ConnectionEnvironment.processIsAlive(Int32.max))
    }

    // MARK: - Insecure HTTP

    @Test("a key is refused over plain http to a non-loopback host")
    func insecure() throws {
        let env = machine(["LELU_API_KEY": "lelu_live_secret"])
        for url in ["http://engine.example.com:8080", "http://10.0.0.5", "http://127.example.com", "http://[::2]:80"] {
            #expect(throws: ConnectionSettingsError.insecureKey(
                engine: url, source: .environment("LELU_API_KEY"))) {
                try ConnectionSettings.resolve(.init(engine: url), environment: env)
            }
            let allowed = try ConnectionSettings.resolve(.init(engine: url, allowInsecureHTTP: true), environment: env)
            #expect(allowed.apiKey == "lelu_live_secret")
        }
        for url in ["https://engine.example.com", "http://localhost:1", "http://127.0.0.1", "http://127.9.8.7:1",
                    "http://[::1]:8080", "http://LOCALHOST"] {
            #expect(try ConnectionSettings.resolve(.init(engine: url), environment: env).apiKey == "lelu_live_secret")
        }
        // No key, no refusal.
        #expect(try ConnectionSettings.resolve(.init(engine: "http://engine.example.com"), environment: machine()).apiKey == nil)
    }

    @Test("the refusal message names the engine and the fix, never the key")
    func insecureMessage() {
        let error = ConnectionSettingsError.insecureKey(engine: "http://10.0.0.5", source: .environment("LELU_API_KEY"))
        #expect(error.description.contains("http://10.0.0.5"))
        #expect(error.description.contains("--allow-insecure-http"))
        #expect(error.description.contains("https"))
    }

    @Test("loopback hosts", arguments: [
        ("localhost", true), ("127.0.0.1", true), ("127.255.0.3", true), ("::1", true), ("[::1]", true),
        ("0:0:0:0:0:0:0:1", true), ("app.localhost", true), ("128.0.0.1", false), ("10.0.0.1", false),
        ("127.0.0.1.nip.io", false), ("::", false), ("example.com", false), ("", false),
    ])
    func loopback(_ host: String, _ expected: Bool) {
        #expect(ConnectionSettings.isLoopback(host: host) == expected)
    }

    // MARK: - Files, reviewer, URLs

    @Test("a group- or other-readable key file gives an ssh-style warning")
    func permissions() throws {
        let files = ["/keys/k": "lelu_file_key"]
        let open = try ConnectionSettings.resolve(.init(apiKeyFile: "/keys/k"), environment: machine(files: files, modes: ["/keys/k": 0o644]))
        #expect(open.warnings.count == 1)
        #expect(open.warnings.first?.contains("chmod 600") == true)
        #expect(open.warnings.first?.contains("644") == true)
        #expect(open.warnings.first?.contains("lelu_file_key") == false)
        let group = try ConnectionSettings.resolve(.init(apiKeyFile: "/keys/k"), environment: machine(files: files, modes: ["/keys/k": 0o640]))
        #expect(group.warnings.count == 1)
        let closed = try ConnectionSettings.resolve(.init(apiKeyFile: "/keys/k"), environment: machine(files: files, modes: ["/keys/k": 0o600]))
        #expect(closed.warnings.isEmpty)
    }

    @Test("a missing or empty key file is an error")
    func missingKeyFile() {
        #expect(throws: ConnectionSettingsError.unreadableKeyFile(path: "/nope")) {
            try ConnectionSettings.resolve(.init(apiKeyFile: "/nope"), environment: machine())
        }
        #expect(throws: ConnectionSettingsError.unreadableKeyFile(path: "/empty")) {
            try ConnectionSettings.resolve(.init(apiKeyFile: "/empty"), environment: machine(files: ["/empty": "\n\n"]))
        }
    }

    @Test("reviewer: --reviewer, else $USER@host")
    func reviewer() throws {
        let flagged = try ConnectionSettings.resolve(.init(reviewer: "alice"), environment: machine(["USER": "bob"]))
        #expect(flagged.reviewer == "alice" && flagged.reviewerSource == .flag("--reviewer"))
        let fromEnv = try ConnectionSettings.resolve(.init(), environment: machine(["USER": "bob"]))
        #expect(fromEnv.reviewer == "bob@laptop")
        #expect(fromEnv.reviewerSource == .environment("USER"))
        let fromLogname = try ConnectionSettings.resolve(.init(), environment: machine(["LOGNAME": "carol"]))
        #expect(fromLogname.reviewer == "carol@laptop" && fromLogname.reviewerSource == .environment("LOGNAME"))
        let neither = try ConnectionSettings.resolve(.init(), environment: machine())
        #expect(neither.reviewer == "reviewer@laptop" && neither.reviewerSource == .builtIn)
    }

    @Test("a blank reviewer name is refused, naming where it came from, never replaced")
    func blankReviewer() {
        #expect(throws: ConnectionSettingsError.blankReviewer(source: .flag("--reviewer"))) {
            try ConnectionSettings.resolve(.init(reviewer: "   "), environment: machine(["USER": "bob"]))
        }
        #expect(throws: ConnectionSettingsError.blankReviewer(source: .environment("USER"))) {
            try ConnectionSettings.resolve(.init(), environment: machine(["USER": "", "LOGNAME": "carol"]))
        }
        #expect(throws: ConnectionSettingsError.blankReviewer(source: .environment("LOGNAME"))) {
            try ConnectionSettings.resolve(.init(), environment: machine(["LOGNAME": " \t"]))
        }
        var request = ConnectionRequest()
        request.configReviewer = Setting("  ", .configFile(path: "/c.toml", line: 3))
        #expect(throws: ConnectionSettingsError.blankReviewer(source: .configFile(path: "/c.toml", line: 3))) {
            try ConnectionSettings.resolve(request, environment: machine(["USER": "bob"]))
        }
        let message = ConnectionSettingsError.blankReviewer(source: .flag("--reviewer")).description
        #expect(message.contains("flag --reviewer") && message.contains("blank"))
    }

    @Test("engine URLs must be absolute http(s) with a host")
    func urls() throws {
        for bad in ["localhost:8080", "ftp://x", "http://", "/v1", "http://h/?q=1", "javascript:alert(1)"] {
            #expect(throws: ConnectionSettingsError.self, "\(bad)") {
                try ConnectionSettings.resolve(.init(engine: bad), environment: machine())
            }
        }
        let prefixed = try ConnectionSettings.resolve(.init(engine: "https://h.example/lelu/"), environment: machine())
        #expect(prefixed.engineDisplay == "https://h.example/lelu")
    }

    @Test("descriptions never contain the key; credentials in the URL are refused without echoing them")
    func noKeyInDescription() throws {
        let env = machine(["LELU_API_KEY": "lelu_live_supersecret"])
        let settings = try ConnectionSettings.resolve(.init(engine: "http://127.0.0.1:1"), environment: env)
        #expect(settings.apiKey == "lelu_live_supersecret")
        #expect(!settings.description.contains("supersecret"))
        #expect(!settings.debugDescription.contains("supersecret"))
        #expect(!String(describing: settings.clientConfiguration()).contains("supersecret"))
        #expect(settings.description.contains("environment LELU_API_KEY"))
        do {
            _ = try ConnectionSettings.resolve(.init(engine: "http://u:lelu_live_supersecret@127.0.0.1:1"), environment: env)
            Issue.record("expected a refusal")
        } catch {
            #expect(error == .credentialsInURL(source: .flag("--engine")))
            #expect(!error.description.contains("supersecret"))
        }
    }
}
