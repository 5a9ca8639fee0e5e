/*
 * init.c: okr init, the first commit of an OKR repository: okr.yaml with
 * the organisation, its ambassadors and the default cadence.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "edit.h"
#include "fsutil.h"
#include "git.h"
#include "model.h"

static void
write_config(struct okr_buf *b, const char *org, const char *const *ambassadors,
	     size_t n)
{
	size_t i;

	okr_buf_puts(b, "# Settings of this OKR repository; see okr-yaml(5).\n"
		     "organisation: ");
	okr_yaml_put_text(b, org);
	okr_buf_puts(b, "\n# The go-to people for the OKR process.\nambassadors:");
	if (!n)
		okr_buf_puts(b, " []");
	for (i = 0; i < n; i++) {
		okr_buf_puts(b, "\n  - ");
		okr_yaml_put_text(b, ambassadors[i]);
	}
	okr_buf_puts(b, "\n"
		     "fiscal_year_start: 1       # month in which Q1 begins\n"
		     "cadence:\n"
		     "  checkin: 7d              # every key result updated this often\n"
		     "  meeting:                 # the weekly OKR results meeting\n"
		     "    day: monday\n"
		     "    time: \"09:00\"\n"
		     "    length: 30m\n"
		     "  review: monthly\n"
		     "  report: quarterly\n"
		     "scoring:\n"
		     "  on_track: 0.7\n"
		     "  at_risk: 0.4\n");
}

static int
cmd_init(struct okr_ctx *ctx, int argc, char **argv)
{
	struct okr_buf text = OKR_BUF_INIT, err = OKR_BUF_INIT;
	struct okr_diags diags = { 0 };
	struct okr_config *cfg = NULL;
	struct okr_git *g = NULL;
	git_signature *author = NULL, *committer = NULL;
	char *path = NULL, *cwd = okr_xstrdup(ctx->cwd), *msg = NULL;
	const char *org = okr_opt_str(ctx, "organisation");
	const char *const *amb;
	size_t namb = okr_opt_list(&amb, ctx, "ambassador");
	int rc = OKR_EXIT_USAGE;
	bool created;
	git_oid oid;

	if (!org)
		org = basename(cwd);
	path = okr_xprintf("%s/okr.yaml", ctx->cwd);
	if (access(path, F_OK) == 0) {
		rc = okr_error("'okr.yaml' already exists in '%s'; nothing was changed",
			       ctx->cwd);
		goto done;
	}
	write_config(&text, org, amb, namb);
	/* What we write must be what okr check accepts. */
	if (okr_config_load(&cfg, "okr.yaml", text.ptr, text.len, &diags) < 0 ||
	    diags.nerrors) {
		rc = okr_error("%s", diags.n ? diags.v[0].msg : "invalid settings");
		goto done;
	}
	/* Know who commits before creating anything: a failed init leaves
	 * the folder as it was, .git included. */
	if (okr_git_open(&g, ctx->cwd) == 0) {
		created = false;
		if (okr_git_signatures(&author, &committer, g) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
	} else if (okr_git_signatures(&author, &committer, NULL) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	} else if (okr_git_init(&g, ctx->cwd, &created) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_git_check_state(g) < 0 || okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	msg = okr_xprintf("okr: init %s\n", org);
	/* writes okr.yaml, and removes it again if the commit fails */
	if (okr_git_commit_file(&oid, g, "okr.yaml", text.ptr, text.len, msg, 0) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	okr_say(stdout, "Initialized okr repository for '%s' in %s%s\n", org, ctx->cwd,
	       created ? " (new git repository)" : "");
	rc = OKR_EXIT_OK;
done:
	git_signature_free(author);
	git_signature_free(committer);
	okr_git_free(g);
	okr_config_free(cfg);
	okr_diags_free(&diags);
	okr_buf_free(&text);
	okr_buf_free(&err);
	free(path);
	free(cwd);
	free(msg);
	return rc;
}

static const struct okr_opt options[] = {
	OKR_OPT(0, "organisation", OKR_ARG_TEXT, "<name>",
	  "the organisation's name (default: the folder's)", .alias = "organization"),
	OKR_OPT(0, "ambassador", OKR_ARG_PERSON, "<person>",
	  "an OKR ambassador, \"Name <email>\"", .flags = OKR_OPT_MULTI),
	{ 0 },
};

const struct okr_cmd okr_cmd_init = {
	.name = "init",
	.summary = "create okr.yaml (and the git repository) and commit it",
	.opts = options,
	.flags = 0,
	.exec = cmd_init,
};
