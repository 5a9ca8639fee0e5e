/*
 * test_draft.c: a new objective before it is a file: --kr specs, ids from
 * titles, "<period>/<id>", the YAML okr new writes (and that it loads back
 * as what was asked), the editor round trip, and the check against the
 * objectives already in the period.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draft.h"
#include "error.h"

#define D(y, m, d) okr_date_from_ymd(y, m, d)

START_TEST(spec_metric_binary_and_bad)
{
	struct okr_kr_spec k;

	ck_assert_int_eq(okr_kr_spec_parse(&k, "Latency: p95: 800 -> 200 ms"), 0);
	ck_assert_str_eq(k.title, "Latency: p95");
	ck_assert_str_eq(k.start, "800");
	ck_assert_str_eq(k.target, "200");
	ck_assert_str_eq(k.unit, "ms");
	okr_kr_spec_free(&k);

	ck_assert_int_eq(okr_kr_spec_parse(&k, "Temperature: -5 -> 10 °C  "), 0);
	ck_assert_str_eq(k.start, "-5");
	ck_assert_str_eq(k.unit, "°C");
	okr_kr_spec_free(&k);

	ck_assert_int_eq(okr_kr_spec_parse(&k, "Churn: 2.5 -> 1.25"), 0);
	ck_assert_ptr_null(k.unit);
	okr_kr_spec_free(&k);

	ck_assert_int_eq(okr_kr_spec_parse(&k, "Not a range: abc"), 0);
	ck_assert_str_eq(k.title, "Not a range: abc");
	ck_assert_ptr_null(k.start);
	okr_kr_spec_free(&k);

	ck_assert_int_lt(okr_kr_spec_parse(&k, "Flat: a -> b"), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "must be numbers"));
	okr_kr_spec_free(&k);
}
END_TEST

START_TEST(ids_from_titles)
{
	struct okr_kr_spec k[] = {
		{ .title = "Cut p95 latency (API)" },
		{ .title = "Reduce the number of customer support tickets per week" },
		{ .title = "Ship it" },
		{ .title = "Ship it" },
		{ .title = "Ship it!" },
		{ .title = "Kundetilfredshet på 90 %" },
		{ .title = "🚀" },
		{ .title = "exactly thirty two characters ok" },
	};
	size_t i, n = sizeof(k) / sizeof(k[0]);

	okr_draft_assign_ids(k, n);
	ck_assert_str_eq(k[0].id, "cut-p95-latency-api");
	ck_assert(!k[0].id_adjusted);
	ck_assert_str_eq(k[1].id, "reduce-the-number-of-customer-su");
	ck_assert(k[1].id_adjusted);
	ck_assert_str_eq(k[2].id, "ship-it");
	ck_assert(!k[2].id_adjusted);
	ck_assert_str_eq(k[3].id, "ship-it-2");
	ck_assert(k[3].id_adjusted);
	ck_assert_str_eq(k[4].id, "ship-it-3");
	ck_assert_str_eq(k[5].id, "kundetilfredshet-p-90");
	ck_assert_str_eq(k[6].id, "kr");
	ck_assert(k[6].id_adjusted);
	ck_assert_str_eq(k[7].id, "exactly-thirty-two-characters-ok");
	ck_assert_uint_eq(strlen(k[7].id), 32);
	ck_assert(!k[7].id_adjusted);
	for (i = 0; i < n; i++)
		free(k[i].id);
}
END_TEST

START_TEST(targets)
{
	struct okr_period p;
	const char *id;

	ck_assert_int_eq(okr_draft_target_parse(&p, &id, "2026-Q4/platform/x_y-2", 1), 0);
	ck_assert_str_eq(p.name, "2026-Q4");
	ck_assert_str_eq(id, "platform/x_y-2");
	ck_assert_int_eq(p.start, D(2026, 10, 1));
	ck_assert_int_eq(okr_draft_target_parse(&p, &id, "2026-Q1/x", 7), 0);
	ck_assert_int_eq(p.start, D(2026, 7, 1));
	ck_assert_int_lt(okr_draft_target_parse(&p, &id, "2026-Q5/x", 1), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "is not <period>/<id>"));
	ck_assert_int_lt(okr_draft_target_parse(&p, &id, "2026-Q4", 1), 0);
	ck_assert_int_lt(okr_draft_target_parse(&p, &id, "2026-Q4/", 1), 0);
	ck_assert_int_lt(okr_draft_target_parse(&p, &id, "2026-Q4/a/../b", 1), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "may hold only"));
	ck_assert_int_lt(okr_draft_target_parse(&p, &id, "2026-Q4/Platform", 1), 0);
	ck_assert_int_lt(okr_draft_target_parse(&p, &id, "2026-Q4/a//b", 1), 0);
	ck_assert_int_lt(okr_draft_target_parse(&p, &id, "2026-Q4/a/", 1), 0);
}
END_TEST

static struct okr_config *
config(void)
{
	static const char yaml[] = "organisation: Example AS\n";
	struct okr_diags d = { 0 };
	struct okr_config *c = NULL;

	ck_assert_int_eq(okr_config_load(&c, "okr.yaml", yaml, strlen(yaml), &d), 0);
	okr_diags_free(&d);
	return c;
}

/* What okr new writes loads back as what was asked, text with quotes,
 * colons and UTF-8 included. */
START_TEST(render_reads_back)
{
	struct okr_kr_spec k[2] = { { 0 } };
	struct okr_draft d = {
		.objective = "Make it: fast", .level = "team",
		.owner = "Marte Kjærnes <marte@example.com>", .parent = "company/grow",
		.krs = k, .nkrs = 2, .dated = true, .date = D(2026, 11, 2),
	};
	struct okr_buf b = OKR_BUF_INIT;
	struct okr_diags diags = { 0 };
	struct okr_config *cfg = config();
	struct okr_objective *obj = NULL;

	ck_assert_int_eq(okr_kr_spec_parse(&k[0], "p95: 800 -> 200 ms"), 0);
	ck_assert_int_eq(okr_kr_spec_parse(&k[1], "yes"), 0);
	okr_draft_assign_ids(k, 2);
	okr_draft_render(&b, &d);
	ck_assert_ptr_nonnull(strstr(b.ptr, "    updated: 2026-11-02\n"));
	ck_assert_int_eq(okr_objective_load(&obj, cfg, "2026-Q4/t/x.yaml", "x.yaml",
					    b.ptr, b.len, &diags), 0);
	ck_assert_msg(diags.nerrors == 0, "%s", diags.n ? diags.v[0].msg : "");
	ck_assert_str_eq(obj->title, "Make it: fast");
	ck_assert_str_eq(obj->owner, "Marte Kjærnes <marte@example.com>");
	ck_assert_uint_eq(obj->nkrs, 2);
	ck_assert_str_eq(obj->krs[0].id, "p95");
	ck_assert_int_eq(obj->krs[0].kind, OKR_KR_METRIC);
	ck_assert_str_eq(obj->krs[1].title, "yes");	/* text, not a boolean */
	ck_assert_int_eq(obj->krs[1].kind, OKR_KR_BINARY);
	ck_assert(obj->krs[1].has_updated);
	okr_objective_free(obj);

	/* a period that has not begun: no updated */
	okr_buf_clear(&b);
	d.dated = false;
	okr_draft_render(&b, &d);
	ck_assert_ptr_null(strstr(b.ptr, "updated"));
	okr_buf_free(&b);
	okr_diags_free(&diags);
	okr_config_free(cfg);
	okr_kr_spec_free(&k[0]);
	okr_kr_spec_free(&k[1]);
}
END_TEST

static struct okr_objective *
objective(const struct okr_config *cfg, const char *rel, const char *yaml)
{
	struct okr_diags d = { 0 };
	struct okr_objective *obj = NULL;

	ck_assert_int_eq(okr_objective_load(&obj, cfg, rel, rel, yaml, strlen(yaml), &d), 0);
	okr_diags_free(&d);
	return obj;
}

static const char company[] =
	"objective: Grow\nlevel: company\nowner: T\nkey_results:\n"
	"  - id: a\n    title: A\n    done: false\n";

START_TEST(insert_keeps_order_and_check_judges_the_new_file)
{
	struct okr_tree *tree = okr_xcalloc(1, sizeof(*tree));
	struct okr_diags errors = { 0 };
	const char *good = "objective: X\nlevel: team\nowner: T\nparent: company/grow\n"
			   "key_results:\n  - id: a\n    title: A\n    done: false\n";
	const char *orphan = "objective: X\nlevel: team\nowner: T\nparent: company/gone\n"
			     "key_results:\n  - id: a\n    title: A\n    done: false\n";

	tree->config = config();
	okr_tree_insert(tree, objective(tree->config, "2026-Q4/z.yaml", company));
	okr_tree_insert(tree, objective(tree->config, "2026-Q4/company/grow.yaml", company));
	okr_tree_insert(tree, objective(tree->config, "2026-Q3/z.yaml", company));
	ck_assert_uint_eq(tree->nobjs, 3);
	ck_assert_str_eq(tree->objs[0]->path, "2026-Q3/z.yaml");
	ck_assert_str_eq(tree->objs[1]->path, "2026-Q4/company/grow.yaml");
	ck_assert_str_eq(tree->objs[2]->path, "2026-Q4/z.yaml");

	ck_assert_int_eq(okr_draft_check(&errors, tree, "2026-Q4/platform/x.yaml", "x.yaml",
					 good, strlen(good), D(2026, 11, 2)), 0);
	ck_assert_uint_eq(tree->nobjs, 4);
	ck_assert_str_eq(tree->objs[2]->path, "2026-Q4/platform/x.yaml");
	ck_assert_int_lt(okr_draft_check(&errors, tree, "2026-Q4/platform/y.yaml", "y.yaml",
					 orphan, strlen(orphan), D(2026, 11, 2)), 0);
	ck_assert_uint_eq(errors.nerrors, 1);
	ck_assert_str_eq(errors.v[0].file, "y.yaml");
	ck_assert_ptr_nonnull(strstr(errors.v[0].msg, "company/gone"));
	okr_diags_free(&errors);
	okr_tree_free(tree);
}
END_TEST

/* An editor that appends a line, and one that empties the file. */
START_TEST(editor_round_trip)
{
	struct okr_buf out = OKR_BUF_INIT;
	char path[] = "/tmp/okr-test-draft-XXXXXX.yaml";
	char empty[] = "/tmp/okr-test-draft-XXXXXX.yaml";
	char failed[] = "/tmp/okr-test-draft-XXXXXX.yaml";
	char script[] = "/tmp/okr-test-editor-XXXXXX", editor[64];
	int fd = mkstemp(script);
	FILE *f = fdopen(fd, "w");

	/* the editor runs as "$EDITOR <file>": an editor with an argument */
	ck_assert_ptr_nonnull(f);
	fputs("printf 'b: 2\\n\\n#x\\nc: 3' >>\"$1\"\n", f);
	fclose(f);
	snprintf(editor, sizeof(editor), "sh %s", script);
	ck_assert_int_eq(okr_draft_edit(&out, path, editor, "# help\na: 1\n"), 0);
	ck_assert_str_eq(out.ptr, "a: 1\nb: 2\n\nc: 3\n");
	unlink(path);
	unlink(script);
	okr_buf_clear(&out);
	ck_assert_int_eq(okr_draft_edit(&out, empty, "truncate -s0", "a: 1\n"), 1);
	unlink(empty);
	okr_buf_clear(&out);
	ck_assert_int_lt(okr_draft_edit(&out, failed, "false", "a: 1\n"), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "the editor 'false' failed"));
	unlink(failed);
	okr_buf_free(&out);
}
END_TEST

START_TEST(editor_from_the_environment)
{
	unsetenv("GIT_EDITOR");
	unsetenv("VISUAL");
	setenv("EDITOR", "ed", 1);
	ck_assert_str_eq(okr_editor(), "ed");
	setenv("VISUAL", "vis", 1);
	ck_assert_str_eq(okr_editor(), "vis");
	setenv("GIT_EDITOR", "", 1);	/* empty: not set */
	ck_assert_str_eq(okr_editor(), "vis");
	setenv("GIT_EDITOR", "git-ed", 1);
	ck_assert_str_eq(okr_editor(), "git-ed");
	unsetenv("GIT_EDITOR");
	unsetenv("VISUAL");
	unsetenv("EDITOR");
	ck_assert_ptr_null(okr_editor());
}
END_TEST

static Suite *
draft_suite(void)
{
	Suite *s = suite_create("draft");
	TCase *tc = tcase_create("draft");

	tcase_add_test(tc, spec_metric_binary_and_bad);
	tcase_add_test(tc, ids_from_titles);
	tcase_add_test(tc, targets);
	tcase_add_test(tc, render_reads_back);
	tcase_add_test(tc, insert_keeps_order_and_check_judges_the_new_file);
	tcase_add_test(tc, editor_round_trip);
	tcase_add_test(tc, editor_from_the_environment);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(draft_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
