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
            Starts a Lelu-compatible engine in this process on a free loopback port with a \
            generated API key, starts agents that send realistic requests through \
            /v1/agent/authorize, and opens the console on it. Quitting stops all of it.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Agent requests per minute, on average.", valueName: "PER_MINUTE"))
    var rate: Double = 12

    @Option(name: .long, help: ArgumentHelp("Who resolves requests (default: $USER@hostname).", valueName: "NAME"))
    var reviewer: String?

    @OptionGroup var view: ViewOptions

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
        let key = "lelu_demo_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let engine = try await LocalEngine.start(
            LocalEngineConfiguration(host: "127.0.0.1", port: 0, apiKey: key, missingConfidence: .review))
        guard let url = URL(string: engine.baseURL) else {
            await engine.stop()
            throw CommandFailure(status: .engineFailure, message: "demo engine reported a bad URL")
        }
        let agentsHTTP = HTTPClient(eventLoopGroupProvider: .singleton)
        let agents = SimulatedAgents(baseURL: engine.baseURL, apiKey: key, ratePerMinute: rate)
        let agentTask = Task { await agents.run(client: agentsHTTP) }
        let client = HTTPEngineClient(configuration: .init(baseURL: url, apiKey: key))
        let who: String
        do throws(ConnectionSettingsError) {
            who = try ConnectionSettings.resolveReviewer(ConnectionRequest(reviewer: reviewer), environment).0
        } catch {
            throw CommandFailure(status: .unauthorized, message: error.description)
        }
        let outcome = await ConsoleSession(
            client: client, engineLabel: "demo " + (url.host ?? "") + ":\(engine.port)", engineURL: engine.baseURL,
            reviewer: who, setup: setup
        ).run()
        agentTask.cancel()
        _ = await agentTask.value
        try? await agentsHTTP.shutdown()
        await client.shutdown()
        await engine.stop()
        try outcome.get()
    }
}
