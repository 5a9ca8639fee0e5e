/*
 * rawobj.h: git trees and commits parsed straight from their bytes, without
 * libgit2 objects and without parsing what a history walk skips: tree
 * entries one by one in git's order, a path looked up through trees, a
 * commit's tree, first parent, author, committer and message. A commit in
 * another encoding (an "encoding" header) is converted to UTF-8 here.
 */
#ifndef OKR_RAWOBJ_H
#define OKR_RAWOBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "date.h"
#include "odb.h"

struct okr_rawtree {
	unsigned char *data;
	size_t len;
};

struct okr_tentry {
	const char *name;	/* into the tree's data, not NUL-terminated */
	size_t namelen;
	git_filemode_t mode;	/* as libgit2's git_tree_entry_filemode */
	git_object_t type;	/* as git_tree_entry_type */
	git_oid id;
};

int okr_rawtree_read(struct okr_rawtree *t, struct okr_odb *odb, const git_oid *id);
void okr_rawtree_free(struct okr_rawtree *t);
/* The entry at *pos (0 for the first): 1 and *e, 0 at the end, -1 when the
 * tree is damaged (error.h says so). */
int okr_rawtree_next(struct okr_tentry *e, const struct okr_rawtree *t, size_t *pos);
/* git's order of tree entries: a tree's name sorts as if it ended in '/'. */
int okr_tentry_cmp(const struct okr_tentry *a, const struct okr_tentry *b);
bool okr_tentry_is(const struct okr_tentry *e, const char *name, size_t len);
/*
 * The entry at path ("a/b/c", below the tree root) into *out (its name is
 * NULL): 0; GIT_ENOTFOUND when the path is absent; -1 when a tree on the
 * way cannot be read (the error names it).
 */
int okr_rawtree_path(struct okr_tentry *out, struct okr_odb *odb, const git_oid *root,
		     const char *path);

struct okr_rawsig {
	const char *name, *email;	/* into the commit, not NUL-terminated */
	size_t nlen, elen;
	int64_t time;
	int offset;		/* minutes east of UTC */
};

struct okr_rawcommit {
	unsigned char *obj;	/* the commit's bytes (in UTF-8) */
	git_oid id, tree, parent;
	bool has_parent;
	struct okr_rawsig author, committer;
	const char *msg;	/* after the headers' blank line */
	size_t msglen;
};

/* 0; GIT_ENOTFOUND when the object store does not have it (a shallow
 * boundary, or a missing commit: the caller tells); -1 when it is not a
 * commit or is malformed. */
int okr_rawcommit_read(struct okr_rawcommit *c, struct okr_odb *odb, const git_oid *id);
void okr_rawcommit_release(struct okr_rawcommit *c);
/*
 * The commit in obj (len bytes and a NUL after them, malloc'd: c takes it
 * over) parsed as okr_rawcommit_read does, another encoding converted to
 * UTF-8: 0, or -1 when it is malformed (obj is freed). c->id is left as
 * it was. okr_rawcommit_read's parser, open to the fuzz target.
 */
int okr_rawcommit_parse(struct okr_rawcommit *c, unsigned char *obj, size_t len);

/* The day of a signature's time in its own zone. */
okr_date okr_sig_day(const struct okr_rawsig *sig);

#endif
