/*
 * treediff.c: comparing trees and objective files (treediff.h). Two root
 * trees are compared once: the blobs that differ between them are kept in
 * the commit cache (commitcache.h), and a comparison the cache holds reads
 * no tree at all; a cache miss compares them whole, as below, and notes
 * the result. Commits that changed more than MAX_DIFF files are compared
 * as before, one folder or path at a time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rawobj.h"
#include "score.h"
#include "treediff.h"

/* More changed files than this and a comparison is not kept whole: a
 * merge or a mass edit, where comparing one folder reads fewer trees. */
#define MAX_DIFF 256

struct fulldiff {
	struct okr_ccdiff *v;
	size_t n, cap;
	bool toobig;
};

static bool
is_yaml(const char *name, size_t n)
{
	return n > 5 && memcmp(name + n - 5, ".yaml", 5) == 0;
}

static int full_diff(struct okr_differ *d, struct fulldiff *f, const git_oid *oldt,
		     const git_oid *newt, struct okr_buf *path, int depth);

void
okr_differ_init(struct okr_differ *d, struct okr_odb *odb, const char *prefix,
		const char *period, const struct okr_config *cfg, struct okr_arena *arena)
{
	memset(d, 0, sizeof(*d));
	d->odb = odb;
	d->prefix = prefix;
	d->period = period;
	d->cfg = cfg;
	d->arena = arena;
}

void
okr_differ_release(struct okr_differ *d)
{
	okr_odb_free(d->odb);
	free(d->sums);
	free(d->changes);
	okr_buf_free(&d->buf);
	d->odb = NULL;
	d->sums = NULL;
	d->changes = NULL;
}

static size_t
oid_slot(const git_oid *id, size_t cap)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	return (size_t)h & (cap - 1);
}

static void
sums_put(struct okr_differ *d, struct okr_blobsum *s)
{
	size_t i;

	if ((d->nsums + 1) * 2 > d->capsums) {
		struct okr_blobsum **old = d->sums;
		size_t oldcap = d->capsums;

		d->capsums = oldcap ? oldcap * 2 : 256;
		d->sums = okr_xcalloc(d->capsums, sizeof(*d->sums));
		for (i = 0; i < oldcap; i++) {
			size_t j;

			if (!old[i])
				continue;
			for (j = oid_slot(&old[i]->blob, d->capsums); d->sums[j];
			     j = (j + 1) & (d->capsums - 1))
				;
			d->sums[j] = old[i];
		}
		free(old);
	}
	for (i = oid_slot(&s->blob, d->capsums); d->sums[i]; i = (i + 1) & (d->capsums - 1))
		;
	d->sums[i] = s;
	d->nsums++;
}

static struct okr_blobsum *
sums_get(struct okr_differ *d, const git_oid *id)
{
	size_t i;

	if (!d->capsums)
		return NULL;
	for (i = oid_slot(id, d->capsums); d->sums[i]; i = (i + 1) & (d->capsums - 1))
		if (git_oid_equal(&d->sums[i]->blob, id))
			return d->sums[i];
	return NULL;
}

/* Key result kr as k (strings in a). false when it has no id or value. */
static bool
krsum_of(struct okr_krsum *k, const struct okr_kr *kr, struct okr_arena *a)
{
	const struct okr_node *cur;
	char text[48];

	if (!kr->id || !(k->has_value = okr_kr_value(kr, &k->value)))
		return false;
	k->id = okr_arena_strndup(a, kr->id, strlen(kr->id));
	k->conf = kr->confidence;
	k->has_conf = kr->has_confidence;
	if (kr->kind == OKR_KR_BINARY) {
		k->text = kr->done ? "done" : "not-done";
	} else if (kr->kind == OKR_KR_MILESTONE) {
		size_t j, done = 0;

		for (j = 0; j < kr->nmilestones; j++)
			done += kr->milestones[j].done;
		snprintf(text, sizeof(text), "%zu/%zu", done, kr->nmilestones);
		k->text = okr_arena_strndup(a, text, strlen(text));
	} else {
		cur = okr_map_get(kr->node, "current");
		k->text = okr_arena_strndup(a, cur->value, cur->len);
	}
	return true;
}

/* ---- summaries in the commit cache ----
 *
 * u32 nkrs, then per key result: u8 flags (1 a value, 2 a confidence),
 * u64 value and u64 confidence (IEEE 754 bits), u16 id length, the id,
 * u16 text length, the text; integers big-endian. A summary depends on the
 * blob's bytes alone (the settings only add diagnostics, which a summary
 * drops), so the blob's id is its key.
 */

static void
put_be(struct okr_buf *b, uint64_t v, int bytes)
{
	int i;

	for (i = 8 * (bytes - 1); i >= 0; i -= 8)
		okr_buf_putc(b, (char)(v >> i & 0xff));
}

static void
put_double(struct okr_buf *b, double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof(v));
	put_be(b, v, 8);
}

/* s as bytes into b; false when a string is too long to keep. */
static bool
sum_encode(struct okr_buf *b, const struct okr_blobsum *s)
{
	size_t i;

	if (s->nkrs > UINT32_MAX)
		return false;
	put_be(b, s->nkrs, 4);
	for (i = 0; i < s->nkrs; i++) {
		const struct okr_krsum *k = &s->krs[i];
		size_t idlen = strlen(k->id), tlen = strlen(k->text);

		if (idlen > 0xffff || tlen > 0xffff)
			return false;
		okr_buf_putc(b, (char)((k->has_value ? 1 : 0) | (k->has_conf ? 2 : 0)));
		put_double(b, k->value);
		put_double(b, k->conf);
		put_be(b, idlen, 2);
		okr_buf_put(b, k->id, idlen);
		put_be(b, tlen, 2);
		okr_buf_put(b, k->text, tlen);
	}
	return true;
}

static uint64_t
get_u64(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* The summary of blob id from bytes p (len): NULL when they do not parse. */
static struct okr_blobsum *
sum_decode(struct okr_differ *d, const git_oid *id, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	struct okr_arena *a = d->arena;
	struct okr_blobsum *s;
	uint64_t v;
	size_t n, i;

	if (len < 4 || (n = (size_t)get_u64(p, 4)) > (len - 4) / 21)
		return NULL;
	p += 4;
	s = okr_arena_alloc(a, sizeof(*s));
	s->blob = *id;
	s->nkrs = n;
	s->krs = okr_arena_alloc(a, (n + 1) * sizeof(*s->krs));
	for (i = 0; i < n; i++) {
		struct okr_krsum *k = &s->krs[i];
		size_t l;

		if (end - p < 19)
			return NULL;
		if (p[0] & ~3u)
			return NULL;
		k->has_value = p[0] & 1;
		k->has_conf = (p[0] & 2) != 0;
		v = get_u64(p + 1, 8);
		memcpy(&k->value, &v, sizeof(v));
		v = get_u64(p + 9, 8);
		memcpy(&k->conf, &v, sizeof(v));
		l = (size_t)get_u64(p + 17, 2);
		p += 19;
		if ((size_t)(end - p) < l + 2 || memchr(p, '\0', l))
			return NULL;
		k->id = okr_arena_strndup(a, (const char *)p, l);
		p += l;
		l = (size_t)get_u64(p, 2);
		p += 2;
		if ((size_t)(end - p) < l || memchr(p, '\0', l))
			return NULL;
		k->text = okr_arena_strndup(a, (const char *)p, l);
		p += l;
	}
	return p == end ? s : NULL;
}

/* The summary of blob id as the commit cache has it, or NULL. */
static struct okr_blobsum *
sum_cached(struct okr_differ *d, const git_oid *id)
{
	struct okr_blobsum *s = NULL;
	unsigned char *bytes;
	size_t len;

	if (okr_odb_sum_get(&bytes, &len, d->odb, id) == 0) {
		s = sum_decode(d, id, bytes, len);
		free(bytes);
	}
	return s;
}

static void
sum_note(struct okr_differ *d, const struct okr_blobsum *s)
{
	struct okr_buf b = OKR_BUF_INIT;

	if (sum_encode(&b, s))
		okr_odb_sum_note(d->odb, &s->blob, (const unsigned char *)b.ptr, b.len);
	okr_buf_free(&b);
}

/* libgit2 does not cache blobs, and a hand edit's old blob is often an
 * earlier hand edit's new one: hence the cache, and the commit cache's
 * copy across runs. */
int
okr_differ_summary(const struct okr_blobsum **out, struct okr_differ *d,
		   const git_oid *id, const char *relpath)
{
	struct okr_arena *a = d->arena;
	struct okr_blobsum *s = sums_get(d, id);
	struct okr_objective *obj = NULL;
	struct okr_diags scratch = { 0 };
	unsigned char *blob;
	size_t i, len;
	int error;

	*out = s;
	if (s)
		return 0;
	if ((s = sum_cached(d, id))) {
		sums_put(d, s);
		*out = s;
		return 0;
	}
	if ((error = okr_odb_read(&blob, &len, NULL, d->odb, id, GIT_OBJECT_BLOB)) < 0) {
		char why[512];

		/* "cannot read blob <id>: why" -> "... blob <id> of '<file>': why" */
		size_t head = strlen("cannot read blob ") + GIT_OID_HEXSZ;

		snprintf(why, sizeof(why), "%s", okr_error_last());
		if (strlen(why) > head && strncmp(why, "cannot read blob ", 17) == 0)
			okr_error_set("%.*s of '%s'%s", (int)head, why, relpath, why + head);
		return error;
	}
	s = okr_arena_alloc(a, sizeof(*s));
	s->blob = *id;
	s->krs = NULL;
	s->nkrs = 0;
	if (okr_objective_load(&obj, d->cfg, relpath, relpath, (const char *)blob, len,
			       &scratch) == 0) {
		s->krs = okr_arena_alloc(a, (obj->nkrs + 1) * sizeof(*s->krs));
		for (i = 0; i < obj->nkrs; i++)
			s->nkrs += krsum_of(&s->krs[s->nkrs], &obj->krs[i], a);
		okr_objective_free(obj);
	}
	okr_diags_free(&scratch);
	free(blob);
	sums_put(d, s);
	sum_note(d, s);
	*out = s;
	return 0;
}

int
okr_differ_blob_at(struct okr_differ *d, git_oid *out, const git_oid *tree_id,
		   const char *relpath)
{
	struct okr_tentry e;
	int error;

	okr_buf_clear(&d->buf);
	okr_buf_printf(&d->buf, "%s%s", d->prefix, relpath);
	if ((error = okr_rawtree_path(&e, d->odb, tree_id, d->buf.ptr)) == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	if (e.type != GIT_OBJECT_BLOB)
		return 0;
	*out = e.id;
	return 1;
}

/* The entry name (len bytes) of tree id into *e: 1, 0 when absent,
 * negative when the tree cannot be read. */
static int
entry_of(struct okr_tentry *e, struct okr_differ *d, const git_oid *id, const char *name,
	 size_t len)
{
	struct okr_rawtree t;
	size_t pos = 0;
	int more;

	if (okr_rawtree_read(&t, d->odb, id) < 0)
		return -1;
	while ((more = okr_rawtree_next(e, &t, &pos)) > 0 && !okr_tentry_is(e, name, len))
		;
	e->name = NULL;	/* it pointed into t */
	okr_rawtree_free(&t);
	return more;
}

/* Entries en (new) and eo (old) paired: a blob in both with other ids is
 * a change; two trees with other ids are compared below path. */
static int
full_pair(struct okr_differ *d, struct fulldiff *f, const struct okr_tentry *eo,
	  const struct okr_tentry *en, struct okr_buf *path, int depth)
{
	size_t at = path->len;
	int error = 0;

	if (git_oid_equal(&eo->id, &en->id) || eo->type != en->type)
		return 0;
	okr_buf_put(path, en->name, en->namelen);
	if (en->type == GIT_OBJECT_TREE) {
		okr_buf_putc(path, '/');
		error = full_diff(d, f, &eo->id, &en->id, path, depth + 1);
	} else if (en->type == GIT_OBJECT_BLOB) {
		struct okr_ccdiff *c;

		if (f->n == MAX_DIFF) {
			f->toobig = true;
		} else {
			if (f->n == f->cap) {
				f->cap = f->cap ? f->cap * 2 : 8;
				f->v = okr_xrealloc(f->v, f->cap * sizeof(*f->v));
			}
			c = &f->v[f->n++];
			c->path = okr_xstrdup(path->ptr);
			c->oldid = eo->id;
			c->newid = en->id;
			c->oldmode = (uint32_t)eo->mode;
			c->newmode = (uint32_t)en->mode;
		}
	}
	path->len = at;
	path->ptr[at] = '\0';
	return error;
}

/* Every blob that differs between trees oldt and newt (below path, which
 * ends in '/' or is empty), in the order of the trees, into f; stops when
 * f->toobig. Both trees are in git's order, so one pass pairs them. */
static int
full_diff(struct okr_differ *d, struct fulldiff *f, const git_oid *oldt, const git_oid *newt,
	  struct okr_buf *path, int depth)
{
	struct okr_rawtree to = { NULL, 0 }, tn = { NULL, 0 };
	struct okr_tentry eo, en;
	size_t po = 0, pn = 0;
	int error, more_o;

	if (depth > 200) {
		f->toobig = true;
		return 0;
	}
	if ((error = okr_rawtree_read(&to, d->odb, oldt)) < 0 ||
	    (error = okr_rawtree_read(&tn, d->odb, newt)) < 0)
		goto done;
	if ((more_o = error = okr_rawtree_next(&eo, &to, &po)) < 0)
		goto done;
	while (!f->toobig && (error = okr_rawtree_next(&en, &tn, &pn)) > 0) {
		int cmp = 1;

		while (more_o > 0 && (cmp = okr_tentry_cmp(&eo, &en)) < 0)
			if ((more_o = error = okr_rawtree_next(&eo, &to, &po)) < 0)
				goto done;
		if (more_o > 0 && cmp == 0 && (error = full_pair(d, f, &eo, &en, path, depth)) < 0)
			goto done;
	}
done:
	okr_rawtree_free(&to);
	okr_rawtree_free(&tn);
	return error < 0 ? error : 0;
}

/*
 * The blobs that differ between root trees oldtree and newtree, from the
 * commit cache or, with compute, compared whole (and noted): 0 with *out
 * and *n; 1 when they are too many or not cached and not to be computed
 * (compare one folder or path instead); negative when a tree cannot be
 * read. okr log does not compute them: following one path reads a third
 * fewer trees than comparing whole, and its first run took 30 % more CPU
 * on the 100,000-commit benchmark (12 % without); okr report compares the
 * period whole anyway.
 */
static int
root_diff(struct okr_ccdiff **out, size_t *n, struct okr_differ *d, const git_oid *oldtree,
	  const git_oid *newtree, bool compute)
{
	struct fulldiff f = { NULL, 0, 0, false };
	struct okr_buf path = OKR_BUF_INIT;
	int error;

	if ((error = okr_odb_diff_get(out, n, d->odb, oldtree, newtree)) != GIT_ENOTFOUND)
		return error;
	if (!compute)
		return 1;
	okr_buf_grow(&path, 256);
	path.ptr[0] = '\0';
	if ((error = full_diff(d, &f, oldtree, newtree, &path, 0)) < 0) {
		okr_ccdiff_free(f.v, f.n);
		okr_buf_free(&path);
		return error;
	}
	okr_buf_free(&path);
	okr_odb_diff_note(d->odb, oldtree, newtree, f.v, f.n, f.toobig);
	if (f.toobig) {
		okr_ccdiff_free(f.v, f.n);
		return 1;
	}
	*out = f.v;
	*n = f.n;
	return 0;
}

int
okr_differ_file_changed(struct okr_differ *d, git_oid *oldb, git_oid *newb,
			const git_oid *oldtree, const git_oid *newtree, const char *relpath)
{
	git_oid o = *oldtree, n = *newtree;
	struct okr_ccdiff *v;
	const char *path;
	size_t nv, i;
	int error;

	if (git_oid_equal(oldtree, newtree))
		return 0;
	if ((error = root_diff(&v, &nv, d, oldtree, newtree, false)) < 0)
		return error;
	if (error == 0) {
		okr_buf_clear(&d->buf);
		okr_buf_printf(&d->buf, "%s%s", d->prefix, relpath);
		for (i = 0; i < nv && strcmp(v[i].path, d->buf.ptr) != 0; i++)
			;
		if (i < nv) {
			*oldb = v[i].oldid;
			*newb = v[i].newid;
		}
		okr_ccdiff_free(v, nv);
		return i < nv;
	}

	okr_buf_clear(&d->buf);
	okr_buf_printf(&d->buf, "%s%s", d->prefix, relpath);
	for (path = d->buf.ptr;;) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		struct okr_tentry eo, en;

		if (git_oid_equal(&o, &n))
			return 0;
		if ((error = entry_of(&en, d, &n, path, len)) <= 0 ||
		    (error = entry_of(&eo, d, &o, path, len)) <= 0)
			return error;
		if (!slash) {
			if (en.type != GIT_OBJECT_BLOB || eo.type != GIT_OBJECT_BLOB ||
			    git_oid_equal(&eo.id, &en.id))
				return 0;
			*oldb = eo.id;
			*newb = en.id;
			return 1;
		}
		if (en.type != GIT_OBJECT_TREE || eo.type != GIT_OBJECT_TREE)
			return 0;
		o = eo.id;
		n = en.id;
		path = slash + 1;
	}
}

static bool
conf_changed(const struct okr_krsum *a, const struct okr_krsum *b)
{
	return a->has_conf != b->has_conf || (a->has_conf && a->conf != b->conf);
}

int
okr_differ_blobs(struct okr_differ *d, const git_oid *oldb, const git_oid *newb,
		 const char *relpath)
{
	const struct okr_blobsum *so, *sn;
	size_t i, j, stem = strlen(relpath) - 5;
	int error;

	if ((error = okr_differ_summary(&so, d, oldb, relpath)) < 0 ||
	    (error = okr_differ_summary(&sn, d, newb, relpath)) < 0)
		return error;
	for (i = 0; i < sn->nkrs; i++) {
		const struct okr_krsum *kn = &sn->krs[i], *ko = NULL;
		struct okr_change *ch;

		for (j = 0; j < so->nkrs && !ko; j++)
			if (strcmp(so->krs[j].id, kn->id) == 0)
				ko = &so->krs[j];
		if (!ko || (ko->value == kn->value && !conf_changed(ko, kn)))
			continue;
		if (d->nchanges == d->capchanges) {
			d->capchanges = d->capchanges ? d->capchanges * 2 : 16;
			d->changes = okr_xrealloc(d->changes,
						  d->capchanges * sizeof(*d->changes));
		}
		okr_buf_clear(&d->buf);
		okr_buf_printf(&d->buf, "%.*s#%s", (int)stem, relpath, kn->id);
		ch = &d->changes[d->nchanges++];
		ch->ref = okr_arena_strndup(d->arena, d->buf.ptr, d->buf.len);
		ch->k = kn;
	}
	return 0;
}


/* Descend only where the two trees differ; rel ends in '/'. Both trees are
 * in git's order, so one pass pairs their entries. */
static int
compare_trees(struct okr_differ *d, const git_oid *oldt, const git_oid *newt,
	      const char *rel, int depth)
{
	struct okr_rawtree to = { NULL, 0 }, tn = { NULL, 0 };
	struct okr_tentry eo, en;
	size_t po = 0, pn = 0;
	int error, more_o;

	if (depth > 64)
		return 0;
	if ((error = okr_rawtree_read(&to, d->odb, oldt)) < 0 ||
	    (error = okr_rawtree_read(&tn, d->odb, newt)) < 0)
		goto done;
	if ((more_o = error = okr_rawtree_next(&eo, &to, &po)) < 0)
		goto done;
	while ((error = okr_rawtree_next(&en, &tn, &pn)) > 0) {
		char *sub;
		int cmp = 1;

		while (more_o > 0 && (cmp = okr_tentry_cmp(&eo, &en)) < 0)
			if ((more_o = error = okr_rawtree_next(&eo, &to, &po)) < 0)
				goto done;
		if (more_o <= 0 || cmp != 0 || git_oid_equal(&eo.id, &en.id) ||
		    eo.type != en.type || en.name[0] == '.')
			continue;
		if (en.type == GIT_OBJECT_TREE) {
			sub = okr_xprintf("%s%.*s/", rel, (int)en.namelen, en.name);
			error = compare_trees(d, &eo.id, &en.id, sub, depth + 1);
			free(sub);
		} else if (en.type == GIT_OBJECT_BLOB && en.mode != GIT_FILEMODE_LINK &&
			   eo.mode != GIT_FILEMODE_LINK && is_yaml(en.name, en.namelen)) {
			sub = okr_xprintf("%s%.*s", rel, (int)en.namelen, en.name);
			error = okr_differ_blobs(d, &eo.id, &en.id, sub);
			free(sub);
		}
		if (error < 0)
			goto done;
	}
done:
	okr_rawtree_free(&to);
	okr_rawtree_free(&tn);
	return error < 0 ? error : 0;
}


/* Whether change c (path from the root) is one compare_trees would find
 * below folder dir (prefix and period, with a '/'): a YAML file, no
 * symbolic link, no name below dir starting with '.', at most 65 levels
 * down. */
static bool
period_change(const struct okr_ccdiff *c, const char *dir, size_t dirlen)
{
	const char *p = c->path + dirlen, *name = p;
	int levels = 1;

	if (strncmp(c->path, dir, dirlen) != 0 || c->oldmode == GIT_FILEMODE_LINK ||
	    c->newmode == GIT_FILEMODE_LINK)
		return false;
	for (; *p; p++) {
		if (*p == '/') {
			if (*name == '.' || ++levels > 65)
				return false;
			name = p + 1;
		}
	}
	return *name != '.' && is_yaml(name, strlen(name));
}

/* okr_differ_trees from the whole comparison of the roots. */
static int
trees_from(struct okr_differ *d, const struct okr_ccdiff *v, size_t n)
{
	char *dir = okr_xprintf("%s%s/", d->prefix, d->period);
	size_t plen = strlen(d->prefix), dirlen = strlen(dir), i;
	int error = 0;

	for (i = 0; i < n && error >= 0; i++)
		if (period_change(&v[i], dir, dirlen))
			error = okr_differ_blobs(d, &v[i].oldid, &v[i].newid, v[i].path + plen);
	free(dir);
	return error < 0 ? error : 0;
}

int
okr_differ_trees(struct okr_differ *d, const git_oid *oldtree, const git_oid *newtree)
{
	struct okr_tentry eo, en;
	struct okr_ccdiff *v;
	size_t nv;
	char *rel;
	int error;

	if (git_oid_equal(oldtree, newtree))
		return 0;
	if ((error = root_diff(&v, &nv, d, oldtree, newtree, true)) < 0)
		return error;
	if (error == 0) {
		error = trees_from(d, v, nv);
		okr_ccdiff_free(v, nv);
		return error;
	}
	okr_buf_clear(&d->buf);
	okr_buf_printf(&d->buf, "%s%s", d->prefix, d->period);
	/* a tree that cannot be read is an error; a missing folder is not */
	if ((error = okr_rawtree_path(&eo, d->odb, oldtree, d->buf.ptr)) == GIT_ENOTFOUND ||
	    (!error && (error = okr_rawtree_path(&en, d->odb, newtree, d->buf.ptr)) ==
			       GIT_ENOTFOUND))
		return 0;
	if (error < 0)
		return error;
	if (eo.type != GIT_OBJECT_TREE || en.type != GIT_OBJECT_TREE ||
	    git_oid_equal(&eo.id, &en.id))
		return 0;
	rel = okr_xprintf("%s/", d->period);
	error = compare_trees(d, &eo.id, &en.id, rel, 0);
	free(rel);
	return error;
}
