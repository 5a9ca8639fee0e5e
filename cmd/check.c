/*
 * check.c: okr check, the validator CI runs on every change to an OKR
 * repository. Loads the working tree, validates it, prints diagnostics in
 * the chosen format; exit 1 when it finds errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "diag.h"
#include "model.h"

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

/* Keep only the diagnostics of files named by pathspecs (display paths). */
static void
filter(struct okr_diags *d, char **specs, int n)
{
	size_t i, kept = 0;
	int j;

	d->nerrors = d->nwarnings = 0;
	for (i = 0; i < d->n; i++) {
		struct okr_diag *g = &d->v[i];
		bool keep = false;

		for (j = 0; j < n && !keep; j++) {
			size_t l = strlen(specs[j]);

			if (strcmp(specs[j], ".") == 0)
				keep = strncmp(g->file, "../", 3) != 0;
			else
				keep = l == 0 || (strncmp(g->file, specs[j], l) == 0 &&
						  (g->file[l] == '\0' || specs[j][l - 1] == '/'));
		}
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

static int
cmd_check(struct okr_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 's' },
		{ "as-of", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *gha = getenv("GITHUB_ACTIONS");
	enum okr_format fmt = gha && strcmp(gha, "true") == 0 ? OKR_FORMAT_GITHUB
							       : OKR_FORMAT_TEXT;
	const char *as_of_arg = NULL;
	struct okr_diags diags = { 0 };
	struct okr_tree *tree = NULL;
	struct okr_buf out = OKR_BUF_INIT;
	char **specs = NULL;
	bool strict = false;
	okr_date as_of;
	int c, i, nspecs = 0, rc = OKR_EXIT_USAGE;
	size_t rootlen = strlen(ctx->root);

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (okr_format_parse(&fmt, optarg) < 0) {
				okr_error("unknown format '%s' (text, json, github or gitlab)",
					  optarg);
				return okr_usage(ctx->cmd);
			}
			break;
		case 's':
			strict = true;
			break;
		case 'a':
			as_of_arg = optarg;
			break;
		default:
			return okr_usage(ctx->cmd);
		}
	}
	if (okr_parse_date_arg(&as_of, as_of_arg, "--as-of") < 0)
		return OKR_EXIT_USAGE;

	/* Pathspecs become display paths: a file's, or a folder's ending in '/'. */
	specs = okr_xcalloc((size_t)(argc - optind) + 1, sizeof(*specs));
	for (i = optind; i < argc; i++) {
		char *abs = absolute(ctx->cwd, argv[i]);
		struct stat st;

		if (lstat(argv[i], &st) < 0) {
			rc = okr_error("pathspec '%s' did not match any file: %s", argv[i],
				       strerror(errno));
			free(abs);
			goto done;
		}
		if (strncmp(abs, ctx->root, rootlen) != 0 ||
		    (abs[rootlen] != '/' && abs[rootlen] != '\0')) {
			rc = okr_error("'%s' is outside the okr repository at '%s'",
				       argv[i], ctx->root);
			free(abs);
			goto done;
		}
		if (!abs[rootlen]) {
			specs[nspecs++] = okr_xstrdup("");	/* the root: everything */
		} else {
			char *rel = okr_xprintf("%s%s", abs + rootlen + 1,
						S_ISDIR(st.st_mode) ? "/" : "");
			char *disp = okr_path_display(ctx->prefix, rel);

			/* a folder that holds the working folder: all but ../ */
			specs[nspecs++] = *disp ? disp : okr_xstrdup(".");
			if (!*disp)
				free(disp);
			free(rel);
		}
		free(abs);
	}

	if (okr_tree_load_workdir_compact(&tree, ctx->root, ctx->prefix, &diags) < 0) {
		rc = okr_error("cannot load '%s': %s", ctx->root, strerror(errno));
		goto done;
	}
	okr_tree_validate(tree, as_of, &diags);
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
	okr_tree_free(tree);
	return rc;
}

const struct okr_cmd okr_cmd_check = {
	.name = "check",
	.usage = "[<path>...] [--format text|json|github|gitlab] [--strict] [--as-of <date>]",
	.summary = "validate the OKR files, like a compiler",
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_check,
};
