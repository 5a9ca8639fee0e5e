/*
 * close.h: the quarter's end (SPEC section 8): okr close writes each key
 * result's final score and records the period in okr.yaml's closed:;
 * okr close --reopen takes both back.
 */
#ifndef OKR_CLOSE_H
#define OKR_CLOSE_H

#include <stdbool.h>

#include "gitmulti.h"
#include "model.h"
#include "tree.h"

struct okr_close_req {
	const char *period;	/* "2026-Q3" */
	okr_date date;		/* the day it closes (D) */
	bool force;		/* close before the period's last day */
	const char *message;	/* -m, or NULL */
	/* the files as of D (okr_history's end tree), or NULL: scores are
	 * then the working tree's progress */
	const struct okr_tree *as_of;
};

/*
 * The changes of okr close on tree (okr.yaml and the period's folder,
 * loaded from the working tree with their documents): score: on every key
 * result not dropped, closed: in okr.yaml. The refusals that need no git
 * (already closed, too early, a date in the future) fail here with the
 * reason in okr_error_last(). *nscored gets the number of scores written.
 */
int okr_close_prepare(struct okr_changeset *out, size_t *nscored,
		      const struct okr_tree *tree, const struct okr_close_req *req);

/* okr close --reopen: the period's closed: entry and every score: removed. */
int okr_reopen_prepare(struct okr_changeset *out, const struct okr_tree *tree,
		       const char *period, const char *message);

#endif
