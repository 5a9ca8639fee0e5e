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
	if (okr_odb_open_shared(&q->d.odb, q->base->odb) < 0)
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

void
okr_jobs_merge(struct okr_jobs *q, struct okr_hist *hi)
{
	struct okr_checkin *all = hi->all;
	uint32_t *refno = hi->refno;
	size_t n = hi->nall, k = 0, i;

	if (!q->n)
		return;
	hi->all = NULL;
	hi->refno = NULL;
	hi->nall = hi->capall = 0;
	for (i = 0; i <= q->n; i++) {
		size_t upto = i < q->n ? q->v[i]->at : n;

		for (; k < upto; k++) {
			if (hi->nall == hi->capall) {
				hi->capall = hi->capall ? hi->capall * 2 : n + 1024;
				hi->all = okr_xrealloc(hi->all, hi->capall * sizeof(*hi->all));
				hi->refno = okr_xrealloc(hi->refno,
							 hi->capall * sizeof(*hi->refno));
			}
			hi->all[hi->nall] = all[k];
			hi->refno[hi->nall++] = refno[k];
		}
		if (i < q->n && hi->nrenames)
			okr_hist_epoch_at_job(hi, i);
		if (i < q->n)
			okr_hist_hand_checkins(hi, &q->v[i]->c, q->v[i]->changes,
					       q->v[i]->nchanges);
	}
	free(all);
	free(refno);
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
