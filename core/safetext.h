/*
 * safetext.h: the one rule for text that leaves okr (SPEC section 7).
 * Titles, owners, ids made from file names, commit messages and author
 * names reach terminals, tables and CI annotations; none of them may carry
 * a C0 control, DEL, a C1 control (U+0080-U+009F: U+009B is a CSI that
 * many terminals obey), a bidirectional override or isolate (U+202A-U+202E,
 * U+2066-U+2069: "Trojan Source" text that reads differently from what it
 * is) or a byte that is not UTF-8. Every output goes through
 * okr_safetext_put; the flags only choose how a replaced character looks.
 */
#ifndef OKR_SAFETEXT_H
#define OKR_SAFETEXT_H

#include <stddef.h>

#include "buf.h"

/* What a replaced character becomes: U+REPLACEMENT CHARACTER, which says
 * "something was here" on every UTF-8 terminal and in every browser. */
#define OKR_SAFETEXT_REPLACEMENT "\xEF\xBF\xBD"

enum okr_safetext_flags {
	/*
	 * Default (0), a one-line field of a table, a record or a terminal
	 * line: TAB, LF and CR become a space (a field must not split), every
	 * other replaced character U+FFFD.
	 */
	/* Show what was there, for diagnostics (the user must find it in the
	 * file): LF as \n, CR as \r, C0 and DEL as \xHH, C1 and bidi as
	 * \uHHHH, a bad byte as \xHH; TAB stays. */
	OKR_SAFETEXT_SHOW = 1u << 0,
	/* Text of several lines okr composed itself (an error and its
	 * hints): LF and TAB stay, the rest as the default. */
	OKR_SAFETEXT_LINES = 1u << 1,
	/* JSON text as jansson wrote it: its strings have C0 escaped and
	 * outside them C0 is layout, so bytes below 0x20 stay; DEL, C1 and
	 * bidi become \u escapes, which keeps every value exact for a
	 * program and the bytes harmless on a terminal. */
	OKR_SAFETEXT_JSON = 1u << 2,
};

/* Append s (len bytes) to out with every character above replaced. */
void okr_safetext_put(struct okr_buf *out, const char *s, size_t len,
		      unsigned flags);
/* okr_safetext_put of a NUL-terminated string (NULL: nothing). */
void okr_safetext_puts(struct okr_buf *out, const char *s, unsigned flags);
/* A malloc'd copy of s (NULL: "") as okr_safetext_put writes it. */
char *okr_safetext_dup(const char *s, unsigned flags);
/* How many bytes at the start of s (len bytes) okr_safetext_put would copy
 * unchanged: len when nothing needs replacing. */
size_t okr_safetext_span(const char *s, size_t len, unsigned flags);

#endif
