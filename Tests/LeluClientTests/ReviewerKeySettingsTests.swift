import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient

// MARK: - Reviewer key settings

@Suite("ConnectionSettings: the reviewer key")
struct ReviewerKeySettingsTests {
    static let secret = "alice-reviewer-secret-0001"

    @Test("--reviewer-key-file > LELU_REVIEWER_KEY > reviewer_key_file in config.toml; never discovered")
    func precedence() throws {
        let files = ["/k/flag": "from-flag-secret-0000001\n", "/k/config": "from-config-secret-00001\n"]
        var request = ConnectionRequest(engine: "http://127.0.0.1:8080", reviewerKeyFile: "/k/flag")
        request.configReviewerKeyFile = Setting("/k/config", .configFile(path: "/c.toml", line: 3))
        let env = machine(["LELU_REVIEWER_KEY": " from-env-secret-0000001 \n"], files: files)

        let flag = try ConnectionSettings.resolve(request, environment: env)
        #expect(flag.reviewerKey == "from-flag-secret-0000001" && flag.reviewerKeySource == .keyFile("/k/flag"))

        request.reviewerKeyFile = nil
        let fromEnv = try ConnectionSettings.resolve(request, environment: env)
        #expect(fromEnv.reviewerKey == "from-env-secret-0000001")
        #expect(fromEnv.reviewerKeySource == .environment("LELU_REVIEWER_KEY"))

        let fromConfig = try ConnectionSettings.resolve(request, environment: machine(files: files))
        #expect(fromConfig.reviewerKey == "from-config-secret-00001" && fromConfig.reviewerKeySource == .keyFile("/k/config"))

        let discovered = try ConnectionSettings.resolve(
            ConnectionRequest(), environment: machine(files: registered(), alive: [4242]))
        #expect(discovered.apiKey == "lelu_test_disc" && discovered.reviewerKey == nil, "engine.key is an API key only")
    }

    @Test("the reviewer key reaches the client configuration and nothing that prints")
    func neverShown() throws {
        let settings = try ConnectionSettings.resolve(
            ConnectionRequest(engine: "https://lelu.example"), environment: machine(["LELU_REVIEWER_KEY": Self.secret]))
        #expect(settings.clientConfiguration().reviewerKey == Self.secret)
        for text in [settings.description, settings.debugDescription, "\(settings.clientConfiguration())",
                     String(reflecting: settings.clientConfiguration())] {
            #expect(!text.contains(Self.secret), "\(text)")
        }
        #expect(settings.description.contains("reviewer key: set  (environment LELU_REVIEWER_KEY)"))
    }

    @Test("one reader for both key files: the same permission warning and the same missing-file error")
    func sameReader() throws {
        let env = machine(files: ["/k/open": Self.secret], modes: ["/k/open": 0o644])
        let settings = try ConnectionSettings.resolve(
            ConnectionRequest(engine: "http://127.0.0.1:1", reviewerKeyFile: "/k/open"), environment: env)
        #expect(settings.warnings == ["warning: reviewer key file /k/open is readable by others (mode 644); run chmod 600 on it"])
        #expect(throws: ConnectionSettingsError.unreadableKeyFile(path: "/k/none", what: "a reviewer key")) {
            try ConnectionSettings.resolve(
                ConnectionRequest(engine: "http://127.0.0.1:1", reviewerKeyFile: "/k/none"), environment: env)
        }
        #expect(ConnectionSettingsError.unreadableKeyFile(path: "/k/none", what: "a reviewer key").description
            == "cannot read a reviewer key from /k/none: the file is missing, unreadable or empty")
    }

    @Test("a reviewer key goes only where the API key may go: https, or this machine")
    func onlyWhereTheAPIKeyMayGo() throws {
        let env = machine(["LELU_REVIEWER_KEY": Self.secret])
        #expect(throws: ConnectionSettingsError.insecureKey(
            engine: "http://10.0.0.5:8080", source: .environment("LELU_REVIEWER_KEY"))) {
            try ConnectionSettings.resolve(ConnectionRequest(engine: "http://10.0.0.5:8080"), environment: env)
        }
        for engine in ["https://10.0.0.5", "http://127.0.0.1:8080", "http://localhost:1"] {
            #expect(try ConnectionSettings.resolve(ConnectionRequest(engine: engine), environment: env).reviewerKey != nil)
        }
        var allowed = ConnectionRequest(engine: "http://10.0.0.5:8080")
        allowed.allowInsecureHTTP = true
        #expect(try ConnectionSettings.resolve(allowed, environment: env).reviewerKey == Self.secret)
    }
}
