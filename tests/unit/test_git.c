/*
 * test_git.c: the git store against real throw-away repositories, inspected
 * with the git command line as a user would: what is in the commit, what is
 * still staged, who the author is, whether `git fsck` and `git status` agree.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "error.h"
#include "git.h"
#include "testutil.h"

/* Per test: home/ and repo/ live here; short, so paths below fit PATH_MAX. */
static char tmp[256];
static char repo[512];

/* Fixture commits by the git command line, never by the code under test. */
#define GIT "git -c user.name=Fixture -c user.email=fixture@example.com "

/* dir/rel in one of a few rotating buffers. */
static const char *p(const char *dir, const char *rel)
{
	static char out[4][PATH_MAX];
	static int which;

	which = (which + 1) % 4;
	ck_assert_int_lt(snprintf(out[which], sizeof(out[0]), "%s/%s", dir, rel),
			 (int)sizeof(out[0]));
	return out[which];
}

static void unset_identity(void)
{
	static const char *vars[] = {
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
		"GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
		"GIT_COMMITTER_DATE", "EMAIL",
	};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

static void set_identity(void)
{
	setenv("GIT_AUTHOR_NAME", "Alice Example", 1);
	setenv("GIT_AUTHOR_EMAIL", "alice@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Alice Example", 1);
	setenv("GIT_COMMITTER_EMAIL", "alice@example.com", 1);
}

/* Neither the machine's nor the user's git configuration may matter: the
 * git CLI is told by HOME and GIT_CONFIG_NOSYSTEM, libgit2 by its search
 * paths (held by an extra init so okr_git_free cannot reset them). */
static void setup(void)
{
	char path[PATH_MAX];

	tmpdir_new(tmp, sizeof(tmp), "git");
	FMT(path, "%s/home", tmp);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	isolate_git(path);
	unset_identity();

	git_libgit2_init();
	FMT(path, "%s/home", tmp);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, path);
	FMT(path, "%s/home/.config/git", tmp);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, path);
	FMT(path, "%s/nosystem", tmp);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, path);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA,
			 path);

	FMT(repo, "%s/repo", tmp);
	ck_assert_int_eq(sh("git init -q -b main %s", repo), 0);
}

static void teardown(void)
{
	git_libgit2_shutdown();
	tmpdir_remove(tmp);
}

/* What okr update does: write the file atomically, then commit it. */
static git_oid okr_write_commit(struct okr_git *g, const char *root,
				const char *relpath, const char *content,
				const char *msg)
{
	char path[PATH_MAX];
	git_oid id;

	FMT(path, "%s/%s", root, relpath);
	ck_assert_int_eq(okr_file_write_atomic(path, content, strlen(content)), 0);
	ck_assert_msg(okr_git_commit_file(&id, g, relpath, content,
					  strlen(content), msg, 0) == 0,
		      "%s", okr_error_last());
	return id;
}

static void assert_repo_sound(void)
{
	ck_assert_int_eq(sh("git -C %s fsck --strict --no-progress >/dev/null 2>&1",
			    repo), 0);
}

static struct okr_git *open_ok(const char *root)
{
	struct okr_git *g = NULL;

	ck_assert_msg(okr_git_open(&g, root) == 0, "%s", okr_error_last());
	return g;
}

START_TEST(first_commit_on_unborn_branch)
{
	struct okr_git *g;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];

	set_identity();
	g = open_ok(repo);
	ck_assert_str_eq(okr_git_workdir_prefix(g), "");
	id = okr_write_commit(g, repo, "okr.yaml", "organisation: Acme\n",
			      "okr: init");
	git_oid_tostr(hex, sizeof(hex), &id);

	ck_assert_str_eq(run("git -C %s rev-parse refs/heads/main", repo), hex);
	ck_assert_str_eq(run("git -C %s symbolic-ref HEAD", repo),
			 "refs/heads/main");
	ck_assert_str_eq(run("git -C %s rev-list --count HEAD", repo), "1");
	ck_assert_str_eq(run("git -C %s log --format=%%B", repo), "okr: init");
	ck_assert_str_eq(run("git -C %s ls-tree -r --name-only HEAD", repo),
			 "okr.yaml");
	ck_assert_str_eq(run("git -C %s show HEAD:okr.yaml", repo),
			 "organisation: Acme");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	assert_repo_sound();
	okr_git_free(g);
}
END_TEST

START_TEST(commit_on_top_of_history)
{
	struct okr_git *g;
	char before[64];

	set_identity();
	sh("mkdir -p %s/2026-Q4", repo);
	put(p(repo, "README"), "hello\n");
	put(p(repo, "2026-Q4/x.yaml"), "current: 1\n");
	ck_assert_int_eq(sh("cd %s && git add -A && " GIT "commit -q -m one", repo), 0);
	FMT(before, "%s", run("git -C %s rev-parse HEAD", repo));

	g = open_ok(repo);
	okr_write_commit(g, repo, "2026-Q4/x.yaml", "current: 2\n",
			 "okr: 2026-Q4/x#kr 1 -> 2");
	ck_assert_str_eq(run("git -C %s rev-list --count HEAD", repo), "2");
	ck_assert_str_eq(run("git -C %s rev-parse HEAD^", repo), before);
	ck_assert_str_eq(run("git -C %s diff --name-only HEAD^ HEAD", repo),
			 "2026-Q4/x.yaml");
	ck_assert_str_eq(run("git -C %s show HEAD:2026-Q4/x.yaml", repo),
			 "current: 2");
	ck_assert_str_eq(run("git -C %s show HEAD:README", repo), "hello");
	ck_assert_str_eq(run("git -C %s log -1 --format=%%s", repo),
			 "okr: 2026-Q4/x#kr 1 -> 2");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	assert_repo_sound();
	okr_git_free(g);
}
END_TEST

START_TEST(unchanged_value_still_commits)
{
	struct okr_git *g;

	set_identity();
	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "current: 5\n", "first");
	okr_write_commit(g, repo, "x.yaml", "current: 5\n", "same value again");
	ck_assert_str_eq(run("git -C %s rev-list --count HEAD", repo), "2");
	ck_assert_str_eq(run("git -C %s log -1 --format=%%s", repo),
			 "same value again");
	ck_assert_str_eq(run("git -C %s rev-parse HEAD^{tree}", repo),
			 run("git -C %s rev-parse HEAD^^{tree}", repo));
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	assert_repo_sound();
	okr_git_free(g);
}
END_TEST

START_TEST(detached_head_moves_head_only)
{
	struct okr_git *g;
	char main_before[64];

	set_identity();
	put(p(repo, "x.yaml"), "v: 1\n");
	sh("cd %s && git add -A && " GIT "commit -q -m one", repo);
	put(p(repo, "x.yaml"), "v: 2\n");
	sh("cd %s && git add -A && " GIT "commit -q -m two", repo);
	FMT(main_before, "%s",
		 run("git -C %s rev-parse main", repo));
	ck_assert_int_eq(sh("git -C %s checkout -q --detach HEAD~1", repo), 0);

	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "v: 3\n", "on detached head");
	ck_assert_str_eq(run("git -C %s rev-parse main", repo), main_before);
	ck_assert_int_ne(sh("git -C %s symbolic-ref -q HEAD", repo), 0);
	ck_assert_str_eq(run("git -C %s log -1 --format=%%s HEAD", repo),
			 "on detached head");
	ck_assert_str_eq(run("git -C %s log -1 --format=%%s HEAD^", repo), "one");
	ck_assert_str_eq(run("git -C %s show HEAD:x.yaml", repo), "v: 3");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	assert_repo_sound();
	okr_git_free(g);
}
END_TEST

START_TEST(okr_root_in_sub_folder)
{
	struct okr_git *g;
	char root[PATH_MAX];

	set_identity();
	put(p(repo, "app.c"), "int main;\n");
	sh("cd %s && git add -A && " GIT "commit -q -m code", repo);
	FMT(root, "%s/sub", repo);
	sh("mkdir -p %s/2026-Q4", root);

	g = open_ok(root);
	ck_assert_str_eq(okr_git_workdir_prefix(g), "sub/");
	okr_write_commit(g, root, "2026-Q4/x.yaml", "v: 1\n", "okr: new");
	ck_assert_str_eq(run("git -C %s diff --name-only HEAD^ HEAD", repo),
			 "sub/2026-Q4/x.yaml");
	ck_assert_str_eq(run("git -C %s ls-tree -r --name-only HEAD", repo),
			 "app.c\nsub/2026-Q4/x.yaml");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	assert_repo_sound();
	okr_git_free(g);

	/* Opening from deeper down still finds the same work tree. */
	g = open_ok(p(root, "2026-Q4"));
	ck_assert_str_eq(okr_git_workdir_prefix(g), "sub/2026-Q4/");
	okr_git_free(g);
}
END_TEST

START_TEST(other_changes_stay_out_of_the_commit)
{
	struct okr_git *g;

	set_identity();
	put(p(repo, "a.txt"), "a1\n");
	put(p(repo, "b.txt"), "b1\n");
	put(p(repo, "x.yaml"), "v: 1\n");
	sh("cd %s && git add -A && " GIT "commit -q -m base", repo);
	put(p(repo, "a.txt"), "a2 staged\n");
	put(p(repo, "b.txt"), "b2 unstaged\n");
	put(p(repo, "c.txt"), "c new staged\n");
	put(p(repo, "d.txt"), "d untracked\n");
	ck_assert_int_eq(sh("git -C %s add a.txt c.txt", repo), 0);

	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "v: 2\n", "okr: x");
	ck_assert_str_eq(run("git -C %s diff --name-only HEAD^ HEAD", repo),
			 "x.yaml");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo),
			 "M  a.txt\n M b.txt\nA  c.txt\n?? d.txt");
	ck_assert_str_eq(run("git -C %s show :a.txt", repo), "a2 staged");
	ck_assert_str_eq(run("git -C %s show HEAD:a.txt", repo), "a1");
	ck_assert_str_eq(run("cat %s/b.txt", repo), "b2 unstaged");
	assert_repo_sound();
	okr_git_free(g);
}
END_TEST

START_TEST(executable_mode_is_kept)
{
	struct okr_git *g;

	set_identity();
	put(p(repo, "x.yaml"), "v: 1\n");
	chmod(p(repo, "x.yaml"), 0755);
	sh("cd %s && git add -A && " GIT "commit -q -m base", repo);

	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "v: 2\n", "okr: x");
	ck_assert_str_eq(run("git -C %s ls-tree HEAD x.yaml | cut -c1-6", repo),
			 "100755");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	okr_git_free(g);
}
END_TEST

/* With core.autocrlf the blob must be what `git add` stores (LF), or
 * `git status` would show the file as changed right after the commit. */
START_TEST(crlf_file_with_autocrlf)
{
	struct okr_git *g;

	set_identity();
	sh("git -C %s config core.autocrlf true", repo);
	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "a: 1\r\nb: 2\r\n", "crlf");
	ck_assert_str_eq(run("git -C %s cat-file blob HEAD:x.yaml | od -An -c | tr -s ' '", repo),
			 " a : 1 \\n b : 2 \\n");
	ck_assert_str_eq(run("od -An -c %s/x.yaml | tr -s ' '", repo),
			 " a : 1 \\r \\n b : 2 \\r \\n");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	okr_git_free(g);
}
END_TEST

START_TEST(identity_from_environment)
{
	struct okr_git *g;

	setenv("GIT_AUTHOR_NAME", "Ada Lovelace", 1);
	setenv("GIT_AUTHOR_EMAIL", "ada@example.com", 1);
	/* 2026-11-20 09:00 UTC = 20777 days * 86400 + 9 * 3600 */
	setenv("GIT_AUTHOR_DATE", "2026-11-20T10:00:00+01:00", 1);
	setenv("GIT_COMMITTER_NAME", "Charles Babbage", 1);
	setenv("GIT_COMMITTER_EMAIL", "charles@example.com", 1);
	/* 1700000000 = 2023-11-14 22:13:20 UTC */
	setenv("GIT_COMMITTER_DATE", "@1700000000 +0100", 1);
	/* The repository's config must lose against the environment. */
	sh("git -C %s config user.name Nobody && git -C %s config user.email nobody@example.com",
	   repo, repo);

	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "v: 1\n", "msg");
	ck_assert_str_eq(run("git -C %s log -1 --format='%%an|%%ae|%%ai|%%at'", repo),
			 "Ada Lovelace|ada@example.com|2026-11-20 10:00:00 +0100|1795165200");
	ck_assert_str_eq(run("git -C %s log -1 --format='%%cn|%%ce|%%ci|%%ct'", repo),
			 "Charles Babbage|charles@example.com|2023-11-14 23:13:20 +0100|1700000000");
	okr_git_free(g);
}
END_TEST

struct date_case {
	const char *in;
	long long time;		/* worked out by hand: see the comments */
	int offset;
};

START_TEST(date_formats)
{
	static const struct date_case cases[] = {
		/* 2026-11-20 is day 20777: 56 years of 365 + 14 leap days
		 * + 323 days into 2026. 09:00 UTC -> + 32400. */
		{ "2026-11-20T10:00:00+01:00", 1795165200, 60 },
		{ "2026-11-20 10:00:00 +0100", 1795165200, 60 },
		{ "2026-11-20T09:00:00Z", 1795165200, 0 },
		{ "2026-11-20T04:30:00-04:30", 1795165200, -270 },
		{ "2026-11-20T09:00:00.250Z", 1795165200, 0 },
		/* Local time in TZ=CET-1: 10:00 local is 09:00 UTC. */
		{ "2026-11-20T10:00:00", 1795165200, 60 },
		{ "2026-11-20 10:00", 1795165200, 60 },
		/* A date alone is local midnight: 2026-11-19 23:00 UTC. */
		{ "2026-11-20", 1795129200, 60 },
		/* 2024-02-29: 54 * 365 + 13 + 59 = 19782 days. */
		{ "2024-02-29T00:00:00Z", 1709164800, 0 },
		{ "@1700000000 +0100", 1700000000, 60 },
		{ "1700000000 -0530", 1700000000, -330 },
		{ "@1700000000", 1700000000, 0 },
	};
	static const char *bad[] = {
		"2026-13-01", "2025-02-29", "2026-11-31", "yesterday",
		"2026-11-20T25:00:00Z", "2026-11-20T10:00:00+2500", "@abc",
		"1700000000", "2026-11-20X", "2026-1-5", "@1700000000 0100",
	};
	struct okr_git *g;

	set_identity();
	setenv("TZ", "CET-1", 1);
	tzset();
	g = open_ok(repo);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		git_signature *a = NULL, *c = NULL;

		setenv("GIT_AUTHOR_DATE", cases[i].in, 1);
		ck_assert_msg(okr_git_signatures(&a, &c, g) == 0, "%s: %s",
			      cases[i].in, okr_error_last());
		ck_assert_msg(a->when.time == cases[i].time &&
			      a->when.offset == cases[i].offset,
			      "%s gave %lld %d", cases[i].in,
			      (long long)a->when.time, a->when.offset);
		git_signature_free(a);
		git_signature_free(c);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		git_signature *a = NULL, *c = NULL;

		setenv("GIT_AUTHOR_DATE", bad[i], 1);
		ck_assert_msg(okr_git_signatures(&a, &c, g) < 0, "%s accepted",
			      bad[i]);
		ck_assert_ptr_nonnull(strstr(okr_error_last(),
					     "GIT_AUTHOR_DATE"));
		ck_assert_ptr_nonnull(strstr(okr_error_last(), bad[i]));
	}
	unsetenv("GIT_AUTHOR_DATE");
	setenv("GIT_COMMITTER_DATE", "2026-02-30", 1);
	{
		git_signature *a = NULL, *c = NULL;

		ck_assert_int_lt(okr_git_signatures(&a, &c, g), 0);
		ck_assert_ptr_nonnull(strstr(okr_error_last(),
					     "GIT_COMMITTER_DATE"));
	}
	okr_git_free(g);
}
END_TEST

START_TEST(no_date_means_now)
{
	git_signature *a = NULL, *c = NULL;
	struct okr_git *g;
	time_t before = time(NULL), after;

	set_identity();
	setenv("TZ", "CET-1", 1);
	tzset();
	g = open_ok(repo);
	ck_assert_int_eq(okr_git_signatures(&a, &c, g), 0);
	after = time(NULL);
	ck_assert(a->when.time >= before && a->when.time <= after);
	ck_assert(c->when.time >= before && c->when.time <= after);
	ck_assert_int_eq(a->when.offset, 60);
	git_signature_free(a);
	git_signature_free(c);
	okr_git_free(g);
}
END_TEST

START_TEST(identity_from_config)
{
	struct okr_git *g;

	/* The user's global config (HOME/.gitconfig) ... */
	ck_assert_int_eq(sh("git config --global user.name 'Grace Hopper' && "
			    "git config --global user.email grace@example.com"), 0);
	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "v: 1\n", "one");
	ck_assert_str_eq(run("git -C %s log -1 --format='%%an <%%ae>|%%cn <%%ce>'", repo),
			 "Grace Hopper <grace@example.com>|Grace Hopper <grace@example.com>");
	okr_git_free(g);

	/* ... loses against the repository's, and a GIT_* variable
	 * replaces only its own field. */
	sh("git -C %s config user.name 'Local Name'", repo);
	setenv("GIT_COMMITTER_EMAIL", "ci@example.com", 1);
	g = open_ok(repo);
	okr_write_commit(g, repo, "x.yaml", "v: 2\n", "two");
	ck_assert_str_eq(run("git -C %s log -1 --format='%%an <%%ae>|%%cn <%%ce>'", repo),
			 "Local Name <grace@example.com>|Local Name <ci@example.com>");
	okr_git_free(g);
}
END_TEST

START_TEST(no_identity_is_an_error)
{
	struct okr_git *g;
	git_oid id;

	g = open_ok(repo);
	put(p(repo, "x.yaml"), "v: 1\n");
	ck_assert_int_lt(okr_git_commit_file(&id, g, "x.yaml", "v: 1\n", 5, "m", 0), 0);
	ck_assert_str_eq(okr_error_last(),
			 "no identity: set user.name and user.email (git config) or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL");
	ck_assert_int_ne(sh("git -C %s rev-parse -q --verify HEAD >/dev/null", repo), 0);

	/* A name without an email is no identity either. */
	setenv("GIT_AUTHOR_NAME", "Only Name", 1);
	setenv("GIT_COMMITTER_NAME", "Only Name", 1);
	ck_assert_int_lt(okr_git_commit_file(&id, g, "x.yaml", "v: 1\n", 5, "m", 0), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "no identity"));
	ck_assert_int_ne(sh("git -C %s rev-parse -q --verify HEAD >/dev/null", repo), 0);
	okr_git_free(g);
}
END_TEST

START_TEST(refuses_during_merge)
{
	struct okr_git *g;

	put(p(repo, "x.yaml"), "v: 1\n");
	sh("cd %s && git add -A && " GIT "commit -q -m base", repo);
	sh("cd %s && git checkout -q -b other && echo 'v: 2' > x.yaml && "
	   GIT "commit -q -am other && git checkout -q main && "
	   "echo 'v: 3' > x.yaml && " GIT "commit -q -am main", repo);

	g = open_ok(repo);
	ck_assert_int_eq(okr_git_check_state(g), 0);
	/* A real conflict: the merge stops and waits for the user. */
	ck_assert_int_ne(sh("cd %s && " GIT "merge -q other >/dev/null 2>&1", repo), 0);
	ck_assert_int_lt(okr_git_check_state(g), 0);
	ck_assert_str_eq(okr_error_last(),
			 "a merge is in progress; finish or abort it first");

	sh("git -C %s merge --abort", repo);
	ck_assert_int_eq(okr_git_check_state(g), 0);
	okr_git_free(g);
}
END_TEST

START_TEST(refuses_during_rebase)
{
	struct okr_git *g;

	put(p(repo, "x.yaml"), "v: 1\n");
	sh("cd %s && git add -A && " GIT "commit -q -m base", repo);
	sh("cd %s && git checkout -q -b other && echo 'v: 2' > x.yaml && "
	   GIT "commit -q -am other && git checkout -q main && "
	   "echo 'v: 3' > x.yaml && " GIT "commit -q -am main", repo);
	ck_assert_int_ne(sh("cd %s && " GIT "rebase -q other >/dev/null 2>&1", repo), 0);

	g = open_ok(repo);
	ck_assert_int_lt(okr_git_check_state(g), 0);
	ck_assert_str_eq(okr_error_last(),
			 "a rebase is in progress; finish or abort it first");
	okr_git_free(g);
}
END_TEST

START_TEST(file_status_finds_uncommitted_work)
{
	struct okr_git *g;
	char root[PATH_MAX];
	int st = -1;

	set_identity();
	FMT(root, "%s/okr", repo);
	sh("mkdir -p %s", root);
	put(p(root, "a.yaml"), "v: 1\n");
	put(p(root, "b.yaml"), "v: 1\n");
	put(p(root, "c.yaml"), "v: 1\n");
	sh("cd %s && git add -A && " GIT "commit -q -m base", repo);
	put(p(root, "b.yaml"), "v: 2\n");
	put(p(root, "c.yaml"), "v: 2\n");
	put(p(root, "new.yaml"), "v: 1\n");
	put(p(root, "staged-new.yaml"), "v: 1\n");
	sh("git -C %s add okr/c.yaml okr/staged-new.yaml", repo);

	g = open_ok(root);
	ck_assert_int_eq(okr_git_file_status(g, "a.yaml", &st), 0);
	ck_assert_int_eq(st, OKR_GIT_CLEAN);
	ck_assert_int_eq(okr_git_file_status(g, "b.yaml", &st), 0);
	ck_assert_int_eq(st, OKR_GIT_MODIFIED);
	ck_assert_int_eq(okr_git_file_status(g, "c.yaml", &st), 0);
	ck_assert_int_eq(st, OKR_GIT_MODIFIED);
	ck_assert_int_eq(okr_git_file_status(g, "new.yaml", &st), 0);
	ck_assert_int_eq(st, OKR_GIT_UNTRACKED);
	ck_assert_int_eq(okr_git_file_status(g, "staged-new.yaml", &st), 0);
	ck_assert_int_eq(st, OKR_GIT_MODIFIED);
	ck_assert_int_eq(okr_git_file_status(g, "missing.yaml", &st), 0);
	ck_assert_int_eq(st, OKR_GIT_ABSENT);

	/* Committing a file makes it clean again. */
	okr_write_commit(g, root, "b.yaml", "v: 3\n", "b");
	ck_assert_int_eq(okr_git_file_status(g, "b.yaml", &st), 0);
	ck_assert_int_eq(st, OKR_GIT_CLEAN);
	okr_git_free(g);
}
END_TEST

START_TEST(open_and_init)
{
	struct okr_git *g = NULL;
	char dir[PATH_MAX];
	bool created = false;

	FMT(dir, "%s/fresh", tmp);
	mkdir(dir, 0755);
	ck_assert_int_lt(okr_git_open(&g, dir), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(),
				     "is not in a git repository"));

	ck_assert_int_eq(okr_git_init(&g, dir, &created), 0);
	ck_assert(created);
	ck_assert_str_eq(okr_git_workdir_prefix(g), "");
	okr_git_free(g);
	ck_assert_str_eq(run("git -C %s rev-parse --show-toplevel", dir), dir);

	ck_assert_int_eq(okr_git_init(&g, dir, &created), 0);
	ck_assert(!created);
	okr_git_free(g);

	/* Inside an existing work tree: no nested repository. */
	FMT(dir, "%s/okrs", repo);
	mkdir(dir, 0755);
	ck_assert_int_eq(okr_git_init(&g, dir, &created), 0);
	ck_assert(!created);
	ck_assert_str_eq(okr_git_workdir_prefix(g), "okrs/");
	ck_assert_int_ne(access(p(dir, ".git"), F_OK), 0);
	okr_git_free(g);

	/* A bare repository: opened for reading when named by its git
	 * folder (the OKR root is the top of its trees), never for okr init,
	 * nor from a folder inside it. */
	FMT(dir, "%s/bare.git", tmp);
	sh("git init -q --bare %s", dir);
	ck_assert_int_eq(okr_git_open(&g, dir), 0);
	ck_assert_str_eq(okr_git_workdir_prefix(g), "");
	okr_git_free(g);
	ck_assert_int_lt(okr_git_init(&g, dir, &created), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "bare"));
	ck_assert_int_lt(okr_git_open(&g, p(dir, "refs")), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "bare"));
}
END_TEST

START_TEST(atomic_write_keeps_mode)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct stat st;
	char *data = NULL;
	size_t len = 0;

	FMT(dir, "%s/w", tmp);
	mkdir(dir, 0755);
	FMT(path, "%s/secret.yaml", dir);
	put(path, "old\n");
	chmod(path, 0600);
	ck_assert_int_eq(okr_file_write_atomic(path, "new content\n", 12), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(okr_file_read(&data, &len, path, 1024), 0);
	ck_assert_str_eq(data, "new content\n");
	ck_assert_uint_eq(len, 12);
	free(data);
	/* No temporary file is left next to it. */
	ck_assert_str_eq(run("ls -A %s", dir), "secret.yaml");

	/* A new file gets 0666 less the umask, like any editor's. */
	umask(027);
	FMT(path, "%s/fresh.yaml", dir);
	ck_assert_int_eq(okr_file_write_atomic(path, "x", 1), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	umask(022);

	/* Failures change nothing and leave nothing behind. */
	FMT(path, "%s/no-such-dir/x.yaml", dir);
	ck_assert_int_lt(okr_file_write_atomic(path, "x", 1), 0);
	ck_assert_int_eq(errno, ENOENT);
	FMT(path, "%s/sub", dir);
	mkdir(path, 0755);
	ck_assert_int_lt(okr_file_write_atomic(path, "x", 1), 0);
	ck_assert_int_eq(errno, EISDIR);
	FMT(path, "%s/link.yaml", dir);
	ck_assert_int_eq(symlink("secret.yaml", path), 0);
	ck_assert_int_lt(okr_file_write_atomic(path, "x", 1), 0);
	ck_assert_str_eq(run("ls -A %s", dir),
			 "fresh.yaml\nlink.yaml\nsecret.yaml\nsub");
	ck_assert_str_eq(run("cat %s/secret.yaml", dir), "new content");
}
END_TEST

START_TEST(read_limits)
{
	char path[PATH_MAX];
	char *data = NULL;
	size_t len = 0;

	FMT(path, "%s/ten", tmp);
	put(path, "0123456789");
	ck_assert_int_eq(okr_file_read(&data, &len, path, 10), 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_str_eq(data, "0123456789");
	free(data);
	data = NULL;
	ck_assert_int_lt(okr_file_read(&data, &len, path, 9), 0);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_ptr_null(data);
	/* Not a regular file, so no size up front: the limit still holds. */
	ck_assert_int_lt(okr_file_read(&data, &len, "/dev/zero", 100000), 0);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_int_lt(okr_file_read(&data, &len, tmp, 100), 0);
	ck_assert_int_eq(errno, EISDIR);
	FMT(path, "%s/missing", tmp);
	ck_assert_int_lt(okr_file_read(&data, &len, path, 100), 0);
	ck_assert_int_eq(errno, ENOENT);
	FMT(path, "%s/empty", tmp);
	put(path, "");
	ck_assert_int_eq(okr_file_read(&data, NULL, path, 100), 0);
	ck_assert_str_eq(data, "");
	free(data);
}
END_TEST

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(lock_waits_for_another_okr)
{
	struct okr_git *g;
	int fds[2];
	char c;
	long long t0;
	pid_t pid;
	int st;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct okr_git *cg = NULL;

		close(fds[0]);
		if (okr_git_open(&cg, repo) < 0 || okr_git_lock(cg) < 0)
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		usleep(300 * 1000);
		_exit(0);	/* the lock goes with the process */
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);

	g = open_ok(repo);
	t0 = ms_now();
	ck_assert_msg(okr_git_lock(g) == 0, "%s", okr_error_last());
	ck_assert_int_ge(ms_now() - t0, 200);
	ck_assert_int_lt(ms_now() - t0, 5000);
	okr_git_unlock(g);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* Free and relock at once. */
	t0 = ms_now();
	ck_assert_int_eq(okr_git_lock(g), 0);
	ck_assert_int_lt(ms_now() - t0, 100);
	okr_git_free(g);
}
END_TEST

START_TEST(lock_waits_for_git_index_lock)
{
	struct okr_git *g;
	char lock[PATH_MAX];
	long long t0;
	pid_t pid;

	FMT(lock, "%s/.git/index.lock", repo);
	put(lock, "");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		usleep(300 * 1000);
		_exit(unlink(lock) == 0 ? 0 : 1);
	}
	g = open_ok(repo);
	t0 = ms_now();
	ck_assert_msg(okr_git_lock(g) == 0, "%s", okr_error_last());
	ck_assert_int_ge(ms_now() - t0, 200);
	ck_assert_int_ne(access(lock, F_OK), 0);
	waitpid(pid, NULL, 0);
	okr_git_free(g);
}
END_TEST

/* What two `okr update` processes started together do. */
static void writer(const char *name, int n)
{
	for (int i = 1; i <= n; i++) {
		struct okr_git *g = NULL;
		char path[PATH_MAX], content[64], rel[64];
		git_oid id;

		FMT(rel, "%s.yaml", name);
		FMT(path, "%s/%s", repo, rel);
		FMT(content, "current: %d\n", i);
		if (okr_git_open(&g, repo) < 0 || okr_git_lock(g) < 0 ||
		    okr_git_check_state(g) < 0 ||
		    okr_file_write_atomic(path, content, strlen(content)) < 0 ||
		    okr_git_commit_file(&id, g, rel, content, strlen(content),
					name, 0) < 0) {
			fprintf(stderr, "%s: %s\n", name, okr_error_last());
			_exit(1);
		}
		okr_git_free(g);
	}
	_exit(0);
}

START_TEST(concurrent_writers_lose_nothing)
{
	pid_t a, b;
	int sa, sb;

	set_identity();
	a = fork();
	ck_assert_int_ge(a, 0);
	if (a == 0)
		writer("alpha", 10);
	b = fork();
	ck_assert_int_ge(b, 0);
	if (b == 0)
		writer("beta", 10);
	ck_assert_int_eq(waitpid(a, &sa, 0), a);
	ck_assert_int_eq(waitpid(b, &sb, 0), b);
	ck_assert(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
	ck_assert(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);

	ck_assert_str_eq(run("git -C %s rev-list --count HEAD", repo), "20");
	ck_assert_str_eq(run("git -C %s log --format=%%s | grep -c alpha", repo), "10");
	ck_assert_str_eq(run("git -C %s show HEAD:alpha.yaml", repo), "current: 10");
	ck_assert_str_eq(run("git -C %s show HEAD:beta.yaml", repo), "current: 10");
	ck_assert_str_eq(run("git -C %s status --porcelain", repo), "");
	assert_repo_sound();
}
END_TEST

static Suite *git_suite(void)
{
	Suite *s = suite_create("git");
	TCase *tc = tcase_create("git");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, first_commit_on_unborn_branch);
	tcase_add_test(tc, commit_on_top_of_history);
	tcase_add_test(tc, unchanged_value_still_commits);
	tcase_add_test(tc, detached_head_moves_head_only);
	tcase_add_test(tc, okr_root_in_sub_folder);
	tcase_add_test(tc, other_changes_stay_out_of_the_commit);
	tcase_add_test(tc, executable_mode_is_kept);
	tcase_add_test(tc, crlf_file_with_autocrlf);
	tcase_add_test(tc, identity_from_environment);
	tcase_add_test(tc, date_formats);
	tcase_add_test(tc, no_date_means_now);
	tcase_add_test(tc, identity_from_config);
	tcase_add_test(tc, no_identity_is_an_error);
	tcase_add_test(tc, refuses_during_merge);
	tcase_add_test(tc, refuses_during_rebase);
	tcase_add_test(tc, file_status_finds_uncommitted_work);
	tcase_add_test(tc, open_and_init);
	tcase_add_test(tc, atomic_write_keeps_mode);
	tcase_add_test(tc, read_limits);
	tcase_add_test(tc, lock_waits_for_another_okr);
	tcase_add_test(tc, lock_waits_for_git_index_lock);
	tcase_add_test(tc, concurrent_writers_lose_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(git_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
