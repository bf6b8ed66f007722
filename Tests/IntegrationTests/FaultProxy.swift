import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore

// MARK: - Faults

/// What the faulty proxy does to one request.
enum Fault: String, CaseIterable, Sendable {
    /// Forwarded and answered normally.
    case pass
    /// Answered 503 without reaching the engine.
    case unavailable
    /// The connection is closed without an answer, before the engine sees the request.
    case drop
    /// The connection is reset (RST), before the engine sees the request.
    case reset
    /// Forwarded after a pause shorter than the client's timeout.
    case delay
    /// Held past the client's timeout, then dropped; the engine never sees it.
    case stall
    /// Forwarded (the engine acts on it), then the connection is reset instead of answering.
    case lostAnswer
}

/// Picks a fault per request: `pass` with probability `1 - fraction`, otherwise one of the others,
/// from a seeded generator.
///
/// One path (one decision, or the poll) is faulted at most `maxInARow` times in a row: the
/// network is bad, not down, so every decision gets through well within the console's retry
/// budget and the test's time stays bounded (a retry waits 1 s, doubling).
final class FaultPlan: @unchecked Sendable {
    private let lock = NSLock()
    private var seed: UInt64
    private let fraction: Double
    private let maxInARow: Int
    private var inARow: [String: Int] = [:]
    private let faults: [Fault] = Fault.allCases.filter { $0 != .pass }

    /// A plan faulting `fraction` (0…1) of requests, at most `maxInARow` in a row per path.
    init(fraction: Double, maxInARow: Int, seed: UInt64) {
        self.fraction = fraction
        self.maxInARow = maxInARow
        self.seed = seed
    }

    /// The fault for the next request to `path`.
    func next(path: String) -> Fault {
        lock.withLock {
            let roll = Double(nextRandom() >> 11) / Double(1 << 53)
            let fault = roll < fraction && inARow[path, default: 0] < maxInARow
                ? faults[Int(nextRandom() % UInt64(faults.count))] : .pass
            // A delay still answers; everything else is a failed attempt.
            inARow[path] = fault == .pass || fault == .delay ? 0 : inARow[path, default: 0] + 1
            return fault
        }
    }

    /// A pause for `delay` faults, 20…300 ms.
    func pause() -> Duration {
        lock.withLock { .milliseconds(20 + Int(nextRandom() % 280)) }
    }

    /// SplitMix64.
    private func nextRandom() -> UInt64 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What the proxy did, and what the engine answered to each decision it forwarded.
actor FaultLog {
    /// Requests per fault.
    private(set) var counts: [Fault: Int] = [:]
    /// Per request ID, the engine's status code for every approve/deny that reached it.
    private(set) var decisions: [String: [Int]] = [:]

    /// Counts one fault.
    func count(_ fault: Fault) { counts[fault, default: 0] += 1 }

    /// Records the engine's answer to a forwarded decision.
    func decided(id: String, status: Int) { decisions[id, default: []].append(status) }
}

// MARK: - Proxy

/// A request context that keeps the client connection, so a handler can drop or reset it.
struct ChannelContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// A reverse proxy to `engine` that faults requests as `plan` says and logs what it did.
func faultyProxy(to engine: String, plan: FaultPlan, log: FaultLog, stall: Duration)
    -> Router<ChannelContext>
{
    let router = Router(context: ChannelContext.self)
    let handle: @Sendable (Request, ChannelContext) async throws -> Response = { request, context in
        let fault = plan.next(path: request.uri.path)
        await log.count(fault)
        let body = try await request.body.collect(upTo: 1 << 20)
        switch fault {
        case .unavailable:
            return Response(status: .serviceUnavailable, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"error":"proxy: try again later"}"#)))
        case .drop:
            try? await context.channel.close()
            return Response(status: .ok)  // never written: the connection is gone
        case .reset:
            await reset(context.channel)
            return Response(status: .ok)
        case .stall:
            try await Task.sleep(for: stall)
            try? await context.channel.close()
            return Response(status: .ok)
        case .delay:
            try await Task.sleep(for: plan.pause())
            return try await forward(request, body: body, to: engine, log: log)
        case .lostAnswer:
            _ = try await forward(request, body: body, to: engine, log: log)
            await reset(context.channel)
            return Response(status: .ok)
        case .pass:
            return try await forward(request, body: body, to: engine, log: log)
        }
    }
    router.get("/**", use: handle)
    router.post("/**", use: handle)
    return router
}

/// Closes a connection with RST (SO_LINGER 0) instead of FIN, when the channel allows it.
private func reset(_ channel: any Channel) async {
    if let sockets = channel as? any SocketOptionProvider {
        try? await sockets.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
    }
    try? await channel.close()
}

/// Sends the request on to the engine and returns its answer; logs the status of decisions.
private func forward(_ request: Request, body: ByteBuffer, to engine: String, log: FaultLog) async throws
    -> Response
{
    let path = request.uri.path
    var target = engine + path
    if let query = request.uri.query { target += "?" + query }
    var outgoing = HTTPClientRequest(url: target)
    outgoing.method = request.method == .post ? .POST : .GET
    if let auth = request.headers[.authorization] { outgoing.headers.add(name: "Authorization", value: auth) }
    if let type = request.headers[.contentType] { outgoing.headers.add(name: "Content-Type", value: type) }
    if body.readableBytes > 0 { outgoing.body = .bytes(body) }
    let response = try await HTTPClient.shared.execute(outgoing, timeout: .seconds(10))
    let bytes = try await response.body.collect(upTo: 1 << 24)
    // `/v1/queue/{id}/approve` or `/deny`.
    let parts = path.split(separator: "/")
    if request.method == .post, parts.count == 4, parts[1] == "queue", ["approve", "deny"].contains(parts[3]) {
        await log.decided(id: String(parts[2]), status: Int(response.status.code))
    }
    return Response(
        status: .init(code: Int(response.status.code)), headers: [.contentType: "application/json"],
        body: .init(byteBuffer: bytes))
}
