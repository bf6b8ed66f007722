import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - A slow engine

/// A loopback HTTP proxy that holds every request `delay` seconds before passing it to an engine
/// and relaying the engine's answer: an engine that answers everything after 10 s, past the
/// console's 10 s request timeout (row 15).
///
/// Plain POSIX sockets, a thread per connection, one request per connection (the answer is sent
/// with `Connection: close`), so it needs nothing the bench does not already link.
final class SlowProxy: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    let baseURL: String
    private let listener: Int32
    private let upstreamPort: UInt16
    private let delay: TimeInterval
    private let lock = NSLock()
    private var stopped = false
    private var received = 0
    private var answered = 0

    /// Listens on a free loopback port in front of the engine at `upstream` (`http://127.0.0.1:PORT`).
    init(upstream: String, delay: TimeInterval) throws {
        guard let port = URL(string: upstream)?.port, let upstreamPort = UInt16(exactly: port) else {
            throw BenchFailure("slow proxy: bad upstream \(upstream)")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchFailure("slow proxy: socket() failed: errno \(errno)") }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, listen(fd, 128) == 0, named == 0 else {
            close(fd)
            throw BenchFailure("slow proxy: cannot listen on loopback: errno \(errno)")
        }
        listener = fd
        self.upstreamPort = upstreamPort
        self.delay = delay
        baseURL = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Requests read so far (each held `delay` seconds).
    var requests: Int { lock.withLock { received } }

    /// Answers written back after the delay (whether or not the client still waited for them).
    var answers: Int { lock.withLock { answered } }

    /// Stops accepting; requests being held are dropped when their delay ends.
    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    // MARK: - Connections

    private func acceptLoop() {
        while !isStopped {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    /// Reads one request, holds it, passes it on, relays the answer and closes.
    private func serve(_ connection: Int32) {
        defer { close(connection) }
        guard let request = readRequest(connection) else { return }
        lock.withLock { received += 1 }
        Thread.sleep(forTimeInterval: delay)
        guard !isStopped, let answer = forward(request) else { return }
        if sendAll(connection, answer) { lock.withLock { answered += 1 } }
    }

    /// The request's head (with `Connection: close`) and body, or nil when the client went away.
    private func readRequest(_ connection: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let end = firstIndex(of: separator, in: bytes) {
                let head = String(decoding: bytes[..<end], as: UTF8.self)
                let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
                let length = lines.compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                let bodyStart = end + separator.count
                while bytes.count < bodyStart + length {
                    let n = recv(connection, &buffer, buffer.count, 0)
                    guard n > 0 else { return nil }
                    bytes += buffer[0..<n]
                }
                let kept = lines.filter { !$0.lowercased().hasPrefix("connection:") }
                let newHead = kept.joined(separator: "\r\n") + "\r\nConnection: close\r\n\r\n"
                return Array(newHead.utf8) + bytes[bodyStart..<(bodyStart + length)]
            }
            let n = recv(connection, &buffer, buffer.count, 0)
            guard n > 0 else { return nil }
            bytes += buffer[0..<n]
        }
    }

    /// Sends a request to the engine and reads its whole answer (until it closes).
    private func forward(_ request: [UInt8]) -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0, sendAll(fd, request) else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            answer += buffer[0..<n]
        }
        return answer.isEmpty ? nil : answer
    }
}

// MARK: - Sockets

/// 127.0.0.1:`port`.
private func loopback(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return address
}

/// Writes every byte (no SIGPIPE when the peer has gone); false when it could not.
private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard n > 0 else {
            if n < 0, errno == EINTR { continue }
            return false
        }
        offset += n
    }
    return true
}

/// Where `needle` first starts in `haystack`.
private func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
        return start
    }
    return nil
}
