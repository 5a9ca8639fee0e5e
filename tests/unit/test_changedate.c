/*
 * test_changedate.c: the date of a change (SPEC section 8): a check-in is
 * refused after today, outside its period and before the last one; a new
 * objective gets updated only in a period that has begun.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "changedate.h"
#include "error.h"

#define D(y, m, d) okr_date_from_ymd(y, m, d)

static const char yaml[] =
	"objective: Alpha\nlevel: company\nowner: T\nkey_results:\n"
	"  - id: a\n    title: A\n    start: 0\n    target: 100\n    current: 70\n"
	"    unit: ms\n    updated: 2026-09-07\n"
	"  - id: b\n    title: B\n    done: false\n";

static struct okr_config *cfg;
static struct okr_objective *obj;

static void
setup(void)
{
	static const char conf[] = "organisation: X\n";
	struct okr_diags d = { 0 };

	ck_assert_int_eq(okr_config_load(&cfg, "okr.yaml", conf, strlen(conf), &d), 0);
	ck_assert_int_eq(okr_objective_load(&obj, cfg, "2026-Q3/o/alpha.yaml", "alpha.yaml",
					    yaml, strlen(yaml), &d), 0);
	ck_assert_uint_eq(d.nerrors, 0);
	okr_diags_free(&d);
}

static void
teardown(void)
{
	okr_objective_free(obj);
	okr_config_free(cfg);
}

START_TEST(checkin_dates)
{
	const struct okr_kr *a = &obj->krs[0], *b = &obj->krs[1];
	okr_date today = D(2026, 11, 30);

	ck_assert_int_eq(okr_checkin_date_check(cfg, obj, a, D(2026, 9, 7), today), 0);
	ck_assert_int_eq(okr_checkin_date_check(cfg, obj, a, D(2026, 9, 30), today), 0);
	/* never rewinds: the message names the later check-in and its value */
	ck_assert_int_lt(okr_checkin_date_check(cfg, obj, a, D(2026, 9, 6), today), 0);
	ck_assert_str_eq(okr_error_last(),
			 "the date 2026-09-06 is before the last check-in of "
			 "'2026-Q3/o/alpha#a' on 2026-09-07 (70 ms): a check-in never "
			 "rewinds a newer one; nothing was changed");
	/* no updated yet: any day of the period */
	ck_assert_int_eq(okr_checkin_date_check(cfg, obj, b, D(2026, 7, 1), today), 0);
	ck_assert_int_eq(okr_checkin_date_check(cfg, obj, NULL, D(2026, 7, 1), today), 0);
	ck_assert_int_lt(okr_checkin_date_check(cfg, obj, b, D(2026, 10, 1), today), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(),
				     "outside 2026-Q3 (2026-07-01 to 2026-09-30)"));
	ck_assert_int_lt(okr_checkin_date_check(cfg, obj, b, D(2026, 6, 30), today), 0);
	ck_assert_int_lt(okr_checkin_date_check(cfg, obj, b, D(2026, 9, 8),
						D(2026, 9, 7)), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "is after today (2026-09-07)"));
}
END_TEST

START_TEST(new_objective_dates)
{
	struct okr_period p;
	bool dated = true;

	okr_period_parse(&p, "2026-Q4", 1);
	ck_assert_int_eq(okr_new_date_check(&dated, &p, D(2026, 11, 20), D(2026, 11, 30)), 0);
	ck_assert(dated);
	/* not begun: no updated */
	ck_assert_int_eq(okr_new_date_check(&dated, &p, D(2026, 9, 20), D(2026, 11, 30)), 0);
	ck_assert(!dated);
	/* ended before the date */
	ck_assert_int_lt(okr_new_date_check(&dated, &p, D(2027, 1, 2), D(2027, 1, 5)), 0);
	ck_assert_str_eq(okr_error_last(), "2026-Q4 ended on 2026-12-31, before the date "
			 "2027-01-02; nothing was written");
	ck_assert_int_lt(okr_new_date_check(&dated, &p, D(2026, 12, 1), D(2026, 11, 30)), 0);
	ck_assert_ptr_nonnull(strstr(okr_error_last(), "after today"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("changedate");
	TCase *tc = tcase_create("changedate");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, checkin_dates);
	tcase_add_test(tc, new_objective_dates);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
