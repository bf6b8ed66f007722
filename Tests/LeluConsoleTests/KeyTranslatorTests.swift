import CNcursesw
import Testing
@testable import LeluConsole
@testable import ReviewModel

// MARK: - Key translation

@Suite("Terminal: key translation")
struct KeyTranslatorTests {
    @Test func controlCodes() {
        #expect(KeyTranslator.key(for: .character(0x0D)) == .enter)
        #expect(KeyTranslator.key(for: .character(0x0A)) == .enter)
        #expect(KeyTranslator.key(for: .character(0x1B)) == .escape)
        #expect(KeyTranslator.key(for: .character(0x7F)) == .backspace)
        #expect(KeyTranslator.key(for: .character(0x08)) == .backspace)
        #expect(KeyTranslator.key(for: .character(0x09)) == .tab)
        #expect(KeyTranslator.key(for: .character(0x15)) == .ctrl("u"))
        #expect(KeyTranslator.key(for: .character(0x00)) == nil)
    }

    @Test func printableIncludingWide() {
        #expect(KeyTranslator.key(for: .character(0x61)) == .char("a"))
        #expect(KeyTranslator.key(for: .character(0x20)) == .char(" "))
        #expect(KeyTranslator.key(for: .character(0x8ACB)) == .char("請"))
        #expect(KeyTranslator.key(for: .character(0x9B)) == nil, "a C1 control is not a key")
    }

    @Test func functionKeys() {
        #expect(KeyTranslator.key(for: .function(KEY_UP)) == .up)
        #expect(KeyTranslator.key(for: .function(KEY_DOWN)) == .down)
        #expect(KeyTranslator.key(for: .function(KEY_NPAGE)) == .pageDown)
        #expect(KeyTranslator.key(for: .function(KEY_PPAGE)) == .pageUp)
        #expect(KeyTranslator.key(for: .function(KEY_HOME)) == .home)
        #expect(KeyTranslator.key(for: .function(KEY_END)) == .end)
        #expect(KeyTranslator.key(for: .function(KEY_ENTER)) == .enter)
        #expect(KeyTranslator.key(for: .function(KEY_BACKSPACE)) == .backspace)
        #expect(KeyTranslator.key(for: .function(KEY_DC)) == .delete)
        #expect(KeyTranslator.key(for: .function(KEY_F0 + 1)) == .function(1))
        #expect(KeyTranslator.key(for: .function(KEY_F0 + 12)) == .function(12))
    }
}
