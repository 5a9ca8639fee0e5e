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
#include "safetext.h"
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
	const char *status;	/* "on-track", "dropped", "achieved", ... */
	const char *team;	/* "" when none */
};

struct filter {
	const char *owner;
	int level;		/* -1: any */
	const char *status;	/* NULL: any */
};

/* The columns, in order (SPEC section 5); the CSV header names them. */
enum { F_REF, F_TITLE, F_OWNER, F_KIND, F_PROGRESS, F_STATUS, F_CURRENT, F_TARGET,
       F_UPDATED, F_TEAM, NFIELDS };
static const char *const field_names[NFIELDS] = {
	"ref", "title", "owner", "kind", "progress", "status", "current", "target",
	"updated", "team",
};

/* A row's fields as text; they point into row, cur, tgt and the buffers. */
static void
row_fields(const char *f[NFIELDS], const struct row *r, struct okr_value *cur,
	   struct okr_value *tgt, char upd[16], char pct[OKR_NUM_SIZE])
{
	const struct okr_kr *kr = r->kr;

	okr_kr_current(cur, kr);
	okr_kr_target(tgt, kr);
	f[F_REF] = r->ref;
	f[F_TITLE] = kr->title ? kr->title : "";
	f[F_OWNER] = kr->owner ? kr->owner : "";
	f[F_KIND] = okr_kr_kind_name(kr->kind);
	f[F_PROGRESS] = okr_num_fixed(pct, OKR_NUM_SIZE, r->progress, 2);
	f[F_STATUS] = r->status;
	f[F_CURRENT] = cur->text;
	f[F_TARGET] = tgt->text;
	f[F_UPDATED] = kr->has_updated ? okr_date_format(upd, kr->updated) : "";
	f[F_TEAM] = r->team;
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled; records end with CRLF. A field keeps its line breaks and
 * tabs (quoted, they are data); other controls and bidi overrides are
 * replaced (safetext.h), and so is CR, which would pass for a record end. */
static void
put_csv_field(struct okr_buf *out, const char *s)
{
	char *safe = okr_safetext_dup(s, OKR_SAFETEXT_LINES), *p;

	if (!strpbrk(safe, ",\"\n")) {
		okr_buf_puts(out, safe);
		free(safe);
		return;
	}
	okr_buf_putc(out, '"');
	for (p = safe; *p; p++) {
		if (*p == '"')
			okr_buf_putc(out, '"');
		okr_buf_putc(out, *p);
	}
	okr_buf_putc(out, '"');
	free(safe);
}

static void
render_csv(struct okr_buf *out, const struct row *rows, size_t n)
{
	struct okr_value cur, tgt;
	char upd[16], pct[OKR_NUM_SIZE];
	const char *f[NFIELDS];
	size_t i, j;

	for (j = 0; j < NFIELDS; j++)
		okr_buf_printf(out, "%s%s", j ? "," : "", field_names[j]);
	okr_buf_puts(out, "\r\n");
	for (i = 0; i < n; i++) {
		row_fields(f, &rows[i], &cur, &tgt, upd, pct);
		for (j = 0; j < NFIELDS; j++) {
			if (j)
				okr_buf_putc(out, ',');
			put_csv_field(out, f[j]);
		}
		okr_buf_puts(out, "\r\n");
	}
}

static int
row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->ref, ((const struct row *)b)->ref);
}

/* A field of a record: tabs and line breaks would split it (they become
 * spaces), and escapes and bidi overrides would reach the terminal. */
static void
put_field(struct okr_buf *out, const char *s)
{
	okr_safetext_puts(out, s, 0);
}

static void
render_tsv(struct okr_buf *out, const struct row *rows, size_t n)
{
	struct okr_value cur, tgt;
	char upd[16], pct[OKR_NUM_SIZE];
	const char *f[NFIELDS];
	size_t i, j;

	for (i = 0; i < n; i++) {
		row_fields(f, &rows[i], &cur, &tgt, upd, pct);
		for (j = 0; j < NFIELDS; j++) {
			if (j)
				okr_buf_putc(out, '\t');
			put_field(out, f[j]);
		}
		okr_buf_putc(out, '\n');
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
		json_object_set_new(o, "status", json_string(rows[i].status));
		json_object_set_new(o, "current", json_value(&cur));
		json_object_set_new(o, "target", json_value(&tgt));
		json_object_set_new(o, "updated", kr->has_updated ?
				    json_string(okr_date_format(upd, kr->updated)) :
				    json_null());
		json_object_set_new(o, "team", json_text(rows[i].team));
		json_array_append_new(arr, o);
	}
	s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(arr);
	if (!s)
		return -1;
	/* see safetext.h: values stay exact, the bytes safe */
	okr_safetext_puts(out, s, OKR_SAFETEXT_JSON);
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

/* What list says of a key result's standing at as_of: dropped, its grade
 * in a closed period, else its pace status (SPEC section 5). */
static const char *
status_word(const struct okr_config *cfg, const struct okr_objective *obj,
	    const struct okr_kr *kr, double progress, double expected, okr_date as_of)
{
	if (okr_kr_dropped(obj, kr, as_of))
		return "dropped";
	if (okr_config_closed(cfg, obj->period, NULL))
		return okr_grade_name(okr_grade_of(kr->has_score ? kr->score : progress,
						   obj->committed, cfg));
	return okr_status_slug(okr_status_of(progress, expected, obj->committed, cfg));
}

/* The rows of period that pass f, sorted by reference. */
static struct row *
collect_rows(size_t *nrows, const struct okr_tree *tree, const struct okr_period *per,
	     const struct filter *f, okr_date as_of)
{
	double expected = okr_period_elapsed(per, as_of);
	struct okr_buf ref = OKR_BUF_INIT;
	struct row *rows = NULL;
	size_t i, k, n = 0, cap = 0;

	for (i = 0; i < tree->nobjs; i++) {
		const struct okr_objective *obj = tree->objs[i];

		if (strcmp(obj->period, per->name) != 0)
			continue;
		if (f->level >= 0 && (int)obj->level != f->level)
			continue;
		for (k = 0; k < obj->nkrs; k++) {
			const struct okr_kr *kr = &obj->krs[k];
			struct row r;

			if (!kr->id || kr->kind == OKR_KR_NONE)
				continue;
			/* as status: a lead or member matches the team's */
			if (f->owner && !okr_owner_matches(tree->config, kr->owner,
							   f->owner, true))
				continue;
			r.obj = obj;
			r.kr = kr;
			r.progress = okr_kr_progress(kr);
			/* a closed period's figure is the final score, as in
			 * the final report (SPEC section 8) */
			if (kr->has_score && okr_config_closed(tree->config, obj->period, NULL))
				r.progress = kr->score;
			r.status = status_word(tree->config, obj, kr, r.progress, expected,
					       as_of);
			if (f->status && strcmp(r.status, f->status) != 0)
				continue;
			r.team = okr_owner_team(tree->config, obj->owner);
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
	okr_buf_free(&ref);
	*nrows = n;
	return rows;
}

static int
cmd_list(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *level = okr_opt_str(ctx, "level"), *status = okr_opt_str(ctx, "status");
	const char *format = okr_opt_str(ctx, "format");
	struct filter f = { okr_opt_str(ctx, "owner"), level ? parse_level(level) : -1,
			    status };
	const char *period_arg = okr_opt_str(ctx, "period");
	struct okr_view view;
	const struct okr_tree *tree;
	struct okr_buf out = OKR_BUF_INIT;
	struct okr_period per;
	struct row *rows = NULL;
	size_t i, n = 0;
	bool json = format && strcmp(format, "json") == 0;
	okr_date as_of = okr_opt_date(ctx, "as-of");
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
	rows = collect_rows(&n, tree, &per, &f, as_of);

	if (json) {
		if (render_json(&out, rows, n) < 0) {
			rc = okr_error("cannot write JSON: out of memory");
			goto done;
		}
	} else if (format && strcmp(format, "csv") == 0) {
		render_csv(&out, rows, n);
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
	okr_buf_free(&out);
	okr_view_close(&view);
	return rc;
}

static const char *const levels[] = { "company", "team", "individual", NULL };
static const char *const statuses[] = { "done", "on-track", "at-risk", "off-track",
					 "dropped", "achieved", "partial", "missed", NULL };
static const char *const formats[] = { "tsv", "csv", "json", NULL };

static const struct okr_opt options[] = {
	OKR_OPT(0, "period", OKR_ARG_PERIOD, "<period>", "the period (default: the current one)"),
	OKR_OPT(0, "owner", OKR_ARG_OWNER, "<owner>", "key results of this person or team"),
	OKR_OPT(0, "level", OKR_ARG_CHOICE, "<level>", "objectives of this level", .choices = levels),
	OKR_OPT(0, "status", OKR_ARG_CHOICE, "<status>", "key results with this status", .choices = statuses),
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "pace and period as of that day"),
	OKR_OPT(0, "format", OKR_ARG_CHOICE, NULL, "tab-separated (default), CSV with a header, or JSON", .choices = formats),
	{ 0 },
};

const struct okr_cmd okr_cmd_list = {
	.name = "list",
	.summary = "list key results, one line each, for scripts",
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_list,
};
