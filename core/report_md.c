/*
 * report_md.c: the report as GitHub-flavoured Markdown: header, summary,
 * alignment tree, one table of key results per objective, biggest movers
 * and follow-up. Only writing: the figures come from report.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "markdown.h"
#include "number.h"

#define EPS 1e-9

static void
put_num_unit(struct okr_buf *out, double v, const char *unit)
{
	okr_num_put(out, v);
	if (unit && *unit) {
		okr_buf_putc(out, ' ');
		okr_md_escape(out, unit);
	}
}

/* One decimal on 0.0-1.0; the slack makes 0.65 (stored as 0.6499...) 0.7. */
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
			okr_buf_printf(out, "%zu/%zu done", okr_kr_milestones_done(k->start_kr),
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
		okr_buf_printf(out, "%zu/%zu done", okr_kr_milestones_done(kr), kr->nmilestones);
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

/* ---- the report in Markdown ---- */

static void
md_summary(struct okr_buf *out, const struct okr_report *r)
{
	okr_buf_puts(out, "\n## Summary\n\n- Overall score: **");
	okr_score_put(out, r->score);
	okr_buf_printf(out, "** (mean of %zu objective%s)\n", r->nobjs - r->nobjs_dropped,
		       r->nobjs - r->nobjs_dropped == 1 ? "" : "s");
	if (r->closed) {
		okr_buf_puts(out, "- Closed on ");
		okr_md_date(out, r->closed_on);
		okr_buf_printf(out, ": the final report; objectives %zu achieved, %zu partial, "
			       "%zu missed\n", r->by_grade[OKR_GRADE_ACHIEVED],
			       r->by_grade[OKR_GRADE_PARTIAL], r->by_grade[OKR_GRADE_MISSED]);
	} else {
		okr_buf_printf(out, "- Objectives: %zu done, %zu on track, %zu at risk, "
			       "%zu off track\n",
			       r->by_status[OKR_STATUS_DONE], r->by_status[OKR_STATUS_ON_TRACK],
			       r->by_status[OKR_STATUS_AT_RISK], r->by_status[OKR_STATUS_OFF_TRACK]);
	}
	okr_buf_printf(out, "- Check-in discipline: %d %% (%zu of %zu key results checked in "
		       "within %d days)\n", okr_percent(r->discipline),
		       r->nkrs - r->nkrs_dropped - r->nstale, r->nkrs - r->nkrs_dropped,
		       r->cfg->checkin_days);
	if (r->as_of < r->from) {
		/* a report as of a day before its window: none can be in it */
		okr_buf_puts(out, "- Check-ins: none yet (the window begins on ");
		okr_md_date(out, r->from);
		okr_buf_puts(out, ")\n");
		return;
	}
	okr_buf_printf(out, "- Check-ins: %zu by %zu contributor%s (", r->ncheckins,
		       r->ncontributors, r->ncontributors == 1 ? "" : "s");
	okr_md_date(out, r->from);
	okr_buf_puts(out, " to ");
	okr_md_date(out, r->as_of);
	okr_buf_puts(out, ")\n");
}

/* An objective's standing: dropped, its grade in a closed period, else
 * its pace status. */
static const char *
md_standing(const struct okr_report *r, const struct okr_report_obj *ro)
{
	if (okr_objective_dropped(ro->obj, r->as_of))
		return "dropped";
	return r->closed ? okr_grade_name(ro->grade) : okr_status_name(ro->status);
}

/* The objectives of the alignment tree in two orders, each entry carrying
 * its sort key: by id, to find a parent, and by parent then position, to
 * list a node's children in report order. */
struct tree_key {
	const char *key;	/* the id, or the parent */
	size_t i;		/* into r->objs */
};

struct tree_index {
	struct tree_key *by_id, *by_parent;
	size_t n, nkids;	/* nkids: those with a parent */
};

static int
cmp_tree_key(const void *a, const void *b)
{
	const struct tree_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static void
tree_index_build(struct tree_index *t, const struct okr_report *r)
{
	size_t i;

	t->n = r->nobjs;
	t->nkids = 0;
	t->by_id = okr_xcalloc(r->nobjs + 1, sizeof(*t->by_id));
	t->by_parent = okr_xcalloc(r->nobjs + 1, sizeof(*t->by_parent));
	for (i = 0; i < r->nobjs; i++) {
		t->by_id[i].key = r->objs[i].obj->id;
		t->by_id[i].i = i;
		if (r->objs[i].obj->parent) {
			t->by_parent[t->nkids].key = r->objs[i].obj->parent;
			t->by_parent[t->nkids++].i = i;
		}
	}
	qsort(t->by_id, t->n, sizeof(*t->by_id), cmp_tree_key);
	qsort(t->by_parent, t->nkids, sizeof(*t->by_parent), cmp_tree_key);
}

/* The first entry of v[0..n) whose key is not below s. */
static size_t
lower_bound(const struct tree_key *v, size_t n, const char *s)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].key, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
md_tree_node(struct okr_buf *out, const struct okr_report *r, const struct tree_index *t,
	     size_t i, int depth, char *visited)
{
	const struct okr_report_obj *ro = &r->objs[i];
	size_t k;

	visited[i] = 1;
	okr_buf_printf(out, "%*s- ", 2 * depth, "");
	okr_score_put(out, ro->score);
	okr_buf_printf(out, " %s: ", md_standing(r, ro));
	okr_md_escape(out, ro->obj->title);
	okr_buf_puts(out, " (");
	okr_md_escape(out, ro->obj->id);
	okr_buf_puts(out, ", ");
	okr_md_person(out, r->cfg, ro->obj->owner);
	okr_buf_puts(out, ")\n");
	/* its children in report order: those naming it as parent, of a
	 * lower level, not shown yet */
	for (k = lower_bound(t->by_parent, t->nkids, ro->obj->id);
	     k < t->nkids && strcmp(t->by_parent[k].key, ro->obj->id) == 0; k++) {
		size_t j = t->by_parent[k].i;

		if (!visited[j] && r->objs[j].obj->level > ro->obj->level)
			md_tree_node(out, r, t, j, depth + 1, visited);
	}
}

static bool
has_parent_in(const struct okr_report *r, const struct tree_index *t,
	      const struct okr_objective *o)
{
	size_t k;

	if (!o->parent)
		return false;
	for (k = lower_bound(t->by_id, t->n, o->parent);
	     k < t->n && strcmp(t->by_id[k].key, o->parent) == 0; k++)
		if (r->objs[t->by_id[k].i].obj->level < o->level)
			return true;
	return false;
}

static void
md_alignment(struct okr_buf *out, const struct okr_report *r)
{
	char *visited = okr_xcalloc(r->nobjs + 1, 1);
	struct tree_index t;
	int level;
	size_t i;

	okr_buf_puts(out, "\n## Alignment\n\n");
	if (!r->nobjs)
		okr_buf_printf(out, "No objectives in %s yet; see okr-new(1).\n",
			       r->period.name);
	tree_index_build(&t, r);
	/* roots: company objectives, then those whose parent is missing */
	for (level = OKR_LEVEL_COMPANY; level <= OKR_LEVEL_INDIVIDUAL; level++)
		for (i = 0; i < r->nobjs; i++)
			if (!visited[i] && (int)r->objs[i].obj->level == level &&
			    !has_parent_in(r, &t, r->objs[i].obj))
				md_tree_node(out, r, &t, i, 0, visited);
	free(t.by_id);
	free(t.by_parent);
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
	okr_md_escape(out, okr_md_kr_title(kr));
	okr_buf_puts(out, " | ");
	okr_md_person(out, r->cfg, kr->owner);
	okr_buf_puts(out, " | ");
	put_start(out, k);
	okr_buf_puts(out, " | ");
	put_current(out, kr);
	okr_buf_puts(out, " | ");
	put_target(out, kr);
	if (k->target_changed) {	/* okr update --target (SPEC section 8) */
		okr_buf_puts(out, " (changed from ");
		okr_num_put(out, k->target_from);
		okr_buf_puts(out, " on ");
		okr_md_date(out, k->target_date);
		okr_buf_puts(out, ")");
	}
	okr_buf_puts(out, " | ");
	okr_score_put(out, k->progress);
	okr_buf_puts(out, " | ");
	if (kr->has_confidence)
		okr_num_put(out, kr->confidence);
	else
		okr_buf_puts(out, "—");
	okr_buf_puts(out, " | ");
	put_trend(out, k);
	okr_buf_puts(out, " | ");
	if (k->has_last)
		okr_md_date(out, k->last);
	else
		okr_buf_puts(out, "—");
	okr_buf_puts(out, okr_kr_dropped(k->obj, k->kr, r->as_of) ? " (dropped) |\n"
			  : k->stale ? " (stale) |\n" : " |\n");
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
		okr_md_person(out, r->cfg, o->owner);
		okr_buf_printf(out, " · level: %s · type: %s · score: **",
			       okr_level_name(o->level), okr_report_type_name(o));
		okr_score_put(out, ro->score);
		if (r->closed && !okr_objective_dropped(o, r->as_of))
			okr_buf_printf(out, "** · grade: %s", okr_grade_name(ro->grade));
		else
			okr_buf_printf(out, "** · status: %s", md_standing(r, ro));
		if (o->parent) {
			okr_buf_puts(out, " · aligned to: ");
			okr_md_escape(out, o->parent);
		}
		okr_buf_puts(out, "\n\n");
		if (r->charts == OKR_CHARTS_ALL) {
			okr_chart_score(out, r, "Score by week (line 1) and expected pace (line 2)",
					r->obj_week_score + i * r->nweeks);
			okr_buf_puts(out, "\n");
		}
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
		okr_md_date(out, r->from);
		okr_buf_puts(out, ".\n");
		return;
	}
	okr_buf_puts(out, "| Key result | Owner | Progress then | Progress now | Gained |\n"
			  "|---|---|---:|---:|---:|\n");
	for (i = 0; i < r->nmovers; i++) {
		const struct okr_report_kr *k = &r->krs[r->movers[i]];

		okr_buf_puts(out, "| ");
		okr_md_escape(out, okr_md_kr_title(k->kr));
		okr_buf_puts(out, " (");
		okr_md_escape(out, k->ref);
		okr_buf_puts(out, ") | ");
		okr_md_person(out, r->cfg, k->kr->owner);
		okr_buf_puts(out, " | ");
		okr_score_put(out, k->start_progress);
		okr_buf_puts(out, " | ");
		okr_score_put(out, k->progress);
		okr_buf_puts(out, " | +");
		okr_score_put(out, k->progress - k->start_progress);
		okr_buf_puts(out, " |\n");
	}
}

static void
md_done(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "\n## Done this period\n\n");
	if (!r->ndone) {
		okr_buf_puts(out, "No binary key result was done since ");
		okr_md_date(out, r->from);
		okr_buf_puts(out, ".\n");
		return;
	}
	for (i = 0; i < r->ndone; i++) {
		const struct okr_report_kr *k = &r->krs[r->done[i]];

		okr_buf_puts(out, "- ");
		okr_md_escape(out, okr_md_kr_title(k->kr));
		okr_buf_puts(out, " (");
		okr_md_escape(out, k->ref);
		okr_buf_puts(out, "), ");
		okr_md_person(out, r->cfg, k->kr->owner);
		okr_buf_puts(out, "\n");
	}
}

/* The items dropped by the as-of date, apart (SPEC section 4); nothing
 * when there are none. */
static void
md_dropped(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	if (!r->ndrops)
		return;
	okr_buf_puts(out, "\n## Dropped\n\nOut of every score, count and follow-up list from the "
			  "day they were dropped.\n\n"
			  "| Dropped | Key result or objective | Owner | Reason |\n"
			  "|---|---|---|---|\n");
	for (i = 0; i < r->ndrops; i++) {
		const struct okr_report_drop *d = &r->drops[i];

		okr_buf_puts(out, "| ");
		okr_md_date(out, d->date);
		okr_buf_puts(out, d->kr ? " | " : " | Objective: ");
		okr_md_escape(out, d->kr ? okr_md_kr_title(d->kr) : d->obj->title);
		okr_buf_puts(out, " (");
		okr_md_escape(out, d->ref);
		okr_buf_puts(out, ") | ");
		okr_md_person(out, r->cfg, d->kr ? d->kr->owner : d->obj->owner);
		okr_buf_puts(out, " | ");
		if (d->reason)
			okr_md_escape(out, d->reason);
		else
			okr_buf_puts(out, "—");
		okr_buf_puts(out, " |\n");
	}
}

/* The final report's: the key results the next period carries from this
 * one. */
static void
md_carried(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	if (!r->has_next)
		return;
	okr_buf_printf(out, "\n## Carried into %s\n\n", r->next.name);
	if (!r->ncarried) {
		okr_buf_printf(out, "Nothing was carried into %s.\n", r->next.name);
		return;
	}
	okr_buf_puts(out, "| Key result | Carried from | Owner |\n|---|---|---|\n");
	for (i = 0; i < r->ncarried; i++) {
		const struct okr_report_carried *c = &r->carried[i];

		okr_buf_puts(out, "| ");
		okr_md_escape(out, okr_md_kr_title(c->kr));
		okr_buf_puts(out, " (");
		okr_md_escape(out, c->ref);
		okr_buf_puts(out, ") | ");
		okr_md_escape(out, c->from);
		okr_buf_puts(out, " | ");
		okr_md_person(out, r->cfg, c->kr->owner);
		okr_buf_puts(out, " |\n");
	}
}

static void
md_followup(struct okr_buf *out, const struct okr_report *r)
{
	okr_buf_puts(out, "\n## Follow-up\n\n### Stale key results\n\n");
	if (r->nstale)
		okr_md_stale_table(out, r);
	else if (r->closed)	/* SPEC section 4: nothing is chased there */
		okr_buf_printf(out, "None: %s is closed.\n", r->period.name);
	else
		okr_buf_printf(out, "None: every key result was checked in within %d days.\n",
			       r->cfg->checkin_days);
	okr_buf_puts(out, "\n### Overdue milestones\n\n");
	if (r->noverdue)
		okr_md_overdue_table(out, r);
	else if (r->closed)
		okr_buf_printf(out, "None: %s is closed.\n", r->period.name);
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
		okr_md_date(out, first);
		okr_buf_puts(out, " to ");
		okr_md_date(out, last);
		okr_buf_printf(out, ", objectives of %s (", r->period.name);
	} else {
		okr_buf_printf(out, "Period: %s, ", r->period.name);
	}
	okr_md_date(out, r->period.start);
	okr_buf_puts(out, " to ");
	okr_md_date(out, r->period.end);
	okr_buf_puts(out, r->monthly ? ")\\\n" : "\\\n");
	okr_buf_puts(out, "As of: ");
	okr_md_date(out, r->as_of);
	okr_buf_puts(out, "\\\n");
	if (r->team || r->owner) {
		/* the narrowing, named: every figure below is its own */
		okr_buf_puts(out, r->team ? "Team: " : "Owner: ");
		okr_md_person(out, r->cfg, r->team ? r->team : r->owner);
		okr_buf_puts(out, r->team ? " and what is aligned below it\\\n"
					  : " and their teams\\\n");
	}
	okr_md_header_lines(out, r);
	md_summary(out, r);
	if (r->charts != OKR_CHARTS_NONE) {
		okr_chart_score(out, r, "Overall score by week (line 1) and expected pace (line 2)",
				r->week_score);
		okr_chart_checkins(out, r);
	}
	md_alignment(out, r);
	md_objectives(out, r);
	md_dropped(out, r);
	md_movers(out, r);
	md_done(out, r);
	md_carried(out, r);
	md_followup(out, r);
}

