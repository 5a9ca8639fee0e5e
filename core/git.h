/*
 * git.h: the git store: open (or create) the repository around the OKR root
 * and commit exactly one file through libgit2, the way `git commit <file>`
 * would, without touching anything else in the index or the work tree.
 */
#ifndef OKR_GIT_H
#define OKR_GIT_H

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

struct okr_git;

/* What okr_git_file_status found for a file. */
enum {
	OKR_GIT_CLEAN,		/* tracked; HEAD, index and work tree agree */
	OKR_GIT_ABSENT,		/* nowhere: not in HEAD, index or work tree */
	OKR_GIT_UNTRACKED,	/* only in the work tree (or ignored) */
	OKR_GIT_MODIFIED,	/* staged or unstaged changes, a deletion or a
				 * conflict: the user has work in progress */
};

/*
 * Every function below sets the message returned by okr_git_last_error()
 * when it fails: a lowercase phrase without a full stop, libgit2's own text
 * where the failure came from libgit2, ready for "okr: error: %s".
 * Failures return a negative number (libgit2's code where it came from
 * libgit2, else -1).
 *
 * libgit2 is initialised by okr_git_open/okr_git_init and shut down by
 * okr_git_free (both refcounted by libgit2): callers need no global set-up
 * while they hold a struct okr_git.
 */
const char *okr_git_last_error(void);

/*
 * Open the repository whose work tree contains okr_root (searching upwards
 * like git). A bare repository is opened only when okr_root is its git
 * folder (as the dispatcher sets it for report, log, agenda and
 * check --rev): for reading, with the OKR root at the top of its trees
 * (prefix ""), and with the object folders a receive hook's environment
 * names (GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES). Nothing
 * may be committed through such a handle.
 */
int okr_git_open(struct okr_git **out, const char *okr_root);

/*
 * Like okr_git_open, but create a repository at dir (git init) when dir is
 * in none; *created (may be NULL) says which happened.
 */
int okr_git_init(struct okr_git **out, const char *dir, bool *created);

void okr_git_free(struct okr_git *g);

git_repository *okr_git_repo(struct okr_git *g);

/*
 * Path of the OKR root inside the work tree, "" when it is the top of the
 * work tree, else ending in '/' ("sub/"): a path in the repository is this
 * prefix followed by the path below the OKR root.
 */
const char *okr_git_workdir_prefix(struct okr_git *g);

/* Fails while a merge, rebase, cherry-pick, revert, bisect or am is in
 * progress: committing then would mix okr's change into the user's. */
int okr_git_check_state(struct okr_git *g);

/*
 * Serialise okr writers of one repository: take an exclusive flock() on
 * <common git dir>/okr.lock, then wait until no <git dir>/index.lock exists
 * (a git process is committing). Waits with a growing back-off for up to 10
 * seconds in all before failing. Hold it from reading the file to be
 * changed until okr_git_commit_file returned; okr_git_unlock (or
 * okr_git_free, or the process ending) releases it.
 */
int okr_git_lock(struct okr_git *g);
void okr_git_unlock(struct okr_git *g);

/* *out = OKR_GIT_CLEAN etc. for relpath (below the OKR root). */
int okr_git_file_status(struct okr_git *g, const char *relpath, int *out);

/*
 * Read the index once for okr_git_file_status and the next commit: the
 * index file is linked to <gitdir>okr-index (with okr.lock held: the name
 * is ours) and read from there as the repository's index, so that the
 * commit stages its file in it and writes it there, where it goes into
 * index.lock, instead of copying every entry into an index of its own.
 * The commit checks that the index file is still the same inode and reads
 * it afresh when a git replaced it meanwhile. Only for a command that
 * writes no index itself between this and its commit (okr update); best
 * effort: without a link (no index file yet, no hard links) nothing
 * changes. Undone by the commit or okr_git_unlock.
 */
void okr_git_index_preload(struct okr_git *g);

/*
 * Author and committer as git makes them: GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL,
 * GIT_AUTHOR_DATE and the GIT_COMMITTER_* variables, else author.* /
 * committer.* and user.name / user.email from the git configuration, else
 * $EMAIL for the email; the time now (local offset) without a date
 * variable. Dates: ISO 8601 ("2026-11-20T10:00:00+01:00",
 * "2026-11-20 10:00:00 +0100", "...Z", "2026-11-20" = local midnight, no
 * offset = local time) or git's raw "@1700000000 +0100". Free both with
 * git_signature_free.
 */
int okr_git_signatures(git_signature **author, git_signature **committer,
		       struct okr_git *g);	/* g NULL: no repository yet */

/* One file of a commit: its new bytes, or NULL for a deletion. */
struct okr_git_change {
	const char *relpath;	/* below the OKR root */
	const char *buf;	/* the new bytes; NULL: the file is deleted */
	size_t len;
};

/* okr_git_commit_file's flags */
#define OKR_GIT_NO_VERIFY 1u	/* --no-verify: no pre-commit, commit-msg hook */

/*
 * Write buf to relpath (below the OKR root) in the work tree and commit it,
 * as one transaction: on success the commit is readable and the branch (or
 * the detached HEAD) points at it; on any failure HEAD, the index and the
 * work tree are as they were, and putting the file back needs no free space
 * (the old file is kept under a second name and renamed back).
 *
 * The commit's tree is HEAD's tree with this one blob replaced or added
 * (the index is never used to build it), its parent HEAD's commit (none on
 * an unborn branch). An unchanged blob still makes a commit: a check-in
 * counts even when the value stayed. As git commit does, index.lock is held
 * from staging until HEAD has moved, and HEAD.lock while a branch moves: the
 * index entry of this one file is refreshed from the work tree (so `git
 * status` shows it clean), other entries stay as they were, and a git
 * command meanwhile finds the repository locked. Locks held by another
 * process, or HEAD moved meanwhile, make it wait and retry for up to 10
 * seconds; a lock that stays is named in the error. With commit.gpgsign the
 * commit is signed (sign.h); the pre-commit and commit-msg hooks run unless
 * flags has OKR_GIT_NO_VERIFY, post-commit after the commit (hook.h).
 * Takes okr_git_lock for the time of the call if the caller does not hold it.
 */
int okr_git_commit_file(git_oid *out, struct okr_git *g, const char *relpath,
			const char *buf, size_t len, const char *message,
			unsigned flags);

/* The abbreviated id of the last commit this process made, or NULL. */
const char *okr_git_committed(void);

/*
 * okr_git_commit_file for n files at once, the same transaction: each is
 * written (its folders made) or deleted in the work tree, upserted or
 * removed in HEAD's tree and the index; on failure every file, folder and
 * the index are put back.
 */
int okr_git_commit_changes(git_oid *out, struct okr_git *g,
			   const struct okr_git_change *v, size_t n,
			   const char *message, unsigned flags);

#endif
