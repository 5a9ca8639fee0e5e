/*
 * gitpriv.h: what git.c shares with the other modules of the git store
 * (gitcommit.c): the handle's fields and the wait-and-retry clock.
 */
#ifndef OKR_GITPRIV_H
#define OKR_GITPRIV_H

#include <git2.h>
#include <git2/sys/repository.h>
#include <stdbool.h>
#include <sys/stat.h>

/* How long to wait for another okr or git process before giving up. */
#define WAIT_MS 10000
#define BACKOFF_START_MS 5
#define BACKOFF_MAX_MS 100

struct okr_git {
	git_repository *repo;
	char *prefix;		/* OKR root inside the work tree: "" or "a/b/" */
	int lock_fd;		/* okr.lock while held, else -1 */
	/* okr_git_index_preload: the index read from <gitdir>okr-index, a
	 * link to the index file (whose dev, ino, size and mtime were these),
	 * set as the repository's index until the commit stages in it */
	git_index *staged;
	struct stat staged_st;
};

/* Whether the index file is still the one g->staged was read from. */
bool okr_git__staged_current(struct okr_git *g, const char *index_path);
/* Stop using g->staged: the repository's own index again, the link gone. */
void okr_git__staged_drop(struct okr_git *g);

/* A monotonic clock in milliseconds. */
long long okr_git__now_ms(void);

/* Sleep *delay ms and grow it (up to BACKOFF_MAX_MS). */
void okr_git__backoff(int *delay);

#endif
