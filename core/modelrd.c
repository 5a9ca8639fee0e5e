/*
 * modelrd.c: typed field readers for the model (modelrd.h): text, numbers,
 * booleans, dates, choices and people, each reporting a diagnostic at the
 * node that is wrong, and the "did you mean" suggestions.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "modelrd.h"



void
rd_err(struct rd *r, const struct okr_node *at, const char *rule, const char *fmt, ...)
{
	struct okr_buf b = OKR_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	okr_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	okr_diags_add(r->diags, r->path, at ? (unsigned)at->start.line + 1 : 1,
		      at ? (unsigned)at->start.col + 1 : 1, OKR_SEV_ERROR, rule,
		      "%s", b.ptr);
	okr_buf_free(&b);
}

/* Levenshtein distance, capped: we only care whether it is small. */
size_t
okr_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *
okr_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, bestd = 99, limit = strlen(word) < 5 ? 1 : 2;

	size_t wlen = strlen(word);

	for (i = 0; i < n; i++) {
		size_t clen = strlen(cands[i]), d;

		/* the length difference is a lower bound of the distance:
		 * skip the many candidates that cannot be close */
		if ((clen > wlen ? clen - wlen : wlen - clen) > limit)
			continue;
		d = okr_distance(word, cands[i]);

		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}

/* Unknown keys of a mapping, each with a "did you mean" where one is close. */
void
rd_check_keys(struct rd *r, const struct okr_node *map, const char *const *known,
	   size_t nknown, const char *what)
{
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		const struct okr_node *k = map->pairs[i].key;
		const char *hint;

		/* the first letter rules out most without a call */
		for (j = 0; j < nknown; j++)
			if (k->value[0] == known[j][0] && strcmp(k->value, known[j]) == 0)
				break;
		if (j < nknown)
			continue;
		hint = okr_suggest(k->value, known, nknown);
		if (hint)
			rd_err(r, k, "unknown-key", "unknown key '%s' in %s (did you mean '%s'?)",
			    k->value, what, hint);
		else
			rd_err(r, k, "unknown-key", "unknown key '%s' in %s", k->value, what);
	}
}

const char *
rd_type_name(const struct okr_node *n)
{
	switch (n->type) {
	case OKR_NODE_MAP: return "a mapping";
	case OKR_NODE_SEQ: return "a list";
	default: return "text";
	}
}

/* The value of key, or NULL; a missing required key is reported at the
 * mapping that lacks it. */
struct okr_node *
rd_field(struct rd *r, const struct okr_node *map, const char *key, bool required,
      const char *what)
{
	struct okr_node *v = okr_map_get(map, key);

	if (!v && required)
		rd_err(r, map, "missing-key", "%s is missing '%s'", what, key);
	return v;
}

const char *
rd_text(struct rd *r, const struct okr_node *map, const char *key, bool required,
     const char *what)
{
	struct okr_node *v = rd_field(r, map, key, required, what);

	if (!v)
		return NULL;
	if (v->type != OKR_NODE_SCALAR) {
		rd_err(r, v, "wrong-type", "'%s' must be text, not %s", key, rd_type_name(v));
		return NULL;
	}
	if (okr_scalar_is_null(v) || (required && v->len == 0)) {
		if (required)
			rd_err(r, v, "missing-value", "'%s' is empty", key);
		return NULL;
	}
	if (memchr(v->value, '\0', v->len)) {
		rd_err(r, v, "wrong-type", "'%s' holds a NUL character", key);
		return NULL;
	}
	return v->value;
}

/* The powers of ten a double holds exactly. */
static const double exact_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15,
};

/* YAML 1.2 core-schema decimals only: 12, -3, 12.5, .5, 1e3. */
bool
rd_parse_number(double *out, const char *s)
{
	const char *p = s;
	char *end;
	bool digits = false;
	uint64_t m = 0;
	int n = 0, frac = 0;

	if (*p == '-' || *p == '+')
		p++;
	for (; isdigit((unsigned char)*p); p++, n++)
		m = m * 10 + (uint64_t)(*p - '0'), digits = true;
	if (*p == '.') {
		p++;
		for (; isdigit((unsigned char)*p); p++, n++, frac++)
			m = m * 10 + (uint64_t)(*p - '0'), digits = true;
	}
	if (!digits)
		return false;
	/*
	 * Most numbers in OKR files are like these: at most 15 digits, no
	 * exponent. Their digits make an integer below 2^53 and the point an
	 * exact power of ten, so one division, correctly rounded, gives what
	 * strtod gives (Clinger's fast path), at a fraction of its cost.
	 */
	if (!*p && n <= 15) {
		*out = (double)m / exact_pow10[frac];
		if (*s == '-')
			*out = -*out;
		return true;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && isfinite(*out);
}

bool
rd_number(struct rd *r, double *out, const struct okr_node *map, const char *key,
       bool required, const char *what)
{
	struct okr_node *v = rd_field(r, map, key, required, what);

	if (!v)
		return false;
	if (v->type != OKR_NODE_SCALAR) {
		rd_err(r, v, "wrong-type", "'%s' must be a number, not %s", key, rd_type_name(v));
		return false;
	}
	if (okr_scalar_is_bool11(v)) {
		rd_err(r, v, "wrong-type", "'%s' must be a number, not '%s' (a YAML boolean)",
		    key, v->value);
		return false;
	}
	if (v->style != OKR_STYLE_PLAIN) {
		rd_err(r, v, "wrong-type", "'%s' must be a number, not a quoted string", key);
		return false;
	}
	if (okr_scalar_is_null(v)) {
		rd_err(r, v, "missing-value", "'%s' is empty; it must be a number", key);
		return false;
	}
	if (!rd_parse_number(out, v->value)) {
		rd_err(r, v, "wrong-type", "'%s' must be a number, not '%s'", key, v->value);
		return false;
	}
	return true;
}

bool
rd_boolean(struct rd *r, bool *out, const struct okr_node *map, const char *key,
	bool required, const char *what)
{
	struct okr_node *v = rd_field(r, map, key, required, what);

	if (!v)
		return false;
	if (v->type == OKR_NODE_SCALAR && v->style == OKR_STYLE_PLAIN) {
		if (strcmp(v->value, "true") == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v->value, "false") == 0) {
			*out = false;
			return true;
		}
		if (okr_scalar_is_bool11(v)) {
			rd_err(r, v, "wrong-type", "'%s' must be true or false, not '%s' "
			    "(write %s)", key, v->value,
			    strchr("yYoO", v->value[0]) && strcasecmp(v->value, "off") != 0 ? "true" : "false");
			return false;
		}
	}
	if (v->type != OKR_NODE_SCALAR)
		rd_err(r, v, "wrong-type", "'%s' must be true or false, not %s", key, rd_type_name(v));
	else if (v->style != OKR_STYLE_PLAIN)
		rd_err(r, v, "wrong-type", "'%s' must be true or false, not a quoted string", key);
	else
		rd_err(r, v, "wrong-type", "'%s' must be true or false, not '%s'", key, v->value);
	return false;
}

bool
rd_date(struct rd *r, okr_date *out, const struct okr_node *map, const char *key,
     bool required, const char *what)
{
	struct okr_node *v = rd_field(r, map, key, required, what);

	if (!v)
		return false;
	if (v->type != OKR_NODE_SCALAR) {
		rd_err(r, v, "wrong-type", "'%s' must be a date (YYYY-MM-DD), not %s",
		    key, rd_type_name(v));
		return false;
	}
	if (okr_date_parse(out, v->value) < 0) {
		rd_err(r, v, "invalid-date", "'%s' is not a valid date (YYYY-MM-DD): '%s'",
		    key, v->value);
		return false;
	}
	return true;
}

/* One of a fixed set of words; reports the set and a suggestion. */
int
rd_choice(struct rd *r, const struct okr_node *map, const char *key, bool required,
       const char *what, const char *const *words, size_t n)
{
	const char *s = rd_text(r, map, key, required, what);
	const char *hint;
	struct okr_buf all = OKR_BUF_INIT;
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return (int)i;
	for (i = 0; i < n; i++)
		okr_buf_printf(&all, "%s%s", i ? ", " : "", words[i]);
	hint = okr_suggest(s, words, n);
	if (hint)
		rd_err(r, okr_map_get(map, key), "invalid-value",
		    "'%s' must be one of %s, not '%s' (did you mean '%s'?)", key,
		    all.ptr, s, hint);
	else
		rd_err(r, okr_map_get(map, key), "invalid-value",
		    "'%s' must be one of %s, not '%s'", key, all.ptr, s);
	okr_buf_free(&all);
	return -1;
}

bool
rd_is_person(const char *s)
{
	const char *lt = strrchr(s, '<');
	size_t len = strlen(s);

	return lt && lt > s && len > 2 && s[len - 1] == '>' &&
	       memchr(lt, '@', (size_t)(s + len - lt)) != NULL;
}

const char *
okr_person_email(char *buf, size_t size, const char *owner)
{
	const char *lt = strrchr(owner, '<');
	size_t len = strlen(owner), n;

	if (!lt || len < 2 || owner[len - 1] != '>')
		return NULL;
	n = (size_t)(owner + len - 1 - (lt + 1));
	if (n + 1 > size)
		return NULL;
	memcpy(buf, lt + 1, n);
	buf[n] = '\0';
	return buf;
}

const char *
rd_person(struct rd *r, const struct okr_node *n, const char *key)
{
	if (!n || n->type != OKR_NODE_SCALAR || okr_scalar_is_null(n)) {
		if (n)
			rd_err(r, n, "wrong-type", "'%s' must be a person \"Name <email>\"", key);
		return NULL;
	}
	if (!rd_is_person(n->value)) {
		rd_err(r, n, "invalid-person", "'%s' must be a person \"Name <email>\", not '%s'",
		    key, n->value);
		return NULL;
	}
	return n->value;
}

struct okr_pos
rd_pos_of(const struct okr_node *n)
{
	struct okr_pos p = { 0, 0 };

	if (n) {
		p.line = n->start.line + 1;
		p.col = n->start.col + 1;
	}
	return p;
}

bool
rd_is_period_name(const char *s, size_t len)
{
	return len == 7 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	       s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4';
}
