import ReviewModel

// MARK: - Capability

/// What colours a terminal offers, read once from terminfo after the screen opens.
struct ColorCapability: Equatable, Hashable, Sendable {
    /// Number of palette colours usable (`COLORS`); 0 when the terminal has no colour.
    var colors: Int
    /// Whether -1 (the terminal's own default colours) is allowed (`use_default_colors`).
    var defaultColors: Bool

    /// A terminal without colour: styles become attributes only.
    static let monochrome = ColorCapability(colors: 0, defaultColors: false)
}

// MARK: - Resolved style

/// A ``Style`` resolved for one terminal: palette indexes (-1 = default) and attribute flags.
struct ResolvedStyle: Equatable, Hashable, Sendable {
    /// Foreground palette index, or -1 for the default.
    var fg: Int
    /// Background palette index, or -1 for the default.
    var bg: Int
    var bold = false
    var dim = false
    var reverse = false
    var underline = false
    var italic = false
}

// MARK: - ColorMapping

/// Degrades theme colours to what the terminal has: pure, testable without a terminal.
///
/// - 256 or more colours: `.ansi` and `.index` as given, `.rgb` to the nearest cube/grey entry.
/// - 16 (or 88): `.index` and `.rgb` to the nearest of the 16 xterm colours.
/// - 8: as for 16, then bright colours fold to their base colour; a bright foreground
///   becomes bold, except grey (bright black), which becomes dim white.
/// - none: no colours; a style with a background but no `reverse` becomes `reverse`, so
///   highlighted rows (selection, header, dialogs) stay visible.
enum ColorMapping {
    /// Resolves a style for a terminal.
    static func resolve(_ style: Style, for capability: ColorCapability) -> ResolvedStyle {
        var out = ResolvedStyle(
            fg: -1, bg: -1, bold: style.bold, dim: style.dim, reverse: style.reverse,
            underline: style.underline, italic: style.italic)
        guard capability.colors >= 8 else {
            if style.bg != nil, !style.reverse { out.reverse = true }
            return out
        }
        if let fg = style.fg {
            let (index, folded) = paletteIndex(fg, colors: capability.colors)
            if folded, index == 0 {
                // Bright black (grey) folded to black would vanish on a dark terminal: dim white.
                out.fg = 7
                out.dim = true
            } else {
                out.fg = index
                if folded { out.bold = true }
            }
        }
        if let bg = style.bg {
            out.bg = paletteIndex(bg, colors: capability.colors).index
        }
        if out.fg >= 0, out.fg == out.bg { out.fg = -1 }  // never invisible text
        if !capability.defaultColors {
            if out.fg < 0 { out.fg = 7 }
            if out.bg < 0 { out.bg = 0 }
            if out.fg == out.bg { out.fg = out.bg == 7 ? 0 : 7 }
        }
        return out
    }

    /// The palette index for a colour on a terminal with `colors` colours (at least 8),
    /// and whether it was a bright colour folded away on an 8-colour terminal.
    static func paletteIndex(_ color: TermColor, colors: Int) -> (index: Int, folded: Bool) {
        let sixteen: Int
        switch color {
        case .ansi(let n):
            sixteen = min(max(n, 0), 15)
        case .index(let n):
            let n = min(max(n, 0), 255)
            if colors >= 256 { return (n, false) }
            sixteen = n < 16 ? n : nearest(rgb(ofIndex: n), in: 0..<16)
        case .rgb(let r, let g, let b):
            let target = (Int(r), Int(g), Int(b))
            if colors >= 256 { return (nearest(target, in: 16..<256), false) }
            sixteen = nearest(target, in: 0..<16)
        }
        if colors >= 16 { return (sixteen, false) }
        return (sixteen % 8, sixteen >= 8)
    }

    // MARK: - Palette

    /// The xterm default RGB of a 256-colour index.
    static func rgb(ofIndex index: Int) -> (Int, Int, Int) {
        switch index {
        case 0..<16:
            return basic[index]
        case 16..<232:
            let i = index - 16
            return (cube[i / 36], cube[(i / 6) % 6], cube[i % 6])
        default:
            let level = 8 + 10 * (min(index, 255) - 232)
            return (level, level, level)
        }
    }

    /// The index in `range` whose colour is closest (Euclidean RGB) to `target`.
    static func nearest(_ target: (Int, Int, Int), in range: Range<Int>) -> Int {
        var best = range.lowerBound
        var bestDistance = Int.max
        for index in range {
            let c = rgb(ofIndex: index)
            let d = square(c.0 - target.0) + square(c.1 - target.1) + square(c.2 - target.2)
            if d < bestDistance {
                best = index
                bestDistance = d
            }
        }
        return best
    }

    private static func square(_ v: Int) -> Int { v * v }

    private static let cube = [0, 95, 135, 175, 215, 255]

    private static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}
