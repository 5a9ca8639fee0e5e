/*
 * walk.c: the first-parent walk (walk.h).
 */
#include <string.h>

#include "error.h"
#include "walk.h"

int
okr_walk_start(struct okr_walk *w, git_repository *repo, struct okr_odb *odb,
	       const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	int error;

	memset(w, 0, sizeof(*w));
	w->repo = repo;
	w->odb = odb;
	w->first = true;
	if (!rev && git_repository_head_unborn(repo) == 1)
		return 0;
	if ((error = git_revparse_single(&obj, repo, rev ? rev : "HEAD")) < 0 ||
	    (error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) < 0) {
		const git_error *e = git_error_last();

		git_object_free(obj);
		return okr_error_set("cannot read revision '%s': %s", rev ? rev : "HEAD",
				     e ? e->message : "not a commit");
	}
	w->next = *git_object_id(commit);
	w->more = true;
	git_object_free(commit);
	git_object_free(obj);
	return 0;
}

int
okr_walk_next(struct okr_rawcommit *c, struct okr_walk *w)
{
	int error;

	okr_rawcommit_release(c);
	if (!w->more)
		return OKR_ITEROVER;
	error = okr_rawcommit_read(c, w->odb, &w->next);
	if (error == GIT_ENOTFOUND && !w->first && git_repository_is_shallow(w->repo) == 1) {
		/* the boundary of a shallow clone: history starts at the
		 * oldest commit we have */
		w->shallow = true;
		w->more = false;
		okr_error_clear();
		return OKR_ITEROVER;
	}
	if (error < 0) {
		w->more = false;
		return error;
	}
	w->first = false;
	w->oldest = okr_sig_day(&c->author);
	w->more = c->has_parent;
	w->next = c->parent;
	return 0;
}

void
okr_walk_stop(struct okr_walk *w)
{
	w->more = false;
}
