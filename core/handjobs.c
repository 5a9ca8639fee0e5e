/*
 * handjobs.c: the hand-edit comparisons' second thread (handjobs.h).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "handjobs.h"

struct okr_job {
	struct okr_rawcommit c;	/* the hand edit */
	git_oid oldtree;	/* its first parent's tree */
	size_t at;		/* how many check-ins the walk had before it */
	struct okr_change *changes;
	size_t nchanges;
	int error;
	char *errmsg;		/* the thread's error, with error */
};

void
okr_jobs_init(struct okr_jobs *q, struct okr_arena *arena)
{
	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	q->d.arena = arena;
}

static void
job_run(struct okr_job *j, struct okr_differ *d)
{
	d->nchanges = 0;
	if ((j->error = okr_differ_trees(d, &j->oldtree, &j->c.tree)) < 0)
		j->errmsg = okr_xstrdup(okr_error_last());
	if (d->nchanges) {
		j->changes = okr_xmalloc(d->nchanges * sizeof(*j->changes));
		memcpy(j->changes, d->changes, d->nchanges * sizeof(*j->changes));
		j->nchanges = d->nchanges;
	}
	d->nchanges = 0;
}

static void *
jobs_worker(void *arg)
{
	struct okr_jobs *q = arg;

	/* an object store of its own; without one, the walking thread does
	 * all */
	if (okr_odb_open_shared(&q->d.odb, q->base->odb, 0) < 0)
		return NULL;
	for (;;) {
		struct okr_job *j = NULL;

		pthread_mutex_lock(&q->lock);
		while (q->lo == q->hi && !q->done)
			pthread_cond_wait(&q->more, &q->lock);
		if (q->lo < q->hi)
			j = q->v[q->lo++];
		pthread_mutex_unlock(&q->lock);
		if (!j)
			return NULL;
		job_run(j, &q->d);
	}
}

void
okr_jobs_add(struct okr_jobs *q, const struct okr_differ *base, struct okr_rawcommit *c,
	     const git_oid *oldtree, size_t at)
{
	struct okr_job *j = okr_xcalloc(1, sizeof(*j));

	j->c = *c;
	c->obj = NULL;
	j->oldtree = *oldtree;
	j->at = at;
	if (!q->started && !q->done) {
		q->d.prefix = base->prefix;
		q->d.period = base->period;
		q->d.cfg = base->cfg;
		q->base = base;
		q->started = pthread_create(&q->thread, NULL, jobs_worker, q) == 0;
		if (!q->started)
			q->done = true;	/* the walking thread will do them */
	}
	pthread_mutex_lock(&q->lock);
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 256;
		q->v = okr_xrealloc(q->v, q->cap * sizeof(*q->v));
	}
	q->v[q->n++] = j;
	q->hi = q->n;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
}

void
okr_jobs_finish(struct okr_jobs *q, struct okr_differ *d)
{
	pthread_mutex_lock(&q->lock);
	q->done = true;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
	for (;;) {
		struct okr_job *j = NULL;

		pthread_mutex_lock(&q->lock);
		if (q->hi > q->lo)
			j = q->v[--q->hi];
		pthread_mutex_unlock(&q->lock);
		if (!j)
			break;
		job_run(j, d);
	}
	if (q->started)
		pthread_join(q->thread, NULL);
	q->started = false;
}

int
okr_jobs_error(const struct okr_jobs *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->v[i]->error < 0)
			return okr_error_set("%s", q->v[i]->errmsg);
	return 0;
}

/*
 * The hand edits' check-ins are appended after the walk's (renames as the
 * walk saw them when each was queued), then moved into walk order in place,
 * from the back: job i's go before the walk's check-in number at. A second
 * array of every check-in was 21 of okr report's 74 MiB of heap at its
 * peak on the 100,000-commit benchmark.
 */
void
okr_jobs_merge(struct okr_jobs *q, struct okr_hist *hi)
{
	size_t n = hi->nall, h, i, w, dst, hoff;
	struct okr_checkin *hand;
	uint32_t *handref;
	size_t *cnt;

	if (!q->n)
		return;
	cnt = okr_xmalloc(q->n * sizeof(*cnt));
	for (i = 0; i < q->n; i++) {
		size_t before = hi->nall;

		if (hi->nrenames)
			okr_hist_epoch_at_job(hi, i);
		okr_hist_hand_checkins(hi, &q->v[i]->c, q->v[i]->changes, q->v[i]->nchanges);
		cnt[i] = hi->nall - before;
	}
	h = hi->nall - n;
	if (!h) {	/* no hand check-ins; hi->all may still be NULL */
		free(cnt);
		return;
	}
	hand = okr_xmalloc((h + 1) * sizeof(*hand));
	handref = okr_xmalloc((h + 1) * sizeof(*handref));
	memcpy(hand, hi->all + n, h * sizeof(*hand));
	memcpy(handref, hi->refno + n, h * sizeof(*handref));
	dst = hi->nall;
	w = n;
	hoff = h;
	for (i = q->n; i-- > 0;) {
		size_t at = q->v[i]->at;	/* jobs are queued in walk order */

		assert(at <= w);
		dst -= w - at;
		memmove(hi->all + dst, hi->all + at, (w - at) * sizeof(*hi->all));
		memmove(hi->refno + dst, hi->refno + at, (w - at) * sizeof(*hi->refno));
		w = at;
		dst -= cnt[i];
		hoff -= cnt[i];
		memcpy(hi->all + dst, hand + hoff, cnt[i] * sizeof(*hand));
		memcpy(hi->refno + dst, handref + hoff, cnt[i] * sizeof(*handref));
	}
	free(hand);
	free(handref);
	free(cnt);
}

void
okr_jobs_free(struct okr_jobs *q)
{
	size_t i;

	assert(!q->started);
	for (i = 0; i < q->n; i++) {
		okr_rawcommit_release(&q->v[i]->c);
		free(q->v[i]->changes);
		free(q->v[i]->errmsg);
		free(q->v[i]);
	}
	free(q->v);
	okr_differ_release(&q->d);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->more);
}
