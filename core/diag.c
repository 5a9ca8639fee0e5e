/*
 * diag.c: collecting diagnostics and rendering them for the reader at hand:
 * gcc-style text for terminals and editors, GitHub workflow commands, a
 * GitLab Code Quality report and a plain JSON list for scripts.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "hash.h"
#include "safetext.h"

#define TOO_MANY "too many problems in this file; the rest (from here on) are not shown"

static void vadd(struct okr_diags *d, const char *about, const char *file,
		 unsigned line, unsigned col, enum okr_severity sev,
		 const char *rule, const char *fmt, va_list ap)
{
	struct okr_buf msg = OKR_BUF_INIT;
	struct okr_diag *g;

	assert(file && fmt);
	if (d->n && strcmp(d->v[d->n - 1].file, file) == 0) {
		if (++d->run > OKR_DIAGS_PER_FILE)
			return;
		if (d->run == OKR_DIAGS_PER_FILE) {
			/* the note takes the place and severity of the first
			 * problem left out: a file of warnings stays one */
			rule = "too-many";
		}
	} else {
		d->run = 1;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = okr_xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	if (d->run == OKR_DIAGS_PER_FILE) {
		okr_buf_puts(&msg, TOO_MANY);
	} else {
		okr_buf_vprintf(&msg, fmt, ap);
	}

	g = &d->v[d->n++];
	g->file = okr_xstrdup(file);
	g->line = line;
	g->col = col;
	g->sev = sev;
	g->rule = rule ? rule : "";
	g->msg = okr_buf_detach(&msg);
	g->has_about = about && d->run != OKR_DIAGS_PER_FILE;
	g->about = g->has_about ? okr_fnv1a(OKR_FNV1A_INIT, about, strlen(about) + 1) : 0;
	if (sev == OKR_SEV_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
}

void okr_diags_add(struct okr_diags *d, const char *file, unsigned line,
		   unsigned col, enum okr_severity sev, const char *rule,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, NULL, file, line, col, sev, rule, fmt, ap);
	va_end(ap);
}

void okr_diags_add_about(struct okr_diags *d, const char *about, const char *file,
			 unsigned line, unsigned col, enum okr_severity sev,
			 const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, about, file, line, col, sev, rule, fmt, ap);
	va_end(ap);
}

static int place_cmp(const struct okr_diag *a, const struct okr_diag *b)
{
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

/*
 * A merge sort rather than qsort(): qsort is not stable, and two messages
 * about the same place must keep the order the validator found them in.
 */
static void merge_sort(struct okr_diag *v, struct okr_diag *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, mid);
	merge_sort(v + mid, tmp, n - mid);
	/* Halves already in order (okr check's diagnostics mostly come file
	 * by file, line by line) are the merge's result as they are. */
	if (place_cmp(&v[mid - 1], &v[mid]) <= 0)
		return;
	while (i < mid && j < n)
		tmp[k++] = place_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	/* What remains of the right half is already in place. */
	memcpy(v, tmp, k * sizeof(*v));
}

void okr_diags_sort(struct okr_diags *d)
{
	struct okr_diag *tmp;

	if (d->n < 2)
		return;
	tmp = okr_xmalloc(d->n * sizeof(*tmp));
	merge_sort(d->v, tmp, d->n);
	free(tmp);
}

/*
 * src was built by vadd from some sequence of additions; vadd again over
 * that sequence would give: the entries of src's first file, when dst ends
 * with the same one, counted on from dst's run (dropped past the limit, the
 * one at the limit made the note, as vadd makes it); the rest as they are,
 * their runs starting afresh in both. Nothing is formatted twice.
 */
void okr_diags_append(struct okr_diags *dst, struct okr_diags *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct okr_diag *g = &src->v[i];

		if (dst->n && strcmp(dst->v[dst->n - 1].file, g->file) == 0) {
			if (++dst->run > OKR_DIAGS_PER_FILE) {
				free(g->file);
				free(g->msg);
				continue;
			}
			if (dst->run == OKR_DIAGS_PER_FILE) {
				free(g->msg);
				g->msg = okr_xstrdup(TOO_MANY);
				g->rule = "too-many";
				g->has_about = false;
				g->about = 0;
			}
		} else {
			dst->run = 1;
		}
		if (dst->n == dst->cap) {
			dst->cap = dst->cap ? dst->cap * 2 : 16;
			if (dst->cap < dst->n + src->n - i)
				dst->cap = dst->n + src->n - i;
			dst->v = okr_xrealloc(dst->v, dst->cap * sizeof(*dst->v));
		}
		dst->v[dst->n++] = *g;
		if (g->sev == OKR_SEV_ERROR)
			dst->nerrors++;
		else
			dst->nwarnings++;
	}
	free(src->v);
	memset(src, 0, sizeof(*src));
}

void okr_diags_free(struct okr_diags *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int okr_format_parse(enum okr_format *out, const char *name)
{
	static const struct {
		const char *name;
		enum okr_format fmt;
	} formats[] = {
		{ "text", OKR_FORMAT_TEXT },
		{ "json", OKR_FORMAT_JSON },
		{ "github", OKR_FORMAT_GITHUB },
		{ "gitlab", OKR_FORMAT_GITLAB },
	};
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (name && !strcmp(name, formats[i].name)) {
			*out = formats[i].fmt;
			return 0;
		}
	}
	return -1;
}

static const char *sev_name(enum okr_severity sev)
{
	return sev == OKR_SEV_ERROR ? "error" : "warning";
}

/* gcc's own escapes (GCC_COLORS locus=01, error=01;31, warning=01;35), so
 * whatever already recognises gcc's coloured output recognises ours. */
#define COLOR_LOCUS "\033[01m\033[K"
#define COLOR_ERROR "\033[01;31m\033[K"
#define COLOR_WARNING "\033[01;35m\033[K"
#define COLOR_RESET "\033[m\033[K"

/* Control characters from a file (a key may hold "\e[2J\n...") must not
 * reach a terminal or fake a second diagnostic line: show them escaped,
 * so the user can find them in the file. */
static void put_visible(struct okr_buf *out, const char *s)
{
	okr_safetext_puts(out, s, OKR_SAFETEXT_SHOW);
}

/* ":<n>", without printf: okr check prints tens of thousands. */
static void put_number(struct okr_buf *out, unsigned n)
{
	char d[16];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	d[--i] = ':';
	okr_buf_put(out, d + i, sizeof(d) - i);
}

static void render_text(struct okr_buf *out, const struct okr_diag *g,
			int color)
{
	if (color)
		okr_buf_puts(out, COLOR_LOCUS);
	put_visible(out, g->file);
	if (g->line) {
		put_number(out, g->line);
		if (g->col)
			put_number(out, g->col);
	}
	okr_buf_putc(out, ':');
	if (color) {
		okr_buf_puts(out, COLOR_RESET);
		okr_buf_putc(out, ' ');
		okr_buf_puts(out, g->sev == OKR_SEV_ERROR ?
			     COLOR_ERROR : COLOR_WARNING);
		okr_buf_puts(out, sev_name(g->sev));
		okr_buf_puts(out, ": ");
		okr_buf_puts(out, COLOR_RESET);
	} else {
		okr_buf_putc(out, ' ');
		okr_buf_puts(out, sev_name(g->sev));
		okr_buf_puts(out, ": ");
	}
	put_visible(out, g->msg);
	okr_buf_putc(out, '\n');
}

/*
 * The escaping of actions/toolkit's command.ts: escapeData for the message,
 * escapeProperty (which also hides ':' and ',') for property values, or the
 * runner would cut the command short at a newline or a separator.
 */
static void github_escape(struct okr_buf *out, const char *text, int property)
{
	char *safe = okr_safetext_dup(text, OKR_SAFETEXT_SHOW);
	const char *s;

	/* shown in the pull request: visible, as in the text format */
	for (s = safe; *s; s++) {
		switch (*s) {
		case '%':
			okr_buf_puts(out, "%25");
			break;
		case '\r':
			okr_buf_puts(out, "%0D");
			break;
		case '\n':
			okr_buf_puts(out, "%0A");
			break;
		case ':':
			okr_buf_puts(out, property ? "%3A" : ":");
			break;
		case ',':
			okr_buf_puts(out, property ? "%2C" : ",");
			break;
		default:
			okr_buf_putc(out, *s);
		}
	}
	free(safe);
}

static void render_github(struct okr_buf *out, const struct okr_diag *g)
{
	okr_buf_printf(out, "::%s file=", sev_name(g->sev));
	github_escape(out, g->file, 1);
	if (g->line) {
		okr_buf_printf(out, ",line=%u", g->line);
		if (g->col)
			okr_buf_printf(out, ",col=%u", g->col);
	}
	if (*g->rule) {
		okr_buf_puts(out, ",title=");
		github_escape(out, g->rule, 1);
	}
	okr_buf_puts(out, "::");
	github_escape(out, g->msg, 0);
	okr_buf_putc(out, '\n');
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if there is none. */
static size_t utf8_seq_len(const unsigned char *s)
{
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* The second byte's range is what rules out the bad code points. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/*
 * A JSON string for s. jansson refuses invalid UTF-8 outright, and a file
 * name or a quoted YAML value may be anything, so each byte that does not
 * belong to a well-formed sequence becomes U+FFFD instead.
 */
static json_t *json_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct okr_buf b = OKR_BUF_INIT;
	json_t *j;

	while (*p) {
		size_t n = utf8_seq_len(p);

		if (n) {
			okr_buf_put(&b, (const char *)p, n);
			p += n;
		} else {
			okr_buf_puts(&b, "\xef\xbf\xbd");
			p++;
		}
	}
	j = json_stringn(b.ptr ? b.ptr : "", b.len);
	okr_buf_free(&b);
	if (!j)
		abort();
	return j;
}

/*
 * Each field ends with a NUL so "a" + "bc" and "ab" + "c" differ. A
 * diagnostic about a key result or milestone (a stale result, an overdue
 * milestone) hashes the check, the file and what it is about only: its
 * message counts days and its line moves with each check-in, and GitLab
 * must see the same finding from one day to the next.
 */
static uint64_t diag_hash(const struct okr_diag *g)
{
	uint64_t h = OKR_FNV1A_INIT;
	char num[32];

	if (g->has_about) {
		h = okr_fnv1a(h, g->file, strlen(g->file) + 1);
		h = okr_fnv1a(h, g->rule, strlen(g->rule) + 1);
		return okr_fnv1a(h, &g->about, sizeof(g->about));
	}
	h = okr_fnv1a(h, g->file, strlen(g->file) + 1);
	snprintf(num, sizeof(num), "%u:%u", g->line, g->col);
	h = okr_fnv1a(h, num, strlen(num) + 1);
	h = okr_fnv1a(h, g->rule, strlen(g->rule) + 1);
	h = okr_fnv1a(h, g->msg, strlen(g->msg) + 1);
	return h;
}

struct fp {
	uint64_t h;
	size_t i;
};

static int fp_cmp(const void *a, const void *b)
{
	const struct fp *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * GitLab tracks an issue across pipelines by its fingerprint and drops
 * duplicates, so two identical diagnostics (the same mistake made twice
 * on one line) get the occurrence number folded in: the first keeps the
 * plain hash, later ones differ. Sorting by hash finds the repeats in
 * O(n log n); the order within a group is the diagnostics' order.
 */
static uint64_t *fingerprints(const struct okr_diags *d)
{
	struct fp *v = okr_xcalloc(d->n, sizeof(*v));
	uint64_t *out = okr_xcalloc(d->n, sizeof(*out));
	size_t i, occurrence = 0;

	for (i = 0; i < d->n; i++) {
		v[i].h = diag_hash(&d->v[i]);
		v[i].i = i;
	}
	qsort(v, d->n, sizeof(*v), fp_cmp);
	for (i = 0; i < d->n; i++) {
		uint64_t h = v[i].h;

		occurrence = i && v[i - 1].h == v[i].h ? occurrence + 1 : 0;
		if (occurrence) {
			char num[32];

			snprintf(num, sizeof(num), "#%zu", occurrence);
			h = okr_fnv1a(h, num, strlen(num) + 1);
		}
		out[v[i].i] = h;
	}
	free(v);
	return out;
}

/*
 * Text GitLab shows in a merge request goes through the one filter (the
 * JSON list for scripts keeps its values exact instead): the message with
 * visible escapes, as in the text format; the path with U+FFFD, as bad
 * bytes are in every JSON string.
 */
static json_t *shown_text(const char *s, unsigned flags)
{
	char *safe = okr_safetext_dup(s, flags);
	json_t *j = json_text(safe);

	free(safe);
	return j;
}

static json_t *gitlab_report(const struct okr_diags *d)
{
	json_t *report = json_array();
	uint64_t *fps = fingerprints(d);
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct okr_diag *g = &d->v[i];
		char hex[17];
		json_t *issue;

		snprintf(hex, sizeof(hex), "%016" PRIx64, fps[i]);
		/* GitLab's lines are 1-based and "begin" is required: a
		 * diagnostic about a whole file points at its first line. */
		issue = json_pack("{s:o,s:o,s:s,s:s,s:{s:o,s:{s:I}}}",
			"description", shown_text(g->msg, OKR_SAFETEXT_SHOW),
			"check_name", json_text(g->rule),
			"fingerprint", hex,
			"severity", g->sev == OKR_SEV_ERROR ? "major" : "minor",
			"location",
			"path", shown_text(g->file, 0),
			"lines", "begin", (json_int_t)(g->line ? g->line : 1));
		json_array_append_new(report, issue);
	}
	free(fps);
	return report;
}

static json_t *json_report(const struct okr_diags *d)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct okr_diag *g = &d->v[i];

		json_array_append_new(list, json_pack(
			"{s:o,s:I,s:I,s:s,s:o,s:o}",
			"file", json_text(g->file),
			"line", (json_int_t)g->line,
			"column", (json_int_t)g->col,
			"severity", sev_name(g->sev),
			"rule", json_text(g->rule),
			"message", json_text(g->msg)));
	}
	return json_pack("{s:I,s:I,s:o}",
			 "errors", (json_int_t)d->nerrors,
			 "warnings", (json_int_t)d->nwarnings,
			 "diagnostics", list);
}

static void render_json(struct okr_buf *out, json_t *j)
{
	char *s;

	/* Every string went through json_text(), so only a failed
	 * allocation can make jansson return NULL here. */
	if (!j || !(s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER)))
		abort();
	/* values exact, C1 and bidi written as \u escapes (safetext.h) */
	okr_safetext_puts(out, s, OKR_SAFETEXT_JSON);
	okr_buf_putc(out, '\n');
	free(s);
	json_decref(j);
}

void okr_diags_render(struct okr_buf *out, const struct okr_diags *d,
		      enum okr_format fmt, int color)
{
	size_t i;

	switch (fmt) {
	case OKR_FORMAT_TEXT:
		for (i = 0; i < d->n; i++)
			render_text(out, &d->v[i], color);
		break;
	case OKR_FORMAT_GITHUB:
		for (i = 0; i < d->n; i++)
			render_github(out, &d->v[i]);
		break;
	case OKR_FORMAT_GITLAB:
		render_json(out, gitlab_report(d));
		break;
	case OKR_FORMAT_JSON:
		render_json(out, json_report(d));
		break;
	}
}
