import CNcursesw
import Testing
@testable import LeluConsole
@testable import ReviewModel

// MARK: - Colours

@Suite("Terminal: colour degradation")
struct ColorMappingTests {
    @Test func fullPaletteKeepsIndexes() {
        let style = Style(fg: .index(24), bg: .ansi(1))
        let resolved = ColorMapping.resolve(style, for: ColorCapability(colors: 256, defaultColors: true))
        #expect(resolved.fg == 24)
        #expect(resolved.bg == 1)
    }

    @Test func eightColoursFoldBrightToBoldAndGreyToDimWhite() {
        let eight = ColorCapability(colors: 8, defaultColors: true)
        let bright = ColorMapping.resolve(Style(fg: .ansi(11)), for: eight)
        #expect(bright.fg == 3 && bright.bold)
        let grey = ColorMapping.resolve(Style(fg: .ansi(8)), for: eight)
        #expect(grey.fg == 7 && grey.dim)
        for role in Role.allCases {
            let r = ColorMapping.resolve(Theme.default.style(role), for: eight)
            #expect(r.fg < 8 && r.bg < 8, "\(role) uses a colour an 8-colour terminal lacks")
            #expect(r.fg == -1 || r.fg != r.bg, "\(role) is unreadable: same fore- and background")
        }
    }

    @Test func noColourTurnsBackgroundsIntoReverse() {
        let r = ColorMapping.resolve(Theme.default.style(.rowSelected), for: .monochrome)
        #expect(r.fg == -1 && r.bg == -1 && r.reverse)
    }

    @Test func rgbGoesToTheNearestPaletteColour() {
        #expect(ColorMapping.paletteIndex(.rgb(255, 0, 0), colors: 256).index == 196)
        #expect(ColorMapping.paletteIndex(.rgb(250, 5, 5), colors: 16).index == 9)
    }
}
