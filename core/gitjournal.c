/*
 * gitjournal.c: the commit journal (gitjournal.h). One text file, written
 * before the work tree changes:
 *
 *	okr-journal 1
 *	parent <hex, or 40 zeros when the branch is unborn>
 *	file <0|1 new>\t<backup>\t<work-tree path>
 *
 * and <gitdir>okr-index.ino and okr-HEAD.ino, "<dev> <ino>" of the
 * index.lock and HEAD.lock okr holds, so that a later okr tells its own
 * stale locks from git's.
 */
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
#include "gitjournal.h"

static char *journal_path(git_repository *repo, const char *name)
{
	return okr_xprintf("%s%s", git_repository_path(repo), name);
}

/* path by way of path.new (a fixed name: a killed okr leaves at most one),
 * synced before the rename. */
static int write_synced(const char *path, const char *buf, size_t len)
{
	char *tmp = okr_xprintf("%s.new", path);
	int fd, error = -1, saved;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		goto done;
	if (write(fd, buf, len) != (ssize_t)len || fsync(fd) < 0) {
		saved = errno ? errno : ENOSPC;
		close(fd);
		unlink(tmp);
		errno = saved;
		goto done;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto done;
	}
	error = 0;
done:
	free(tmp);
	return error;
}

int okr_journal_begin(git_repository *repo, const git_oid *parent,
		      const struct okr_journal_file *f, size_t n)
{
	struct okr_buf b = OKR_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1] = "0000000000000000000000000000000000000000";
	char *path = journal_path(repo, "okr-journal");
	int error = 0;

	okr_journal_end(repo);	/* no lock records of an earlier run */
	if (parent)
		git_oid_tostr(hex, sizeof(hex), parent);
	okr_buf_printf(&b, "okr-journal 1\nparent %s\n", hex);
	for (size_t i = 0; i < n; i++) {
		if (strpbrk(f[i].wtpath, "\t\n") || strpbrk(f[i].backup, "\t\n")) {
			error = okr_error_set("cannot commit '%s': a tab or newline in "
					      "its path", f[i].wtpath);
			goto done;
		}
		okr_buf_printf(&b, "file %d\t%s\t%s\n", f[i].is_new, f[i].backup,
			       f[i].wtpath);
	}
	if (write_synced(path, b.ptr, b.len) < 0)
		error = okr_error_set("cannot write '%s': %s; nothing was changed", path,
				      strerror(errno));
done:
	okr_buf_free(&b);
	free(path);
	return error;
}

void okr_journal_lock(git_repository *repo, const char *which, const char *file)
{
	char *path = okr_xprintf("%sokr-%s.ino", git_repository_path(repo), which);
	struct stat st;
	char line[64];
	int fd;

	if (stat(file, &st) == 0 &&
	    (fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666)) >= 0) {
		int len = snprintf(line, sizeof(line), "%llu %llu\n",
				   (unsigned long long)st.st_dev,
				   (unsigned long long)st.st_ino);

		(void)!write(fd, line, (size_t)len);
		close(fd);
	}
	free(path);
}

void okr_journal_end(git_repository *repo)
{
	char *j = journal_path(repo, "okr-journal");
	char *i = journal_path(repo, "okr-index.ino");
	char *h = journal_path(repo, "okr-HEAD.ino");

	unlink(h);
	unlink(i);
	unlink(j);
	free(h);
	free(i);
	free(j);
}

/* lock exists and is the one okr_journal_lock recorded as which. */
static bool lock_is_ours(git_repository *repo, const char *which, const char *lock)
{
	char *path = okr_xprintf("%sokr-%s.ino", git_repository_path(repo), which);
	unsigned long long dev, ino;
	struct stat st;
	bool ours = false;
	FILE *fp = fopen(path, "re");

	/* one line per file okr made: the lock it created, then (for the
	 * index) the new index renamed over it */
	if (fp && stat(lock, &st) == 0)
		while (!ours && fscanf(fp, "%llu %llu", &dev, &ino) == 2)
			ours = st.st_dev == dev && st.st_ino == ino;
	if (fp)
		fclose(fp);
	free(path);
	return ours;
}

/*
 * The branch's lock, when libgit2 took it for the killed okr while okr held
 * HEAD.lock: made no earlier than our HEAD.lock and within the 10 s a
 * commit may take (a git that locks the branch alone, e.g. update-ref,
 * meanwhile would be a coincidence this cannot tell from okr's).
 */
static void drop_branch_lock(git_repository *repo, const char *headlock)
{
	git_reference *head = NULL;
	struct stat hs, bs;
	char *lock;

	if (git_reference_lookup(&head, repo, "HEAD") < 0 ||
	    git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_error_clear();
		git_reference_free(head);
		return;
	}
	lock = okr_xprintf("%s%s.lock", git_repository_commondir(repo),
			   git_reference_symbolic_target(head));
	if (stat(headlock, &hs) == 0 && stat(lock, &bs) == 0 &&
	    bs.st_mtime >= hs.st_mtime && bs.st_mtime <= hs.st_mtime + 10)
		unlink(lock);
	free(lock);
	git_reference_free(head);
}

/* HEAD holds wtpath as the work tree has it (a present file with the same
 * blob, or neither has it): the killed okr's commit was made. */
static bool head_has(git_repository *repo, const git_oid *head, const char *wtpath)
{
	const char *top = git_repository_workdir(repo);
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_oid id;
	bool same = false;
	int found;

	if (!top || strncmp(wtpath, top, strlen(top)) != 0 ||
	    git_commit_lookup(&c, repo, head) < 0 || git_commit_tree(&tree, c) < 0)
		goto done;
	found = git_tree_entry_bypath(&e, tree, wtpath + strlen(top)) == 0;
	if (access(wtpath, F_OK) < 0)
		same = !found;
	else
		same = found && git_odb_hashfile(&id, wtpath, GIT_OBJECT_BLOB) == 0 &&
		       git_oid_equal(&id, git_tree_entry_id(e));
done:
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	return same;
}

int okr_journal_recover(git_repository *repo)
{
	char *path = journal_path(repo, "okr-journal");
	char *lock = journal_path(repo, "index.lock");
	char *index = journal_path(repo, "index");
	char *headlock = journal_path(repo, "HEAD.lock");
	char *text = NULL, *line, *save = NULL;
	git_oid parent, head;
	bool moved, ours;
	int error = 0;

	if (okr_file_read(&text, NULL, path, 1 << 20) < 0) {
		if (errno != ENOENT)
			error = okr_error_set("cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	if (strncmp(text, "okr-journal 1\nparent ", 21) != 0 ||
	    git_oid_fromstrn(&parent, text + 21, GIT_OID_HEXSZ) < 0) {
		error = okr_error_set("'%s' is damaged; look at it, then remove it", path);
		goto done;
	}
	if (git_reference_name_to_id(&head, repo, "HEAD") < 0) {
		git_error_clear();
		memset(&head, 0, sizeof(head));
	}
	/* the branch moved, and to our commit (not git's, made after we died) */
	moved = !git_oid_equal(&head, &parent);
	if (moved) {
		char *first = strstr(text, "\nfile ");
		char *wt = first ? strchr(strchr(first + 1, '\t') + 1, '\t') : NULL;

		if (wt) {
			char *end = strchr(++wt, '\n'), *p = end ? okr_xstrndup(wt, (size_t)(end - wt))
								  : okr_xstrdup(wt);

			moved = head_has(repo, &head, p);
			free(p);
		}
	}
	ours = lock_is_ours(repo, "index", lock);
	if (lock_is_ours(repo, "HEAD", headlock)) {
		drop_branch_lock(repo, headlock);
		if (unlink(headlock) < 0) {
			error = okr_error_set("cannot remove '%s': %s", headlock,
					      strerror(errno));
			goto done;
		}
	}
	/* finish (the branch moved: the commit stands) or undo */
	if (ours && (moved ? rename(lock, index) : unlink(lock)) < 0) {
		error = okr_error_set("cannot recover '%s': %s", lock, strerror(errno));
		goto done;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *backup, *wt;
		int is_new;

		if (strncmp(line, "file ", 5) != 0)
			continue;
		is_new = line[5] == '1';
		backup = strchr(line, '\t');
		wt = backup ? strchr(backup + 1, '\t') : NULL;
		if (!wt)
			continue;
		*backup++ = '\0';
		*wt++ = '\0';
		{
			char *tmp = okr_temp_name(wt);

			unlink(tmp);	/* a new file not yet renamed into place */
			free(tmp);
		}
		if (moved)
			unlink(backup);
		else if (access(backup, F_OK) == 0 ? rename(backup, wt) < 0
			 : is_new && unlink(wt) < 0 && errno != ENOENT)
			error = okr_error_set("cannot put back '%s' from '%s' (left by an "
					      "okr that was stopped): %s", wt, backup,
					      strerror(errno));
	}
	if (error == 0)
		okr_journal_end(repo);
done:
	free(text);
	free(path);
	free(lock);
	free(index);
	free(headlock);
	return error;
}
