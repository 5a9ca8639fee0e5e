/*
 * odb.c: history's object store (odb.h): okr's pack reader in front of
 * libgit2's object database, or libgit2 alone with OKR_NO_PACK=1; for
 * commits, the commit cache (commitcache.h) in front of both.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "commitcache.h"
#include "error.h"
#include "odb.h"
#include "pack.h"

/* Resolved trees and blobs kept by the pack reader, per thread (a report
 * has two). With the commit cache (commitcache.h) a warm walk reads no
 * commit and no tree from the packs: what is left is the snapshots and the
 * hand-edited blobs, which 4 MiB serves as well as 12 did (okr report on
 * the 100,000-commit benchmark: the same CPU time warm and cold, 12 MiB
 * less at the peak). The first run, which compares trees, took 2-3 % more
 * CPU with 4 MiB than with 12. */
#define PACK_CACHE_BYTES (4u << 20)

struct okr_odb {
	git_odb *odb;
	struct okr_packs *packs;	/* NULL with OKR_NO_PACK */
	char *objects;			/* the objects folder */
	struct okr_ccache *commits;	/* NULL when turned off */
	bool own_commits;		/* false: the base store's (shared) */
};

static bool
packs_wanted(void)
{
	const char *v = getenv("OKR_NO_PACK");

	return !v || !*v || strcmp(v, "0") == 0;
}

int
okr_odb_open(struct okr_odb **out, git_repository *repo)
{
	struct okr_odb *o = okr_xcalloc(1, sizeof(*o));
	char *path;
	int error;

	*out = NULL;
	o->objects = okr_xprintf("%sobjects", git_repository_commondir(repo));
	if ((error = git_repository_odb(&o->odb, repo)) < 0) {
		okr_odb_free(o);
		return okr_error_set_git(error, "cannot open the object database");
	}
	if (packs_wanted())
		okr_packs_open(&o->packs, o->objects, PACK_CACHE_BYTES);
	path = okr_xprintf("%sokr-commit-cache", git_repository_commondir(repo));
	o->commits = okr_ccache_new(path);
	o->own_commits = true;
	free(path);
	*out = o;
	return 0;
}

/* libgit2's objects are not shared between threads, so the odb is the new
 * thread's own; the pack maps are shared. */
int
okr_odb_open_shared(struct okr_odb **out, const struct okr_odb *base, size_t cache_bytes)
{
	struct okr_odb *o = okr_xcalloc(1, sizeof(*o));
	int error;

	*out = NULL;
	o->objects = okr_xstrdup(base->objects);
	if ((error = git_odb_open(&o->odb, o->objects)) < 0) {
		okr_odb_free(o);
		return okr_error_set_git(error, "cannot open the object database");
	}
	if (base->packs)
		okr_packs_share(&o->packs, base->packs,
				cache_bytes ? cache_bytes : PACK_CACHE_BYTES);
	o->commits = base->commits;	/* locks for itself */
	*out = o;
	return 0;
}

void
okr_odb_free(struct okr_odb *o)
{
	if (!o)
		return;
	if (o->own_commits)
		okr_ccache_free(o->commits);
	okr_packs_free(o->packs);
	git_odb_free(o->odb);
	free(o->objects);
	free(o);
}

static const char *
type_name(git_object_t t)
{
	return t == GIT_OBJECT_ANY ? "object" : git_object_type2string(t);
}

/* Damaged pack data is read again through libgit2, so that its error
 * message is the one reported. */
int
okr_odb_read(unsigned char **out, size_t *len, git_object_t *type,
	     struct okr_odb *o, const git_oid *id, git_object_t want)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_odb_object *obj;
	git_object_t t;
	int error;

	*out = NULL;
	if (!o->packs || okr_packs_read(out, len, &t, o->packs, id) < 0) {
		if ((error = git_odb_read(&obj, o->odb, id)) < 0) {
			git_oid_tostr(hex, sizeof(hex), id);
			return okr_error_set_git(error, "cannot read %s %s", type_name(want),
						 hex);
		}
		t = git_odb_object_type(obj);
		*len = git_odb_object_size(obj);
		*out = okr_xmalloc(*len + 1);
		memcpy(*out, git_odb_object_data(obj), *len);
		(*out)[*len] = '\0';
		git_odb_object_free(obj);
	}
	if (type)
		*type = t;
	if (want != GIT_OBJECT_ANY && t != want) {
		free(*out);
		*out = NULL;
		git_oid_tostr(hex, sizeof(hex), id);
		okr_error_set("cannot read %s %s: it is a %s", type_name(want), hex,
			      git_object_type2string(t));
		return GIT_EINVALID;
	}
	return 0;
}

int
okr_odb_read_commit(unsigned char **out, size_t *len, git_object_t *type,
		    struct okr_odb *o, const git_oid *id)
{
	int error;

	if (o->commits && okr_ccache_get(out, len, o->commits, id) == 0) {
		*type = GIT_OBJECT_COMMIT;
		return 0;
	}
	if ((error = okr_odb_read(out, len, type, o, id, GIT_OBJECT_ANY)) == 0 &&
	    *type == GIT_OBJECT_COMMIT)
		okr_ccache_note(o->commits, id, *out, *len);
	return error;
}

int
okr_odb_diff_get(struct okr_ccdiff **out, size_t *n, struct okr_odb *o,
		 const git_oid *oldtree, const git_oid *newtree)
{
	*out = NULL;
	*n = 0;
	if (!o->commits)
		return GIT_ENOTFOUND;
	return okr_ccache_get_diff(out, n, o->commits, oldtree, newtree);
}

void
okr_odb_diff_note(struct okr_odb *o, const git_oid *oldtree, const git_oid *newtree,
		  const struct okr_ccdiff *v, size_t n, bool toobig)
{
	okr_ccache_note_diff(o->commits, oldtree, newtree, v, n, toobig);
}

int
okr_odb_sum_get(unsigned char **out, size_t *len, struct okr_odb *o, const git_oid *blob)
{
	*out = NULL;
	*len = 0;
	if (!o->commits)
		return GIT_ENOTFOUND;
	return okr_ccache_get_sum(out, len, o->commits, blob);
}

void
okr_odb_sum_note(struct okr_odb *o, const git_oid *blob, const unsigned char *data,
		 size_t len)
{
	okr_ccache_note_sum(o->commits, blob, data, len);
}
