// MARK: - ASCII fallback

extension Glyphs {
    /// Single-column symbols the renderer draws literally, and their ASCII stand-ins for `--ascii`.
    package static let asciiFallbacks: [String: String] = [
        "▸": ">", "▶": ">", "●": "*", "◌": "o", "…": "~", "█": "#", "░": ".", "─": "-", "│": "|",
        "↑": "^", "↓": "v", "←": "<", "→": ">", "✓": "+", "✗": "x", "✖": "x", "—": "-", "·": ".",
    ]
}

extension Grid {
    /// Replaces the renderer's own symbols with ASCII (``Glyphs/asciiFallbacks``), keeping roles.
    ///
    /// Only whole cells equal to a known symbol change, so request text (names in any
    /// script) is left as the engine sent it.
    package func asciiOnly() -> Grid {
        var out = self
        for y in 0..<size.height {
            for x in 0..<size.width {
                let cell = self[x, y]
                if let replacement = Glyphs.asciiFallbacks[cell.text] {
                    out.put(replacement, x: x, y: y, role: cell.role)
                }
            }
        }
        return out
    }
}
