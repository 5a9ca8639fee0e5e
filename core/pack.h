/*
 * pack.h: a read-only reader of a repository's pack files, for walks that
 * read many versions of the same trees and blobs. libgit2 1.5 caches the
 * steps of a delta chain too; what this reader saves is the cost per object
 * read: libdeflate instead of zlib's streams, no SHA-1 check, no locking,
 * one copy. Only history's object store (odb.h) calls it.
 *
 * It does NOT verify object ids: an object's bytes are trusted to hash to
 * the id the pack index gives (git fsck, and libgit2's own reads, do
 * check). Damage it can see (bad zlib data, bad deltas, offsets out of
 * range) is an error, and the object store then asks libgit2.
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
