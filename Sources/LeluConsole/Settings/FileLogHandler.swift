import Foundation
import Logging
import ReviewModel
import ConsoleConfig

// MARK: - Log file

/// An append-only log file shared by every logger; writes are serialised by a lock.
final class LogFile: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    /// Opens (creating it and its directory, mode 0600) a file for appending.
    init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission)
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// Appends one line.
    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }
}

// MARK: - FileLogHandler

/// A swift-log handler that writes one line per message to a ``LogFile``, never to the terminal.
struct FileLogHandler: LogHandler {
    /// The file.
    let file: LogFile
    /// The logger's label.
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = Date().formatted(.iso8601)
        // Messages may carry engine text: one line, no control characters.
        let message = event.message.description.unicodeScalars
            .map { $0.value < 0x20 || $0.value == 0x7F ? " " : String($0) }.joined()
        file.write("\(stamp) \(event.level) \(label): \(message)\(fields.isEmpty ? "" : " " + fields)")
    }
}

// MARK: - Bootstrap

/// Sets up logging once per process: to the file, or nowhere when it cannot be opened
/// (the reason is returned, for stderr before the console takes the screen).
enum LogSetup {
    /// Bootstraps swift-log; returns a warning when the file could not be opened.
    static func bootstrap(path: String, level: LogLevelName) -> String? {
        let loggerLevel = Logger.Level(rawValue: level.rawValue) ?? .info
        do {
            let file = try LogFile(path: path)
            LoggingSystem.bootstrap { label in FileLogHandler(file: file, label: label, logLevel: loggerLevel) }
            return nil
        } catch {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
            return "cannot open the log file \(path): \(error.localizedDescription); not logging"
        }
    }
}
