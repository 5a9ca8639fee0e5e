/*
 * test_history.c: the history reader against a scripted quarter built with
 * the git command line: check-ins with okr's trailers, a hand edit, a merge,
 * commits after the as-of date, a shallow clone, many hand edits (compared
 * on two threads). Every expected value below is worked out from the script
 * by hand.
 */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "histindex.h"
#include "history.h"
#include "testutil.h"

static char tmp[256];
static char repo[512];
static char shallow[512];

/* Write rel, a path in the repository, printf-style. */
__attribute__((format(printf, 2, 3)))
static void put_in_repo(const char *rel, const char *fmt, ...)
{
	char path[1024];
	va_list ap;

	FMT(path, "%s/%s", repo, rel);
	va_start(ap, fmt);
	vputf(path, fmt, ap);
	va_end(ap);
}

/* The one objective of the script, at some state. */
static void alpha(const char *title, int users, const char *conf, bool launched,
		  bool step1)
{
	put_in_repo("2026-Q4/team/alpha.yaml",
	    "objective: %s\n"
	    "level: company\n"
	    "owner: Team\n"
	    "key_results:\n"
	    "  - id: users\n"
	    "    title: Users\n"
	    "    start: 0\n"
	    "    target: 100\n"
	    "    current: %d\n"
	    "%s%s%s"
	    "  - id: launch\n"
	    "    title: Launch\n"
	    "    done: %s\n"
	    "  - id: steps\n"
	    "    title: Steps\n"
	    "    milestones:\n"
	    "      - { title: One, done: %s }\n"
	    "      - { title: Two, done: false }\n",
	    title, users, conf ? "    confidence: " : "", conf ? conf : "",
	    conf ? "\n" : "", launched ? "true" : "false", step1 ? "true" : "false");
}

/* Commit everything as who (a name; the email is name@example.com) on date
 * (UTC noon), with the message msg (\n allowed). */
static void commit(const char *who, const char *date, const char *msg)
{
	char path[1024];

	FMT(path, "%s/../msg", repo);
	put(path, msg);
	ck_assert_int_eq(sh("cd '%s' && git add -A && GIT_AUTHOR_NAME=%s "
			    "GIT_AUTHOR_EMAIL=%s@example.com GIT_COMMITTER_NAME=%s "
			    "GIT_COMMITTER_EMAIL=%s@example.com "
			    "GIT_AUTHOR_DATE='%sT12:00:00+00:00' "
			    "GIT_COMMITTER_DATE='%sT12:00:00+00:00' "
			    "git commit -q --allow-empty -F '%s'",
			    repo, who, who, who, who, date, date, path), 0);
}

/*
 * The script (author, day, what):
 *   ann  09-20  okr.yaml, alpha: users 10, launch false, steps 0/2
 *   bob  10-05  check-in users 20 (confidence 0.5), body "First week."
 *   ann  10-12  check-in launch done
 *   carl 10-20  hand edit: users 35, title changed too ("update numbers")
 *   dana 10-25  on branch side: check-in users 40
 *   bob  10-26  on main: milestone 1 of steps done (share 1/2)
 *   ann  10-28  merge side into main: users 35 -> 40 against the first parent
 *   ann  11-01  okr new beta (Okr-Ref without Okr-Value): no check-in
 *   bob  11-10  check-in users 60 (confidence 0.7)
 *   eve  11-15  README only
 *   bob  12-05  check-in users 80, after the as-of date 11-30
 */
static void build_repo(void)
{
	char path[1024];

	tmpdir_new(tmp, sizeof(tmp), "history");
	FMT(repo, "%s/repo", tmp);
	FMT(shallow, "%s/shallow", tmp);
	isolate_git(tmp);
	ck_assert_int_eq(sh("git init -q -b main '%s'", repo), 0);
	snprintf(path, sizeof(path), "%s/2026-Q4/team", repo);
	ck_assert_int_eq(sh("mkdir -p '%s'", path), 0);

	put_in_repo("okr.yaml", "organisation: Test AS\n");
	alpha("Alpha", 10, NULL, false, false);
	commit("ann", "2026-09-20", "okr: init\n");

	alpha("Alpha", 20, "0.5", false, false);
	commit("bob", "2026-10-05", "okr: 2026-Q4/team/alpha#users 10 -> 20\n\n"
	       "First week.\n\n"
	       "Okr-Ref: 2026-Q4/team/alpha#users\nOkr-Value: 20\nOkr-Confidence: 0.5\n");

	alpha("Alpha", 20, "0.5", true, false);
	commit("ann", "2026-10-12", "okr: 2026-Q4/team/alpha#launch not-done -> done\n\n"
	       "Okr-Ref: 2026-Q4/team/alpha#launch\nOkr-Value: done\n");

	alpha("Alpha renamed", 35, "0.5", true, false);
	commit("carl", "2026-10-20", "update numbers\n");

	ck_assert_int_eq(sh("cd '%s' && git branch side", repo), 0);
	ck_assert_int_eq(sh("cd '%s' && git checkout -q side", repo), 0);
	alpha("Alpha renamed", 40, "0.5", true, false);
	commit("dana", "2026-10-25", "okr: 2026-Q4/team/alpha#users 35 -> 40\n\n"
	       "Okr-Ref: 2026-Q4/team/alpha#users\nOkr-Value: 40\n");
	ck_assert_int_eq(sh("cd '%s' && git checkout -q main", repo), 0);

	alpha("Alpha renamed", 35, "0.5", true, true);
	commit("bob", "2026-10-26", "okr: 2026-Q4/team/alpha#steps milestone 1 done\n\n"
	       "Okr-Ref: 2026-Q4/team/alpha#steps\nOkr-Milestone: 1\nOkr-Value: done\n");

	ck_assert_int_eq(sh("cd '%s' && GIT_AUTHOR_NAME=ann GIT_AUTHOR_EMAIL=ann@example.com "
			    "GIT_COMMITTER_NAME=ann GIT_COMMITTER_EMAIL=ann@example.com "
			    "GIT_AUTHOR_DATE='2026-10-28T12:00:00+00:00' "
			    "GIT_COMMITTER_DATE='2026-10-28T12:00:00+00:00' "
			    "git merge -q --no-ff -m \"Merge branch 'side'\" side >/dev/null", repo), 0);

	put_in_repo("2026-Q4/team/beta.yaml",
	    "objective: Beta\nlevel: company\nowner: Team\nkey_results:\n"
	    "  - id: speed\n    title: Speed\n    start: 1\n    target: 2\n    current: 1\n");
	commit("ann", "2026-11-01", "okr: new 2026-Q4/team/beta\n\nOkr-Ref: 2026-Q4/team/beta\n");

	alpha("Alpha renamed", 60, "0.7", true, true);
	commit("bob", "2026-11-10", "okr: 2026-Q4/team/alpha#users 40 -> 60\n\n"
	       "Okr-Ref: 2026-Q4/team/alpha#users\nOkr-Value: 60\nOkr-Confidence: 0.7\n");

	put_in_repo("README", "hello\n");
	commit("eve", "2026-11-15", "Add a README\n");

	alpha("Alpha renamed", 80, "0.7", true, true);
	commit("bob", "2026-12-05", "okr: 2026-Q4/team/alpha#users 60 -> 80\n\n"
	       "Okr-Ref: 2026-Q4/team/alpha#users\nOkr-Value: 80\n");

	ck_assert_int_eq(sh("git clone -q --depth 3 'file://%s' '%s'", repo, shallow), 0);
	git_libgit2_init();
}

static void remove_repo(void)
{
	git_libgit2_shutdown();
	tmpdir_remove(tmp);
}

static okr_date day(const char *s)
{
	okr_date d;

	ck_assert_int_eq(okr_date_parse(&d, s), 0);
	return d;
}

struct run {
	git_repository *repo;
	struct okr_history *h;
	struct okr_diags diags;
	struct okr_buf err;
};

static void read_history(struct run *r, const char *path, const char *from,
			 const char *as_of)
{
	struct okr_period q4;

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(okr_period_parse(&q4, "2026-Q4", 1), 0);
	ck_assert_int_eq(git_repository_open(&r->repo, path), 0);
	ck_assert_msg(okr_history_read(&r->h, r->repo, "", NULL, &q4, day(from),
				       day(as_of), &r->diags, &r->err) == 0,
		      "%s", r->err.ptr ? r->err.ptr : "?");
}

static void done_run(struct run *r)
{
	okr_history_free(r->h);
	okr_diags_free(&r->diags);
	okr_buf_free(&r->err);
	git_repository_free(r->repo);
}

static double value(const struct okr_history *h, const char *ref, const char *when)
{
	double v = -1;

	ck_assert_msg(okr_history_value_at(h, ref, day(when), &v),
		      "no value for %s on %s", ref, when);
	return v;
}

static void check_ci(const struct okr_checkin *c, const char *ref, const char *date,
		     const char *email, const char *val, double number,
		     double conf, bool hand, const char *msg)
{
	ck_assert_str_eq(c->ref, ref);
	ck_assert_int_eq(c->date, day(date));
	ck_assert_str_eq(c->email, email);
	ck_assert_str_eq(c->value, val);
	ck_assert(c->has_number);
	ck_assert_double_eq_tol(c->number, number, 1e-9);
	ck_assert_int_eq(c->has_confidence, conf >= 0);
	if (conf >= 0)
		ck_assert_double_eq_tol(c->confidence, conf, 1e-9);
	ck_assert_int_eq(c->hand_edit, hand);
	ck_assert_str_eq(c->message, msg);
}

#define USERS "2026-Q4/team/alpha#users"
#define LAUNCH "2026-Q4/team/alpha#launch"
#define STEPS "2026-Q4/team/alpha#steps"

START_TEST(quarter_checkins)
{
	struct run r;
	const struct okr_history *h;

	read_history(&r, repo, "2026-10-01", "2026-11-30");
	h = r.h;
	ck_assert_int_eq(h->n, 6);
	check_ci(&h->v[0], USERS, "2026-10-05", "bob@example.com", "20", 20, 0.5, false,
		 "First week.");
	ck_assert_str_eq(h->v[0].author, "bob");
	ck_assert_int_eq(h->v[0].offset, 0);
	ck_assert_int_eq(h->v[0].time, (int64_t)day("2026-10-05") * 86400 + 12 * 3600);
	check_ci(&h->v[1], LAUNCH, "2026-10-12", "ann@example.com", "done", 1, -1, false, "");
	check_ci(&h->v[2], USERS, "2026-10-20", "carl@example.com", "35", 35, 0.5, true,
		 "update numbers");
	check_ci(&h->v[3], STEPS, "2026-10-26", "bob@example.com", "done", 0.5, -1, false, "");
	check_ci(&h->v[4], USERS, "2026-10-28", "ann@example.com", "40", 40, 0.5, true,
		 "Merge branch 'side'");
	check_ci(&h->v[5], USERS, "2026-11-10", "bob@example.com", "60", 60, 0.7, false, "");
	ck_assert(!h->shallow);

	ck_assert_int_eq(h->ncontributors, 3);
	ck_assert_str_eq(h->contributors[0], "ann@example.com");
	ck_assert_str_eq(h->contributors[1], "bob@example.com");
	ck_assert_str_eq(h->contributors[2], "carl@example.com");
	done_run(&r);
}
END_TEST

START_TEST(snapshots)
{
	struct run r;
	const struct okr_objective *o;
	git_object *readme;

	read_history(&r, repo, "2026-10-01", "2026-11-30");
	/* start: the 09-20 commit */
	ck_assert_int_eq(r.h->start->nobjs, 1);
	o = okr_tree_find(r.h->start, "2026-Q4", "team/alpha");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->title, "Alpha");
	ck_assert_double_eq(o->krs[0].current, 10);
	ck_assert(!o->krs[1].done);
	ck_assert_str_eq(r.h->start->config->organisation, "Test AS");
	/* end: the README commit of 11-15, the last one on or before 11-30 */
	ck_assert_int_eq(git_revparse_single(&readme, r.repo, "HEAD~1"), 0);
	ck_assert(git_oid_equal(&r.h->end_commit, git_object_id(readme)));
	git_object_free(readme);
	ck_assert_int_eq(r.h->end->nobjs, 2);
	o = okr_tree_find(r.h->end, "2026-Q4", "team/alpha");
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(o->title, "Alpha renamed");
	ck_assert_double_eq(o->krs[0].current, 60);
	ck_assert_ptr_nonnull(okr_tree_find(r.h->end, "2026-Q4", "team/beta"));
	ck_assert_int_eq(r.diags.nerrors, 0);
	done_run(&r);
}
END_TEST

START_TEST(values_by_day)
{
	struct run r;
	double v;

	read_history(&r, repo, "2026-10-01", "2026-11-30");
	ck_assert_double_eq(value(r.h, USERS, "2026-10-01"), 10);	/* start */
	ck_assert_double_eq(value(r.h, USERS, "2026-09-01"), 10);
	ck_assert_double_eq(value(r.h, USERS, "2026-10-05"), 20);
	ck_assert_double_eq(value(r.h, USERS, "2026-10-19"), 20);
	ck_assert_double_eq(value(r.h, USERS, "2026-10-20"), 35);
	/* dana's 40 of 10-25 is on the second parent: it arrives with the merge */
	ck_assert_double_eq(value(r.h, USERS, "2026-10-27"), 35);
	ck_assert_double_eq(value(r.h, USERS, "2026-10-28"), 40);
	ck_assert_double_eq(value(r.h, USERS, "2026-11-30"), 60);
	ck_assert_double_eq(value(r.h, USERS, "2026-12-31"), 60);	/* 80 is after as-of */
	ck_assert_double_eq(value(r.h, LAUNCH, "2026-10-11"), 0);
	ck_assert_double_eq(value(r.h, LAUNCH, "2026-10-12"), 1);
	ck_assert_double_eq(value(r.h, STEPS, "2026-10-25"), 0);
	ck_assert_double_eq(value(r.h, STEPS, "2026-10-26"), 0.5);
	/* beta did not exist at the start and has no check-in */
	ck_assert(!okr_history_value_at(r.h, "2026-Q4/team/beta#speed",
					day("2026-11-20"), &v));
	ck_assert(!okr_history_value_at(r.h, "2026-Q4/team/alpha#nope",
					day("2026-11-20"), &v));
	ck_assert(!okr_history_value_at(r.h, "garbage", day("2026-11-20"), &v));
	done_run(&r);
}
END_TEST

START_TEST(month_window)
{
	struct run r;

	read_history(&r, repo, "2026-11-01", "2026-11-30");
	ck_assert_int_eq(r.h->n, 1);
	ck_assert_str_eq(r.h->v[0].value, "60");
	ck_assert_int_eq(r.h->ncontributors, 1);
	ck_assert_str_eq(r.h->contributors[0], "bob@example.com");
	/* earlier check-ins still give the values before the window */
	ck_assert_double_eq(value(r.h, USERS, "2026-10-31"), 40);
	done_run(&r);
}
END_TEST

START_TEST(as_of_includes_later_commits)
{
	struct run r;

	read_history(&r, repo, "2026-10-01", "2026-12-31");
	ck_assert_int_eq(r.h->n, 7);
	ck_assert_str_eq(r.h->v[6].value, "80");
	ck_assert(!r.h->v[6].has_confidence);
	ck_assert_double_eq(value(r.h, USERS, "2026-12-05"), 80);
	ck_assert_double_eq(okr_tree_find(r.h->end, "2026-Q4", "team/alpha")->krs[0].current, 80);
	done_run(&r);
}
END_TEST

START_TEST(as_of_before_everything)
{
	struct run r;
	git_oid zero;

	read_history(&r, repo, "2026-01-01", "2026-01-31");
	ck_assert_int_eq(r.h->n, 0);
	memset(&zero, 0, sizeof(zero));
	ck_assert(git_oid_equal(&r.h->end_commit, &zero));
	ck_assert_int_eq(r.h->end->nobjs, 0);
	ck_assert_int_eq(r.h->ncontributors, 0);
	done_run(&r);
}
END_TEST

START_TEST(shallow_clone)
{
	struct run r;

	/* depth 3: 12-05, 11-15 and 11-10; the walk ends at 11-10 */
	read_history(&r, shallow, "2026-10-01", "2026-11-30");
	ck_assert(r.h->shallow);
	ck_assert_int_eq(r.h->history_from, day("2026-11-10"));
	ck_assert_int_eq(r.h->n, 1);
	ck_assert_str_eq(r.h->v[0].value, "60");
	ck_assert_int_eq(r.h->end->nobjs, 2);
	done_run(&r);
}
END_TEST

START_TEST(bad_revision)
{
	struct okr_period q4;
	struct run r;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(okr_period_parse(&q4, "2026-Q4", 1), 0);
	ck_assert_int_eq(git_repository_open(&r.repo, repo), 0);
	ck_assert_int_lt(okr_history_read(&r.h, r.repo, "", "no-such-branch", &q4,
					  q4.start, q4.end, &r.diags, &r.err), 0);
	ck_assert_ptr_null(r.h);
	ck_assert_ptr_nonnull(strstr(r.err.ptr, "no-such-branch"));
	done_run(&r);
}
END_TEST

/* okr_tree_load_git on a tree whose OKR root is a sub-folder, with a
 * symbolic link in the period folder. */
START_TEST(load_git_tree)
{
	char sub[600];
	git_repository *g;
	git_object *obj;
	struct okr_tree *t;
	struct okr_diags d = { 0 };
	size_t i;
	bool named = false;

	snprintf(sub, sizeof(sub), "%s/okr", repo);
	ck_assert_int_eq(sh("cd '%s' && git checkout -q -b linked main && mkdir -p okr/2026-Q4/x && "
			    "cp okr.yaml okr/ && cp 2026-Q4/team/alpha.yaml okr/2026-Q4/x/a.yaml && "
			    "ln -s /etc/passwd okr/2026-Q4/x/evil.yaml && "
			    "echo 'not: [an objective' > okr/2026-Q4/x/b.yaml && "
			    "git add -A && git -c user.name=F -c user.email=f@example.com commit -q -m linked && git checkout -q main", repo), 0);
	ck_assert_int_eq(git_repository_open(&g, repo), 0);
	ck_assert_int_eq(git_revparse_single(&obj, g, "linked^{tree}"), 0);
	ck_assert_int_eq(okr_tree_load_git(&t, g, (git_tree *)obj, "okr/", "2026-Q4", &d), 0);
	ck_assert_int_eq(t->nobjs, 1);
	ck_assert_str_eq(t->objs[0]->path, "2026-Q4/x/a.yaml");
	ck_assert_str_eq(t->objs[0]->id, "x/a");
	ck_assert_str_eq(t->config->organisation, "Test AS");
	for (i = 0; i < d.n; i++)
		named |= strcmp(d.v[i].file, "2026-Q4/x/evil.yaml") == 0 &&
			 d.v[i].sev == OKR_SEV_ERROR;
	ck_assert(named);
	ck_assert_int_ge(d.nerrors, 2);	/* the link and the broken YAML */
	okr_tree_free(t);
	okr_diags_free(&d);
	git_object_free(obj);
	git_repository_free(g);
	sh("cd '%s' && git branch -q -D linked", repo);
}
END_TEST

static int diag_cmp(const void *a, const void *b)
{
	const struct okr_diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (!c)
		c = strcmp(x->rule, y->rule);
	return c ? c : (int)x->line - (int)y->line;
}

/* The layout rules are one (layout.h): the same files committed and on
 * disk give the same objectives and the same problems, hidden folders,
 * nested and outside-period files, okr.yaml below the top included. */
START_TEST(layout_same_both_ways)
{
	char dir[600];
	git_repository *g;
	git_object *obj;
	struct okr_tree *tw, *tg;
	struct okr_diags dw = { 0 }, dg = { 0 };
	size_t i;
	bool named = false;

	snprintf(dir, sizeof(dir), "%s/layout", tmp);
	ck_assert_int_eq(sh("git init -q '%s' && cd '%s' && mkdir -p 2026-Q4/a/b .hidden/2026-Q4 "
			    "2026-Q4/.drafts notes 2026-Q3 && cp '%s/okr.yaml' . && "
			    "cp '%s/2026-Q4/team/alpha.yaml' 2026-Q4/a/one.yaml && "
			    "cp 2026-Q4/a/one.yaml 2026-Q4/a/b/two.yaml && "
			    "cp 2026-Q4/a/one.yaml 2026-Q3/three.yaml && "
			    "cp 2026-Q4/a/one.yaml 2026-Q4/.drafts/x.yaml && "
			    "cp 2026-Q4/a/one.yaml .hidden/2026-Q4/y.yaml && "
			    "cp okr.yaml 2026-Q4/okr.yaml && cp okr.yaml notes/stray.yaml && "
			    "echo text > 2026-Q4/a/readme.md && "
			    "git add -A && git -c user.name=F -c user.email=f@example.com "
			    "commit -q -m layout", dir, dir, repo, repo), 0);
	ck_assert_int_eq(okr_tree_load_workdir(&tw, dir, "", &dw), 0);
	ck_assert_int_eq(git_repository_open(&g, dir), 0);
	ck_assert_int_eq(git_revparse_single(&obj, g, "HEAD^{tree}"), 0);
	ck_assert_int_eq(okr_tree_load_git(&tg, g, (git_tree *)obj, "", NULL, &dg), 0);
	ck_assert_int_eq(tw->nobjs, 4);	/* one, two, three, 2026-Q4/okr.yaml */
	ck_assert_int_eq(tg->nobjs, tw->nobjs);
	for (i = 0; i < tw->nobjs; i++)
		ck_assert_str_eq(tg->objs[i]->path, tw->objs[i]->path);
	ck_assert_str_eq(tw->objs[0]->path, "2026-Q3/three.yaml");
	ck_assert_str_eq(tw->objs[3]->path, "2026-Q4/okr.yaml");
	ck_assert_uint_ge(dw.n, 1);
	ck_assert_int_eq(dg.n, dw.n);
	/* the same problems; in another order, as the working tree's files
	 * are parsed after the walk */
	qsort(dw.v, dw.n, sizeof(*dw.v), diag_cmp);
	qsort(dg.v, dg.n, sizeof(*dg.v), diag_cmp);
	for (i = 0; i < dw.n; i++) {
		ck_assert_str_eq(dg.v[i].file, dw.v[i].file);
		ck_assert_str_eq(dg.v[i].rule, dw.v[i].rule);
		named |= strcmp(dw.v[i].file, "notes/stray.yaml") == 0 &&
			 strcmp(dw.v[i].rule, "outside-period") == 0;
	}
	ck_assert(named);
	okr_tree_free(tw);
	okr_tree_free(tg);
	okr_diags_free(&dw);
	okr_diags_free(&dg);
	git_object_free(obj);
	git_repository_free(g);
}
END_TEST

/*
 * Forty commits on one key result, every other one a hand edit: the hand
 * edits are compared on two threads, and still every check-in comes back
 * in history order. Commit i (1..40) sets users to 10 * i on day i of the
 * quarter; odd i by hand ("hand edit i"), even i with okr's trailers.
 */
START_TEST(many_hand_edits)
{
	char saved[sizeof(repo)];
	struct run r;
	int i;

	memcpy(saved, repo, sizeof(repo));
	snprintf(repo, sizeof(repo), "%s/many", tmp);
	ck_assert_int_eq(sh("git init -q -b main '%s' && mkdir -p '%s/2026-Q4/team'",
			    repo, repo), 0);
	put_in_repo("okr.yaml", "organisation: Test AS\n");
	alpha("Alpha", 0, NULL, false, false);
	commit("ann", "2026-09-20", "okr: init\n");
	for (i = 1; i <= 40; i++) {
		char date[16], msg[256];

		snprintf(date, sizeof(date), "2026-%s-%02d", i <= 31 ? "10" : "11",
			 i <= 31 ? i : i - 31);
		if (i % 2)
			snprintf(msg, sizeof(msg), "hand edit %d\n", i);
		else
			snprintf(msg, sizeof(msg), "okr: users\n\nOkr-Ref: %s\n"
				 "Okr-Value: %d\n", USERS, 10 * i);
		alpha("Alpha", 10 * i, NULL, false, false);
		commit(i % 3 ? "bob" : "carl", date, msg);
	}
	read_history(&r, repo, "2026-10-01", "2026-12-31");
	ck_assert_int_eq(r.h->n, 40);
	for (i = 1; i <= 40; i++) {
		const struct okr_checkin *c = &r.h->v[i - 1];
		char msg[32];

		ck_assert_str_eq(c->ref, USERS);
		ck_assert_int_eq(c->date, day("2026-10-01") + i - 1);
		ck_assert_double_eq(c->number, 10 * i);
		ck_assert_int_eq(c->hand_edit, i % 2);
		ck_assert_str_eq(c->email, i % 3 ? "bob@example.com" : "carl@example.com");
		snprintf(msg, sizeof(msg), "hand edit %d", i);
		ck_assert_str_eq(c->message, i % 2 ? msg : "");
	}
	ck_assert_double_eq(value(r.h, USERS, "2026-10-15"), 150);
	ck_assert_double_eq(value(r.h, USERS, "2026-11-09"), 400);
	done_run(&r);
	memcpy(repo, saved, sizeof(repo));
}
END_TEST

/* ---- okr mv followed back (histrename.c), without a repository ---- */

static const char *
name_at(struct okr_hist *hi, size_t epoch, const char *ref)
{
	size_t len;
	const char *n;

	hi->epoch = epoch;
	n = okr_hist_name(hi, ref, strlen(ref), &len);
	ck_assert_uint_eq(len, strlen(n));
	return n;
}

#define RENAME(hi, s, jobs) okr_hist_rename(hi, s, strlen(s), jobs)

START_TEST(renames_chain_and_come_back)
{
	struct okr_hist *hi = okr_hist_new();

	/* newest first, as the walk meets them: a -> b, then b -> c later */
	RENAME(hi, "P/o#b -> P/o#c", 0);
	RENAME(hi, "P/o#a -> P/o#b", 0);
	ck_assert_str_eq(name_at(hi, 2, "P/o#a"), "P/o#c");
	ck_assert_str_eq(name_at(hi, 1, "P/o#b"), "P/o#c");
	ck_assert_str_eq(name_at(hi, 0, "P/o#b"), "P/o#b");
	/* older still: c -> a; what was c then is c again today */
	RENAME(hi, "P/o#c -> P/o#a", 0);
	ck_assert_str_eq(name_at(hi, 3, "P/o#c"), "P/o#c");
	okr_history_free(&hi->pub);
}
END_TEST

START_TEST(renames_of_objectives)
{
	struct okr_hist *hi = okr_hist_new();

	RENAME(hi, "P/team -> P/crew", 0);
	RENAME(hi, "P/team#x -> P/team#y", 0);	/* before the file moved */
	ck_assert_str_eq(name_at(hi, 2, "P/team#x"), "P/crew#y");
	ck_assert_str_eq(name_at(hi, 2, "P/team#z"), "P/crew#z");
	ck_assert_str_eq(name_at(hi, 2, "P/team"), "P/crew");
	/* not below it: another objective, another id */
	ck_assert_str_eq(name_at(hi, 2, "P/team/build#x"), "P/team/build#x");
	ck_assert_str_eq(name_at(hi, 2, "P/teams#x"), "P/teams#x");
	/* not okr mv's: ignored */
	RENAME(hi, "P/a#b", 0);
	RENAME(hi, " -> P/a#b", 0);
	ck_assert_uint_eq(hi->nrenames, 2);
	okr_history_free(&hi->pub);
}
END_TEST

START_TEST(renames_by_hand_edit_job)
{
	struct okr_hist *hi = okr_hist_new();

	/* met with 0 and 2 hand edits queued before it */
	RENAME(hi, "P/o#b -> P/o#c", 0);
	RENAME(hi, "P/o#a -> P/o#b", 2);
	okr_hist_epoch_at_job(hi, 0);	/* older than the first rename only */
	ck_assert_uint_eq(hi->epoch, 1);
	okr_hist_epoch_at_job(hi, 1);
	ck_assert_uint_eq(hi->epoch, 1);
	okr_hist_epoch_at_job(hi, 2);	/* older than both */
	ck_assert_uint_eq(hi->epoch, 2);
	okr_history_free(&hi->pub);
}
END_TEST

static Suite *history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("history");

	tcase_add_unchecked_fixture(tc, build_repo, remove_repo);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, quarter_checkins);
	tcase_add_test(tc, snapshots);
	tcase_add_test(tc, values_by_day);
	tcase_add_test(tc, month_window);
	tcase_add_test(tc, as_of_includes_later_commits);
	tcase_add_test(tc, as_of_before_everything);
	tcase_add_test(tc, shallow_clone);
	tcase_add_test(tc, bad_revision);
	tcase_add_test(tc, load_git_tree);
	tcase_add_test(tc, layout_same_both_ways);
	tcase_add_test(tc, many_hand_edits);
	suite_add_tcase(s, tc);
	tc = tcase_create("renames");
	tcase_add_test(tc, renames_chain_and_come_back);
	tcase_add_test(tc, renames_of_objectives);
	tcase_add_test(tc, renames_by_hand_edit_job);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(history_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
