/*
 * sync.c: okr sync, the check-ins exchanged with the team's remote: fetch,
 * put the local check-ins on top of the remote branch, push; on any
 * failure the repository stays exactly as it was.
 */
#include <stdio.h>

#include "cmd.h"
#include "error.h"
#include "git.h"
#include "sync.h"

static int
cmd_sync(struct okr_ctx *ctx, int argc, char **argv)
{
	struct okr_sync_result res = { 0 };
	struct okr_buf err = OKR_BUF_INIT;
	struct okr_git *g = NULL;
	int rc = OKR_EXIT_USAGE;

	/* the lock keeps an okr update from committing between our read of
	 * HEAD and the move of the branch */
	if (okr_git_open(&g, ctx->root) < 0 || okr_git_check_state(g) < 0 ||
	    okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_sync_run(&res, g, argc ? argv[0] : NULL, &err) < 0) {
		rc = okr_error("%s", err.ptr);
		goto done;
	}
	if (res.pushed && res.pulled)
		okr_say(stdout, "synced %zu check-in%s with %s (%zu new from the remote)\n",
		       res.pushed, res.pushed == 1 ? "" : "s", res.upstream, res.pulled);
	else if (res.pushed)
		okr_say(stdout, "synced %zu check-in%s with %s\n", res.pushed,
		       res.pushed == 1 ? "" : "s", res.upstream);
	else if (res.pulled)
		okr_say(stdout, "pulled %zu commit%s from %s\n", res.pulled,
		       res.pulled == 1 ? "" : "s", res.upstream);
	else
		okr_say(stdout, "already up to date with %s\n", res.upstream);
	rc = OKR_EXIT_OK;
done:
	okr_sync_result_free(&res);
	okr_buf_free(&err);
	okr_git_free(g);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "remote", .kind = OKR_ARG_REMOTE,
	  .help = "the remote to sync with (default origin)", .flags = OKR_OPT_OPTIONAL },
	{ 0 },
};

const struct okr_cmd okr_cmd_sync = {
	.name = "sync",
	.summary = "fetch, put local check-ins on top of the remote's, push",
	.operands = operands,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_sync,
};
