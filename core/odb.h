/*
 * odb.h: history's object store, the one door to git objects for every
 * module that walks history: okr's own pack reader (pack.h) first, libgit2's
 * object database for what the packs do not hold (loose objects, alternates)
 * or hold damaged. OKR_NO_PACK=1 in the environment sends every read to
 * libgit2, so that tests can run both ways.
 *
 * Commits are read through the commit cache (commitcache.h) when it is on.
 *
 * An object that cannot be read is an error naming it (error.h), never a
 * silently missing object: a partial clone or a damaged pack must not make
 * a history shorter.
 */
#ifndef OKR_ODB_H
#define OKR_ODB_H

#include <stddef.h>

#include <git2.h>

#include "commitcache.h"

struct okr_odb;

/* The store of repo's objects (its common folder's objects/). */
int okr_odb_open(struct okr_odb **out, git_repository *repo);
/*
 * A store for another thread over the same packs (mapped once) and the same
 * objects folder, with caches of its own: a store is never used by two
 * threads at once. base must be freed after it. cache_bytes bounds its
 * cache of resolved deltas (0: as okr_odb_open's).
 */
int okr_odb_open_shared(struct okr_odb **out, const struct okr_odb *base, size_t cache_bytes);
void okr_odb_free(struct okr_odb *odb);

/*
 * Object id into *out (malloc'd, with a NUL after its len bytes), of type
 * want unless want is GIT_OBJECT_ANY; its type in *type when type is not
 * NULL. Returns 0; GIT_ENOTFOUND when no store has it; another negative
 * code when it cannot be read or has another type. On failure the error
 * (okr_error_last) names the object: "cannot read object <id>: <why>".
 */
int okr_odb_read(unsigned char **out, size_t *len, git_object_t *type,
		 struct okr_odb *odb, const git_oid *id, git_object_t want);

/*
 * Commit id, as okr_odb_read with GIT_OBJECT_ANY (*type says whether it is
 * a commit), from the commit cache when it holds it (commitcache.h); a
 * commit read from the stores is noted for the cache, which is written
 * when the store is freed. The store opened by okr_odb_open only.
 */
int okr_odb_read_commit(unsigned char **out, size_t *len, git_object_t *type,
			struct okr_odb *odb, const git_oid *id);

/*
 * The blobs that differ between two root trees, as the commit cache keeps
 * them (okr_ccache_get_diff: 0, 1 when too many, GIT_ENOTFOUND), and
 * noting them for it. A store from okr_odb_open_shared uses its base's
 * cache.
 */
int okr_odb_diff_get(struct okr_ccdiff **out, size_t *n, struct okr_odb *odb,
		     const git_oid *oldtree, const git_oid *newtree);
void okr_odb_diff_note(struct okr_odb *odb, const git_oid *oldtree,
		       const git_oid *newtree, const struct okr_ccdiff *v, size_t n,
		       bool toobig);

/* A blob's summary bytes as the commit cache keeps them
 * (okr_ccache_get_sum: 0 or GIT_ENOTFOUND), and noting them for it. */
int okr_odb_sum_get(unsigned char **out, size_t *len, struct okr_odb *odb,
		    const git_oid *blob);
void okr_odb_sum_note(struct okr_odb *odb, const git_oid *blob, const unsigned char *data,
		      size_t len);

#endif
