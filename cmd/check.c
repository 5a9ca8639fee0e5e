/*
 * check.c: okr check, the validator CI runs on every change to an OKR
 * repository. Loads the working tree (or with --rev a commit's tree, which
 * needs no work tree: a git server's pre-receive hook), validates it,
 * prints diagnostics in the chosen format; exit 1 when it finds errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "diag.h"
#include "error.h"
#include "git.h"
#include "gittree.h"
#include "snapshot.h"
#include "model.h"
#include "tree.h"
#include "validate.h"

/* The path as a clean absolute path, without resolving links (so it names
 * the file as the walk does). */
static char *
absolute(const char *cwd, const char *path)
{
	struct okr_buf in = OKR_BUF_INIT, out = OKR_BUF_INIT;
	char *save = NULL, *part;

	if (path[0] == '/')
		okr_buf_puts(&in, path);
	else
		okr_buf_printf(&in, "%s/%s", cwd, path);
	for (part = strtok_r(in.ptr, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			char *slash = out.len ? strrchr(out.ptr, '/') : NULL;

			if (slash)
				out.len = (size_t)(slash - out.ptr);
			if (out.ptr)
				out.ptr[out.len] = '\0';
			continue;
		}
		okr_buf_printf(&out, "/%s", part);
	}
	if (!out.len)
		okr_buf_puts(&out, "/");
	okr_buf_free(&in);
	return okr_buf_detach(&out);
}

/* Keep only the diagnostics of the files named (display paths). */
static void
filter(struct okr_diags *d, char **specs, int n)
{
	size_t i, kept = 0;
	int j;

	d->nerrors = d->nwarnings = 0;
	for (i = 0; i < d->n; i++) {
		struct okr_diag *g = &d->v[i];
		bool keep = false;

		for (j = 0; j < n && !keep; j++)
			keep = strcmp(g->file, specs[j]) == 0;
		if (!keep) {
			free(g->file);
			free(g->msg);
			continue;
		}
		if (g->sev == OKR_SEV_ERROR)
			d->nerrors++;
		else
			d->nwarnings++;
		d->v[kept++] = *g;
	}
	d->n = kept;
}

/*
 * A named path must be a file, in the working tree or with --rev in the
 * commit's tree (rel is its path below the OKR root, "" or starting with
 * '/'): a folder, a FIFO, a socket or a device is no OKR file, and passing
 * it silently would let a typo check nothing (SPEC 5). Prints the error.
 */
static int
spec_check(struct okr_ctx *ctx, struct okr_git *g, git_tree *gtree,
	   const char *spec, const char *rel)
{
	git_tree_entry *e = NULL;
	struct stat st;
	bool dir;
	char *path;

	if (!gtree) {
		if (lstat(spec, &st) < 0) {
			okr_error("pathspec '%s' did not match any file: %s", spec,
				  strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
			okr_error("'%s' is not a regular file", spec);
			return -1;
		}
		dir = S_ISDIR(st.st_mode);
	} else if (!*rel) {
		dir = true;
	} else {
		path = okr_xprintf("%s%s", okr_git_workdir_prefix(g), rel + 1);
		if (git_tree_entry_bypath(&e, gtree, path) < 0) {
			okr_error("pathspec '%s' did not match any file in '%s'", spec,
				  okr_opt_str(ctx, "rev"));
			free(path);
			return -1;
		}
		dir = git_tree_entry_type(e) == GIT_OBJECT_TREE;
		git_tree_entry_free(e);
		free(path);
	}
	if (dir) {
		okr_error("'%s' is a folder: name its files, or run 'okr check' "
			  "without paths to check the whole repository", spec);
		return -1;
	}
	return 0;
}

/*
 * okr_workdir_lastseen for --rev: the last check-ins of key results
 * without `updated` come from rev's history. Without one (no commit as old
 * as as_of, a period not begun) *seen stays empty: `updated` alone counts.
 */
static void
rev_lastseen(struct okr_lastseen *seen, struct okr_snapshot **snap, struct okr_git *g,
	     const char *rev, const struct okr_tree *tree, okr_date as_of)
{
	struct okr_period period;

	memset(seen, 0, sizeof(*seen));
	*snap = NULL;
	okr_period_of(&period, as_of, tree->config->fiscal_year_start);
	if (as_of < period.start ||
	    okr_snapshot_open(snap, okr_git_repo(g), okr_git_workdir_prefix(g), rev) < 0 ||
	    okr_snapshot_read(*snap, &period, as_of) < 0) {
		okr_error_clear();
		return;
	}
	okr_lastseen_build(seen, (*snap)->history, as_of);
}

/* A git tree's diagnostics name files below the OKR root; name them as the
 * working tree's do, relative to the working folder (prefix). */
static void
display_paths(struct okr_diags *d, const char *prefix)
{
	size_t i;

	if (!*prefix)
		return;
	for (i = 0; i < d->n; i++) {
		char *disp = okr_path_display(prefix, d->v[i].file);

		free(d->v[i].file);
		d->v[i].file = disp;
	}
}

static int
cmd_check(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *gha = getenv("GITHUB_ACTIONS");
	enum okr_format fmt = gha && strcmp(gha, "true") == 0 ? OKR_FORMAT_GITHUB
							       : OKR_FORMAT_TEXT;
	const char *format = okr_opt_str(ctx, "format");
	struct okr_diags diags = { 0 };
	struct okr_tree *tree = NULL;
	struct okr_buf out = OKR_BUF_INIT;
	struct okr_lastseen seen = { 0 };
	struct okr_snapshot *snap = NULL;
	struct okr_git *g = NULL;
	char **specs = NULL;
	bool strict = okr_opt_isset(ctx, "strict");
	okr_date as_of = okr_opt_date(ctx, "as-of");
	const char *rev = okr_opt_str(ctx, "rev");
	git_tree *gtree = NULL;
	int i, nspecs = 0, rc = OKR_EXIT_USAGE;
	size_t rootlen = strlen(ctx->root);

	/* the table's choices are diag.c's formats */
	if (format && okr_format_parse(&fmt, format) < 0)
		return okr_error("unknown format '%s'", format);

	/* --rev: the files of that commit's tree, no work tree needed */
	if (rev && (okr_git_open(&g, ctx->root) < 0 ||
		    okr_rev_tree(&gtree, okr_git_repo(g), rev) < 0)) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}

	/* Pathspecs become display paths, as the diagnostics name files. */
	specs = okr_xcalloc((size_t)argc + 1, sizeof(*specs));
	for (i = 0; i < argc; i++) {
		char *abs = absolute(ctx->cwd, argv[i]);

		if (strncmp(abs, ctx->root, rootlen) != 0 ||
		    (abs[rootlen] != '/' && abs[rootlen] != '\0')) {
			rc = okr_error("'%s' is outside the okr repository at '%s'",
				       argv[i], ctx->root);
			free(abs);
			goto done;
		}
		if (spec_check(ctx, g, gtree, argv[i], abs + rootlen) < 0) {
			free(abs);
			goto done;
		}
		specs[nspecs++] = okr_path_display(ctx->prefix, abs + rootlen + 1);
		free(abs);
	}

	if (gtree) {
		if (okr_tree_load_git(&tree, okr_git_repo(g), gtree,
				      okr_git_workdir_prefix(g), NULL, &diags) < 0) {
			rc = okr_error("%s", okr_error_last());
			goto done;
		}
	} else if (okr_tree_load_workdir_compact(&tree, ctx->root, ctx->prefix,
						 &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	/* key results without `updated`: their last check-in from history
	 * (with --rev, from that commit's history) */
	if (gtree)
		rev_lastseen(&seen, &snap, g, rev, tree, as_of);
	else
		okr_workdir_lastseen(&seen, &snap, &g, ctx->root, tree, as_of);
	okr_tree_validate_seen(tree, as_of, &seen, &diags);
	if (gtree)
		display_paths(&diags, ctx->prefix);
	if (nspecs)
		filter(&diags, specs, nspecs);
	okr_diags_sort(&diags);
	okr_diags_render(&out, &diags, fmt, ctx->color_out && fmt == OKR_FORMAT_TEXT);
	if (out.len)
		fwrite(out.ptr, 1, out.len, stdout);
	rc = diags.nerrors || (strict && diags.nwarnings) ? OKR_EXIT_NO : OKR_EXIT_OK;
done:
	for (i = 0; i < nspecs; i++)
		free(specs[i]);
	free(specs);
	okr_buf_free(&out);
	okr_diags_free(&diags);
	okr_lastseen_free(&seen);
	okr_snapshot_free(snap);
	okr_git_free(g);
	okr_tree_free(tree);
	git_tree_free(gtree);
	return rc;
}

static const struct okr_opt operands[] = {
	{ .long_name = "path", .kind = OKR_ARG_FILE,
	  .help = "check only these files",
	  .flags = OKR_OPT_OPTIONAL | OKR_OPT_MULTI },
	{ 0 },
};

static const char *const formats[] = { "text", "json", "github", "gitlab", NULL };

static const struct okr_opt options[] = {
	OKR_OPT(0, "format", OKR_ARG_CHOICE, NULL,
	  "compiler-style text, JSON, GitHub or GitLab annotations", .choices = formats),
	OKR_OPT(0, "strict", OKR_ARG_NONE, NULL, "warnings fail too (exit 1)"),
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "judge staleness and due dates at that day"),
	OKR_OPT(0, "rev", OKR_ARG_REV, "<rev>",
	  "check the files of this commit, not the working tree"),
	{ 0 },
};

const struct okr_cmd okr_cmd_check = {
	.name = "check",
	.summary = "validate the OKR files, like a compiler",
	.operands = operands,
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO | OKR_CMD_BARE_REV,
	.exec = cmd_check,
};
