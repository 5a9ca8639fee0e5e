/*
 * history.c: a period's history from git (okr_history_read). One
 * first-parent walk (walk.h) reads each commit raw, trusts okr's trailers
 * where a commit has them (histindex.c makes the check-in) and queues the
 * others, hand edits and merges, for a tree comparison on a second thread
 * (handjobs.h, treediff.h); the snapshots at the period's start and at the
 * as-of date are loaded from git trees (gittree.h); the index then answers
 * "what was this key result's value on that day" (histindex.c).
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "gittree.h"
#include "handjobs.h"
#include "histindex.h"
#include "history.h"
#include "walk.h"

/* What one okr_history_read holds while it walks. */
struct reading {
	git_repository *repo;
	struct okr_hist *hi;
	const struct okr_period *period;
	size_t periodlen;
	okr_date as_of;
	struct okr_walk walk;
	struct okr_differ d;		/* the walking thread's */
	struct okr_jobs q;
	struct okr_config *defcfg;	/* until the end snapshot is read */
	struct okr_gittree_job *end;	/* the end snapshot, loading */
	bool have_end;
	struct okr_gittree_job *start;	/* the start snapshot, loading */
	struct okr_diags start_diags;	/* its problems, not reported */
	int fail;			/* failed(): the failure reported */
	char *why;
	struct okr_rawcommit pend;	/* a hand edit waiting for its parent */
	git_oid start_tree;
	bool have_start;
	struct okr_target_change **targets_tail;	/* where the next goes */
};

/* Whether m's Okr-Ref names a key result of the period's folder. */
static bool
in_period(const struct reading *r, const struct okr_message *m)
{
	return m->okr && m->ref.n > r->periodlen &&
	       memcmp(m->ref.p, r->period->name, r->periodlen) == 0 &&
	       m->ref.p[r->periodlen] == '/';
}

/* An okr update --target commit: kept, newest first as the walk meets
 * them, for the report's mark on the key result's row. */
static void
note_target(struct reading *r, const struct okr_rawcommit *c, const struct okr_message *m)
{
	struct okr_arena *a = &r->hi->pub.arena;
	struct okr_target_change *t;
	const char *arrow = NULL, *name;
	size_t i, len;

	for (i = 0; i + 4 <= m->target.n && !arrow; i++)
		if (memcmp(m->target.p + i, " -> ", 4) == 0)
			arrow = m->target.p + i;
	if (!arrow)
		return;
	t = okr_arena_alloc(a, sizeof(*t));
	memset(t, 0, sizeof(*t));
	/* under today's name when okr mv renamed it since */
	name = okr_hist_name(r->hi, m->ref.p, m->ref.n, &len);
	t->ref = okr_arena_strndup(a, name, len);
	t->from = okr_arena_strndup(a, m->target.p, (size_t)(arrow - m->target.p));
	t->to = okr_arena_strndup(a, arrow + 4, m->target.n - (size_t)(arrow + 4 - m->target.p));
	t->date = okr_sig_day(&c->author);
	*r->targets_tail = t;
	r->targets_tail = &t->next;
}

/*
 * Commit c of the walk: the end snapshot when it is the first on or before
 * the as-of date, its check-in, or a hand edit to compare once its parent's
 * tree is known. 1 when the walk has reached the commits before the period.
 */
static int
visit(struct reading *r, struct okr_rawcommit *c, struct okr_diags *diags)
{
	struct okr_history *h = &r->hi->pub;
	okr_date aday = okr_sig_day(&c->author);
	struct okr_message m;
	int error;

	if (r->pend.obj) {
		if (!git_oid_equal(&c->tree, &r->pend.tree))
			okr_jobs_add(&r->q, &r->d, &r->pend, &c->tree, r->hi->nall);
		okr_rawcommit_release(&r->pend);
	}
	if (aday <= r->as_of && !r->have_end) {
		/* its objectives load on a thread of their own while the walk
		 * goes on; its settings are final now, for the hand edits */
		h->end_commit = c->id;
		if ((error = okr_gittree_load_start(&r->end, &r->d.cfg, r->d.odb, r->repo,
						    &c->tree, r->d.prefix, r->period->name,
						    diags)) < 0)
			return error;
		r->have_end = true;
	}
	if (okr_sig_day(&c->committer) < r->period->start) {
		r->start_tree = c->tree;
		r->have_start = true;
		return 1;
	}
	okr_message_parse(&m, c->msg, c->msglen);
	/* okr mv: the older check-ins of the old name are the new name's,
	 * whatever the rename's date (as of a day before it, HEAD's names) */
	if (m.renamed.n)
		okr_hist_rename(r->hi, m.renamed.p, m.renamed.n, r->q.n);
	if (aday > r->as_of)
		return 0;
	if (in_period(r, &m)) {
		if (m.target.n && !m.value.n)
			note_target(r, c, &m);
		return okr_hist_trailer_checkin(r->hi, &r->d, c, &m, false);
	}
	if (c->has_parent) {
		r->pend = *c;
		c->obj = NULL;
	}
	return 0;
}

/* The walk from rev back to the last commit before the period. */
static int
walk_period(struct reading *r, struct okr_diags *diags)
{
	struct okr_history *h = &r->hi->pub;
	struct okr_rawcommit c = { 0 };
	git_oid prev_tree;
	int error;

	while ((error = okr_walk_next(&c, &r->walk)) == 0) {
		h->history_from = r->walk.oldest;
		if ((error = visit(r, &c, diags)) != 0)
			break;
		prev_tree = c.tree;
	}
	okr_rawcommit_release(&c);
	if (error < 0 && error != OKR_ITEROVER)
		return error;
	if (r->walk.shallow) {
		/* history starts at the oldest commit we have */
		h->shallow = true;
		r->start_tree = prev_tree;
		r->have_start = true;
	}
	okr_rawcommit_release(&r->pend);
	return 0;
}

/* The start snapshot: its load started on a thread of its own, or an
 * empty tree when the walk did not find it. */
static int
snapshots(struct reading *r)
{
	struct okr_history *h = &r->hi->pub;
	const struct okr_config *cfg;
	int error = 0;

	if (r->have_start)
		error = okr_gittree_load_start(&r->start, &cfg, r->d.odb, r->repo,
					       &r->start_tree, r->d.prefix, r->period->name,
					       &r->start_diags);
	else
		h->start = okr_gittree_empty(r->repo, r->d.prefix);
	if (!h->shallow)
		h->history_from = 0;
	return error;
}

/*
 * What okr_history_read reports when several parts failed: the one that
 * would have stopped it first when it read them one after the other (the
 * end snapshot, then the hand edits, then the start snapshot, then the
 * walk), with its own message.
 */
enum { FAIL_WALK = 1, FAIL_START, FAIL_JOBS, FAIL_END };

static void
failed(struct reading *r, int rank)
{
	if (rank > r->fail) {
		free(r->why);
		r->why = okr_xstrdup(okr_error_last());
		r->fail = rank;
	}
}

int
okr_history_read(struct okr_history **out, git_repository *repo,
		 const char *okr_prefix, const char *rev,
		 const struct okr_period *period, okr_date from,
		 okr_date as_of, struct okr_diags *diags, struct okr_buf *err)
{
	struct reading r;
	struct okr_odb *odb;
	int error;
	bool walked = false;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.repo = repo;
	r.period = period;
	r.periodlen = strlen(period->name);
	r.as_of = as_of;
	r.hi = okr_hist_new();
	r.targets_tail = &r.hi->pub.targets;
	r.defcfg = okr_config_default();
	okr_jobs_init(&r.q, &r.hi->arena2);
	if ((error = okr_odb_open(&odb, repo)) == 0) {
		okr_differ_init(&r.d, odb, okr_prefix, period->name, r.defcfg, &r.hi->pub.arena);
		if ((error = okr_walk_start(&r.walk, repo, odb, rev)) == 0) {
			walked = true;
			error = walk_period(&r, diags);
		}
	}
	if (error < 0)
		failed(&r, FAIL_WALK);
	else if (snapshots(&r) < 0)
		failed(&r, FAIL_START);
	okr_jobs_finish(&r.q, &r.d);
	if (okr_jobs_error(&r.q) < 0)
		failed(&r, FAIL_JOBS);
	/* its settings served the hand edits until now */
	if (okr_gittree_load_finish(&r.hi->pub.end, r.end, diags) < 0)
		failed(&r, FAIL_END);
	else if (!r.fail && !r.hi->pub.end)
		r.hi->pub.end = okr_gittree_empty(repo, okr_prefix);
	if (!r.fail) {
		/* while the start snapshot loads */
		okr_jobs_merge(&r.q, r.hi);
		okr_hist_index(r.hi, from);
	}
	if (r.start && okr_gittree_load_finish(&r.hi->pub.start, r.start, &r.start_diags) < 0)
		failed(&r, FAIL_START);
	okr_diags_free(&r.start_diags);
	if (r.fail) {
		error = -1;
		okr_buf_printf(err, walked ? "cannot read the history: %s" : "%s", r.why);
		free(r.why);
	}
	okr_jobs_free(&r.q);
	okr_differ_release(&r.d);
	okr_config_free(r.defcfg);
	if (error < 0) {
		okr_history_free(&r.hi->pub);
		return -1;
	}
	*out = &r.hi->pub;
	return 0;
}
