/*
 * report_final.c: what the report says about the plan changing under it
 * (SPEC sections 4 and 8): a target moved by okr update --target, marked on
 * its key result's row; the items dropped by the as-of date, listed apart
 * with their dates and reasons; and, in the final report of a closed
 * period, what was carried into the next one. Owns these figures;
 * report_md.c and report_json.c write them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* ---- target changes ---- */

/* The target the row shows: a metric's target, a threshold's bound. */
static bool
shown_target(const struct okr_kr *kr, double *out)
{
	if (kr->kind == OKR_KR_METRIC)
		*out = kr->target;
	else if (kr->kind == OKR_KR_THRESHOLD)
		*out = kr->bound;
	else
		return false;
	return true;
}

static bool
number(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return false;
	*out = strtod(s, &end);
	return *end == '\0' && isfinite(*out);
}

/*
 * The newest okr update --target of k, when it set the target the row
 * shows: the target is HEAD's whatever the as-of date (SPEC section 8), so
 * the mark says where that target came from, even when it moved after the
 * as-of date. A target edited by hand since (no trailer) gets no mark: the
 * recorded change is not the one shown.
 */
static void
mark_target(struct okr_report_kr *k, const struct okr_history *h)
{
	const struct okr_target_change *t;
	double shown, to, from;

	if (!shown_target(k->kr, &shown))
		return;
	for (t = h->targets; t; t = t->next) {
		if (strcmp(t->ref, k->ref) != 0)
			continue;
		if (number(t->to, &to) && fabs(to - shown) < 1e-9 &&
		    number(t->from, &from) && fabs(from - shown) >= 1e-9) {
			k->target_changed = true;
			k->target_from = from;
			k->target_date = t->date;
		}
		return;
	}
}

/* ---- dropped items ---- */

static int
cmp_drop(const void *a, const void *b)
{
	const struct okr_report_drop *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

static void
add_drop(struct okr_report *r, size_t *cap, const struct okr_objective *o,
	 const struct okr_kr *kr)
{
	struct okr_report_drop *d;

	if (r->ndrops == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		r->drops = okr_xrealloc(r->drops, *cap * sizeof(*r->drops));
	}
	d = &r->drops[r->ndrops++];
	d->obj = o;
	d->kr = kr;
	d->ref = kr ? okr_xprintf("%s/%s#%s", o->period, o->id, kr->id ? kr->id : "")
		    : okr_xprintf("%s/%s", o->period, o->id);
	d->date = kr ? kr->dropped : o->dropped;
	d->reason = kr ? kr->drop_reason : o->drop_reason;
}

void
okr_report_plan_changes(struct okr_report *r, const struct okr_history *h)
{
	size_t i, j, cap = 0;

	for (i = 0; i < r->nkrs; i++)
		mark_target(&r->krs[i], h);
	/* each item with a drop date of its own: an objective's, and a key
	 * result's even when its objective was dropped too (its own reason) */
	for (i = 0; i < r->nobjs; i++) {
		const struct okr_objective *o = r->objs[i].obj;

		if (o->has_dropped && o->dropped <= r->as_of)
			add_drop(r, &cap, o, NULL);
		for (j = 0; j < o->nkrs; j++)
			if (o->krs[j].has_dropped && o->krs[j].dropped <= r->as_of)
				add_drop(r, &cap, o, &o->krs[j]);
	}
	if (r->ndrops)
		qsort(r->drops, r->ndrops, sizeof(*r->drops), cmp_drop);
}

/* ---- carried into the next period ---- */

static int
cmp_obj_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct okr_report_obj *)elem)->obj->id);
}

static int
cmp_carried(const void *a, const void *b)
{
	return strcmp(((const struct okr_report_carried *)a)->ref,
		      ((const struct okr_report_carried *)b)->ref);
}

/* Whether from ("2026-Q3/obj#kr") names an objective of the report. */
static bool
from_here(const struct okr_report *r, const char *from)
{
	size_t n = strlen(r->period.name);
	const char *hash;
	char *id;
	bool found;

	if (strncmp(from, r->period.name, n) != 0 || from[n] != '/')
		return false;
	hash = strchr(from + n + 1, '#');
	id = hash ? okr_xstrndup(from + n + 1, (size_t)(hash - from - n - 1))
		  : okr_xstrdup(from + n + 1);
	found = bsearch(id, r->objs, r->nobjs, sizeof(*r->objs), cmp_obj_id) != NULL;
	free(id);
	return found;
}

/*
 * Read from the next period's files, not from Okr-Carried trailers: a
 * past period's report is made as of its last day (okr_window_of), and
 * carrying happens at the close, after it, so "carried by the as-of date"
 * would always be empty; and the files are what the next period holds at
 * the report's revision (the as-of rule takes objectives and key results
 * from there too): a carried key result deleted again is gone, one renamed
 * there shows its new name, one written by hand with carried_from counts.
 */
void
okr_report_add_carried(struct okr_report *r, const struct okr_tree *next)
{
	size_t i, j, cap = 0;

	r->has_next = true;
	okr_period_of(&r->next, r->period.end + 1, r->cfg->fiscal_year_start);
	for (i = 0; next && i < next->nobjs; i++) {
		const struct okr_objective *o = next->objs[i];

		if (strcmp(o->period, r->next.name) != 0)
			continue;
		for (j = 0; j < o->nkrs; j++) {
			const struct okr_kr *kr = &o->krs[j];
			struct okr_report_carried *c;

			if (!kr->carried_from || !from_here(r, kr->carried_from))
				continue;
			if (r->ncarried == cap) {
				cap = cap ? 2 * cap : 8;
				r->carried = okr_xrealloc(r->carried, cap * sizeof(*r->carried));
			}
			c = &r->carried[r->ncarried++];
			c->obj = o;
			c->kr = kr;
			c->ref = okr_xprintf("%s/%s#%s", o->period, o->id, kr->id ? kr->id : "");
			c->from = kr->carried_from;
		}
	}
	if (r->ncarried)
		qsort(r->carried, r->ncarried, sizeof(*r->carried), cmp_carried);
}
