/*
 * gittree.c: loading the OKR files of a git tree (gittree.h): a layout
 * source over raw trees, each objective parsed and compacted as it is met.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "gittree.h"
#include "layout.h"
#include "rawobj.h"

/* ---- a git tree as a layout source (layout.h) ---- */

struct gsrc {
	struct okr_odb *odb;
	const git_oid *root;
};

struct gdir {
	struct okr_rawtree t;
	size_t pos;
	struct okr_tentry e;	/* the current entry */
	char *name;		/* its name, NUL-terminated */
};

static int
g_open(void *ctx, void **out, const char *rel, const void *id, const char **rule,
       const char **msg)
{
	struct gsrc *s = ctx;
	struct gdir *dir = okr_xcalloc(1, sizeof(*dir));

	(void)rel, (void)rule, (void)msg;
	if (okr_rawtree_read(&dir->t, s->odb, id ? id : s->root) < 0) {
		free(dir);
		return -1;
	}
	*out = dir;
	return 0;
}

static int
g_next(void *ctx, void *dirp, struct okr_layout_entry *e)
{
	struct gdir *dir = dirp;
	int more;

	(void)ctx;
	if ((more = okr_rawtree_next(&dir->e, &dir->t, &dir->pos)) <= 0)
		return more;
	free(dir->name);
	dir->name = okr_xstrndup(dir->e.name, dir->e.namelen);
	e->name = dir->name;
	return 1;
}

static int
g_resolve(void *ctx, void *dirp, const char *rel, struct okr_layout_entry *e)
{
	struct gdir *dir = dirp;

	(void)ctx, (void)rel;
	e->id = &dir->e.id;
	switch (dir->e.mode) {
	case GIT_FILEMODE_LINK:
		e->type = OKR_LAYOUT_BAD;
		e->rule = "symlink";
		e->msg = "symbolic link in the committed OKR tree; okr does not follow "
			 "links in git history";
		break;
	case GIT_FILEMODE_TREE:
		e->type = OKR_LAYOUT_DIR;
		break;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		e->type = OKR_LAYOUT_FILE;
		break;
	default:
		e->type = OKR_LAYOUT_SKIP;
	}
	return 0;
}

static void
g_close(void *ctx, void *dirp)
{
	struct gdir *dir = dirp;

	(void)ctx;
	okr_rawtree_free(&dir->t);
	free(dir->name);
	free(dir);
}

/* ---- the loader ---- */

struct okr_tree *
okr_gittree_empty(git_repository *repo, const char *okr_prefix)
{
	struct okr_tree *t = okr_xcalloc(1, sizeof(*t));
	const char *wd = repo ? git_repository_workdir(repo) : NULL;

	t->root = okr_xprintf("%s%s", wd ? wd : "", okr_prefix);
	if (t->root[0] && t->root[strlen(t->root) - 1] == '/' && strlen(t->root) > 1)
		t->root[strlen(t->root) - 1] = '\0';
	t->config = okr_config_default();
	return t;
}

/* okr.yaml of the OKR root in tree root into t->config, when it is there. */
static int
load_config(struct okr_tree *t, struct okr_odb *odb, const git_oid *root,
	    const char *okr_prefix, struct okr_diags *diags)
{
	char *path = okr_xprintf("%sokr.yaml", okr_prefix);
	struct okr_config *cfg;
	struct okr_tentry e;
	unsigned char *blob = NULL;
	size_t len;
	int error;

	error = okr_rawtree_path(&e, odb, root, path);
	free(path);
	if (error == GIT_ENOTFOUND || (!error && e.type != GIT_OBJECT_BLOB))
		return 0;
	if (error < 0 || (error = okr_odb_read(&blob, &len, NULL, odb, &e.id,
					       GIT_OBJECT_BLOB)) < 0)
		return error;
	if (okr_config_load(&cfg, "okr.yaml", (const char *)blob, len, diags) == 0) {
		okr_config_free(t->config);
		t->config = cfg;
	}
	free(blob);
	return 0;
}

static void
add_objective(struct okr_tree *t, size_t *cap, struct okr_objective *obj)
{
	okr_objective_compact(obj);
	if (t->nobjs == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		t->objs = okr_xrealloc(t->objs, *cap * sizeof(*t->objs));
	}
	t->objs[t->nobjs++] = obj;
}

/* The objective files below the OKR root's tree dir into t. */
static int
load_objectives(struct okr_tree *t, struct okr_odb *odb, const git_oid *dir,
		const char *period, struct okr_diags *diags)
{
	struct gsrc s = { odb, dir };
	const struct okr_layout_source src = { &s, g_open, g_next, g_resolve, g_close };
	struct okr_layout_iter *it;
	struct okr_layout_item item;
	size_t cap = 0;
	int error;

	okr_layout_iter_new(&it, &src, period);
	while ((error = okr_layout_iter_next(&item, it)) == 0) {
		struct okr_objective *obj;
		unsigned char *blob;
		size_t len;

		if (item.kind != OKR_LAYOUT_OBJECTIVE) {
			okr_diags_add(diags, item.rel, 1, 1,
				      item.kind == OKR_LAYOUT_NOTICE ? OKR_SEV_WARNING
								     : OKR_SEV_ERROR,
				      item.rule, "%s", item.msg);
			continue;
		}
		if ((error = okr_odb_read(&blob, &len, NULL, odb, item.id,
					  GIT_OBJECT_BLOB)) < 0)
			break;
		if (okr_objective_load(&obj, t->config, item.rel, item.rel, (const char *)blob,
				       len, diags) == 0)
			add_objective(t, &cap, obj);
		free(blob);
	}
	okr_layout_iter_free(it);
	return error == OKR_ITEROVER ? 0 : error;
}

/* The tree of the OKR root (okr_prefix, "" or "sub/") in root: 1 with
 * *dir, 0 when there is none, negative when a tree cannot be read. */
static int
root_dir(git_oid *dir, struct okr_odb *odb, const git_oid *root, const char *okr_prefix)
{
	struct okr_tentry e;
	char *path;
	int error;

	if (!*okr_prefix) {
		*dir = *root;
		return 1;
	}
	path = okr_xstrndup(okr_prefix, strlen(okr_prefix) - 1);
	error = okr_rawtree_path(&e, odb, root, path);
	free(path);
	if (error == GIT_ENOTFOUND || (!error && e.type != GIT_OBJECT_TREE))
		return 0;
	if (error < 0)
		return error;
	*dir = e.id;
	return 1;
}

int
okr_gittree_load(struct okr_tree **out, struct okr_odb *odb, git_repository *repo,
		 const git_oid *root, const char *okr_prefix, const char *period,
		 struct okr_diags *diags)
{
	struct okr_tree *t = okr_gittree_empty(repo, okr_prefix);
	git_oid dir;
	int error;

	*out = NULL;
	if ((error = load_config(t, odb, root, okr_prefix, diags)) < 0 ||
	    (error = root_dir(&dir, odb, root, okr_prefix)) < 0 ||
	    (error == 1 && (error = load_objectives(t, odb, &dir, period, diags)) < 0)) {
		okr_tree_free(t);
		return -1;
	}
	if (t->nobjs)
		qsort(t->objs, t->nobjs, sizeof(*t->objs), okr_objective_cmp);
	*out = t;
	return 0;
}

/* ---- loading on a thread of its own ---- */

#define SNAPSHOT_CACHE_BYTES (256u << 10)

struct okr_gittree_job {
	struct okr_tree *t;
	struct okr_odb *odb;		/* the thread's */
	git_oid dir;			/* the OKR root's tree */
	bool have_dir;
	const char *period;
	struct okr_diags diags;		/* the thread's, appended to the caller's at the end */
	pthread_t thread;
	bool started;
	int error;
	char *errmsg;
};

static void
job_load(struct okr_gittree_job *j)
{
	if (j->have_dir &&
	    (j->error = load_objectives(j->t, j->odb, &j->dir, j->period, &j->diags)) < 0)
		j->errmsg = okr_xstrdup(okr_error_last());
	else if (j->t->nobjs)
		qsort(j->t->objs, j->t->nobjs, sizeof(*j->t->objs), okr_objective_cmp);
}

static void *
job_thread(void *arg)
{
	job_load(arg);
	return NULL;
}

int
okr_gittree_load_start(struct okr_gittree_job **out, const struct okr_config **cfg,
		       struct okr_odb *odb, git_repository *repo, const git_oid *root,
		       const char *okr_prefix, const char *period, struct okr_diags *diags)
{
	struct okr_gittree_job *j = okr_xcalloc(1, sizeof(*j));
	int error;

	*out = NULL;
	j->t = okr_gittree_empty(repo, okr_prefix);
	j->period = period;
	if ((error = load_config(j->t, odb, root, okr_prefix, diags)) < 0 ||
	    (error = root_dir(&j->dir, odb, root, okr_prefix)) < 0)
		goto fail;
	j->have_dir = error == 1;
	/* without a store or a thread of its own, it loads here and now. Each
	 * file is its own delta chain: a cache of resolved versions would
	 * hold only other files' (the 4 MiB of the other stores saved no
	 * time here and cost resident memory) */
	if (j->have_dir && okr_odb_open_shared(&j->odb, odb, SNAPSHOT_CACHE_BYTES) == 0)
		j->started = pthread_create(&j->thread, NULL, job_thread, j) == 0;
	if (!j->started) {
		okr_odb_free(j->odb);
		j->odb = odb;
		job_load(j);
		j->odb = NULL;
	}
	*cfg = j->t->config;
	*out = j;
	return 0;
fail:
	okr_tree_free(j->t);
	free(j);
	return -1;
}

int
okr_gittree_load_finish(struct okr_tree **out, struct okr_gittree_job *j,
			struct okr_diags *diags)
{
	int error;

	*out = NULL;
	if (!j)
		return 0;
	if (j->started)
		pthread_join(j->thread, NULL);
	okr_odb_free(j->odb);
	okr_diags_append(diags, &j->diags);
	okr_diags_free(&j->diags);
	if ((error = j->error) < 0) {
		okr_error_set("%s", j->errmsg);
		okr_tree_free(j->t);
	} else {
		*out = j->t;
	}
	free(j->errmsg);
	free(j);
	return error < 0 ? -1 : 0;
}

int
okr_tree_load_git(struct okr_tree **out, git_repository *repo, const git_tree *root,
		  const char *okr_prefix, const char *period, struct okr_diags *diags)
{
	struct okr_odb *odb;
	int error;

	*out = NULL;
	if (okr_odb_open(&odb, repo) < 0)
		return -1;
	error = okr_gittree_load(out, odb, repo, git_tree_id(root), okr_prefix, period, diags);
	okr_odb_free(odb);
	return error;
}

/* ---- the tree of a revision (okr check --rev, okr log) ---- */

int
okr_rev_tree(git_tree **out, git_repository *repo, const char *rev)
{
	git_object *obj = NULL, *tree = NULL;
	int error;

	*out = NULL;
	if (!rev && git_repository_head_unborn(repo) == 1)
		return okr_error_set("no commits yet: there is no committed tree to read");
	if ((error = git_revparse_single(&obj, repo, rev ? rev : "HEAD")) < 0 ||
	    (error = git_object_peel(&tree, obj, GIT_OBJECT_TREE)) < 0) {
		const git_error *e = git_error_last();

		git_object_free(obj);
		return okr_error_set("cannot read revision '%s': %s", rev ? rev : "HEAD",
				     e ? e->message : "not a commit");
	}
	git_object_free(obj);
	*out = (git_tree *)tree;
	return 0;
}
