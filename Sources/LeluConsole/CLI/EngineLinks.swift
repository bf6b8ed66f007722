import Foundation
import ReviewModel
import LeluClient
import ConsoleConfig

// MARK: - The engines of a run

/// One engine a command talks to: its label (empty for the one engine of a run that has one)
/// and how to reach it.
struct EngineLink: Sendable {
    /// The `[engines.NAME]` label; empty when the run has one engine.
    var label: String
    /// The engine's URL, keys and reviewer, with where each came from.
    var settings: ConnectionSettings
    /// `interval` of its table, with its line.
    var interval: Setting<Double>?
    /// `max_requests` of its table, with its line.
    var maxRequests: Setting<Int>?

    /// `--engines a, b`'s names: split at commas, trimmed, empty ones dropped.
    static func names(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// What a one-shot face says on stderr when this engine, one of several, refused: its label,
    /// then the engine's answer with the fix in its own `[engines.NAME]` table.
    func failureLine(_ error: EngineError) -> String {
        "\(label): \(error.message(engine: settings.engineDisplay, fixes: .table(label)))"
    }

    /// How the console watches it beside others.
    var spec: EngineSpec {
        EngineSpec(label: label, url: settings.engineURL.absoluteString, reviewer: settings.reviewer,
                   hasReviewerKey: settings.reviewerKey != nil, interval: interval?.value, maxRequests: maxRequests?.value)
    }
}

extension Array where Element == EngineLink {
    /// Each engine's client by its label, for the runner (`clients` in the links' order).
    func clientsByLabel(_ clients: [any EngineClient]) -> [String: any EngineClient] {
        Dictionary(uniqueKeysWithValues: zip(map(\.label), clients))
    }
}

extension ConnectionOptions {
    /// The engines this run talks to, with each one's settings warnings on stderr (``resolvedLinks(config:environment:)``).
    func links(config loaded: LoadedConfig, environment: ConnectionEnvironment = .live) throws(CommandFailure) -> [EngineLink] {
        let links = try resolvedLinks(config: loaded, environment: environment)
        for link in links {
            for warning in link.settings.warnings { Output.error(link.label.isEmpty ? warning : "\(link.label): \(warning)") }
        }
        return links
    }

    /// The engines this run talks to (docs/engines.md#several-engines); their warnings are the caller's to show.
    ///
    /// `--engine URL` or `LELU_BASE_URL` / `LELU_ENGINE_URL` mean one engine, as always. Otherwise
    /// config.toml's `[engines.NAME]` tables (those `--engines a,b` names, or all): two or more
    /// are watched together; one is used as the one engine; none falls back to the usual settings.
    func resolvedLinks(config loaded: LoadedConfig, environment: ConnectionEnvironment) throws(CommandFailure) -> [EngineLink] {
        let tables = loaded.engineTables
        let chosen: [ConfiguredEngine]
        if let name = engine, let table = tables.first(where: { $0.label == name }) {
            // `--engine NAME` with NAME a configured label picks that engine, as `--engines NAME` does.
            guard engines == nil else { throw CommandFailure(status: .usage, message: "give --engine NAME or --engines, not both") }
            chosen = [table]
        } else if engine != nil || environment.namesAnEngine
            || (tables.isEmpty && engines == nil)
        {
            if engines != nil { throw CommandFailure(status: .usage, message: "--engines picks [engines.NAME] tables; it cannot go with --engine URL or LELU_BASE_URL") }
            return [EngineLink(label: "", settings: try resolve(loaded.connection, environment: environment))]
        } else {
            chosen = try pick(tables, path: loaded.path)
        }
        if chosen.count > 1, apiKeyFile != nil || reviewerKeyFile != nil {
            throw CommandFailure(status: .usage, message:
                "--api-key-file and --reviewer-key-file name one engine's keys; with several engines give each its own in [engines.NAME]")
        }
        var links: [EngineLink] = []
        for table in chosen {
            let settings = try resolve(table, environment: environment)
            links.append(EngineLink(label: chosen.count > 1 ? table.label : "", settings: settings,
                                    interval: table.interval, maxRequests: table.maxRequests))
        }
        return links
    }

    /// Runs `body` with one client per engine, shut down afterwards whatever happens.
    func withClients<T: Sendable>(
        _ links: [EngineLink], _ body: ([HTTPEngineClient]) async throws(CommandFailure) -> T
    ) async throws(CommandFailure) -> T {
        let clients = links.map { HTTPEngineClient($0.settings, requestTimeout: requestTimeout) }
        let result: Result<T, CommandFailure>
        do throws(CommandFailure) {
            result = .success(try await body(clients))
        } catch {
            result = .failure(error)
        }
        for client in clients { await client.shutdown() }
        return try result.get()
    }

    /// The tables `--engines` names (all of them without it), in the file's order.
    private func pick(_ tables: [ConfiguredEngine], path: String) throws(CommandFailure) -> [ConfiguredEngine] {
        guard let engines else { return tables }
        let names = EngineLink.names(engines)
        let known = tables.map(\.label)
        if let unknown = names.first(where: { !known.contains($0) }) {
            let listed = known.isEmpty ? "none are configured" : "configured: \(known.joined(separator: ", "))"
            throw CommandFailure(status: .usage, message:
                "--engines: no [engines.\(SafeText.line(unknown, limit: 40))] in \(SafeText.line(path, limit: 300)) (\(listed))")
        }
        guard !names.isEmpty else { throw CommandFailure(status: .usage, message: "--engines needs at least one name") }
        return tables.filter { names.contains($0.label) }
    }

    /// One engine's settings: the top level's (label "") with the flags and the
    /// environment, or a table's with its own URL and keys (the environment's engine and keys are
    /// for one engine only).
    private func resolve(_ configured: ConfiguredEngine, environment: ConnectionEnvironment) throws(CommandFailure) -> ConnectionSettings {
        let table = configured.label
        var env = environment
        if !table.isEmpty {
            for name in ["LELU_BASE_URL", "LELU_ENGINE_URL", "LELU_API_KEY", "LELU_REVIEWER_KEY"] { env.variables[name] = nil }
            if let variable = configured.apiKeyVariable { env.variables[variable] = environment.variables[variable] }
        }
        do {
            return try ConnectionSettings.resolve(connectionRequest(configured), environment: env)
        } catch {
            throw CommandFailure(status: .unauthorized, message: table.isEmpty ? error.description : "[engines.\(table)]: \(error.description)")
        }
    }
}
