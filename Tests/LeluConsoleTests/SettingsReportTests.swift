import Foundation
import Testing
@testable import LeluConsole
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig

// MARK: - Reports

@Suite("config and themes commands")
struct SettingsReportTests {
    @Test("config shows every value with its source, and the API key only as set (from …)")
    func configReport() throws {
        let path = "/h/.config/lelu-console/config.toml"
        let file = try ConfigFile.parse("interval = 2\n[keys]\napprove = \"y\"\n", path: path)
        let settings = ConsoleSettings.resolve(flags: ConsoleFlags(color: .never), environment: [:], homeDirectory: "/h", config: file)
        let config = LoadedConfig(path: path, pathSource: .builtIn, file: file)
        let setup = ConsoleSetup.resolve(
            settings: settings, config: config,
            catalog: ThemeCatalog(userDirectory: nil, readFile: { _ in nil }, listDirectory: { _ in [] }), homeDirectory: "/h")
        let connection = ConnectionSettings(
            engineURL: try #require(URL(string: "https://lelu.internal:8443")), engineSource: .environment("LELU_BASE_URL"),
            apiKey: "lelu_secret_do_not_print", apiKeySource: .environment("LELU_API_KEY"),
            reviewer: "alice", reviewerSource: .flag("--reviewer"))
        let lines = ConfigCommand.lines(connection: .success(connection), setup: setup)
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("lelu_secret_do_not_print"))
        func line(_ name: String) -> String { lines.first { $0.hasPrefix(name + " ") } ?? "" }
        #expect(line("api key").hasSuffix("set (from environment LELU_API_KEY)"))
        #expect(line("engine").contains("https://lelu.internal:8443") && line("engine").hasSuffix("(environment LELU_BASE_URL)"))
        #expect(line("interval").contains("2s") && line("interval").hasSuffix("(config \(path):1)"))
        #expect(line("color").contains("never") && line("color").hasSuffix("(flag --color)"))
        #expect(line("confirm").contains("none") && line("confirm").hasSuffix("(default)"))
        #expect(line("keys.approve").contains(" y ") && line("keys.approve").hasSuffix("(config \(path):3)"))
        #expect(line("keys.deny").hasSuffix("(default)"))
        for name in ["undo window", "warn after", "critical after", "bell", "mouse", "log file", "log level", "theme", "ascii"] {
            #expect(!line(name).isEmpty, "\(name) is reported")
        }
    }
}
