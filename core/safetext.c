/*
 * safetext.c: the one function that makes text safe to print (safetext.h):
 * which characters are replaced, and how each flag shows them.
 */
#include <stdbool.h>
#include <string.h>

#include "safetext.h"

/*
 * Whether the character at s (len bytes left) is to be replaced; *cp gets
 * its code point (-1 for a byte that is not UTF-8), *adv its length.
 */
static bool
replaced(long *cp, size_t *adv, const char *s, size_t len, unsigned flags)
{
	unsigned char c = (unsigned char)*s;

	if (c >= 0x20 && c < 0x7F) {
		*adv = 1;
		return false;
	}
	*cp = okr_utf8_next(s, len, adv);
	if (*cp < 0)
		return true;
	if (*cp < 0x20) {
		if (flags & OKR_SAFETEXT_JSON)
			return false;
		if (*cp == '\t' && (flags & (OKR_SAFETEXT_SHOW | OKR_SAFETEXT_LINES)))
			return false;
		return !(*cp == '\n' && (flags & OKR_SAFETEXT_LINES));
	}
	return *cp == 0x7F || (*cp >= 0x80 && *cp <= 0x9F) ||
	       (*cp >= 0x202A && *cp <= 0x202E) || (*cp >= 0x2066 && *cp <= 0x2069);
}

size_t
okr_safetext_span(const char *s, size_t len, unsigned flags)
{
	size_t i = 0, adv;
	long cp = 0;

	for (;;) {
		/* printable ASCII, most text, without a call per byte */
		while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
			i++;
		if (i == len || replaced(&cp, &adv, s + i, len - i, flags))
			return i;
		i += adv;
	}
}

/* The stand-in for cp (-1: the bad byte b), as flags say. */
static void
replace(struct okr_buf *out, long cp, unsigned char b, unsigned flags)
{
	if (flags & OKR_SAFETEXT_JSON) {
		if (cp < 0)
			okr_buf_puts(out, OKR_SAFETEXT_REPLACEMENT);
		else
			okr_buf_printf(out, "\\u%04lx", cp);
	} else if (flags & OKR_SAFETEXT_SHOW) {
		if (cp == '\n')
			okr_buf_puts(out, "\\n");
		else if (cp == '\r')
			okr_buf_puts(out, "\\r");
		else if (cp < 0)
			okr_buf_printf(out, "\\x%02X", b);
		else if (cp <= 0x7F)
			okr_buf_printf(out, "\\x%02lX", cp);
		else
			okr_buf_printf(out, "\\u%04lX", cp);
	} else if (cp == '\t' || cp == '\n' || cp == '\r') {
		okr_buf_putc(out, ' ');
	} else {
		okr_buf_puts(out, OKR_SAFETEXT_REPLACEMENT);
	}
}

void
okr_safetext_put(struct okr_buf *out, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, adv;

	while (i < len) {
		size_t n = okr_safetext_span(s + i, len - i, flags);
		long cp = 0;

		okr_buf_put(out, s + i, n);
		i += n;
		if (i == len)
			break;
		replaced(&cp, &adv, s + i, len - i, flags);
		replace(out, cp, (unsigned char)s[i], flags);
		i += adv;
	}
	/* an empty result is still a string */
	if (!out->ptr)
		okr_buf_put(out, "", 0);
}

void
okr_safetext_puts(struct okr_buf *out, const char *s, unsigned flags)
{
	okr_safetext_put(out, s ? s : "", s ? strlen(s) : 0, flags);
}

char *
okr_safetext_dup(const char *s, unsigned flags)
{
	struct okr_buf b = OKR_BUF_INIT;

	okr_safetext_puts(&b, s, flags);
	return okr_buf_detach(&b);
}
