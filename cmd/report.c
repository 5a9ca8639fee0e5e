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
#include "history.h"
#include "report.h"

static bool
is_month(const char *s)
{
	okr_date a, b;

	return strlen(s) == 7 && okr_month_parse(&a, &b, s) == 0;
}

static int
cmd_report(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *output = okr_opt_str(ctx, "output");
	const char *rev = okr_opt_str(ctx, "rev");
	const char *which = argc ? argv[0] : NULL;
	struct okr_git *g = NULL;
	struct okr_config *cfg = NULL;
	struct okr_history *h = NULL;
	struct okr_report *r = NULL;
	struct okr_diags diags = { 0 };
	struct okr_buf err = OKR_BUF_INIT, out = OKR_BUF_INIT;
	struct okr_period period;
	okr_date as_of, from, first = 0, last = 0;
	const char *format = okr_opt_str(ctx, "format");
	bool json = format && strcmp(format, "json") == 0, month = false;
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

	/* the window: a quarter, or a month of the quarter that holds it */
	if (which && is_month(which)) {
		month = true;
		okr_month_parse(&first, &last, which);
		okr_period_of(&period, first, cfg->fiscal_year_start);
		if (as_of < first) {
			rc = okr_error("--as-of %s is before the month '%s'",
				       okr_date_format(day, as_of), which);
			goto done;
		}
		if (as_of > last)
			as_of = last;
	} else if (which) {
		if (okr_period_parse(&period, which, cfg->fiscal_year_start) < 0) {
			rc = okr_error("unknown period '%s' (expected YYYY-QN or YYYY-MM)", which);
			goto done;
		}
	} else {
		okr_period_of(&period, as_of, cfg->fiscal_year_start);
	}
	/* a past quarter is reported as it ended */
	if (as_of > period.end)
		as_of = period.end;
	from = month ? first : period.start;

	/* From the period's start even for a month: the month's first values
	 * and each key result's last check-in come from the weeks before. */
	if (okr_history_read(&h, okr_git_repo(g), okr_git_workdir_prefix(g), rev, &period,
			     period.start, as_of, &diags, &err) < 0) {
		rc = okr_error("%s", err.ptr ? err.ptr : "cannot read the history");
		goto done;
	}
	if (git_oid_is_zero(&h->end_commit)) {
		rc = okr_error("no commit on or before %s", okr_date_format(day, as_of));
		goto done;
	}
	if (okr_report_build(&r, h, &period, from, as_of, &err) < 0) {
		rc = okr_error("unknown period '%s': %s at '%s'", which ? which : period.name,
			       err.ptr, rev ? rev : "HEAD");
		goto done;
	}
	if (diags.nerrors)
		okr_warning("%zu error%s in the files at '%s'; see 'okr check'", diags.nerrors,
			    diags.nerrors == 1 ? "" : "s", rev ? rev : "HEAD");

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
	okr_history_free(h);
	okr_config_free(cfg);
	okr_diags_free(&diags);
	okr_buf_free(&out);
	okr_buf_free(&err);
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

static const struct okr_opt options[] = {
	OKR_OPT('o', "output", OKR_ARG_FILE, "<file>", "write the report to a file"),
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "the report as it stood that day"),
	OKR_OPT(0, "rev", OKR_ARG_REV, "<rev>", "read history from this commit (default HEAD)"),
	OKR_OPT(0, "format", OKR_ARG_CHOICE, NULL, "Markdown (default) or JSON", .choices = formats),
	{ 0 },
};

const struct okr_cmd okr_cmd_report = {
	.name = "report",
	.summary = "the quarterly or monthly report in Markdown",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_report,
};
