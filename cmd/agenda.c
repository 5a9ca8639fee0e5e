/*
 * agenda.c: okr agenda, the ambassador's preparation for the weekly OKR
 * meeting: the next meeting on or after the as-of date, and a time-boxed
 * Markdown agenda from the committed history of the week before it.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "git.h"
#include "agenda.h"
#include "cadence.h"
#include "error.h"
#include "snapshot.h"

static int
cmd_agenda(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *rev = okr_opt_str(ctx, "rev");
	struct okr_git *g = NULL;
	struct okr_snapshot *snap = NULL;
	struct okr_report *r = NULL;
	struct okr_buf out = OKR_BUF_INIT;
	struct okr_window w = { 0 };
	okr_date as_of, meeting;
	int rc = OKR_EXIT_USAGE;

	as_of = okr_opt_date(ctx, "as-of");

	if (okr_git_open(&g, ctx->root) < 0 ||
	    okr_snapshot_open(&snap, okr_git_repo(g), okr_git_workdir_prefix(g), rev) < 0)
		goto failed;
	okr_period_of(&w.period, as_of, snap->config->fiscal_year_start);
	if (okr_snapshot_read_as_of(snap, &w.period, as_of) < 0)
		goto failed;
	/* the cadence as committed at the as-of date, like every figure; the
	 * first meeting that has not ended (SPEC section 8), or with --as-of
	 * the first on or after that day */
	meeting = okr_meeting_next(okr_snapshot_config(snap), as_of,
				   okr_opt_isset(ctx, "as-of") ? -1 : okr_minute_now());
	/* what changed since last week's meeting, within this period */
	w.from = meeting - 7 > w.period.start ? meeting - 7 : w.period.start;
	w.as_of = as_of;
	if (okr_snapshot_report(&r, snap, &w) < 0) {
		rc = okr_error("%s at '%s'", okr_error_last(), snap->rev);
		goto done;
	}
	okr_agenda_markdown(&out, r, meeting);
	fwrite(out.ptr, 1, out.len, stdout);
	rc = OKR_EXIT_OK;
done:
	okr_report_free(r);
	okr_snapshot_free(snap);
	okr_buf_free(&out);
	okr_git_free(g);
	return rc;
failed:
	rc = okr_error("%s", okr_error_last());
	goto done;
}

static const struct okr_opt options[] = {
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "the next meeting on or after that day"),
	OKR_OPT(0, "rev", OKR_ARG_REV, "<rev>", "read history from this commit (default HEAD)"),
	{ 0 },
};

const struct okr_cmd okr_cmd_agenda = {
	.name = "agenda",
	.summary = "the agenda of the next weekly OKR meeting",
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO | OKR_CMD_BARE,
	.exec = cmd_agenda,
};
