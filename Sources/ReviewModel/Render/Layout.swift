// MARK: - Rect

/// A rectangle of the screen.
struct Rect: Equatable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    /// Creates a rectangle.
    init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

// MARK: - Layout

/// Where each part of the screen goes at a given size; shared by render and reducer.
struct Layout: Equatable, Sendable {
    /// The smallest usable terminal.
    static let minimum = Size(width: 60, height: 12)
    /// The width from which the detail pane sits right of the table.
    static let sideBySideWidth = 120

    /// True when the terminal is below ``minimum``.
    var tooSmall: Bool
    /// The table's rows (below its column titles).
    var table: Rect
    /// The detail pane, when open.
    var detail: Rect?
    /// The status line's row.
    var statusRow: Int
    /// The footer's row.
    var footerRow: Int

    /// Computes the layout.
    init(size: Size, showDetail: Bool) {
        tooSmall = size.width < Self.minimum.width || size.height < Self.minimum.height
        statusRow = size.height - 2
        footerRow = size.height - 1
        let bodyTop = 2  // header, column titles
        let bodyHeight = max(0, size.height - 4)
        if showDetail && size.width >= Self.sideBySideWidth {
            let tableWidth = size.width * 55 / 100
            table = Rect(x: 0, y: bodyTop, width: tableWidth, height: bodyHeight)
            detail = Rect(x: tableWidth + 1, y: 1, width: size.width - tableWidth - 1, height: bodyHeight + 1)
        } else if showDetail {
            let detailHeight = max(5, bodyHeight * 45 / 100)
            let tableHeight = max(1, bodyHeight - detailHeight - 1)
            table = Rect(x: 0, y: bodyTop, width: size.width, height: tableHeight)
            detail = Rect(x: 0, y: bodyTop + tableHeight + 1, width: size.width,
                          height: bodyHeight - tableHeight - 1)
        } else {
            table = Rect(x: 0, y: bodyTop, width: size.width, height: bodyHeight)
            detail = nil
        }
    }
}
