/*
 * new.c: okr new, a new objective file from flags or from a template in
 * the user's editor (as git commit does), validated against its period
 * before it is written and committed. What a new objective is (key-result
 * specs, ids, its YAML, the editor round trip) lives in core/draft.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "changedate.h"
#include "cmd.h"
#include "diag.h"
#include "draft.h"
#include "error.h"
#include "fsutil.h"
#include "git.h"
#include "model.h"
#include "plancmd.h"
#include "tree.h"
#include "validate.h"

/* The --kr specs, parsed, with their ids; a note for each id that is not
 * simply its title's (SPEC section 5), so nobody hunts for "ship-it-2". */
static int
kr_specs(struct okr_kr_spec **out, size_t *n, const struct okr_ctx *ctx)
{
	const char *const *args;
	size_t i;

	*n = okr_opt_list(&args, ctx, "kr");
	*out = okr_xcalloc(*n + 1, sizeof(**out));
	for (i = 0; i < *n; i++)
		if (okr_kr_spec_parse(&(*out)[i], args[i]) < 0)
			return okr_error("%s", okr_error_last());
	okr_draft_assign_ids(*out, *n);
	for (i = 0; i < *n; i++)
		if ((*out)[i].id_adjusted)
			okr_say(stderr, "okr: note: key result '%s' gets the id '%s'\n",
				(*out)[i].title, (*out)[i].id);
	return 0;
}

/* Without --objective: the user writes the file from a commented template
 * in their editor. Returns 0 with the text, or the exit status. */
static int
from_editor(struct okr_buf *text, char *edited, const struct okr_draft *d,
	    const char *target)
{
	struct okr_buf tmpl = OKR_BUF_INIT;
	struct okr_kr_spec example = { .title = "First key result", .start = "0",
				       .target = "100", .id = "first-key-result" };
	struct okr_draft t = *d;
	const char *ed = okr_editor();
	int rc;

	if (!ed && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		ed = "vi";
	if (!ed)
		return okr_error("--objective is required (or set EDITOR to write it in "
				 "an editor)");
	okr_buf_printf(&tmpl, "# New objective %s. Lines starting with '#' are "
		       "ignored;\n# an empty file aborts. The format: okr help yaml.\n",
		       target);
	t.objective = "";
	t.owner = d->owner ? d->owner : "";
	if (!d->nkrs) {
		okr_buf_puts(&tmpl, "# A key result is a metric (start, target, current), a\n"
			     "# threshold (at_least or at_most, current), binary (done)\n"
			     "# or a list of milestones.\n");
		t.krs = &example;
		t.nkrs = 1;
	}
	okr_draft_render(&tmpl, &t);
	rc = okr_draft_edit(text, edited, ed, tmpl.ptr);
	okr_buf_free(&tmpl);
	if (rc < 0)
		return okr_error("%s", okr_error_last());
	if (rc > 0)
		return okr_error("aborting: the objective is empty; nothing was written");
	return 0;
}

/* okr.yaml's fiscal_year_start, read before anything is locked (the
 * editor may stay open for long): the new objective's period dates. */
static int
fiscal_year_start(const char *root)
{
	struct okr_diags d = { 0 };
	struct okr_config *cfg = NULL;
	char *path = okr_xprintf("%s/okr.yaml", root), *buf = NULL;
	size_t len;
	int fys = 1;

	if (okr_file_read(&buf, &len, path, 1u << 20) == 0 &&
	    okr_config_load(&cfg, "okr.yaml", buf, len, &d) == 0 && cfg)
		fys = cfg->fiscal_year_start;
	okr_config_free(cfg);
	okr_diags_free(&d);
	free(buf);
	free(path);
	return fys;
}

/* With --objective: everything comes from the flags. */
static int
from_flags(struct okr_buf *text, const struct okr_draft *d)
{
	if (!d->owner)
		return okr_error("--owner is required (a team key or \"Name <email>\")");
	if (!d->nkrs)
		return okr_error("at least one --kr is required (\"TITLE: START -> "
				 "TARGET [UNIT]\" or \"TITLE\")");
	okr_draft_render(text, d);
	return 0;
}

/* The new file judged with the rest of its period: its errors, as okr
 * check prints them. */
static int
check_new(struct okr_tree *tree, const char *rel, const char *display,
	  const struct okr_buf *text, bool color)
{
	struct okr_diags errors = { 0 };
	struct okr_buf out = OKR_BUF_INIT;
	int rc = 0;

	if (okr_draft_check(&errors, tree, rel, display, text->ptr, text->len,
			    okr_date_today()) < 0) {
		okr_diags_render(&out, &errors, OKR_FORMAT_TEXT, color);
		fwrite(out.ptr, 1, out.len, stderr);
		rc = okr_error("'%s' would not be valid; nothing was written", display);
	}
	okr_buf_free(&out);
	okr_diags_free(&errors);
	return rc;
}

static int
cmd_new(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *level = okr_opt_str(ctx, "level");
	struct okr_draft d = {
		.objective = okr_opt_str(ctx, "objective"),
		.level = level ? level : "team",
		.owner = okr_opt_str(ctx, "owner"),
		.parent = okr_opt_str(ctx, "parent"),
		.date = okr_change_date(ctx, "date"),
	};
	const char *message = okr_opt_str(ctx, "message"), *target = argv[0], *id;
	/* the editor's file; removed unless it holds text we could not use */
	const char *tmp = getenv("TMPDIR");
	char *edited = okr_xprintf("%s/okr-new-XXXXXX.yaml", tmp && *tmp ? tmp : "/tmp");
	bool keep_edited = false;
	struct okr_kr_spec *krs = NULL;
	struct okr_buf text = OKR_BUF_INIT;
	struct okr_diags diags = { 0 };
	struct okr_tree *tree = NULL;
	struct okr_git *g = NULL;
	struct okr_period per;
	char *rel = NULL, *display = NULL, *path = NULL, *msg = NULL;
	size_t nkrs = 0, i;
	int state, rc = OKR_EXIT_USAGE;
	git_oid oid;

	if (kr_specs(&krs, &nkrs, ctx) != 0)
		goto done;
	d.krs = krs;
	d.nkrs = nkrs;
	if (okr_draft_target_parse(&per, &id, target, fiscal_year_start(ctx->root)) < 0 ||
	    okr_new_date_check(&d.dated, &per, d.date, okr_date_today()) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	/* authored on that day, as okr update --date is */
	if (okr_opt_isset(ctx, "date") && !getenv("GIT_AUTHOR_DATE"))
		okr_backdate_author(d.date);
	rel = okr_xprintf("%s.yaml", target);
	display = okr_path_display(ctx->prefix, rel);
	path = okr_xprintf("%s/%s", ctx->root, rel);
	if (access(path, F_OK) == 0) {
		rc = okr_error("'%s' already exists; edit it, or okr update its key results",
			       display);
		goto done;
	}

	rc = d.objective ? from_flags(&text, &d) : from_editor(&text, edited, &d, target);
	if (rc != 0)
		goto done;
	rc = OKR_EXIT_USAGE;
	keep_edited = !d.objective;	/* the user's work, until it is committed */

	if (okr_git_open(&g, ctx->root) < 0 || okr_git_check_state(g) < 0 ||
	    okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_git_file_status(g, rel, &state) < 0 || state != OKR_GIT_ABSENT) {
		rc = okr_error("'%s' already exists in git or the index", display);
		goto done;
	}
	if (okr_tree_load_period(&tree, ctx->root, ctx->prefix, per.name,
				 okr_date_today(), &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	if (check_new(tree, rel, display, &text, ctx->color_err) != 0)
		goto done;
	msg = okr_xprintf("okr: new %s\n\n%s%sOkr-Ref: %s\n", target,
			  message ? message : "", message ? "\n\n" : "", target);
	/* makes the folders (never through a link out of the repository)
	 * and writes the file; a failed commit removes both again */
	if (okr_git_commit_file(&oid, g, rel, text.ptr, text.len, msg,
				okr_opt_isset(ctx, "no-verify") ? OKR_GIT_NO_VERIFY : 0) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	okr_say(stdout, "created %s\n", display);
	rc = OKR_EXIT_OK;
	keep_edited = false;
done:
	if (!strstr(edited, "XXXXXX")) {	/* the editor ran */
		if (keep_edited)
			okr_say(stderr, "okr: your objective is kept in '%s'\n", edited);
		else
			unlink(edited);
	}
	free(edited);
	for (i = 0; i < nkrs; i++)
		okr_kr_spec_free(&krs[i]);
	free(krs);
	okr_buf_free(&text);
	okr_diags_free(&diags);
	okr_tree_free(tree);
	okr_git_free(g);
	free(rel);
	free(display);
	free(path);
	free(msg);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "id", .kind = OKR_ARG_NEW_ID, .arg = "<period>/<id>",
	  .help = "the new objective: its period and id" },
	{ 0 },
};

static const char *const levels[] = { "company", "team", "individual", NULL };

static const struct okr_opt options[] = {
	OKR_OPT(0, "objective", OKR_ARG_TEXT, "<text>",
	  "the objective (without it: write the file in $EDITOR)"),
	OKR_OPT(0, "level", OKR_ARG_CHOICE, "<level>", "company, team (default) or individual", .choices = levels),
	OKR_OPT(0, "owner", OKR_ARG_OWNER, "<owner>", "a team key or \"Name <email>\""),
	OKR_OPT(0, "parent", OKR_ARG_OBJECTIVE_ID, "<id>",
	  "the objective it aligns to, in the same period"),
	OKR_OPT(0, "kr", OKR_ARG_TEXT, "<spec>",
	  "a key result: \"TITLE: START -> TARGET [UNIT]\" or \"TITLE\"",
	  .flags = OKR_OPT_MULTI),
	OKR_OPT('m', "message", OKR_ARG_TEXT, "<message>", "the body of the commit"),
	OKR_OPT(0, "no-verify", OKR_ARG_NONE, NULL,
	  "skip the pre-commit and commit-msg hooks, as git commit --no-verify"),
	OKR_OPT(0, "date", OKR_ARG_DATE, "<date>",
	  "the day it is made (default today): its key results' updated"),
	{ 0 },
};

const struct okr_cmd okr_cmd_new = {
	.name = "new",
	.summary = "create an objective file and commit it",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_new,
};
