import Foundation

// MARK: - Entry

let status = await LeluConsoleCommand.runMain(Array(CommandLine.arguments.dropFirst()))
exit(status)
