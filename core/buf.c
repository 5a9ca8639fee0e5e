/*
 * buf.c: growable buffers, an arena, and allocation that never returns NULL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void
oom(void)
{
	fputs("okr: fatal: out of memory\n", stderr);
	abort();
}

void *
okr_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
okr_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
okr_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom();
	return q;
}

char *
okr_xstrdup(const char *s)
{
	return okr_xstrndup(s, strlen(s));
}

char *
okr_xstrndup(const char *s, size_t n)
{
	char *p = okr_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
okr_xprintf(const char *fmt, ...)
{
	struct okr_buf b = OKR_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	okr_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return okr_buf_detach(&b);
}

void
okr_buf_grow(struct okr_buf *b, size_t extra)
{
	size_t want;

	if (b->len + extra + 1 <= b->cap)
		return;
	if (extra > (size_t)-1 / 2 - b->len)
		oom();
	want = b->cap ? b->cap : 64;
	while (want < b->len + extra + 1)
		want *= 2;
	b->ptr = okr_xrealloc(b->ptr, want);
	b->cap = want;
}

void
okr_buf_put(struct okr_buf *b, const char *data, size_t len)
{
	okr_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void
okr_buf_puts(struct okr_buf *b, const char *s)
{
	okr_buf_put(b, s, strlen(s));
}

void
okr_buf_putc(struct okr_buf *b, char c)
{
	okr_buf_put(b, &c, 1);
}

void
okr_buf_vprintf(struct okr_buf *b, const char *fmt, va_list ap)
{
	char tmp[256];
	va_list cp;
	int n;

	/* Most texts fit the stack: formatted once, then copied. */
	va_copy(cp, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, cp);
	va_end(cp);
	if (n < 0)
		oom();
	if ((size_t)n < sizeof(tmp)) {
		okr_buf_put(b, tmp, (size_t)n);
		return;
	}
	okr_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	b->len += (size_t)n;
}

void
okr_buf_printf(struct okr_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	okr_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

size_t
okr_utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

long
okr_utf8_next(const char *str, size_t len, size_t *adv)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	size_t n, i;
	long cp, min;

	*adv = 1;	/* an invalid byte is skipped alone */
	if (c < 0x80)
		return c;
	if ((c & 0xE0) == 0xC0) {
		n = 2; cp = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3; cp = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return -1;
	}
	if (len < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*adv = n;
	return cp;
}

const char *
okr_utf8_invalid(const char *s)
{
	size_t len = strlen(s), i = 0, adv;

	while (i < len) {
		if (okr_utf8_next(s + i, len - i, &adv) < 0)
			return s + i;
		i += adv;
	}
	return NULL;
}

char *
okr_buf_detach(struct okr_buf *b)
{
	char *p = b->ptr ? b->ptr : okr_xstrdup("");

	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void
okr_buf_clear(struct okr_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void
okr_buf_free(struct okr_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

/* Blocks grow with the arena so a big document needs few of them. */
struct okr_arena_block {
	struct okr_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

void *
okr_arena_alloc(struct okr_arena *a, size_t n)
{
	struct okr_arena_block *b = a->head;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) / align * align;
	if (!b || b->size - b->used < n) {
		size_t size = b ? b->size * 2 : a->first ? a->first : 4096;

		if (size > (1u << 20))
			size = 1u << 20;
		if (size < n)
			size = n;
		b = okr_xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
okr_arena_strndup(struct okr_arena *a, const char *s, size_t n)
{
	char *p = okr_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
okr_arena_free(struct okr_arena *a)
{
	struct okr_arena_block *b = a->head;

	while (b) {
		struct okr_arena_block *next = b->next;

		free(b);
		b = next;
	}
	a->head = NULL;
}
