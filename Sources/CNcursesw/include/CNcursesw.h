#ifndef CNCURSESW_H
#define CNCURSESW_H
// Wide-character ncurses for Swift: the define must precede the include (see NCURSES.md).
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncurses.h>
#include <stddef.h>
#include <wchar.h>

// MARK: - Attributes (function-like macros do not import into Swift)

static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_italic(void) { return A_ITALIC; }

// MARK: - Keys

/// KEY_F(n): the code of function key n.
static inline int cn_key_f(int n) { return KEY_F(n); }

// MARK: - Mouse (the BUTTON* masks are macros)

/// Turns on click and wheel reports; returns 0 when the terminal has no mouse.
static inline int cn_enable_mouse(void) {
    mmask_t old = 0;
    mouseinterval(0);
    return mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, &old) != 0;
}
/// Reads the pending mouse event: 1 click, 2 wheel up, 3 wheel down, 0 other or none.
static inline int cn_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 2;
    if (event.bstate & BUTTON5_PRESSED) return 3;
    return 0;
}

// MARK: - Shared ncurses state (Swift 6 rejects the globals; these accessors are plain calls)

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_set_escdelay(int ms) { return set_escdelay(ms); }
static inline void cn_getmaxyx(WINDOW *w, int *y, int *x) {
    int yy, xx;
    getmaxyx(w, yy, xx);
    *y = yy;
    *x = xx;
}
/// Columns a wide character occupies in the current locale (-1: not printable).
int cn_wcwidth(wchar_t c);

// MARK: - Screen lifetime and cell output (shim.c)

/// Saves the terminal modes of stdin (before curses touches them) for the emergency restore.
/// Returns 0 when stdin is a terminal and the modes were saved.
int cn_save_termios(void);

/// Sets the locale from the environment and opens the screen on stdout/stdin with `newterm`.
/// Returns NULL (instead of exiting, as initscr would) when the terminal cannot be used.
SCREEN *cn_open_screen(void);

/// Builds the async-signal-safe reset string (sgr0, cnorm, rmkx, rmcup) from terminfo.
/// Call after the screen is open.
void cn_prepare_reset(void);

/// Marks curses mode active or not; the emergency paths act only while it is active.
void cn_set_active(int active);

/// Whether curses mode is active.
int cn_is_active(void);

/// Orderly restore: endwin and the saved terminal modes; safe to call more than once.
void cn_restore(void);

/// Emergency restore from any context (async-signal-safe): saved modes and the reset string.
void cn_emergency_restore(void);

/// Draws one cell: up to CCHARW_MAX wide characters (a spacing character and combining marks).
/// Falls back to the first character, then to '?', when setcchar refuses the cluster.
int cn_put_cell(WINDOW *w, int y, int x, const wchar_t *chars, int count, attr_t attrs, int pair);

// MARK: - Signals (shim.c)

/// Installs the handlers: SIGINT, SIGTERM and SIGHUP become a pending quit (see
/// cn_take_signal and cn_signal_fd); SIGTSTP (unless ignored) becomes a pending suspend that
/// the UI loop carries out with cn_suspend, so a stuck loop does not stop. A second quit signal
/// while the first is still pending forces an emergency restore and the default action. SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
/// SIGTRAP and SIGQUIT restore the terminal, then re-raise with the default action.
/// Also registers the atexit restore (once). Returns 0 on success.
int cn_install_signal_handlers(void);

/// Puts back the signal dispositions that were in place before cn_install_signal_handlers.
void cn_uninstall_signal_handlers(void);

/// The read end of the self-pipe that becomes readable when a quit signal arrives (-1 if none).
int cn_signal_fd(void);

/// Returns and clears the pending quit signal, else SIGTSTP for a pending suspend (0 when
/// neither); drains the self-pipe.
int cn_take_signal(void);

/// The pending quit signal without clearing it (0 when none).
int cn_peek_signal(void);

/// Waits up to `timeout_ms` for input on `fd`, a quit signal, or a byte on `wake_fd` (-1: none):
/// 1 input ready, 2 signal, 3 hang-up (the terminal is gone), 4 woken, 0 timeout,
/// -1 interrupted (e.g. SIGWINCH) or error. The caller drains `wake_fd`.
int cn_wait_input(int fd, int wake_fd, int timeout_ms);

/// Turns off XON/XOFF so Ctrl-S and Ctrl-Q reach the program; records it as the curses
/// program mode. Call after cbreak. Returns 0 on success.
int cn_disable_flow_control(void);

/// Writes bytes to stdout directly (for OSC sequences between updates); returns 0 on success.
int cn_write_stdout(const char *bytes, size_t count);

// MARK: - Focus reporting and terminal abilities (shim.c)

/// The key code curses returns for a focus-in report (`CSI I`); 0 before cn_enable_focus.
int cn_key_focus_in(void);
/// The key code curses returns for a focus-out report (`CSI O`); 0 before cn_enable_focus.
int cn_key_focus_out(void);

/// Turns on focus reporting (`CSI ? 1004 h`) and teaches curses its two reports; every restore
/// (orderly, emergency, signal) turns it off again. Call after the screen is open.
int cn_enable_focus(void);

/// Suspends in order after a Ctrl-Z (cn_take_signal gave SIGTSTP): focus reporting off, endwin,
/// stop; once continued, the program modes, focus reporting and a full repaint are back.
/// Returns -1 when curses is not active.
int cn_suspend(void);

/// Whether the terminal named by TERM can address the cursor (`cup` in terminfo): 1 yes, 0 no,
/// -1 no terminfo entry at all. Call before the screen is open.
int cn_can_address_cursor(void);

#endif
