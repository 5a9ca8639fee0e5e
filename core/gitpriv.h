/*
 * gitpriv.h: what git.c shares with the other modules of the git store
 * (gitcommit.c): the handle's fields and the wait-and-retry clock.
 */
#ifndef OKR_GITPRIV_H
#define OKR_GITPRIV_H

#include <git2.h>

/* How long to wait for another okr or git process before giving up. */
#define WAIT_MS 10000
#define BACKOFF_START_MS 5
#define BACKOFF_MAX_MS 100

struct okr_git {
	git_repository *repo;
	char *prefix;		/* OKR root inside the work tree: "" or "a/b/" */
	int lock_fd;		/* okr.lock while held, else -1 */
};

/* A monotonic clock in milliseconds. */
long long okr_git__now_ms(void);

/* Sleep *delay ms and grow it (up to BACKOFF_MAX_MS). */
void okr_git__backoff(int *delay);

#endif
