/*
 * agenda.c: okr agenda, the ambassador's preparation for the weekly OKR
 * meeting: the next meeting on or after the as-of date, and a time-boxed
 * Markdown agenda from the committed history of the week before it.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "git.h"
#include "history.h"
#include "report.h"

static int
cmd_agenda(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *rev = okr_opt_str(ctx, "rev");
	struct okr_git *g = NULL;
	struct okr_config *cfg = NULL;
	struct okr_history *h = NULL;
	struct okr_report *r = NULL;
	struct okr_diags diags = { 0 };
	struct okr_buf err = OKR_BUF_INIT, out = OKR_BUF_INIT;
	struct okr_period period;
	okr_date as_of, meeting, from;
	char day[16];
	int rc = OKR_EXIT_USAGE;

	as_of = okr_opt_date(ctx, "as-of");

	if (okr_git_open(&g, ctx->root) < 0) {
		rc = okr_error("%s", okr_git_last_error());
		goto done;
	}
	if (okr_config_at_rev(&cfg, okr_git_repo(g), okr_git_workdir_prefix(g), rev, &err) < 0) {
		rc = okr_error("%s", err.ptr);
		goto done;
	}
	okr_period_of(&period, as_of, cfg->fiscal_year_start);

	if (okr_history_read(&h, okr_git_repo(g), okr_git_workdir_prefix(g), rev, &period,
			     period.start, as_of, &diags, &err) < 0) {
		rc = okr_error("%s", err.ptr ? err.ptr : "cannot read the history");
		goto done;
	}
	if (git_oid_is_zero(&h->end_commit)) {
		rc = okr_error("no commit on or before %s", okr_date_format(day, as_of));
		goto done;
	}
	/* the cadence as committed at the as-of date, like every figure */
	meeting = okr_meeting_next(h->end->config ? h->end->config : cfg, as_of);
	/* what changed since last week's meeting, within this period */
	from = meeting - 7 > period.start ? meeting - 7 : period.start;
	if (okr_report_build(&r, h, &period, from, as_of, &err) < 0) {
		rc = okr_error("%s at '%s'", err.ptr, rev ? rev : "HEAD");
		goto done;
	}
	okr_agenda_markdown(&out, r, meeting);
	fwrite(out.ptr, 1, out.len, stdout);
	rc = OKR_EXIT_OK;
done:
	okr_report_free(r);
	okr_history_free(h);
	okr_config_free(cfg);
	okr_diags_free(&diags);
	okr_buf_free(&out);
	okr_buf_free(&err);
	okr_git_free(g);
	return rc;
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
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_agenda,
};
