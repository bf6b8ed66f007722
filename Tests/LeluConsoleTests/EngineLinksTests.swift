import Foundation
import Testing
@testable import LeluConsole
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig

// MARK: - Which engines a run talks to

@Suite("several engines: which engines a command talks to, with which keys")
struct EngineLinksTests {
    static let text = """
        reviewer = "alice"
        [engines.us]
        url = "https://lelu-us.internal:8080"
        api_key_file = "/keys/us.key"
        reviewer_key_file = "/keys/alice.key"
        [engines.eu]
        url = "https://lelu-eu.internal:8080"
        api_key_env = "LELU_EU_KEY"
        interval = 2
        """

    /// A machine with key files and an environment.
    static func environment(_ variables: [String: String] = [:]) -> ConnectionEnvironment {
        let files = ["/keys/us.key": "us-api-key\n", "/keys/alice.key": "alice-reviewer-secret-0001\n"]
        var env = ConnectionEnvironment.live
        env.variables = ["USER": "tester", "LELU_EU_KEY": "eu-api-key"].merging(variables) { $1 }
        env.homeDirectory = "/home/tester"
        env.readFile = { files[$0].map { Data($0.utf8) } }
        env.permissions = { _ in 0o600 }
        env.isProcessAlive = { _ in false }
        return env
    }

    static func links(_ arguments: [String], env: [String: String] = [:]) throws -> [EngineLink] {
        let options = try ConnectionOptions.parse(arguments)
        let config = LoadedConfig(path: "/c.toml", pathSource: .builtIn, file: try ConfigFile.parse(Self.text, path: "/c.toml"))
        return try options.links(config: config, environment: environment(env))
    }

    @Test("every table, each with its own URL, keys and reviewer; the environment's key goes to none")
    func everyTable() throws {
        let links = try Self.links([], env: ["LELU_API_KEY": "the-one-engine-key", "LELU_REVIEWER_KEY": "someone-elses-secret"])
        #expect(links.map(\.label) == ["us", "eu"])
        #expect(links[0].settings.apiKey == "us-api-key" && links[0].settings.reviewerKey == "alice-reviewer-secret-0001")
        #expect(links[1].settings.apiKey == "eu-api-key" && links[1].settings.apiKeySource == .environment("LELU_EU_KEY"))
        #expect(links[1].settings.reviewerKey == nil)
        #expect(links.allSatisfy { $0.settings.reviewer == "alice" })
        #expect(links[1].interval == Setting(2, .configFile(path: "/c.toml", line: 9)) && links[1].spec.interval == 2)
        #expect(links[0].settings.engineSource == .configFile(path: "/c.toml", line: 3))
    }

    @Test("config's rows for several engines: each one's connection, then its table's own values with their lines")
    func reportRows() throws {
        let links = try Self.links([])
        let rows = ConfigCommand.engineRows(links, kinds: ["us": "current"])
        #expect(rows[0] == ("engines", "us, eu", "[engines.NAME]"))
        let names = rows.map(\.0)
        #expect(names.contains("us.engine api") && !names.contains("eu.engine api"))
        let interval = try #require(rows.first { $0.0 == "eu.interval" })
        #expect(interval.1 == "2.0s" && interval.2 == "config /c.toml:9")
        #expect(rows.first { $0.0 == "eu.api key" }?.1 == "set (from environment LELU_EU_KEY)")
    }

    @Test("a blank LELU_BASE_URL names no engine: the tables are used, as resolving the settings ignores it")
    func blankEnvironmentEngine() throws {
        #expect(try Self.links([], env: ["LELU_BASE_URL": "  "]).map(\.label) == ["us", "eu"])
    }

    @Test("config reports the engine the console would open on: one table picked, or the only table")
    func configReportsTheEngineInUse() throws {
        let config = LoadedConfig(path: "/c.toml", pathSource: .builtIn, file: try ConfigFile.parse(Self.text, path: "/c.toml"))
        let picked = try ConfigCommand.connections(ConnectionOptions.parse(["--engines", "eu"]), config: config, environment: Self.environment()).get()
        #expect(picked.count == 1 && picked[0].settings.engineURL.host == "lelu-eu.internal")
        let onlyTable = "[engines.ap]\nurl = \"https://lelu-ap.internal:8080\"\n"
        let single = LoadedConfig(path: "/c.toml", pathSource: .builtIn, file: try ConfigFile.parse(onlyTable, path: "/c.toml"))
        let only = try ConfigCommand.connections(ConnectionOptions.parse([]), config: single, environment: Self.environment()).get()
        #expect(only.map(\.settings.engineURL.host) == ["lelu-ap.internal"])
        let none = LoadedConfig(path: "/c.toml", pathSource: .builtIn, file: nil)
        let broken = try ConfigCommand.connections(ConnectionOptions.parse(["--engine", "ftp://x"]), config: none, environment: Self.environment())
        #expect(throws: ConnectionSettingsError.self) { try broken.get() }
    }

    @Test("--engines picks; one picked is the one engine (no label); an unknown name is a usage error")
    func picking() throws {
        let one = try Self.links(["--engines", "eu"])
        #expect(one.map(\.label) == [""] && one[0].settings.engineURL.host == "lelu-eu.internal")
        #expect(try Self.links(["--engines", "eu,us"]).map(\.label) == ["us", "eu"])
        #expect(throws: CommandFailure.self) { try Self.links(["--engines", "mars"]) }
    }

    @Test("--engine URL and LELU_BASE_URL mean one engine; --engine NAME picks a table")
    func oneEngine() throws {
        let url = try Self.links(["--engine", "https://other.internal"])
        #expect(url.count == 1 && url[0].settings.engineURL.host == "other.internal")
        let env = try Self.links([], env: ["LELU_BASE_URL": "https://env.internal", "LELU_API_KEY": "k"])
        #expect(env.count == 1 && env[0].settings.engineURL.host == "env.internal" && env[0].settings.apiKey == "k")
        let named = try Self.links(["--engine", "us"])
        #expect(named.count == 1 && named[0].settings.engineURL.host == "lelu-us.internal")
        #expect(throws: CommandFailure.self) { try Self.links(["--api-key-file", "/keys/us.key"]) }
    }
}
