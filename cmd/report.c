/*
 * report.c: okr report, the quarterly (or monthly) report for leadership.
 * Reads committed history only (HEAD or --rev), so a fresh clone gives the
 * same bytes; renders Markdown or JSON to stdout or, atomically, to a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "fsutil.h"
#include "git.h"
#include "error.h"
#include "snapshot.h"

static int
cmd_report(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *output = okr_opt_str(ctx, "output");
	const char *rev = okr_opt_str(ctx, "rev");
	const char *which = argc ? argv[0] : NULL;
	struct okr_git *g = NULL;
	struct okr_snapshot *snap = NULL;
	struct okr_report *r = NULL;
	struct okr_buf out = OKR_BUF_INIT;
	struct okr_window w;
	okr_date as_of;
	const char *format = okr_opt_str(ctx, "format"), *charts;
	bool json = format && strcmp(format, "json") == 0;
	int rc = OKR_EXIT_USAGE;

	as_of = okr_opt_date(ctx, "as-of");

	if (okr_git_open(&g, ctx->root) < 0 ||
	    okr_snapshot_open(&snap, okr_git_repo(g), okr_git_workdir_prefix(g), rev) < 0 ||
	    okr_window_of(&w, snap->config, which, as_of) < 0 ||
	    okr_snapshot_read_as_of(snap, &w.period, w.as_of) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	w.team = okr_opt_str(ctx, "team");
	w.owner = okr_opt_str(ctx, "owner");
	if ((w.team || w.owner) &&
	    okr_report_check_filter(okr_snapshot_config(snap), snap->history->end, w.team,
				    w.owner) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_snapshot_report(&r, snap, &w) < 0) {
		rc = okr_error("cannot report %s at '%s': %s", which ? which : w.period.name,
			       snap->rev, okr_error_last());
		goto done;
	}
	if (snap->diags.nerrors)
		okr_warning("%zu error%s in the files at '%s'; see 'okr check'",
			    snap->diags.nerrors, snap->diags.nerrors == 1 ? "" : "s", snap->rev);

	charts = okr_opt_str(ctx, "charts");
	if (charts && strcmp(charts, "all") == 0)
		r->charts = OKR_CHARTS_ALL;
	else if (charts && strcmp(charts, "none") == 0)
		r->charts = OKR_CHARTS_NONE;
	if (json)
		okr_report_json(&out, r);
	else
		okr_report_markdown(&out, r);
	if (output) {
		if (okr_file_write_atomic(output, out.ptr, out.len) < 0) {
			rc = okr_error("cannot write '%s': %s", output, strerror(errno));
			goto done;
		}
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	rc = OKR_EXIT_OK;
done:
	okr_report_free(r);
	okr_snapshot_free(snap);
	okr_buf_free(&out);
	okr_git_free(g);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "period", .kind = OKR_ARG_PERIOD, .arg = "<period>|<YYYY-MM>",
	  .help = "the quarter (default: the current one) or a month of it",
	  .flags = OKR_OPT_OPTIONAL },
	{ 0 },
};

static const char *const formats[] = { "markdown", "json", NULL };
static const char *const chart_sets[] = { "summary", "all", "none", NULL };

static const struct okr_opt options[] = {
	OKR_OPT('o', "output", OKR_ARG_FILE, "<file>", "write the report to a file"),
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "the report as it stood that day"),
	OKR_OPT(0, "rev", OKR_ARG_REV, "<rev>", "read history from this commit (default HEAD)"),
	OKR_OPT(0, "format", OKR_ARG_CHOICE, NULL, "Markdown (default) or JSON", .choices = formats),
	OKR_OPT(0, "team", OKR_ARG_OWNER, "<team>",
	  "only this team's objectives and what is aligned below them"),
	OKR_OPT(0, "owner", OKR_ARG_OWNER, "<owner>",
	  "only what this person owns, and their teams' objectives"),
	OKR_OPT(0, "charts", OKR_ARG_CHOICE, NULL,
	  "Mermaid charts: the summary's (default), all, or none", .choices = chart_sets),
	{ 0 },
};

const struct okr_cmd okr_cmd_report = {
	.name = "report",
	.summary = "the quarterly or monthly report in Markdown",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO | OKR_CMD_BARE,
	.exec = cmd_report,
};
