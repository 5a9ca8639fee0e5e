/*
 * update.c: okr update, the weekly check-in. Resolve the reference, rewrite
 * only the changed values, validate, write atomically, commit that one file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changedate.h"
#include "checkin.h"
#include "cmd.h"
#include "error.h"
#include "fsutil.h"
#include "git.h"
#include "model.h"
#include "plan.h"
#include "plancmd.h"
#include "ref.h"
#include "sync.h"
#include "tree.h"

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
		okr_say(stderr, "hint: %s:%u:%u: %s\n", d->v[i].file, d->v[i].line,
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

/* The check-in the options ask for: value, confidence, message,
 * milestone, and the day (--date, GIT_AUTHOR_DATE's, or today). */
static int
checkin_request(struct okr_checkin_req *req, struct okr_ctx *ctx, char **argv)
{
	const char *conf = okr_opt_str(ctx, "confidence");

	if (conf) {
		if (okr_number_parse(&req->confidence, conf) < 0 ||
		    req->confidence < 0 || req->confidence > 1)
			return okr_error("confidence must be a number from 0 to 1, "
					 "not '%s'", conf);
		req->has_confidence = true;
	}
	req->message = okr_opt_str(ctx, "message");
	req->milestone = okr_opt_str(ctx, "milestone");
	req->value = argv[1];
	req->date = okr_change_date(ctx, "date");
	return 0;
}

/* Take the lock before reading, so a concurrent okr cannot slip a commit
 * in between our read and our write of the same file. *g stays NULL
 * outside git with --no-commit, which works there too. */
static int
open_locked(struct okr_git **g, const char *root, bool commit)
{
	if (okr_git_open(g, root) < 0) {
		*g = NULL;
		return commit ? okr_error("%s", okr_error_last()) : 0;
	}
	if ((commit && okr_git_check_state(*g) < 0) || okr_git_lock(*g) < 0)
		return okr_error("%s", okr_error_last());
	/* one read of the index for the status check and the commit; no
	 * index is written in between */
	if (commit)
		okr_git_index_preload(*g);
	return 0;
}

/* A file with work not committed is never overwritten; all of an
 * untracked file is such work, and a check-in must not commit it on the
 * side. */
static int
refuse_uncommitted(struct okr_git *g, const struct okr_objective *obj)
{
	int state;

	if (!g)
		return 0;
	if (okr_git_file_status(g, obj->path, &state) < 0)
		return okr_error("%s", okr_error_last());
	if (state == OKR_GIT_MODIFIED)
		return okr_error("'%s' has uncommitted changes; commit or stash them "
				 "first (nothing was changed)", obj->doc->path);
	if (state == OKR_GIT_UNTRACKED)
		return okr_error("'%s' is not committed yet; commit it first "
				 "(nothing was changed)", obj->doc->path);
	return 0;
}

/* The new bytes and the commit message: a plan change (--target, --drop,
 * --score; core/plan.c, which also keeps closed periods closed), or a
 * check-in on a day SPEC section 8 allows (core/changedate.c). */
static int
prepare(struct okr_checkin_out *out, const struct okr_config *cfg,
	const struct okr_ref_match *match, const struct okr_checkin_req *req,
	const struct okr_plan_req *plan)
{
	struct okr_buf err = OKR_BUF_INIT;
	int rc = 0;

	if (plan->message) {
		if (okr_plan_prepare(out, cfg, match->obj, match->kr, plan) < 0)
			rc = okr_error("%s", okr_error_last());
	} else if (okr_plan_check_open(cfg, match->obj->period) < 0 ||
		   okr_checkin_date_check(cfg, match->obj, match->kr, req->date,
					  okr_date_today()) < 0) {
		rc = okr_error("%s", okr_error_last());
	} else if (okr_checkin_prepare(out, cfg, match->obj, match->kr, req, &err) < 0) {
		rc = okr_error("%s", err.ptr);
	}
	okr_buf_free(&err);
	return rc;
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
	char *path = NULL;
	bool commit = !okr_opt_isset(ctx, "no-commit");
	bool sync = okr_opt_isset(ctx, "sync");
	struct okr_sync_result synced = { 0 };
	git_oid oid;
	int rc = OKR_EXIT_USAGE;
	const char *ref = argv[0];
	struct okr_plan_req plan = { 0 };

	if (sync && !commit) {
		rc = okr_error("--sync and --no-commit do not go together");
		goto done;
	}
	if (checkin_request(&req, ctx, argv) != 0 ||
	    plan_request(&plan, ctx, argc, &req) < 0)
		goto done;
	/* authored on that day, as git commit --date; GIT_AUTHOR_DATE wins */
	if (date_arg && !getenv("GIT_AUTHOR_DATE"))
		okr_backdate_author(req.date);
	if (open_locked(&g, ctx->root, commit) != 0)
		goto done;

	/* a reference never leaves its period: read the file it names and
	 * its parent (the whole folder only when the name is not enough) */
	if (okr_tree_load_ref(&tree, ctx->root, ctx->prefix,
			      okr_ref_period(refper, ref), ref, req.date,
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
	if (refuse_uncommitted(g, match.obj) != 0 ||
	    prepare(&out, tree->config, &match, &req, &plan) != 0)
		goto done;
	if (okr_checkin_validate_links(tree, match.obj, out.buf, out.len, &err) < 0) {
		rc = okr_error("the update would leave '%s' invalid (%s); nothing was "
			       "changed", match.obj->path, err.ptr);
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
		okr_report_commit(g, &oid, out.subject);
		/* still holding the lock: no other okr slips in between */
		if (sync && okr_sync_run(&synced, g, NULL, &err) < 0) {
			rc = okr_error("checked in locally, but not synced: %s", err.ptr);
			goto done;
		}
		if (sync)
			okr_say(stdout, "synced with %s\n", synced.upstream);
	} else {
		if (okr_file_write_atomic(path, out.buf, out.len) < 0) {
			rc = okr_error("cannot write '%s': %s", match.obj->doc->path,
				       strerror(errno));
			goto done;
		}
		okr_say(stdout, "%s (not committed)\n", out.subject);
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
