/*
 * commitcache.h: the commit cache, a file of raw commit objects under the
 * repository's git folder (<common dir>/okr-commit-cache) that history walks
 * read instead of inflating each commit from its pack: keyed by commit id,
 * so a commit's bytes can never go stale; each record checked by a CRC-32
 * and by its id, so a damaged file is passed over (the object store is
 * asked instead) and rewritten. Written whole to a temporary file and
 * renamed, when a walk read enough commits the cache did not have (new
 * commits, a rebased branch, a deepened shallow clone, a damaged cache);
 * a repository that cannot be written (read-only, a full disk) is read
 * without one. Deleting the file is always safe. OKR_NO_COMMIT_CACHE=1
 * (and OKR_NO_PACK=1) turn it off.
 *
 * Only history's object store (odb.h) calls it, for commits.
 */
#ifndef OKR_COMMITCACHE_H
#define OKR_COMMITCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

struct okr_ccache;

/* The cache at path, or NULL when it is turned off. The file is opened on
 * the first read; one that is missing or damaged is an empty cache. */
struct okr_ccache *okr_ccache_new(const char *path);

/* Commit id's bytes into *out (malloc'd, len bytes and a NUL): 0, or
 * GIT_ENOTFOUND when the cache does not hold it intact. */
int okr_ccache_get(unsigned char **out, size_t *len, struct okr_ccache *c,
		   const git_oid *id);

/* Commit id (len bytes) was read from the object store: keep it for the
 * next cache file. */
void okr_ccache_note(struct okr_ccache *c, const git_oid *id, const unsigned char *data,
		     size_t len);

/* Write the cache file when this reader noted enough new commits (errors
 * leave the old file, or none), then free c. */
void okr_ccache_free(struct okr_ccache *c);

/* Whether the environment turns the cache off. */
bool okr_ccache_disabled(void);

#endif
