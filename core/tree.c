/*
 * tree.c: finding the OKR root and loading a working tree: okr.yaml and
 * every objective file below the period folders, untracked files included,
 * so `okr check` works before a commit as well as in CI; or one period
 * folder; or, for a check-in, the one objective a reference names and its
 * parent, picked as a load of the whole period would pick them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout.h"
#include "ref.h"
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
	int rootfd;		/* root, opened: files open below it (or -1) */
	const char *cwd_rel;	/* the working folder below the root */
	struct stat *seen;	/* folders read so far: links cannot loop */
	size_t nseen, capseen;
	const struct okr_config *cfg;
	struct okr_diags *diags;
	struct okr_objective **objs;
	size_t nobjs, cap;
	struct job **jobs;	/* the objective files found */
	size_t njobs, capjobs;
	size_t next;		/* the next job a loader takes */
	struct loader *loaders;	/* loading while walking, or NULL */
	bool threaded;		/* loaders[1] runs: lock jobs, njobs, next, walked */
	bool walked;		/* no more jobs come */
	pthread_mutex_t lock;
	pthread_cond_t queued;	/* a job came, or the walk is over */
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

/* A file to load, found by the walk. */
struct job {
	char *rel;
	char *abs;
	struct okr_objective *obj;	/* the result, NULL when it failed */
};

/* One loading thread: its own read buffer and diagnostics. */
struct loader {
	struct walk *w;
	struct okr_buf data;
	struct okr_diags diags;
	pthread_t thread;
};

/* The second loader starts at this many files: fewer load faster alone. */
#define THREAD_AT 64

static void *loader_run(void *arg);

static void
queue_file(struct walk *w, const char *rel, const char *abs)
{
	struct job *j = okr_xcalloc(1, sizeof(*j));

	j->rel = okr_xstrdup(rel);
	j->abs = okr_xstrdup(abs);
	if (w->threaded)
		pthread_mutex_lock(&w->lock);
	if (w->njobs == w->capjobs) {
		w->capjobs = w->capjobs ? w->capjobs * 2 : 256;
		w->jobs = okr_xrealloc(w->jobs, w->capjobs * sizeof(*w->jobs));
	}
	w->jobs[w->njobs++] = j;
	if (w->threaded) {
		pthread_cond_signal(&w->queued);
		pthread_mutex_unlock(&w->lock);
	} else if (w->loaders && w->njobs == THREAD_AT) {
		/* set before the thread reads it */
		w->threaded = true;
		w->loaders[1].w = w;
		if (pthread_create(&w->loaders[1].thread, NULL, loader_run,
				   &w->loaders[1]) != 0)
			w->threaded = false;
	}
}

/* The next file to load; NULL when the walk is over and all are taken. */
static struct job *
take_job(struct walk *w)
{
	struct job *j = NULL;

	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		while (w->next == w->njobs && !w->walked)
			pthread_cond_wait(&w->queued, &w->lock);
	}
	if (w->next < w->njobs)
		j = w->jobs[w->next++];
	if (w->threaded)
		pthread_mutex_unlock(&w->lock);
	return j;
}

static void
load_job(struct loader *l, struct job *j)
{
	struct walk *w = l->w;
	char *display = okr_path_display(w->cwd_rel, j->rel);
	/* by rel from the root's descriptor: the kernel walks fewer folders */
	int fd = w->rootfd >= 0 ? openat(w->rootfd, j->rel, O_RDONLY | O_CLOEXEC)
				: open(j->abs, O_RDONLY | O_CLOEXEC);

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
	struct job *j;

	while ((j = take_job(l->w)))
		load_job(l, j);
	return NULL;
}

/*
 * Parse the files the walk found, on two threads when there are enough of
 * them: parsing is most of okr check, and each file is independent. The
 * second thread starts while the walk goes on (queue_file); this one joins
 * it when the walk is over. Every file's diagnostics stay together in one
 * thread's list, so the stable sort afterwards gives the same output
 * whichever thread read it.
 */
static void
load_jobs(struct walk *w)
{
	struct loader *l = w->loaders;
	size_t i;

	if (w->threaded)
		pthread_mutex_lock(&w->lock);
	w->walked = true;
	if (w->threaded) {
		pthread_cond_broadcast(&w->queued);
		pthread_mutex_unlock(&w->lock);
	}
	l[0].w = w;
	loader_run(&l[0]);
	if (w->threaded)
		pthread_join(l[1].thread, NULL);
	for (i = 0; i < 2; i++) {
		okr_diags_append(w->diags, &l[i].diags);
		okr_buf_free(&l[i].data);
	}
	w->objs = okr_xmalloc((w->njobs ? w->njobs : 1) * sizeof(*w->objs));
	for (i = 0; i < w->njobs; i++)
		if (w->jobs[i]->obj)
			w->objs[w->nobjs++] = w->jobs[i]->obj;
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
	struct wname *names;
	size_t n, next;
	char *abs;		/* the last entry resolved */
};

/* A name and readdir's d_type: a regular file needs no lstat. */
struct wname {
	char *name;
	unsigned char type;
};

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct wname *)a)->name, ((const struct wname *)b)->name);
}

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
		dir->names[dir->n].name = okr_xstrdup(de->d_name);
		dir->names[dir->n++].type = de->d_type;
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
	e->name = dir->names[dir->next++].name;
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
	/* the entry just named (the layout resolves each after next): most
	 * are files, and readdir said what they are */
	if (dir->names[dir->next - 1].type == DT_REG) {
		e->type = OKR_LAYOUT_FILE;
		return 0;
	}
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
		free(dir->names[i].name);
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

/* The walk reads folders in name order, which is most often the
 * objectives' order too: then there is nothing to sort. */
static bool
in_order(struct okr_objective *const *objs, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (okr_objective_cmp(&objs[i - 1], &objs[i]) > 0)
			return false;
	return true;
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

/* A tree with okr.yaml's settings (the defaults when it does not load)
 * and no objectives yet; NULL when root does not exist. */
static struct okr_tree *
tree_with_config(const char *root, const char *cwd_rel, bool whole,
		 struct okr_diags *diags)
{
	struct okr_tree *t = okr_xcalloc(1, sizeof(*t));
	struct okr_buf data = OKR_BUF_INIT;
	char *cfgpath, *display;
	int fd;

	t->root = realpath(root, NULL);
	if (!t->root) {
		free(t);
		return NULL;
	}
	cfgpath = okr_xprintf("%s/okr.yaml", t->root);
	display = okr_path_display(cwd_rel, "okr.yaml");
	/* A linked okr.yaml is read only when it stays inside: an outside
	 * file's key names must not reach the diagnostics (SPEC section 7). */
	fd = inside_root(t->root, cfgpath) ? open(cfgpath, O_RDONLY | O_CLOEXEC) : -2;
	if (fd == -2) {
		/* the walk of the whole tree reports the link itself */
		if (!whole)
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
	return t;
}

static void
walk_init(struct walk *w, const struct okr_tree *t, const char *cwd_rel,
	  bool compact, const char *only, struct okr_diags *diags)
{
	struct stat rootst;

	memset(w, 0, sizeof(*w));
	w->root = t->root;
	w->rootlen = strlen(t->root);
	w->rootfd = open(t->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	w->cwd_rel = cwd_rel;
	w->compact = compact;
	w->only = only;
	w->cfg = t->config;
	w->diags = diags;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->queued, NULL);
	if (stat(t->root, &rootst) == 0)
		seen_before(w, &rootst);
}

static void
walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->njobs; i++) {
		free(w->jobs[i]->rel);
		free(w->jobs[i]->abs);
		free(w->jobs[i]);
	}
	free(w->jobs);
	free(w->seen);
	okr_buf_free(&w->msg);
	if (w->rootfd >= 0)
		close(w->rootfd);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->queued);
}

static int
load_workdir(struct okr_tree **out, const char *root, const char *cwd_rel,
	     bool compact, const char *period, const okr_date *date,
	     struct okr_diags *diags)
{
	struct loader loaders[2];
	struct okr_period per;
	struct okr_tree *t;
	struct walk w;

	*out = NULL;
	if (!(t = tree_with_config(root, cwd_rel, !date, diags)))
		return -1;
	if (date && !period) {	/* one period: named, or the one holding date */
		okr_period_of(&per, *date, t->config->fiscal_year_start);
		period = per.name;
	}
	walk_init(&w, t, cwd_rel, compact, date ? period : NULL, diags);
	memset(loaders, 0, sizeof(loaders));
	w.loaders = loaders;
	walk_tree(&w);
	load_jobs(&w);
	walk_free(&w);
	if (!in_order(w.objs, w.nobjs))
		qsort(w.objs, w.nobjs, sizeof(*w.objs), okr_objective_cmp);
	t->objs = w.objs;
	t->nobjs = w.nobjs;
	*out = t;
	return 0;
}

/* ---- what a check-in reads: one objective and its parent ---- */

/*
 * Whether the walk of rel's period reaches rel under that name: 1 when
 * every part is visible (no '.' in front, none empty), not too deep, every
 * folder a real folder and the file a regular one; 0 when such a path ends
 * at a part that does not exist (the walk finds no such file either); -1
 * when a link or anything else is on the way, which only the walk judges.
 */
static int
plain_file(const char *root, const char *rel)
{
	struct okr_buf path = OKR_BUF_INIT;
	const char *p = rel;
	struct stat st;
	int depth = 0, rc = -1;

	okr_buf_puts(&path, root);
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (!n || *p == '.' || ++depth > 32)
			break;
		okr_buf_putc(&path, '/');
		okr_buf_put(&path, p, n);
		if (lstat(path.ptr, &st) < 0) {
			rc = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
			break;
		}
		if (!slash) {
			rc = S_ISREG(st.st_mode) ? 1 : -1;
			break;
		}
		if (!S_ISDIR(st.st_mode))
			break;
		p = slash + 1;
	}
	okr_buf_free(&path);
	return rc;
}

/* The files of the period the walk would load, by their ids, unread. */
struct names {
	struct walk w;
	char **ids;		/* w.jobs[i]->rel, after "<period>/" */
	bool walked;
};

static void
names_walk(struct names *nm, const struct okr_tree *t, const char *cwd_rel,
	   const char *period, struct okr_diags *diags)
{
	size_t i, skip = strlen(period) + 1;

	walk_init(&nm->w, t, cwd_rel, false, period, diags);
	walk_tree(&nm->w);
	nm->ids = okr_xcalloc(nm->w.njobs + 1, sizeof(*nm->ids));
	for (i = 0; i < nm->w.njobs; i++) {
		char *rel = nm->w.jobs[i]->rel;

		nm->ids[i] = okr_xstrndup(rel + skip, strlen(rel) - skip - 5);
	}
	nm->walked = true;
}

static void
names_free(struct names *nm)
{
	size_t i;

	if (!nm->walked)
		return;
	for (i = 0; i < nm->w.njobs; i++)
		free(nm->ids[i]);
	free(nm->ids);
	walk_free(&nm->w);
}

/* Load the file of objective id as the full load would: straight from its
 * path when that is plain, else as the walk found it. 0 with *obj (NULL
 * when there is no such objective or it does not load), -1 when only a
 * full load can tell. */
static int
load_id(struct okr_objective **obj, struct names *nm, const struct okr_tree *t,
	const char *cwd_rel, const char *period, const char *id,
	struct okr_diags *diags)
{
	struct loader l;
	struct job j = { 0 };
	long k = -1;
	int plain, rc = 0;

	*obj = NULL;
	j.rel = okr_xprintf("%s/%s.yaml", period, id);
	plain = plain_file(t->root, j.rel);
	if (plain < 0 && !nm->walked)
		names_walk(nm, t, cwd_rel, period, diags);
	if (plain < 0) {
		for (size_t i = 0; i < nm->w.njobs && k < 0; i++)
			if (strcmp(nm->ids[i], id) == 0)
				k = (long)i;
		if (k < 0)
			goto done;
	} else if (plain == 0) {
		goto done;
	}
	memset(&l, 0, sizeof(l));
	l.w = &nm->w;
	if (!nm->walked)
		nm->w.rootfd = -1;
	nm->w.cwd_rel = cwd_rel;
	nm->w.cfg = t->config;
	j.abs = k < 0 ? okr_xprintf("%s/%s", t->root, j.rel) : okr_xstrdup(nm->w.jobs[k]->abs);
	load_job(&l, &j);
	*obj = j.obj;
	okr_diags_append(diags, &l.diags);
	okr_buf_free(&l.data);
	if (!*obj)
		rc = -1;
done:
	free(j.rel);
	free(j.abs);
	return rc;
}

/*
 * The fast way to okr_tree_load_period for a reference: the objective it
 * names and that objective's parent, or -1 when only a full load gives the
 * same answer: a reference that names no file, or several, or a file that
 * does not load (the full load's errors and hints are the ones to show).
 * The file a full load would pick is picked: by its path when that is
 * plain (an exact id wins, as in okr_ref_resolve), else by the names the
 * walk finds, which are the files the full load parses; a unique name that
 * loads is the unique loaded objective too.
 */
static int
load_ref(struct okr_tree *t, const char *cwd_rel, const char *period,
	 const char *ref, struct okr_diags *diags)
{
	struct names nm;
	struct okr_objective *obj = NULL, *parent = NULL;
	char *want = okr_ref_objective(ref), *rel = NULL;
	struct okr_period per;
	const char *id = want;
	int plain, rc = -1;

	memset(&nm, 0, sizeof(nm));
	if (!want || okr_period_parse(&per, period, t->config->fiscal_year_start) < 0)
		goto done;
	rel = okr_xprintf("%s/%s.yaml", period, want);
	plain = plain_file(t->root, rel);
	if (plain != 1) {
		long k;

		names_walk(&nm, t, cwd_rel, period, diags);
		k = okr_ref_pick((const char *const *)nm.ids, nm.w.njobs, want);
		if (k < 0)
			goto done;
		id = nm.ids[k];
	}
	if (load_id(&obj, &nm, t, cwd_rel, period, id, diags) < 0 || !obj)
		goto done;
	/* A parent that does not load is no objective of the full load
	 * either: missing. A company objective's parent is an error of its
	 * own, whatever it names. */
	if (obj->parent && obj->level != OKR_LEVEL_COMPANY)
		load_id(&parent, &nm, t, cwd_rel, period, obj->parent, diags);
	t->objs = okr_xcalloc(2, sizeof(*t->objs));
	t->objs[t->nobjs++] = obj;
	if (parent && strcmp(parent->id, obj->id) != 0)
		t->objs[t->nobjs++] = parent;
	else
		okr_objective_free(parent);
	qsort(t->objs, t->nobjs, sizeof(*t->objs), okr_objective_cmp);
	obj = NULL;
	rc = 0;
done:
	okr_objective_free(obj);
	names_free(&nm);
	free(want);
	free(rel);
	return rc;
}

int
okr_tree_load_ref(struct okr_tree **out, const char *root, const char *cwd_rel,
		  const char *period, const char *ref, okr_date date,
		  struct okr_diags *diags)
{
	struct okr_diags fast = { 0 };
	struct okr_period per;
	struct okr_tree *t;

	*out = NULL;
	if (!(t = tree_with_config(root, cwd_rel, false, &fast))) {
		okr_diags_free(&fast);
		return -1;
	}
	if (!period) {
		okr_period_of(&per, date, t->config->fiscal_year_start);
		period = per.name;
	}
	if (load_ref(t, cwd_rel, period, ref, &fast) == 0) {
		okr_diags_append(diags, &fast);
		*out = t;
		return 0;
	}
	okr_diags_free(&fast);
	okr_tree_free(t);
	return load_workdir(out, root, cwd_rel, false, period, &date, diags);
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

int
okr_tree_index(size_t *out, const struct okr_tree *t, const char *period, const char *id)
{
	size_t lo = 0, hi = t->nobjs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct okr_objective *o = t->objs[mid];
		int c = strcmp(o->period, period);

		if (!c)
			c = strcmp(o->id, id);
		if (!c) {
			*out = mid;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

struct okr_objective *
okr_tree_find(const struct okr_tree *t, const char *period, const char *id)
{
	size_t i;

	return okr_tree_index(&i, t, period, id) == 0 ? t->objs[i] : NULL;
}
