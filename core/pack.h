/*
 * pack.h: a read-only reader of a repository's pack files, for walks that
 * read many versions of the same trees and blobs. It keeps every version it
 * resolves on a delta chain in a bounded cache, which libgit2 1.5 does not.
 */
#ifndef OKR_PACK_H
#define OKR_PACK_H

#include <stddef.h>

#include <git2.h>

struct okr_packs;

/*
 * Open every pack (index version 2) in objects_dir/pack; a folder without
 * packs gives an empty set. cache_bytes bounds the cache of resolved
 * objects (0 for none). Never fails for a pack it cannot use: that pack is
 * skipped and its objects are "not found".
 */
int okr_packs_open(struct okr_packs **out, const char *objects_dir,
		   size_t cache_bytes);
/*
 * A second reader of base's packs, with a cache of its own, for another
 * thread (one reader is never used by two threads at once): the packs are
 * mapped once. base must be freed after it.
 */
int okr_packs_share(struct okr_packs **out, struct okr_packs *base,
		    size_t cache_bytes);
void okr_packs_free(struct okr_packs *packs);

/*
 * Read object id: 0 with *out malloc'd (len bytes, plus a NUL the caller
 * may rely on), its length and type; GIT_ENOTFOUND when no pack holds it
 * (a loose object, an alternate) or its delta base is in another pack;
 * -1 when the pack data is damaged. Either way, libgit2 can still be asked
 * (git_odb_read): it reports damage in its own words.
 */
int okr_packs_read(unsigned char **out, size_t *len, git_object_t *type,
		   struct okr_packs *packs, const git_oid *id);

#endif
