/*
 * asof.c: each key result's values as of a date, from the check-ins that
 * history read: per key result, the last change in first-parent order
 * dated on or before the as-of date (SPEC section 8).
 */
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "score.h"

/* A key result's last check-ins on or before the as-of date. */
struct last {
	const char *ref;
	const struct okr_checkin *any;		/* the last one */
	const struct okr_checkin *confidence;	/* the last with a confidence */
	bool later;				/* it has check-ins after it */
	bool later_confidence;			/* ... and with a confidence */
};

/* history interns refs: one ref, one pointer, so grouping needs no strcmp */
static int
cmp_checkin(const void *a, const void *b)
{
	const struct okr_checkin *x = *(const struct okr_checkin *const *)a;
	const struct okr_checkin *y = *(const struct okr_checkin *const *)b;

	if (x->ref != y->ref)
		return x->ref < y->ref ? -1 : 1;
	/* SPEC section 8: the last change in first-parent order whose date is
	 * on or before as-of, whatever its date against the others (h->v is
	 * oldest first), so as of today a key result reads as HEAD has it */
	return x < y ? -1 : x > y;
}

static int
cmp_last(const void *key, const void *b)
{
	const char *x = key, *y = ((const struct last *)b)->ref;

	return x < y ? -1 : x > y;
}

/* One entry per ref, sorted by the ref's (interned) address. */
static struct last *
index_checkins(const struct okr_history *h, okr_date as_of, size_t *n)
{
	const struct okr_checkin **v = okr_xcalloc(h->n ? h->n : 1, sizeof(*v));
	struct last *out = okr_xcalloc(h->n ? h->n : 1, sizeof(*out));
	size_t i, nv = 0;

	*n = 0;
	for (i = 0; i < h->n; i++)
		v[nv++] = &h->v[i];
	qsort(v, nv, sizeof(*v), cmp_checkin);
	for (i = 0; i < nv; i++) {
		if (!*n || out[*n - 1].ref != v[i]->ref)
			out[(*n)++].ref = v[i]->ref;
		if (v[i]->date > as_of) {
			out[*n - 1].later = true;
			out[*n - 1].later_confidence |= v[i]->has_confidence;
			continue;
		}
		out[*n - 1].any = v[i];
		if (v[i]->has_confidence)
			out[*n - 1].confidence = v[i];
	}
	free(v);
	return out;
}

/* Milestones done as the share v says: HEAD's (or the start's) flags when
 * they agree; else HEAD's first done ones in file order, which history
 * does not tell apart. */
static void
set_milestones(struct okr_kr *kr, const struct okr_kr *was, bool known, double v)
{
	size_t i, want = known ? (size_t)(v * (double)kr->nmilestones + 0.5) : 0;
	size_t done = okr_kr_milestones_done(kr);

	if (want == done)
		return;
	if (was && was->nmilestones == kr->nmilestones && okr_kr_milestones_done(was) == want) {
		for (i = 0; i < kr->nmilestones; i++)
			kr->milestones[i].done = was->milestones[i].done;
		return;
	}
	for (i = kr->nmilestones; i-- > 0 && done > want;)
		if (kr->milestones[i].done) {
			kr->milestones[i].done = false;
			done--;
		}
	for (i = 0; i < kr->nmilestones && done < want; i++)
		if (!kr->milestones[i].done) {
			kr->milestones[i].done = true;
			done++;
		}
}

static void
apply_kr(const struct okr_history *h, const struct okr_objective *o, struct okr_kr *kr,
	 const struct last *l, okr_date as_of)
{
	const struct okr_kr *was = okr_history_start_kr(h, o, kr->id);
	char *ref = okr_xprintf("%s/%s#%s", o->period, o->id, kr->id);
	double v = 0.0;
	bool known = okr_history_value_at(h, ref, as_of, &v), keep_confidence = false;

	free(ref);	/* value_at: the one rule, as for the report's weeks */
	/* No change recorded at all, before or after as_of (and none before
	 * the period): the values are those the file was written with. */
	if (!known && !l) {
		if (kr->has_updated && kr->updated > as_of)
			kr->has_updated = false;
		return;
	}
	/* a confidence no check-in recorded: as the file was written */
	if (l && !l->confidence && !l->later_confidence)
		keep_confidence = true;
	if (l && !l->any)
		l = NULL;	/* only changes after as_of */
	switch (kr->kind) {
	case OKR_KR_METRIC:
		/* no change by as_of: it shows its start */
		kr->current = known ? v : kr->start;
		kr->has_current = true;
		break;
	case OKR_KR_THRESHOLD:
		kr->current = v;
		kr->has_current = known;
		break;
	case OKR_KR_BINARY:
		kr->done = known && v >= 0.5;
		break;
	case OKR_KR_MILESTONE:
		set_milestones(kr, was, known, v);
		break;
	case OKR_KR_NONE:
		break;
	}
	if (l && l->confidence) {
		kr->confidence = l->confidence->confidence;
		kr->has_confidence = true;
	} else if (!keep_confidence) {
		kr->has_confidence = was && was->has_confidence;
		kr->confidence = was ? was->confidence : 0.0;
	}
	/* updated: as written by the last change on or before as_of */
	if (kr->has_updated && kr->updated > as_of)
		kr->has_updated = false;
	if (l && (!kr->has_updated || l->any->date > kr->updated)) {
		kr->updated = l->any->date;
		kr->has_updated = true;
	}
	if (!kr->has_updated && was && was->has_updated && was->updated <= as_of) {
		kr->updated = was->updated;
		kr->has_updated = true;
	}
}

void
okr_asof_apply(struct okr_history *h, const struct okr_period *period, okr_date as_of)
{
	struct last *last;
	size_t i, j, n;

	if (!h->end)
		return;
	last = index_checkins(h, as_of, &n);
	for (i = 0; i < h->end->nobjs; i++) {
		struct okr_objective *o = h->end->objs[i];

		if (strcmp(o->period, period->name) != 0)
			continue;
		for (j = 0; j < o->nkrs; j++) {
			struct okr_kr *kr = &o->krs[j];
			char *ref;
			const char *key;
			const struct last *l;

			if (!kr->id)
				continue;
			ref = okr_xprintf("%s/%s#%s", o->period, o->id, kr->id);
			/* the check-ins' copy of the name: found by address */
			key = okr_history_ref(h, ref);
			l = n && key ? bsearch(key, last, n, sizeof(*last), cmp_last) : NULL;
			free(ref);
			apply_kr(h, o, kr, l, as_of);
		}
	}
	free(last);
}
