/*
 * lastseen.c: the last check-in of each key result from history, and the
 * rule that combines it with `updated`.
 */
#include <stdlib.h>
#include <string.h>

#include "lastseen.h"

/* History keeps one copy of each ref: entries sort by its address. */
static int
cmp_entry(const void *a, const void *b)
{
	const struct okr_lastseen_entry *x = a, *y = b;

	if (x->ref != y->ref)
		return x->ref < y->ref ? -1 : 1;
	return (x->date > y->date) - (x->date < y->date);
}

static int
cmp_ref(const void *key, const void *b)
{
	const char *x = key, *y = ((const struct okr_lastseen_entry *)b)->ref;

	return x < y ? -1 : x > y;
}

void
okr_lastseen_build(struct okr_lastseen *out, const struct okr_history *h,
		   okr_date as_of)
{
	size_t i, n = 0;

	out->h = h;
	out->v = okr_xcalloc(h && h->n ? h->n : 1, sizeof(*out->v));
	out->n = 0;
	for (i = 0; h && i < h->n; i++) {
		if (h->v[i].date > as_of)
			continue;
		out->v[out->n].ref = h->v[i].ref;
		out->v[out->n++].date = h->v[i].date;
	}
	qsort(out->v, out->n, sizeof(*out->v), cmp_entry);
	/* keep the latest of each ref: the last of its run */
	for (i = 0; i < out->n; i++) {
		if (i + 1 < out->n && out->v[i].ref == out->v[i + 1].ref)
			continue;
		out->v[n++] = out->v[i];
	}
	out->n = n;
}

void
okr_lastseen_free(struct okr_lastseen *s)
{
	if (!s)
		return;
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

bool
okr_lastseen_find(const struct okr_lastseen *s, const char *ref, okr_date *out)
{
	const struct okr_lastseen_entry *e;

	if (!s || !s->n || !(ref = okr_history_ref(s->h, ref)))
		return false;
	e = bsearch(ref, s->v, s->n, sizeof(*s->v), cmp_ref);
	if (!e)
		return false;
	*out = e->date;
	return true;
}

bool
okr_last_checkin(okr_date *out, const struct okr_kr *kr, const char *ref,
		 const struct okr_lastseen *s, okr_date period_start)
{
	okr_date seen;
	bool known = kr->has_updated;

	*out = known ? kr->updated : period_start;
	if (ref && okr_lastseen_find(s, ref, &seen) && (!known || seen > *out)) {
		*out = seen;
		known = true;
	}
	return known;
}
