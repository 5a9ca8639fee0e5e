/*
 * gitmulti.c: the change sets of the commands that change several files
 * (close, carry, mv), and writing them: committed through the git store's
 * transaction (okr_git_commit_changes in gitcommit.c), or written alone.
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
#include "safetext.h"

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
		char *shown;
		int e;

		if (sv[i].buf ? okr_file_write_atomic(sv[i].path, sv[i].buf, sv[i].len) == 0
			      : unlink(sv[i].path) == 0 || errno == ENOENT)
			continue;
		e = errno;
		shown = okr_safetext_dup(sv[i].path, 0);
		fprintf(stderr, "okr: warning: could not restore '%s': %s\n", shown,
			strerror(e));
		free(shown);
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
		    const struct okr_git_change *v, size_t n, const char *message,
		    unsigned flags)
{
	struct saved *sv;
	size_t i, done = 0;
	int error = -1;

	/* With git, the git store's transaction writes, commits and, on a
	 * failure, puts back (needing no free space). */
	if (g)
		return okr_git_commit_changes(out, g, v, n, message, flags);
	sv = okr_xcalloc(n + 1, sizeof(*sv));

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
