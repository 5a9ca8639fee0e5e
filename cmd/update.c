/*
 * update.c: okr update, the weekly check-in. Resolve the reference, rewrite
 * only the changed values, validate, write atomically, commit that one file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "changedate.h"
#include "checkin.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "git.h"
#include "model.h"
#include "plan.h"
#include "ref.h"
#include "sync.h"
#include "tree.h"

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

/* --target N, --drop, --score N: a plan change instead of a check-in
 * (plan->message is then set, "" when -m was not given). */
static int
plan_request(struct okr_plan_req *plan, struct okr_ctx *ctx, int argc,
	     const struct okr_checkin_req *req)
{
	const char *target = okr_opt_str(ctx, "target");
	const char *score = okr_opt_str(ctx, "score");
	bool drop = okr_opt_isset(ctx, "drop");

	if (!target && !score && !drop) {
		if (argc < 2)
			return okr_usage(ctx->cmd), -1;
		return 0;
	}
	if (!!target + !!score + drop > 1 || argc > 1 || req->milestone ||
	    req->has_confidence)
		return okr_error("--target, --drop and --score each stand alone: "
				 "'okr update <ref> --target N', without a value"), -1;
	plan->kind = target ? OKR_PLAN_TARGET : drop ? OKR_PLAN_DROP : OKR_PLAN_SCORE;
	plan->value = target ? target : score;
	plan->date = req->date;
	plan->message = req->message ? req->message : "";
	return 0;
}

static int
cmd_update(struct okr_ctx *ctx, int argc, char **argv)
{
	struct okr_checkin_req req = { 0 };
	struct okr_checkin_out out = { 0 };
	struct okr_ref_match match;
	struct okr_diags diags = { 0 };
	struct okr_buf err = OKR_BUF_INIT;
	struct okr_tree *tree = NULL;
	struct okr_git *g = NULL;
	struct okr_period period;
	char refper[8];
	const char *date_arg = okr_opt_str(ctx, "date");
	const char *conf = okr_opt_str(ctx, "confidence");
	char *path = NULL;
	bool commit = !okr_opt_isset(ctx, "no-commit");
	bool sync = okr_opt_isset(ctx, "sync");
	struct okr_sync_result synced = { 0 };
	git_oid oid;
	int state, rc = OKR_EXIT_USAGE;
	const char *ref = argv[0];
	struct okr_plan_req plan = { 0 };

	if (conf) {
		if (okr_number_parse(&req.confidence, conf) < 0 ||
		    req.confidence < 0 || req.confidence > 1) {
			rc = okr_error("confidence must be a number from 0 to 1, "
				       "not '%s'", conf);
			goto done;
		}
		req.has_confidence = true;
	}
	req.message = okr_opt_str(ctx, "message");
	req.milestone = okr_opt_str(ctx, "milestone");
	if (sync && !commit) {
		rc = okr_error("--sync and --no-commit do not go together");
		goto done;
	}
	req.value = argv[1];
	req.date = okr_change_date(ctx, "date");
	if (plan_request(&plan, ctx, argc, &req) < 0)
		goto done;
	if (date_arg && !getenv("GIT_AUTHOR_DATE"))
		backdate_author(req.date);

	/* Take the lock before reading, so a concurrent okr cannot slip a
	 * commit in between our read and our write of the same file. */
	if (okr_git_open(&g, ctx->root) < 0) {
		if (commit) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
		g = NULL;	/* --no-commit works outside git too */
	} else if ((commit && okr_git_check_state(g) < 0) || okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}

	/* a reference never leaves its period: read that folder alone */
	if (okr_tree_load_period(&tree, ctx->root, ctx->prefix,
				 okr_ref_period(refper, ref), req.date,
				 &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	okr_period_of(&period, req.date, tree->config->fiscal_year_start);
	if (okr_ref_resolve(&match, tree, period.name, ref,
			    strchr(ref, '#') != NULL ||
			    (!req.milestone && plan.kind != OKR_PLAN_DROP), &err) < 0) {
		rc = okr_error("%s", err.ptr);
		unreadable_hint(&diags, ref);
		goto done;
	}
	if (g) {
		if (okr_git_file_status(g, match.obj->path, &state) < 0) {
			rc = okr_error("%s", okr_error_last());
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
	/* plan changes (--target, --drop, --score) and the closed-period
	 * rule live in core/plan.c */
	if (plan.message) {
		if (okr_plan_prepare(&out, tree->config, match.obj, match.kr, &plan) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
	} else if (okr_plan_check_open(tree->config, match.obj->period) < 0 ||
		   okr_checkin_date_check(tree->config, match.obj, match.kr, req.date,
					  okr_date_today()) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	} else if (okr_checkin_prepare(&out, tree->config, match.obj, match.kr, &req,
				       &err) < 0) {
		rc = okr_error("%s", err.ptr);
		goto done;
	}

	path = okr_xprintf("%s/%s", ctx->root, match.obj->path);
	if (commit) {
		/* writes the file; a failed commit puts the old one back */
		if (okr_git_commit_file(&oid, g, match.obj->path, out.buf, out.len,
					out.message,
					okr_opt_isset(ctx, "no-verify") ? OKR_GIT_NO_VERIFY : 0) < 0) {
			rc = okr_error("%s", okr_error_last());
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
		if (okr_file_write_atomic(path, out.buf, out.len) < 0) {
			rc = okr_error("cannot write '%s': %s", match.obj->doc->path,
				       strerror(errno));
			goto done;
		}
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
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "ref", .kind = OKR_ARG_KR_REF,
	  .help = "the key result (or, with --milestone, the objective)" },
	{ .long_name = "value", .kind = OKR_ARG_TEXT,
	  .help = "the new value: a number, done or not-done",
	  .flags = OKR_OPT_OPTIONAL },
	{ 0 },
};

static const struct okr_opt options[] = {
	OKR_OPT('c', "confidence", OKR_ARG_NUMBER, "<confidence>",
	  "how sure you are of reaching the target, 0 to 1"),
	OKR_OPT('m', "message", OKR_ARG_TEXT, "<message>",
	  "what happened: the body of the commit"),
	OKR_OPT(0, "date", OKR_ARG_DATE, "<date>", "the day of the check-in (default today)"),
	OKR_OPT(0, "no-commit", OKR_ARG_NONE, NULL, "write the file, commit nothing"),
	OKR_OPT(0, "milestone", OKR_ARG_MILESTONE, "<n|title>",
	  "mark a milestone (by number or title) done or not-done"),
	OKR_OPT(0, "sync", OKR_ARG_NONE, NULL, "sync with the remote after the commit"),
	OKR_OPT(0, "no-verify", OKR_ARG_NONE, NULL,
	  "skip the pre-commit and commit-msg hooks, as git commit --no-verify"),
	OKR_OPT(0, "target", OKR_ARG_NUMBER, "<n>",
	  "move a metric's target (a threshold's bound) instead of checking in"),
	OKR_OPT(0, "drop", OKR_ARG_NONE, NULL,
	  "drop the key result or objective from scoring; -m gives the reason"),
	OKR_OPT(0, "score", OKR_ARG_NUMBER, "<n>",
	  "adjust a final score, 0 to 1, in a closed period; -m gives the reason"),
	{ 0 },
};

const struct okr_cmd okr_cmd_update = {
	.name = "update",
	.summary = "check in: record a key result's new value and commit it",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_update,
};
