import ReviewModel

// MARK: - Titles

extension CursesTerminal {
    /// Whether a terminal understands OSC 0 titles: xterm-like `TERM`s, and anything in tmux.
    nonisolated static func supportsTitle(term: String?, inTmux: Bool) -> Bool {
        if inTmux { return true }
        guard let term else { return false }
        let prefixes = [
            "xterm", "tmux", "screen", "rxvt", "alacritty", "foot",
            "kitty", "wezterm", "vte", "gnome", "konsole", "st-",
        ]
        return prefixes.contains { term.hasPrefix($0) }
    }

    /// Title text with every control and invisible scalar removed, at most 120 scalars.
    nonisolated static func sanitizedTitle(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !SafeText.isInvisibleOrControl(scalar) {
            if out.count >= 120 { break }
            out.append(scalar)
        }
        return String(out)
    }
}
