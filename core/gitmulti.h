/*
 * gitmulti.h: one commit of several files, for the commands whose change
 * spans files (okr close: okr.yaml and every file of a period; okr mv: a
 * renamed objective and the children naming it; okr carry: the target
 * period's files).
 */
#ifndef OKR_GITMULTI_H
#define OKR_GITMULTI_H

#include <stddef.h>

#include "git.h"

/* The files one command changes, and its commit message. */
struct okr_changeset {
	struct okr_git_change *v;	/* bufs owned by the set */
	size_t n, cap;
	char *subject;			/* first line of message */
	char *message;
};

/* Add a change; buf (malloc'd, or NULL for a deletion) becomes the set's. */
void okr_changeset_add(struct okr_changeset *cs, const char *relpath, char *buf,
		       size_t len);
void okr_changeset_free(struct okr_changeset *cs);

/*
 * Write the changes to the work tree below root (new folders made, deleted
 * files removed), and when g is not NULL commit them with message
 * (okr_git_commit_changes with flags, OKR_GIT_NO_VERIFY or 0, which is all
 * this does then). A failure anywhere
 * puts every file back as it was (removing files and folders that were
 * new) and returns -1 with the reason in okr_error_last(): nothing
 * half-done. The caller holds okr_git_lock.
 */
int okr_worktree_commit(git_oid *out, struct okr_git *g, const char *root,
			const struct okr_git_change *v, size_t n,
			const char *message, unsigned flags);

#endif
