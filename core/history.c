/*
 * history.c: a period's history from git. One first-parent walk reads each
 * commit straight from the object database, trusts okr's trailers where a
 * commit has them and compares trees (only the period's folder, only the
 * subtrees that changed, on a second thread while the walk goes on) where it
 * has not; an index then answers "what was this key result's value on that
 * day" for the report.
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "score.h"
#include "pack.h"
#include "yamltree.h"

/* Resolved trees and blobs kept by the pack reader: a few hundred delta
 * chains of this repository's largest trees and files. */
#define PACK_CACHE_BYTES (24u << 20)

/* ---- interned strings: one copy of each ref, name and email ---- */

struct strset {
	struct strslot {
		const char *s;
		size_t len;
		uint64_t hash;
		uint32_t ord;
	} *slots;
	size_t cap, n;
};

static uint64_t
str_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	while (len--) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ull;
	}
	return h;
}

static struct strslot *
strset_find(const struct strset *set, const char *s, size_t len, uint64_t h)
{
	size_t i;

	if (!set->cap)
		return NULL;
	for (i = h & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		struct strslot *e = &set->slots[i];

		if (!e->s || (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0))
			return e;
	}
}

static void
strset_grow(struct strset *set)
{
	struct strset bigger = { NULL, set->cap ? set->cap * 2 : 256, set->n };
	size_t i;

	bigger.slots = okr_xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (i = 0; i < set->cap; i++)
		if (set->slots[i].s)
			*strset_find(&bigger, set->slots[i].s, set->slots[i].len,
				     set->slots[i].hash) = set->slots[i];
	free(set->slots);
	*set = bigger;
}

/* The one copy of s (in arena); *ord numbers the distinct strings from 0. */
static const char *
intern(struct strset *set, struct okr_arena *arena, const char *s, size_t len,
       uint32_t *ord)
{
	uint64_t h = str_hash(s, len);
	struct strslot *e;

	if ((set->n + 1) * 2 > set->cap)
		strset_grow(set);
	e = strset_find(set, s, len, h);
	if (!e->s) {
		e->s = okr_arena_strndup(arena, s, len);
		e->len = len;
		e->hash = h;
		e->ord = (uint32_t)set->n++;
	}
	if (ord)
		*ord = e->ord;
	return e->s;
}

/* ---- objects: from the packs when they hold them, else from libgit2 ---- */

struct reader {
	git_odb *odb;
	struct okr_packs *packs;
};

static int
reader_open(struct reader *r, git_repository *repo)
{
	char *objects = okr_xprintf("%sobjects", git_repository_commondir(repo));
	int error;

	memset(r, 0, sizeof(*r));
	okr_packs_open(&r->packs, objects, PACK_CACHE_BYTES);
	free(objects);
	if ((error = git_repository_odb(&r->odb, repo)) < 0) {
		okr_packs_free(r->packs);
		r->packs = NULL;
	}
	return error;
}

/* A reader for another thread, of the same packs as base: libgit2's
 * objects are not shared between threads, so the odb is its own. */
static int
reader_open_shared(struct reader *r, const struct reader *base, const char *objects)
{
	int error;

	memset(r, 0, sizeof(*r));
	if (base->packs)
		okr_packs_share(&r->packs, base->packs, PACK_CACHE_BYTES);
	if ((error = git_odb_open(&r->odb, objects)) < 0) {
		okr_packs_free(r->packs);
		r->packs = NULL;
	}
	return error;
}

static void
reader_close(struct reader *r)
{
	okr_packs_free(r->packs);
	git_odb_free(r->odb);
	memset(r, 0, sizeof(*r));
}

/* Object id into *out (malloc'd, NUL-terminated), which must be of type
 * want unless want is GIT_OBJECT_ANY. Damaged pack data is read again
 * through libgit2, so that its error message is the one reported. */
static int
obj_read(unsigned char **out, size_t *len, git_object_t *type, struct reader *r,
	 const git_oid *id, git_object_t want)
{
	git_odb_object *o;
	git_object_t t;
	int error;

	if (!r->packs || okr_packs_read(out, len, &t, r->packs, id) < 0) {
		if ((error = git_odb_read(&o, r->odb, id)) < 0)
			return error;
		t = git_odb_object_type(o);
		*len = git_odb_object_size(o);
		*out = okr_xmalloc(*len + 1);
		memcpy(*out, git_odb_object_data(o), *len);
		(*out)[*len] = '\0';
		git_odb_object_free(o);
	}
	if (type)
		*type = t;
	if (want != GIT_OBJECT_ANY && t != want) {
		free(*out);
		*out = NULL;
		git_error_set_str(GIT_ERROR_INVALID,
				  "the requested type does not match the type in the ODB");
		return GIT_ENOTFOUND;
	}
	return 0;
}

/* ---- trees read raw: "mode name\0" and 20 bytes of id per entry ---- */

struct tree {
	unsigned char *data;
	size_t len;
};

struct tentry {
	const char *name;
	size_t namelen;
	git_filemode_t mode;	/* as libgit2's git_tree_entry_filemode */
	git_object_t type;	/* as git_tree_entry_type */
	git_oid id;
};

static int
tree_read(struct tree *t, struct reader *r, const git_oid *id)
{
	return obj_read(&t->data, &t->len, NULL, r, id, GIT_OBJECT_TREE);
}

static void
tree_free(struct tree *t)
{
	free(t->data);
	t->data = NULL;
}

static git_filemode_t
normalize_mode(unsigned mode)
{
	if ((mode & 0170000) == 0040000)
		return GIT_FILEMODE_TREE;
	if (mode & 0100)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	if ((mode & 0170000) == 0160000)
		return GIT_FILEMODE_COMMIT;
	if ((mode & 0170000) == 0120000)
		return GIT_FILEMODE_LINK;
	return GIT_FILEMODE_BLOB;
}

/* The entry at *pos: 1 and *e, 0 at the end, -1 when the tree is damaged. */
static int
tree_next(struct tentry *e, const struct tree *t, size_t *pos)
{
	const char *p = (const char *)t->data + *pos, *end = (const char *)t->data + t->len;
	const char *nul;
	unsigned mode = 0;
	int digits = 0;

	if (p >= end)
		return 0;
	for (; p < end && *p >= '0' && *p <= '7' && digits < 7; p++, digits++)
		mode = mode * 8 + (unsigned)(*p - '0');
	if (!digits || p >= end || *p != ' ')
		goto bad;
	p++;
	nul = memchr(p, '\0', (size_t)(end - p));
	if (!nul || nul == p || end - nul - 1 < GIT_OID_RAWSZ)
		goto bad;
	e->name = p;
	e->namelen = (size_t)(nul - p);
	e->mode = normalize_mode(mode);
	e->type = (mode & 0170000) == 0160000 ? GIT_OBJECT_COMMIT :
		  (mode & 0170000) == 0040000 ? GIT_OBJECT_TREE : GIT_OBJECT_BLOB;
	memcpy(e->id.id, nul + 1, GIT_OID_RAWSZ);
	*pos = (size_t)(nul + 1 + GIT_OID_RAWSZ - (const char *)t->data);
	return 1;
bad:
	git_error_set_str(GIT_ERROR_TREE, "failed to parse tree: object is corrupted");
	return -1;
}

/* git's order of tree entries: a tree's name sorts as if it ended in '/'. */
static int
tentry_cmp(const struct tentry *a, const struct tentry *b)
{
	size_t n = a->namelen < b->namelen ? a->namelen : b->namelen;
	int c = memcmp(a->name, b->name, n);
	unsigned ca, cb;

	if (c)
		return c;
	ca = a->namelen > n ? (unsigned char)a->name[n] : a->mode == GIT_FILEMODE_TREE ? '/' : 0;
	cb = b->namelen > n ? (unsigned char)b->name[n] : b->mode == GIT_FILEMODE_TREE ? '/' : 0;
	return (int)ca - (int)cb;
}

static bool
tentry_is(const struct tentry *e, const char *name, size_t len)
{
	return e->namelen == len && memcmp(e->name, name, len) == 0;
}

/* The entry at path ("a/b/c", below the tree root): 0, GIT_ENOTFOUND when
 * absent, another negative code when a tree cannot be read. */
static int
tree_path(struct tentry *out, struct reader *r, const git_oid *root, const char *path)
{
	git_oid cur = *root;
	int error = 0;

	for (;;) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path), pos = 0;
		struct tree t;
		struct tentry e;
		bool found = false;

		if ((error = tree_read(&t, r, &cur)) < 0)
			return error;
		while ((error = tree_next(&e, &t, &pos)) > 0)
			if (tentry_is(&e, path, len)) {
				found = true;
				break;
			}
		if (found) {
			*out = e;
			out->name = NULL;	/* it points into t */
			cur = e.id;
		}
		tree_free(&t);
		if (error < 0)
			return error;
		if (!found)
			return GIT_ENOTFOUND;
		if (!slash || !slash[1])
			return 0;
		if (out->type != GIT_OBJECT_TREE)
			return GIT_ENOTFOUND;
		path = slash + 1;
	}
}

/* ---- a commit read raw: no libgit2 object, no parse of what we skip ---- */

struct rawsig {
	const char *name, *email;
	size_t nlen, elen;
	int64_t time;
	int offset;		/* minutes east of UTC */
};

struct rawcommit {
	unsigned char *obj;
	git_oid id, tree, parent;
	bool has_parent;
	struct rawsig author, committer;
	const char *msg;
	size_t msglen;
};

static okr_date
day_of(int64_t time, int offset)
{
	int64_t t = time + (int64_t)offset * 60;

	return (okr_date)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

/* "Name <email> 1700000000 +0100" (p up to end, no newline). */
static int
parse_sig(struct rawsig *sig, const char *p, const char *end)
{
	const char *lt = memchr(p, '<', (size_t)(end - p)), *gt, *q;
	char *stop;
	long tz;

	gt = lt ? memchr(lt, '>', (size_t)(end - lt)) : NULL;
	if (!gt)
		return -1;
	sig->name = p;
	sig->nlen = (size_t)(lt - p);
	while (sig->nlen && sig->name[sig->nlen - 1] == ' ')
		sig->nlen--;
	sig->email = lt + 1;
	sig->elen = (size_t)(gt - lt - 1);
	q = gt + 1;
	while (q < end && *q == ' ')
		q++;
	errno = 0;
	sig->time = strtoll(q, &stop, 10);
	if (stop == q || stop > end)
		return -1;
	q = stop;
	while (q < end && *q == ' ')
		q++;
	sig->offset = 0;
	if (q + 5 <= end && (*q == '+' || *q == '-')) {
		tz = strtol(q + 1, NULL, 10);
		sig->offset = (int)(tz / 100 * 60 + tz % 100) * (*q == '-' ? -1 : 1);
	}
	return 0;
}

static void
rawcommit_release(struct rawcommit *c)
{
	free(c->obj);
	c->obj = NULL;
}

static int
read_commit(struct rawcommit *c, struct reader *r, const git_oid *id)
{
	const char *p, *end;
	bool tree = false, author = false, committer = false;
	git_object_t type;
	size_t len;
	int error;

	memset(c, 0, sizeof(*c));
	if ((error = obj_read(&c->obj, &len, &type, r, id, GIT_OBJECT_ANY)) < 0)
		return error;
	c->id = *id;
	p = (const char *)c->obj;
	end = p + len;
	if (type != GIT_OBJECT_COMMIT)
		goto bad;
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if (!tree && eol - p == 45 && memcmp(p, "tree ", 5) == 0) {
			if (git_oid_fromstrn(&c->tree, p + 5, GIT_OID_HEXSZ) < 0)
				goto bad;
			tree = true;
		} else if (!c->has_parent && eol - p == 47 && memcmp(p, "parent ", 7) == 0) {
			if (git_oid_fromstrn(&c->parent, p + 7, GIT_OID_HEXSZ) < 0)
				goto bad;
			c->has_parent = true;
		} else if (!author && eol - p > 7 && memcmp(p, "author ", 7) == 0) {
			if (parse_sig(&c->author, p + 7, eol) < 0)
				goto bad;
			author = true;
		} else if (!committer && eol - p > 10 && memcmp(p, "committer ", 10) == 0) {
			if (parse_sig(&c->committer, p + 10, eol) < 0)
				goto bad;
			committer = true;
		}
		p = eol + 1;
	}
	if (!tree || !author || !committer)
		goto bad;
	c->msg = p < end ? p + 1 : end;
	c->msglen = (size_t)(end - c->msg);
	return 0;
bad:
	rawcommit_release(c);
	git_error_set_str(GIT_ERROR_OBJECT, "malformed commit");
	return -1;
}

/* ---- okr's commit message: subject, body, trailers ---- */

struct span {
	const char *p;
	size_t n;
};

struct message {
	struct span subject, body;
	struct span ref, value, confidence, milestone;
	bool okr;		/* has an Okr-Ref trailer */
};

static void
trim(struct span *s)
{
	while (s->n && (s->p[0] == '\n' || s->p[0] == ' ' || s->p[0] == '\r'))
		s->p++, s->n--;
	while (s->n && (s->p[s->n - 1] == '\n' || s->p[s->n - 1] == ' ' ||
			s->p[s->n - 1] == '\r'))
		s->n--;
}

/* Start of the last paragraph of s (after its last blank line). */
static const char *
last_paragraph(const char *p, size_t n)
{
	size_t i;

	for (i = n; i >= 2; i--)
		if (p[i - 1] == '\n' && p[i - 2] == '\n')
			return p + i;
	return NULL;
}

static void
parse_message(struct message *m, const char *msg, size_t len)
{
	struct span all = { msg, len }, rest;
	const char *nl, *para, *p, *end;

	memset(m, 0, sizeof(*m));
	trim(&all);
	nl = memchr(all.p, '\n', all.n);
	m->subject.p = all.p;
	m->subject.n = nl ? (size_t)(nl - all.p) : all.n;
	rest.p = m->subject.p + m->subject.n;
	rest.n = all.n - m->subject.n;
	m->body = rest;
	/* cheap test first: almost every commit either is okr's or is not */
	if (!memmem(rest.p, rest.n, "Okr-", 4))
		goto done;
	para = last_paragraph(rest.p, rest.n);
	if (!para)
		goto done;
	for (p = para, end = rest.p + rest.n; p < end; p = nl + 1) {
		struct span *slot = NULL;
		size_t klen;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl - p > 9 && memcmp(p, "Okr-Ref: ", 9) == 0)
			slot = &m->ref, klen = 9;
		else if (nl - p > 11 && memcmp(p, "Okr-Value: ", 11) == 0)
			slot = &m->value, klen = 11;
		else if (nl - p > 16 && memcmp(p, "Okr-Confidence: ", 16) == 0)
			slot = &m->confidence, klen = 16;
		else if (nl - p > 15 && memcmp(p, "Okr-Milestone: ", 15) == 0)
			slot = &m->milestone, klen = 15;
		if (slot) {
			slot->p = p + klen;
			slot->n = (size_t)(nl - p) - klen;
			trim(slot);
		}
	}
	if (m->ref.n) {
		m->okr = true;
		m->body.n = (size_t)(para - rest.p);
	}
done:
	trim(&m->body);
}

static bool
span_number(double *out, struct span s)
{
	char buf[64], *end;

	if (!s.n || s.n >= sizeof(buf))
		return false;
	if ((s.n == 4 && memcmp(s.p, "done", 4) == 0) ||
	    (s.n == 4 && memcmp(s.p, "true", 4) == 0)) {
		*out = 1;
		return true;
	}
	if ((s.n == 8 && memcmp(s.p, "not-done", 8) == 0) ||
	    (s.n == 5 && memcmp(s.p, "false", 5) == 0)) {
		*out = 0;
		return true;
	}
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	return end != buf && !*end && errno != ERANGE;
}

/* Parsed blobs, reduced to what a comparison needs, cached by blob id:
 * libgit2 does not cache blobs, and a hand edit's old blob is often an
 * earlier hand edit's new one. */
struct krsum {
	const char *id;
	const char *text;	/* the value as written ("420", "done", "2/4") */
	double value, conf;
	bool has_value, has_conf;
};

struct objsum {
	git_oid blob;
	struct krsum *krs;
	size_t nkrs;
};

/*
 * What comparing trees and blobs needs. One per thread: libgit2's objects,
 * the pack reader and its cache, the summaries are never shared.
 */
struct differ {
	struct reader rd;
	const char *prefix;		/* the OKR root in the repository */
	const char *period;
	const struct okr_config *cfg;
	struct okr_arena *arena;	/* the summaries and changes */
	struct objsum **sums;		/* open addressing by blob id */
	size_t nsums, capsums;
	struct okr_diags scratch;
	struct okr_buf buf;
	/* the changed key results found so far, in the order of the trees */
	struct change {
		const char *ref;	/* "2026-Q4/team/x#kr" */
		const struct krsum *k;
	} *changes;
	size_t nchanges, capchanges;
};

static void
differ_release(struct differ *d)
{
	reader_close(&d->rd);
	free(d->sums);
	free(d->changes);
	okr_diags_free(&d->scratch);
	okr_buf_free(&d->buf);
	d->sums = NULL;
	d->changes = NULL;
}

struct walk {
	git_repository *repo;
	struct differ d;		/* the walking thread's */
	struct okr_history *h;
	/* every check-in in the walk, newest first, and its ref's number */
	struct okr_checkin *all;
	uint32_t *refno;
	size_t nall, capall;
	struct strset refs, people;
	size_t periodlen;
	bool subject_default;	/* an empty body gives the subject */
};

static size_t
oid_slot(const git_oid *id, size_t cap)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	return (size_t)h & (cap - 1);
}

static void
sums_put(struct differ *d, struct objsum *s)
{
	size_t i;

	if ((d->nsums + 1) * 2 > d->capsums) {
		struct objsum **old = d->sums;
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

static struct objsum *
sums_get(struct differ *d, const git_oid *id)
{
	size_t i;

	if (!d->capsums)
		return NULL;
	for (i = oid_slot(id, d->capsums); d->sums[i]; i = (i + 1) & (d->capsums - 1))
		if (git_oid_equal(&d->sums[i]->blob, id))
			return d->sums[i];
	return NULL;
}

/* The summary of blob id (relpath as the objective's path); NULL on a read
 * error. A blob that does not parse gives a summary without key results. */
static struct objsum *
summarize(struct differ *d, const git_oid *id, const char *relpath)
{
	struct okr_arena *a = d->arena;
	struct objsum *s = sums_get(d, id);
	struct okr_objective *obj = NULL;
	unsigned char *blob;
	size_t i, len;

	if (s)
		return s;
	if (obj_read(&blob, &len, NULL, &d->rd, id, GIT_OBJECT_BLOB) < 0)
		return NULL;
	s = okr_arena_alloc(a, sizeof(*s));
	s->blob = *id;
	s->krs = NULL;
	s->nkrs = 0;
	if (okr_objective_load(&obj, d->cfg, relpath, relpath, (const char *)blob, len,
			       &d->scratch) == 0) {
		s->krs = okr_arena_alloc(a, (obj->nkrs + 1) * sizeof(*s->krs));
		for (i = 0; i < obj->nkrs; i++) {
			const struct okr_kr *kr = &obj->krs[i];
			struct krsum *k = &s->krs[s->nkrs];
			const struct okr_node *cur;
			char text[48];

			if (!kr->id || !(k->has_value = okr_kr_value(kr, &k->value)))
				continue;
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
			s->nkrs++;
		}
		okr_objective_free(obj);
	}
	okr_diags_free(&d->scratch);
	memset(&d->scratch, 0, sizeof(d->scratch));
	free(blob);
	sums_put(d, s);
	return s;
}

static struct okr_checkin *
new_checkin(struct walk *w, const char *ref, size_t reflen,
	    const struct rawcommit *c)
{
	struct okr_checkin *ci;

	if (w->nall == w->capall) {
		w->capall = w->capall ? w->capall * 2 : 1024;
		w->all = okr_xrealloc(w->all, w->capall * sizeof(*w->all));
		w->refno = okr_xrealloc(w->refno, w->capall * sizeof(*w->refno));
	}
	ci = &w->all[w->nall];
	memset(ci, 0, sizeof(*ci));
	ci->ref = intern(&w->refs, &w->h->arena, ref, reflen, &w->refno[w->nall]);
	w->nall++;
	ci->time = c->author.time;
	ci->offset = c->author.offset;
	ci->date = day_of(c->author.time, c->author.offset);
	ci->author = intern(&w->people, &w->h->arena, c->author.name, c->author.nlen, NULL);
	ci->email = intern(&w->people, &w->h->arena, c->author.email, c->author.elen, NULL);
	ci->commit = c->id;
	return ci;
}

/* The blob of relpath (below the OKR root) in tree; false when absent. */
static bool
blob_at(struct differ *d, git_oid *out, const git_oid *tree_id, const char *relpath)
{
	struct tentry e;

	okr_buf_clear(&d->buf);
	okr_buf_printf(&d->buf, "%s%s", d->prefix, relpath);
	if (tree_path(&e, &d->rd, tree_id, d->buf.ptr) < 0 || e.type != GIT_OBJECT_BLOB)
		return false;
	*out = e.id;
	return true;
}

/* A commit with okr's trailers: a check-in without reading any tree,
 * except for a milestone, whose key result's share needs the file. */
static void
trailer_checkin(struct walk *w, const struct rawcommit *c, const struct message *m)
{
	struct okr_arena *a = &w->h->arena;
	struct okr_checkin *ci;
	const char *hash;

	if (!m->value.n)
		return;	/* okr init, okr new: not check-ins */
	ci = new_checkin(w, m->ref.p, m->ref.n, c);
	ci->value = okr_arena_strndup(a, m->value.p, m->value.n);
	ci->has_number = span_number(&ci->number, m->value);
	ci->has_confidence = span_number(&ci->confidence, m->confidence);
	if (m->body.n)
		ci->message = okr_arena_strndup(a, m->body.p, m->body.n);
	else if (w->subject_default)
		ci->message = okr_arena_strndup(a, m->subject.p, m->subject.n);
	else
		ci->message = "";
	hash = memchr(m->ref.p, '#', m->ref.n);
	ci->has_number = ci->has_number && hash;
	if (m->milestone.n && hash) {
		size_t idlen = (size_t)(hash - m->ref.p), i;
		const char *krid = hash + 1;
		size_t krlen = m->ref.n - idlen - 1;
		struct objsum *s;
		git_oid blob;
		char *rel = okr_xprintf("%.*s.yaml", (int)idlen, m->ref.p);

		ci->has_number = false;
		if (blob_at(&w->d, &blob, &c->tree, rel) && (s = summarize(&w->d, &blob, rel))) {
			for (i = 0; i < s->nkrs; i++) {
				if (strlen(s->krs[i].id) == krlen &&
				    memcmp(s->krs[i].id, krid, krlen) == 0) {
					ci->number = s->krs[i].value;
					ci->has_number = true;
				}
			}
		}
		free(rel);
	}
}

/* The check-ins of hand edit c: the changes its trees' comparison found. */
static void
hand_checkins(struct walk *w, const struct rawcommit *c, const struct change *v, size_t n)
{
	struct message m;
	size_t i;

	if (!n)
		return;
	parse_message(&m, c->msg, c->msglen);
	for (i = 0; i < n; i++) {
		const struct krsum *k = v[i].k;
		struct okr_checkin *ci = new_checkin(w, v[i].ref, strlen(v[i].ref), c);

		ci->value = k->text;
		ci->number = k->value;
		ci->has_number = true;
		ci->confidence = k->conf;
		ci->has_confidence = k->has_conf;
		ci->message = okr_arena_strndup(&w->h->arena, m.subject.p, m.subject.n);
		ci->hand_edit = true;
	}
}

static bool
conf_changed(const struct krsum *a, const struct krsum *b)
{
	return a->has_conf != b->has_conf || (a->has_conf && a->conf != b->conf);
}

/* relpath: "2026-Q4/team/x.yaml". Key results whose value or confidence
 * changed go to d->changes; new ones are not check-ins. */
static void
compare_blobs(struct differ *d, const git_oid *oldb, const git_oid *newb,
	      const char *relpath)
{
	struct objsum *so = summarize(d, oldb, relpath), *sn;
	size_t i, j, stem = strlen(relpath) - 5;

	sn = summarize(d, newb, relpath);
	if (!so || !sn)
		return;
	for (i = 0; i < sn->nkrs; i++) {
		const struct krsum *kn = &sn->krs[i], *ko = NULL;
		struct change *ch;

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
}

static bool
is_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/* Descend only where the two trees differ; rel ends in '/'. Both trees are
 * in git's order, so one pass pairs their entries. */
static int
compare_trees(struct differ *d, const git_oid *oldt, const git_oid *newt,
	      const char *rel, int depth)
{
	struct tree to = { NULL, 0 }, tn = { NULL, 0 };
	struct tentry eo, en;
	size_t po = 0, pn = 0;
	int error, more_o;

	if (depth > 64)
		return 0;
	if ((error = tree_read(&to, &d->rd, oldt)) < 0 ||
	    (error = tree_read(&tn, &d->rd, newt)) < 0)
		goto done;
	if ((more_o = tree_next(&eo, &to, &po)) < 0) {
		error = more_o;
		goto done;
	}
	while ((error = tree_next(&en, &tn, &pn)) > 0) {
		char *sub;
		int cmp = 1;

		while (more_o > 0 && (cmp = tentry_cmp(&eo, &en)) < 0)
			if ((more_o = tree_next(&eo, &to, &po)) < 0) {
				error = more_o;
				goto done;
			}
		if (more_o <= 0 || cmp != 0 || git_oid_equal(&eo.id, &en.id) ||
		    eo.type != en.type || en.name[0] == '.')
			continue;
		if (en.type == GIT_OBJECT_TREE) {
			sub = okr_xprintf("%s%.*s/", rel, (int)en.namelen, en.name);
			error = compare_trees(d, &eo.id, &en.id, sub, depth + 1);
			free(sub);
			if (error < 0)
				goto done;
		} else if (en.type == GIT_OBJECT_BLOB && en.mode != GIT_FILEMODE_LINK &&
			   eo.mode != GIT_FILEMODE_LINK) {
			sub = okr_xprintf("%s%.*s", rel, (int)en.namelen, en.name);
			if (is_yaml(sub))
				compare_blobs(d, &eo.id, &en.id, sub);
			free(sub);
		}
	}
done:
	tree_free(&to);
	tree_free(&tn);
	return error;
}

/* A commit without okr's trailers (a hand edit, a merge): what changed in
 * the period's folder between oldtree (its first parent's) and newtree,
 * into d->changes. */
static int
hand_diff(struct differ *d, const git_oid *oldtree, const git_oid *newtree)
{
	struct tentry eo, en;
	char *rel;
	int error = 0;

	if (git_oid_equal(oldtree, newtree))
		return 0;
	okr_buf_clear(&d->buf);
	okr_buf_printf(&d->buf, "%s%s", d->prefix, d->period);
	/* a root tree that cannot be read is an error; a missing folder is
	 * not */
	if ((error = tree_path(&eo, &d->rd, oldtree, d->buf.ptr)) == GIT_ENOTFOUND ||
	    (!error && (error = tree_path(&en, &d->rd, newtree, d->buf.ptr)) == GIT_ENOTFOUND))
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

/* ---- loading the OKR files of a git tree ---- */

struct gitload {
	struct reader *rd;
	const struct okr_config *cfg;
	struct okr_diags *diags;
	struct okr_objective **objs;
	size_t nobjs, cap;
};

static bool
is_period_name(const char *name)
{
	struct okr_period p;

	return okr_period_parse(&p, name, 1) == 0;
}

/* ---- a snapshot's objectives without their YAML documents ---- */

static int
load_blob(struct gitload *l, const git_oid *id, const char *rel)
{
	unsigned char *blob;
	struct okr_objective *obj;
	size_t len;
	int error;

	if ((error = obj_read(&blob, &len, NULL, l->rd, id, GIT_OBJECT_BLOB)) < 0)
		return error;
	if (okr_objective_load(&obj, l->cfg, rel, rel, (const char *)blob, len,
			       l->diags) == 0) {
		okr_objective_compact(obj);
		if (l->nobjs == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 256;
			l->objs = okr_xrealloc(l->objs, l->cap * sizeof(*l->objs));
		}
		l->objs[l->nobjs++] = obj;
	}
	free(blob);
	return 0;
}

/* rel ends in '/'; in_period once below YYYY-QN/. */
static int
load_tree(struct gitload *l, const git_oid *tree_id, const char *rel, bool in_period,
	  const char *only, int depth)
{
	struct tree tree;
	struct tentry e;
	size_t pos = 0;
	int error, more;

	if ((error = tree_read(&tree, l->rd, tree_id)) < 0)
		return error;
	while (error >= 0 && (more = tree_next(&e, &tree, &pos)) != 0) {
		char *crel, *name;

		if (more < 0) {
			error = more;
			break;
		}
		if (e.name[0] == '.')
			continue;
		name = okr_xstrndup(e.name, e.namelen);
		if (depth == 0 && only && strcmp(name, only) != 0) {
			free(name);
			continue;
		}
		crel = okr_xprintf("%s%s", rel, name);
		if (e.mode == GIT_FILEMODE_LINK) {
			okr_diags_add(l->diags, crel, 1, 1, OKR_SEV_ERROR, "symlink",
				      "symbolic link in the committed OKR tree; okr does "
				      "not follow links in git history");
		} else if (e.mode == GIT_FILEMODE_TREE) {
			bool period_dir = in_period || (depth == 0 && is_period_name(name));

			if (depth < 64 && (period_dir || !only)) {
				char *srel = okr_xprintf("%s/", crel);

				error = load_tree(l, &e.id, srel, period_dir, only, depth + 1);
				free(srel);
			}
		} else if ((e.mode == GIT_FILEMODE_BLOB || e.mode == GIT_FILEMODE_BLOB_EXECUTABLE) &&
			   is_yaml(name) && !(depth == 0 && strcmp(name, "okr.yaml") == 0)) {
			if (in_period)
				error = load_blob(l, &e.id, crel);
			else
				okr_diags_add(l->diags, crel, 1, 1, OKR_SEV_ERROR,
					      "outside-period",
					      "file is outside a period folder (YYYY-QN/...)");
		}
		free(crel);
		free(name);
	}
	tree_free(&tree);
	return error;
}

static struct okr_tree *
empty_tree(git_repository *repo, const char *okr_prefix)
{
	struct okr_tree *t = okr_xcalloc(1, sizeof(*t));
	const char *wd = repo ? git_repository_workdir(repo) : NULL;

	t->root = okr_xprintf("%s%s", wd ? wd : "", okr_prefix);
	if (t->root[0] && t->root[strlen(t->root) - 1] == '/' && strlen(t->root) > 1)
		t->root[strlen(t->root) - 1] = '\0';
	t->config = okr_config_default();
	return t;
}

static int
tree_load(struct okr_tree **out, struct reader *rd, git_repository *repo,
	  const git_oid *root, const char *okr_prefix, const char *period,
	  struct okr_diags *diags)
{
	struct okr_tree *t = empty_tree(repo, okr_prefix);
	struct gitload l = { rd, NULL, diags, NULL, 0, 0 };
	struct tentry e;
	unsigned char *blob = NULL;
	char *path = okr_xprintf("%sokr.yaml", okr_prefix);
	size_t len;
	int error = 0;

	*out = NULL;
	if (tree_path(&e, rd, root, path) == 0 && e.type == GIT_OBJECT_BLOB) {
		struct okr_config *cfg;

		if ((error = obj_read(&blob, &len, NULL, rd, &e.id, GIT_OBJECT_BLOB)) < 0)
			goto done;
		if (okr_config_load(&cfg, "okr.yaml", (const char *)blob, len, diags) == 0) {
			okr_config_free(t->config);
			t->config = cfg;
		}
	}
	l.cfg = t->config;

	if (!*okr_prefix) {
		error = load_tree(&l, root, "", false, period, 0);
	} else {
		char *dir = okr_xstrndup(okr_prefix, strlen(okr_prefix) - 1);

		if (tree_path(&e, rd, root, dir) == 0 && e.type == GIT_OBJECT_TREE)
			error = load_tree(&l, &e.id, "", false, period, 0);
		free(dir);
	}
	if (error < 0)
		goto done;
	if (l.nobjs)
		qsort(l.objs, l.nobjs, sizeof(*l.objs), okr_objective_cmp);
	t->objs = l.objs;
	t->nobjs = l.nobjs;
	l.objs = NULL;
done:
	while (l.objs && l.nobjs)
		okr_objective_free(l.objs[--l.nobjs]);
	free(l.objs);
	free(blob);
	free(path);
	if (error < 0)
		okr_tree_free(t);
	else
		*out = t;
	return error < 0 ? -1 : 0;
}

int
okr_tree_load_git(struct okr_tree **out, git_repository *repo,
		  const git_tree *root, const char *okr_prefix,
		  const char *period, struct okr_diags *diags)
{
	struct reader rd;
	int error;

	*out = NULL;
	if (reader_open(&rd, repo) < 0)
		return -1;
	error = tree_load(out, &rd, repo, git_tree_id(root), okr_prefix, period, diags);
	reader_close(&rd);
	return error;
}

/* ---- the history and its index ---- */

struct history {
	struct okr_history pub;		/* first: okr_history_free casts back */
	struct okr_checkin *all;	/* every check-in read, oldest first */
	size_t nall;
	uint32_t *order;		/* all, sorted by (ref, date, time, walk) */
	struct refrange {
		size_t first, n;
	} *ranges;			/* by ref number */
	struct strset refs;
	struct okr_arena arena2;	/* the second thread's summaries */
};

static struct history *sort_ctx_h;
static const uint32_t *sort_ctx_refno;

static int
order_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	const struct okr_checkin *x = &sort_ctx_h->all[a], *y = &sort_ctx_h->all[b];

	if (sort_ctx_refno[a] != sort_ctx_refno[b])
		return sort_ctx_refno[a] < sort_ctx_refno[b] ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int
ptr_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return x < y ? -1 : x > y;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
build_index(struct history *hi, struct walk *w, okr_date from)
{
	struct okr_history *h = &hi->pub;
	size_t i, j, nv = 0;
	const char **emails;

	/* the walk went newest first */
	for (i = 0, j = w->nall; i + 1 < j; i++, j--) {
		struct okr_checkin t = w->all[i];
		uint32_t r = w->refno[i];

		w->all[i] = w->all[j - 1];
		w->all[j - 1] = t;
		w->refno[i] = w->refno[j - 1];
		w->refno[j - 1] = r;
	}
	hi->all = w->all;
	hi->nall = w->nall;
	w->all = NULL;
	hi->refs = w->refs;
	memset(&w->refs, 0, sizeof(w->refs));

	hi->order = okr_xmalloc((hi->nall + 1) * sizeof(*hi->order));
	for (i = 0; i < hi->nall; i++)
		hi->order[i] = (uint32_t)i;
	sort_ctx_h = hi;
	sort_ctx_refno = w->refno;
	qsort(hi->order, hi->nall, sizeof(*hi->order), order_cmp);
	sort_ctx_h = NULL;
	sort_ctx_refno = NULL;
	hi->ranges = okr_xcalloc(hi->refs.n + 1, sizeof(*hi->ranges));
	for (i = 0; i < hi->nall; i++) {
		struct refrange *r = &hi->ranges[w->refno[hi->order[i]]];

		if (!r->n)
			r->first = i;
		r->n++;
	}

	for (i = 0; i < hi->nall; i++)
		nv += hi->all[i].date >= from;
	if (nv == hi->nall) {
		h->v = hi->all;
	} else {
		h->v = okr_xmalloc((nv + 1) * sizeof(*h->v));
		for (i = 0; i < hi->nall; i++)
			if (hi->all[i].date >= from)
				h->v[h->n++] = hi->all[i];
	}
	h->n = nv;

	emails = okr_xmalloc((nv + 1) * sizeof(*emails));
	for (i = 0; i < nv; i++)
		emails[i] = h->v[i].email;
	qsort(emails, nv, sizeof(*emails), ptr_cmp);	/* interned: equal = same */
	for (i = j = 0; i < nv; i++)
		if (!j || emails[j - 1] != emails[i])
			emails[j++] = emails[i];
	qsort(emails, j, sizeof(*emails), str_cmp);
	h->contributors = emails;
	h->ncontributors = j;
}

static int
load_snapshot(struct okr_tree **out, struct walk *w, const git_oid *tree_id,
	      struct okr_diags *diags)
{
	return tree_load(out, &w->d.rd, w->repo, tree_id, w->d.prefix, w->d.period, diags);
}

/*
 * The hand edits of a walk, compared by a second thread while the walk goes
 * on (reading trees and parsing blobs costs more than reading every
 * commit): it takes them newest first, the walking thread oldest first once
 * the walk is over. Each job keeps its changes until they are merged in walk
 * order at the end, so the history never depends on who compared what.
 */
struct job {
	struct rawcommit c;	/* the hand edit */
	git_oid oldtree;	/* its first parent's tree */
	size_t at;		/* how many check-ins the walk had before it */
	struct change *changes;
	size_t nchanges;
	int error;
	char *errmsg;		/* libgit2's message, with error */
};

struct jobs {
	struct job **v;		/* in walk order, newest first */
	size_t n, cap;
	size_t lo, hi;		/* v[lo..hi) not yet taken */
	bool done;		/* the walk is over: no more jobs */
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_t thread;
	char *objects;		/* the second thread's odb reads these */
	const struct reader *base;	/* and it shares these packs */
	struct differ d;	/* the second thread's */
};

static void
job_run(struct job *j, struct differ *d)
{
	d->nchanges = 0;
	if ((j->error = hand_diff(d, &j->oldtree, &j->c.tree)) < 0) {
		const git_error *e = git_error_last();

		j->errmsg = okr_xstrdup(e ? e->message : "unknown error");
	}
	if (d->nchanges) {
		j->changes = okr_xmalloc(d->nchanges * sizeof(*j->changes));
		memcpy(j->changes, d->changes, d->nchanges * sizeof(*j->changes));
		j->nchanges = d->nchanges;
	}
	d->nchanges = 0;
}

static void *
jobs_worker(void *arg)
{
	struct jobs *q = arg;

	/* a reader of its own; without one, the walking thread does all */
	if (reader_open_shared(&q->d.rd, q->base, q->objects) < 0)
		return NULL;
	for (;;) {
		struct job *j = NULL;

		pthread_mutex_lock(&q->lock);
		while (q->lo == q->hi && !q->done)
			pthread_cond_wait(&q->more, &q->lock);
		if (q->lo < q->hi)
			j = q->v[q->lo++];
		pthread_mutex_unlock(&q->lock);
		if (!j)
			return NULL;
		job_run(j, &q->d);
	}
}

/* Queue hand edit c (taken over) whose first parent's tree is oldtree. */
static void
jobs_add(struct jobs *q, struct walk *w, struct rawcommit *c, const git_oid *oldtree)
{
	struct job *j = okr_xcalloc(1, sizeof(*j));

	j->c = *c;
	c->obj = NULL;
	j->oldtree = *oldtree;
	j->at = w->nall;
	if (!q->started) {
		q->d.prefix = w->d.prefix;
		q->d.period = w->d.period;
		q->d.cfg = w->d.cfg;	/* the end snapshot's, fixed by now */
		q->base = &w->d.rd;
		q->started = pthread_create(&q->thread, NULL, jobs_worker, q) == 0;
		if (!q->started)
			q->done = true;	/* the walking thread will do them */
	}
	pthread_mutex_lock(&q->lock);
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 256;
		q->v = okr_xrealloc(q->v, q->cap * sizeof(*q->v));
	}
	q->v[q->n++] = j;
	q->hi = q->n;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
}

/* The walk is over: take jobs from the oldest end until none is left. */
static void
jobs_finish(struct jobs *q, struct differ *d)
{
	pthread_mutex_lock(&q->lock);
	q->done = true;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
	for (;;) {
		struct job *j = NULL;

		pthread_mutex_lock(&q->lock);
		if (q->hi > q->lo)
			j = q->v[--q->hi];
		pthread_mutex_unlock(&q->lock);
		if (!j)
			break;
		job_run(j, d);
	}
	if (q->started)
		pthread_join(q->thread, NULL);
	q->started = false;
}

/* The first failed job's message, in walk order; NULL when none failed. */
static const char *
jobs_error(const struct jobs *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->v[i]->error < 0)
			return q->v[i]->errmsg;
	return NULL;
}

/* The hand edits' check-ins into the walk's, where the walk met them. */
static void
jobs_merge(struct jobs *q, struct walk *w)
{
	struct okr_checkin *all = w->all;
	uint32_t *refno = w->refno;
	size_t n = w->nall, k = 0, i;

	if (!q->n)
		return;
	w->all = NULL;
	w->refno = NULL;
	w->nall = w->capall = 0;
	for (i = 0; i <= q->n; i++) {
		size_t upto = i < q->n ? q->v[i]->at : n;

		for (; k < upto; k++) {
			if (w->nall == w->capall) {
				w->capall = w->capall ? w->capall * 2 : n + 1024;
				w->all = okr_xrealloc(w->all, w->capall * sizeof(*w->all));
				w->refno = okr_xrealloc(w->refno, w->capall * sizeof(*w->refno));
			}
			w->all[w->nall] = all[k];
			w->refno[w->nall++] = refno[k];
		}
		if (i < q->n)
			hand_checkins(w, &q->v[i]->c, q->v[i]->changes, q->v[i]->nchanges);
	}
	free(all);
	free(refno);
}

static void
jobs_free(struct jobs *q)
{
	size_t i;

	assert(!q->started);
	for (i = 0; i < q->n; i++) {
		rawcommit_release(&q->v[i]->c);
		free(q->v[i]->changes);
		free(q->v[i]->errmsg);
		free(q->v[i]);
	}
	free(q->v);
	free(q->objects);
	differ_release(&q->d);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->more);
}

int
okr_history_read(struct okr_history **out, git_repository *repo,
		 const char *okr_prefix, const char *rev,
		 const struct okr_period *period, okr_date from,
		 okr_date as_of, struct okr_diags *diags, struct okr_buf *err)
{
	struct history *hi = okr_xcalloc(1, sizeof(*hi));
	struct okr_history *h = &hi->pub;
	struct walk w;
	struct jobs q;
	struct rawcommit c = { 0 }, pend = { 0 };
	struct okr_diags scratch = { 0 };
	struct okr_config *defcfg = okr_config_default();
	git_object *obj = NULL, *commit = NULL;
	git_oid cur, prev_tree, start_tree;
	bool have_start = false, first = true;
	char *walk_error = NULL;
	const char *msg;
	int error = -1;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	memset(&q, 0, sizeof(q));
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.more, NULL);
	w.repo = repo;
	w.h = h;
	w.d.prefix = okr_prefix;
	w.d.period = period->name;
	w.d.cfg = defcfg;
	w.d.arena = &h->arena;
	w.periodlen = strlen(period->name);
	q.d.arena = &hi->arena2;
	q.objects = okr_xprintf("%sobjects", git_repository_commondir(repo));

	if (!rev && git_repository_head_unborn(repo) == 1) {
		h->start = empty_tree(repo, okr_prefix);
		h->end = empty_tree(repo, okr_prefix);
		error = 0;
		goto index;
	}
	if (git_revparse_single(&obj, repo, rev ? rev : "HEAD") < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		const git_error *e = git_error_last();

		okr_buf_printf(err, "cannot read revision '%s': %s", rev ? rev : "HEAD",
			       e ? e->message : "not a commit");
		goto done;
	}
	cur = *git_object_id(commit);
	git_object_free(commit);
	if ((error = reader_open(&w.d.rd, repo)) < 0)
		goto git_failed;

	for (;; first = false) {
		okr_date aday;

		error = read_commit(&c, &w.d.rd, &cur);
		if (error == GIT_ENOTFOUND && !first && git_repository_is_shallow(repo) == 1) {
			/* the boundary of a shallow clone: history starts at
			 * the oldest commit we have */
			h->shallow = true;
			start_tree = prev_tree;
			have_start = true;
			rawcommit_release(&pend);
			error = 0;
			break;
		}
		if (error < 0)
			goto git_failed;
		if (pend.obj) {
			if (!git_oid_equal(&c.tree, &pend.tree))
				jobs_add(&q, &w, &pend, &c.tree);
			rawcommit_release(&pend);
		}
		aday = day_of(c.author.time, c.author.offset);
		h->history_from = aday;
		if (aday <= as_of && !h->end) {
			h->end_commit = c.id;
			if ((error = load_snapshot(&h->end, &w, &c.tree, diags)) < 0)
				goto git_failed;
			w.d.cfg = h->end->config;
		}
		if (day_of(c.committer.time, c.committer.offset) < period->start) {
			start_tree = c.tree;
			have_start = true;
			break;
		}
		if (aday <= as_of) {
			struct message m;

			parse_message(&m, c.msg, c.msglen);
			if (m.okr && m.ref.n > w.periodlen &&
			    memcmp(m.ref.p, w.d.period, w.periodlen) == 0 &&
			    m.ref.p[w.periodlen] == '/')
				trailer_checkin(&w, &c, &m);
			else if (c.has_parent)
				pend = c, c.obj = NULL;
		}
		if (!c.has_parent)
			break;	/* the first commit: nothing before the period */
		prev_tree = c.tree;
		cur = c.parent;
		rawcommit_release(&c);
	}
	if (have_start) {
		if ((error = load_snapshot(&h->start, &w, &start_tree, &scratch)) < 0)
			goto git_failed;
	} else {
		h->start = empty_tree(repo, okr_prefix);
	}
	if (!h->end)
		h->end = empty_tree(repo, okr_prefix);
	if (!h->shallow)
		h->history_from = 0;
	error = 0;
	goto index;

git_failed:
	{
		const git_error *e = git_error_last();

		walk_error = okr_xstrdup(e ? e->message : "unknown error");
		error = -1;
	}
index:
	/* a failed hand edit comes before whatever stopped the walk */
	jobs_finish(&q, &w.d);
	if ((msg = jobs_error(&q)) || walk_error) {
		okr_buf_printf(err, "cannot read the history: %s", msg ? msg : walk_error);
		error = -1;
		goto done;
	}
	jobs_merge(&q, &w);
	build_index(hi, &w, from);
done:
	rawcommit_release(&c);
	rawcommit_release(&pend);
	git_object_free(obj);
	jobs_free(&q);
	differ_release(&w.d);
	free(walk_error);
	free(w.all);
	free(w.refno);
	free(w.refs.slots);
	free(w.people.slots);
	okr_diags_free(&scratch);
	okr_config_free(defcfg);
	if (error < 0)
		okr_history_free(h);
	else
		*out = h;
	return error;
}

void
okr_history_free(struct okr_history *h)
{
	struct history *hi = (struct history *)h;

	if (!h)
		return;
	if (h->v != hi->all)
		free(h->v);
	free(hi->all);
	free(hi->order);
	free(hi->ranges);
	free(hi->refs.slots);
	free(h->contributors);
	okr_tree_free(h->start);
	okr_tree_free(h->end);
	okr_arena_free(&h->arena);
	okr_arena_free(&hi->arena2);
	free(hi);
}

static bool
start_value(const struct okr_history *h, const char *ref, double *out)
{
	const char *slash = strchr(ref, '/'), *hash = strchr(ref, '#');
	char buf[512];
	const struct okr_objective *o;
	size_t i, len = strlen(ref);

	if (!h->start || !slash || !hash || hash < slash || len >= sizeof(buf))
		return false;
	memcpy(buf, ref, len + 1);
	buf[slash - ref] = '\0';
	buf[hash - ref] = '\0';
	o = okr_tree_find(h->start, buf, buf + (slash - ref) + 1);
	if (!o)
		return false;
	for (i = 0; i < o->nkrs; i++)
		if (o->krs[i].id && strcmp(o->krs[i].id, hash + 1) == 0)
			return okr_kr_value(&o->krs[i], out);
	return false;
}

bool
okr_history_value_at(const struct okr_history *h, const char *ref, okr_date day,
		     double *out)
{
	const struct history *hi = (const struct history *)h;
	size_t len = strlen(ref), lo, hi_, k;
	struct strslot *e = strset_find(&hi->refs, ref, len, str_hash(ref, len));
	const struct refrange *r;

	if (!e || !e->s)
		return start_value(h, ref, out);
	r = &hi->ranges[e->ord];
	/* the first check-in dated after day */
	lo = r->first;
	hi_ = r->first + r->n;
	while (lo < hi_) {
		size_t mid = lo + (hi_ - lo) / 2;

		if (hi->all[hi->order[mid]].date <= day)
			lo = mid + 1;
		else
			hi_ = mid;
	}
	for (k = lo; k > r->first; k--) {
		const struct okr_checkin *ci = &hi->all[hi->order[k - 1]];

		if (ci->has_number) {
			*out = ci->number;
			return true;
		}
	}
	return start_value(h, ref, out);
}

static bool
wanted(const char *ref, const char *const *refs, size_t nrefs)
{
	size_t i;

	for (i = 0; i < nrefs; i++)
		if (strcmp(ref, refs[i]) == 0)
			return true;
	return false;
}

int
okr_history_log(struct okr_history **out, git_repository *repo,
		const char *okr_prefix, const char *rev, const char *relpath,
		const char *const *refs, size_t nrefs, okr_date as_of,
		struct okr_buf *err)
{
	struct history *hi = okr_xcalloc(1, sizeof(*hi));
	struct okr_history *h = &hi->pub;
	struct okr_config *defcfg = okr_config_default();
	struct rawcommit c = { 0 };
	git_object *obj = NULL, *commit = NULL;
	struct walk w;
	git_oid cur;
	size_t i, kept;
	int error = -1;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.h = h;
	w.d.prefix = okr_prefix;
	w.d.cfg = defcfg;
	w.d.arena = &h->arena;
	w.subject_default = true;
	if (!rev && git_repository_head_unborn(repo) == 1) {
		error = 0;
		goto index;
	}
	if (git_revparse_single(&obj, repo, rev ? rev : "HEAD") < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		const git_error *e = git_error_last();

		okr_buf_printf(err, "cannot read revision '%s': %s", rev ? rev : "HEAD",
			       e ? e->message : "not a commit");
		goto done;
	}
	cur = *git_object_id(commit);
	git_object_free(commit);
	if (reader_open(&w.d.rd, repo) < 0)
		goto git_failed;
	for (bool first = true;; first = false) {
		struct message m;
		git_oid oldb, newb;
		bool has_new;

		error = read_commit(&c, &w.d.rd, &cur);
		if (error == GIT_ENOTFOUND && !first && git_repository_is_shallow(repo) == 1) {
			h->shallow = true;
			error = 0;
			break;
		}
		if (error < 0)
			goto git_failed;
		h->history_from = day_of(c.author.time, c.author.offset);
		if (h->history_from > as_of)
			goto next;
		parse_message(&m, c.msg, c.msglen);
		if (m.okr) {
			okr_buf_clear(&w.d.buf);
			okr_buf_put(&w.d.buf, m.ref.p, m.ref.n);
			if (wanted(w.d.buf.ptr, refs, nrefs))
				trailer_checkin(&w, &c, &m);
			goto next;
		}
		/* a hand edit or a merge: only the one file's blob ids */
		if (!c.has_parent || !(has_new = blob_at(&w.d, &newb, &c.tree, relpath)))
			goto next;
		{
			struct rawcommit p;

			if ((error = read_commit(&p, &w.d.rd, &c.parent)) == GIT_ENOTFOUND)
				goto next;	/* the shallow boundary: next round says so */
			if (error < 0)
				goto git_failed;
			if (blob_at(&w.d, &oldb, &p.tree, relpath) && !git_oid_equal(&oldb, &newb)) {
				compare_blobs(&w.d, &oldb, &newb, relpath);
				hand_checkins(&w, &c, w.d.changes, w.d.nchanges);
				w.d.nchanges = 0;
			}
			rawcommit_release(&p);
		}
next:
		if (!c.has_parent)
			break;
		cur = c.parent;
		rawcommit_release(&c);
	}
	if (!h->shallow)
		h->history_from = 0;
	/* the hand edits named every changed key result of the file */
	for (i = kept = 0; i < w.nall; i++) {
		if (!wanted(w.all[i].ref, refs, nrefs))
			continue;
		w.all[kept] = w.all[i];
		w.refno[kept++] = w.refno[i];
	}
	w.nall = kept;
	error = 0;
	goto index;
git_failed:
	{
		const git_error *e = git_error_last();

		okr_buf_printf(err, "cannot read the history: %s",
			       e ? e->message : "unknown error");
		error = -1;
		goto done;
	}
index:
	h->start = empty_tree(repo, okr_prefix);
	h->end = empty_tree(repo, okr_prefix);
	build_index(hi, &w, INT32_MIN);
done:
	rawcommit_release(&c);
	git_object_free(obj);
	differ_release(&w.d);
	free(w.all);
	free(w.refno);
	free(w.refs.slots);
	free(w.people.slots);
	okr_config_free(defcfg);
	if (error < 0)
		okr_history_free(h);
	else
		*out = h;
	return error;
}
