/*
 * report.c: the figures of a period's report, worked out once from its
 * history: scores and pace per objective, each key result's start, trend
 * and last check-in, the summary, the biggest movers and the follow-up
 * lists. Owns what the report says; report_md.c, report_json.c and
 * agenda.c own how it is written. Every list is sorted with a total order,
 * so the same history gives the same figures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lastseen.h"
#include "render.h"
#include "report.h"

#define EPS 1e-9
#define MAX_MOVERS 5

/* ---- small helpers ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Progress the key result kr would have at a recorded value v. */
static double
progress_at(const struct okr_kr *kr, double v)
{
	double p;

	switch (kr->kind) {
	case OKR_KR_METRIC:
		if (kr->target == kr->start)
			return 0.0;
		p = (v - kr->start) / (kr->target - kr->start);
		return p > 0.0 ? (p > 1.0 ? 1.0 : p) : 0.0;
	case OKR_KR_THRESHOLD:
		return (kr->at_least ? v >= kr->bound : v <= kr->bound) ? 1.0 : 0.0;
	case OKR_KR_BINARY:
		return v >= 0.5 ? 1.0 : 0.0;
	case OKR_KR_MILESTONE:
		/* recorded as a share of milestones done */
		return v > 0.0 ? (v > 1.0 ? 1.0 : v) : 0.0;
	case OKR_KR_NONE:
		break;
	}
	return 0.0;
}

static bool
kr_finished(const struct okr_kr *kr)
{
	return (kr->kind == OKR_KR_BINARY && kr->done) ||
	       (kr->kind == OKR_KR_MILESTONE && okr_kr_progress(kr) >= 1.0);
}

/* ---- building the figures ---- */

static int
cmp_obj(const void *a, const void *b)
{
	const struct okr_report_obj *x = a, *y = b;

	return strcmp(x->obj->id, y->obj->id);
}

/* A key result being sorted into the movers or the stale list: qsort has
 * no context argument, so each key carries what its order needs. */
struct sort_key {
	long long gain;		/* movers: millionths of progress gained */
	const char *owner;	/* stale: its owner ("" for none) */
	const char *ref;
	size_t i;		/* into r->krs */
};

/* Gains compared in millionths, so equal gains tie exactly and the ref
 * decides: a total order whatever the floating point says. */
static int
cmp_mover(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->gain != y->gain)
		return x->gain > y->gain ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

static int
cmp_ref(const void *a, const void *b)
{
	return strcmp(((const struct sort_key *)a)->ref, ((const struct sort_key *)b)->ref);
}

static int
cmp_stale(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	int c = strcmp(x->owner, y->owner);

	return c ? c : strcmp(x->ref, y->ref);
}

/* Sort idx[0..n) (indexes into r->krs) by cmp. */
static void
sort_krs(const struct okr_report *r, size_t *idx, size_t n,
	 int (*cmp)(const void *, const void *))
{
	struct sort_key *keys = okr_xcalloc(n ? n : 1, sizeof(*keys));
	size_t i;

	for (i = 0; i < n; i++) {
		const struct okr_report_kr *k = &r->krs[idx[i]];

		keys[i].gain = llround((k->progress - k->start_progress) * 1e6);
		keys[i].owner = k->kr->owner ? k->kr->owner : "";
		keys[i].ref = k->ref;
		keys[i].i = idx[i];
	}
	qsort(keys, n, sizeof(*keys), cmp);
	for (i = 0; i < n; i++)
		idx[i] = keys[i].i;
	free(keys);
}

static int
cmp_overdue(const void *a, const void *b)
{
	const struct okr_report_overdue *x = a, *y = b;
	int c;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if ((c = strcmp(x->owner ? x->owner : "", y->owner ? y->owner : "")))
		return c;
	if ((c = strcmp(x->ref, y->ref)))
		return c;
	if (!x->title || !y->title)
		return !!x->title - !!y->title;
	return strcmp(x->title, y->title);
}

static void
add_overdue(struct okr_report *r, size_t *cap, okr_date due, const char *owner,
	    const char *ref, const char *title)
{
	struct okr_report_overdue *o;

	if (r->noverdue == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		r->overdue = okr_xrealloc(r->overdue, *cap * sizeof(*r->overdue));
	}
	o = &r->overdue[r->noverdue++];
	o->due = due;
	o->owner = owner;
	o->ref = okr_xstrdup(ref);
	o->title = title;
}

static void
find_overdue(struct okr_report *r, size_t *cap, const struct okr_milestone *ms,
	     size_t n, const char *owner, const char *ref)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ms[i].has_due && !ms[i].done && ms[i].due < r->as_of)
			add_overdue(r, cap, ms[i].due, owner, ref, ms[i].title ? ms[i].title : "");
}

static void
build_kr(struct okr_report *r, struct okr_report_kr *k, const struct okr_history *h,
	 const struct okr_lastseen *seen)
{
	const struct okr_kr *kr = k->kr;
	double v = 0.0;
	okr_date *days;
	bool *known;
	size_t w;

	k->progress = okr_kr_progress(kr);
	k->start_kr = kr->id ? okr_history_start_kr(h, k->obj, kr->id) : NULL;
	/* For the quarter the start snapshot is the start; a month starts
	 * where the check-ins before it left the value. */
	if (r->from > r->period.start && okr_history_value_at(h, k->ref, r->from - 1, &v)) {
		k->has_start_value = true;
		k->start_value = v;
	} else if (k->start_kr && k->start_kr->kind == kr->kind) {
		k->has_start_value = okr_kr_value(k->start_kr, &k->start_value);
	} else if (!k->start_kr && (kr->kind == OKR_KR_METRIC || kr->kind == OKR_KR_BINARY)) {
		/* added during the period: it began at its own baseline */
		k->has_start_value = true;
		k->start_value = kr->kind == OKR_KR_METRIC ? kr->start : 0.0;
	}
	if (k->has_start_value)
		k->start_progress = progress_at(kr, k->start_value);
	else if (k->start_kr && kr->kind == OKR_KR_MILESTONE)
		k->start_progress = okr_kr_progress(k->start_kr);

	k->nweeks = r->as_of >= r->from ? (size_t)(r->as_of - r->from) / 7 + 1 : 0;
	k->trend = okr_xcalloc(k->nweeks ? k->nweeks : 1, sizeof(*k->trend));
	days = okr_xcalloc(k->nweeks ? k->nweeks : 1, sizeof(*days));
	known = okr_xcalloc(k->nweeks ? k->nweeks : 1, sizeof(*known));
	for (w = 0; w < k->nweeks; w++) {
		days[w] = r->from + 7 * (okr_date)w + 6;
		if (days[w] > r->as_of)
			days[w] = r->as_of;
	}
	/* one look-up for the weeks: the trend holds the values in place */
	okr_history_values_at(h, k->ref, days, k->nweeks, k->trend, known);
	for (w = 0; w < k->nweeks; w++)
		k->trend[w] = known[w] ? progress_at(kr, k->trend[w]) : -1.0;
	free(days);
	free(known);

	/* the later of updated and history's last change (SPEC section 4) */
	k->has_last = okr_last_checkin(&k->last, kr, k->ref, seen, r->period.start);
	k->stale = r->as_of >= r->period.start && r->as_of <= r->period.end &&
		   !kr_finished(kr) && okr_is_stale(k->last, r->as_of, r->cfg);
}

/* The report's period, window and history header. */
static void
set_window(struct okr_report *r, const struct okr_history *h,
	   const struct okr_period *period, okr_date from, okr_date as_of)
{
	int y, m, d;

	r->cfg = h->end->config;
	r->period = *period;
	r->from = from;
	r->as_of = as_of;
	r->monthly = from > period->start;
	okr_date_to_ymd(from, &y, &m, &d);
	if (r->monthly)
		snprintf(r->window_name, sizeof(r->window_name), "%04d-%02d", y, m);
	else
		snprintf(r->window_name, sizeof(r->window_name), "%s", period->name);
	r->shallow = h->shallow;
	r->history_from = h->history_from;
}

/* The objectives of the period at the as-of date, by id. A period without
 * objectives yet (the ambassador's first week) is an empty report, not an
 * error. */
static void
collect_objectives(struct okr_report *r, const struct okr_history *h)
{
	size_t i, n = 0;

	for (i = 0; i < h->end->nobjs; i++)
		n += strcmp(h->end->objs[i]->period, r->period.name) == 0;
	r->objs = okr_xcalloc(n ? n : 1, sizeof(*r->objs));
	for (i = 0; i < h->end->nobjs; i++) {
		const struct okr_objective *o = h->end->objs[i];

		if (strcmp(o->period, r->period.name) == 0) {
			r->objs[r->nobjs++].obj = o;
			r->nkrs += o->nkrs;
		}
	}
	qsort(r->objs, r->nobjs, sizeof(*r->objs), cmp_obj);
}

/* Whether objective o is the narrowing's own (before what aligns below). */
static bool
in_filter(const struct okr_report *r, const struct okr_objective *o)
{
	if (r->team)
		return okr_owner_matches(r->cfg, o->owner, r->team, true);
	return okr_owner_matches(r->cfg, o->owner, r->owner, true);
}

/* Keep the objectives of the narrowing: a team's, and (for a team) all
 * that is aligned below them, level by level. */
static void
narrow_objectives(struct okr_report *r)
{
	char *keep = okr_xcalloc(r->nobjs + 1, 1);
	size_t i, j, n = 0;
	bool more = true;

	for (i = 0; i < r->nobjs; i++)
		keep[i] = in_filter(r, r->objs[i].obj);
	while (r->team && more) {
		more = false;
		for (i = 0; i < r->nobjs; i++) {
			const struct okr_objective *o = r->objs[i].obj;

			for (j = 0; !keep[i] && o->parent && j < r->nobjs; j++)
				if (keep[j] && strcmp(r->objs[j].obj->id, o->parent) == 0 &&
				    r->objs[j].obj->level < o->level)
					keep[i] = more = true;
		}
	}
	r->nkrs = 0;
	for (i = 0; i < r->nobjs; i++)
		if (keep[i]) {
			r->objs[n++] = r->objs[i];
			r->nkrs += r->objs[i].obj->nkrs;
		}
	r->nobjs = n;
	free(keep);
}

/* Whether a check-in's key result belongs to the report's objectives. */
static bool
checkin_kept(const struct okr_report *r, const char *ref)
{
	const char *slash = strchr(ref, '/'), *hash = strchr(ref, '#');
	struct okr_objective key;
	struct okr_report_obj k = { .obj = &key };
	char *id;
	bool found;

	if (!r->team && !r->owner)
		return true;
	if (!slash || !hash || hash < slash)
		return false;
	id = okr_xstrndup(slash + 1, (size_t)(hash - slash - 1));
	key.id = id;
	found = bsearch(&k, r->objs, r->nobjs, sizeof(*r->objs), cmp_obj) != NULL;
	free(id);
	return found;
}

/* The window's check-ins and contributors. */
static void
collect_checkins(struct okr_report *r, const struct okr_history *h)
{
	size_t i, j;

	r->checkins = okr_xcalloc(h->n ? h->n : 1, sizeof(*r->checkins));
	r->contributors = okr_xcalloc(h->n ? h->n : 1, sizeof(*r->contributors));
	for (i = 0; i < h->n; i++) {
		const struct okr_checkin *c = &h->v[i];

		if (c->date > r->as_of || c->date < r->from || !checkin_kept(r, c->ref))
			continue;
		r->checkins[r->ncheckins++] = c;
		r->contributors[r->ncontributors++] = (char *)(c->email ? c->email : "");
	}
	qsort(r->contributors, r->ncontributors, sizeof(char *), cmp_str);
	for (i = 0, j = 0; i < r->ncontributors; i++)
		if (!j || strcmp(r->contributors[j - 1], r->contributors[i]) != 0)
			r->contributors[j++] = r->contributors[i];
	r->ncontributors = j;
	for (i = 0; i < r->ncontributors; i++)
		r->contributors[i] = okr_xstrdup(r->contributors[i]);
}

/* Key results, scores and pace of every objective; the stale, mover and
 * overdue lists unsorted. */
static void
build_objectives(struct okr_report *r, const struct okr_history *h,
		 const struct okr_lastseen *seen)
{
	double expected = okr_period_elapsed(&r->period, r->as_of), sum = 0.0;
	size_t i, j, n = 0, cap = 0;

	r->krs = okr_xcalloc(r->nkrs ? r->nkrs : 1, sizeof(*r->krs));
	r->stale = okr_xcalloc(r->nkrs ? r->nkrs : 1, sizeof(*r->stale));
	r->movers = okr_xcalloc(r->nkrs ? r->nkrs : 1, sizeof(*r->movers));
	r->done = okr_xcalloc(r->nkrs ? r->nkrs : 1, sizeof(*r->done));
	for (i = 0; i < r->nobjs; i++) {
		struct okr_report_obj *ro = &r->objs[i];
		const struct okr_objective *o = ro->obj;
		char *oref = okr_xprintf("%s/%s", o->period, o->id);

		ro->score = r->closed ? okr_objective_final_score(o)
				      : okr_objective_score_at(o, r->as_of);
		ro->status = okr_status_of(ro->score, expected, o->committed, r->cfg);
		ro->grade = okr_grade_of(ro->score, o->committed, r->cfg);
		/* a dropped objective leaves the counts and the mean (section 4) */
		if (okr_objective_dropped(o, r->as_of)) {
			r->nobjs_dropped++;
		} else {
			r->by_status[ro->status]++;
			r->by_grade[ro->grade]++;
			sum += ro->score;
		}
		ro->first_kr = n;
		ro->nkrs = o->nkrs;
		find_overdue(r, &cap, o->milestones, o->nmilestones, o->owner, oref);
		for (j = 0; j < o->nkrs; j++, n++) {
			struct okr_report_kr *k = &r->krs[n];

			k->obj = o;
			k->kr = &o->krs[j];
			k->ref = okr_xprintf("%s#%s", oref, k->kr->id ? k->kr->id : "");
			build_kr(r, k, h, seen);
			if (r->closed) {	/* final: its grade, nothing to chase */
				k->stale = false;
				if (k->kr->has_score)
					k->progress = k->kr->score;
			}
			if (okr_kr_dropped(o, k->kr, r->as_of)) {
				r->nkrs_dropped++;	/* listed nowhere but its table */
				k->stale = false;
				continue;
			}
			if (k->stale)
				r->stale[r->nstale++] = n;
			/* a binary result done is no "mover" (+1.0 each would
			 * fill the list): it is done this period */
			if (k->progress - k->start_progress > EPS &&
			    k->kr->kind == OKR_KR_BINARY)
				r->done[r->ndone++] = n;
			else if (k->progress - k->start_progress > EPS)
				r->movers[r->nmovers++] = n;
			if (k->kr->has_due && !kr_finished(k->kr) && k->kr->due < r->as_of)
				add_overdue(r, &cap, k->kr->due, k->kr->owner, k->ref, NULL);
			find_overdue(r, &cap, k->kr->milestones, k->kr->nmilestones,
				     k->kr->owner, k->ref);
		}
		free(oref);
	}
	/* overdue is judged while the period runs, as okr check does, and
	 * never in a closed period */
	if (r->as_of < r->period.start || r->closed) {
		for (i = 0; i < r->noverdue; i++)
			free(r->overdue[i].ref);
		r->noverdue = 0;
	}
	r->score = r->nobjs > r->nobjs_dropped
		   ? sum / (double)(r->nobjs - r->nobjs_dropped) : 0.0;
	r->discipline = r->nkrs > r->nkrs_dropped
			? (double)(r->nkrs - r->nkrs_dropped - r->nstale) /
			  (double)(r->nkrs - r->nkrs_dropped)
			: 1.0;
}

/* The weekly series of the charts, from the key results' trends: a week
 * before a key result existed counts as no progress. */
static void
build_weeks(struct okr_report *r)
{
	size_t w, i, j;

	r->nweeks = r->as_of >= r->from ? (size_t)(r->as_of - r->from) / 7 + 1 : 0;
	r->week_end = okr_xcalloc(r->nweeks + 1, sizeof(*r->week_end));
	r->week_score = okr_xcalloc(r->nweeks + 1, sizeof(*r->week_score));
	r->week_expected = okr_xcalloc(r->nweeks + 1, sizeof(*r->week_expected));
	r->week_checkins = okr_xcalloc(r->nweeks + 1, sizeof(*r->week_checkins));
	r->obj_week_score = okr_xcalloc(r->nobjs * r->nweeks + 1, sizeof(*r->obj_week_score));
	for (w = 0; w < r->nweeks; w++) {
		okr_date end = r->from + 7 * (okr_date)w + 6;

		r->week_end[w] = end > r->as_of ? r->as_of : end;
		r->week_expected[w] = okr_period_elapsed(&r->period, r->week_end[w]);
	}
	for (i = 0; i < r->ncheckins; i++) {
		okr_date d = r->checkins[i]->date;

		if (d >= r->from && d <= r->as_of)
			r->week_checkins[(size_t)(d - r->from) / 7]++;
	}
	for (i = 0; i < r->nobjs; i++) {
		const struct okr_report_obj *ro = &r->objs[i];

		for (w = 0; w < r->nweeks; w++) {
			double sum = 0.0, weights = 0.0;

			for (j = 0; j < ro->nkrs; j++) {
				const struct okr_report_kr *k = &r->krs[ro->first_kr + j];
				double wt = k->kr->weight;

				if (!(wt > 0.0) || w >= k->nweeks)
					continue;
				sum += wt * (k->trend[w] < 0.0 ? 0.0 : k->trend[w]);
				weights += wt;
			}
			r->obj_week_score[i * r->nweeks + w] = weights > 0.0 ? sum / weights : 0.0;
			r->week_score[w] += r->obj_week_score[i * r->nweeks + w] /
					    (double)r->nobjs;
		}
	}
}

int
okr_report_build(struct okr_report **out, const struct okr_history *h,
		 const struct okr_period *period, okr_date from, okr_date as_of)
{
	return okr_report_build_for(out, h, period, from, as_of, NULL, NULL);
}

int
okr_report_build_for(struct okr_report **out, const struct okr_history *h,
		     const struct okr_period *period, okr_date from, okr_date as_of,
		     const char *team, const char *owner)
{
	struct okr_report *r;
	struct okr_lastseen seen;

	*out = NULL;
	if (!h->end || !h->end->config)
		return okr_error_set("no commit on or before the as-of date");
	r = okr_xcalloc(1, sizeof(*r));
	set_window(r, h, period, from, as_of);
	r->closed = okr_config_closed(r->cfg, period->name, &r->closed_on);
	r->team = team;
	r->owner = team ? NULL : owner;
	collect_objectives(r, h);
	if (r->team || r->owner)
		narrow_objectives(r);
	collect_checkins(r, h);
	okr_lastseen_build(&seen, h, as_of);
	build_objectives(r, h, &seen);
	okr_lastseen_free(&seen);
	okr_report_plan_changes(r, h);
	build_weeks(r);

	sort_krs(r, r->movers, r->nmovers, cmp_mover);
	if (r->nmovers > MAX_MOVERS)
		r->nmovers = MAX_MOVERS;
	sort_krs(r, r->stale, r->nstale, cmp_stale);
	sort_krs(r, r->done, r->ndone, cmp_ref);
	if (r->noverdue)
		qsort(r->overdue, r->noverdue, sizeof(*r->overdue), cmp_overdue);
	*out = r;
	return 0;
}

void
okr_report_free(struct okr_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nkrs && r->krs; i++) {
		free(r->krs[i].ref);
		free(r->krs[i].trend);
	}
	for (i = 0; i < r->ncontributors; i++)
		free(r->contributors[i]);
	for (i = 0; i < r->noverdue; i++)
		free(r->overdue[i].ref);
	for (i = 0; i < r->ndrops; i++)
		free(r->drops[i].ref);
	for (i = 0; i < r->ncarried; i++)
		free(r->carried[i].ref);
	free(r->drops);
	free(r->carried);
	free(r->objs);
	free(r->krs);
	free(r->checkins);
	free(r->contributors);
	free(r->movers);
	free(r->done);
	free(r->week_end);
	free(r->week_score);
	free(r->week_expected);
	free(r->week_checkins);
	free(r->obj_week_score);
	free(r->stale);
	free(r->overdue);
	free(r);
}


const char *
okr_report_type_name(const struct okr_objective *o)
{
	return o->committed ? "committed" : "aspirational";
}

/* Levenshtein distance, for "did you mean". */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row = okr_xcalloc(lb + 1, sizeof(*row));
	size_t d;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cur = row[j], best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

static void
closest(const char **best, size_t *bestd, const char *want, const char *cand)
{
	size_t d;

	const char *lt, *gt;

	if (!cand)
		return;
	d = distance(want, cand);
	/* an email is compared with the email of "Name <email>" too */
	lt = strchr(cand, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (gt) {
		char *email = okr_xstrndup(lt + 1, (size_t)(gt - lt - 1));
		size_t de = distance(want, email);

		if (de < d)
			d = de;
		free(email);
	}
	if (!*best || d < *bestd) {
		*best = cand;
		*bestd = d;
	}
}

int
okr_report_check_filter(const struct okr_config *cfg, const struct okr_tree *tree,
			const char *team, const char *owner)
{
	const char *best = NULL;
	size_t i, j, d = 0;

	if (team) {
		for (i = 0; i < cfg->nteams; i++) {
			if (cfg->teams[i].key && strcmp(cfg->teams[i].key, team) == 0)
				return 0;
			closest(&best, &d, team, cfg->teams[i].key);
		}
		if (best)
			return okr_error_set("unknown team '%s'; did you mean '%s'?", team, best);
		return okr_error_set("unknown team '%s': okr.yaml declares no teams", team);
	}
	if (!owner)
		return 0;
	for (i = 0; tree && i < tree->nobjs; i++) {
		const struct okr_objective *o = tree->objs[i];

		if (okr_owner_matches(cfg, o->owner, owner, false))
			return 0;
		for (j = 0; j < o->nkrs; j++)
			if (okr_owner_matches(cfg, o->krs[j].owner, owner, false))
				return 0;
		closest(&best, &d, owner, o->owner);
	}
	for (i = 0; i < cfg->nteams; i++) {
		const struct okr_team *t = &cfg->teams[i];

		if (okr_owner_matches(cfg, t->lead, owner, false))
			return 0;
		closest(&best, &d, owner, t->lead);
		for (j = 0; j < t->nmembers; j++) {
			if (okr_owner_matches(cfg, t->members[j], owner, false))
				return 0;
			closest(&best, &d, owner, t->members[j]);
		}
	}
	if (best)
		return okr_error_set("unknown owner '%s'; did you mean '%s'?", owner, best);
	return okr_error_set("unknown owner '%s'", owner);
}
