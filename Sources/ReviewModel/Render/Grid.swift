// MARK: - Role

/// The semantic role of a screen cell; a theme maps roles to colours and attributes.
package enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case normal
    case header
    case headerDim = "header_dim"
    case statusOK = "status_ok"
    case statusWarn = "status_warn"
    case statusError = "status_error"
    case columnTitle = "column_title"
    case row
    case rowSelected = "row_selected"
    case rowMarked = "row_marked"
    case rowNew = "row_new"
    case rowHeld = "row_held"
    case rowStale = "row_stale"
    case confidenceHigh = "confidence_high"
    case confidenceMedium = "confidence_medium"
    case confidenceLow = "confidence_low"
    case confidenceNone = "confidence_none"
    case ageWarn = "age_warn"
    case ageCritical = "age_critical"
    case detailKey = "detail_key"
    case detailValue = "detail_value"
    case border
    case helpKey = "help_key"
    case helpText = "help_text"
    case dialog
    case footer
    case footerKey = "footer_key"
}

// MARK: - Cell and Grid

/// One terminal cell: a grapheme (or nothing, for the right half of a wide one) and its role.
package struct Cell: Equatable, Sendable {
    /// The text shown: one grapheme; empty for the second column of a double-width one.
    package var text: String
    /// What the cell means, for the theme.
    package var role: Role

    /// A blank cell of a role.
    static func blank(_ role: Role = .normal) -> Cell { Cell(text: " ", role: role) }

    /// Creates a cell.
    init(text: String, role: Role) {
        self.text = text
        self.role = role
    }
}

/// A terminal size in columns and rows.
package struct Size: Equatable, Hashable, Sendable {
    /// Columns.
    package var width: Int
    /// Rows.
    package var height: Int

    /// Creates a size.
    package init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// A rectangle of cells: what `render` produces and the terminal layer blits.
///
/// Text enters only through the `put` functions, which clean it with ``SafeText``: the
/// grid can hold no control character. In an ASCII grid the console's own words are drawn
/// through ``Glyphs/asciiFallbacks``; quoted text (`put(quoted:)`) is drawn as sent.
package struct Grid: Equatable, Sendable {
    /// Its size.
    package let size: Size
    /// Draw the console's own symbols as ASCII (`--ascii`); quoted text is never changed.
    var ascii = false
    /// Row-major cells.
    private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (text editors), or nil to hide it.
    package var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    /// A blank grid.
    package init(size: Size, fill: Role = .normal) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: .blank(fill), count: self.size.width * self.size.height)
    }

    /// The cell at a position.
    package subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Sets the role of a span of cells without changing their text.
    mutating func paint(x: Int, y: Int, width: Int, role: Role) {
        guard y >= 0, y < size.height else { return }
        let start = max(0, x)
        let end = min(size.width, x + width)
        guard start < end else { return }
        for i in start..<end { cells[y * size.width + i].role = role }
    }

    /// Fills a row span with blanks of a role.
    mutating func fill(x: Int = 0, y: Int, width: Int? = nil, role: Role) {
        guard y >= 0, y < size.height else { return }
        let start = max(0, x)
        let end = min(size.width, x + (width ?? size.width))
        guard start < end else { return }
        let row = y * size.width
        // Never leave half of a wide grapheme behind: blank the halves outside the span.
        if cells[row + start].text.isEmpty, start > 0 { cells[row + start - 1].text = " " }
        if end < size.width, cells[row + end].text.isEmpty { cells[row + end].text = " " }
        for i in start..<end { cells[row + i] = .blank(role) }
    }

    // MARK: - Text

    /// Writes the console's own text; returns columns used. See ``put(quoted:x:y:role:maxWidth:)``.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil) -> Int {
        write(.own(text), x: x, y: y, role: role, maxWidth: maxWidth)
    }

    /// Writes someone else's text (an agent's, a reviewer's, the engine's) as sent; returns columns used.
    @discardableResult
    mutating func put(quoted text: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil) -> Int {
        write(.quoted(text), x: x, y: y, role: role, maxWidth: maxWidth)
    }

    /// Writes a line of own and quoted runs, clipped as one; returns columns used.
    @discardableResult
    mutating func put(_ text: ScreenText, x: Int, y: Int, role: Role, maxWidth: Int? = nil) -> Int {
        let limit = min(size.width - x, maxWidth ?? Int.max)
        var used = 0
        for part in text.parts where used < limit {
            used += write(part, x: x + used, y: y, role: role, maxWidth: limit - used)
        }
        return used
    }

    /// Writes one run at a position, clipped to `maxWidth` columns and the grid.
    ///
    /// The text is cleaned with ``SafeText`` first; in an ASCII grid own text goes through
    /// the glyph table and a cut ends in `~`. A double-width grapheme that would straddle
    /// the clip edge is replaced by a space.
    private mutating func write(_ part: ScreenText.Part, x: Int, y: Int, role: Role, maxWidth: Int?) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let limit = min(size.width - x, maxWidth ?? Int.max)
        guard limit > 0 else { return 0 }
        var safe = SafeText.line(part.text, limit: max(limit, 1), ellipsis: ascii ? "~" : "…")
        if ascii, case .own = part { safe = Glyphs.ascii(safe) }
        var col = 0
        for ch in safe {
            let w = TextWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { break }
            let pos = x + col
            if pos >= 0 {
                let row = y * size.width
                // Never leave half of a wide grapheme behind: blank its other half.
                if cells[row + pos].text.isEmpty, pos > 0 { cells[row + pos - 1].text = " " }
                let after = pos + w
                if after < size.width, cells[row + after].text.isEmpty { cells[row + after].text = " " }
                cells[row + pos] = Cell(text: String(ch), role: role)
                if w == 2, pos + 1 < size.width { cells[row + pos + 1] = Cell(text: "", role: role) }
            }
            col += w
        }
        return col
    }

    /// The grid as plain text lines (trailing spaces kept), for goldens and tests.
    var lines: [String] {
        (0..<size.height).map { y in
            var s = ""
            for x in 0..<size.width { s += self[x, y].text }
            return s
        }
    }

    /// One line of the grid with trailing spaces removed.
    func text(row y: Int) -> String {
        var s = lines[y]
        while s.last == " " { s.removeLast() }
        return s
    }

    package static func == (a: Grid, b: Grid) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }
}
