/*
 * layout.h: the rules of an OKR tree's layout (SPEC section 1), in one place
 * for the working tree (tree.c) and git trees (gittree.c): hidden entries
 * are skipped, okr.yaml at the top is the settings file, objective files are
 * the .yaml files below a period folder (YYYY-QN), a .yaml elsewhere is an
 * error, folders deeper than 64 levels are not read, and one period folder
 * may be read alone.
 *
 * The iterator walks a source (a folder on disk, a git tree) depth first
 * and yields what the rules make of each entry; the source says what an
 * entry is, and owns what only it can judge (where a symbolic link leads,
 * whether a folder can be read).
 *
 *	okr_layout_iter_new(&it, &source, only);
 *	while ((error = okr_layout_iter_next(&item, it)) == 0)
 *		...;
 *	okr_layout_iter_free(it);	error is OKR_ITEROVER at the end
 */
#ifndef OKR_LAYOUT_H
#define OKR_LAYOUT_H

#include <stddef.h>

/* The end of an iteration (as libgit2's GIT_ITEROVER). */
#ifndef OKR_ITEROVER
#define OKR_ITEROVER (-31)
#endif

/* What a source says an entry is. */
enum okr_layout_type {
	OKR_LAYOUT_SKIP,	/* nothing okr reads (a socket, a submodule) */
	OKR_LAYOUT_DIR,
	OKR_LAYOUT_FILE,	/* a regular file */
	OKR_LAYOUT_BAD,		/* a problem the source names (rule, msg) */
};

struct okr_layout_entry {
	const char *name;		/* NUL-terminated */
	enum okr_layout_type type;	/* set by resolve */
	const void *id;			/* the source's handle of a DIR or FILE */
	const char *rule, *msg;		/* with BAD */
};

struct okr_layout_source {
	void *ctx;
	/*
	 * Open folder rel ("" for the root, else ending in '/'), whose handle
	 * is id (NULL for the root): 0 and *dir; 1 when it cannot be read and
	 * that is a problem to report (*rule, *msg; static strings or kept
	 * until close of the parent); negative to stop the walk.
	 */
	int (*open)(void *ctx, void **dir, const char *rel, const void *id,
		    const char **rule, const char **msg);
	/* The next entry's name into e->name, in the order the source keeps
	 * its folders: 1, 0 at the end, negative to stop the walk. */
	int (*next)(void *ctx, void *dir, struct okr_layout_entry *e);
	/* What the entry e (full path rel) is: e->type, e->id, e->rule/msg.
	 * Called only for the entries the rules keep. Negative to stop. */
	int (*resolve)(void *ctx, void *dir, const char *rel, struct okr_layout_entry *e);
	void (*close)(void *ctx, void *dir);
};

enum okr_layout_kind {
	OKR_LAYOUT_OBJECTIVE,	/* an objective file (id: the source's handle) */
	OKR_LAYOUT_PROBLEM,	/* an error at rel: rule and msg */
	OKR_LAYOUT_NOTICE,	/* a warning at rel: rule and msg (a file
				 * okr would otherwise skip silently) */
};

struct okr_layout_item {
	enum okr_layout_kind kind;
	const char *rel;	/* below the OKR root; valid until the next call */
	const void *id;
	const char *rule, *msg;
};

struct okr_layout_iter;

/* Iterate src from its root; only: one period folder alone, or NULL. */
int okr_layout_iter_new(struct okr_layout_iter **out, const struct okr_layout_source *src,
			const char *only);
/* 0 and the next item; OKR_ITEROVER at the end; another negative code
 * when the source stopped the walk (its error stands). */
int okr_layout_iter_next(struct okr_layout_item *item, struct okr_layout_iter *it);
void okr_layout_iter_free(struct okr_layout_iter *it);

#endif
