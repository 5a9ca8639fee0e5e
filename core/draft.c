/*
 * draft.c: a new objective before it is a file: key-result specs and the
 * ids made from their titles, the YAML okr new writes, the editor round
 * trip (as git commit's), and the check of the new file against its period.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin.h"
#include "draft.h"
#include "edit.h"
#include "error.h"
#include "fsutil.h"
#include "validate.h"

int
okr_kr_spec_parse(struct okr_kr_spec *out, const char *s)
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
		size_t ulen;

		while (*rest == ' ')
			rest++;
		snprintf(unit, sizeof(unit), "%s", rest);
		ulen = strlen(unit);
		while (ulen && unit[ulen - 1] == ' ')
			unit[--ulen] = '\0';
		out->title = okr_xstrndup(s, (size_t)(sep - s));
		out->start = okr_xstrdup(a);
		out->target = okr_xstrdup(b);
		out->unit = ulen ? okr_xstrdup(unit) : NULL;
		return 0;
	}
	/* "T: abc -> def" meant a range: say so rather than make it binary */
	if (sep && strstr(sep + 2, "->"))
		return okr_error_set("--kr '%s': START and TARGET must be numbers "
				     "(\"TITLE: START -> TARGET [UNIT]\")", s);
	out->title = okr_xstrdup(s);
	return 0;
}

void
okr_kr_spec_free(struct okr_kr_spec *spec)
{
	if (!spec)
		return;
	free(spec->title);
	free(spec->start);
	free(spec->target);
	free(spec->unit);
	free(spec->id);
	memset(spec, 0, sizeof(*spec));
}

/* The id a title gives before repeats are numbered; *cut when the title
 * had more to say than 32 characters hold, or nothing an id can hold. */
static void
id_base(char base[33], const char *title, bool *cut)
{
	size_t n = 0;
	bool dash = false;

	*cut = false;
	for (; *title; title++) {
		unsigned char ch = (unsigned char)*title;

		if (!(isascii(ch) && isalnum(ch))) {
			dash = true;
			continue;
		}
		if (n + (dash && n) >= 32) {
			*cut = true;
			break;
		}
		if (dash && n)
			base[n++] = '-';
		base[n++] = (char)tolower(ch);
		dash = false;
	}
	base[n] = '\0';
	if (!n) {
		strcpy(base, "kr");
		*cut = true;	/* nothing of the title is in it */
	}
}

void
okr_draft_assign_ids(struct okr_kr_spec *specs, size_t n)
{
	char base[33], cand[48];
	size_t i, j;
	int k;
	bool cut;

	for (i = 0; i < n; i++) {
		id_base(base, specs[i].title, &cut);
		snprintf(cand, sizeof(cand), "%s", base);
		for (k = 2;; k++) {
			for (j = 0; j < i; j++)
				if (strcmp(specs[j].id, cand) == 0)
					break;
			if (j == i)
				break;
			snprintf(cand, sizeof(cand), "%s-%d", base, k);
		}
		free(specs[i].id);
		specs[i].id = okr_xstrdup(cand);
		specs[i].id_adjusted = cut || k > 2;
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

int
okr_draft_target_parse(struct okr_period *period, const char **id, const char *target,
		       int fiscal_year_start)
{
	char name[8];

	if (strlen(target) < 9 || target[7] != '/')
		goto bad;
	memcpy(name, target, 7);
	name[7] = '\0';
	if (okr_period_parse(period, name, fiscal_year_start) < 0)
		goto bad;
	*id = target + 8;
	if (!valid_id(*id) || strstr(target, ".."))
		return okr_error_set("objective id '%s' may hold only a-z, 0-9, '-', '_' "
				     "and '/'", *id);
	return 0;
bad:
	return okr_error_set("'%s' is not <period>/<id> (e.g. 2026-Q4/platform/latency)",
			     target);
}

static void
put_field(struct okr_buf *b, const char *indent, const char *key, const char *val)
{
	okr_buf_printf(b, "%s%s: ", indent, key);
	okr_yaml_put_text(b, val);
	okr_buf_putc(b, '\n');
}

void
okr_draft_render(struct okr_buf *b, const struct okr_draft *d)
{
	char day[16];
	size_t i;

	put_field(b, "", "objective", d->objective);
	put_field(b, "", "level", d->level);
	put_field(b, "", "owner", d->owner);
	if (d->parent)
		put_field(b, "", "parent", d->parent);
	okr_buf_puts(b, "key_results:\n");
	for (i = 0; i < d->nkrs; i++) {
		const struct okr_kr_spec *kr = &d->krs[i];

		put_field(b, "  - ", "id", kr->id);
		put_field(b, "    ", "title", kr->title);
		if (kr->start) {
			okr_buf_printf(b, "    start: %s\n    target: %s\n    current: %s\n",
				       kr->start, kr->target, kr->start);
			if (kr->unit)
				put_field(b, "    ", "unit", kr->unit);
		} else {
			okr_buf_puts(b, "    done: false\n");
		}
		if (d->dated)
			okr_buf_printf(b, "    updated: %s\n", okr_date_format(day, d->date));
	}
}

const char *
okr_editor(void)
{
	static const char *const vars[] = { "GIT_EDITOR", "VISUAL", "EDITOR" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *e = getenv(vars[i]);

		if (e && *e)
			return e;
	}
	return NULL;
}

/* Run the editor on path through the shell, as git does ("$0 \"$@\"", so
 * EDITOR="code --wait" works); 0 when it exits 0. */
static int
run_editor(const char *editor, const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$@\"", editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return okr_error_set("the editor '%s' failed; nothing was written", editor);
	return 0;
}

int
okr_draft_edit(struct okr_buf *out, char *path, const char *editor, const char *template)
{
	char *data = NULL, *line, *next;
	size_t len = strlen(template), i;
	int fd, rc = -1;

	fd = mkstemps(path, 5);
	if (fd < 0)
		return okr_error_set("cannot create a temporary file: %s", strerror(errno));
	if (write(fd, template, len) != (ssize_t)len) {
		okr_error_set("cannot write '%s': %s", path, strerror(errno));
		close(fd);
		goto done;
	}
	close(fd);
	if (run_editor(editor, path) < 0)
		goto done;
	if (okr_file_read(&data, &len, path, 1u << 20) < 0) {
		okr_error_set("cannot read '%s': %s", path, strerror(errno));
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
	for (i = 0; i < out->len; i++)
		if (!isspace((unsigned char)out->ptr[i]))
			rc = 0;
done:
	free(data);
	return rc;
}

void
okr_tree_insert(struct okr_tree *tree, struct okr_objective *obj)
{
	struct okr_objective **objs;
	size_t i, j;

	objs = okr_xmalloc((tree->nobjs + 1) * sizeof(*objs));
	for (i = j = 0; i < tree->nobjs; i++) {
		if (j == i && okr_objective_cmp(&obj, &tree->objs[i]) < 0)
			objs[j++] = obj;
		objs[j++] = tree->objs[i];
	}
	if (j == i)
		objs[j++] = obj;
	free(tree->objs);
	tree->objs = objs;
	tree->nobjs = j;
}

int
okr_draft_check(struct okr_diags *errors, struct okr_tree *tree, const char *rel,
		const char *display, const char *buf, size_t len, okr_date as_of)
{
	struct okr_diags d = { 0 };
	struct okr_objective *obj = NULL;
	size_t i;

	okr_objective_load(&obj, tree->config, rel, display, buf, len, &d);
	if (obj) {
		okr_tree_insert(tree, obj);
		okr_tree_validate(tree, as_of, &d);
	}
	for (i = 0; i < d.n; i++) {
		const struct okr_diag *g = &d.v[i];

		if (g->sev == OKR_SEV_ERROR && strcmp(g->file, display) == 0)
			okr_diags_add(errors, g->file, g->line, g->col, g->sev, g->rule,
				      "%s", g->msg);
	}
	okr_diags_free(&d);
	return errors->nerrors ? -1 : 0;
}
