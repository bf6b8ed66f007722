import Foundation
import Testing
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig
import TestSupport

// MARK: - config.toml

@Suite("Config: parsing")
struct ConfigFileTests {
    static let full = """
        # my console
        engine = "https://lelu.internal:8443"
        api_key_file = "/home/me/.lelu-key"
        reviewer = "alice"
        interval = 2.5
        theme = "colorblind"
        color = "never"
        ascii = true
        undo_window = "10s"
        confirm = "both"
        warn_after = "2m"
        critical_after = 600
        bell = true
        mouse = true
        log_file = "/tmp/lelu.log"
        log_level = "debug"

        [keys]
        approve = "y"
        deny = ["n", "C-d"]
        move-down = ["j", "Down", "Tab"]
        """

    @Test func everyKeyIsReadWithItsLine() throws {
        let config = try ConfigFile.parse(Self.full, path: "/c.toml")
        #expect(config.engine == .init(value: "https://lelu.internal:8443", line: 2))
        #expect(config.apiKeyFile?.value == "/home/me/.lelu-key")
        #expect(config.reviewer?.line == 4)
        #expect(config.interval == .init(value: 2.5, line: 5))
        #expect(config.theme?.value == "colorblind")
        #expect(config.color == .init(value: .never, line: 7))
        #expect(config.ascii?.value == true)
        #expect(config.undoWindow == .init(value: 10, line: 9))
        #expect(config.confirm?.value == .both)
        #expect(config.warnAfter?.value == 120)
        #expect(config.criticalAfter == .init(value: 600, line: 12))
        #expect(config.bell?.value == true && config.mouse?.value == true)
        #expect(config.logFile?.value == "/tmp/lelu.log")
        #expect(config.logLevel?.value == .debug)
        #expect(config.keys == [
            .init(action: .approve, keys: [.char("y")], line: 19),
            .init(action: .deny, keys: [.char("n"), .ctrl("d")], line: 20),
            .init(action: .moveDown, keys: [.char("j"), .down, .tab], line: 21),
        ])
    }

    @Test("mistakes are errors naming the file and line", arguments: [
        ("interval = 1\n[keys]\napprove = \"y\"\nfrobnicate = \"x\"\n", 4, "unknown action \"frobnicate\""),
        ("[keys]\n\napprove = \"Hyper-Q\"\n", 3, "unknown key \"Hyper-Q\" for approve"),
        ("[keys]\ndeny = [\"n\", 3]\n", 2, "keys must be strings"),
        ("[keys]\ndeny = []\n", 2, "at least one key"),
        ("engine = \"x\"\ninterval = \"soon\"\n", 2, "`interval` must be a number of seconds"),
        ("interval = 0.01\n", 1, "between 0.2 and 3600"),
        ("max_requests = 0\n", 1, "`max_requests` must be between 1 and 1000000"),
        ("max_requests = \"lots\"\n", 1, "`max_requests` must be a whole number"),
        ("color = \"sometimes\"\n", 1, "`color` must be one of auto, always, never"),
        ("confirm = \"maybe\"\n", 1, "one of none, approve, deny, both"),
        ("bell = \"yes\"\n", 1, "`bell` must be true or false"),
        ("theme = 3\n", 1, "`theme` must be a string"),
        ("\n\nengine_url = \"x\"\n", 3, "unknown setting \"engine_url\""),
        ("warn_after = 300\ncritical_after = 60\n", 2, "later than `warn_after`"),
        ("engine = \"x\nreviewer = 1\n", 1, "not valid TOML"),
    ])
    func errors(text: String, line: Int, message: String) {
        #expect(configFails(text, line: line, message: message, path: "/home/me/.config/lelu-console/config.toml"))
    }

    @Test("config.toml takes max_requests with its line, and the flag wins over it")
    func maxRequests() throws {
        let file = try ConfigFile.parse("interval = 1\nmax_requests = 200\n", path: "/c.toml")
        #expect(file.maxRequests == .init(value: 200, line: 2))
        var flags = ConsoleFlags()
        let fromFile = ConsoleSettings.resolve(flags: flags, environment: [:], homeDirectory: "/h", config: file)
        #expect(fromFile.maxRequests.value == 200)
        var state = ConsoleState(engineLabel: "e", reviewer: "r", now: Date(), size: Size(width: 80, height: 24))
        state.apply(fromFile.preferences(notify: .off))
        #expect(state.sync.maxRequests == 200)
        flags.maxRequests = 300
        #expect(ConsoleSettings.resolve(flags: flags, environment: [:], homeDirectory: "/h", config: file).maxRequests.value == 300)
    }

    @Test("config.toml takes reviewer_key_file with its line")
    func configKey() throws {
        let file = try ConfigFile.parse("engine = \"http://127.0.0.1:9\"\nreviewer_key_file = \"/k/r\"\n", path: "/c.toml")
        #expect(file.reviewerKeyFile?.value == "/k/r" && file.reviewerKeyFile?.line == 2)
    }

    @Test func keyNames() {
        #expect(Key(configName: "a") == .char("a"))
        #expect(Key(configName: "A") == .char("A"))
        #expect(Key(configName: "Space") == .char(" "))
        #expect(Key(configName: "ENTER") == .enter)
        #expect(Key(configName: "esc") == .escape)
        #expect(Key(configName: "S-Tab") == .backTab)
        #expect(Key(configName: "PgDn") == .pageDown)
        #expect(Key(configName: "f12") == .function(12))
        #expect(Key(configName: "C-u") == .ctrl("u"))
        #expect(Key(configName: "ctrl-x") == .ctrl("x"))
        #expect(Key(configName: "↓") == .down)
        #expect(Key(configName: "f13") == nil)
        #expect(Key(configName: "C-1") == nil)
        #expect(Key(configName: "\u{7}") == nil)
        #expect(Key(configName: "") == nil)
    }
}
