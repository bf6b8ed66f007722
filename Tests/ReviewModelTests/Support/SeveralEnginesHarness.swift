import Foundation
@testable import ReviewModel
import TestSupport

// MARK: - Several simulated engines

/// A console watching several simulated engines: reads and probes go to the engine their
/// effect names, work on rows to the engine their key names, and every answer comes back
/// tagged as the runner tags it. An engine can be down (unreachable) or held (its answers
/// wait until released, like an engine that answers every request after 10 s).
struct SeveralEnginesHarness {
    /// The console.
    var state: ConsoleState
    /// The engines by label.
    var engines: [String: SimulatedEngine]
    /// Engines that refuse connections.
    var down: Set<String> = []
    /// Engines whose answers wait in ``waiting`` until ``release(_:)``.
    var held: Set<String> = []
    /// Effects sent to held engines, not answered yet.
    private(set) var waiting: [Effect] = []
    /// Every effect the reducer asked for, in order.
    private(set) var effects: [Effect] = []
    /// Notifications the reducer asked for.
    private(set) var notified: [DesktopNotification] = []
    /// Journal records the reducer asked for.
    private(set) var journal: [JournalEntry] = []
    /// The injected clock.
    private(set) var now = testNow
    /// Engines whose probe says reviewer credentials are required.
    var needsReviewerKey: Set<String> = []

    /// A console started on `engines` (in this order), each its own kind.
    init(_ engines: [(String, SimulatedEngine)], size: Size = Size(width: 140, height: 30),
         configure: (inout ConsoleState) -> Void = { _ in }) {
        self.engines = Dictionary(uniqueKeysWithValues: engines)
        state = ConsoleState(engineLabel: "us", reviewer: "oncall@ops", now: testNow, size: size)
        state.undoWindow = 0
        configure(&state)
        state.watch(engines.map { EngineSpec(label: $0.0, url: "http://\($0.0).example:8080", reviewer: "oncall@ops") })
    }

    /// Opens the console.
    mutating func start() {
        perform(reduce(&state, .started(now)))
    }

    /// Advances the clock and ticks.
    mutating func advance(_ seconds: TimeInterval) {
        now = now.addingTimeInterval(seconds)
        perform(reduce(&state, .tick(now)))
    }

    /// Presses keys.
    mutating func press(_ keys: Key...) {
        for key in keys { perform(reduce(&state, .key(key))) }
    }

    /// Answers what a held engine was asked, now.
    mutating func release(_ label: String) {
        held.remove(label)
        let mine = waiting.filter { Self.label(of: $0) == label }
        waiting.removeAll { Self.label(of: $0) == label }
        perform(mine)
    }

    /// Answers effects until none are left.
    mutating func perform(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            self.effects.append(effect)
            if let label = Self.label(of: effect), held.contains(label) {
                waiting.append(effect)
                continue
            }
            if let event = answer(effect) { queue += reduce(&state, event) }
        }
    }

    /// The engine an effect goes to.
    static func label(of effect: Effect) -> String? {
        switch effect {
        case .engine(let label, _): label
        case .checkItem(let id), .fetchItem(let id), .submit(let id, _, _): RowKey.engine(of: id)
        default: nil
        }
    }

    /// The event that answers an effect.
    private mutating func answer(_ effect: Effect) -> Event? {
        switch effect {
        case .engine(let label, let read):
            return answerRead(read, label: label).map { .engine(label, $0) }
        case .checkItem(let key), .fetchItem(let key), .submit(let key, _, _):
            guard let label = RowKey.engine(of: key) else { return nil }
            return answerRow(effect, key: key, label: label).map { .engine(label, $0) }
        case .notify(let notification):
            notified.append(notification)
            return nil
        case .journal(let entry):
            journal.append(entry)
            return nil
        default:
            return nil
        }
    }

    /// A read or probe of one engine.
    private mutating func answerRead(_ read: Effect, label: String) -> Event? {
        let unreachable = EngineError.unreachable(detail: "connection refused")
        switch read {
        case .fetchPending:
            if down.contains(label) { return .pollFailed(unreachable, at: now) }
            return engines[label].map { engine in
                var engine = engine
                defer { engines[label] = engine }
                return .pollSucceeded(engine.list().tagged(engine: label), at: now)
            }
        case .fetchPage(let page):
            if down.contains(label) { return .pageFailed(unreachable, page: page, at: now) }
            return engines[label].map { engine in
                var engine = engine
                defer { engines[label] = engine }
                return .pageSucceeded(engine.page(page).tagged(engine: label), page: page, at: now)
            }
        case .probeEngine:
            guard !down.contains(label), let engine = engines[label] else { return .engineProbed(EngineProfile(api: .unknown)) }
            let api: EngineProfile.API = engine.kind == .current ? .current : .july2026
            return .engineProbed(EngineProfile(api: api, reviewerCredentials: needsReviewerKey.contains(label)))
        default:
            return nil
        }
    }

    /// Work on one row of one engine.
    private mutating func answerRow(_ effect: Effect, key: String, label: String) -> Event? {
        let id = RowKey.requestID(of: key, engine: label)
        guard var engine = engines[label] else { return nil }
        defer { engines[label] = engine }
        let unreachable = EngineError.unreachable(detail: "connection refused")
        switch effect {
        case .checkItem:
            if down.contains(label) { return .itemCheckFailed(id: key, error: unreachable, at: now) }
            switch engine.get(id) {
            case .success(let item): return .itemChecked(item.tagged(engine: label), at: now)
            case .failure(let error): return .itemCheckFailed(id: key, error: error, at: now)
            }
        case .fetchItem:
            switch engine.get(id) {
            case .success(let item): return .itemFetched(item.tagged(engine: label), at: now)
            case .failure(let error): return .itemFetchFailed(id: key, error: error, at: now)
            }
        case .submit(_, let decision, _):
            if down.contains(label) { return .decisionFailed(id: key, decision: decision, error: unreachable, at: now) }
            if let error = engine.decide(id, decision) { return .decisionFailed(id: key, decision: decision, error: error, at: now) }
            return .decisionSucceeded(id: key, decision: decision, at: now)
        default:
            return nil
        }
    }

    /// The header line as drawn.
    var header: String { render(state, size: state.size, theme: .default).text(row: 0) }

    /// The screen as drawn.
    var screen: String { render(state, size: state.size, theme: .default).lines.joined(separator: "\n") }
}
