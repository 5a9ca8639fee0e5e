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
 * It also keeps what a commit without okr's trailers changed, for the
 * comparisons of hand edits (treediff.h): the blobs that differ between two
 * root trees, keyed by the pair of tree ids, and what each of those blobs
 * holds (its key results' values), keyed by the blob's id.
 *
 * Only history's object store (odb.h) calls it. A cache may be used by two
 * threads at once (a report's walk and its hand edits).
 */
#ifndef OKR_COMMITCACHE_H
#define OKR_COMMITCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* A blob that differs between two trees: at path (from the root) in both,
 * a blob in both, with other ids. */
struct okr_ccdiff {
	char *path;
	git_oid oldid, newid;
	uint32_t oldmode, newmode;
};

/*
 * The blobs that differ between root trees oldtree and newtree, in the
 * order of a depth-first walk of the trees: 0 with *out (malloc'd, n
 * entries, okr_ccdiff_free), 1 when they were too many to keep, or
 * GIT_ENOTFOUND.
 */
int okr_ccache_get_diff(struct okr_ccdiff **out, size_t *n, struct okr_ccache *c,
			const git_oid *oldtree, const git_oid *newtree);
/* Keep v (n entries; or, toobig, only that they were too many). */
void okr_ccache_note_diff(struct okr_ccache *c, const git_oid *oldtree,
			  const git_oid *newtree, const struct okr_ccdiff *v, size_t n,
			  bool toobig);
void okr_ccdiff_free(struct okr_ccdiff *v, size_t n);
/*
 * What a hand edit's comparison made of a blob (its key results' values,
 * treediff.c's bytes), keyed by the blob's id: get gives 0 with *out
 * (malloc'd, *len bytes and a NUL) or GIT_ENOTFOUND; note keeps data.
 */
int okr_ccache_get_sum(unsigned char **out, size_t *len, struct okr_ccache *c,
		       const git_oid *blob);
void okr_ccache_note_sum(struct okr_ccache *c, const git_oid *blob,
			 const unsigned char *data, size_t len);

/* Write the cache file when this reader noted enough new commits (errors
 * leave the old file, or none), then free c. */
void okr_ccache_free(struct okr_ccache *c);

/* Whether the environment turns the cache off. */
bool okr_ccache_disabled(void);

#endif
