/*
 * sync.h: okr sync, the git store's exchange with a remote: fetch, replay
 * the local check-ins on top of the remote branch, push, and put everything
 * back as it was when any step fails.
 */
#ifndef OKR_SYNC_H
#define OKR_SYNC_H

#include <stddef.h>

#include "buf.h"
#include "git.h"

struct okr_sync_result {
	char *upstream;		/* the remote branch, "origin/main" */
	size_t pulled;		/* commits of the remote new to the branch */
	size_t pushed;		/* local commits now on the remote */
};

/*
 * Sync the current branch with remote (NULL: "origin"): fetch, then
 * fast-forward, or replay the local commits (first-parent, authors and
 * messages kept, committer from okr_git_signatures) on the remote branch
 * in memory; check the new tip out (safely: local changes in the way make
 * it fail) and push it. A conflict, local changes in the way, a rejected
 * push or a failed authentication leave branch, index and work tree as
 * they were (only the remote-tracking branch may have moved, as after git
 * fetch); err then says what went wrong and what to do. The caller has
 * checked the state (okr_git_check_state) and holds okr_git_lock.
 */
int okr_sync_run(struct okr_sync_result *out, struct okr_git *g,
		 const char *remote, struct okr_buf *err);

void okr_sync_result_free(struct okr_sync_result *r);

#endif
