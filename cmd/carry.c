/*
 * carry.c: okr carry, unfinished key results into the next period: resolve
 * every reference in its period, work out the copies (core/carry.c), write
 * and commit the target files in one commit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carry.h"
#include "cmd.h"
#include "error.h"
#include "git.h"
#include "gitmulti.h"
#include "plancmd.h"
#include "ref.h"
#include "tree.h"

/*
 * The period a reference without one means: at the quarter's end the
 * current period is usually the one carried into, so a reference found
 * only in the one before resolves there.
 */
static int
resolve(struct okr_ref_match *m, struct okr_tree **src, const char *root,
	const char *prefix, const char *ref, struct okr_buf *err)
{
	struct okr_diags diags = { 0 };
	struct okr_period cur, prev;
	char per[8];
	int rc;

	okr_period_of(&cur, okr_date_today(), 1);
	if (*src == NULL) {
		const char *p = okr_ref_period(per, ref);

		if (okr_tree_load_period(src, root, prefix, p ? p : cur.name,
					 okr_date_today(), &diags) < 0) {
			okr_diags_free(&diags);
			return okr_error_set("cannot load '%s': %s", root, strerror(errno));
		}
		okr_diags_free(&diags);
		okr_period_of(&cur, okr_date_today(), (*src)->config->fiscal_year_start);
		okr_period_of(&prev, cur.start - 1, (*src)->config->fiscal_year_start);
		if (!p && !(*src)->nobjs) {
			okr_tree_free(*src);
			*src = NULL;
			if (okr_tree_load_period(src, root, prefix, prev.name,
						 okr_date_today(), &diags) < 0) {
				okr_diags_free(&diags);
				return okr_error_set("cannot load '%s': %s", root,
						     strerror(errno));
			}
			okr_diags_free(&diags);
		}
	}
	okr_buf_clear(err);
	rc = okr_ref_resolve(m, *src, (*src)->nobjs ? (*src)->objs[0]->period : cur.name,
			     ref, strchr(ref, '#') != NULL, err);
	if (rc < 0)
		return okr_error_set("%s", err->ptr);
	return 0;
}

static int
cmd_carry(struct okr_ctx *ctx, int argc, char **argv)
{
	struct okr_carry_item *items = okr_xcalloc((size_t)argc, sizeof(*items));
	struct okr_changeset cs = { 0 };
	struct okr_diags diags = { 0 };
	struct okr_buf err = OKR_BUF_INIT, warnings = OKR_BUF_INIT;
	struct okr_tree *src = NULL, *dest = NULL;
	struct okr_git *g = NULL;
	struct okr_period from, to;
	const char *to_arg = okr_opt_str(ctx, "to");
	git_oid oid;
	size_t i;
	int rc = OKR_EXIT_USAGE;

	if (okr_git_open(&g, ctx->root) < 0 || okr_git_check_state(g) < 0 ||
	    okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	for (i = 0; i < (size_t)argc; i++) {
		struct okr_ref_match m;

		if (resolve(&m, &src, ctx->root, ctx->prefix, argv[i], &err) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
		if (i > 0 && strcmp(m.obj->period, items[0].obj->period) != 0) {
			rc = okr_error("'%s' is in %s, '%s' in %s: carry from one period "
				       "at a time", argv[0], items[0].obj->period, argv[i],
				       m.obj->period);
			goto done;
		}
		items[i].obj = m.obj;
		items[i].kr = m.kr;
	}
	okr_period_parse(&from, items[0].obj->period, src->config->fiscal_year_start);
	okr_period_of(&to, from.end + 1, src->config->fiscal_year_start);
	if (to_arg && okr_period_parse(&to, to_arg, src->config->fiscal_year_start) < 0) {
		rc = okr_error("'%s' is not a period (expected YYYY-QN)", to_arg);
		goto done;
	}
	if (to.start <= from.start) {
		rc = okr_error("%s is not after %s: key results are carried forward",
			       to.name, from.name);
		goto done;
	}
	if (okr_tree_load_period(&dest, ctx->root, ctx->prefix, to.name, to.start,
				 &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	if (okr_refuse_uncommitted(g, dest, to.name) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_carry_prepare(&cs, &warnings, dest, to.name, items, (size_t)argc,
			      okr_opt_str(ctx, "message")) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_worktree_commit(&oid, g, ctx->root, cs.v, cs.n, cs.message,
				okr_opt_isset(ctx, "no-verify") ? OKR_GIT_NO_VERIFY : 0) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (warnings.len)
		okr_say(stderr, "okr: warning: %.*s\n", (int)warnings.len - 1, warnings.ptr);
	okr_report_commit(g, &oid, cs.subject);
	rc = OKR_EXIT_OK;
done:
	okr_changeset_free(&cs);
	okr_tree_free(src);
	okr_tree_free(dest);
	okr_diags_free(&diags);
	okr_buf_free(&err);
	okr_buf_free(&warnings);
	okr_git_free(g);
	free(items);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "ref", .kind = OKR_ARG_REF, .arg = "<ref>",
	  .help = "a key result, or an objective (all its unfinished key results)",
	  .flags = OKR_OPT_MULTI },
	{ 0 },
};

static const struct okr_opt options[] = {
	OKR_OPT(0, "to", OKR_ARG_PERIOD, "<period>",
	  "the period to carry into (default: the next one)"),
	OKR_OPT('m', "message", OKR_ARG_TEXT, "<message>", "the body of the commit"),
	OKR_OPT(0, "no-verify", OKR_ARG_NONE, NULL,
	  "skip the pre-commit and commit-msg hooks, as git commit --no-verify"),
	{ 0 },
};

const struct okr_cmd okr_cmd_carry = {
	.name = "carry",
	.summary = "carry unfinished key results into the next period",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_carry,
};
