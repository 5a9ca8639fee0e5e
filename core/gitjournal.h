/*
 * gitjournal.h: what a commit in progress has changed, on disk, so that the
 * next okr can finish or undo the work of one that was killed: the branch's
 * commit before, each file's kept old version, and which index.lock is
 * okr's. Only read and written while holding okr.lock.
 */
#ifndef OKR_GITJOURNAL_H
#define OKR_GITJOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

struct okr_journal_file {
	const char *wtpath;	/* the file in the work tree */
	const char *backup;	/* its old version while the commit runs */
	bool is_new;		/* there was no file before */
};

/* <gitdir>okr-journal: parent (NULL: unborn) and the files, synced. */
int okr_journal_begin(git_repository *repo, const git_oid *parent,
		      const struct okr_journal_file *f, size_t n);

/* Record that file (index.lock, or the index about to be renamed to it:
 * which "index"; HEAD.lock: which "HEAD") is okr's. */
void okr_journal_lock(git_repository *repo, const char *which, const char *file);

/* The commit ended (either way) in this process: forget the journal. */
void okr_journal_end(git_repository *repo);

/*
 * A journal left by a killed okr: if HEAD still names its parent, put each
 * file back and drop okr's index.lock; if HEAD moved, the commit was made:
 * put okr's index.lock in place and drop the kept files; a HEAD.lock of
 * okr's goes either way. 0, or -1 with a
 * message naming what could not be done.
 */
int okr_journal_recover(git_repository *repo);

#endif
