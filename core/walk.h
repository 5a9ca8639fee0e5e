/*
 * walk.h: the first-parent walk every history reader shares: the revision
 * looked up once ("HEAD" when none is named; an unborn HEAD is an empty
 * history), each commit read raw through the object store, newest first,
 * and the boundary of a shallow clone told apart from a missing commit.
 */
#ifndef OKR_WALK_H
#define OKR_WALK_H

#include <stdbool.h>

#include <git2.h>

#include "layout.h"	/* OKR_ITEROVER */
#include "odb.h"
#include "rawobj.h"

struct okr_walk {
	git_repository *repo;
	struct okr_odb *odb;	/* borrowed */
	git_oid next;
	bool more;		/* next is to be read */
	bool first;		/* nothing read yet */
	bool shallow;		/* the walk ended at a shallow boundary */
	okr_date oldest;	/* the author day of the last commit read */
};

/*
 * Start at rev (HEAD when NULL). 0; or -1 with "cannot read revision 'x':
 * why" (error.h). An unborn HEAD with rev NULL is a walk without commits.
 */
int okr_walk_start(struct okr_walk *w, git_repository *repo, struct okr_odb *odb,
		   const char *rev);

/*
 * The next commit, newest first, into *c (released first, so the same
 * struct is passed each time; zero it before the first call): 0;
 * OKR_ITEROVER after the root commit or at a shallow boundary (then
 * w->shallow); negative when a commit cannot be read (the error names it).
 */
int okr_walk_next(struct okr_rawcommit *c, struct okr_walk *w);

/* Stop before the parent of the last commit read. */
void okr_walk_stop(struct okr_walk *w);

#endif
