/*
 * git.c: the git store: opening the repository, its state, serialising okr
 * writers with a lock file, and author and committer as git makes them.
 * Committing is in gitcommit.c.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "gitjournal.h"
#include "gitpriv.h"


const char *okr_git_last_error(void)
{
	return okr_error_last();
}

long long okr_git__now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep *delay ms and grow it: short first waits, since another okr
 * process usually holds the repository for a few milliseconds only. */
void okr_git__backoff(int *delay)
{
	struct timespec ts = { *delay / 1000, (long)(*delay % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	*delay = *delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : *delay * 2;
}

/* ---- bare repositories: read-only handles for history (issue 11) ---- */

/* Add the object folders a git server's receive hook names in the
 * environment: during pre-receive the pushed objects are only in the
 * quarantine folder (GIT_OBJECT_DIRECTORY), the rest in
 * GIT_ALTERNATE_OBJECT_DIRECTORIES. libgit2 reads these variables only
 * with GIT_REPOSITORY_OPEN_FROM_ENV, which also refuses GIT_WORK_TREE. */
static int add_env_object_dirs(git_repository *repo)
{
	const char *vars[] = { "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES" };
	char *own = realpath(git_repository_path(repo), NULL);
	git_odb *odb = NULL;
	int error = 0;

	for (size_t i = 0; i < 2 && error == 0; i++) {
		const char *v = getenv(vars[i]);
		char *list, *save = NULL, *dir;

		if (!v || !*v)
			continue;
		list = okr_xstrdup(v);
		for (dir = strtok_r(list, ":", &save); dir && error == 0;
		     dir = strtok_r(NULL, ":", &save)) {
			char *real = realpath(dir, NULL), *mine;

			if (!real)
				continue;
			mine = own ? okr_xprintf("%s/objects", own) : NULL;
			if (!mine || strcmp(real, mine) != 0) {
				if (!odb && (error = git_repository_odb(&odb, repo)) < 0)
					okr_error_set_git(error, "cannot open the object database");
				else if ((error = git_odb_add_disk_alternate(odb, real)) < 0)
					okr_error_set_git(error, "cannot read objects from '%s'", real);
			}
			free(mine);
			free(real);
		}
		free(list);
	}
	git_odb_free(odb);
	free(own);
	return error;
}

/* Whether okr_root is the git folder of the bare repository repo itself:
 * the dispatcher points history-reading commands there (okr_git_open). */
static bool is_bare_root(git_repository *repo, const char *okr_root)
{
	char *a, *b;
	bool same;

	if (!git_repository_is_bare(repo))
		return false;
	a = realpath(git_repository_path(repo), NULL);
	b = realpath(okr_root, NULL);
	same = a && b && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* Takes over repo (freed on failure) and one libgit2 init reference. */
static int open_bare(struct okr_git **out, git_repository *repo)
{
	struct okr_git *g;

	if (add_env_object_dirs(repo) < 0) {
		git_repository_free(repo);
		git_libgit2_shutdown();
		return -1;
	}
	g = okr_xcalloc(1, sizeof(*g));
	g->repo = repo;
	g->lock_fd = -1;
	g->prefix = okr_xstrdup("");
	*out = g;
	return 0;
}

/* ---- */

/* Takes over repo (freed on failure) and one libgit2 init reference. */
static int finish_open(struct okr_git **out, git_repository *repo,
		       const char *okr_root)
{
	const char *workdir = git_repository_workdir(repo);
	char *wd = NULL, *root = NULL;
	struct okr_git *g;
	size_t n;
	int error = -1;

	if (git_repository_is_bare(repo) || !workdir) {
		okr_error_set("'%s' is in a bare git repository; okr needs a work tree",
		       okr_root);
		goto done;
	}
	if (!(wd = realpath(workdir, NULL))) {
		okr_error_set("cannot resolve '%s': %s", workdir, strerror(errno));
		goto done;
	}
	if (!(root = realpath(okr_root, NULL))) {
		okr_error_set("cannot resolve '%s': %s", okr_root, strerror(errno));
		goto done;
	}
	n = strlen(wd);
	if (n == 1)		/* a work tree at "/" */
		n = 0;
	if (strcmp(root, wd) && (strncmp(root, wd, n) || root[n] != '/')) {
		okr_error_set("'%s' is outside the work tree '%s'", okr_root, wd);
		goto done;
	}

	g = okr_xcalloc(1, sizeof(*g));
	g->repo = repo;
	g->lock_fd = -1;
	g->prefix = strcmp(root, wd) ? okr_xprintf("%s/", root + n + 1)
				     : okr_xstrdup("");
	*out = g;
	repo = NULL;
	error = 0;
done:
	free(wd);
	free(root);
	if (repo) {
		git_repository_free(repo);
		git_libgit2_shutdown();
	}
	return error;
}

/*
 * git's words for a repository owned by someone else (libgit2's GIT_EOWNER):
 * where it is, and git's hint about safe.directory, which libgit2 reads too.
 * The work tree's top is the folder holding .git.
 */
static int dubious(const char *start)
{
	git_repository *repo = NULL;
	const char *wd;
	char *top;
	size_t n;
	int error;

	/* libgit2 1.5.1 reports a refused owner as GIT_ENOTFOUND ("config
	 * value 'safe.directory' was not found"): look again without the
	 * check to tell the two apart. */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	error = git_repository_open_ext(&repo, start, 0, NULL);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
	if (error < 0) {
		git_error_clear();
		return 0;
	}
	wd = git_repository_workdir(repo);
	if (!wd)
		wd = git_repository_path(repo);
	n = strlen(wd);
	while (n > 1 && wd[n - 1] == '/')
		n--;
	top = okr_xstrndup(wd, n);
	okr_error_set("detected dubious ownership in repository at '%s'\n"
		      "hint: to add an exception for this directory, call:\n"
		      "hint:\n"
		      "hint:\tgit config --global --add safe.directory %s", top, top);
	git_repository_free(repo);
	free(top);
	return 1;
}

int okr_git_open(struct okr_git **out, const char *okr_root)
{
	git_repository *repo;
	int error;

	git_libgit2_init();
	error = git_repository_open_ext(&repo, okr_root, 0, NULL);
	if ((error == GIT_EOWNER || error == GIT_ENOTFOUND) && dubious(okr_root))
		goto fail;
	if (error == GIT_ENOTFOUND) {
		okr_error_set("'%s' is not in a git repository", okr_root);
		goto fail;
	}
	if (error < 0) {
		okr_error_set_git(error, "cannot open the git repository at '%s'",
		       okr_root);
		goto fail;
	}
	if (is_bare_root(repo, okr_root))
		return open_bare(out, repo);
	return finish_open(out, repo, okr_root);
fail:
	git_libgit2_shutdown();
	return error < 0 ? error : -1;
}

int okr_git_init(struct okr_git **out, const char *dir, bool *created)
{
	git_repository *repo;
	bool made = false;
	int error;

	git_libgit2_init();
	error = git_repository_open_ext(&repo, dir, 0, NULL);
	if ((error == GIT_EOWNER || error == GIT_ENOTFOUND) && dubious(dir)) {
		error = -1;
		goto fail;
	}
	if (error == GIT_ENOTFOUND) {
		made = true;
		if ((error = git_repository_init(&repo, dir, 0)) < 0) {
			okr_error_set_git(error, "cannot create a git repository in '%s'",
			       dir);
			goto fail;
		}
	} else if (error < 0) {
		okr_error_set_git(error, "cannot open the git repository at '%s'", dir);
		goto fail;
	}
	if ((error = finish_open(out, repo, dir)) < 0)
		return error;
	if (created)
		*created = made;
	return 0;
fail:
	git_libgit2_shutdown();
	return error;
}

void okr_git_free(struct okr_git *g)
{
	if (!g)
		return;
	okr_git_unlock(g);
	git_repository_free(g->repo);
	free(g->prefix);
	free(g);
	git_libgit2_shutdown();
}

git_repository *okr_git_repo(struct okr_git *g)
{
	return g->repo;
}

const char *okr_git_workdir_prefix(struct okr_git *g)
{
	return g->prefix;
}

int okr_git_check_state(struct okr_git *g)
{
	const char *what;

	switch (git_repository_state(g->repo)) {
	case GIT_REPOSITORY_STATE_NONE:
		return 0;
	case GIT_REPOSITORY_STATE_MERGE:
		what = "a merge";
		break;
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		what = "a revert";
		break;
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		what = "a cherry-pick";
		break;
	case GIT_REPOSITORY_STATE_BISECT:
		return okr_error_set("a bisect is in progress; end it with 'git bisect reset' first");
	case GIT_REPOSITORY_STATE_REBASE:
	case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
	case GIT_REPOSITORY_STATE_REBASE_MERGE:
		what = "a rebase";
		break;
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		what = "a 'git am'";
		break;
	default:
		what = "another git operation";
		break;
	}
	return okr_error_set("%s is in progress; finish or abort it first", what);
}

int okr_git_lock(struct okr_git *g)
{
	long long start = okr_git__now_ms();
	char *path, *index_lock = NULL;
	int delay = BACKOFF_START_MS;
	int fd, error = -1;

	assert(g->lock_fd < 0);
	/* The common dir: linked work trees share branches, so share a lock. */
	path = okr_xprintf("%sokr.lock", git_repository_commondir(g->repo));
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		okr_error_set("cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			okr_error_set("cannot lock '%s': %s", path, strerror(errno));
			goto done;
		}
		if (okr_git__now_ms() - start >= WAIT_MS) {
			okr_error_set("the repository is locked by another okr process; try again");
			goto done;
		}
		okr_git__backoff(&delay);
	}

	/* With okr.lock held no other okr runs: finish or undo the commit of
	 * one that was killed (its locks would stop us otherwise). */
	if (okr_journal_recover(g->repo) < 0)
		goto done;

	/* git takes index.lock while committing; our commit would race its
	 * index write and its HEAD update. */
	index_lock = okr_xprintf("%sindex.lock", git_repository_path(g->repo));
	delay = BACKOFF_START_MS;
	while (access(index_lock, F_OK) == 0) {
		if (okr_git__now_ms() - start >= WAIT_MS) {
			okr_error_set("'%s' exists: another git process seems to be running in this repository; if not, remove the file and try again",
			       index_lock);
			goto done;
		}
		okr_git__backoff(&delay);
	}
	g->lock_fd = fd;
	fd = -1;
	error = 0;
done:
	if (fd >= 0)
		close(fd);
	free(path);
	free(index_lock);
	return error;
}

static char *gitdir_file(struct okr_git *g, const char *name)
{
	return okr_xprintf("%s%s", git_repository_path(g->repo), name);
}

void okr_git_index_preload(struct okr_git *g)
{
	char *index = gitdir_file(g, "index"), *tmp = gitdir_file(g, "okr-index");
	git_index *idx = NULL;

	if (g->lock_fd < 0 || g->staged)
		goto done;
	unlink(tmp);	/* a killed okr's; we hold okr.lock */
	if (lstat(index, &g->staged_st) < 0 || !S_ISREG(g->staged_st.st_mode) ||
	    link(index, tmp) < 0)
		goto done;
	if (git_index_open(&idx, tmp) < 0 ||
	    git_repository_set_index(g->repo, idx) < 0) {
		git_error_clear();
		git_index_free(idx);
		unlink(tmp);
		goto done;
	}
	g->staged = idx;
done:
	free(index);
	free(tmp);
}

bool okr_git__staged_current(struct okr_git *g, const char *index_path)
{
	struct stat st;

	return g->staged && lstat(index_path, &st) == 0 &&
	       st.st_dev == g->staged_st.st_dev && st.st_ino == g->staged_st.st_ino &&
	       st.st_size == g->staged_st.st_size &&
	       st.st_mtim.tv_sec == g->staged_st.st_mtim.tv_sec &&
	       st.st_mtim.tv_nsec == g->staged_st.st_mtim.tv_nsec;
}

void okr_git__staged_drop(struct okr_git *g)
{
	char *tmp;
	struct stat st;

	if (!g->staged)
		return;
	git_repository_set_index(g->repo, NULL);
	git_index_free(g->staged);
	g->staged = NULL;
	/* our link, unless a commit wrote okr-index anew (and moved it) */
	tmp = gitdir_file(g, "okr-index");
	if (lstat(tmp, &st) == 0 && st.st_dev == g->staged_st.st_dev &&
	    st.st_ino == g->staged_st.st_ino)
		unlink(tmp);
	free(tmp);
}

void okr_git_unlock(struct okr_git *g)
{
	okr_git__staged_drop(g);
	/* Closing drops the flock; the file stays, as removing a flock()ed
	 * file would let a third process lock a different inode. */
	if (g->lock_fd >= 0) {
		close(g->lock_fd);
		g->lock_fd = -1;
	}
}

int okr_git_file_status(struct okr_git *g, const char *relpath, int *out)
{
	char *path = okr_xprintf("%s%s", g->prefix, relpath);
	unsigned int flags;
	int error;

	error = git_status_file(&flags, g->repo, path);
	if (error == GIT_ENOTFOUND) {
		*out = OKR_GIT_ABSENT;
		error = 0;
	} else if (error < 0) {
		okr_error_set_git(error, "cannot read the git status of '%s'", relpath);
	} else if (flags == GIT_STATUS_CURRENT) {
		*out = OKR_GIT_CLEAN;
	} else if ((flags & ~(GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED)) == 0) {
		*out = OKR_GIT_UNTRACKED;
	} else {
		*out = OKR_GIT_MODIFIED;
	}
	free(path);
	return error;
}

/* ---- identity ---- */

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* A configuration value, or NULL; valid while the snapshot lives. */
static const char *config_get(git_config *cfg, const char *key)
{
	const char *v = NULL;

	if (git_config_get_string(&v, cfg, key) < 0) {
		git_error_clear();
		return NULL;
	}
	return nonempty(v);
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Exactly n digits at *p into *out. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* "Z", "+01:00", "+0100", "-05" into minutes east of UTC. */
static int parse_offset(const char **p, int *out, bool colon_ok)
{
	const char *s = *p;
	int sign, hh, mm = 0;

	if (*s == 'Z') {
		*p = s + 1;
		*out = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (digits(&s, 2, &hh) < 0)
		return -1;
	if (colon_ok && *s == ':')
		s++;
	if (isdigit((unsigned char)*s) && digits(&s, 2, &mm) < 0)
		return -1;
	if (hh > 23 || mm > 59)
		return -1;
	*p = s;
	*out = sign * (hh * 60 + mm);
	return 0;
}

/* git's raw "@1700000000 +0100"; the offset may be left out after '@'. */
static int parse_raw(const char *s, git_time_t *t, int *offset)
{
	bool at = *s == '@';
	long long v = 0;
	const char *p = s + at;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (1LL << 40))
			return -1;
		v = v * 10 + (*p - '0');
	}
	*offset = 0;
	if (*p == ' ') {
		p++;
		if ((*p != '+' && *p != '-') || parse_offset(&p, offset, false) < 0)
			return -1;
	} else if (!at) {
		return -1;
	}
	if (*p)
		return -1;
	*t = v;
	return 0;
}

/* ISO 8601: a date alone is local midnight; a time without an offset is
 * local time, as git reads GIT_AUTHOR_DATE. */
static int parse_iso(const char *s, git_time_t *t, int *offset)
{
	struct tm tm = { 0 };
	int y, mo, d, hh = 0, mi = 0, ss = 0;
	bool have_offset = false;
	const char *p = s;
	time_t v;

	if (digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &mo) < 0 ||
	    *p++ != '-' || digits(&p, 2, &d) < 0)
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &hh) < 0 || *p++ != ':' ||
		    digits(&p, 2, &mi) < 0)
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &ss) < 0)
				return -1;
			if (*p == '.' || *p == ',') {
				if (!isdigit((unsigned char)*++p))
					return -1;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (hh > 23 || mi > 59 || ss > 60)
			return -1;
		if (*p == ' ')
			p++;
		if (*p) {
			if (parse_offset(&p, offset, true) < 0)
				return -1;
			have_offset = true;
		}
	}
	if (*p)
		return -1;

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mi;
	tm.tm_sec = ss;
	if (have_offset) {
		v = timegm(&tm) - (time_t)*offset * 60;
	} else {
		tm.tm_isdst = -1;
		v = mktime(&tm);
		*offset = (int)(tm.tm_gmtoff / 60);
	}
	*t = v;
	return 0;
}

static int local_now(git_time_t *t, int *offset)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm))
		return -1;
	*t = now;
	*offset = (int)(tm.tm_gmtoff / 60);
	return 0;
}

/* who is "AUTHOR" or "COMMITTER"; section "author" or "committer". */
static int make_signature(git_signature **out, git_config *cfg,
			  const char *who, const char *section)
{
	char var[32], key[32];
	const char *name, *email, *date;
	git_time_t t;
	int offset, error;

	snprintf(var, sizeof(var), "GIT_%s_NAME", who);
	snprintf(key, sizeof(key), "%s.name", section);
	if (!(name = nonempty(getenv(var))) && !(name = config_get(cfg, key)))
		name = config_get(cfg, "user.name");
	snprintf(var, sizeof(var), "GIT_%s_EMAIL", who);
	snprintf(key, sizeof(key), "%s.email", section);
	if (!(email = nonempty(getenv(var))) && !(email = config_get(cfg, key)) &&
	    !(email = config_get(cfg, "user.email")))
		email = nonempty(getenv("EMAIL"));
	if (!name || !email)
		return okr_error_set("no identity: set user.name and user.email (git config) or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL");

	snprintf(var, sizeof(var), "GIT_%s_DATE", who);
	if ((date = nonempty(getenv(var)))) {
		if (parse_raw(date, &t, &offset) < 0 &&
		    parse_iso(date, &t, &offset) < 0)
			return okr_error_set("invalid date '%s' in %s (use ISO 8601, e.g. 2026-11-20T10:00:00+01:00, or @<seconds> <+hhmm>)",
				      date, var);
	} else if (local_now(&t, &offset) < 0) {
		return okr_error_set("cannot read the local time: %s", strerror(errno));
	}
	if ((error = git_signature_new(out, name, email, t, offset)) < 0)
		return okr_error_set_git(error, "invalid %s identity '%s <%s>'", section,
			      name, email);
	return 0;
}

int okr_git_signatures(git_signature **author, git_signature **committer,
		       struct okr_git *g)
{
	git_signature *a = NULL, *c = NULL;
	git_config *cfg = NULL;
	int error;

	/* Without a repository (okr init checks before creating one) the
	 * user's global and system configuration is what git would read. */
	if (!g)
		git_libgit2_init();	/* no okr_git holds it for us */
	error = g ? git_repository_config_snapshot(&cfg, g->repo)
		  : git_config_open_default(&cfg);
	if (error < 0) {
		okr_error_set_git(error, "cannot read the git configuration");
		goto done;
	}
	if ((error = make_signature(&a, cfg, "AUTHOR", "author")) < 0 ||
	    (error = make_signature(&c, cfg, "COMMITTER", "committer")) < 0)
		goto done;
	*author = a;
	*committer = c;
	a = c = NULL;
done:
	git_signature_free(a);
	git_signature_free(c);
	git_config_free(cfg);
	if (!g)
		git_libgit2_shutdown();
	return error;
}
