import Foundation

// MARK: - Methods

/// How the console asks for a reviewer's attention when requests arrive while its terminal
/// is in the background (`--notify`, `notify` in config.toml).
package enum NotifyMethod: String, CaseIterable, Equatable, Sendable {
    /// A method known to work on the detected terminal, or nothing.
    case auto
    /// `OSC 9 ; BODY` (iTerm2, WezTerm, Ghostty).
    case osc9
    /// `OSC 777 ; notify ; TITLE ; BODY` (urxvt, foot, Ghostty, VTE with Fedora's patch).
    case osc777
    /// kitty's `OSC 99` notification protocol.
    case osc99
    /// The terminal bell (tmux marks the window; many terminals flash or badge).
    case bell
    /// Nothing.
    case off

    /// The method `auto` means for a terminal known by its environment; `.off` when none is known to work.
    ///
    /// Inside tmux the outer terminal is known only by what its environment left behind
    /// (`KITTY_WINDOW_ID`, `LC_TERMINAL`, `GHOSTTY_RESOURCES_DIR`, …); when none is there, tmux's
    /// own bell (it marks the window in the status line) is what is known to work.
    package static func detect(environment: [String: String]) -> NotifyMethod {
        let program = environment["TERM_PROGRAM"] ?? ""
        let term = environment["TERM"] ?? ""
        if environment["KITTY_WINDOW_ID"] != nil { return .osc99 }
        if program == "iTerm.app" || program == "WezTerm" || environment["LC_TERMINAL"] == "iTerm2"
            || environment["WEZTERM_EXECUTABLE"] != nil
        {
            return .osc9
        }
        if program == "ghostty" || environment["GHOSTTY_RESOURCES_DIR"] != nil || term.hasPrefix("foot")
            || term.hasPrefix("rxvt-unicode")
        {
            return .osc777
        }
        return environment["TMUX"] != nil ? .bell : .off
    }
}

// MARK: - Notification

/// One desktop notification: a title and a body of sanitized text, and how to send it.
package struct DesktopNotification: Equatable, Sendable {
    /// The escape (or bell) that carries it.
    package var method: NotifyMethod
    /// The title ("lelu-console").
    var title: String
    /// "3 requests waiting — issue_refund by billing_bot", at most ``maxBody`` characters.
    var body: String

    /// The longest body, in characters.
    static let maxBody = 80

    /// A notification for `count` waiting requests, naming the first one's action and actor.
    ///
    /// The action and actor come from agents: they go through ``SafeText`` like everything on
    /// screen, lose every `;` (a field separator in OSC 777 and 99), and the body is cut to
    /// ``maxBody``. It never starts with a digit and `;` (ConEmu and Windows Terminal read
    /// `OSC 9 ; 4 ;` as a progress bar).
    ///
    /// With several engines, `engines` gives each engine's share, and the body leads with it:
    /// "4 waiting — 3 us, 1 eu · issue_refund by billing_bot" (one stream for every engine).
    init(method: NotifyMethod, count: Int, action: String, actor: String, engines: [(label: String, count: Int)] = []) {
        self.method = method
        title = "lelu-console"
        let noun = count == 1 ? "request" : "requests"
        let action = Self.field(action, limit: 40)
        let actor = Self.field(actor, limit: 30)
        var text = "\(count: count) \(noun) waiting — \(action)"
        if !engines.isEmpty {
            let shares = engines.map { "\(count: $0.count) \(Self.field($0.label, limit: 16))" }.joined(separator: ", ")
            text = "\(count: count) waiting — \(shares) · \(action)"
        }
        if !actor.isEmpty { text += " by \(actor)" }
        body = Self.cut(text)
    }

    /// A field of agent text as a notification may carry it.
    static func field(_ text: String, limit: Int) -> String {
        SafeText.line(text, limit: limit).replacingOccurrences(of: ";", with: ",")
    }

    /// Cuts a body to ``maxBody`` characters with an ellipsis; never a leading digit and `;`.
    static func cut(_ text: String) -> String {
        var body = text.count > maxBody ? String(text.prefix(maxBody - 1)) + "…" : text
        if let first = body.first, first.isNumber, body.dropFirst().first == ";" { body = "lelu: " + body }
        return body
    }

    // MARK: - Bytes

    /// The bytes to write to the terminal, wrapped for tmux's passthrough when `inTmux`;
    /// empty for `.bell`, `.off` and `.auto` (the terminal rings the bell itself).
    package func escape(inTmux: Bool) -> [UInt8] {
        let esc = "\u{1B}"
        let st = "\u{1B}\\"
        let sequence: String
        switch method {
        case .osc9: sequence = "\(esc)]9;\(body)\(st)"
        case .osc777: sequence = "\(esc)]777;notify;\(title);\(body)\(st)"
        case .osc99:
            sequence = "\(esc)]99;i=lelu:d=0;\(title)\(st)\(esc)]99;i=lelu:d=1:p=body;\(body)\(st)"
        case .bell, .off, .auto: return []
        }
        guard inTmux else { return Array(sequence.utf8) }
        // tmux passes `ESC P tmux ; … ESC \` through to the outer terminal, every ESC inside doubled.
        let doubled = sequence.replacingOccurrences(of: esc, with: esc + esc)
        return Array("\(esc)Ptmux;\(doubled)\(st)".utf8)
    }
}
