import ReviewModel

// MARK: - GridDiff

/// Which cells of a grid must be written, given the grid drawn before it: pure, testable.
enum GridDiff {
    /// A run of columns `start..<end` on row `y` to write.
    struct Span: Equatable, Hashable, Sendable {
        var y: Int
        var start: Int
        var end: Int
    }

    /// The spans to write: every row when there is no previous grid or the size changed,
    /// otherwise one span per row from its first to its last changed cell.
    ///
    /// A span is widened by a column on either side when it starts or ends next to half of a
    /// double-width grapheme (in either grid), so a wide glyph is always rewritten whole.
    static func spans(from old: Grid?, to new: Grid) -> [Span] {
        let width = new.size.width
        guard width > 0 else { return [] }
        guard let old, old.size == new.size else {
            return (0..<new.size.height).map { Span(y: $0, start: 0, end: width) }
        }
        var result: [Span] = []
        for y in 0..<new.size.height {
            var first = -1
            var last = -1
            for x in 0..<width where old[x, y] != new[x, y] {
                if first < 0 { first = x }
                last = x
            }
            guard first >= 0 else { continue }
            if first > 0, new[first, y].text.isEmpty || old[first, y].text.isEmpty { first -= 1 }
            if last + 1 < width, new[last + 1, y].text.isEmpty || old[last + 1, y].text.isEmpty { last += 1 }
            result.append(Span(y: y, start: first, end: last + 1))
        }
        return result
    }
}
