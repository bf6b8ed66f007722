import Foundation
import Testing
@testable import ConsoleConfig
@testable import ReviewModel

// MARK: - [engines.NAME]

@Suite("config.toml: [engines.NAME] tables")
struct EngineTablesTests {
    static let text = """
        reviewer = "alice"
        [engines.us]
        url = "https://lelu-us.internal:8080"
        api_key_file = "~/.config/lelu/us.key"
        reviewer_key_file = "~/.config/lelu/alice.key"

        [engines.eu-prod]
        url = "https://lelu-eu.internal:8080"
        api_key_env = "LELU_EU_KEY"
        reviewer = "alice@eu"
        interval = "2s"
        max_requests = 800

        """

    @Test("each table is read in file order with its values and lines")
    func tablesAreRead() throws {
        let file = try ConfigFile.parse(Self.text, path: "/c.toml")
        #expect(file.engines.map(\.label) == ["us", "eu-prod"])
        let us = try #require(file.engines.first)
        #expect(us.line == 2)
        #expect(us.url == ConfigFile.Entry(value: "https://lelu-us.internal:8080", line: 3))
        #expect(us.apiKeyFile?.value == "~/.config/lelu/us.key" && us.reviewerKeyFile?.line == 5)
        let eu = try #require(file.engines.last)
        #expect(eu.apiKeyEnv == ConfigFile.Entry(value: "LELU_EU_KEY", line: 9))
        #expect(eu.reviewer?.value == "alice@eu" && eu.interval?.value == 2 && eu.maxRequests?.value == 800)
        #expect(file.reviewer?.value == "alice")
    }

    @Test("mistakes name the line", arguments: [
        ("[engines.us]\napi_key_file = \"k\"\n", 1, "[engines.us] needs a `url`"),
        ("[engines.US]\nurl = \"http://x\"\n", 1, "a name is 1 to 16 of a-z, 0-9, - and _"),
        ("[engines.a]\nurl = \"http://x\"\nregion = \"x\"\n", 3, "unknown key `region` in [engines.a]"),
        ("[engines.a]\nurl = \"http://x\"\napi_key_file = \"f\"\napi_key_env = \"E\"\n", 4, "not both"),
        ("[engines.a]\nurl = \"http://x\"\ninterval = 0.01\n", 3, "`interval` must be between"),
        ("engines = 3\n", 1, "`engines` must be tables"),
    ])
    func errors(text: String, line: Int, message: String) {
        #expect(configFails(text, line: line, message: message))
    }

    @Test("labels: short, lower case, no slash (a row key's first / splits it)")
    func labels() {
        for good in ["us", "eu-prod", "ap_2", "0x"] { #expect(RowKey.isValidLabel(good), "\(good)") }
        for bad in ["", "US", "eu/prod", "-us", "a b", String(repeating: "a", count: 17)] { #expect(!RowKey.isValidLabel(bad), "\(bad)") }
        #expect(RowKey.make(engine: "eu", id: "a/b") == "eu/a/b")
        #expect(RowKey.engine(of: "eu/a/b") == "eu" && RowKey.requestID(of: "eu/a/b", engine: "eu") == "a/b")
        #expect(RowKey.make(engine: "", id: "a/b") == "a/b")
    }
}
