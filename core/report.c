/*
 * report.c: the figures of a period's report worked out from its history
 * (scores, pace, trends, movers, follow-up), and the renderers that turn
 * them into Markdown (report and meeting agenda) or JSON. Every list is
 * sorted with a total order and every text from a file is escaped, so the
 * same history gives the same bytes and no file can inject markup.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"

#define EPS 1e-9
#define MAX_MOVERS 5

/* ---- small helpers ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *
kr_title(const struct okr_kr *kr)
{
	return kr->title ? kr->title : kr->id;
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

static const struct okr_kr *
find_kr(const struct okr_tree *t, const struct okr_objective *o, const char *id)
{
	const struct okr_objective *so;
	size_t i;

	if (!t)
		return NULL;
	so = okr_tree_find(t, o->period, o->id);
	if (!so)
		return NULL;
	for (i = 0; i < so->nkrs; i++)
		if (so->krs[i].id && strcmp(so->krs[i].id, id) == 0)
			return &so->krs[i];
	return NULL;
}

static size_t
milestones_done(const struct okr_kr *kr)
{
	size_t i, n = 0;

	for (i = 0; i < kr->nmilestones; i++)
		n += kr->milestones[i].done;
	return n;
}

/* ---- building the figures ---- */

struct last_seen {
	const char *ref;
	okr_date date;
};

static int
cmp_last_seen(const void *a, const void *b)
{
	const struct last_seen *x = a, *y = b;
	int c = strcmp(x->ref, y->ref);

	if (c)
		return c;
	return (x->date > y->date) - (x->date < y->date);
}

static int
cmp_obj(const void *a, const void *b)
{
	const struct okr_report_obj *x = a, *y = b;

	return strcmp(x->obj->id, y->obj->id);
}

/* qsort has no context argument: the report being sorted. */
static const struct okr_report *sort_report;

/* Gains compared in millionths, so equal gains tie exactly and the ref
 * decides: a total order whatever the floating point says. */

static int
cmp_mover(const void *a, const void *b)
{
	const struct okr_report_kr *x = &sort_report->krs[*(const size_t *)a];
	const struct okr_report_kr *y = &sort_report->krs[*(const size_t *)b];
	long long gx = llround((x->progress - x->start_progress) * 1e6);
	long long gy = llround((y->progress - y->start_progress) * 1e6);

	if (gx != gy)
		return gx > gy ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

static int
cmp_stale(const void *a, const void *b)
{
	const struct okr_report_kr *x = &sort_report->krs[*(const size_t *)a];
	const struct okr_report_kr *y = &sort_report->krs[*(const size_t *)b];
	int c = strcmp(x->kr->owner ? x->kr->owner : "", y->kr->owner ? y->kr->owner : "");

	return c ? c : strcmp(x->ref, y->ref);
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
	 const struct last_seen *seen, size_t nseen)
{
	const struct okr_kr *kr = k->kr;
	struct last_seen key = { k->ref, 0 }, *hit;
	double v = 0.0;
	size_t w;

	k->progress = okr_kr_progress(kr);
	k->start_kr = kr->id ? find_kr(h->start, k->obj, kr->id) : NULL;
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
	for (w = 0; w < k->nweeks; w++) {
		okr_date day = r->from + 7 * (okr_date)w + 6;

		if (day > r->as_of)
			day = r->as_of;
		k->trend[w] = okr_history_value_at(h, k->ref, day, &v) ? progress_at(kr, v) : -1.0;
	}

	if (kr->has_updated) {
		k->last = kr->updated;
		k->has_last = true;
	} else {
		hit = nseen ? bsearch(&key, seen, nseen, sizeof(*seen), cmp_last_seen) : NULL;
		k->last = r->period.start;
		if (hit) {
			/* bsearch matched on ref alone: move to its latest */
			while (hit + 1 < seen + nseen && strcmp(hit[1].ref, k->ref) == 0)
				hit++;
			k->last = hit->date;
			k->has_last = true;
		}
	}
	k->stale = r->as_of >= r->period.start && r->as_of <= r->period.end &&
		   !kr_finished(kr) && okr_is_stale(k->last, r->as_of, r->cfg);
}

int
okr_report_build(struct okr_report **out, const struct okr_history *h,
		 const struct okr_period *period, okr_date from, okr_date as_of,
		 struct okr_buf *err)
{
	struct okr_report *r = okr_xcalloc(1, sizeof(*r));
	struct last_seen *seen = NULL;
	size_t i, j, n, nseen = 0, cap = 0;
	int y, m, d, error = -1;
	double expected, sum = 0.0;

	*out = NULL;
	if (!h->end || !h->end->config) {
		okr_buf_printf(err, "no commit on or before the as-of date");
		goto done;
	}
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

	for (i = 0, n = 0; i < h->end->nobjs; i++)
		n += strcmp(h->end->objs[i]->period, period->name) == 0;
	/* a period without objectives yet (the ambassador's first week) is
	 * an empty report, not an error */
	r->objs = okr_xcalloc(n ? n : 1, sizeof(*r->objs));
	for (i = 0; i < h->end->nobjs; i++) {
		const struct okr_objective *o = h->end->objs[i];

		if (strcmp(o->period, period->name) == 0) {
			r->objs[r->nobjs++].obj = o;
			r->nkrs += o->nkrs;
		}
	}
	qsort(r->objs, r->nobjs, sizeof(*r->objs), cmp_obj);

	/* the window's check-ins, and every key result's last one */
	r->checkins = okr_xcalloc(h->n ? h->n : 1, sizeof(*r->checkins));
	seen = okr_xcalloc(h->n ? h->n : 1, sizeof(*seen));
	r->contributors = okr_xcalloc(h->n ? h->n : 1, sizeof(*r->contributors));
	for (i = 0; i < h->n; i++) {
		const struct okr_checkin *c = &h->v[i];

		if (c->date > as_of)
			continue;
		seen[nseen].ref = c->ref;
		seen[nseen++].date = c->date;
		if (c->date < from)
			continue;
		r->checkins[r->ncheckins++] = c;
		r->contributors[r->ncontributors++] = (char *)(c->email ? c->email : "");
	}
	qsort(seen, nseen, sizeof(*seen), cmp_last_seen);
	qsort(r->contributors, r->ncontributors, sizeof(char *), cmp_str);
	for (i = 0, j = 0; i < r->ncontributors; i++)
		if (!j || strcmp(r->contributors[j - 1], r->contributors[i]) != 0)
			r->contributors[j++] = r->contributors[i];
	r->ncontributors = j;
	for (i = 0; i < r->ncontributors; i++)
		r->contributors[i] = okr_xstrdup(r->contributors[i]);

	/* key results, scores and pace */
	r->krs = okr_xcalloc(r->nkrs ? r->nkrs : 1, sizeof(*r->krs));
	r->stale = okr_xcalloc(r->nkrs ? r->nkrs : 1, sizeof(*r->stale));
	r->movers = okr_xcalloc(r->nkrs ? r->nkrs : 1, sizeof(*r->movers));
	expected = okr_period_elapsed(period, as_of);
	n = 0;
	for (i = 0; i < r->nobjs; i++) {
		struct okr_report_obj *ro = &r->objs[i];
		const struct okr_objective *o = ro->obj;
		char *oref = okr_xprintf("%s/%s", o->period, o->id);

		ro->score = okr_objective_score(o);
		ro->status = okr_status_of(ro->score, expected, o->committed, r->cfg);
		r->by_status[ro->status]++;
		sum += ro->score;
		ro->first_kr = n;
		ro->nkrs = o->nkrs;
		find_overdue(r, &cap, o->milestones, o->nmilestones, o->owner, oref);
		for (j = 0; j < o->nkrs; j++, n++) {
			struct okr_report_kr *k = &r->krs[n];

			k->obj = o;
			k->kr = &o->krs[j];
			k->ref = okr_xprintf("%s#%s", oref, k->kr->id ? k->kr->id : "");
			build_kr(r, k, h, seen, nseen);
			if (k->stale)
				r->stale[r->nstale++] = n;
			if (k->progress - k->start_progress > EPS)
				r->movers[r->nmovers++] = n;
			if (k->kr->has_due && !kr_finished(k->kr) && k->kr->due < as_of)
				add_overdue(r, &cap, k->kr->due, k->kr->owner, k->ref, NULL);
			find_overdue(r, &cap, k->kr->milestones, k->kr->nmilestones,
				     k->kr->owner, k->ref);
		}
		free(oref);
	}
	/* overdue is judged while the period runs, as okr check does */
	if (as_of < period->start) {
		for (i = 0; i < r->noverdue; i++)
			free(r->overdue[i].ref);
		r->noverdue = 0;
	}
	r->score = r->nobjs ? sum / (double)r->nobjs : 0.0;
	r->discipline = r->nkrs ? (double)(r->nkrs - r->nstale) / (double)r->nkrs : 1.0;

	sort_report = r;
	qsort(r->movers, r->nmovers, sizeof(*r->movers), cmp_mover);
	if (r->nmovers > MAX_MOVERS)
		r->nmovers = MAX_MOVERS;
	qsort(r->stale, r->nstale, sizeof(*r->stale), cmp_stale);
	sort_report = NULL;
	if (r->noverdue)
		qsort(r->overdue, r->noverdue, sizeof(*r->overdue), cmp_overdue);
	error = 0;
done:
	free(seen);
	if (error < 0)
		okr_report_free(r);
	else
		*out = r;
	return error;
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
	free(r->objs);
	free(r->krs);
	free(r->checkins);
	free(r->contributors);
	free(r->movers);
	free(r->stale);
	free(r->overdue);
	free(r);
}

/* ---- text ---- */

void
okr_md_escape(struct okr_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *q;
	bool space = false;

	/* What would start a block at the beginning of a line or list item:
	 * "-", "+", "=", "#" and "1." / "1)". Elsewhere "#" is text, and "!"
	 * cannot start an image once "[" is escaped. */
	if (*p == '-' || *p == '+' || *p == '=' || *p == '#')
		okr_buf_putc(out, '\\');
	for (q = p; *q >= '0' && *q <= '9'; q++)
		;
	for (; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p < 0x20 || *p == 0x7f) {
			space = true;
			continue;
		}
		if (space && out->len && out->ptr[out->len - 1] != ' ')
			okr_buf_putc(out, ' ');
		space = false;
		switch (*p) {
		case '<':
			okr_buf_puts(out, "&lt;");
			break;
		case '>':
			okr_buf_puts(out, "&gt;");
			break;
		case '&':
			okr_buf_puts(out, "&amp;");
			break;
		case '.':
		case ')':
			/* "1." is a list marker only before a space or the end */
			if (q > (const unsigned char *)s && p == q &&
			    (p[1] == ' ' || p[1] == '\t' || p[1] == '\0'))
				okr_buf_putc(out, '\\');
			okr_buf_putc(out, (char)*p);
			break;
		case '|': case '\\': case '`': case '*': case '_': case '[':
		case ']': case '~':
			okr_buf_putc(out, '\\');
			okr_buf_putc(out, (char)*p);
			break;
		default:
			okr_buf_putc(out, (char)*p);
		}
	}
	if (!out->ptr)
		okr_buf_puts(out, "");
}

/* "Name" of "Name <email>"; a team key or a bare name as it is. */
static void
put_person(struct okr_buf *out, const char *who)
{
	const char *lt;
	char *name;

	if (!who) {
		okr_buf_puts(out, "—");
		return;
	}
	lt = strchr(who, '<');
	if (!lt || lt == who) {
		okr_md_escape(out, who);
		return;
	}
	while (lt > who && lt[-1] == ' ')
		lt--;
	name = okr_xstrndup(who, (size_t)(lt - who));
	okr_md_escape(out, name);
	free(name);
}

/* Numbers as people write them: 450, 99.95, 12.5 (no exponent below 1e15). */
static void
put_num(struct okr_buf *out, double v)
{
	char tmp[64];

	if (v == 0.0)
		v = 0.0;	/* no "-0" */
	snprintf(tmp, sizeof(tmp), "%.15g", v);
	okr_buf_puts(out, tmp);
}

static void
put_num_unit(struct okr_buf *out, double v, const char *unit)
{
	put_num(out, v);
	if (unit && *unit) {
		okr_buf_putc(out, ' ');
		okr_md_escape(out, unit);
	}
}

/* One decimal on 0.0-1.0; the slack makes 0.65 (stored as 0.6499...) 0.7. */
static void
put_score(struct okr_buf *out, double x)
{
	okr_buf_printf(out, "%.1f", floor(x * 10.0 + 0.5 + EPS) / 10.0);
}

static int
percent(double x)
{
	return (int)floor(x * 100.0 + 0.5 + EPS);
}

static void
put_date(struct okr_buf *out, okr_date d)
{
	char tmp[16];

	okr_buf_puts(out, okr_date_format(tmp, d));
}

/* A key result's value in its kind's words. */
static void
put_value(struct okr_buf *out, const struct okr_kr *kr, bool known, double v)
{
	if (!known) {
		okr_buf_puts(out, "—");
		return;
	}
	switch (kr->kind) {
	case OKR_KR_METRIC:
	case OKR_KR_THRESHOLD:
		put_num_unit(out, v, kr->unit);
		break;
	case OKR_KR_BINARY:
		okr_buf_puts(out, v >= 0.5 ? "done" : "not done");
		break;
	default:
		okr_buf_puts(out, "—");
	}
}

static void
put_start(struct okr_buf *out, const struct okr_report_kr *k)
{
	if (k->kr->kind == OKR_KR_MILESTONE) {
		if (k->start_kr && k->start_kr->kind == OKR_KR_MILESTONE)
			okr_buf_printf(out, "%zu/%zu done", milestones_done(k->start_kr),
				       k->start_kr->nmilestones);
		else
			okr_buf_puts(out, "—");
		return;
	}
	put_value(out, k->kr, k->has_start_value, k->start_value);
}

static void
put_current(struct okr_buf *out, const struct okr_kr *kr)
{
	double v = 0.0;
	bool known;

	if (kr->kind == OKR_KR_MILESTONE) {
		okr_buf_printf(out, "%zu/%zu done", milestones_done(kr), kr->nmilestones);
		return;
	}
	known = okr_kr_value(kr, &v);
	put_value(out, kr, known, v);
}

static void
put_target(struct okr_buf *out, const struct okr_kr *kr)
{
	switch (kr->kind) {
	case OKR_KR_METRIC:
		put_num_unit(out, kr->target, kr->unit);
		break;
	case OKR_KR_THRESHOLD:
		okr_buf_puts(out, kr->at_least ? "≥ " : "≤ ");
		put_num_unit(out, kr->bound, kr->unit);
		break;
	case OKR_KR_BINARY:
		okr_buf_puts(out, "done");
		break;
	case OKR_KR_MILESTONE:
		okr_buf_printf(out, "%zu/%zu done", kr->nmilestones, kr->nmilestones);
		break;
	case OKR_KR_NONE:
		okr_buf_puts(out, "—");
	}
}

/* ▁ for 0 up to █ for 1 in eight equal steps; · for a week with no value. */
static void
put_trend(struct okr_buf *out, const struct okr_report_kr *k)
{
	static const char *const bars[8] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	size_t w;

	for (w = 0; w < k->nweeks; w++) {
		int i;

		if (k->trend[w] < 0.0) {
			okr_buf_puts(out, "·");
			continue;
		}
		i = (int)floor(k->trend[w] * 8.0 + EPS);
		okr_buf_puts(out, bars[i < 0 ? 0 : i > 7 ? 7 : i]);
	}
	if (!k->nweeks)
		okr_buf_puts(out, "—");
}

static const char *
type_name(const struct okr_objective *o)
{
	return o->committed ? "committed" : "aspirational";
}

static void
put_header_lines(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "Ambassadors: ");
	for (i = 0; i < r->cfg->nambassadors; i++) {
		if (i)
			okr_buf_puts(out, ", ");
		okr_md_escape(out, r->cfg->ambassadors[i]);
	}
	if (!r->cfg->nambassadors)
		okr_buf_puts(out, "none named");
	okr_buf_puts(out, "\n");
	if (r->shallow) {
		okr_buf_puts(out, "\n> History starts at ");
		put_date(out, r->history_from);
		okr_buf_puts(out, " (shallow clone); figures before it are missing.\n");
	}
}

/* ---- the report in Markdown ---- */

static void
md_summary(struct okr_buf *out, const struct okr_report *r)
{
	okr_buf_puts(out, "\n## Summary\n\n- Overall score: **");
	put_score(out, r->score);
	okr_buf_printf(out, "** (mean of %zu objective%s)\n", r->nobjs, r->nobjs == 1 ? "" : "s");
	okr_buf_printf(out, "- Objectives: %zu done, %zu on track, %zu at risk, %zu off track\n",
		       r->by_status[OKR_STATUS_DONE], r->by_status[OKR_STATUS_ON_TRACK],
		       r->by_status[OKR_STATUS_AT_RISK], r->by_status[OKR_STATUS_OFF_TRACK]);
	okr_buf_printf(out, "- Check-in discipline: %d %% (%zu of %zu key results checked in "
		       "within %d days)\n", percent(r->discipline), r->nkrs - r->nstale,
		       r->nkrs, r->cfg->checkin_days);
	okr_buf_printf(out, "- Check-ins: %zu by %zu contributor%s (", r->ncheckins,
		       r->ncontributors, r->ncontributors == 1 ? "" : "s");
	put_date(out, r->from);
	okr_buf_puts(out, " to ");
	put_date(out, r->as_of);
	okr_buf_puts(out, ")\n");
}

static void
md_tree_node(struct okr_buf *out, const struct okr_report *r, size_t i,
	     int depth, char *visited)
{
	const struct okr_report_obj *ro = &r->objs[i];
	size_t j;

	visited[i] = 1;
	okr_buf_printf(out, "%*s- ", 2 * depth, "");
	put_score(out, ro->score);
	okr_buf_printf(out, " %s: ", okr_status_name(ro->status));
	okr_md_escape(out, ro->obj->title);
	okr_buf_puts(out, " (");
	okr_md_escape(out, ro->obj->id);
	okr_buf_puts(out, ", ");
	put_person(out, ro->obj->owner);
	okr_buf_puts(out, ")\n");
	for (j = 0; j < r->nobjs; j++)
		if (!visited[j] && r->objs[j].obj->parent &&
		    strcmp(r->objs[j].obj->parent, ro->obj->id) == 0 &&
		    r->objs[j].obj->level > ro->obj->level)
			md_tree_node(out, r, j, depth + 1, visited);
}

static bool
has_parent_in(const struct okr_report *r, const struct okr_objective *o)
{
	size_t j;

	if (!o->parent)
		return false;
	for (j = 0; j < r->nobjs; j++)
		if (strcmp(r->objs[j].obj->id, o->parent) == 0 &&
		    r->objs[j].obj->level < o->level)
			return true;
	return false;
}

static void
md_alignment(struct okr_buf *out, const struct okr_report *r)
{
	char *visited = okr_xcalloc(r->nobjs, 1);
	int level;
	size_t i;

	okr_buf_puts(out, "\n## Alignment\n\n");
	if (!r->nobjs)
		okr_buf_printf(out, "No objectives in %s yet; see okr-new(1).\n",
			       r->period.name);
	/* roots: company objectives, then those whose parent is missing */
	for (level = OKR_LEVEL_COMPANY; level <= OKR_LEVEL_INDIVIDUAL; level++)
		for (i = 0; i < r->nobjs; i++)
			if (!visited[i] && (int)r->objs[i].obj->level == level &&
			    !has_parent_in(r, r->objs[i].obj))
				md_tree_node(out, r, i, 0, visited);
	free(visited);
}

static const char kr_header[] =
	"| Key result | Owner | Start | Current | Target | Progress | Confidence | Trend | Updated |\n"
	"|---|---|---:|---:|---:|---:|---:|---|---|\n";

static void
md_kr_row(struct okr_buf *out, const struct okr_report *r, const struct okr_report_kr *k)
{
	const struct okr_kr *kr = k->kr;

	okr_buf_puts(out, "| ");
	okr_md_escape(out, kr_title(kr));
	okr_buf_puts(out, " | ");
	put_person(out, kr->owner);
	okr_buf_puts(out, " | ");
	put_start(out, k);
	okr_buf_puts(out, " | ");
	put_current(out, kr);
	okr_buf_puts(out, " | ");
	put_target(out, kr);
	okr_buf_puts(out, " | ");
	put_score(out, k->progress);
	okr_buf_puts(out, " | ");
	if (kr->has_confidence)
		put_num(out, kr->confidence);
	else
		okr_buf_puts(out, "—");
	okr_buf_puts(out, " | ");
	put_trend(out, k);
	okr_buf_puts(out, " | ");
	if (k->has_last)
		put_date(out, k->last);
	else
		okr_buf_puts(out, "—");
	okr_buf_puts(out, k->stale ? " (stale) |\n" : " |\n");
	(void)r;
}

static void
md_objectives(struct okr_buf *out, const struct okr_report *r)
{
	size_t i, j;

	okr_buf_puts(out, "\n## Objectives\n");
	for (i = 0; i < r->nobjs; i++) {
		const struct okr_report_obj *ro = &r->objs[i];
		const struct okr_objective *o = ro->obj;

		okr_buf_puts(out, "\n### ");
		okr_md_escape(out, o->title);
		okr_buf_puts(out, "\n\n");
		okr_md_escape(out, o->id);
		okr_buf_puts(out, " · owner: ");
		put_person(out, o->owner);
		okr_buf_printf(out, " · level: %s · type: %s · score: **",
			       okr_level_name(o->level), type_name(o));
		put_score(out, ro->score);
		okr_buf_printf(out, "** · status: %s", okr_status_name(ro->status));
		if (o->parent) {
			okr_buf_puts(out, " · aligned to: ");
			okr_md_escape(out, o->parent);
		}
		okr_buf_puts(out, "\n\n");
		if (!ro->nkrs) {
			okr_buf_puts(out, "No key results.\n");
			continue;
		}
		okr_buf_puts(out, kr_header);
		for (j = 0; j < ro->nkrs; j++)
			md_kr_row(out, r, &r->krs[ro->first_kr + j]);
	}
}

static void
md_movers(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "\n## Biggest movers\n\n");
	if (!r->nmovers) {
		okr_buf_puts(out, "No key result gained progress since ");
		put_date(out, r->from);
		okr_buf_puts(out, ".\n");
		return;
	}
	okr_buf_puts(out, "| Key result | Owner | Progress then | Progress now | Gained |\n"
			  "|---|---|---:|---:|---:|\n");
	for (i = 0; i < r->nmovers; i++) {
		const struct okr_report_kr *k = &r->krs[r->movers[i]];

		okr_buf_puts(out, "| ");
		okr_md_escape(out, kr_title(k->kr));
		okr_buf_puts(out, " (");
		okr_md_escape(out, k->ref);
		okr_buf_puts(out, ") | ");
		put_person(out, k->kr->owner);
		okr_buf_puts(out, " | ");
		put_score(out, k->start_progress);
		okr_buf_puts(out, " | ");
		put_score(out, k->progress);
		okr_buf_puts(out, " | +");
		put_score(out, k->progress - k->start_progress);
		okr_buf_puts(out, " |\n");
	}
}

static void
md_stale_table(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "| Owner | Key result | Last check-in | Days |\n"
			  "|---|---|---|---:|\n");
	for (i = 0; i < r->nstale; i++) {
		const struct okr_report_kr *k = &r->krs[r->stale[i]];

		okr_buf_puts(out, "| ");
		put_person(out, k->kr->owner);
		okr_buf_puts(out, " | ");
		okr_md_escape(out, kr_title(k->kr));
		okr_buf_puts(out, " (");
		okr_md_escape(out, k->ref);
		okr_buf_puts(out, ") | ");
		if (!k->has_last)
			okr_buf_puts(out, "none since ");
		put_date(out, k->last);
		okr_buf_printf(out, " | %d |\n", r->as_of - k->last);
	}
}

static void
md_overdue_table(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "| Due | Owner | Milestone | Of |\n|---|---|---|---|\n");
	for (i = 0; i < r->noverdue; i++) {
		const struct okr_report_overdue *o = &r->overdue[i];

		okr_buf_puts(out, "| ");
		put_date(out, o->due);
		okr_buf_puts(out, " | ");
		put_person(out, o->owner);
		okr_buf_puts(out, " | ");
		if (o->title)
			okr_md_escape(out, o->title);
		else
			okr_buf_puts(out, "(due date)");
		okr_buf_puts(out, " | ");
		okr_md_escape(out, o->ref);
		okr_buf_puts(out, " |\n");
	}
}

static void
md_followup(struct okr_buf *out, const struct okr_report *r)
{
	okr_buf_puts(out, "\n## Follow-up\n\n### Stale key results\n\n");
	if (r->nstale)
		md_stale_table(out, r);
	else
		okr_buf_printf(out, "None: every key result was checked in within %d days.\n",
			       r->cfg->checkin_days);
	okr_buf_puts(out, "\n### Overdue milestones\n\n");
	if (r->noverdue)
		md_overdue_table(out, r);
	else
		okr_buf_puts(out, "None.\n");
}

void
okr_report_markdown(struct okr_buf *out, const struct okr_report *r)
{
	okr_buf_puts(out, "# ");
	okr_md_escape(out, r->cfg->organisation ? r->cfg->organisation : "OKR");
	okr_buf_printf(out, " — OKR report %s\n\n", r->window_name);
	if (r->monthly) {
		okr_date first, last;

		okr_month_parse(&first, &last, r->window_name);
		okr_buf_puts(out, "Month: ");
		put_date(out, first);
		okr_buf_puts(out, " to ");
		put_date(out, last);
		okr_buf_printf(out, ", objectives of %s (", r->period.name);
	} else {
		okr_buf_printf(out, "Period: %s, ", r->period.name);
	}
	put_date(out, r->period.start);
	okr_buf_puts(out, " to ");
	put_date(out, r->period.end);
	okr_buf_puts(out, r->monthly ? ")\\\n" : "\\\n");
	okr_buf_puts(out, "As of: ");
	put_date(out, r->as_of);
	okr_buf_puts(out, "\\\n");
	put_header_lines(out, r);
	md_summary(out, r);
	md_alignment(out, r);
	md_objectives(out, r);
	md_movers(out, r);
	md_followup(out, r);
}

/* ---- the report as JSON ---- */

static json_t *
jdate(okr_date d)
{
	char tmp[16];

	return json_string(okr_date_format(tmp, d));
}

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Rounded so the document does not carry floating-point noise. */
static json_t *
jnum(double x)
{
	return json_real(round(x * 1e6) / 1e6);
}

static json_t *
jvalue(const struct okr_kr *kr, bool known, double v)
{
	if (!known)
		return json_null();
	if (kr->kind == OKR_KR_BINARY)
		return json_boolean(v >= 0.5);
	return jnum(v);
}

static json_t *
json_kr(const struct okr_report_kr *k)
{
	const struct okr_kr *kr = k->kr;
	json_t *o = json_object(), *trend = json_array();
	double v = 0.0;
	bool known;
	size_t w;

	json_object_set_new(o, "ref", json_string(k->ref));
	json_object_set_new(o, "id", jstr(kr->id));
	json_object_set_new(o, "title", jstr(kr->title));
	json_object_set_new(o, "owner", jstr(kr->owner));
	json_object_set_new(o, "kind", json_string(okr_kr_kind_name(kr->kind)));
	json_object_set_new(o, "unit", jstr(kr->unit));
	if (kr->kind == OKR_KR_MILESTONE) {
		json_object_set_new(o, "start", k->start_kr && k->start_kr->kind == kr->kind
				    ? json_integer((json_int_t)milestones_done(k->start_kr))
				    : json_null());
		json_object_set_new(o, "current", json_integer((json_int_t)milestones_done(kr)));
		json_object_set_new(o, "target", json_integer((json_int_t)kr->nmilestones));
	} else {
		json_object_set_new(o, "start", jvalue(kr, k->has_start_value, k->start_value));
		known = okr_kr_value(kr, &v);
		json_object_set_new(o, "current", jvalue(kr, known, v));
		if (kr->kind == OKR_KR_METRIC)
			json_object_set_new(o, "target", jnum(kr->target));
		else if (kr->kind == OKR_KR_THRESHOLD)
			json_object_set_new(o, kr->at_least ? "at_least" : "at_most",
					    jnum(kr->bound));
		else
			json_object_set_new(o, "target", json_true());
	}
	json_object_set_new(o, "progress", jnum(k->progress));
	json_object_set_new(o, "start_progress", jnum(k->start_progress));
	json_object_set_new(o, "confidence", kr->has_confidence ? jnum(kr->confidence)
								 : json_null());
	for (w = 0; w < k->nweeks; w++)
		json_array_append_new(trend, k->trend[w] < 0.0 ? json_null() : jnum(k->trend[w]));
	json_object_set_new(o, "trend", trend);
	json_object_set_new(o, "updated", k->has_last ? jdate(k->last) : json_null());
	json_object_set_new(o, "stale", json_boolean(k->stale));
	return o;
}

void
okr_report_json(struct okr_buf *out, const struct okr_report *r)
{
	json_t *doc = json_object(), *a, *o, *s;
	size_t i, j;
	char *text;

	json_object_set_new(doc, "organisation", jstr(r->cfg->organisation));
	o = json_object();
	json_object_set_new(o, "name", json_string(r->period.name));
	json_object_set_new(o, "start", jdate(r->period.start));
	json_object_set_new(o, "end", jdate(r->period.end));
	json_object_set_new(doc, "period", o);
	o = json_object();
	json_object_set_new(o, "name", json_string(r->window_name));
	json_object_set_new(o, "from", jdate(r->from));
	json_object_set_new(o, "to", jdate(r->as_of));
	json_object_set_new(doc, "window", o);
	json_object_set_new(doc, "as_of", jdate(r->as_of));
	a = json_array();
	for (i = 0; i < r->cfg->nambassadors; i++)
		json_array_append_new(a, json_string(r->cfg->ambassadors[i]));
	json_object_set_new(doc, "ambassadors", a);
	o = json_object();
	json_object_set_new(o, "shallow", json_boolean(r->shallow));
	json_object_set_new(o, "from", r->shallow ? jdate(r->history_from) : json_null());
	json_object_set_new(doc, "history", o);

	s = json_object();
	json_object_set_new(s, "score", jnum(r->score));
	json_object_set_new(s, "objectives", json_integer((json_int_t)r->nobjs));
	for (i = OKR_STATUS_OFF_TRACK; i <= OKR_STATUS_DONE; i++)
		json_object_set_new(s, okr_status_slug((enum okr_status)(OKR_STATUS_DONE - i)),
				    json_integer((json_int_t)r->by_status[OKR_STATUS_DONE - i]));
	json_object_set_new(s, "key_results", json_integer((json_int_t)r->nkrs));
	json_object_set_new(s, "stale", json_integer((json_int_t)r->nstale));
	json_object_set_new(s, "checkin_discipline", jnum(r->discipline));
	json_object_set_new(s, "checkins", json_integer((json_int_t)r->ncheckins));
	a = json_array();
	for (i = 0; i < r->ncontributors; i++)
		json_array_append_new(a, json_string(r->contributors[i]));
	json_object_set_new(s, "contributors", a);
	json_object_set_new(doc, "summary", s);

	a = json_array();
	for (i = 0; i < r->nobjs; i++) {
		const struct okr_report_obj *ro = &r->objs[i];
		json_t *krs = json_array();

		o = json_object();
		text = okr_xprintf("%s/%s", ro->obj->period, ro->obj->id);
		json_object_set_new(o, "ref", json_string(text));
		free(text);
		json_object_set_new(o, "id", json_string(ro->obj->id));
		json_object_set_new(o, "title", jstr(ro->obj->title));
		json_object_set_new(o, "owner", jstr(ro->obj->owner));
		json_object_set_new(o, "level", json_string(okr_level_name(ro->obj->level)));
		json_object_set_new(o, "type", json_string(type_name(ro->obj)));
		json_object_set_new(o, "parent", jstr(ro->obj->parent));
		json_object_set_new(o, "score", jnum(ro->score));
		json_object_set_new(o, "status", json_string(okr_status_slug(ro->status)));
		for (j = 0; j < ro->nkrs; j++)
			json_array_append_new(krs, json_kr(&r->krs[ro->first_kr + j]));
		json_object_set_new(o, "key_results", krs);
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "objectives", a);

	a = json_array();
	for (i = 0; i < r->nmovers; i++) {
		const struct okr_report_kr *k = &r->krs[r->movers[i]];

		o = json_object();
		json_object_set_new(o, "ref", json_string(k->ref));
		json_object_set_new(o, "start_progress", jnum(k->start_progress));
		json_object_set_new(o, "progress", jnum(k->progress));
		json_object_set_new(o, "gained", jnum(k->progress - k->start_progress));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "movers", a);
	a = json_array();
	for (i = 0; i < r->nstale; i++) {
		const struct okr_report_kr *k = &r->krs[r->stale[i]];

		o = json_object();
		json_object_set_new(o, "owner", jstr(k->kr->owner));
		json_object_set_new(o, "ref", json_string(k->ref));
		json_object_set_new(o, "last_checkin", k->has_last ? jdate(k->last) : json_null());
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "stale", a);
	a = json_array();
	for (i = 0; i < r->noverdue; i++) {
		o = json_object();
		json_object_set_new(o, "due", jdate(r->overdue[i].due));
		json_object_set_new(o, "owner", jstr(r->overdue[i].owner));
		json_object_set_new(o, "ref", json_string(r->overdue[i].ref));
		json_object_set_new(o, "milestone", jstr(r->overdue[i].title));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "overdue", a);

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	okr_buf_puts(out, text ? text : "{}");
	okr_buf_putc(out, '\n');
	free(text);
	json_decref(doc);
}

/* ---- settings at a revision ---- */

int
okr_config_at_rev(struct okr_config **out, git_repository *repo,
		  const char *okr_prefix, const char *rev, struct okr_buf *err)
{
	git_object *obj = NULL, *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	struct okr_diags diags = { 0 };
	char *path = okr_xprintf("%sokr.yaml", okr_prefix);
	const git_error *e;
	int error = -1;

	*out = NULL;
	if (!rev && git_repository_head_unborn(repo) == 1) {
		okr_buf_puts(err, "no commits yet: the report reads committed history");
		goto done;
	}
	if (git_revparse_single(&obj, repo, rev ? rev : "HEAD") < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(&tree, (git_commit *)commit) < 0) {
		e = git_error_last();
		okr_buf_printf(err, "cannot read revision '%s': %s", rev ? rev : "HEAD",
			       e && e->message ? e->message : "not a commit");
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, path) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, repo, git_tree_entry_id(entry)) < 0) {
		okr_buf_printf(err, "'%s' is not committed at '%s'", path, rev ? rev : "HEAD");
		goto done;
	}
	if (okr_config_load(out, path, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob), &diags) < 0) {
		okr_buf_printf(err, "cannot read '%s' at '%s'", path, rev ? rev : "HEAD");
		goto done;
	}
	error = 0;
done:
	okr_diags_free(&diags);
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_object_free(commit);
	git_object_free(obj);
	free(path);
	return error;
}

/* ---- the weekly meeting's agenda ---- */

okr_date
okr_meeting_next(const struct okr_config *cfg, okr_date date)
{
	return date + ((cfg->meeting_day - okr_date_weekday(date)) % 7 + 7) % 7;
}

enum { SEC_WELCOME, SEC_CHANGED, SEC_RISK, SEC_STALE, SEC_OVERDUE, SEC_WRAP, NSEC };

/*
 * Minutes per section by the largest-remainder method, so they add up to
 * the meeting's length exactly: 10 % each for the welcome round and the
 * wrap-up, the rest shared by the sections that have something to discuss
 * (ties go to the earlier section).
 */
static void
allot(int minutes[NSEC], int length, const size_t items[NSEC])
{
	static const long base[NSEC] = { 0, 3, 3, 2, 2, 0 };
	long w[NSEC] = { 0 }, total = 0, s = 0, rem[NSEC];
	int i, left = length;

	for (i = SEC_CHANGED; i <= SEC_OVERDUE; i++)
		s += items[i] ? base[i] : 0;
	if (s) {
		w[SEC_WELCOME] = w[SEC_WRAP] = 10 * s;
		for (i = SEC_CHANGED; i <= SEC_OVERDUE; i++)
			w[i] = items[i] ? 80 * base[i] : 0;
	} else {
		w[SEC_WELCOME] = w[SEC_WRAP] = 1;
	}
	for (i = 0; i < NSEC; i++)
		total += w[i];
	for (i = 0; i < NSEC; i++) {
		minutes[i] = (int)((long)length * w[i] / total);
		rem[i] = (long)length * w[i] % total;
		left -= minutes[i];
	}
	while (left > 0) {
		int best = 0;

		for (i = 1; i < NSEC; i++)
			if (rem[i] > rem[best])
				best = i;
		minutes[best]++;
		rem[best] = -1;
		left--;
	}
}

static void
agenda_section(struct okr_buf *out, int n, const char *title, int minutes, int *clock)
{
	okr_buf_printf(out, "\n## %d. %s (%d min, %02d:%02d)\n\n", n, title, minutes,
		       (*clock / 60) % 24, *clock % 60);
	*clock += minutes;
}

void
okr_agenda_markdown(struct okr_buf *out, const struct okr_report *r, okr_date meeting)
{
	const struct okr_config *cfg = r->cfg;
	size_t items[NSEC] = { 1, 0, 0, 0, 0, 1 }, i;
	int minutes[NSEC], clock = cfg->meeting_minute, st;

	items[SEC_CHANGED] = r->ncheckins;
	for (i = 0; i < r->nobjs; i++)
		items[SEC_RISK] += r->objs[i].status == OKR_STATUS_AT_RISK ||
				   r->objs[i].status == OKR_STATUS_OFF_TRACK;
	items[SEC_STALE] = r->nstale;
	items[SEC_OVERDUE] = r->noverdue;
	allot(minutes, cfg->meeting_length, items);

	okr_buf_puts(out, "# OKR meeting ");
	put_date(out, meeting);
	okr_buf_printf(out, " %02d:%02d (%d min)\n\n", cfg->meeting_minute / 60,
		       cfg->meeting_minute % 60, cfg->meeting_length);
	okr_md_escape(out, cfg->organisation ? cfg->organisation : "OKR");
	okr_buf_printf(out, ", %s, as of ", r->period.name);
	put_date(out, r->as_of);
	okr_buf_puts(out, "\\\n");
	put_header_lines(out, r);

	agenda_section(out, 1, "Welcome and round of owners", minutes[SEC_WELCOME], &clock);
	okr_buf_puts(out, "Each owner: where the objective stands, and what is in the way.\n");

	agenda_section(out, 2, "What changed since the last meeting", minutes[SEC_CHANGED], &clock);
	if (!r->ncheckins) {
		okr_buf_puts(out, "No check-ins since ");
		put_date(out, r->from);
		okr_buf_puts(out, ".\n");
	} else {
		okr_buf_puts(out, "| Date | Who | Key result | Value | Confidence | Message |\n"
				  "|---|---|---|---:|---:|---|\n");
		for (i = 0; i < r->ncheckins; i++) {
			const struct okr_checkin *c = r->checkins[i];

			okr_buf_puts(out, "| ");
			put_date(out, c->date);
			okr_buf_puts(out, " | ");
			okr_md_escape(out, c->author);
			okr_buf_puts(out, " | ");
			okr_md_escape(out, c->ref);
			okr_buf_puts(out, " | ");
			if (c->value && *c->value)
				okr_md_escape(out, c->value);
			else
				okr_buf_puts(out, "—");
			okr_buf_puts(out, " | ");
			if (c->has_confidence)
				put_num(out, c->confidence);
			else
				okr_buf_puts(out, "—");
			okr_buf_puts(out, " | ");
			if (c->hand_edit)
				okr_buf_puts(out, "(edited by hand) ");
			okr_md_escape(out, c->message);
			okr_buf_puts(out, " |\n");
		}
	}

	agenda_section(out, 3, "At risk and off track", minutes[SEC_RISK], &clock);
	if (!items[SEC_RISK]) {
		okr_buf_puts(out, "Every objective is on track or done.\n");
	} else {
		okr_buf_puts(out, "| Objective | Owner | Score | Status |\n|---|---|---:|---|\n");
		/* off track first: they need the most time */
		for (st = OKR_STATUS_OFF_TRACK; st <= OKR_STATUS_AT_RISK; st++) {
			for (i = 0; i < r->nobjs; i++) {
				const struct okr_report_obj *ro = &r->objs[i];

				if ((int)ro->status != st)
					continue;
				okr_buf_puts(out, "| ");
				okr_md_escape(out, ro->obj->title);
				okr_buf_puts(out, " (");
				okr_md_escape(out, ro->obj->id);
				okr_buf_puts(out, ") | ");
				put_person(out, ro->obj->owner);
				okr_buf_puts(out, " | ");
				put_score(out, ro->score);
				okr_buf_printf(out, " | %s |\n", okr_status_name(ro->status));
			}
		}
	}

	agenda_section(out, 4, "Who has not checked in", minutes[SEC_STALE], &clock);
	if (r->nstale)
		md_stale_table(out, r);
	else
		okr_buf_printf(out, "Everyone checked in within %d days.\n", cfg->checkin_days);

	agenda_section(out, 5, "Overdue milestones", minutes[SEC_OVERDUE], &clock);
	if (r->noverdue)
		md_overdue_table(out, r);
	else
		okr_buf_puts(out, "None.\n");

	agenda_section(out, 6, "Decisions and next steps", minutes[SEC_WRAP], &clock);
	okr_buf_puts(out, "Who does what before the next meeting.\n");
}
