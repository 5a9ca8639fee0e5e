/*
 * gitcommit.c: committing one file as one transaction (git.h's
 * okr_git_commit_file). Everything that can fail happens before the
 * branch moves, and every step before it can be undone without free
 * space: the old work-tree file is kept under a second name (a rename puts
 * it back), the new index waits in index.lock (unlinking it drops it), and
 * the new objects are read back from a fresh object database before the
 * branch is pointed at them (libgit2 1.5.1 can report a commit whose
 * object write failed with ENOSPC).
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "fsutil.h"
#include "git.h"
#include "gitjournal.h"
#include "gitpriv.h"
#include "hook.h"
#include "sign.h"

/* One file of the commit: its new bytes (NULL: deleted) and what has
 * been done to it. */
struct tfile {
	const char *relpath;	/* below the OKR root, for messages */
	const char *buf;	/* the new bytes; NULL: the file is deleted */
	size_t len;
	char *path;		/* in the repository: prefix + relpath */
	char *wtpath;		/* the file in the work tree */
	char *backup;		/* the old work-tree file, under a second name */
	char *made_dir;		/* the outermost folder made for it, or NULL */
	git_oid blob;
	bool existed;		/* the file was in the work tree before */
	bool wrote;		/* the work tree holds the new state */
};

/* One commit in progress: the paths it touches and what it has done so
 * far, so that undo() knows what to put back. */
struct txn {
	struct okr_git *g;
	git_repository *repo;
	struct tfile *f;
	size_t n;
	const char *what;	/* the file, or "the changes", for messages */
	char *index_lock;	/* <gitdir>index.lock: git's lock, ours too */
	char *tmp_index;	/* <gitdir>okr-index: the index being built */
	char *tmp_index_lock;	/* libgit2's lock on it */
	char *index;		/* <gitdir>index */
	char *head_lock;	/* <gitdir>HEAD.lock, when HEAD is symbolic */
	char *branch;		/* "refs/heads/x", NULL for a detached HEAD */
	long long start;	/* for the 10 s budget of every wait */
	bool index_locked;	/* we created index.lock */
	bool head_locked;	/* we created HEAD.lock */
};

/*
 * A test-only pause: OKR_TEST_PAUSE_AT=<point> makes okr sleep 100 ms at
 * that point of a commit, so that a test can kill it there (tests/cli/
 * t0252-kill.sh). Read with secure_getenv (ignored in set-id programs),
 * compiled out with NDEBUG.
 */
static void test_pause(const char *point)
{
#ifndef NDEBUG
	const char *at = secure_getenv("OKR_TEST_PAUSE_AT");

	if (at && strcmp(at, point) == 0)
		usleep(100000);
#else
	(void)point;
#endif
}

/*
 * Create lockpath exclusively, waiting (what the budget allows) while
 * another process holds it. The lock is made under a name of okr's own
 * first and its inode recorded in the journal (which: "index" or "HEAD"),
 * then linked into place: a killed okr never leaves a lock that a later
 * okr cannot recognise as its own.
 */
static int take_lock(struct txn *t, const char *lockpath, const char *which)
{
	char *tmp = okr_xprintf("%sokr-%s.new", git_repository_path(t->repo), which);
	int delay = BACKOFF_START_MS, fd, error = 0;

	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0) {
		error = okr_error_set("cannot create '%s': %s", tmp, strerror(errno));
		goto done;
	}
	close(fd);
	okr_journal_lock(t->repo, which, tmp);
	while (link(tmp, lockpath) < 0) {
		if (errno != EEXIST) {
			error = okr_error_set("cannot create '%s': %s", lockpath,
					      strerror(errno));
			break;
		}
		if (okr_git__now_ms() - t->start >= WAIT_MS) {
			error = okr_error_set("'%s' exists: another git process seems to be "
					      "running in this repository; if not, remove "
					      "the file and try again", lockpath);
			break;
		}
		okr_git__backoff(&delay);
	}
done:
	unlink(tmp);
	free(tmp);
	return error;
}

/* Wait while a lock file another process would take exists. */
static int wait_absent(struct txn *t, const char *lockpath)
{
	int delay = BACKOFF_START_MS;

	while (access(lockpath, F_OK) == 0) {
		if (okr_git__now_ms() - t->start >= WAIT_MS)
			return okr_error_set("'%s' exists: another git process seems to be "
					     "running in this repository; if not, remove "
					     "the file and try again", lockpath);
		okr_git__backoff(&delay);
	}
	return 0;
}

/*
 * okr's own leftovers from a killed okr: the index being built, libgit2's
 * lock on it and the kept old file. Only an okr holding okr.lock (flock, so
 * it goes with its owner) writes them, and we hold it: whatever is there
 * belongs to a process that is gone.
 */
static int clear_leftovers(struct txn *t)
{
	assert(t->g->lock_fd >= 0);
	for (size_t i = 0; i < t->n + 2; i++) {
		const char *file = i == t->n ? t->tmp_index
				 : i == t->n + 1 ? t->tmp_index_lock : t->f[i].backup;

		if (unlink(file) < 0 && errno != ENOENT)
			return okr_error_set("cannot remove '%s' (left by an okr that was "
					     "stopped): %s; remove it and try again",
					     file, strerror(errno));
	}
	return 0;
}

/*
 * Where HEAD points: t->branch = "refs/heads/x" (born or not), or NULL for
 * a detached HEAD. A symbolic HEAD is locked as git commit locks it (a
 * stale HEAD.lock stops git, so it stops okr); a detached one is locked by
 * libgit2 when it moves, so only wait for a HEAD.lock to go.
 */
static int lock_head(struct txn *t)
{
	git_reference *head = NULL;
	char *branch_lock;
	int error;

	if ((error = git_reference_lookup(&head, t->repo, "HEAD")) < 0)
		return okr_error_set_git(error, "cannot read HEAD");
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		t->branch = okr_xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	if (!t->branch)
		return wait_absent(t, t->head_lock);
	if ((error = take_lock(t, t->head_lock, "HEAD")) < 0)
		return error;
	t->head_locked = true;
	branch_lock = okr_xprintf("%s%s.lock", git_repository_commondir(t->repo),
				  t->branch);
	error = wait_absent(t, branch_lock);
	free(branch_lock);
	return error;
}

/* Make the folders of f's file; f->made_dir gets the outermost new one. */
static int make_dirs(struct tfile *f, size_t top)
{
	char *p = okr_xstrdup(f->wtpath), *s;
	int error = 0;

	for (s = p + top; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (!f->made_dir)
				f->made_dir = okr_xstrdup(p);
		} else if (errno != EEXIST) {
			error = -1;
		}
		*s = '/';
		if (error)
			break;
	}
	free(p);
	return error;
}

/*
 * No write through a link to a place outside the work tree (SPEC section
 * 7): the deepest folder of f's path that exists, its links resolved, must
 * be inside, and the file itself must not be a link.
 */
static int outside(struct txn *t, struct tfile *f)
{
	char *top = realpath(git_repository_workdir(t->repo), NULL);
	char *dir = okr_xstrdup(f->wtpath), *real = NULL, *slash;
	struct stat st;
	size_t n;
	int error = 0;

	if (lstat(f->wtpath, &st) == 0 && S_ISLNK(st.st_mode)) {
		error = okr_error_set("'%s' is a symbolic link; okr does not write "
				      "through links (nothing was changed)", f->relpath);
		goto done;
	}
	while ((slash = strrchr(dir, '/')) && slash > dir) {
		*slash = '\0';
		if ((real = realpath(dir, NULL)) || errno != ENOENT)
			break;
	}
	n = top ? strlen(top) : 0;
	if (!top || !real || strncmp(real, top, n) != 0 ||
	    (real[n] != '/' && real[n] != '\0'))
		error = okr_error_set("'%s' leads through a link to '%s', outside the "
				      "repository; okr does not write there (nothing "
				      "was changed)", f->relpath, real ? real : dir);
done:
	free(top);
	free(dir);
	free(real);
	return error;
}

/* The work tree gets the new file (or loses it); the old one stays as
 * f->backup. The backup lives in the git dir when that is on the same file
 * system (so a killed okr leaves nothing in the work tree), else beside
 * the file. */
static int write_one(struct txn *t, struct tfile *f)
{
	size_t top = strlen(git_repository_workdir(t->repo));

	if (outside(t, f) < 0)
		return -1;
	if (f->buf && make_dirs(f, top) < 0)
		return okr_error_set("cannot make the folders of '%s': %s; nothing was "
				     "changed", f->relpath, strerror(errno));
	if (f->buf) {
		if (okr_file_replace_keep(&f->existed, f->wtpath, f->backup, f->buf,
					  f->len) < 0)
			return okr_error_set("cannot write '%s': %s; nothing was changed",
					     f->relpath, strerror(errno));
	} else if (rename(f->wtpath, f->backup) == 0) {
		f->existed = true;
	} else if (errno != ENOENT) {
		return okr_error_set("cannot remove '%s': %s; nothing was changed",
				     f->relpath, strerror(errno));
	}
	f->wrote = true;
	return 0;
}

static int write_worktree(struct txn *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (write_one(t, &t->f[i]) < 0)
			return -1;
	return 0;
}

/* The backup is a hard link: beside the file when the git dir is on
 * another file system (or the file's folder does not exist yet). */
static int choose_backup(struct txn *t, struct tfile *f)
{
	char *dir = okr_xstrdup(f->wtpath);
	struct stat wt, gd;
	int error = 0;

	*strrchr(dir, '/') = '\0';
	if (stat(dir, &wt) == 0 && stat(git_repository_path(t->repo), &gd) == 0 &&
	    wt.st_dev != gd.st_dev) {
		free(f->backup);
		f->backup = okr_xprintf("%s/.%s.okr-old", dir,
					strrchr(f->wtpath, '/') + 1);
		if (unlink(f->backup) < 0 && errno != ENOENT)
			error = okr_error_set("cannot remove '%s': %s", f->backup,
					      strerror(errno));
	}
	free(dir);
	return error;
}

/*
 * With index.lock held: the repository's index as it is on disk, with this
 * path's entry refreshed from the work tree (stat data included, so `git
 * status` shows it clean), put in index.lock. libgit2 cannot write the
 * index while we hold its lock, so the entries go through an index of our
 * own at tmp_index: the one okr_git_index_preload read there, when the
 * index file is still the one it linked (then nothing is copied), else a
 * new one filled entry by entry (clear_leftovers removed any old file).
 */
static int stage(struct txn *t)
{
	git_index *idx = NULL, *tmp = NULL;
	bool preloaded = okr_git__staged_current(t->g, t->index);
	size_t i, n;
	int error;

	if (t->g->staged && !preloaded)
		okr_git__staged_drop(t->g);	/* a git wrote the index meanwhile */
	if ((error = git_repository_index(&idx, t->repo)) < 0 ||
	    (error = git_index_read(idx, 0)) < 0)
		goto done;
	for (i = 0; i < t->n; i++) {
		error = t->f[i].buf ? git_index_add_bypath(idx, t->f[i].path)
				    : git_index_remove_bypath(idx, t->f[i].path);
		if (error < 0)
			goto done;
	}
	if (preloaded) {
		error = git_index_write(idx);
		goto done;
	}
	if ((error = git_index_open(&tmp, t->tmp_index)) < 0)
		goto done;
	n = git_index_entrycount(idx);
	for (i = 0; i < n; i++)
		if ((error = git_index_add(tmp, git_index_get_byindex(idx, i))) < 0)
			goto done;
	error = git_index_write(tmp);
done:
	git_index_free(tmp);
	git_index_free(idx);
	if (preloaded)
		okr_git__staged_drop(t->g);
	if (error < 0)
		return okr_error_set_git(error, "cannot update the index for %s%s%s",
					 t->n == 1 ? "'" : "", t->what, t->n == 1 ? "'" : "");
	okr_journal_lock(t->repo, "index", t->tmp_index);
	test_pause("staged");
	if (rename(t->tmp_index, t->index_lock) < 0)
		return okr_error_set("cannot write '%s': %s", t->index_lock,
				     strerror(errno));
	return 0;
}

/* The blob `git add` would store: the work-tree bytes through the
 * repository's filters (core.autocrlf, .gitattributes), so that the index
 * entry made from the work tree names the same blob. */
static int make_blob(struct txn *t, struct tfile *f)
{
	git_filter_list *fl = NULL;
	git_buf filtered = GIT_BUF_INIT;
	const char *buf = f->buf;
	size_t len = f->len;
	int error;

	if ((error = git_filter_list_load(&fl, t->repo, NULL, f->path,
					  GIT_FILTER_TO_ODB,
					  GIT_FILTER_DEFAULT)) < 0)
		goto done;
	if (fl) {
		if ((error = git_filter_list_apply_to_buffer(&filtered, fl, buf,
							     len)) < 0)
			goto done;
		buf = filtered.ptr;
		len = filtered.size;
	}
	error = git_blob_create_from_buffer(&f->blob, t->repo, buf, len);
done:
	git_buf_dispose(&filtered);
	git_filter_list_free(fl);
	if (error < 0)
		okr_error_set_git(error, "cannot store '%s'", f->relpath);
	return error;
}

static int make_blobs(struct txn *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->f[i].buf && make_blob(t, &t->f[i]) < 0)
			return -1;
	return 0;
}

/* HEAD's commit and its tree; both NULL on an unborn branch. */
static int head_tree(git_commit **commit, git_tree **tree, git_repository *repo)
{
	git_oid id;
	int error;

	*commit = NULL;
	*tree = NULL;
	error = git_reference_name_to_id(&id, repo, "HEAD");
	if (error == 0) {
		if ((error = git_commit_lookup(commit, repo, &id)) < 0)
			return error;
		return git_commit_tree(tree, *commit);
	}
	if (error != GIT_ENOTFOUND)
		return error;
	git_error_clear();
	return 0;
}

/*
 * Read the new objects back through an object database of their own (no
 * cache of what was just written): the commit, every tree on the path and
 * the blob. Only then may the branch point at the commit.
 */
static int verify_readable(struct txn *t, const git_oid *commit)
{
	git_buf dir = GIT_BUF_INIT;
	git_odb *odb = NULL;
	git_repository *fresh = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	if ((error = git_repository_item_path(&dir, t->repo,
					      GIT_REPOSITORY_ITEM_OBJECTS)) < 0 ||
	    (error = git_odb_open(&odb, dir.ptr)) < 0 ||
	    (error = git_repository_wrap_odb(&fresh, odb)) < 0 ||
	    (error = git_commit_lookup(&c, fresh, commit)) < 0 ||
	    (error = git_commit_tree(&tree, c)) < 0)
		goto done;
	for (size_t i = 0; i < t->n && error == 0; i++) {
		git_tree_entry *e = NULL;
		git_blob *b = NULL;

		error = git_tree_entry_bypath(&e, tree, t->f[i].path);
		if (!t->f[i].buf) {
			if (error == 0) {
				error = -1;
				git_error_set_str(GIT_ERROR_INVALID,
						  "its tree still holds a deleted file");
			} else if (error == GIT_ENOTFOUND) {
				error = 0;
			}
		} else if (error == 0 &&
			   (error = git_blob_lookup(&b, fresh, &t->f[i].blob)) == 0 &&
			   !git_oid_equal(git_tree_entry_id(e), &t->f[i].blob)) {
			error = -1;
			git_error_set_str(GIT_ERROR_INVALID, "its tree does not hold the new file");
		}
		git_blob_free(b);
		git_tree_entry_free(e);
	}
done:
	if (error < 0)
		okr_error_set_git(error, "cannot commit %s%s%s: the new commit %s cannot "
				  "be read back", t->n == 1 ? "'" : "", t->what,
				  t->n == 1 ? "'" : "",
				  git_oid_tostr(hex, sizeof(hex), commit));
	git_tree_free(tree);
	git_commit_free(c);
	git_repository_free(fresh);
	git_odb_free(odb);
	git_buf_dispose(&dir);
	return error;
}

/* The tree changes: each file upserted (keeping an executable bit) or
 * removed (when HEAD has it). */
static int tree_updates(git_tree_update *upd, size_t *nupd, struct txn *t,
			git_tree *base)
{
	*nupd = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct tfile *f = &t->f[i];
		git_tree_entry *entry = NULL;
		git_tree_update *u = &upd[*nupd];
		int error;

		error = base ? git_tree_entry_bypath(&entry, base, f->path) : GIT_ENOTFOUND;
		if (error < 0 && error != GIT_ENOTFOUND)
			return okr_error_set_git(error, "cannot read HEAD's tree");
		git_error_clear();
		u->path = f->path;
		u->filemode = GIT_FILEMODE_BLOB;
		if (entry) {
			u->filemode = git_tree_entry_filemode(entry);
			git_tree_entry_free(entry);
			if (u->filemode != GIT_FILEMODE_BLOB &&
			    u->filemode != GIT_FILEMODE_BLOB_EXECUTABLE)
				return okr_error_set("cannot commit '%s': it is not a regular "
						     "file in HEAD", f->relpath);
		}
		if (!f->buf) {
			if (error == GIT_ENOTFOUND)
				continue;	/* nothing to remove */
			u->action = GIT_TREE_UPDATE_REMOVE;
		} else {
			u->action = GIT_TREE_UPDATE_UPSERT;
			u->id = f->blob;
		}
		(*nupd)++;
	}
	return 0;
}

/* The commit object for HEAD's tree with t's changes, signed when the
 * configuration asks; *parent is HEAD's commit (zero when unborn). */
static int make_commit(git_oid *out, git_oid *parent, struct txn *t,
		       const git_signature *author,
		       const git_signature *committer, const char *msg)
{
	git_commit *head = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_tree_update *upd = okr_xcalloc(t->n, sizeof(*upd));
	git_buf content = GIT_BUF_INIT;
	char *sig = NULL;
	size_t nupd;
	git_oid tree_id;
	int error;

	if ((error = head_tree(&head, &base, t->repo)) < 0) {
		okr_error_set_git(error, "cannot read HEAD");
		goto done;
	}
	memset(parent, 0, sizeof(*parent));
	if (head)
		git_oid_cpy(parent, git_commit_id(head));
	if ((error = tree_updates(upd, &nupd, t, base)) < 0)
		goto done;
	if ((error = git_tree_create_updated(&tree_id, t->repo, base, nupd, upd)) < 0 ||
	    (error = git_tree_lookup(&tree, t->repo, &tree_id)) < 0 ||
	    (error = git_commit_create_buffer(&content, t->repo, author, committer,
					      NULL, msg, tree, head ? 1 : 0,
					      (const git_commit **)&head)) < 0) {
		okr_error_set_git(error, "cannot commit %s%s%s", t->n == 1 ? "'" : "",
				  t->what, t->n == 1 ? "'" : "");
		goto done;
	}
	if ((error = okr_sign_commit(&sig, t->repo, committer, content.ptr,
				     content.size)) < 0)
		goto done;
	if ((error = git_commit_create_with_signature(out, t->repo, content.ptr,
						      sig, NULL)) < 0) {
		okr_error_set_git(error, "cannot commit %s%s%s", t->n == 1 ? "'" : "",
				  t->what, t->n == 1 ? "'" : "");
		goto done;
	}
	error = verify_readable(t, out);
done:
	free(sig);
	free(upd);
	git_buf_dispose(&content);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(head);
	return error;
}

/* Move the branch (or the detached HEAD) from parent to id, only if it
 * still points at parent; GIT_EMODIFIED or GIT_ELOCKED mean try again. */
static int move_head(struct txn *t, const git_oid *id, const git_oid *parent,
		     const char *msg)
{
	git_reference *ref = NULL;
	bool born = !git_oid_is_zero(parent);
	const char *eol = strchr(msg, '\n');
	char *log = okr_xprintf("commit%s: %.*s", born ? "" : " (initial)",
				eol ? (int)(eol - msg) : (int)strlen(msg), msg);
	int error;

	error = git_reference_create_matching(&ref, t->repo,
					      t->branch ? t->branch : "HEAD", id,
					      born, born ? parent : NULL, log);
	git_reference_free(ref);
	free(log);
	return error;
}

/* HEAD, read afresh, names the new commit. */
static int verify_head(struct txn *t, const git_oid *id)
{
	git_oid now;
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	if ((error = git_reference_name_to_id(&now, t->repo, "HEAD")) < 0)
		return okr_error_set_git(error, "cannot read HEAD after committing");
	if (!git_oid_equal(&now, id))
		return okr_error_set("HEAD does not point at the new commit %s",
				     git_oid_tostr(hex, sizeof(hex), id));
	return 0;
}

/* Put back the work-tree files by renames (the index goes back when
 * txn_end drops index.lock), remove folders made for new files, and say so
 * in the message; a file that cannot be put back is named, with where its
 * old content is. */
static void undo(struct txn *t)
{
	bool any = false, failed = false;
	char *why = okr_xstrdup(okr_error_last());
	struct okr_buf msg = OKR_BUF_INIT;

	okr_buf_puts(&msg, why);
	for (size_t i = t->n; i-- > 0;) {
		struct tfile *f = &t->f[i];

		if (!f->wrote)
			continue;
		any = true;
		if ((f->buf || f->existed) &&
		    okr_file_restore(f->wtpath, f->backup, f->existed) < 0) {
			okr_buf_printf(&msg, "; and '%s' could not be put back (%s)%s%s",
				       f->relpath, strerror(errno),
				       f->existed ? ": its old content is in " : "",
				       f->existed ? f->backup : "");
			f->existed = false;	/* keep the backup */
			failed = true;
		} else {
			f->existed = false;	/* the backup is the file again */
		}
		if (f->made_dir) {	/* innermost first; a non-empty one stays */
			char *p = okr_xstrdup(f->wtpath), *s;

			while ((s = strrchr(p, '/')) && (size_t)(s - p) >= strlen(f->made_dir)) {
				*s = '\0';
				rmdir(p);
			}
			free(p);
		}
		f->wrote = false;
	}
	if (any && !failed && !strstr(why, "nothing was changed"))
		okr_buf_puts(&msg, "; nothing was changed");
	okr_error_set("%s", msg.ptr);
	okr_buf_free(&msg);
	free(why);
}

static void txn_init(struct txn *t, struct okr_git *g,
		     const struct okr_git_change *v, size_t n)
{
	const char *gitdir = git_repository_path(g->repo);

	memset(t, 0, sizeof(*t));
	t->g = g;
	t->repo = g->repo;
	t->n = n;
	t->f = okr_xcalloc(n, sizeof(*t->f));
	for (size_t i = 0; i < n; i++) {
		struct tfile *f = &t->f[i];

		f->relpath = v[i].relpath;
		f->buf = v[i].buf;
		f->len = v[i].len;
		f->path = okr_xprintf("%s%s", g->prefix, f->relpath);
		f->wtpath = okr_xprintf("%s%s", git_repository_workdir(g->repo), f->path);
		f->backup = okr_xprintf("%sokr-old-%zu", gitdir, i);
	}
	t->what = n == 1 ? t->f[0].relpath : "the changes";
	t->index_lock = okr_xprintf("%sindex.lock", gitdir);
	t->tmp_index = okr_xprintf("%sokr-index", gitdir);
	t->tmp_index_lock = okr_xprintf("%sokr-index.lock", gitdir);
	t->index = okr_xprintf("%sindex", gitdir);
	t->head_lock = okr_xprintf("%sHEAD.lock", gitdir);
	t->start = okr_git__now_ms();
}

static void txn_end(struct txn *t)
{
	if (t->index_locked)
		unlink(t->index_lock);
	if (t->head_locked)
		unlink(t->head_lock);
	unlink(t->tmp_index);
	for (size_t i = 0; i < t->n; i++) {
		struct tfile *f = &t->f[i];

		if (f->existed)
			unlink(f->backup);
		free(f->path);
		free(f->wtpath);
		free(f->backup);
		free(f->made_dir);
	}
	free(t->f);
	free(t->index_lock);
	free(t->tmp_index);
	free(t->tmp_index_lock);
	free(t->index);
	free(t->head_lock);
	free(t->branch);
}

/* Commit t's files; the work tree and index are staged, the locks held.
 * A branch moved meanwhile (git update-ref) means a new commit on top. */
static int commit_and_move(git_oid *out, struct txn *t,
			   const git_signature *author,
			   const git_signature *committer, const char *msg)
{
	int delay = BACKOFF_START_MS;
	git_oid parent;
	int error;

	for (;;) {
		if ((error = make_commit(out, &parent, t, author, committer, msg)) < 0)
			return error;
		error = move_head(t, out, &parent, msg);
		if ((error != GIT_EMODIFIED && error != GIT_ELOCKED) ||
		    okr_git__now_ms() - t->start >= WAIT_MS)
			break;
		okr_git__backoff(&delay);
	}
	if (error == GIT_ELOCKED) {
		char *path = okr_xprintf("%s%s.lock", t->branch ? git_repository_commondir(t->repo)
							 : git_repository_path(t->repo),
					 t->branch ? t->branch : "HEAD");

		error = okr_error_set("'%s' exists: another git process seems to be "
				      "running in this repository; if not, remove the "
				      "file and try again", path);
		free(path);
		return error;
	}
	if (error < 0)
		return okr_error_set_git(error, "cannot move %s to the new commit",
					 t->branch ? t->branch : "HEAD");
	return verify_head(t, out);
}

/* The journal, before the work tree changes: HEAD now, and each file. */
static int begin_journal(struct txn *t)
{
	struct okr_journal_file *jf = okr_xcalloc(t->n, sizeof(*jf));
	struct stat st;
	git_oid head;
	bool born;
	int error;

	born = git_reference_name_to_id(&head, t->repo, "HEAD") == 0;
	git_error_clear();
	for (size_t i = 0; i < t->n; i++) {
		if (choose_backup(t, &t->f[i]) < 0) {
			free(jf);
			return -1;
		}
		jf[i].wtpath = t->f[i].wtpath;
		jf[i].backup = t->f[i].backup;
		jf[i].is_new = lstat(t->f[i].wtpath, &st) < 0;
	}
	error = okr_journal_begin(t->repo, born ? &head : NULL, jf, t->n);
	free(jf);
	return error;
}

static char last_commit[GIT_OID_HEXSZ + 1];

const char *okr_git_committed(void)
{
	return last_commit[0] ? last_commit : NULL;
}

int okr_git_commit_changes(git_oid *out, struct okr_git *g,
			   const struct okr_git_change *v, size_t n,
			   const char *message, unsigned flags)
{
	git_signature *author = NULL, *committer = NULL;
	git_buf msg = GIT_BUF_INIT;
	bool unlock = false, committed = false, journal = false;
	struct txn t;
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	assert(n > 0);
	for (size_t i = 0; i < n; i++)
		assert(v[i].relpath && *v[i].relpath && *v[i].relpath != '/');
	txn_init(&t, g, v, n);
	if (g->lock_fd < 0) {
		if ((error = okr_git_lock(g)) < 0)
			goto done;
		unlock = true;
	}
	if ((error = okr_git_signatures(&author, &committer, g)) < 0)
		goto done;
	/* git commit's default clean-up for a given message: no trailing
	 * blank lines or spaces, one final newline. */
	if ((error = git_message_prettify(&msg, message, 0, '#')) < 0) {
		okr_error_set_git(error, "cannot commit");
		goto done;
	}
	if (msg.size == 0) {
		error = okr_error_set("cannot commit: the commit message is empty");
		goto done;
	}
	/* The slow part (fsync) before index.lock: git commands that find
	 * the index locked give up at once, so hold it briefly. */
	if ((error = clear_leftovers(&t)) < 0 || (error = begin_journal(&t)) < 0)
		goto done;
	journal = true;
	if ((error = write_worktree(&t)) < 0 || (error = make_blobs(&t)) < 0)
		goto done;
	test_pause("written");
	if ((error = take_lock(&t, t.index_lock, "index")) < 0)
		goto done;
	t.index_locked = true;
	if ((error = lock_head(&t)) < 0 || (error = stage(&t)) < 0)
		goto done;
	if (!(flags & OKR_GIT_NO_VERIFY) &&
	    (error = okr_hook_run(g->repo, "pre-commit", t.index_lock, NULL)) < 0)
		goto done;
	if (!(flags & OKR_GIT_NO_VERIFY) &&
	    (error = okr_hook_commit_msg(&msg, g->repo, t.index_lock)) < 0)
		goto done;
	if ((error = commit_and_move(out, &t, author, committer, msg.ptr)) < 0)
		goto done;

	/* The branch has moved: from here on the commit stands. HEAD.lock
	 * goes first, as in git, so that a git waiting for index.lock does
	 * not find HEAD locked next. */
	committed = true;
	git_oid_tostr(last_commit, 8, out);
	test_pause("moved");
	unlink(t.head_lock);
	t.head_locked = false;
	if (rename(t.index_lock, t.index) < 0) {
		error = okr_error_set("committed %s but could not write the index (%s); "
				      "run 'git reset -q'",
				      git_oid_tostr(hex, sizeof(hex), out), strerror(errno));
		goto done;
	}
	t.index_locked = false;
	/* As in git, post-commit's status changes nothing. */
	okr_hook_run(g->repo, "post-commit", NULL, NULL);
done:
	if (error < 0 && !committed)
		undo(&t);
	txn_end(&t);
	if (journal)
		okr_journal_end(g->repo);
	if (unlock)
		okr_git_unlock(g);
	git_buf_dispose(&msg);
	git_signature_free(author);
	git_signature_free(committer);
	return error;
}

int okr_git_commit_file(git_oid *out, struct okr_git *g, const char *relpath,
			const char *buf, size_t len, const char *message,
			unsigned flags)
{
	struct okr_git_change c = { relpath, buf, len };

	assert(buf);
	return okr_git_commit_changes(out, g, &c, 1, message, flags);
}
