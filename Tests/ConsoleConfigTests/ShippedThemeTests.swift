import Foundation
import Testing
@testable import ReviewModel
@testable import ConsoleConfig
import TestSupport

// MARK: - Shipped themes

/// The repository's `themes/` directory.
let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

@Suite("Themes: shipped files")
struct ShippedThemeTests {
    @Test("the embedded copies are exactly the files in themes/ (run scripts/embed-themes after editing)")
    func embeddedCopiesEqualFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: themesDirectory.path)
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(files == ShippedThemes.files.map(\.name).sorted())
        for (name, text) in ShippedThemes.files {
            let onDisk = try String(contentsOf: themesDirectory.appendingPathComponent("\(name).toml"), encoding: .utf8)
            #expect(onDisk == text, "themes/\(name).toml differs from its embedded copy: run scripts/embed-themes")
        }
    }

    @Test func theSixThemesTheIssueAsksForShip() {
        #expect(ThemeCatalog.shippedNames == ["default", "light", "high-contrast", "ansi-16", "monochrome", "colorblind"])
    }

    @Test("every shipped theme parses, names itself, and (but for default) styles every role explicitly",
          arguments: ThemeCatalog.shippedNames)
    func parses(name: String) throws {
        let text = try #require(ShippedThemes.files.first { $0.name == name }?.text)
        // Parse on an empty base: a role the file forgot would be missing, not silently inherited.
        let file = try ThemeFile.parse(text, path: name, fallbackName: "?", base: Theme(name: "empty", styles: [:]))
        #expect(file.theme.name == name)
        #expect(!file.description.isEmpty)
        #expect(Set(file.theme.styles.keys) == Set(Role.allCases), "\(name) lists every role")
    }

    @Test("default.toml is exactly the built-in Theme.default")
    func defaultFileIsTheBuiltInTheme() throws {
        let loaded = try #require(ThemeCatalog.shipped("default"))
        #expect(loaded == Theme.default)
    }

    @Test func monochromeHasNoColourAtAll() throws {
        let theme = try #require(ThemeCatalog.shipped("monochrome"))
        for role in Role.allCases {
            #expect(theme.style(role).fg == nil && theme.style(role).bg == nil, "\(role)")
        }
        #expect(theme.style(.rowSelected).reverse && theme.style(.header).reverse, "highlights survive without colour")
    }

    @Test func ansi16UsesOnlyThePalette() throws {
        let theme = try #require(ThemeCatalog.shipped("ansi-16"))
        for role in Role.allCases {
            for color in [theme.style(role).fg, theme.style(role).bg].compactMap({ $0 }) {
                guard case .ansi(let n) = color else {
                    Issue.record("\(role) uses \(color), not a palette colour")
                    continue
                }
                #expect((0...15).contains(n))
            }
        }
    }

    @Test("colorblind: confidence and status are blue/orange, never green or red")
    func colorblindAvoidsRedGreen() throws {
        let theme = try #require(ThemeCatalog.shipped("colorblind"))
        #expect(theme.style(.confidenceHigh).fg == .rgb(0x56, 0xB4, 0xE9))  // sky blue
        #expect(theme.style(.confidenceLow).fg == .rgb(0xE6, 0x9F, 0x00))  // orange
        #expect(theme.style(.statusError).bg == .rgb(0xE6, 0x9F, 0x00))
        let redGreen: Set<Int> = [1, 2, 9, 10]
        for role in Role.allCases {
            for color in [theme.style(role).fg, theme.style(role).bg].compactMap({ $0 }) {
                if case .ansi(let n) = color { #expect(!redGreen.contains(n), "\(role) uses palette \(n)") }
                if case .rgb(let r, let g, let b) = color {
                    let pureRed = r > 150 && g < 80 && b < 80
                    let pureGreen = g > 150 && r < 80 && b < 80
                    #expect(!pureRed && !pureGreen, "\(role)")
                }
            }
        }
    }

    @Test func highContrastPutsEveryRoleOnAnExplicitBackground() throws {
        let theme = try #require(ThemeCatalog.shipped("high-contrast"))
        for role in Role.allCases where role != .normal {
            let style = theme.style(role)
            #expect(style.bg != nil, "\(role) has a background")
        }
        #expect(theme.style(.normal) == Style(fg: .ansi(15), bg: .ansi(0)))
    }
}
