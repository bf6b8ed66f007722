// MARK: - ASCII fallback

extension Glyphs {
    /// Single-column symbols the console's own text uses, and their ASCII stand-ins for `--ascii`.
    static let asciiFallbacks: [Character: Character] = [
        "▸": ">", "▶": ">", "●": "*", "◌": "o", "…": "~", "█": "#", "░": ".", "▏": "=", "▎": "=", "▍": "=", "▌": "=", "▋": "=", "▊": "=", "▉": "=", "─": "-", "│": "|",
        "↑": "^", "↓": "v", "←": "<", "→": ">", "✓": "+", "✗": "x", "✖": "x", "—": "-", "·": ".",
        "⏳": "~",
    ]

    /// The console's own text with every symbol in ``asciiFallbacks`` replaced.
    ///
    /// Only for the console's own words: quoted text (an agent's action name) is never passed here.
    static func ascii(_ own: String) -> String {
        if own.utf8.allSatisfy({ $0 < 0x80 }) { return own }
        return String(own.map { asciiFallbacks[$0] ?? $0 })
    }
}
