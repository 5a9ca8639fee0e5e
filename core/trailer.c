/*
 * trailer.c: okr's commit messages and trailers (trailer.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trailer.h"

static void
trim(struct okr_span *s)
{
	while (s->n && (s->p[0] == '\n' || s->p[0] == ' ' || s->p[0] == '\r'))
		s->p++, s->n--;
	while (s->n && (s->p[s->n - 1] == '\n' || s->p[s->n - 1] == ' ' ||
			s->p[s->n - 1] == '\r'))
		s->n--;
}

/* Start of the last paragraph of s (after its last blank line). */
static const char *
last_paragraph(const char *p, size_t n)
{
	size_t i;

	for (i = n; i >= 2; i--)
		if (p[i - 1] == '\n' && p[i - 2] == '\n')
			return p + i;
	return NULL;
}

/* The trailer slot of line p..nl and the length of its key; NULL if none. */
static struct okr_span *
trailer_slot(struct okr_message *m, const char *p, const char *nl, size_t *klen)
{
	static const struct {
		const char *key;
		size_t len;
		size_t off;
	} keys[] = {
		{ "Okr-Ref: ", 9, offsetof(struct okr_message, ref) },
		{ "Okr-Value: ", 11, offsetof(struct okr_message, value) },
		{ "Okr-Confidence: ", 16, offsetof(struct okr_message, confidence) },
		{ "Okr-Milestone: ", 15, offsetof(struct okr_message, milestone) },
		{ "Okr-Target: ", 12, offsetof(struct okr_message, target) },
		{ "Okr-Dropped: ", 13, offsetof(struct okr_message, dropped) },
		{ "Okr-Score: ", 11, offsetof(struct okr_message, score) },
		{ "Okr-Renamed: ", 13, offsetof(struct okr_message, renamed) },
		{ "Okr-Close: ", 11, offsetof(struct okr_message, close) },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((size_t)(nl - p) > keys[i].len && memcmp(p, keys[i].key, keys[i].len) == 0) {
			*klen = keys[i].len;
			return (struct okr_span *)((char *)m + keys[i].off);
		}
	return NULL;
}

void
okr_message_parse(struct okr_message *m, const char *msg, size_t len)
{
	struct okr_span all = { msg, len }, rest;
	const char *nl, *para, *p, *end;

	memset(m, 0, sizeof(*m));
	trim(&all);
	nl = memchr(all.p, '\n', all.n);
	m->subject.p = all.p;
	m->subject.n = nl ? (size_t)(nl - all.p) : all.n;
	rest.p = m->subject.p + m->subject.n;
	rest.n = all.n - m->subject.n;
	m->body = rest;
	/* cheap test first: almost every commit either is okr's or is not */
	if (!memmem(rest.p, rest.n, "Okr-", 4))
		goto done;
	para = last_paragraph(rest.p, rest.n);
	if (!para)
		goto done;
	for (p = para, end = rest.p + rest.n; p < end; p = nl + 1) {
		struct okr_span *slot;
		size_t klen;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if ((size_t)(nl - p) > 14 && memcmp(p, "Okr-Carried: ", 13) == 0) {
			if (!m->carried.p) {
				m->carried.p = p + 13;
				m->carried.n = (size_t)(nl - p) - 13;
				trim(&m->carried);
			}
		} else if ((slot = trailer_slot(m, p, nl, &klen))) {
			slot->p = p + klen;
			slot->n = (size_t)(nl - p) - klen;
			trim(slot);
		}
	}
	m->trailers.p = para;
	m->trailers.n = (size_t)(end - para);
	if (m->ref.n)
		m->okr = true;
	/* the body the user wrote ends where okr's trailers begin */
	if (m->ref.n || m->carried.n)
		m->body.n = (size_t)(para - rest.p);
done:
	trim(&m->body);
}

bool
okr_message_carried(const struct okr_message *m, size_t *at, struct okr_span *out)
{
	const char *p = m->trailers.p + *at, *end = m->trailers.p + m->trailers.n, *nl;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if ((size_t)(nl - p) > 14 && memcmp(p, "Okr-Carried: ", 13) == 0) {
			out->p = p + 13;
			out->n = (size_t)(nl - p) - 13;
			trim(out);
			*at = (size_t)(nl - m->trailers.p) + (nl < end);
			return true;
		}
	}
	*at = m->trailers.n;
	return false;
}

bool
okr_span_number(double *out, struct okr_span s)
{
	char buf[64], *end;

	if (!s.n || s.n >= sizeof(buf))
		return false;
	if ((s.n == 4 && memcmp(s.p, "done", 4) == 0) ||
	    (s.n == 4 && memcmp(s.p, "true", 4) == 0)) {
		*out = 1;
		return true;
	}
	if ((s.n == 8 && memcmp(s.p, "not-done", 8) == 0) ||
	    (s.n == 5 && memcmp(s.p, "false", 5) == 0)) {
		*out = 0;
		return true;
	}
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	return end != buf && !*end && errno != ERANGE;
}
