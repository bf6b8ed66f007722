import Foundation

// MARK: - Key names

extension Key {
    /// Parses a key as written in the configuration's `[keys]` table.
    ///
    /// One character stands for itself (case matters: `a` and `A` differ); named keys are
    /// case-insensitive: `Enter`, `Esc`, `Space`, `Tab`, `S-Tab`, `Backspace`, `Delete`, `Up`,
    /// `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`, `End`, `F1`…`F12`, and `C-x` / `Ctrl-x`
    /// for Control plus a letter. The arrows `↑ ↓ ← →` as the help screen shows them work too.
    package init?(configName raw: String) {
        let name = raw.trimmingCharacters(in: .whitespaces)
        if name.count == 1, let ch = name.first {
            switch ch {
            case "↑": self = .up
            case "↓": self = .down
            case "←": self = .left
            case "→": self = .right
            default:
                guard !ch.unicodeScalars.contains(where: { SafeText.isInvisibleOrControl($0) }) else { return nil }
                self = .char(ch)
            }
            return
        }
        let lowered = name.lowercased()
        for prefix in ["c-", "ctrl-", "ctrl+", "^"] where lowered.hasPrefix(prefix) {
            let rest = lowered.dropFirst(prefix.count)
            guard rest.count == 1, let letter = rest.first, letter.isASCII, letter.isLetter else { return nil }
            self = .ctrl(letter)
            return
        }
        if lowered.hasPrefix("f"), let n = Int(lowered.dropFirst()), (1...12).contains(n) {
            self = .function(n)
            return
        }
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "space": .char(" "),
            "tab": .tab, "s-tab": .backTab, "shift-tab": .backTab, "backtab": .backTab,
            "backspace": .backspace, "bksp": .backspace, "delete": .delete, "del": .delete,
            "up": .up, "down": .down, "left": .left, "right": .right,
            "pgup": .pageUp, "pageup": .pageUp, "page-up": .pageUp,
            "pgdn": .pageDown, "pagedown": .pageDown, "page-down": .pageDown,
            "home": .home, "end": .end,
        ]
        guard let key = named[lowered] else { return nil }
        self = key
    }
}

extension Keymap {
    /// This keymap with `action` bound to exactly `keys`: its old keys are dropped, and each
    /// new key is taken from whatever action had it.
    package func rebinding(_ action: Action, to keys: [Key]) -> Keymap {
        var map = Keymap(bindings.filter { $0.action != action }.map { ($0.key, $0.action) })
        for key in keys { map.bind(key, to: action) }
        return map
    }
}
