/*
 * new.c: okr new, a new objective file from flags or from a template in
 * the user's editor (as git commit does), validated against the whole
 * repository before it is written and committed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin.h"
#include "cmd.h"
#include "edit.h"
#include "fsutil.h"
#include "git.h"
#include "model.h"
#include "tree.h"
#include "validate.h"

struct kr_spec {
	char *title;
	char *start, *target, *unit;	/* NULL for a binary key result */
};

/* "TITLE: START -> TARGET [UNIT]"; the last ": " splits, and a tail that is
 * not a range leaves the whole text as the title of a binary result. */
static int
parse_kr(struct kr_spec *out, const char *s)
{
	const char *sep = NULL, *p;
	char a[64], b[64], unit[128];
	double x;
	int n = 0;

	memset(out, 0, sizeof(*out));
	for (p = strstr(s, ": "); p; p = strstr(p + 1, ": "))
		sep = p;
	unit[0] = '\0';
	if (sep && (sscanf(sep + 2, " %63s -> %63s %n", a, b, &n) >= 2) &&
	    okr_number_parse(&x, a) == 0 && okr_number_parse(&x, b) == 0) {
		const char *rest = sep + 2 + n;

		while (*rest == ' ')
			rest++;
		snprintf(unit, sizeof(unit), "%s", rest);
		while (*unit && unit[strlen(unit) - 1] == ' ')
			unit[strlen(unit) - 1] = '\0';
		out->title = okr_xstrndup(s, (size_t)(sep - s));
		out->start = okr_xstrdup(a);
		out->target = okr_xstrdup(b);
		out->unit = *unit ? okr_xstrdup(unit) : NULL;
		return 0;
	}
	out->title = okr_xstrdup(s);
	/* "T: abc -> def" meant a range: say so rather than make it binary */
	if (sep && strstr(sep + 2, "->")) {
		okr_error("--kr '%s': START and TARGET must be numbers "
			  "(\"TITLE: START -> TARGET [UNIT]\")", s);
		return -1;
	}
	return 0;
}

/* Key result ids from titles: lowercase ASCII letters and digits, other
 * runs become '-', at most 32 characters, -2, -3 for repeats. */
static char *
make_id(const char *title, char **taken, size_t ntaken)
{
	char base[33], cand[40];
	size_t n = 0, i;
	int k;
	bool dash = false;

	for (; *title && n < 32; title++) {
		unsigned char ch = (unsigned char)*title;

		if (isascii(ch) && isalnum(ch)) {
			if (dash && n)
				base[n++] = '-';
			if (n < 32)
				base[n++] = (char)tolower(ch);
			dash = false;
		} else {
			dash = true;
		}
	}
	while (n && base[n - 1] == '-')
		n--;
	base[n] = '\0';
	if (!n)
		strcpy(base, "kr");
	snprintf(cand, sizeof(cand), "%s", base);
	for (k = 2;; k++) {
		for (i = 0; i < ntaken; i++)
			if (strcmp(taken[i], cand) == 0)
				break;
		if (i == ntaken)
			return okr_xstrdup(cand);
		snprintf(cand, sizeof(cand), "%s-%d", base, k);
	}
}

static bool
valid_id(const char *id)
{
	const char *p = id;

	if (!*id || *id == '/' || strstr(id, "//") || id[strlen(id) - 1] == '/')
		return false;
	for (; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		      strchr("-_/", *p)))
			return false;
	return true;
}

static void
put_field(struct okr_buf *b, const char *indent, const char *key, const char *val)
{
	okr_buf_printf(b, "%s%s: ", indent, key);
	okr_yaml_put_text(b, val);
	okr_buf_putc(b, '\n');
}

/* Key results start checked in today: creating one with its start value
 * is its first check-in, so it is not stale before anyone could update it. */
static void
render(struct okr_buf *b, const char *objective, const char *level,
       const char *owner, const char *parent, struct kr_spec *krs, size_t n)
{
	char **ids = okr_xcalloc(n + 1, sizeof(*ids));
	char today[16];
	size_t i;

	okr_date_format(today, okr_date_today());

	put_field(b, "", "objective", objective);
	put_field(b, "", "level", level);
	put_field(b, "", "owner", owner);
	if (parent)
		put_field(b, "", "parent", parent);
	okr_buf_puts(b, "key_results:\n");
	for (i = 0; i < n; i++) {
		ids[i] = make_id(krs[i].title, ids, i);
		put_field(b, "  - ", "id", ids[i]);
		put_field(b, "    ", "title", krs[i].title);
		if (krs[i].start) {
			okr_buf_printf(b, "    start: %s\n    target: %s\n    current: %s\n",
				       krs[i].start, krs[i].target, krs[i].start);
			if (krs[i].unit)
				put_field(b, "    ", "unit", krs[i].unit);
		} else {
			okr_buf_puts(b, "    done: false\n");
		}
		okr_buf_printf(b, "    updated: %s\n", today);
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static const char *
editor(void)
{
	const char *vars[] = { "GIT_EDITOR", "VISUAL", "EDITOR" };
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *e = getenv(vars[i]);

		if (e && *e)
			return e;
	}
	return NULL;
}

/* Let the user write the file in $EDITOR; lines starting with '#' are
 * help and go away, as in git commit. Returns 0 and the text, 1 when the
 * result is empty, -1 on failure. */
static int
edit_template(struct okr_buf *out, char *path, const char *ed, const char *template)
{
	char *data = NULL, *line, *next;
	size_t len;
	pid_t pid;
	int fd, status, rc = -1;

	fd = mkstemps(path, 5);
	if (fd < 0) {
		okr_error("cannot create a temporary file: %s", strerror(errno));
		return -1;
	}
	if (write(fd, template, strlen(template)) != (ssize_t)strlen(template)) {
		okr_error("cannot write '%s': %s", path, strerror(errno));
		close(fd);
		goto done;
	}
	close(fd);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$@\"", ed, path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		okr_error("the editor '%s' failed; nothing was written", ed);
		goto done;
	}
	if (okr_file_read(&data, &len, path, 1u << 20) < 0) {
		okr_error("cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	/* drop the help lines; keep every other line, blank ones too (a
	 * block scalar's paragraphs) */
	for (line = data; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (line[0] != '#')
			okr_buf_put(out, line, (size_t)(next - line));
	}
	if (out->len && out->ptr[out->len - 1] != '\n')
		okr_buf_putc(out, '\n');
	rc = 1;
	for (len = 0; len < out->len; len++)
		if (!isspace((unsigned char)out->ptr[len]))
			rc = 0;
done:
	free(data);
	return rc;
}

/* Errors in the new file, judged with the rest of the repository. */
static int
validate(struct okr_tree *tree, const char *rel, const char *display,
	 const char *buf, size_t len)
{
	struct okr_diags d = { 0 };
	struct okr_objective *obj = NULL, **objs;
	struct okr_buf out = OKR_BUF_INIT;
	size_t i, j, nerr = 0;

	okr_objective_load(&obj, tree->config, rel, display, buf, len, &d);
	if (obj) {
		objs = okr_xmalloc((tree->nobjs + 1) * sizeof(*objs));
		for (i = j = 0; i < tree->nobjs; i++) {
			if (j == i && strcmp(tree->objs[i]->path, rel) > 0)
				objs[j++] = obj;
			objs[j++] = tree->objs[i];
		}
		if (j == i)
			objs[j++] = obj;
		free(tree->objs);
		tree->objs = objs;
		tree->nobjs = j;
		okr_tree_validate(tree, okr_date_today(), &d);
	}
	for (i = 0; i < d.n; i++) {
		if (d.v[i].sev != OKR_SEV_ERROR || strcmp(d.v[i].file, display) != 0)
			continue;
		okr_buf_printf(&out, "%s:%u:%u: error: %s\n", d.v[i].file, d.v[i].line,
			       d.v[i].col, d.v[i].msg);
		nerr++;
	}
	if (nerr)
		fputs(out.ptr, stderr);
	okr_buf_free(&out);
	okr_diags_free(&d);
	return nerr ? -1 : 0;
}

static int
mkdirs(const char *root, const char *rel)
{
	char *p = okr_xprintf("%s/%s", root, rel), *s;
	int rc = 0;

	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	free(p);
	return rc;
}

static int
cmd_new(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *objective = okr_opt_str(ctx, "objective");
	const char *level = okr_opt_str(ctx, "level");
	const char *owner = okr_opt_str(ctx, "owner");
	const char *parent = okr_opt_str(ctx, "parent");
	const char *message = okr_opt_str(ctx, "message");
	const char *const *kr_args;
	const char *ed;
	/* the editor's file; removed unless it holds text we could not use */
	char edited[] = "/tmp/okr-new-XXXXXX.yaml";
	bool keep_edited = false;
	struct kr_spec *krs;
	struct okr_buf text = OKR_BUF_INIT, tmpl = OKR_BUF_INIT;
	struct okr_diags diags = { 0 };
	struct okr_tree *tree = NULL;
	struct okr_git *g = NULL;
	struct okr_period per;
	char *rel = NULL, *display = NULL, *path = NULL, *msg = NULL, *target;
	size_t nkrs = 0, i;
	size_t nkr_args = okr_opt_list(&kr_args, ctx, "kr");
	int state, rc = OKR_EXIT_USAGE;
	git_oid oid;

	if (!level)
		level = "team";
	krs = okr_xcalloc(nkr_args + 1, sizeof(*krs));
	for (i = 0; i < nkr_args; i++)
		if (parse_kr(&krs[nkrs++], kr_args[i]) < 0)
			goto done;
	target = argv[0];
	if (strlen(target) < 9 || target[7] != '/' ||
	    okr_period_parse(&per, (char[8]){ target[0], target[1], target[2], target[3],
					      target[4], target[5], target[6], 0 }, 1) < 0) {
		rc = okr_error("'%s' is not <period>/<id> (e.g. 2026-Q4/platform/latency)",
			       target);
		goto done;
	}
	if (!valid_id(target + 8) || strstr(target, "..")) {
		rc = okr_error("objective id '%s' may hold only a-z, 0-9, '-', '_' and '/'",
			       target + 8);
		goto done;
	}
	rel = okr_xprintf("%s.yaml", target);
	display = okr_path_display(ctx->prefix, rel);
	path = okr_xprintf("%s/%s", ctx->root, rel);
	if (access(path, F_OK) == 0) {
		rc = okr_error("'%s' already exists; edit it, or okr update its key results",
			       display);
		goto done;
	}

	if (!objective) {
		ed = editor();
		if (!ed && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			ed = "vi";
		if (!ed) {
			rc = okr_error("--objective is required (or set EDITOR to write it in "
				       "an editor)");
			goto done;
		}
		okr_buf_printf(&tmpl, "# New objective %s. Lines starting with '#' are "
			       "ignored;\n# an empty file aborts. The format: okr help yaml.\n",
			       target);
		if (!nkrs) {
			okr_buf_puts(&tmpl, "# A key result is a metric (start, target, current), a\n"
				     "# threshold (at_least or at_most, current), binary (done)\n"
				     "# or a list of milestones.\n");
			render(&tmpl, "", level, owner ? owner : "", parent,
			       &(struct kr_spec){ .title = "First key result", .start = "0",
						  .target = "100" }, 1);
		} else {
			render(&tmpl, "", level, owner ? owner : "", parent, krs, nkrs);
		}
		rc = edit_template(&text, edited, ed, tmpl.ptr);
		if (rc != 0) {
			if (rc > 0)
				okr_error("aborting: the objective is empty; nothing was written");
			rc = OKR_EXIT_USAGE;
			goto done;
		}
		rc = OKR_EXIT_USAGE;
		keep_edited = true;	/* until it is committed */
	} else {
		if (!owner) {
			rc = okr_error("--owner is required (a team key or \"Name <email>\")");
			goto done;
		}
		if (!nkrs) {
			rc = okr_error("at least one --kr is required (\"TITLE: START -> "
				       "TARGET [UNIT]\" or \"TITLE\")");
			goto done;
		}
		render(&text, objective, level, owner, parent, krs, nkrs);
	}

	if (okr_git_open(&g, ctx->root) < 0 || okr_git_check_state(g) < 0 ||
	    okr_git_lock(g) < 0) {
		rc = okr_error("%s", okr_git_last_error());
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
	if (validate(tree, rel, display, text.ptr, text.len) < 0) {
		rc = okr_error("'%s' would not be valid; nothing was written", display);
		goto done;
	}
	if (mkdirs(ctx->root, rel) < 0 ||
	    okr_file_write_atomic(path, text.ptr, text.len) < 0) {
		rc = okr_error("cannot write '%s': %s", display, strerror(errno));
		goto done;
	}
	msg = okr_xprintf("okr: new %s\n\n%s%sOkr-Ref: %s\n", target,
			  message ? message : "", message ? "\n\n" : "", target);
	if (okr_git_commit_file(&oid, g, rel, text.ptr, text.len, msg) < 0) {
		char *why = okr_xstrdup(okr_git_last_error());

		unlink(path);
		rc = okr_error("%s", why);
		free(why);
		goto done;
	}
	printf("created %s\n", display);
	rc = OKR_EXIT_OK;
	keep_edited = false;
done:
	if (!strstr(edited, "XXXXXX")) {	/* the editor ran */
		if (keep_edited)
			fprintf(stderr, "okr: your objective is kept in '%s'\n", edited);
		else
			unlink(edited);
	}
	for (i = 0; i < nkrs; i++) {
		free(krs[i].title);
		free(krs[i].start);
		free(krs[i].target);
		free(krs[i].unit);
	}
	free(krs);
	okr_buf_free(&text);
	okr_buf_free(&tmpl);
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
