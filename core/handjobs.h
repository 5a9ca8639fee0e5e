/*
 * handjobs.h: the hand edits of a walk, compared on a second thread while
 * the walk goes on (reading trees and parsing blobs costs more than reading
 * every commit): the worker takes them newest first, the walking thread
 * oldest first once the walk is over. Each job keeps its changes until they
 * are merged in walk order at the end, so the history never depends on who
 * compared what.
 */
#ifndef OKR_HANDJOBS_H
#define OKR_HANDJOBS_H

#include <pthread.h>
#include <stdbool.h>

#include "histindex.h"
#include "treediff.h"

struct okr_job;

struct okr_jobs {
	struct okr_job **v;	/* in walk order, newest first */
	size_t n, cap;
	size_t lo, hi;		/* v[lo..hi) not yet taken */
	bool done;		/* the walk is over: no more jobs */
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_t thread;
	const struct okr_differ *base;	/* the walking thread's */
	struct okr_differ d;	/* the second thread's */
};

/* arena: where the second thread's summaries and changes live. */
void okr_jobs_init(struct okr_jobs *q, struct okr_arena *arena);
/* Queue hand edit c (its bytes taken over; c->obj becomes NULL) whose first
 * parent's tree is oldtree; `at` check-ins came before it in the walk. The
 * first job starts the worker with a differ like base (its settings must be
 * final by then). */
void okr_jobs_add(struct okr_jobs *q, const struct okr_differ *base,
		  struct okr_rawcommit *c, const git_oid *oldtree, size_t at);
/* The walk is over: compare what is left on this thread (with d), wait for
 * the worker. */
void okr_jobs_finish(struct okr_jobs *q, struct okr_differ *d);
/* -1 with the first failed job's error (in walk order) set again on this
 * thread; 0 when none failed. */
int okr_jobs_error(const struct okr_jobs *q);
/* The hand edits' check-ins into hi's, where the walk met them. */
void okr_jobs_merge(struct okr_jobs *q, struct okr_hist *hi);
void okr_jobs_free(struct okr_jobs *q);

#endif
