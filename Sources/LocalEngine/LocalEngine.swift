import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

// MARK: - Engine

/// A local, in-memory, Lelu-compatible engine serving the review-queue routes over HTTP.
///
/// It plays either real engine (``LocalEngineConfiguration/dialect``): the current one (0.2.0+,
/// the default) or the July 2026 snapshot, with its in-memory or Redis-stream list.
///
/// ```swift
/// let engine = try await LocalEngine.start(.init(apiKey: "lelu_test_key"))
/// print(engine.baseURL)   // http://127.0.0.1:54321
/// await engine.stop()
/// ```
package final class LocalEngine: Sendable {
    /// Why the engine failed to start.
    struct StartError: Error, CustomStringConvertible {
        /// What went wrong.
        let description: String
    }

    /// The port the engine listens on (the real one when configured with port 0).
    package let port: Int
    /// The address clients use, e.g. `http://127.0.0.1:54321`.
    package let baseURL: String

    let queue: ReviewQueue
    /// The queue store's health: failing as a real engine's does when its Redis is down.
    let outage: StoreOutage
    private let serviceGroup: ServiceGroup
    private let runTask: Task<Void, any Error>

    private init(port: Int, baseURL: String, queue: ReviewQueue, outage: StoreOutage, serviceGroup: ServiceGroup,
                 runTask: Task<Void, any Error>) {
        self.port = port
        self.baseURL = baseURL
        self.queue = queue
        self.outage = outage
        self.serviceGroup = serviceGroup
        self.runTask = runTask
    }

    /// Starts an engine and returns once it is listening.
    package static func start(_ configuration: LocalEngineConfiguration) async throws -> LocalEngine {
        if let problem = configuration.problem { throw StartError(description: problem) }
        let reviewerKeys = ReviewerKeys(parsing: configuration.reviewerKeys)
        for warning in reviewerKeys.warnings {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        let queue = ReviewQueue(rules: QueueRules(
            expires: configuration.dialect == .current,
            pendingMaxAge: configuration.pendingMaxAge,
            approvalTTL: configuration.approvalTTL,
            keepsStream: configuration.store == .stream
        ))
        let handlers = EngineHandlers(queue: queue, configuration: configuration, reviewerKeys: reviewerKeys, startedAt: .now())
        let outage = handlers.outage
        let quiet = Logger(label: "lelu-local-engine", factory: { _ in SwiftLogNoOpLogHandler() })
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: EngineResponder(handlers: handlers),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? configuration.port)
                portContinuation.finish()
            },
            logger: quiet
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quiet))
        let runTask = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            if case .failure(let error) = await runTask.result { throw error }
            throw StartError(description: "the server stopped before it was listening")
        }
        return LocalEngine(
            port: port,
            baseURL: "http://\(urlHost(configuration.host)):\(port)",
            queue: queue,
            outage: outage,
            serviceGroup: group,
            runTask: runTask
        )
    }

    /// Makes the queue store fail (or answer again), as a real engine's Redis going down and back.
    func setStoreFailing(_ failing: Bool) {
        outage.set(failing)
    }

    /// Flips the store between failing and answering; returns whether it is failing now.
    package func toggleStoreFailing() -> Bool {
        outage.toggle()
    }

    /// Stops listening, answers parked long-polls with 408, and waits for shutdown; safe to call twice.
    package func stop() async {
        await queue.close()
        await serviceGroup.triggerGracefulShutdown()
        _ = await runTask.result
    }

    /// The host as it goes into a URL: wildcards become loopback, IPv6 gets brackets.
    private static func urlHost(_ host: String) -> String {
        switch host {
        case "0.0.0.0", "": return "127.0.0.1"
        case "::": return "[::1]"
        default: return host.contains(":") ? "[\(host)]" : host
        }
    }
}
