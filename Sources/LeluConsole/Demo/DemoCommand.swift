import ArgumentParser
import AsyncHTTPClient
import Foundation
import LocalEngine
import ReviewModel
import LeluClient
import ConsoleConfig

// MARK: - demo

/// `lelu-console demo`: the console on an embedded local engine with simulated agents.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the console on an embedded demo engine with simulated agents.",
        discussion: """
            Starts two Lelu-compatible engines in this process on free loopback ports, each with \
            a generated API key — `us` playing the current engine, `eu` the July 2026 one — starts \
            agents on each that send realistic requests through /v1/agent/authorize, and opens \
            the console on both at once. --one-engine shows a single engine. Quitting stops all of it.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Agent requests per minute, on average.", valueName: "PER_MINUTE"))
    var rate: Double = 12

    @Option(name: .long, help: ArgumentHelp("Who resolves requests (default: $USER@hostname).", valueName: "NAME"))
    var reviewer: String?

    @OptionGroup var view: ViewOptions

    @Flag(name: .long, help: "One engine (the current dialect) instead of two.")
    var oneEngine = false

    func validate() throws {
        guard rate.isFinite, rate >= 0, rate <= 6000 else {
            throw ValidationError("--rate must be between 0 and 6000 requests per minute")
        }
    }

    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default $XDG_CONFIG_HOME/lelu-console/config.toml).", valueName: "PATH"))
    var config: String?

    func run() async throws {
        try requireTerminal()
        let environment = ConnectionEnvironment.live
        let setup = ConsoleSetup.resolve(
            view: view, config: try LoadedConfig.load(flag: config, environment: environment), environment: environment)
        let who: String
        do throws(ConnectionSettingsError) {
            who = try ConnectionSettings.resolveReviewer(ConnectionRequest(reviewer: reviewer), environment).0
        } catch {
            throw CommandFailure(status: .unauthorized, message: error.description)
        }
        let dialects: [(String, EngineDialect)] = oneEngine ? [("demo", .current)] : [("us", .current), ("eu", .july2026)]
        var demos: [DemoEngine] = []
        for (label, dialect) in dialects {
            do {
                demos.append(try await DemoEngine.start(label: label, dialect: dialect, ratePerMinute: rate / Double(dialects.count)))
            } catch {
                for demo in demos { await demo.stop() }
                throw CommandFailure(status: .engineFailure, message: "demo engine \(label) did not start: \(error)")
            }
        }
        var session = ConsoleSession(
            client: demos[0].client, engineLabel: "demo " + demos[0].hostPort, engineURL: demos[0].engine.baseURL,
            reviewer: who, setup: setup)
        if demos.count > 1 {
            session.clients = Dictionary(uniqueKeysWithValues: demos.map { ($0.label, $0.client as any EngineClient) })
            session.engines = demos.map { EngineSpec(label: $0.label, url: $0.engine.baseURL, reviewer: who) }
        }
        let outcome = await session.run()
        for demo in demos { await demo.stop() }
        try outcome.get()
    }
}

// MARK: - A demo engine

/// One embedded engine of the demo with its simulated agents and the console's client for it.
struct DemoEngine {
    var label: String
    var engine: LocalEngine
    var client: HTTPEngineClient
    var agentsHTTP: HTTPClient
    var agentTask: Task<Void, Never>

    /// "127.0.0.1:54321".
    var hostPort: String { "127.0.0.1:\(engine.port)" }

    /// Starts an engine of `dialect` on a free loopback port with a generated key, and agents on it.
    static func start(label: String, dialect: EngineDialect, ratePerMinute: Double) async throws -> DemoEngine {
        let key = "lelu_demo_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        var configuration = LocalEngineConfiguration(host: "127.0.0.1", port: 0, apiKey: key, missingConfidence: .review)
        configuration.dialect = dialect
        let engine = try await LocalEngine.start(configuration)
        guard let url = URL(string: engine.baseURL) else {
            await engine.stop()
            throw CommandFailure(status: .engineFailure, message: "demo engine reported a bad URL")
        }
        let agentsHTTP = HTTPClient(eventLoopGroupProvider: .singleton)
        let agents = SimulatedAgents(baseURL: engine.baseURL, apiKey: key, ratePerMinute: ratePerMinute)
        let agentTask = Task { await agents.run(client: agentsHTTP) }
        let client = HTTPEngineClient(baseURL: url, apiKey: key)
        return DemoEngine(label: label, engine: engine, client: client, agentsHTTP: agentsHTTP, agentTask: agentTask)
    }

    /// Stops the agents, the client and the engine.
    func stop() async {
        agentTask.cancel()
        _ = await agentTask.value
        try? await agentsHTTP.shutdown()
        await client.shutdown()
        await engine.stop()
    }
}
