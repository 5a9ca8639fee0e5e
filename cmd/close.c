/*
 * close.c: okr close, the quarter's end: every key result's final score
 * and the period in okr.yaml's closed:, in one commit; okr close --reopen
 * takes it back. Refusals first, nothing written until all pass.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "close.h"
#include "cmd.h"
#include "error.h"
#include "git.h"
#include "gitmulti.h"
#include "history.h"
#include "model.h"
#include "tree.h"
#include "validate.h"
#include "plancmd.h"

/* okr check's errors in what was loaded (okr.yaml and the period). */
static int
refuse_check_errors(const struct okr_diags *d, const char *period)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == OKR_SEV_ERROR)
			return okr_error("okr check finds %zu error%s in %s (%s:%u:%u: %s); "
					 "fix %s first", d->nerrors,
					 d->nerrors == 1 ? "" : "s", period, d->v[i].file,
					 d->v[i].line, d->v[i].col, d->v[i].msg,
					 d->nerrors == 1 ? "it" : "them");
	return 0;
}

static int
cmd_close(struct okr_ctx *ctx, int argc, char **argv)
{
	struct okr_close_req req = { 0 };
	struct okr_changeset cs = { 0 };
	struct okr_diags diags = { 0 }, hdiags = { 0 };
	struct okr_buf err = OKR_BUF_INIT;
	struct okr_history *h = NULL;
	struct okr_tree *tree = NULL;
	struct okr_git *g = NULL;
	struct okr_period per;
	bool reopen = okr_opt_isset(ctx, "reopen");
	size_t nscored = 0;
	git_oid oid;
	int rc = OKR_EXIT_USAGE;

	(void)argc;
	req.period = argv[0];
	req.message = okr_opt_str(ctx, "message");
	req.force = okr_opt_isset(ctx, "force");
	req.date = okr_opt_date(ctx, "date");
	if (reopen && (okr_opt_isset(ctx, "date") || req.force))
		return okr_error("--reopen takes no --date or --force");
	if (okr_period_parse(&per, req.period, 1) < 0)
		return okr_error("'%s' is not a period (expected YYYY-QN)", req.period);
	if (okr_opt_isset(ctx, "date") && !getenv("GIT_AUTHOR_DATE"))
		okr_backdate_author(req.date);

	if (okr_git_open(&g, ctx->root) < 0 || okr_git_check_state(g) < 0 ||
	    okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_tree_load_period(&tree, ctx->root, ctx->prefix, req.period, req.date,
				 &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	if (!reopen) {
		okr_tree_validate(tree, req.date, &diags);
		if ((rc = refuse_check_errors(&diags, req.period)) != 0)
			goto done;
	}
	if (okr_refuse_uncommitted(g, tree, req.period) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (reopen) {
		if (okr_reopen_prepare(&cs, tree, req.period, req.message) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
	} else {
		/* the values as of the close date, by the history's one rule */
		okr_period_parse(&per, req.period, tree->config->fiscal_year_start);
		if (okr_history_read(&h, okr_git_repo(g), okr_git_workdir_prefix(g), NULL,
				     &per, per.start, req.date, &hdiags, &err) < 0) {
			rc = okr_error("%s", err.ptr ? err.ptr : "cannot read the history");
			goto done;
		}
		req.as_of = h->end;
		if (okr_close_prepare(&cs, &nscored, tree, &req) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
	}
	if (okr_worktree_commit(&oid, g, ctx->root, cs.v, cs.n, cs.message,
				okr_opt_isset(ctx, "no-verify") ? OKR_GIT_NO_VERIFY : 0) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	okr_report_commit(g, &oid, cs.subject);
	if (!reopen)
		printf("%zu final score%s written\n", nscored, nscored == 1 ? "" : "s");
	rc = OKR_EXIT_OK;
done:
	okr_changeset_free(&cs);
	okr_history_free(h);
	okr_tree_free(tree);
	okr_diags_free(&diags);
	okr_diags_free(&hdiags);
	okr_buf_free(&err);
	okr_git_free(g);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "period", .kind = OKR_ARG_PERIOD, .arg = "<period>",
	  .help = "the quarter to close (or reopen)" },
	{ 0 },
};

static const struct okr_opt options[] = {
	OKR_OPT(0, "date", OKR_ARG_DATE, "<date>",
	  "the day it closes; scores are the progress as of then (default today)"),
	OKR_OPT('m', "message", OKR_ARG_TEXT, "<message>", "the body of the commit"),
	OKR_OPT(0, "no-verify", OKR_ARG_NONE, NULL,
	  "skip the pre-commit and commit-msg hooks, as git commit --no-verify"),
	OKR_OPT(0, "force", OKR_ARG_NONE, NULL, "close before the period's last day"),
	OKR_OPT(0, "reopen", OKR_ARG_NONE, NULL,
	  "undo a close: remove the closed: entry and every score"),
	{ 0 },
};

const struct okr_cmd okr_cmd_close = {
	.name = "close",
	.summary = "end a quarter: write final scores, record it closed",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_close,
};
