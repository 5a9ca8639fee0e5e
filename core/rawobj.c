/*
 * rawobj.c: raw trees and commits (rawobj.h).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "error.h"
#include "rawobj.h"

int
okr_rawtree_read(struct okr_rawtree *t, struct okr_odb *odb, const git_oid *id)
{
	return okr_odb_read(&t->data, &t->len, NULL, odb, id, GIT_OBJECT_TREE);
}

void
okr_rawtree_free(struct okr_rawtree *t)
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

/* Each entry is "mode name\0" and 20 bytes of id. */
int
okr_rawtree_next(struct okr_tentry *e, const struct okr_rawtree *t, size_t *pos)
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
	return okr_error_set("cannot read a tree: it is damaged");
}

int
okr_tentry_cmp(const struct okr_tentry *a, const struct okr_tentry *b)
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

bool
okr_tentry_is(const struct okr_tentry *e, const char *name, size_t len)
{
	return e->namelen == len && memcmp(e->name, name, len) == 0;
}

int
okr_rawtree_path(struct okr_tentry *out, struct okr_odb *odb, const git_oid *root,
		 const char *path)
{
	git_oid cur = *root;
	int error = 0;

	for (;;) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path), pos = 0;
		struct okr_rawtree t;
		struct okr_tentry e;
		bool found = false;

		/* a tree that cannot be read is never "absent" */
		if (okr_rawtree_read(&t, odb, &cur) < 0)
			return -1;
		while ((error = okr_rawtree_next(&e, &t, &pos)) > 0)
			if (okr_tentry_is(&e, path, len)) {
				found = true;
				break;
			}
		if (found) {
			*out = e;
			out->name = NULL;	/* it points into t */
			cur = e.id;
		}
		okr_rawtree_free(&t);
		if (error < 0)
			return -1;
		if (!found)
			return GIT_ENOTFOUND;
		if (!slash || !slash[1])
			return 0;
		if (out->type != GIT_OBJECT_TREE)
			return GIT_ENOTFOUND;
		path = slash + 1;
	}
}

okr_date
okr_sig_day(const struct okr_rawsig *sig)
{
	int64_t t = sig->time + (int64_t)sig->offset * 60;

	return (okr_date)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

#define SIG_TIME_MAX INT64_C(10000000000000)

/* "Name <email> 1700000000 +0100" (p up to end, no newline). */
static int
parse_sig(struct okr_rawsig *sig, const char *p, const char *end)
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
	/* A time git's fsck calls an overflow (found by fuzz_trailer: the
	 * day arithmetic overflowed) is clamped to about 300,000 years,
	 * whose days still fit an okr_date. */
	if (sig->time > SIG_TIME_MAX)
		sig->time = SIG_TIME_MAX;
	if (sig->time < -SIG_TIME_MAX)
		sig->time = -SIG_TIME_MAX;
	q = stop;
	while (q < end && *q == ' ')
		q++;
	sig->offset = 0;
	if (q + 5 <= end && (*q == '+' || *q == '-')) {
		tz = strtol(q + 1, NULL, 10);
		if (tz < 0 || tz > 9999)	/* +hhmm: four digits at most */
			tz = 0;
		sig->offset = (int)(tz / 100 * 60 + tz % 100) * (*q == '-' ? -1 : 1);
	}
	return 0;
}

void
okr_rawcommit_release(struct okr_rawcommit *c)
{
	free(c->obj);
	c->obj = NULL;
}

/* The headers and message of c->obj (len bytes); *enc the "encoding"
 * header's value (NUL-terminated in a copy), or empty. */
static int
parse_commit(struct okr_rawcommit *c, size_t len, char *enc, size_t encsize)
{
	const char *p = (const char *)c->obj, *end = p + len;
	bool tree = false, author = false, committer = false;

	enc[0] = '\0';
	c->has_parent = false;
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if (!tree && eol - p == 45 && memcmp(p, "tree ", 5) == 0) {
			if (git_oid_fromstrn(&c->tree, p + 5, GIT_OID_HEXSZ) < 0)
				return -1;
			tree = true;
		} else if (!c->has_parent && eol - p == 47 && memcmp(p, "parent ", 7) == 0) {
			if (git_oid_fromstrn(&c->parent, p + 7, GIT_OID_HEXSZ) < 0)
				return -1;
			c->has_parent = true;
		} else if (!author && eol - p > 7 && memcmp(p, "author ", 7) == 0) {
			if (parse_sig(&c->author, p + 7, eol) < 0)
				return -1;
			author = true;
		} else if (!committer && eol - p > 10 && memcmp(p, "committer ", 10) == 0) {
			if (parse_sig(&c->committer, p + 10, eol) < 0)
				return -1;
			committer = true;
		} else if (eol - p > 9 && (size_t)(eol - p) - 9 < encsize &&
			   memcmp(p, "encoding ", 9) == 0) {
			memcpy(enc, p + 9, (size_t)(eol - p) - 9);
			enc[eol - p - 9] = '\0';
		}
		p = eol + 1;
	}
	if (!tree || !author || !committer)
		return -1;
	c->msg = p < end ? p + 1 : end;
	c->msglen = (size_t)(end - c->msg);
	return 0;
}

/*
 * The commit's bytes from encoding enc into UTF-8, as git log shows them:
 * the whole object (names and message; the headers are ASCII). false, with
 * the bytes kept, when iconv does not know enc or the text is not in it.
 */
static bool
to_utf8(unsigned char **obj, size_t *len, const char *enc)
{
	iconv_t cd = iconv_open("UTF-8", enc);
	size_t cap = *len * 2 + 16, inleft = *len, outleft;
	unsigned char *out;
	char *in = (char *)*obj, *op;

	if (cd == (iconv_t)-1)
		return false;
	out = okr_xmalloc(cap + 1);
	op = (char *)out;
	outleft = cap;
	while (inleft) {
		if (iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1)
			continue;
		if (errno != E2BIG) {
			free(out);
			iconv_close(cd);
			return false;
		}
		{
			size_t used = (size_t)(op - (char *)out);

			cap *= 2;
			out = okr_xrealloc(out, cap + 1);
			op = (char *)out + used;
			outleft = cap - used;
		}
	}
	iconv_close(cd);
	free(*obj);
	*len = (size_t)(op - (char *)out);
	out[*len] = '\0';
	*obj = out;
	return true;
}

static bool
is_utf8_name(const char *enc)
{
	return !*enc || strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

int
okr_rawcommit_parse(struct okr_rawcommit *c, unsigned char *obj, size_t len)
{
	char enc[64];

	c->obj = obj;
	if (parse_commit(c, len, enc, sizeof(enc)) < 0)
		goto bad;
	if (!is_utf8_name(enc) && to_utf8(&c->obj, &len, enc) &&
	    parse_commit(c, len, enc, sizeof(enc)) < 0)
		goto bad;
	return 0;
bad:
	okr_rawcommit_release(c);
	return -1;
}

int
okr_rawcommit_read(struct okr_rawcommit *c, struct okr_odb *odb, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	unsigned char *obj;
	git_object_t type;
	size_t len;
	int error;

	memset(c, 0, sizeof(*c));
	if ((error = okr_odb_read_commit(&obj, &len, &type, odb, id)) < 0)
		return error;
	c->id = *id;
	if (type != GIT_OBJECT_COMMIT) {
		free(obj);
	} else if (okr_rawcommit_parse(c, obj, len) == 0) {
		return 0;
	}
	git_oid_tostr(hex, sizeof(hex), id);
	return okr_error_set("cannot read commit %s: it is malformed", hex);
}
