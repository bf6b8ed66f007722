import Foundation
import Testing
@testable import LeluConsole
@testable import ReviewModel
@testable import LeluClient
@testable import ConsoleConfig

// MARK: - Colour degradation of every shipped theme

@Suite("Themes on real terminals: colour degradation")
struct ThemeDegradationTests {
    static let capabilities = [
        ColorCapability(colors: 256, defaultColors: true),
        ColorCapability(colors: 16, defaultColors: true),
        ColorCapability(colors: 8, defaultColors: true),
        ColorCapability(colors: 8, defaultColors: false),
    ]

    static var themes: [Theme] { ThemeCatalog.shippedNames.compactMap(ThemeCatalog.shipped) }

    @Test("every role of every shipped theme stays within the palette and readable",
          arguments: ThemeCatalog.shippedNames, capabilities)
    func readable(name: String, capability: ColorCapability) throws {
        let theme = try #require(ThemeCatalog.shipped(name))
        for role in Role.allCases {
            let resolved = ColorMapping.resolve(theme.style(role), for: capability)
            #expect((-1..<capability.colors).contains(resolved.fg), "\(name).\(role) fg \(resolved.fg)")
            #expect((-1..<capability.colors).contains(resolved.bg), "\(name).\(role) bg \(resolved.bg)")
            if resolved.fg >= 0 || resolved.bg >= 0 {
                #expect(resolved.fg != resolved.bg, "\(name).\(role) would be invisible (\(resolved.fg) on \(resolved.bg))")
            }
        }
    }

    @Test("8 colours: backgrounds stay, bright text turns bold, grey turns dim, blue/orange stay off green/red")
    func eightColourFallback() throws {
        let eight = ColorCapability(colors: 8, defaultColors: true)
        let header = ColorMapping.resolve(Theme.default.style(.header), for: eight)
        #expect(header.bg > 0 && header.fg == 7 && header.bold)  // a coloured bar; bright white → white + bold
        let selected = ColorMapping.resolve(Theme.default.style(.rowSelected), for: eight)
        #expect(selected.bg >= 0 && selected.fg != selected.bg && selected.bold, "the selection stays visible")
        let border = ColorMapping.resolve(Theme.default.style(.border), for: eight)
        #expect(border.fg == 7 && border.dim)  // bright black must not vanish as black
        let blind = try #require(ThemeCatalog.shipped("colorblind"))
        let high = ColorMapping.resolve(blind.style(.confidenceHigh), for: eight)
        #expect([4, 6].contains(high.fg), "sky blue lands on blue or cyan, not green (got \(high.fg))")
        let low = ColorMapping.resolve(blind.style(.confidenceLow), for: eight)
        #expect(low.fg == 3, "orange lands on yellow, not red")
    }

    @Test("no colour (--color never, NO_COLOR): every theme resolves to attributes only", arguments: ThemeCatalog.shippedNames)
    func monochromeHasNoColour(name: String) throws {
        let theme = try #require(ThemeCatalog.shipped(name))
        for role in Role.allCases {
            let resolved = ColorMapping.resolve(theme.style(role), for: .monochrome)
            #expect(resolved.fg == -1 && resolved.bg == -1, "\(name).\(role)")
        }
        // Highlights stay visible without colour.
        #expect(ColorMapping.resolve(theme.style(.rowSelected), for: .monochrome).reverse
            || ColorMapping.resolve(theme.style(.rowSelected), for: .monochrome).bold)
    }
}
