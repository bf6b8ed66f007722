// MARK: - Colours and styles

/// A terminal colour: one of the 16 palette colours, a 256-colour index, or RGB.
package enum TermColor: Equatable, Hashable, Sendable {
    /// The terminal's own palette, 0...15 (0 black … 7 white, 8...15 bright).
    case ansi(Int)
    /// An xterm 256-colour index.
    case index(Int)
    /// A true colour, mapped to the nearest colour the terminal has.
    case rgb(UInt8, UInt8, UInt8)
}

/// How a role looks: colours and attributes.
package struct Style: Equatable, Hashable, Sendable {
    /// Foreground; nil is the terminal's default.
    package var fg: TermColor?
    /// Background; nil is the terminal's default.
    package var bg: TermColor?
    package var bold = false
    package var dim = false
    package var reverse = false
    package var underline = false
    package var italic = false

    /// Creates a style.
    package init(
        fg: TermColor? = nil, bg: TermColor? = nil, bold: Bool = false, dim: Bool = false,
        reverse: Bool = false, underline: Bool = false, italic: Bool = false
    ) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.italic = italic
    }
}

// MARK: - Theme

/// Maps semantic roles to styles, and chooses the glyph set.
package struct Theme: Equatable, Sendable {
    /// The theme's name.
    package var name: String
    /// Styles by role; a missing role falls back to `normal`.
    package var styles: [Role: Style]
    /// Draw with ASCII only (bars, marks, borders).
    package var ascii: Bool

    /// Creates a theme.
    package init(name: String, styles: [Role: Style], ascii: Bool = false) {
        self.name = name
        self.styles = styles
        self.ascii = ascii
    }

    /// The style of a role.
    package func style(_ role: Role) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
    }

    /// The glyphs this theme draws with.
    var glyphs: Glyphs { ascii ? .ascii : .unicode }

    /// The built-in dark theme.
    package static let `default` = Theme(name: "default", styles: [
        .normal: Style(),
        .header: Style(fg: .ansi(15), bg: .index(24), bold: true),
        .headerDim: Style(fg: .ansi(7), bg: .index(24)),
        .statusOK: Style(fg: .ansi(10), bg: .index(24), bold: true),
        .statusWarn: Style(fg: .ansi(11), bg: .index(24), bold: true),
        .statusError: Style(fg: .ansi(15), bg: .ansi(1), bold: true),
        .columnTitle: Style(fg: .ansi(8), underline: true),
        .row: Style(),
        .rowSelected: Style(fg: .ansi(15), bg: .index(238), bold: true),
        .rowMarked: Style(fg: .ansi(14)),
        .rowNew: Style(fg: .ansi(15), bg: .index(22)),
        .rowHeld: Style(fg: .ansi(8), italic: true),
        .rowStale: Style(dim: true),
        .confidenceHigh: Style(fg: .ansi(10)),
        .confidenceMedium: Style(fg: .ansi(11)),
        .confidenceLow: Style(fg: .ansi(9)),
        .confidenceNone: Style(fg: .ansi(13)),
        .ageWarn: Style(fg: .ansi(11)),
        .ageCritical: Style(fg: .ansi(9), bold: true),
        .detailKey: Style(fg: .ansi(6)),
        .detailValue: Style(),
        .border: Style(fg: .ansi(8)),
        .helpKey: Style(fg: .ansi(11), bold: true),
        .helpText: Style(),
        .dialog: Style(fg: .ansi(15), bg: .index(52), bold: true),
        .footer: Style(fg: .ansi(7), bg: .index(236)),
        .footerKey: Style(fg: .ansi(11), bg: .index(236), bold: true),
    ])
}

// MARK: - Glyphs

/// The characters used for bars, marks and rules.
struct Glyphs: Equatable, Sendable {
    var barFull: String
    var barEmpty: String
    /// A bar cell filled in part, from the smallest step up (a full cell is ``barFull``): a cell
    /// has `barPartials.count + 1` steps.
    var barPartials: [String]
    var mark: String
    var held: String
    var rule: String
    var vrule: String
    var ellipsis: String

    /// Unicode glyphs.
    static let unicode = Glyphs(
        barFull: "█", barEmpty: "░", barPartials: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], mark: "●", held: "⏳", rule: "─", vrule: "│", ellipsis: "…")
    /// ASCII glyphs for fonts and terminals without the others.
    static let ascii = Glyphs(
        barFull: "#", barEmpty: ".", barPartials: ["="], mark: "*", held: "~", rule: "-", vrule: "|", ellipsis: "~")
}
