/*
 * validate.c: the checks that need the whole repository (alignment between
 * objectives, final scores against okr.yaml's closed:) and the warnings
 * judged at a date (stale key results, overdue milestones, due dates
 * outside their period).
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lastseen.h"
#include "model.h"
#include "score.h"
#include "tree.h"
#include "validate.h"

static void
at_pos(struct okr_diags *d, const struct okr_objective *o, struct okr_pos at,
       enum okr_severity sev, const char *rule, const char *msg)
{
	okr_diags_add(d, o->doc->path, at.line ? at.line : 1, at.line ? at.col : 1,
		      sev, rule, "%s", msg);
}

/* What a warning is about: key result kr of objective o, or milestone ms
 * (of kr, or of the objective itself when kr is NULL). */
struct subject {
	const struct okr_objective *o;
	const struct okr_kr *kr;
	const struct okr_milestone *ms;
};

/* A warning about one key result or milestone, known by "obj#kr" or
 * "obj#kr/milestone" so GitLab knows it again tomorrow. That name and
 * "key result 'kr'" (what) are made for the few that are reported, not
 * for every key result checked. */
static void
about_pos(struct okr_diags *d, const struct subject *s, struct okr_pos at,
	  const char *rule, const char *msg)
{
	const char *kr = s->kr && s->kr->id ? s->kr->id : "";
	char *about = s->ms ? okr_xprintf("%s#%s/%s", s->o->id, kr,
					  s->ms->title ? s->ms->title : "")
			    : okr_xprintf("%s#%s", s->o->id, kr);

	okr_diags_add_about(d, about, s->o->doc->path, at.line ? at.line : 1,
			    at.line ? at.col : 1, OKR_SEV_WARNING, rule, "%s", msg);
	free(about);
}

static char *
what_of(const struct subject *s)
{
	return s->ms ? okr_xprintf("milestone '%s'", s->ms->title)
		     : okr_xprintf("key result '%s'", s->kr->id);
}

/* o's parent: p, what okr_tree_find gives for it. */
static void
check_parent(const struct okr_tree *t, const struct okr_objective *o,
	     const struct okr_objective *p, struct okr_diags *d)
{
	const struct okr_pos pn = o->parent_at;
	char *msg;

	if (!o->parent)
		return;
	if (o->level == OKR_LEVEL_COMPANY) {
		at_pos(d, o, pn, OKR_SEV_ERROR, "misplaced-parent",
			"a company objective has no parent");
		return;
	}
	if (!p) {
		const char **ids = okr_xmalloc((t->nobjs + 1) * sizeof(*ids));
		const char *hint;
		size_t i, n = 0;

		for (i = 0; i < t->nobjs; i++)
			if (strcmp(t->objs[i]->period, o->period) == 0)
				ids[n++] = t->objs[i]->id;
		hint = okr_suggest(o->parent, ids, n);
		msg = hint ? okr_xprintf("parent '%s' is not an objective in %s (did you mean '%s'?)",
					 o->parent, o->period, hint)
			   : okr_xprintf("parent '%s' is not an objective in %s",
					 o->parent, o->period);
		at_pos(d, o, pn, OKR_SEV_ERROR, "missing-parent", msg);
		free(msg);
		free(ids);
		return;
	}
	if (p->level >= o->level) {
		msg = okr_xprintf("parent '%s' is %s %s objective; %s %s objective "
				  "aligns to a higher level", o->parent,
				  p->level == OKR_LEVEL_INDIVIDUAL ? "an" : "a",
				  okr_level_name(p->level),
				  o->level == OKR_LEVEL_INDIVIDUAL ? "an" : "a",
				  okr_level_name(o->level));
		at_pos(d, o, pn, OKR_SEV_ERROR, "misplaced-parent", msg);
		free(msg);
	}
}

/* No parent in the tree (parent_of). */
#define NONE SIZE_MAX

/* Alignment cycles: follow parents (parent_of[i]: the index of objs[i]'s,
 * or NONE); a walk that comes back to where it started is a cycle,
 * reported once per objective on it. */
static void
check_cycles(const struct okr_tree *t, const size_t *parent_of, struct okr_diags *d)
{
	unsigned char *state = okr_xcalloc(t->nobjs ? t->nobjs : 1, 1);
	size_t *path = okr_xmalloc((t->nobjs + 1) * sizeof(*path));
	size_t i;

	/* state: 0 unseen, 1 on the current walk, 2 done */
	for (i = 0; i < t->nobjs; i++) {
		size_t len = 0, cur = i, j, k;

		while (state[cur] == 0) {
			state[cur] = 1;
			path[len++] = cur;
			if (parent_of[cur] == NONE)
				break;
			cur = parent_of[cur];
		}
		if (state[cur] == 1 && len && parent_of[path[len - 1]] == cur) {
			struct okr_buf chain = OKR_BUF_INIT;

			for (j = 0; j < len && path[j] != cur; j++)
				;
			for (k = j; k < len; k++)
				okr_buf_printf(&chain, "%s -> ", t->objs[path[k]]->id);
			okr_buf_puts(&chain, t->objs[cur]->id);
			for (k = j; k < len; k++) {
				const struct okr_objective *o = t->objs[path[k]];
				char *msg = okr_xprintf("alignment cycle: %s", chain.ptr);

				at_pos(d, o, o->parent_at, OKR_SEV_ERROR, "alignment-cycle", msg);
				free(msg);
			}
			okr_buf_free(&chain);
		}
		for (j = 0; j < len; j++)
			state[path[j]] = 2;
	}
	free(state);
	free(path);
}

/* as_of for a closed period or a dropped item: nothing is overdue or stale
 * (SPEC sections 4 and 8); dates outside the period are still wrong. */
#define NO_JUDGING INT_MIN

static void
check_due(const struct subject *s, const struct okr_period *per,
	  struct okr_pos at, okr_date due, okr_date as_of, bool done,
	  struct okr_diags *d)
{
	char a[16], b[16], c[16];
	char *msg, *what;

	if (due < per->start || due > per->end) {
		what = what_of(s);
		msg = okr_xprintf("%s is due %s, outside %s (%s to %s)", what,
				  okr_date_format(a, due), per->name,
				  okr_date_format(b, per->start), okr_date_format(c, per->end));
		about_pos(d, s, at, "due-outside-period", msg);
		free(msg);
		free(what);
	}
	if (!done && as_of != NO_JUDGING && due < as_of && as_of >= per->start) {
		what = what_of(s);
		msg = okr_xprintf("%s is overdue: due %s, %d day%s ago, not done", what,
				  okr_date_format(a, due), as_of - due,
				  as_of - due == 1 ? "" : "s");
		about_pos(d, s, at, "overdue", msg);
		free(msg);
		free(what);
	}
}

static void
check_milestones(const struct okr_objective *o, const struct okr_period *per,
		 const struct okr_kr *kr, const struct okr_milestone *ms, size_t n,
		 okr_date as_of, struct okr_diags *d)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct subject s = { o, kr, &ms[i] };

		if (ms[i].has_due)
			check_due(&s, per, ms[i].due_at, ms[i].due, as_of, ms[i].done, d);
	}
}

/* updated: later than today (or the as-of date, when that is later), or
 * outside the key result's period (SPEC section 5, okr check). */
static void
check_updated(const struct subject *s, const struct okr_period *per,
	      okr_date as_of, okr_date today, struct okr_diags *d)
{
	const struct okr_kr *kr = s->kr;
	char a[16], b[16], c[16];
	char *msg;

	if (!kr->has_updated)
		return;
	if (as_of != NO_JUDGING && as_of > today)
		today = as_of;
	if (kr->updated > today) {
		msg = okr_xprintf("key result '%s' was updated %s, later than today (%s)",
				  kr->id, okr_date_format(a, kr->updated),
				  okr_date_format(b, today));
		about_pos(d, s, kr->updated_at, "updated-in-future", msg);
		free(msg);
	}
	if (kr->updated < per->start || kr->updated > per->end) {
		msg = okr_xprintf("key result '%s' was updated %s, outside %s (%s to %s)",
				  kr->id, okr_date_format(a, kr->updated), per->name,
				  okr_date_format(b, per->start), okr_date_format(c, per->end));
		about_pos(d, s, kr->updated_at, "updated-outside-period", msg);
		free(msg);
	}
}

/* A stale key result (SPEC section 4): its last check-in, `updated` or
 * history's, is older than the cadence at as_of. */
static void
check_stale(const struct okr_config *cfg, const struct subject *s,
	    const struct okr_period *per, okr_date as_of,
	    const struct okr_lastseen *seen, struct okr_diags *d)
{
	const struct okr_kr *kr = s->kr;
	/* history's name of it, when there is history to ask */
	char *ref = seen && seen->n ? okr_xprintf("%s/%s#%s", s->o->period, s->o->id,
						  kr->id) : NULL;
	okr_date last;
	bool known = okr_last_checkin(&last, kr, ref, seen, per->start);
	char a[16];
	char *msg;

	free(ref);
	if (!okr_is_stale(last, as_of, cfg))
		return;
	if (known)
		msg = okr_xprintf("key result '%s' is stale: last check-in %s, %d day%s "
				  "ago (cadence %d day%s)", kr->id,
				  okr_date_format(a, last), as_of - last,
				  as_of - last == 1 ? "" : "s", cfg->checkin_days,
				  cfg->checkin_days == 1 ? "" : "s");
	else
		msg = okr_xprintf("key result '%s' is stale: no check-in since the "
				  "period began %s, %d day%s ago (cadence %d day%s)",
				  kr->id, okr_date_format(a, last), as_of - last,
				  as_of - last == 1 ? "" : "s", cfg->checkin_days,
				  cfg->checkin_days == 1 ? "" : "s");
	about_pos(d, s, kr->has_updated ? kr->updated_at : kr->at, "stale", msg);
	free(msg);
}

static void
check_time(const struct okr_tree *t, const struct okr_objective *o,
	   okr_date as_of, okr_date today, const struct okr_lastseen *seen,
	   struct okr_diags *d)
{
	const struct okr_config *cfg = t->config;
	struct okr_period per;
	size_t i;

	if (okr_period_parse(&per, o->period, cfg->fiscal_year_start) < 0)
		return;
	if (okr_config_closed(cfg, o->period, NULL))
		as_of = NO_JUDGING;
	check_milestones(o, &per, NULL, o->milestones, o->nmilestones,
			 okr_objective_dropped(o, as_of) ? NO_JUDGING : as_of, d);
	for (i = 0; i < o->nkrs; i++) {
		const struct okr_kr *kr = &o->krs[i];
		const struct subject s = { o, kr, NULL };
		okr_date kr_as_of = okr_kr_dropped(o, kr, as_of) ? NO_JUDGING : as_of;
		bool finished;

		if (!kr->id)
			continue;
		finished = (kr->kind == OKR_KR_BINARY && kr->done) ||
			   (kr->kind == OKR_KR_MILESTONE && okr_kr_progress(kr) >= 1.0);
		if (kr->has_due)
			check_due(&s, &per, kr->due_at, kr->due, kr_as_of, finished, d);
		check_milestones(o, &per, kr, kr->milestones, kr->nmilestones, kr_as_of, d);
		check_updated(&s, &per, kr_as_of, today, d);
		/* Staleness is chased while the period runs; a done binary
		 * result has nothing left to report. */
		if (kr_as_of != NO_JUDGING && as_of >= per.start &&
		    as_of <= per.end && !finished)
			check_stale(cfg, &s, &per, as_of, seen, d);
	}
}

/* score: belongs to a closed period, on every key result not dropped
 * there, and nowhere else (SPEC section 8). */
static void
check_scores(const struct okr_tree *t, const struct okr_objective *o,
	     struct okr_diags *d)
{
	bool closed = okr_config_closed(t->config, o->period, NULL);
	size_t i;

	for (i = 0; i < o->nkrs; i++) {
		const struct okr_kr *kr = &o->krs[i];
		char *msg;

		if (!kr->id)
			continue;
		if (!closed && kr->score_at.line) {
			msg = okr_xprintf("key result '%s' has a final 'score' but %s is "
					  "not closed (okr close writes it)", kr->id,
					  o->period);
			at_pos(d, o, kr->score_at, OKR_SEV_ERROR, "score-open-period", msg);
			free(msg);
		} else if (closed && !kr->score_at.line && !kr->has_dropped &&
			   !o->has_dropped) {
			msg = okr_xprintf("key result '%s' has no final 'score'; %s is "
					  "closed (okr update --score sets one)", kr->id,
					  o->period);
			at_pos(d, o, kr->at, OKR_SEV_ERROR, "missing-score", msg);
			free(msg);
		}
	}
}

/* Objectives are checked in slices of this many, each into its own list. */
#define SLICE 64

struct checks {
	const struct okr_tree *t;
	okr_date as_of, today;
	const struct okr_lastseen *seen;
	struct okr_diags *slices;
	size_t nslices;
	size_t *parent_of;	/* for check_cycles */
	atomic_size_t next;	/* the next slice a thread takes */
};

static void *
check_slices(void *arg)
{
	struct checks *c = arg;
	size_t s, i;

	while ((s = atomic_fetch_add(&c->next, 1)) < c->nslices) {
		for (i = s * SLICE; i < c->t->nobjs && i < (s + 1) * SLICE; i++) {
			const struct okr_objective *o = c->t->objs[i];
			size_t *pi = &c->parent_of[i];

			if (!o->parent || okr_tree_index(pi, c->t, o->period, o->parent) < 0)
				*pi = NONE;
			check_parent(c->t, o, *pi == NONE ? NULL : c->t->objs[*pi],
				     &c->slices[s]);
			check_scores(c->t, o, &c->slices[s]);
			check_time(c->t, o, c->as_of, c->today, c->seen, &c->slices[s]);
		}
	}
	return NULL;
}

/*
 * Each objective's checks need only the tree, read and never changed, and
 * with many objectives they are most of okr check after the loading (a
 * message for each stale or misdated key result, most of them in the
 * running period: the work is uneven along the tree). Two threads take
 * slices of objectives in turn, each slice into a list of its own; the
 * lists are appended in the tree's order, so the diagnostics come as one
 * thread gives them. Cycles are checked last, over the whole tree.
 */
void
okr_tree_validate_seen(const struct okr_tree *t, okr_date as_of,
		       const struct okr_lastseen *seen, struct okr_diags *d)
{
	struct checks c = { .t = t, .as_of = as_of, .today = okr_date_today(),
			    .seen = seen };
	pthread_t thread;
	bool two;
	size_t s;

	c.nslices = (t->nobjs + SLICE - 1) / SLICE;
	c.slices = okr_xcalloc(c.nslices ? c.nslices : 1, sizeof(*c.slices));
	c.parent_of = okr_xmalloc((t->nobjs ? t->nobjs : 1) * sizeof(*c.parent_of));
	atomic_init(&c.next, 0);
	two = c.nslices > 1 && pthread_create(&thread, NULL, check_slices, &c) == 0;
	check_slices(&c);
	if (two)
		pthread_join(thread, NULL);
	for (s = 0; s < c.nslices; s++)
		okr_diags_append(d, &c.slices[s]);
	free(c.slices);
	check_cycles(t, c.parent_of, d);
	free(c.parent_of);
}

void
okr_validate_parent(const struct okr_tree *t, const struct okr_objective *o,
		    struct okr_diags *d)
{
	check_parent(t, o, o->parent ? okr_tree_find(t, o->period, o->parent) : NULL, d);
}

void
okr_tree_validate(const struct okr_tree *t, okr_date as_of, struct okr_diags *d)
{
	okr_tree_validate_seen(t, as_of, NULL, d);
}
