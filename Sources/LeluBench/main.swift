import Foundation
import Logging

// MARK: - lelu-bench

/// `swift run -c release lelu-bench [--quick] [--out BENCHMARKS.md] [--skip-idle]`
///
/// Measures the console against the local engine on loopback and writes a Markdown report.
let arguments = Array(CommandLine.arguments.dropFirst())
var options = BenchOptions()
var index = 0
while index < arguments.count {
    switch arguments[index] {
    case "--quick": options.quick = true
    case "--skip-idle": options.skipIdle = true
    case "--out" where index + 1 < arguments.count:
        index += 1
        options.out = arguments[index]
    case "--only" where index + 1 < arguments.count:
        index += 1
        options.only = Set(arguments[index].split(separator: ",").compactMap { Int($0) })
    case "--probe-start" where index + 2 < arguments.count:
        // A child of rows 8: one console start on a journal, measured in a process of its own.
        probeStart(journalPath: arguments[index + 1], spawnedAt: Double(arguments[index + 2]) ?? 0)
    case "-h", "--help":
        print("usage: swift run -c release lelu-bench [--quick] [--out PATH (default BENCHMARKS.md)] [--skip-idle] [--only 1,3,7] (rows 1-15)")
        exit(0)
    default:
        FileHandle.standardError.write(Data("lelu-bench: unknown argument \(arguments[index])\n".utf8))
        exit(2)
    }
    index += 1
}
#if DEBUG
FileHandle.standardError.write(Data("lelu-bench: warning: a debug build; numbers mean little (use -c release)\n".utf8))
options.debugBuild = true
#endif

// The runner logs each decision; the console sends that to a file, the bench nowhere.
LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }

do {
    let results = try await runAll(options)
    let report = BenchReport(options: options, results: results, machine: Machine.current()).markdown()
    try report.write(toFile: options.out, atomically: true, encoding: .utf8)
    print("wrote \(options.out)")
} catch {
    FileHandle.standardError.write(Data("lelu-bench: \(error)\n".utf8))
    exit(1)
}
