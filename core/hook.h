/*
 * hook.h: git's commit hooks (pre-commit, commit-msg, post-commit), run as
 * `git commit` runs them: from core.hooksPath or <git dir>/hooks, only when
 * executable, in the top of the work tree, stdin from /dev/null, stdout to
 * stderr, with GIT_DIR, GIT_INDEX_FILE and GIT_EDITOR=: exported.
 */
#ifndef OKR_HOOK_H
#define OKR_HOOK_H

#include <git2.h>

/*
 * Run hook name with arg ($1, may be NULL) and GIT_INDEX_FILE=index (NULL:
 * the repository's index). 0 when it succeeded or there is none; -1 with
 * "the <name> hook '<path>' failed (exit N)" when it failed.
 */
int okr_hook_run(git_repository *repo, const char *name, const char *index,
		 const char *arg);

/*
 * commit-msg: msg goes to <git dir>/COMMIT_EDITMSG, the hook runs with that
 * file, and msg becomes what the hook left there (cleaned up as git does);
 * an empty result is an error.
 */
int okr_hook_commit_msg(git_buf *msg, git_repository *repo, const char *index);

#endif
