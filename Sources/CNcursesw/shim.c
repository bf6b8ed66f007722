// The C half of the terminal boundary: screen lifetime, cell output and signal hygiene.
//
// Signal handlers live here, not in Swift, so that they call only async-signal-safe
// functions (write, tcsetattr, sigaction, raise) on data prepared in advance.
#define _GNU_SOURCE 1  // wcwidth
#include "CNcursesw.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <term.h>
#include <unistd.h>

// MARK: - State prepared before any signal can use it

static struct termios cn_saved_modes;
static int cn_modes_fd = -1;
static volatile sig_atomic_t cn_have_modes = 0;
static volatile sig_atomic_t cn_active = 0;

static char cn_reset[512];
static volatile sig_atomic_t cn_reset_len = 0;

static volatile sig_atomic_t cn_focus_on = 0;
static const char cn_focus_off[] = "\x1b[?1004l";

static int cn_pipe[2] = {-1, -1};
static volatile sig_atomic_t cn_pending = 0;
static volatile sig_atomic_t cn_suspend_pending = 0;
static struct sigaction cn_old_tstp;
static int cn_tstp_installed = 0;

static int cn_focus_in_code = 0;
static int cn_focus_out_code = 0;

static const int cn_quit_signals[] = {SIGINT, SIGTERM, SIGHUP};
static const int cn_crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT};
#define CN_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct sigaction cn_old_quit[CN_COUNT(cn_quit_signals)];
static struct sigaction cn_old_crash[CN_COUNT(cn_crash_signals)];
static struct sigaction cn_default_action;
static int cn_installed = 0;
static int cn_atexit_registered = 0;

// MARK: - Terminal modes

int cn_save_termios(void) {
    int fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : STDIN_FILENO;
    if (!isatty(fd)) return -1;
    if (tcgetattr(fd, &cn_saved_modes) != 0) return -1;
    cn_modes_fd = fd;
    cn_have_modes = 1;
    return 0;
}

SCREEN *cn_open_screen(void) {
    setlocale(LC_ALL, "");
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) return NULL;
    return newterm(NULL, stdout, stdin);
}

/// Appends a terminfo string capability to the reset string, dropping "$<n>" padding.
static void cn_append_cap(const char *name) {
    const char *cap = tigetstr(name);
    if (cap == NULL || cap == (const char *)-1) return;
    int len = cn_reset_len;
    for (const char *p = cap; *p != '\0'; p++) {
        if (p[0] == '$' && p[1] == '<') {
            const char *end = strchr(p, '>');
            if (end != NULL) {
                p = end;
                continue;
            }
        }
        if (len >= (int)sizeof(cn_reset) - 1) break;
        cn_reset[len++] = *p;
    }
    cn_reset_len = len;
}

void cn_prepare_reset(void) {
    cn_reset_len = 0;
    cn_append_cap("sgr0");
    cn_append_cap("cnorm");
    cn_append_cap("rmkx");
    cn_append_cap("rmcup");
}

void cn_set_active(int active) { cn_active = active ? 1 : 0; }

int cn_is_active(void) { return cn_active; }

void cn_restore(void) {
    if (!cn_active) return;
    cn_active = 0;
    if (cn_focus_on) cn_write_stdout(cn_focus_off, sizeof(cn_focus_off) - 1);
    curs_set(1);
    endwin();
    if (cn_have_modes) tcsetattr(cn_modes_fd, TCSADRAIN, &cn_saved_modes);
}

void cn_emergency_restore(void) {
    if (!cn_active) return;
    cn_active = 0;
    if (cn_focus_on) {
        ssize_t unused = write(STDOUT_FILENO, cn_focus_off, sizeof(cn_focus_off) - 1);
        (void)unused;
    }
    if (cn_reset_len > 0) {
        ssize_t unused = write(STDOUT_FILENO, cn_reset, (size_t)cn_reset_len);
        (void)unused;
    }
    if (cn_have_modes) tcsetattr(cn_modes_fd, TCSANOW, &cn_saved_modes);
}

// MARK: - Cell output

int cn_wcwidth(wchar_t c) { return wcwidth(c); }

int cn_put_cell(WINDOW *w, int y, int x, const wchar_t *chars, int count, attr_t attrs, int pair) {
    wchar_t buf[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) buf[i] = chars[i];
    buf[n] = 0;
    short shortPair = pair <= 0x7fff ? (short)pair : 0;
    cchar_t cell;
    if (n == 0 || setcchar(&cell, buf, attrs, shortPair, &pair) != OK) {
        buf[0] = n == 0 ? L' ' : buf[0];
        buf[1] = 0;
        if (setcchar(&cell, buf, attrs, shortPair, &pair) != OK) {
            buf[0] = L'?';
            if (setcchar(&cell, buf, attrs, shortPair, &pair) != OK) return ERR;
        }
    }
    return mvwadd_wch(w, y, x, &cell);
}

// MARK: - Signal handlers

static void cn_quit_handler(int sig) {
    int saved_errno = errno;
    if (cn_pending != 0) {
        // The UI loop has not taken the previous quit signal: it is stuck. Leave now.
        cn_emergency_restore();
        sigaction(sig, &cn_default_action, NULL);
        raise(sig);  // blocked until this handler returns, then the default action
        errno = saved_errno;
        return;
    }
    cn_pending = sig;
    if (cn_pipe[1] >= 0) {
        char byte = (char)sig;
        ssize_t unused = write(cn_pipe[1], &byte, 1);
        (void)unused;
    }
    errno = saved_errno;
}

/// Ctrl-Z: the UI loop suspends in order (focus reporting off, endwin, stop, then back).
static void cn_tstp_handler(int sig) {
    int saved_errno = errno;
    (void)sig;
    cn_suspend_pending = 1;
    if (cn_pipe[1] >= 0) {
        char byte = (char)SIGTSTP;
        ssize_t unused = write(cn_pipe[1], &byte, 1);
        (void)unused;
    }
    errno = saved_errno;
}

static void cn_crash_handler(int sig) {
    cn_emergency_restore();
    sigaction(sig, &cn_default_action, NULL);
    raise(sig);  // delivered with the default action (core dump) when the handler returns
}

static void cn_atexit_restore(void) { cn_restore(); }

int cn_install_signal_handlers(void) {
    if (cn_installed) return 0;
    if (cn_pipe[0] < 0) {
        if (pipe(cn_pipe) != 0) {
            cn_pipe[0] = cn_pipe[1] = -1;
        } else {
            for (int i = 0; i < 2; i++) {
                fcntl(cn_pipe[i], F_SETFL, fcntl(cn_pipe[i], F_GETFL) | O_NONBLOCK);
                fcntl(cn_pipe[i], F_SETFD, FD_CLOEXEC);
            }
        }
    }
    memset(&cn_default_action, 0, sizeof cn_default_action);
    cn_default_action.sa_handler = SIG_DFL;
    sigemptyset(&cn_default_action.sa_mask);

    struct sigaction quit;
    memset(&quit, 0, sizeof quit);
    quit.sa_handler = cn_quit_handler;
    sigemptyset(&quit.sa_mask);
    quit.sa_flags = SA_RESTART;
    for (int i = 0; i < CN_COUNT(cn_quit_signals); i++) {
        sigaction(cn_quit_signals[i], NULL, &cn_old_quit[i]);
        // Respect an ignored SIGHUP/SIGINT (nohup, background jobs).
        if (cn_old_quit[i].sa_handler == SIG_IGN) continue;
        sigaction(cn_quit_signals[i], &quit, NULL);
    }

    // Before newterm: ncurses installs its own SIGTSTP handler only over the default one, and
    // its handler knows nothing of focus reporting (the shell would get the reports).
    struct sigaction tstp;
    memset(&tstp, 0, sizeof tstp);
    tstp.sa_handler = cn_tstp_handler;
    sigemptyset(&tstp.sa_mask);
    tstp.sa_flags = SA_RESTART;
    sigaction(SIGTSTP, NULL, &cn_old_tstp);
    cn_tstp_installed = cn_old_tstp.sa_handler == SIG_DFL;
    if (cn_tstp_installed) sigaction(SIGTSTP, &tstp, NULL);

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_handler = cn_crash_handler;
    sigemptyset(&crash.sa_mask);
    crash.sa_flags = SA_RESETHAND;
    for (int i = 0; i < CN_COUNT(cn_crash_signals); i++) {
        sigaction(cn_crash_signals[i], &crash, &cn_old_crash[i]);
    }
    cn_installed = 1;
    if (!cn_atexit_registered) {
        cn_atexit_registered = 1;
        atexit(cn_atexit_restore);
    }
    return 0;
}

void cn_uninstall_signal_handlers(void) {
    if (!cn_installed) return;
    for (int i = 0; i < CN_COUNT(cn_quit_signals); i++) sigaction(cn_quit_signals[i], &cn_old_quit[i], NULL);
    for (int i = 0; i < CN_COUNT(cn_crash_signals); i++) sigaction(cn_crash_signals[i], &cn_old_crash[i], NULL);
    if (cn_tstp_installed) sigaction(SIGTSTP, &cn_old_tstp, NULL);
    cn_tstp_installed = 0;
    cn_installed = 0;
}

int cn_signal_fd(void) { return cn_pipe[0]; }

int cn_peek_signal(void) { return cn_pending; }

int cn_take_signal(void) {
    int sig = cn_pending;
    cn_pending = 0;
    if (sig == 0 && cn_suspend_pending) sig = SIGTSTP;
    if (sig == SIGTSTP) cn_suspend_pending = 0;
    if (cn_pipe[0] >= 0) {
        char drain[64];
        while (read(cn_pipe[0], drain, sizeof drain) > 0) {
        }
    }
    return sig;
}

// MARK: - Waiting and raw output

int cn_disable_flow_control(void) {
    if (cn_modes_fd < 0) return -1;
    struct termios modes;
    if (tcgetattr(cn_modes_fd, &modes) != 0) return -1;
    modes.c_iflag &= ~(tcflag_t)IXON;
    if (tcsetattr(cn_modes_fd, TCSADRAIN, &modes) != 0) return -1;
    def_prog_mode();
    return 0;
}

int cn_wait_input(int fd, int wake_fd, int timeout_ms) {
    if (cn_pending != 0 || cn_suspend_pending) return 2;
    struct pollfd fds[3];
    int n = 0, signal_slot = -1, wake_slot = -1;
    fds[n].fd = fd;
    fds[n].events = POLLIN;
    fds[n].revents = 0;
    n++;
    if (cn_pipe[0] >= 0) {
        signal_slot = n;
        fds[n].fd = cn_pipe[0];
        fds[n].events = POLLIN;
        fds[n].revents = 0;
        n++;
    }
    if (wake_fd >= 0) {
        wake_slot = n;
        fds[n].fd = wake_fd;
        fds[n].events = POLLIN;
        fds[n].revents = 0;
        n++;
    }
    int r = poll(fds, (nfds_t)n, timeout_ms < 0 ? -1 : timeout_ms);
    if (r < 0) return cn_pending != 0 ? 2 : -1;
    if (r == 0) return 0;
    if (signal_slot >= 0 && (fds[signal_slot].revents & POLLIN)) return 2;
    if (fds[0].revents & POLLIN) return 1;
    if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) return 3;
    if (wake_slot >= 0 && (fds[wake_slot].revents & POLLIN)) return 4;
    return cn_pending != 0 ? 2 : -1;
}

int cn_write_stdout(const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t r = write(STDOUT_FILENO, bytes, count);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        bytes += r;
        count -= (size_t)r;
    }
    return 0;
}

// MARK: - Focus reporting and terminal abilities

/// The key code curses gives `sequence`: the one terminfo already has for it (`kxIN`, `kxOUT`
/// in some entries), else the first code above KEY_MAX that no key uses, taught with define_key.
static int cn_code_for(const char *sequence) {
    int known = key_defined(sequence);
    if (known > 0) return known;
    for (int code = KEY_MAX + 1; code < KEY_MAX + 1024; code++) {
        char *bound = keybound(code, 0);
        if (bound != NULL) {
            free(bound);
            continue;
        }
        return define_key(sequence, code) == OK ? code : 0;
    }
    return 0;
}

int cn_key_focus_in(void) { return cn_focus_in_code; }

int cn_key_focus_out(void) { return cn_focus_out_code; }

int cn_enable_focus(void) {
    if (cn_focus_in_code == 0) cn_focus_in_code = cn_code_for("\x1b[I");
    if (cn_focus_out_code == 0) cn_focus_out_code = cn_code_for("\x1b[O");
    cn_focus_on = 1;
    return cn_write_stdout("\x1b[?1004h", 8);
}

int cn_suspend(void) {
    if (!cn_active) return -1;
    if (cn_focus_on) cn_write_stdout(cn_focus_off, sizeof(cn_focus_off) - 1);
    endwin();
    struct sigaction stop, ours;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &ours);
    sigset_t mask, old;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &mask, &old);
    // To this thread, not the process: a process-wide signal may be taken by another thread
    // after the handler is back (seen here: the first Ctrl-Z then did not stop at all).
    raise(SIGTSTP);  // stopped here until SIGCONT (ignored in an orphaned process group)
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    cn_suspend_pending = 0;  // before the handler is back: a Ctrl-Z from now on counts
    sigaction(SIGTSTP, &ours, NULL);
    // Changes the reviewer made to the terminal meanwhile are theirs to keep after the console.
    // Copied with signals blocked: the emergency restore reads the saved modes from a handler.
    struct termios now;
    if (cn_modes_fd >= 0 && tcgetattr(cn_modes_fd, &now) == 0) {
        sigset_t all, before;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &before);
        cn_saved_modes = now;
        pthread_sigmask(SIG_SETMASK, &before, NULL);
        def_shell_mode();
    }
    reset_prog_mode();
    if (cn_focus_on) cn_write_stdout("\x1b[?1004h", 8);
    clearok(curscr, TRUE);
    doupdate();
    return 0;
}

int cn_can_address_cursor(void) {
    int err = 0;
    if (setupterm(NULL, STDOUT_FILENO, &err) != OK) return -1;
    const char *cup = tigetstr("cup");
    int able = cup != NULL && cup != (const char *)-1;
    del_curterm(cur_term);
    return able;
}
