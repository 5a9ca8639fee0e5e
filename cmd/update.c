/*
 * update.c: okr update, the weekly check-in. Resolve the reference, rewrite
 * only the changed values, validate, write atomically, commit that one file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin.h"
#include "cmd.h"
#include "fsutil.h"
#include "git.h"
#include "model.h"
#include "ref.h"
#include "sync.h"

/* Print "[branch abc1234] subject" as git commit does. */
static void
report_commit(struct okr_git *g, const git_oid *oid, const char *subject)
{
	git_reference *head = NULL;
	const char *where = "detached HEAD";
	char hex[8];

	git_oid_tostr(hex, sizeof(hex), oid);
	if (git_repository_head(&head, okr_git_repo(g)) == 0 &&
	    git_reference_is_branch(head))
		where = git_reference_shorthand(head);
	printf("[%s %s] %s\n", where, hex, subject);
	git_reference_free(head);
}

/* "okr update ref -3": a negative value is a value, not an option. Move
 * such words behind a "--" (unless one is there already, or the word is
 * the argument of the option before it) so getopt leaves them alone. */
static char **
values_last(int *argc, char **argv)
{
	char **v = okr_xcalloc((size_t)*argc + 2, sizeof(*v));
	char **tail = okr_xcalloc((size_t)*argc + 1, sizeof(*tail));
	int i, n = 0, ntail = 0;

	for (i = 0; i < *argc; i++) {
		const char *a = argv[i], *prev = i ? argv[i - 1] : "";
		bool takes = strcmp(prev, "-c") == 0 || strcmp(prev, "-m") == 0 ||
			     strcmp(prev, "--confidence") == 0 ||
			     strcmp(prev, "--message") == 0 ||
			     strcmp(prev, "--date") == 0 ||
			     strcmp(prev, "--milestone") == 0;

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				v[n++] = argv[i++];
			break;
		}
		if (i > 0 && !takes && a[0] == '-' && (isdigit((unsigned char)a[1]) ||
						       (a[1] == '.' && isdigit((unsigned char)a[2]))))
			tail[ntail++] = argv[i];
		else
			v[n++] = argv[i];
	}
	if (ntail) {
		bool dashdash = false;

		for (i = 0; i < n; i++)
			dashdash |= strcmp(v[i], "--") == 0;
		if (!dashdash)
			v[n++] = "--";
		for (i = 0; i < ntail; i++)
			v[n++] = tail[i];
	}
	free(tail);
	*argc = n;
	return v;
}

/*
 * A check-in for another day (--date) is authored on that day, at the
 * time of day it is now, as `git commit --date` would: the history, and
 * so the report's trends and the agenda, put it in the right week.
 * GIT_AUTHOR_DATE, when set, still wins.
 */
static void
backdate_author(okr_date day)
{
	time_t now = time(NULL);
	struct tm tm;
	char ymd[16], when[64];
	long off;

	if (!localtime_r(&now, &tm))
		return;
	off = tm.tm_gmtoff / 60;
	snprintf(when, sizeof(when), "%s %02d:%02d:%02d %c%02ld%02ld",
		 okr_date_format(ymd, day), tm.tm_hour, tm.tm_min, tm.tm_sec,
		 off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	setenv("GIT_AUTHOR_DATE", when, 1);
}

/* A file that does not load is not found by a reference either: name it
 * and why, or "no objective" would be all the user learns. */
static void
unreadable_hint(const struct okr_diags *d, const char *ref)
{
	const char *slash = strchr(ref, '/'), *hash = strchr(ref, '#');
	char *want;
	size_t i, shown = 0;

	/* the objective part of the reference, without a period */
	if (slash && (!hash || slash < hash) && okr_ref_period((char[8]){ 0 }, ref))
		ref = slash + 1;
	want = okr_xstrndup(ref, hash && hash > ref ? (size_t)(strchr(ref, '#') - ref)
						  : strlen(ref));
	for (i = 0; i < d->n && shown < 3; i++) {
		if (d->v[i].sev != OKR_SEV_ERROR || !strstr(d->v[i].file, want))
			continue;
		fprintf(stderr, "hint: %s:%u:%u: %s\n", d->v[i].file, d->v[i].line,
			d->v[i].col, d->v[i].msg);
		shown++;
	}
	if (shown)
		fputs("hint: see 'okr check'\n", stderr);
	free(want);
}

static int
cmd_update(struct okr_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "confidence", required_argument, NULL, 'c' },
		{ "message", required_argument, NULL, 'm' },
		{ "date", required_argument, NULL, 'd' },
		{ "no-commit", no_argument, NULL, 'n' },
		{ "milestone", required_argument, NULL, 'M' },
		{ "sync", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct okr_checkin_req req = { 0 };
	struct okr_checkin_out out = { 0 };
	struct okr_ref_match match;
	struct okr_diags diags = { 0 };
	struct okr_buf err = OKR_BUF_INIT;
	struct okr_tree *tree = NULL;
	struct okr_git *g = NULL;
	struct okr_period period;
	char refper[8];
	const char *date_arg = NULL;
	char *path = NULL, *old = NULL;
	size_t oldlen = 0;
	bool commit = true, sync = false;
	struct okr_sync_result synced = { 0 };
	git_oid oid;
	int c, state, rc = OKR_EXIT_USAGE;
	char **args = values_last(&argc, argv);

	argv = args;
	while ((c = getopt_long(argc, argv, "c:m:", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (okr_number_parse(&req.confidence, optarg) < 0 ||
			    req.confidence < 0 || req.confidence > 1) {
				rc = okr_error("confidence must be a number from 0 to 1, "
					       "not '%s'", optarg);
				goto done;
			}
			req.has_confidence = true;
			break;
		case 'm':
			req.message = optarg;
			break;
		case 'd':
			date_arg = optarg;
			break;
		case 'n':
			commit = false;
			break;
		case 'M':
			req.milestone = optarg;
			break;
		case 'S':
			sync = true;
			break;
		default:
			rc = okr_usage(ctx->cmd);
			goto done;
		}
	}
	if (sync && !commit) {
		rc = okr_error("--sync and --no-commit do not go together");
		goto done;
	}
	if (argc - optind != 2) {
		rc = okr_usage(ctx->cmd);
		goto done;
	}
	req.value = argv[optind + 1];
	if (okr_parse_date_arg(&req.date, date_arg, "--date") < 0)
		goto done;
	if (date_arg && !getenv("GIT_AUTHOR_DATE"))
		backdate_author(req.date);

	/* Take the lock before reading, so a concurrent okr cannot slip a
	 * commit in between our read and our write of the same file. */
	if (okr_git_open(&g, ctx->root) < 0) {
		if (commit) {
			rc = okr_error("%s", okr_git_last_error());
			goto done;
		}
		g = NULL;	/* --no-commit works outside git too */
	} else if ((commit && okr_git_check_state(g) < 0) || okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_git_last_error());
		goto done;
	}

	/* a reference never leaves its period: read that folder alone */
	if (okr_tree_load_period(&tree, ctx->root, ctx->prefix,
				 okr_ref_period(refper, argv[optind]), req.date,
				 &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	okr_period_of(&period, req.date, tree->config->fiscal_year_start);
	if (okr_ref_resolve(&match, tree, period.name, argv[optind],
			    strchr(argv[optind], '#') != NULL || !req.milestone, &err) < 0) {
		rc = okr_error("%s", err.ptr);
		unreadable_hint(&diags, argv[optind]);
		goto done;
	}
	if (g) {
		if (okr_git_file_status(g, match.obj->path, &state) < 0) {
			rc = okr_error("%s", okr_git_last_error());
			goto done;
		}
		if (state == OKR_GIT_MODIFIED) {
			rc = okr_error("'%s' has uncommitted changes; commit or stash them "
				       "first (nothing was changed)", match.obj->doc->path);
			goto done;
		}
		/* all of an untracked file is uncommitted work: a check-in
		 * must not commit it on the side */
		if (state == OKR_GIT_UNTRACKED) {
			rc = okr_error("'%s' is not committed yet; commit it first "
				       "(nothing was changed)", match.obj->doc->path);
			goto done;
		}
	}
	if (okr_checkin_prepare(&out, tree->config, match.obj, match.kr, &req, &err) < 0) {
		rc = okr_error("%s", err.ptr);
		goto done;
	}

	path = okr_xprintf("%s/%s", ctx->root, match.obj->path);
	old = okr_xstrndup(match.obj->doc->buf, match.obj->doc->len);
	oldlen = match.obj->doc->len;
	if (okr_file_write_atomic(path, out.buf, out.len) < 0) {
		rc = okr_error("cannot write '%s': %s", match.obj->doc->path,
			       strerror(errno));
		goto done;
	}
	if (commit) {
		if (okr_git_commit_file(&oid, g, match.obj->path, out.buf, out.len,
					out.message) < 0) {
			char *why = okr_xstrdup(okr_git_last_error());

			/* put the file back as it was: nothing half-done */
			if (okr_file_write_atomic(path, old, oldlen) < 0)
				okr_warning("could not restore '%s': %s", path, strerror(errno));
			rc = okr_error("%s", why);
			free(why);
			goto done;
		}
		report_commit(g, &oid, out.subject);
		/* still holding the lock: no other okr slips in between */
		if (sync && okr_sync_run(&synced, g, NULL, &err) < 0) {
			rc = okr_error("checked in locally, but not synced: %s", err.ptr);
			goto done;
		}
		if (sync)
			printf("synced with %s\n", synced.upstream);
	} else {
		printf("%s (not committed)\n", out.subject);
	}
	rc = OKR_EXIT_OK;
done:
	okr_sync_result_free(&synced);
	okr_checkin_out_free(&out);
	okr_buf_free(&err);
	okr_diags_free(&diags);
	okr_tree_free(tree);
	okr_git_free(g);
	free(path);
	free(old);
	free(args);
	return rc;
}

const struct okr_cmd okr_cmd_update = {
	.name = "update",
	.usage = "<ref> <value> [-c <confidence>] [-m <message>] [--date <date>] "
		 "[--no-commit] [--milestone <n|title>] [--sync]",
	.summary = "check in: record a key result's new value and commit it",
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_update,
};
