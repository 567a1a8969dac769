/* termsafe.h - text from events and file names made safe to show on a terminal.
 * Both are attacker controlled: raw, their bytes could move the cursor, rewrite
 * lines already printed, retitle the window, clear the screen or reorder what the
 * reader sees (bidi overrides). Every such sequence becomes a visible escape:
 *
 *   \t \n \r   tab, line feed, carriage return
 *   \xHH       any other C0 control (ESC is \x1b), DEL (\x7f), and each byte that
 *              is not part of well-formed UTF-8
 *   \uHHHH     C1 controls (U+0080..U+009F), the Unicode Bidi_Control characters
 *              (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) and the
 *              line and paragraph separators U+2028, U+2029
 *
 * Everything else, backslashes included, is written as it is, so Windows paths stay
 * readable; a literal "\x1b" in a value therefore looks like an escaped ESC (CSV
 * and JSON outputs keep the exact bytes). Used by the table output and by every
 * message printer (error.c). */
#ifndef TRAWL_TERMSAFE_H
#define TRAWL_TERMSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Bytes termsafe_escape may write for len input bytes (no NUL added). */
#define TERMSAFE_SIZE(len) (4 * (len))

/* True when s[0..len) holds something termsafe_escape would change. */
bool termsafe_needed(const char *s, size_t len);
/* Writes the escaped form of s[0..len) to out (TERMSAFE_SIZE(len) bytes of room);
 * returns its length. */
size_t termsafe_escape(const char *s, size_t len, char *out);
/* Writes the escaped form of s[0..len) to fp. */
void termsafe_write(FILE *fp, const char *s, size_t len);
/* printf to fp, the whole formatted text escaped. */
void termsafe_printf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
