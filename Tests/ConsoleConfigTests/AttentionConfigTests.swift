@testable import ConsoleConfig
import Foundation
@testable import ReviewModel
import Testing

// MARK: - notify, reasons, require_note

/// The settings of issue 16 in config.toml: parsed with their lines, checked, and applied.
@Suite("Config: notify, reasons, require_note")
struct AttentionConfigTests {
    @Test("the three settings are read with their lines and reach the console's state; --notify wins over the file")
    func parsedAndApplied() throws {
        let text = """
            notify = "osc777"
            reasons = ["duplicate request", "outside policy", "needs a ticket"]
            require_note = "deny"
            """
        let file = try ConfigFile.parse(text, path: "/c.toml")
        #expect(file.notify == .init(value: .osc777, line: 1))
        #expect(file.reasons?.value == ["duplicate request", "outside policy", "needs a ticket"])
        #expect(file.requireNote == .init(value: .deny, line: 3))
        var flags = ConsoleFlags()
        let settings = ConsoleSettings.resolve(flags: flags, environment: [:], homeDirectory: "/h", config: file)
        var state = ConsoleState(engineLabel: "e", reviewer: "r", now: Date(), size: Size(width: 80, height: 24))
        state.apply(settings.preferences(notify: .off))
        #expect(state.reasons.count == 3 && state.requireNote == .deny)
        #expect(settings.notifyMethod(environment: [:]) == .osc777)
        flags.notify = .off
        let flagged = ConsoleSettings.resolve(flags: flags, environment: [:], homeDirectory: "/h", config: file)
        #expect(flagged.notify == Setting(.off, .flag("--notify")))
    }

    @Test("by default: notify auto (resolved from the terminal), no reasons, no note required")
    func defaults() {
        let settings = ConsoleSettings.resolve(flags: ConsoleFlags(), environment: [:], homeDirectory: "/h", config: nil)
        #expect(settings.notify == Setting(.auto, .builtIn))
        #expect(settings.notifyMethod(environment: ["TERM_PROGRAM": "WezTerm"]) == .osc9)
        #expect(settings.notifyMethod(environment: ["TERM": "xterm"]) == .off)
        #expect(settings.reasons.value.isEmpty && settings.requireNote.value == NoteRequirement.none)
    }

    @Test("mistakes name the line", arguments: [
        ("notify = \"popup\"\n", 1, "`notify` must be one of auto, osc9, osc777, osc99, bell, off"),
        ("\nreasons = \"dup\"\n", 2, "`reasons` must be a list of strings"),
        ("reasons = [\"ok\", 3]\n", 1, "reasons must be strings"),
        ("reasons = [\"\"]\n", 1, "one line of 1 to 200 printable characters"),
        ("reasons = [\"bad\\u001b[31m\"]\n", 1, "one line of 1 to 200 printable characters"),
        ("require_note = \"always\"\n", 1, "`require_note` must be one of none, deny, both"),
    ])
    func errors(text: String, line: Int, message: String) {
        #expect(configFails(text, line: line, message: message))
    }
}
