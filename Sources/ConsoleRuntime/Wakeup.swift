#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Wakeup

/// A self-pipe that lets any thread end the UI loop's wait for a key.
///
/// Effect tasks call ``signal()`` after posting an answer; the terminal polls ``descriptor``
/// beside stdin and calls ``drain()`` when it is readable. Both ends are non-blocking, so a
/// full pipe (many answers at once) never blocks a poster: one pending byte is enough.
package final class Wakeup: @unchecked Sendable {
    /// The read end, to poll for readability.
    package let descriptor: Int32
    private let writeEnd: Int32

    /// Opens the pipe; nil when the process is out of descriptors.
    init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    /// Wakes the waiting loop (from any thread).
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe so the next poll waits again.
    package func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(descriptor, &buffer, buffer.count) > 0 {}
    }

    /// Waits up to `milliseconds` for a signal; true when one arrived (the pipe is drained).
    ///
    /// For terminals with no input descriptor of their own (headless drivers, benchmarks).
    @discardableResult
    package func wait(milliseconds: Int) -> Bool {
        var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 1, Int32(clamping: max(0, milliseconds)))
        guard ready > 0 else { return false }
        drain()
        return true
    }
}
