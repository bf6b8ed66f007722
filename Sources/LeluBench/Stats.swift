import Foundation

// MARK: - Samples

/// A set of measurements of one quantity, in its own unit (milliseconds unless said otherwise).
struct Samples: Sendable {
    /// The raw values, in the order they were taken.
    var values: [Double] = []

    /// Adds one measurement.
    mutating func add(_ value: Double) { values.append(value) }

    /// How many measurements there are.
    var count: Int { values.count }

    /// The nearest-rank percentile `p` (0...100), or nil when empty.
    func percentile(_ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))]
    }

    /// The median.
    var p50: Double? { percentile(50) }
    /// The 99th percentile (the maximum below 100 samples).
    var p99: Double? { percentile(99) }
    /// The smallest value.
    var min: Double? { values.min() }
    /// The largest value.
    var max: Double? { values.max() }
}

// MARK: - Clock

/// Monotonic time in milliseconds (for intervals only).
func monotonicMilliseconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000
}

/// Runs `body` `count` times after `warmup` untimed runs; returns each run's milliseconds.
func timeRepeated(count: Int, warmup: Int = 3, _ body: () -> Void) -> Samples {
    for _ in 0..<warmup { body() }
    var samples = Samples()
    for _ in 0..<count {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    return samples
}

/// Keeps a value alive and opaque to the optimiser.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

// MARK: - Formatting

/// A number with about three significant digits: 0.0123, 1.23, 12.3, 1234.
func fmt(_ value: Double?) -> String {
    guard let value else { return "—" }
    let magnitude = abs(value)
    if magnitude >= 100 { return String(format: "%.0f", value) }
    if magnitude >= 10 { return String(format: "%.1f", value) }
    if magnitude >= 1 { return String(format: "%.2f", value) }
    if magnitude >= 0.01 { return String(format: "%.3f", value) }
    return String(format: "%.4f", value)
}

// MARK: - Thread

// MARK: - Locked

/// A value behind a lock, shared between the loop thread and effect tasks.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Wraps a value.
    init(_ value: Value) { self.value = value }

    /// Reads or changes the value under the lock.
    func with<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
