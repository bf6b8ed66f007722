#ifndef CNCURSESW_H
#define CNCURSESW_H
// Wide-character ncurses for Swift: the define must precede the include (see NCURSES.md).
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncurses.h>
#endif
