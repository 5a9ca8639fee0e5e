/*
 * log.c: okr log, the story of one key result (or of every key result of an
 * objective) as git recorded it: who checked in what, when, how confident,
 * and why; newest first, in aligned columns like git log --oneline.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "error.h"
#include "git.h"
#include "gittree.h"
#include "history.h"
#include "model.h"
#include "number.h"
#include "ref.h"
#include "render.h"
#include "safetext.h"
#include "tree.h"

static void
pad(struct okr_buf *out, const char *s, size_t w)
{
	size_t n = okr_utf8_width(s);

	okr_buf_puts(out, s);
	while (n++ < w)
		okr_buf_putc(out, ' ');
	okr_buf_puts(out, "  ");
}

/* The first line of the message, without control characters that could
 * move the cursor or bidi overrides that could reorder the table. */
static char *
first_line(const char *msg)
{
	struct okr_buf b = OKR_BUF_INIT;

	okr_safetext_put(&b, msg, strcspn(msg, "\n"), 0);
	return okr_buf_detach(&b);
}

enum { COL_DATE, COL_KR, COL_AUTHOR, COL_VALUE, COL_CONF, NCOLS };

/* The first line: what the log is of, and whom to ask about it (the key
 * result's owner, else its objective's; a team as its name and lead, as
 * report and status show it). */
static void
header(struct okr_buf *out, const struct okr_config *cfg, const char *ref,
       const struct okr_ref_match *match)
{
	const char *title = match->kr ? match->kr->title : match->obj->title;
	char *t = first_line(title ? title : ""), *who, *o;

	who = okr_owner_display(cfg, match->kr ? match->kr->owner : match->obj->owner);
	o = first_line(who);
	okr_safetext_puts(out, ref, 0);	/* ids come from file names */
	okr_buf_printf(out, " · %s", t);
	if (*o)
		okr_buf_printf(out, " · owner: %s", o);
	okr_buf_putc(out, '\n');
	free(t);
	free(who);
	free(o);
}

/* A reference that is gone: what okr mv renamed it to, if it did, and
 * where its history is now. */
static void
renamed_hint(struct okr_git *g, const char *rev, const char *ref, const char *period)
{
	char *full = okr_ref_period((char[8]){ 0 }, ref) ? okr_xstrdup(ref)
							 : okr_xprintf("%s/%s", period, ref);
	char *now = NULL;

	if (okr_history_renamed(&now, okr_git_repo(g), rev, full) == 0 && now)
		fprintf(stderr, "hint: okr mv renamed '%s' to '%s'\n"
				"hint: its history: okr log %s (before the rename: "
				"okr log %s --rev <a commit before it>)\n",
			full, now, now, full);
	okr_error_clear();
	free(now);
	free(full);
}

static int
cmd_log(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *rev = okr_opt_str(ctx, "rev"), *ref = argv[0];
	struct okr_diags diags = { 0 };
	struct okr_tree *tree = NULL;
	struct okr_git *g = NULL;
	struct okr_history *h = NULL;
	struct okr_ref_match match;
	struct okr_period period;
	struct okr_buf err = OKR_BUF_INIT, out = OKR_BUF_INIT, b = OKR_BUF_INIT;
	char **refs = NULL, *relpath = NULL, *(*cells)[NCOLS] = NULL;
	size_t nrefs = 0, i, j, w[NCOLS] = { 0 };
	okr_date as_of = okr_opt_date(ctx, "as-of");
	int rc = OKR_EXIT_USAGE;

	if (okr_git_open(&g, ctx->root) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	/* the reference is resolved in the tree of --rev; in the working
	 * tree by default (the files of the period the reference names,
	 * else the as-of date's, that resolving it reads, as a check-in
	 * does: an objective's history never needs another), and at HEAD in
	 * a bare repository */
	if (rev || ctx->bare) {
		git_tree *gtree = NULL;

		if (okr_rev_tree(&gtree, okr_git_repo(g), rev) < 0 ||
		    okr_tree_load_git(&tree, okr_git_repo(g), gtree,
				      okr_git_workdir_prefix(g), NULL, &diags) < 0) {
			git_tree_free(gtree);
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
		git_tree_free(gtree);
	} else if (okr_tree_load_ref(&tree, ctx->root, ctx->prefix,
				     okr_ref_period((char[8]){ 0 }, ref), ref, as_of, &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	okr_period_of(&period, as_of, tree->config->fiscal_year_start);
	if (okr_ref_resolve(&match, tree, period.name, ref, strchr(ref, '#') != NULL,
			    &err) < 0) {
		rc = okr_error("%s", err.ptr);
		renamed_hint(g, rev, ref, period.name);
		goto done;
	}
	/* an objective: its key results, and its own milestones' check-ins */
	refs = okr_xcalloc(match.obj->nkrs + 1, sizeof(*refs));
	if (match.kr) {
		refs[nrefs++] = okr_xstrdup(okr_ref_format(&b, match.obj, match.kr));
	} else {
		refs[nrefs++] = okr_xstrdup(okr_ref_format(&b, match.obj, NULL));
		for (i = 0; i < match.obj->nkrs; i++)
			if (match.obj->krs[i].id)
				refs[nrefs++] = okr_xstrdup(okr_ref_format(&b, match.obj,
									   &match.obj->krs[i]));
	}
	relpath = okr_xprintf("%s/%s.yaml", match.obj->period, match.obj->id);

	okr_buf_clear(&err);
	if (okr_history_log(&h, okr_git_repo(g), okr_git_workdir_prefix(g), rev, relpath,
			    (const char *const *)refs, nrefs,
			    okr_opt_isset(ctx, "as-of") ? as_of : INT32_MAX,
			    &err) < 0) {
		rc = okr_error("%s", err.ptr);
		goto done;
	}
	if (!h->n) {
		char date[16];

		okr_say(stderr, "okr: no check-ins of '%s' in the history of %s", refs[0],
			rev ? rev : "HEAD");
		if (h->shallow)	/* they may be older than this clone goes */
			okr_say(stderr, " (a shallow clone: history starts on %s)",
				okr_date_format(date, h->history_from));
		fputc('\n', stderr);
		rc = OKR_EXIT_OK;
		goto done;
	}

	header(&out, tree->config, refs[0], &match);
	cells = okr_xcalloc(h->n, sizeof(*cells));
	for (i = 0; i < h->n; i++) {
		const struct okr_checkin *ci = &h->v[h->n - 1 - i];
		const char *hash = strchr(ci->ref, '#');
		const struct okr_kr *kr = match.kr;
		char date[16], num[OKR_NUM_SIZE];

		if (!kr && hash)
			for (j = 0; j < match.obj->nkrs; j++)
				if (match.obj->krs[j].id &&
				    strcmp(match.obj->krs[j].id, hash + 1) == 0)
					kr = &match.obj->krs[j];
		cells[i][COL_DATE] = okr_xstrdup(okr_date_format(date, ci->date));
		cells[i][COL_KR] = okr_xstrdup(hash ? hash : "(objective)");
		cells[i][COL_AUTHOR] = first_line(ci->author);
		if (!ci->plan && kr && kr->unit &&
		    (kr->kind == OKR_KR_METRIC || kr->kind == OKR_KR_THRESHOLD))
			cells[i][COL_VALUE] = okr_xprintf("%s %s", ci->value, kr->unit);
		else
			cells[i][COL_VALUE] = first_line(ci->value);
		cells[i][COL_CONF] = ci->has_confidence ? okr_xstrdup(okr_num_format(
								  num, sizeof(num), ci->confidence))
							: okr_xstrdup("-");
		for (j = 0; j < NCOLS; j++)
			if (okr_utf8_width(cells[i][j]) > w[j])
				w[j] = okr_utf8_width(cells[i][j]);
	}
	for (i = 0; i < h->n; i++) {
		char *msg = first_line(h->v[h->n - 1 - i].message);

		for (j = 0; j < NCOLS; j++)
			if (j != COL_KR || !match.kr)
				pad(&out, cells[i][j], w[j]);
		okr_buf_printf(&out, "%s%s\n", msg,
			       h->v[h->n - 1 - i].hand_edit ? " (hand edit)" : "");
		free(msg);
	}
	if (h->shallow) {
		char date[16];

		okr_buf_printf(&out, "(history is shallow: it starts on %s)\n",
			       okr_date_format(date, h->history_from));
	}
	fwrite(out.ptr, 1, out.len, stdout);
	rc = OKR_EXIT_OK;
done:
	for (i = 0; cells && i < h->n; i++)
		for (j = 0; j < NCOLS; j++)
			free(cells[i][j]);
	free(cells);
	for (i = 0; i < nrefs; i++)
		free(refs[i]);
	free(refs);
	free(relpath);
	okr_history_free(h);
	okr_git_free(g);
	okr_tree_free(tree);
	okr_diags_free(&diags);
	okr_buf_free(&err);
	okr_buf_free(&out);
	okr_buf_free(&b);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "ref", .kind = OKR_ARG_REF,
	  .help = "the key result or objective" },
	{ 0 },
};

static const struct okr_opt options[] = {
	OKR_OPT(0, "rev", OKR_ARG_REV, "<rev>", "read history from this commit (default HEAD)"),
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "history up to that day, and the period of a short reference"),
	{ 0 },
};

const struct okr_cmd okr_cmd_log = {
	.name = "log",
	.summary = "show the check-ins of a key result or objective",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO | OKR_CMD_BARE,
	.exec = cmd_log,
};
