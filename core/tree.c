/*
 * tree.c: finding the OKR root and loading a working tree: okr.yaml and
 * every objective file below the period folders, untracked files included,
 * so `okr check` works before a commit as well as in CI.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout.h"
#include "tree.h"

char *
okr_path_display(const char *cwd_rel, const char *rel)
{
	struct okr_buf b = OKR_BUF_INIT;
	const char *c = cwd_rel, *r = rel;

	/* skip the folders both paths share */
	for (;;) {
		const char *cs = strchr(c, '/');

		if (!cs || strncmp(c, r, (size_t)(cs - c + 1)) != 0)
			break;
		r += cs - c + 1;
		c = cs + 1;
	}
	okr_buf_puts(&b, "");
	for (; *c; c++)
		if (*c == '/')
			okr_buf_puts(&b, "../");
	okr_buf_puts(&b, r);
	return okr_buf_detach(&b);
}

int
okr_root_find(char **out, const char *start)
{
	char *dir = realpath(start, NULL);
	struct stat st;

	*out = NULL;
	if (!dir)
		return -1;
	for (;;) {
		char *cand = okr_xprintf("%s/okr.yaml", strcmp(dir, "/") ? dir : "");
		int found = stat(cand, &st) == 0 && S_ISREG(st.st_mode);
		char *slash;

		free(cand);
		if (found) {
			*out = dir;
			return 0;
		}
		slash = strrchr(dir, '/');
		if (!slash || strcmp(dir, "/") == 0)
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(dir);
	errno = ENOENT;
	return -1;
}

struct walk {
	const char *root;	/* real path of the OKR root */
	size_t rootlen;
	const char *cwd_rel;	/* the working folder below the root */
	struct stat *seen;	/* folders read so far: links cannot loop */
	size_t nseen, capseen;
	const struct okr_config *cfg;
	struct okr_diags *diags;
	struct okr_objective **objs;
	size_t nobjs, cap;
	struct job *jobs;	/* the objective files found */
	size_t njobs, capjobs;
	atomic_size_t next;	/* the next job a loader takes */
	bool compact;		/* okr_objective_compact each one */
	const char *only;	/* read this period folder alone, or NULL */
	struct okr_buf msg;	/* a problem's message */
};

static int
read_fd(struct okr_buf *b, int fd)
{
	okr_buf_clear(b);
	for (;;) {
		ssize_t n;

		okr_buf_grow(b, 65536);
		n = read(fd, b->ptr + b->len, b->cap - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > OKR_YAML_MAX_SIZE)
			break;	/* the parser reports the size */
	}
	b->ptr[b->len] = '\0';
	return 0;
}

/* A file to load, found by the walk; loaded afterwards, in parallel. */
struct job {
	char *rel;
	char *abs;
	struct okr_objective *obj;	/* the result, NULL when it failed */
};

static void
queue_file(struct walk *w, const char *rel, const char *abs)
{
	if (w->njobs == w->capjobs) {
		w->capjobs = w->capjobs ? w->capjobs * 2 : 256;
		w->jobs = okr_xrealloc(w->jobs, w->capjobs * sizeof(*w->jobs));
	}
	w->jobs[w->njobs].rel = okr_xstrdup(rel);
	w->jobs[w->njobs].abs = okr_xstrdup(abs);
	w->jobs[w->njobs++].obj = NULL;
}

/* One loading thread: its own read buffer and diagnostics. */
struct loader {
	struct walk *w;
	struct okr_buf data;
	struct okr_diags diags;
	pthread_t thread;
};

static void
load_job(struct loader *l, struct job *j)
{
	struct walk *w = l->w;
	char *display = okr_path_display(w->cwd_rel, j->rel);
	int fd = open(j->abs, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read_fd(&l->data, fd) < 0) {
		okr_diags_add(&l->diags, display, 1, 1, OKR_SEV_ERROR, "unreadable",
			      "cannot read the file: %s", strerror(errno));
	} else if (okr_objective_load(&j->obj, w->cfg, j->rel, display, l->data.ptr,
				      l->data.len, &l->diags) == 0) {
		if (w->compact)
			okr_objective_compact(j->obj);
	}
	if (fd >= 0)
		close(fd);
	free(display);
}

static void *
loader_run(void *arg)
{
	struct loader *l = arg;
	size_t i;

	while ((i = atomic_fetch_add(&l->w->next, 1)) < l->w->njobs)
		load_job(l, &l->w->jobs[i]);
	return NULL;
}

/*
 * Parse the files the walk found, on two threads when there are enough of
 * them: parsing is most of okr check, and each file is independent. Every
 * file's diagnostics stay together in one thread's list, so the stable sort
 * afterwards gives the same output whichever thread read it.
 */
static void
load_jobs(struct walk *w)
{
	struct loader l[2];
	size_t i, j, nthreads = w->njobs >= 64 ? 2 : 1;

	memset(l, 0, sizeof(l));
	atomic_store(&w->next, 0);
	for (i = 0; i < nthreads; i++)
		l[i].w = w;
	if (nthreads > 1 && pthread_create(&l[1].thread, NULL, loader_run, &l[1]) != 0)
		nthreads = 1;
	loader_run(&l[0]);
	if (nthreads > 1)
		pthread_join(l[1].thread, NULL);
	for (i = 0; i < nthreads; i++) {
		for (j = 0; j < l[i].diags.n; j++) {
			struct okr_diag *g = &l[i].diags.v[j];

			okr_diags_add(w->diags, g->file, g->line, g->col, g->sev,
				      g->rule, "%s", g->msg);
		}
		okr_diags_free(&l[i].diags);
		okr_buf_free(&l[i].data);
	}
	w->objs = okr_xmalloc((w->njobs ? w->njobs : 1) * sizeof(*w->objs));
	for (i = 0; i < w->njobs; i++) {
		if (w->jobs[i].obj)
			w->objs[w->nobjs++] = w->jobs[i].obj;
		free(w->jobs[i].rel);
		free(w->jobs[i].abs);
	}
	free(w->jobs);
}

/* path, its links resolved, is root or below it (a missing path is
 * inside: opening it will say what is wrong). */
static bool
inside_root(const char *root, const char *path)
{
	char *target = realpath(path, NULL);
	size_t n = strlen(root);
	bool inside = !target || (strncmp(target, root, n) == 0 &&
				  (target[n] == '/' || target[n] == '\0'));

	free(target);
	return inside;
}

/* A link is followed only when it stays inside the repository: *e is the
 * problem when it does not. */
static bool
link_ok(struct walk *w, const char *abs, struct stat *st, struct okr_layout_entry *e)
{
	char *target = realpath(abs, NULL);
	bool inside = target && strncmp(target, w->root, w->rootlen) == 0 &&
		      (target[w->rootlen] == '/' || target[w->rootlen] == '\0');

	if (!inside) {
		e->type = OKR_LAYOUT_BAD;
		e->rule = "symlink-outside";
		e->msg = target ? "symbolic link points outside the repository"
				: "symbolic link points nowhere";
	}
	free(target);
	return inside && stat(abs, st) == 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the folder was read already; if not, remember it. */
static bool
seen_before(struct walk *w, const struct stat *st)
{
	size_t i;

	for (i = 0; i < w->nseen; i++)
		if (w->seen[i].st_dev == st->st_dev && w->seen[i].st_ino == st->st_ino)
			return true;
	if (w->nseen == w->capseen) {
		w->capseen = w->capseen ? w->capseen * 2 : 64;
		w->seen = okr_xrealloc(w->seen, w->capseen * sizeof(*w->seen));
	}
	w->seen[w->nseen++] = *st;
	return false;
}

/* ---- the working tree as a layout source (layout.h) ---- */

/* A folder: its names sorted, as the same tree always reads the same. */
struct wdir {
	char **names;
	size_t n, next;
	char *abs;		/* the last entry resolved */
};

static int
wd_open(void *ctx, void **out, const char *rel, const void *id, const char **rule,
	const char **msg)
{
	struct walk *w = ctx;
	char *abs = okr_xprintf("%s/%s", w->root, rel);
	DIR *d = opendir(abs);
	struct dirent *de;
	struct wdir *dir;
	size_t cap = 0;

	(void)id;
	free(abs);
	if (!d) {
		okr_buf_clear(&w->msg);
		okr_buf_printf(&w->msg, "cannot read the folder: %s", strerror(errno));
		*rule = "unreadable";
		*msg = w->msg.ptr;
		return 1;
	}
	dir = okr_xcalloc(1, sizeof(*dir));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;	/* the rules skip them; no need to keep them */
		if (dir->n == cap) {
			cap = cap ? cap * 2 : 32;
			dir->names = okr_xrealloc(dir->names, cap * sizeof(*dir->names));
		}
		dir->names[dir->n++] = okr_xstrdup(de->d_name);
	}
	closedir(d);
	if (dir->n)
		qsort(dir->names, dir->n, sizeof(*dir->names), name_cmp);
	*out = dir;
	return 0;
}

static int
wd_next(void *ctx, void *dirp, struct okr_layout_entry *e)
{
	struct wdir *dir = dirp;

	(void)ctx;
	if (dir->next == dir->n)
		return 0;
	e->name = dir->names[dir->next++];
	return 1;
}

static int
wd_resolve(void *ctx, void *dirp, const char *rel, struct okr_layout_entry *e)
{
	struct walk *w = ctx;
	struct wdir *dir = dirp;
	struct stat st, lst;

	free(dir->abs);
	dir->abs = okr_xprintf("%s/%s", w->root, rel);
	e->type = OKR_LAYOUT_SKIP;
	e->id = dir->abs;
	if (lstat(dir->abs, &lst) < 0)
		return 0;
	st = lst;
	if (S_ISLNK(lst.st_mode) && !link_ok(w, dir->abs, &st, e))
		return 0;
	if (S_ISDIR(st.st_mode) && seen_before(w, &st)) {
		if (S_ISLNK(lst.st_mode)) {
			e->type = OKR_LAYOUT_BAD;
			e->rule = "symlink-loop";
			e->msg = "symbolic link leads to a folder already read (a loop or "
				 "a second path)";
		}
	} else if (S_ISDIR(st.st_mode)) {
		e->type = OKR_LAYOUT_DIR;
	} else if (S_ISREG(st.st_mode)) {
		e->type = OKR_LAYOUT_FILE;
	}
	return 0;
}

static void
wd_close(void *ctx, void *dirp)
{
	struct wdir *dir = dirp;
	size_t i;

	(void)ctx;
	for (i = 0; i < dir->n; i++)
		free(dir->names[i]);
	free(dir->names);
	free(dir->abs);
	free(dir);
}

/* Find the objective files (queued to load) and report what the layout
 * rules refuse. */
static void
walk_tree(struct walk *w)
{
	const struct okr_layout_source src = { w, wd_open, wd_next, wd_resolve, wd_close };
	struct okr_layout_iter *it;
	struct okr_layout_item item;

	okr_layout_iter_new(&it, &src, w->only);
	while (okr_layout_iter_next(&item, it) == 0) {
		if (item.kind == OKR_LAYOUT_OBJECTIVE) {
			queue_file(w, item.rel, item.id);
		} else {
			char *display = okr_path_display(w->cwd_rel, item.rel);

			okr_diags_add(w->diags, display, 1, 1,
				      item.kind == OKR_LAYOUT_NOTICE ? OKR_SEV_WARNING
								     : OKR_SEV_ERROR,
				      item.rule, "%s", item.msg);
			free(display);
		}
	}
	okr_layout_iter_free(it);
}

int
okr_objective_cmp(const void *a, const void *b)
{
	const struct okr_objective *x = *(struct okr_objective *const *)a;
	const struct okr_objective *y = *(struct okr_objective *const *)b;
	int c = strcmp(x->period, y->period);

	return c ? c : strcmp(x->id, y->id);
}

static int load_workdir(struct okr_tree **out, const char *root,
			const char *cwd_rel, bool compact, const char *period,
			const okr_date *date, struct okr_diags *diags);

int
okr_tree_load_workdir(struct okr_tree **out, const char *root,
		      const char *cwd_rel, struct okr_diags *diags)
{
	return load_workdir(out, root, cwd_rel, false, NULL, NULL, diags);
}

int
okr_tree_load_workdir_compact(struct okr_tree **out, const char *root,
			      const char *cwd_rel, struct okr_diags *diags)
{
	return load_workdir(out, root, cwd_rel, true, NULL, NULL, diags);
}

int
okr_tree_load_period(struct okr_tree **out, const char *root, const char *cwd_rel,
		     const char *period, okr_date date, struct okr_diags *diags)
{
	return load_workdir(out, root, cwd_rel, false, period, &date, diags);
}

int
okr_tree_load_period_compact(struct okr_tree **out, const char *root, const char *cwd_rel,
			     const char *period, okr_date date, struct okr_diags *diags)
{
	return load_workdir(out, root, cwd_rel, true, period, &date, diags);
}

static int
load_workdir(struct okr_tree **out, const char *root, const char *cwd_rel,
	     bool compact, const char *period, const okr_date *date,
	     struct okr_diags *diags)
{
	struct okr_period per;
	struct okr_tree *t;
	struct walk w;
	struct okr_buf data = OKR_BUF_INIT;
	char *cfgpath, *display;
	int fd, error = -1;

	*out = NULL;
	t = okr_xcalloc(1, sizeof(*t));
	t->root = realpath(root, NULL);
	if (!t->root)
		goto done;
	cfgpath = okr_xprintf("%s/okr.yaml", t->root);
	display = okr_path_display(cwd_rel, "okr.yaml");
	/* A linked okr.yaml is read only when it stays inside: an outside
	 * file's key names must not reach the diagnostics (SPEC section 7). */
	fd = inside_root(t->root, cfgpath) ? open(cfgpath, O_RDONLY | O_CLOEXEC) : -2;
	if (fd == -2) {
		/* the walk of the whole tree reports the link itself */
		if (date)
			okr_diags_add(diags, display, 1, 1, OKR_SEV_ERROR,
				      "symlink-outside",
				      "symbolic link points outside the repository");
	} else if (fd < 0 || read_fd(&data, fd) < 0) {
		okr_diags_add(diags, display, 1, 1, OKR_SEV_ERROR, "unreadable",
			      "cannot read the file: %s", strerror(errno));
	} else if (okr_config_load(&t->config, display, data.ptr, data.len, diags) < 0) {
		t->config = NULL;
	}
	if (fd >= 0)
		close(fd);
	free(cfgpath);
	free(display);
	okr_buf_free(&data);
	if (!t->config)
		t->config = okr_config_default();

	memset(&w, 0, sizeof(w));
	w.root = t->root;
	w.rootlen = strlen(t->root);
	w.cwd_rel = cwd_rel;
	w.compact = compact;
	if (date) {	/* one period: named, or the one holding date */
		if (!period) {
			okr_period_of(&per, *date, t->config->fiscal_year_start);
			period = per.name;
		}
		w.only = period;
	}
	w.cfg = t->config;
	w.diags = diags;
	{
		struct stat rootst;

		if (stat(t->root, &rootst) == 0)
			seen_before(&w, &rootst);
	}
	walk_tree(&w);
	free(w.seen);
	okr_buf_free(&w.msg);
	load_jobs(&w);
	if (w.nobjs)
		qsort(w.objs, w.nobjs, sizeof(*w.objs), okr_objective_cmp);
	t->objs = w.objs;
	t->nobjs = w.nobjs;
	error = 0;
done:
	if (error < 0)
		okr_tree_free(t);
	else
		*out = t;
	return error;
}

void
okr_tree_free(struct okr_tree *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nobjs; i++)
		okr_objective_free(t->objs[i]);
	free(t->objs);
	okr_config_free(t->config);
	free(t->root);
	free(t);
}

struct okr_objective *
okr_tree_find(const struct okr_tree *t, const char *period, const char *id)
{
	size_t lo = 0, hi = t->nobjs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct okr_objective *o = t->objs[mid];
		int c = strcmp(o->period, period);

		if (!c)
			c = strcmp(o->id, id);
		if (!c)
			return t->objs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
