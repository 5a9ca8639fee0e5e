/*
 * mv.c: okr mv, a key result or an objective renamed in one commit with an
 * Okr-Renamed: trailer (core/rename.c makes the changes).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "draft.h"
#include "error.h"
#include "git.h"
#include "gitmulti.h"
#include "plancmd.h"
#include "ref.h"
#include "rename.h"
#include "tree.h"

/* The new name of a key result: "<objective>#<id>" (the same objective,
 * by any reference to it) or "#<id>". */
static int
new_kr_id(const char **out, const struct okr_tree *tree, const char *period,
	  const struct okr_ref_match *m, const char *new_ref)
{
	const char *hash = strchr(new_ref, '#');
	struct okr_ref_match nm;
	struct okr_buf err = OKR_BUF_INIT;
	char *objpart;
	int rc = 0;

	if (!hash)
		return okr_error_set("'%s' names no key result; give "
				     "<objective>#<new-id>", new_ref);
	*out = hash + 1;
	if (hash == new_ref)
		return 0;
	objpart = okr_xstrndup(new_ref, (size_t)(hash - new_ref));
	if (okr_ref_resolve(&nm, tree, period, objpart, 0, &err) < 0 || nm.obj != m->obj)
		rc = okr_error_set("'%s' is not in '%s/%s': okr mv renames a key result "
				   "within its objective", new_ref, m->obj->period,
				   m->obj->id);
	free(objpart);
	okr_buf_free(&err);
	return rc;
}

/* The new id of an objective: "[<period>/]<id>" in the same period. */
static int
new_objective_id(char **out, const struct okr_objective *obj, const char *new_ref,
		 int fys)
{
	struct okr_period per;
	const char *id;
	char buf[8];
	char *full;
	int rc;

	if (strchr(new_ref, '#'))
		return okr_error_set("'%s' names a key result; an objective is renamed "
				     "to an objective id", new_ref);
	full = okr_ref_period(buf, new_ref) ? okr_xstrdup(new_ref)
					    : okr_xprintf("%s/%s", obj->period, new_ref);
	if ((rc = okr_draft_target_parse(&per, &id, full, fys)) == 0) {
		if (strcmp(per.name, obj->period) != 0)
			rc = okr_error_set("'%s' is in %s: okr mv renames an objective "
					   "within its period (%s)", new_ref, per.name,
					   obj->period);
		else
			*out = okr_xstrdup(id);
	}
	free(full);
	return rc;
}

static int
cmd_mv(struct okr_ctx *ctx, int argc, char **argv)
{
	struct okr_changeset cs = { 0 };
	struct okr_diags diags = { 0 };
	struct okr_buf err = OKR_BUF_INIT;
	struct okr_tree *tree = NULL;
	struct okr_git *g = NULL;
	struct okr_ref_match m;
	struct okr_period per;
	const char *kr_id = NULL;
	char *obj_id = NULL, *newpath = NULL, refper[8];
	git_oid oid;
	int state, rc = OKR_EXIT_USAGE;

	(void)argc;
	if (okr_git_open(&g, ctx->root) < 0 || okr_git_check_state(g) < 0 ||
	    okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (okr_tree_load_period(&tree, ctx->root, ctx->prefix,
				 okr_ref_period(refper, argv[0]), okr_date_today(),
				 &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	okr_period_of(&per, okr_date_today(), tree->config->fiscal_year_start);
	if (okr_ref_resolve(&m, tree, per.name, argv[0], strchr(argv[0], '#') != NULL,
			    &err) < 0) {
		rc = okr_error("%s", err.ptr);
		goto done;
	}
	if (okr_refuse_uncommitted(g, tree, m.obj->period) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (m.kr) {
		if (new_kr_id(&kr_id, tree, m.obj->period, &m, argv[1]) < 0 ||
		    okr_rename_kr(&cs, tree->config, m.obj, m.kr, kr_id) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
	} else {
		if (new_objective_id(&obj_id, m.obj, argv[1],
				     tree->config->fiscal_year_start) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
		newpath = okr_xprintf("%s/%s.yaml", m.obj->period, obj_id);
		if (okr_git_file_status(g, newpath, &state) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
		if (state != OKR_GIT_ABSENT) {
			rc = okr_error("'%s' exists already (nothing was changed)", newpath);
			goto done;
		}
		if (okr_rename_objective(&cs, tree, m.obj, obj_id) < 0) {
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
	rc = OKR_EXIT_OK;
done:
	okr_changeset_free(&cs);
	okr_tree_free(tree);
	okr_diags_free(&diags);
	okr_buf_free(&err);
	okr_git_free(g);
	free(obj_id);
	free(newpath);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "ref", .kind = OKR_ARG_REF, .arg = "<ref>",
	  .help = "the key result or objective to rename" },
	{ .long_name = "new-ref", .kind = OKR_ARG_TEXT, .arg = "<new-ref>",
	  .help = "its new name: <objective>#<new-id>, or a new objective id" },
	{ 0 },
};

static const struct okr_opt options[] = {
	OKR_OPT(0, "no-verify", OKR_ARG_NONE, NULL,
	  "skip the pre-commit and commit-msg hooks, as git commit --no-verify"),
	{ 0 },
};

const struct okr_cmd okr_cmd_mv = {
	.name = "mv",
	.summary = "rename a key result or an objective, history kept",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_mv,
};
