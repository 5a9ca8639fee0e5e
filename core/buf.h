/*
 * buf.h: a growable byte buffer and the allocation helpers every module uses.
 * Allocation failure aborts (as git's xmalloc dies): there is no sane way to
 * carry on, and checking every small allocation would bury the logic.
 */
#ifndef OKR_BUF_H
#define OKR_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct okr_buf {
	char *ptr;	/* always NUL-terminated once anything was put */
	size_t len;
	size_t cap;
};

#define OKR_BUF_INIT { NULL, 0, 0 }

void *okr_xmalloc(size_t n);
void *okr_xcalloc(size_t n, size_t size);
void *okr_xrealloc(void *p, size_t n);
char *okr_xstrdup(const char *s);
char *okr_xstrndup(const char *s, size_t n);
char *okr_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void okr_buf_grow(struct okr_buf *b, size_t extra);
void okr_buf_put(struct okr_buf *b, const char *data, size_t len);
void okr_buf_puts(struct okr_buf *b, const char *s);
void okr_buf_putc(struct okr_buf *b, char c);
void okr_buf_printf(struct okr_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void okr_buf_vprintf(struct okr_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Columns a UTF-8 string takes on a terminal, counted by characters
 * (continuation bytes take none): for padding tables of names like Løvås. */
size_t okr_utf8_width(const char *s);
/* Decode the UTF-8 character at s (len bytes left): its code point, or -1
 * when the bytes are not well-formed UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF included). *adv is always set: the character's
 * length, or 1 to step over a bad byte. */
long okr_utf8_next(const char *s, size_t len, size_t *adv);
/* NULL when s is well-formed UTF-8, else its first bad byte. */
const char *okr_utf8_invalid(const char *s);
/* Give the buffer's memory to the caller (never NULL) and reset the buffer. */
char *okr_buf_detach(struct okr_buf *b);
void okr_buf_clear(struct okr_buf *b);
void okr_buf_free(struct okr_buf *b);

/*
 * An arena: many small allocations freed at once. The YAML tree and the
 * model built from it live in one, so loading ten thousand files costs a few
 * large mallocs instead of millions of small ones.
 */
struct okr_arena {
	struct okr_arena_block *head;
	size_t first;		/* size of the first block; 0 for 4 KiB */
};

void *okr_arena_alloc(struct okr_arena *a, size_t n);
char *okr_arena_strndup(struct okr_arena *a, const char *s, size_t n);
void okr_arena_free(struct okr_arena *a);

#endif
