/*
 * gitmulti.c: a commit of several files, as okr_git_commit_file makes one of
 * one file (git.c), kept apart from it while git.c changes under other
 * hands. The steps are the same: blobs through the repository's filters,
 * index.lock taken first, a tree from HEAD's, the new index renamed into
 * place only once HEAD moved.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "fsutil.h"
#include "gitmulti.h"
#include "hook.h"
#include "sign.h"

/* commit_once: signing failed and okr_error_last() says why. */
#define OKR_GITMULTI_SIGN_FAILED (-1000)

#define WAIT_MS 10000

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
pause_ms(int *delay)
{
	struct timespec ts = { *delay / 1000, (long)(*delay % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	*delay = *delay * 2 > 100 ? 100 : *delay * 2;
}

/* The blob `git add` would store (filters applied), as git.c's make_blob. */
static int
make_blob(git_oid *out, git_repository *repo, const char *path,
	  const char *buf, size_t len)
{
	git_filter_list *fl = NULL;
	git_buf filtered = GIT_BUF_INIT;
	int error;

	if ((error = git_filter_list_load(&fl, repo, NULL, path, GIT_FILTER_TO_ODB,
					  GIT_FILTER_DEFAULT)) < 0)
		goto done;
	if (fl) {
		if ((error = git_filter_list_apply_to_buffer(&filtered, fl, buf, len)) < 0)
			goto done;
		buf = filtered.ptr;
		len = filtered.size;
	}
	error = git_blob_create_from_buffer(out, repo, buf, len);
done:
	git_buf_dispose(&filtered);
	git_filter_list_free(fl);
	return error;
}

/* Where HEAD points: a branch's full name, or NULL for a detached HEAD. */
static char *
head_branch(git_repository *repo)
{
	git_reference *head = NULL;
	char *name = NULL;

	if (git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		name = okr_xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	git_error_clear();
	return name;
}

/* One attempt: the commit object (signed with commit.gpgsign, sign.h),
 * then the branch moved only if it still points at the parent read, as
 * git commit does; GIT_EMODIFIED / GIT_ELOCKED mean try again. */
static int
commit_once(git_oid *out, git_repository *repo, const git_tree_update *upd,
	    size_t n, const git_signature *author, const git_signature *committer,
	    const char *message)
{
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_reference *ref = NULL;
	git_buf content = GIT_BUF_INIT;
	char *sig = NULL, *branch = head_branch(repo);
	const char *eol = strchr(message, '\n');
	char *log = NULL;
	git_oid id;
	int error;

	error = git_reference_name_to_id(&id, repo, "HEAD");
	if (error == 0) {
		if ((error = git_commit_lookup(&parent, repo, &id)) < 0 ||
		    (error = git_commit_tree(&base, parent)) < 0)
			goto done;
	} else if (error == GIT_ENOTFOUND) {
		git_error_clear();
	} else {
		goto done;
	}
	if ((error = git_tree_create_updated(&id, repo, base, n, upd)) < 0 ||
	    (error = git_tree_lookup(&tree, repo, &id)) < 0 ||
	    (error = git_commit_create_buffer(&content, repo, author, committer, NULL,
					      message, tree, parent ? 1 : 0,
					      (const git_commit **)&parent)) < 0)
		goto done;
	if (okr_sign_commit(&sig, repo, committer, content.ptr, content.size) < 0) {
		error = OKR_GITMULTI_SIGN_FAILED;
		goto done;
	}
	if ((error = git_commit_create_with_signature(out, repo, content.ptr, sig,
						      NULL)) < 0)
		goto done;
	log = okr_xprintf("commit%s: %.*s", parent ? "" : " (initial)",
			  eol ? (int)(eol - message) : (int)strlen(message), message);
	error = git_reference_create_matching(&ref, repo, branch ? branch : "HEAD", out,
					      parent != NULL,
					      parent ? git_commit_id(parent) : NULL, log);
done:
	git_reference_free(ref);
	git_buf_dispose(&content);
	free(sig);
	free(log);
	free(branch);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return error;
}

static int
lock_index(const char *lockpath)
{
	long long start = now_ms();
	int delay = 5;

	for (;;) {
		int fd = open(lockpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

		if (fd >= 0) {
			close(fd);
			return 0;
		}
		if (errno != EEXIST)
			return okr_error_set("cannot create '%s': %s", lockpath,
					     strerror(errno));
		if (now_ms() - start >= WAIT_MS)
			return okr_error_set("'%s' exists: another git process seems to "
					     "be running; if not, remove the file and "
					     "try again", lockpath);
		pause_ms(&delay);
	}
}

/* With index.lock held: the index on disk with these paths refreshed from
 * the work tree (or removed), written to tmppath (see git.c). */
static int
stage_locked(git_repository *repo, char **paths, const struct okr_git_change *v,
	     size_t n, const char *tmppath)
{
	git_index *idx = NULL, *tmp = NULL;
	size_t i, count;
	int error;

	if ((error = git_repository_index(&idx, repo)) < 0 ||
	    (error = git_index_read(idx, 1)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		error = v[i].buf ? git_index_add_bypath(idx, paths[i])
				 : git_index_remove_bypath(idx, paths[i]);
		if (error < 0)
			goto done;
	}
	if ((error = git_index_open(&tmp, tmppath)) < 0)
		goto done;
	count = git_index_entrycount(idx);
	for (i = 0; i < count; i++)
		if ((error = git_index_add(tmp, git_index_get_byindex(idx, i))) < 0)
			goto done;
	error = git_index_write(tmp);
done:
	git_index_free(tmp);
	git_index_free(idx);
	return error;
}

int
okr_git_commit_files(git_oid *out, struct okr_git *g,
		     const struct okr_git_change *v, size_t n, const char *message)
{
	git_repository *repo = okr_git_repo(g);
	git_signature *author = NULL, *committer = NULL;
	git_buf msg = GIT_BUF_INIT;
	const char *gitdir = git_repository_path(repo);
	char *lockpath = okr_xprintf("%sindex.lock", gitdir);
	char *tmppath = okr_xprintf("%sokr-index", gitdir);
	char *indexpath = okr_xprintf("%sindex", gitdir);
	char **paths = okr_xcalloc(n + 1, sizeof(*paths));
	git_tree_update *upd = okr_xcalloc(n + 1, sizeof(*upd));
	long long start = now_ms();
	bool locked = false;
	int delay = 5, error;
	size_t i;

	assert(n > 0);
	if ((error = okr_git_signatures(&author, &committer, g)) < 0)
		goto done;
	if ((error = git_message_prettify(&msg, message, 0, '#')) < 0) {
		okr_error_set_git(error, "cannot commit");
		goto done;
	}
	for (i = 0; i < n; i++) {
		paths[i] = okr_xprintf("%s%s", okr_git_workdir_prefix(g), v[i].relpath);
		upd[i].path = paths[i];
		upd[i].filemode = GIT_FILEMODE_BLOB;
		upd[i].action = v[i].buf ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
		if (v[i].buf && (error = make_blob(&upd[i].id, repo, paths[i], v[i].buf,
						   v[i].len)) < 0) {
			okr_error_set_git(error, "cannot store '%s'", v[i].relpath);
			goto done;
		}
	}
	if ((error = lock_index(lockpath)) < 0)
		goto done;
	locked = true;
	if ((error = stage_locked(repo, paths, v, n, tmppath)) < 0) {
		okr_error_set_git(error, "cannot update the index");
		goto done;
	}
	if (rename(tmppath, lockpath) < 0) {
		error = okr_error_set("cannot write '%s': %s", lockpath, strerror(errno));
		goto done;
	}
	/* git commit's hooks, on the index the commit is made from */
	if ((error = okr_hook_run(repo, "pre-commit", lockpath, NULL)) < 0 ||
	    (error = okr_hook_commit_msg(&msg, repo, lockpath)) < 0)
		goto done;
	for (;;) {
		error = commit_once(out, repo, upd, n, author, committer, msg.ptr);
		if ((error != GIT_EMODIFIED && error != GIT_ELOCKED) ||
		    now_ms() - start >= WAIT_MS)
			break;
		pause_ms(&delay);
	}
	if (error == OKR_GITMULTI_SIGN_FAILED)
		goto done;	/* sign.c said why */
	if (error < 0) {
		okr_error_set_git(error, "cannot commit");
		goto done;
	}
	if (rename(lockpath, indexpath) < 0) {
		char id[GIT_OID_HEXSZ + 1];

		error = okr_error_set("committed %s but could not write the index (%s); "
				      "run 'git reset -q'",
				      git_oid_tostr(id, sizeof(id), out), strerror(errno));
		goto done;
	}
	locked = false;
	okr_hook_run(repo, "post-commit", NULL, NULL);	/* as git: never fatal */
	okr_error_clear();
	git_error_clear();
done:
	if (locked)
		unlink(lockpath);
	unlink(tmppath);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(upd);
	free(lockpath);
	free(tmppath);
	free(indexpath);
	git_buf_dispose(&msg);
	git_signature_free(author);
	git_signature_free(committer);
	return error;
}

/* What a file was before okr_worktree_commit touched it. */
struct saved {
	char *path;
	char *buf;		/* NULL: there was no file */
	size_t len;
	char *made_dir;		/* the outermost folder made for it, or NULL */
};

/* Make the folders of path below root; *made gets the outermost new one. */
static int
make_dirs(char **made, const char *root, const char *path)
{
	char *p = okr_xstrdup(path), *s;
	int rc = 0;

	*made = NULL;
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (!*made)
				*made = okr_xstrdup(p);
		} else if (errno != EEXIST) {
			rc = -1;
		}
		*s = '/';
		if (rc)
			break;
	}
	free(p);
	return rc;
}

static void
restore(struct saved *sv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (sv[i].buf ? okr_file_write_atomic(sv[i].path, sv[i].buf, sv[i].len)
			      : unlink(sv[i].path) && errno != ENOENT)
			fprintf(stderr, "okr: warning: could not restore '%s': %s\n",
				sv[i].path, strerror(errno));
	}
	/* new folders last, innermost first: rmdir leaves a non-empty one */
	for (i = n; i-- > 0;)
		if (sv[i].made_dir) {
			char *p = okr_xprintf("%s/", sv[i].path), *s;

			while ((s = strrchr(p, '/')) && strlen(p) > strlen(sv[i].made_dir)) {
				*s = '\0';
				rmdir(p);
			}
			free(p);
		}
}

int
okr_worktree_commit(git_oid *out, struct okr_git *g, const char *root,
		    const struct okr_git_change *v, size_t n, const char *message)
{
	struct saved *sv = okr_xcalloc(n + 1, sizeof(*sv));
	size_t i, done = 0;
	int error = -1;

	for (i = 0; i < n; i++) {
		sv[i].path = okr_xprintf("%s/%s", root, v[i].relpath);
		if (okr_file_read(&sv[i].buf, &sv[i].len, sv[i].path, (size_t)1 << 30) < 0 &&
		    errno != ENOENT) {
			okr_error_set("cannot read '%s': %s", v[i].relpath, strerror(errno));
			goto done;
		}
	}
	for (i = 0; i < n; i++, done++) {
		if (!v[i].buf) {
			if (unlink(sv[i].path) < 0 && errno != ENOENT) {
				okr_error_set("cannot remove '%s': %s", v[i].relpath,
					      strerror(errno));
				goto done;
			}
			continue;
		}
		if (make_dirs(&sv[i].made_dir, root, sv[i].path) < 0 ||
		    okr_file_write_atomic(sv[i].path, v[i].buf, v[i].len) < 0) {
			okr_error_set("cannot write '%s': %s", v[i].relpath, strerror(errno));
			done++;
			goto done;
		}
	}
	if (g && okr_git_commit_files(out, g, v, n, message) < 0)
		goto done;
	error = 0;
done:
	if (error < 0) {
		char *why = okr_xstrdup(okr_error_last());

		restore(sv, done);
		okr_error_set("%s", why);
		free(why);
	}
	for (i = 0; i < n; i++) {
		free(sv[i].path);
		free(sv[i].buf);
		free(sv[i].made_dir);
	}
	free(sv);
	return error;
}

void
okr_changeset_add(struct okr_changeset *cs, const char *relpath, char *buf,
		  size_t len)
{
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? 2 * cs->cap : 8;
		cs->v = okr_xrealloc(cs->v, cs->cap * sizeof(*cs->v));
	}
	cs->v[cs->n].relpath = okr_xstrdup(relpath);
	cs->v[cs->n].buf = buf;
	cs->v[cs->n].len = len;
	cs->n++;
}

void
okr_changeset_free(struct okr_changeset *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free((char *)cs->v[i].relpath);
		free((char *)cs->v[i].buf);
	}
	free(cs->v);
	free(cs->subject);
	free(cs->message);
	memset(cs, 0, sizeof(*cs));
}
