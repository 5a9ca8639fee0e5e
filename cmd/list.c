/*
 * list.c: okr list, every key result of a period as one tab-separated line
 * (or a JSON array) for shell pipelines: no header, no colour, the same
 * progress and pace the other views compute.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "diag.h"
#include "error.h"
#include "model.h"
#include "ref.h"
#include "render.h"
#include "score.h"
#include "tree.h"
#include "snapshot.h"

struct row {
	char *ref;
	const struct okr_objective *obj;
	const struct okr_kr *kr;
	double progress;
	enum okr_status status;
};

struct filter {
	const char *owner;
	int level;		/* -1: any */
	int status;		/* -1: any */
};

static int
row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->ref, ((const struct row *)b)->ref);
}

/* A field of a record: tabs and line breaks would split it, and escapes
 * reach the terminal, so every control character becomes a space. */
static void
put_field(struct okr_buf *out, const char *s)
{
	okr_buf_put_line_text(out, s);
}

static void
render_tsv(struct okr_buf *out, const struct row *rows, size_t n)
{
	struct okr_value cur, tgt;
	char upd[16], pct[OKR_NUM_SIZE];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct okr_kr *kr = rows[i].kr;

		okr_kr_current(&cur, kr);
		okr_kr_target(&tgt, kr);
		put_field(out, rows[i].ref);
		okr_buf_putc(out, '\t');
		put_field(out, kr->title);
		okr_buf_putc(out, '\t');
		put_field(out, kr->owner);
		okr_buf_printf(out, "\t%s\t%s\t%s\t", okr_kr_kind_name(kr->kind),
			       okr_num_fixed(pct, sizeof(pct), rows[i].progress, 2),
			       okr_status_slug(rows[i].status));
		put_field(out, cur.text);
		okr_buf_putc(out, '\t');
		put_field(out, tgt.text);
		okr_buf_printf(out, "\t%s\n", kr->has_updated ?
			       okr_date_format(upd, kr->updated) : "");
	}
}

static json_t *
json_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* Whole numbers as JSON integers (450, not 450.0), the rest as reals. */
static json_t *
json_value(const struct okr_value *v)
{
	if (!v->is_number)
		return json_text(v->text);
	if (v->number == floor(v->number) && fabs(v->number) < 1e15)
		return json_integer((json_int_t)v->number);
	return json_real(v->number);
}

static int
render_json(struct okr_buf *out, const struct row *rows, size_t n)
{
	json_t *arr = json_array();
	struct okr_value cur, tgt;
	char upd[16], *s;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct okr_kr *kr = rows[i].kr;
		json_t *o = json_object();

		okr_kr_current(&cur, kr);
		okr_kr_target(&tgt, kr);
		json_object_set_new(o, "ref", json_string(rows[i].ref));
		json_object_set_new(o, "title", json_text(kr->title));
		json_object_set_new(o, "owner", json_text(kr->owner));
		json_object_set_new(o, "kind", json_string(okr_kr_kind_name(kr->kind)));
		/* the two decimals the text shows, not 0.58333... */
		json_object_set_new(o, "progress",
				    json_real(okr_num_round(rows[i].progress, 2)));
		json_object_set_new(o, "status",
				    json_string(okr_status_slug(rows[i].status)));
		json_object_set_new(o, "current", json_value(&cur));
		json_object_set_new(o, "target", json_value(&tgt));
		json_object_set_new(o, "updated", kr->has_updated ?
				    json_string(okr_date_format(upd, kr->updated)) :
				    json_null());
		json_array_append_new(arr, o);
	}
	s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(arr);
	if (!s)
		return -1;
	okr_buf_puts(out, s);
	okr_buf_putc(out, '\n');
	free(s);
	return 0;
}

static int
parse_level(const char *s)
{
	static const enum okr_level levels[] = {
		OKR_LEVEL_COMPANY, OKR_LEVEL_TEAM, OKR_LEVEL_INDIVIDUAL,
	};
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcmp(s, okr_level_name(levels[i])) == 0)
			return (int)levels[i];
	return -1;
}

static int
parse_status(const char *s)
{
	static const enum okr_status all[] = {
		OKR_STATUS_DONE, OKR_STATUS_ON_TRACK, OKR_STATUS_AT_RISK,
		OKR_STATUS_OFF_TRACK,
	};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(s, okr_status_slug(all[i])) == 0)
			return (int)all[i];
	return -1;
}

static int
cmd_list(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *level = okr_opt_str(ctx, "level"), *status = okr_opt_str(ctx, "status");
	const char *format = okr_opt_str(ctx, "format");
	struct filter f = { okr_opt_str(ctx, "owner"), level ? parse_level(level) : -1,
			    status ? parse_status(status) : -1 };
	const char *period_arg = okr_opt_str(ctx, "period");
	struct okr_view view;
	const struct okr_tree *tree;
	struct okr_buf out = OKR_BUF_INIT, ref = OKR_BUF_INIT;
	struct okr_period per;
	struct row *rows = NULL;
	size_t i, k, n = 0, cap = 0;
	bool json = format && strcmp(format, "json") == 0;
	okr_date as_of = okr_opt_date(ctx, "as-of");
	double expected;
	int rc = OKR_EXIT_USAGE;

	/* with --as-of, committed history by the as-of rule (SPEC section 8) */
	if (okr_view_open(&view, ctx->root, ctx->prefix,
			  okr_opt_isset(ctx, "as-of") ? OKR_VIEW_HISTORY : 0, as_of) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	if (period_arg) {
		if (okr_period_parse(&per, period_arg, view.config->fiscal_year_start) < 0) {
			rc = okr_error("invalid period '%s' (expected YYYY-QN)", period_arg);
			goto done;
		}
	} else {
		okr_period_of(&per, as_of, view.config->fiscal_year_start);
	}
	if (okr_view_read(&view, &per) < 0) {
		rc = okr_error("%s", okr_error_last());
		goto done;
	}
	tree = view.tree;
	/* A list is read by scripts: say once that some files could not be
	 * trusted, and list what could be read. */
	if (view.nerrors)
		okr_warning("the repository has %zu error%s; see 'okr check'",
			    view.nerrors, view.nerrors == 1 ? "" : "s");
	expected = okr_period_elapsed(&per, as_of);

	for (i = 0; i < tree->nobjs; i++) {
		const struct okr_objective *obj = tree->objs[i];

		if (strcmp(obj->period, per.name) != 0)
			continue;
		if (f.level >= 0 && (int)obj->level != f.level)
			continue;
		for (k = 0; k < obj->nkrs; k++) {
			const struct okr_kr *kr = &obj->krs[k];
			struct row r;

			if (!kr->id || kr->kind == OKR_KR_NONE)
				continue;
			if (f.owner && !okr_owner_matches(tree->config, kr->owner,
							  f.owner, false))
				continue;
			r.obj = obj;
			r.kr = kr;
			r.progress = okr_kr_progress(kr);
			r.status = okr_status_of(r.progress, expected, obj->committed,
						 tree->config);
			if (f.status >= 0 && (int)r.status != f.status)
				continue;
			okr_buf_clear(&ref);
			r.ref = okr_xstrdup(okr_ref_format(&ref, obj, kr));
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				rows = okr_xrealloc(rows, cap * sizeof(*rows));
			}
			rows[n++] = r;
		}
	}
	if (n)
		qsort(rows, n, sizeof(*rows), row_cmp);

	if (json) {
		if (render_json(&out, rows, n) < 0) {
			rc = okr_error("cannot write JSON: out of memory");
			goto done;
		}
	} else {
		render_tsv(&out, rows, n);
	}
	if (out.len)
		fwrite(out.ptr, 1, out.len, stdout);
	rc = OKR_EXIT_OK;
done:
	for (i = 0; i < n; i++)
		free(rows[i].ref);
	free(rows);
	okr_buf_free(&ref);
	okr_buf_free(&out);
	okr_view_close(&view);
	return rc;
}

static const char *const levels[] = { "company", "team", "individual", NULL };
static const char *const statuses[] = { "done", "on-track", "at-risk", "off-track",
					 NULL };
static const char *const formats[] = { "tsv", "json", NULL };

static const struct okr_opt options[] = {
	OKR_OPT(0, "period", OKR_ARG_PERIOD, "<period>", "the period (default: the current one)"),
	OKR_OPT(0, "owner", OKR_ARG_OWNER, "<owner>", "key results of this person or team"),
	OKR_OPT(0, "level", OKR_ARG_CHOICE, "<level>", "objectives of this level", .choices = levels),
	OKR_OPT(0, "status", OKR_ARG_CHOICE, "<status>", "key results with this status", .choices = statuses),
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "pace and period as of that day"),
	OKR_OPT(0, "format", OKR_ARG_CHOICE, NULL, "tab-separated (default) or JSON", .choices = formats),
	{ 0 },
};

const struct okr_cmd okr_cmd_list = {
	.name = "list",
	.summary = "list key results, one line each, for scripts",
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_list,
};
