/*
 * fuzz_objective.c: libFuzzer target for what `okr check` does with one
 * untrusted file: load it as an objective and as okr.yaml, validate it in a
 * one-objective tree, score it and render the diagnostics in every format.
 * Build and run: see README.md; the corpus also runs as `meson test`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "model.h"
#include "score.h"
#include "tree.h"
#include "validate.h"

#define REL "2026-Q4/team/x.yaml"

static void check_objective(const struct okr_objective *o)
{
	double score = okr_objective_score(o);
	size_t i;

	CHECK(strcmp(o->period, "2026-Q4") == 0 && strcmp(o->id, "team/x") == 0);
	CHECK(score >= 0.0 && score <= 1.0);
	for (i = 0; i < o->nkrs; i++) {
		double p = okr_kr_progress(&o->krs[i]);

		CHECK(p >= 0.0 && p <= 1.0);
		CHECK(o->krs[i].node != NULL);
	}
}

/* A file that loaded without a single error is a complete objective. */
static void check_clean(const struct okr_objective *o)
{
	size_t i;

	CHECK(o->title && o->owner && o->nkrs > 0);
	for (i = 0; i < o->nkrs; i++) {
		CHECK(o->krs[i].kind != OKR_KR_NONE);
		CHECK(o->krs[i].id && o->krs[i].title && o->krs[i].owner);
		CHECK(o->krs[i].weight > 0.0);
	}
}

static void validate_one(struct okr_config *cfg, struct okr_objective *o,
			 struct okr_diags *d)
{
	struct okr_objective *objs[1] = { o };
	struct okr_tree t = { NULL, cfg, objs, 1 };

	/* mid-period, so stale, overdue and due checks all run */
	okr_tree_validate(&t, okr_date_from_ymd(2026, 11, 15), d);
	okr_tree_validate(&t, okr_date_from_ymd(2026, 10, 1), d);
}

static void check_render(const struct okr_diags *d)
{
	static const enum okr_format fmts[] = {
		OKR_FORMAT_TEXT, OKR_FORMAT_JSON, OKR_FORMAT_GITHUB, OKR_FORMAT_GITLAB,
	};
	size_t i;

	for (i = 0; i < d->n; i++) {
		CHECK(d->v[i].file && d->v[i].msg && d->v[i].rule);
		CHECK(d->v[i].line >= 1 && d->v[i].col >= 1);
	}
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct okr_buf out = OKR_BUF_INIT;

		okr_diags_render(&out, d, fmts[i], 0);
		if (fmts[i] == OKR_FORMAT_JSON || fmts[i] == OKR_FORMAT_GITLAB) {
			json_error_t err;
			json_t *j = json_loadb(out.ptr ? out.ptr : "", out.len, 0, &err);

			/* whatever the file held, the report is valid JSON */
			if (!j)
				fprintf(stderr, "not JSON: %s\n%s\n", err.text, out.ptr);
			CHECK(j != NULL);
			json_decref(j);
		}
		okr_buf_free(&out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct okr_config *cfg = okr_config_default(), *loaded = NULL;
	struct okr_objective *o = NULL, *o2 = NULL;
	struct okr_diags d = { 0 };
	size_t before;

	/* a file refused outright must say why */
	if (okr_objective_load(&o, cfg, REL, REL, buf, size, &d) < 0) {
		CHECK(o == NULL && d.nerrors > 0);
	} else {
		CHECK(o != NULL);
		check_objective(o);
		if (d.nerrors == 0)
			check_clean(o);
		validate_one(cfg, o, &d);
	}

	before = d.nerrors;
	if (okr_config_load(&loaded, "okr.yaml", buf, size, &d) < 0) {
		CHECK(loaded == NULL && d.nerrors > before);
	} else {
		CHECK(loaded != NULL);
		CHECK(loaded->fiscal_year_start >= 1 && loaded->fiscal_year_start <= 12);
		CHECK(loaded->checkin_days > 0 && loaded->meeting_length > 0);
		CHECK(loaded->meeting_day >= 0 && loaded->meeting_day <= 6);
		CHECK(loaded->meeting_minute >= 0 && loaded->meeting_minute < 24 * 60);
		/* the same bytes as an objective under these settings: owner
		 * checks against whatever teams the file declared */
		if (okr_objective_load(&o2, loaded, REL, REL, buf, size, &d) == 0) {
			check_objective(o2);
			validate_one(loaded, o2, &d);
		}
	}
	okr_diags_sort(&d);
	check_render(&d);

	okr_objective_free(o);
	okr_objective_free(o2);
	okr_config_free(loaded);
	okr_config_free(cfg);
	okr_diags_free(&d);
	return 0;
}
