/*
 * test_number.c: the one number formatter and the one rounding rule (SPEC
 * section 4): half away from zero on the decimal value, whatever binary
 * floating point stores, and numbers written as people write them.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "number.h"

static const char *
fmt(double x)
{
	static char buf[OKR_NUM_SIZE];

	return okr_num_format(buf, sizeof(buf), x);
}

static const char *
fixed(double x, int decimals)
{
	static char buf[OKR_NUM_SIZE];

	return okr_num_fixed(buf, sizeof(buf), x, decimals);
}

START_TEST(format_as_written)
{
	ck_assert_str_eq(fmt(450), "450");
	ck_assert_str_eq(fmt(99.95), "99.95");
	ck_assert_str_eq(fmt(-3), "-3");
	ck_assert_str_eq(fmt(0.1), "0.1");
	ck_assert_str_eq(fmt(12.5), "12.5");
	ck_assert_str_eq(fmt(0.0), "0");
	ck_assert_str_eq(fmt(-0.0), "0");
	ck_assert_str_eq(fmt(1e6), "1000000");
	ck_assert_str_eq(fmt(-0.25), "-0.25");
}
END_TEST

START_TEST(format_never_exponent)
{
	/* %g wrote these as 1e-07 and 1e+20 */
	ck_assert_str_eq(fmt(1e-7), "0.0000001");
	ck_assert_str_eq(fmt(1e20), "100000000000000000000");
	ck_assert_str_eq(fmt(1.5e-5), "0.000015");
	ck_assert_str_eq(fmt(123456789012.5), "123456789012.5");
	ck_assert_ptr_null(strchr(fmt(1.7976931348623157e308), 'e'));
	ck_assert_str_eq(fmt(NAN), "nan");
	ck_assert_str_eq(fmt(-INFINITY), "-inf");
}
END_TEST

START_TEST(format_reads_back)
{
	static const double v[] = { 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 1e-300, 5e-324 * 1e10,
				    123.456, 9007199254740993.0, 0.30000000000000004 };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (fabs(v[i]) < 1e-300)
			continue;
		ck_assert_msg(strtod(fmt(v[i]), NULL) == v[i], "%.17g -> %s", v[i], fmt(v[i]));
	}
	ck_assert_str_eq(fmt(0.1 + 0.2), "0.30000000000000004");
}
END_TEST

START_TEST(round_half_away_on_decimal)
{
	/* SPEC section 4's examples; 0.15 is stored as 0.1499999... */
	ck_assert_str_eq(fixed(0.15, 1), "0.2");
	ck_assert_str_eq(fixed(15.0 / 100.0, 1), "0.2");
	ck_assert_str_eq(fixed(0.25, 1), "0.3");	/* not half to even */
	ck_assert_str_eq(fixed(0.05, 1), "0.1");
	ck_assert_str_eq(fixed(0.35, 1), "0.4");
	ck_assert_str_eq(fixed(0.45, 1), "0.5");
	ck_assert_str_eq(fixed(0.65, 1), "0.7");
	/* a mean that should be 0.65 */
	ck_assert_str_eq(fixed((0.6 + 0.7) / 2.0, 1), "0.7");
	ck_assert_str_eq(fixed(0.1 + 0.2 + 0.05, 1), "0.4");
	ck_assert_str_eq(fixed(0.149, 1), "0.1");
	ck_assert_str_eq(fixed(0.14999, 1), "0.1");
	ck_assert_str_eq(fixed(-0.15, 1), "-0.2");
	ck_assert_str_eq(fixed(-0.04, 1), "0.0");
	ck_assert_str_eq(fixed(0.0, 1), "0.0");
	ck_assert_str_eq(fixed(1.0, 1), "1.0");
	ck_assert_str_eq(fixed(0.96, 1), "1.0");
	ck_assert_str_eq(fixed(9.96, 1), "10.0");
	ck_assert_str_eq(fixed(0.004, 1), "0.0");
}
END_TEST

START_TEST(round_other_places)
{
	ck_assert_str_eq(fixed(0.125, 2), "0.13");
	ck_assert_str_eq(fixed(0.115, 2), "0.12");
	ck_assert_str_eq(fixed(0.15, 2), "0.15");
	ck_assert_str_eq(fixed(2.5, 0), "3");
	ck_assert_str_eq(fixed(-2.5, 0), "-3");
	ck_assert_str_eq(fixed(0.5, 0), "1");
	ck_assert_str_eq(fixed(0.49, 0), "0");
	ck_assert_str_eq(fixed(1234.5, 0), "1235");
	ck_assert_str_eq(fixed(7, 2), "7.00");
	ck_assert_int_eq(okr_percent(0.125), 13);
	ck_assert_int_eq(okr_percent(7.0 / 8.0), 88);
	ck_assert_int_eq(okr_percent(0.145), 15);
	ck_assert(okr_num_round(0.15, 1) == 0.2);
	ck_assert(okr_num_round(0.1234565, 6) == 0.123457);
}
END_TEST

/* SPEC section 8: the first meeting whose end is after now; with an
 * as-of date, the first on or after that day. Wednesdays 13:15, 45 min. */
START_TEST(meeting_rule)
{
	struct okr_config cfg = { .meeting_day = 2, .meeting_minute = 13 * 60 + 15,
				  .meeting_length = 45 };
	okr_date wed = okr_date_from_ymd(2026, 11, 25), tue = wed - 1;

	ck_assert_int_eq(okr_meeting_next(&cfg, tue, -1), wed);
	ck_assert_int_eq(okr_meeting_next(&cfg, wed, -1), wed);
	ck_assert_int_eq(okr_meeting_next(&cfg, wed + 1, -1), wed + 7);
	/* that morning, during and after the meeting */
	ck_assert_int_eq(okr_meeting_next(&cfg, wed, 9 * 60), wed);
	ck_assert_int_eq(okr_meeting_next(&cfg, wed, 13 * 60 + 59), wed);
	ck_assert_int_eq(okr_meeting_next(&cfg, wed, 14 * 60), wed + 7);
	ck_assert_int_eq(okr_meeting_next(&cfg, wed, 18 * 60 + 50), wed + 7);
	ck_assert_int_eq(okr_meeting_next(&cfg, tue, 23 * 60 + 59), wed);
}
END_TEST

static Suite *
number_suite(void)
{
	Suite *s = suite_create("number");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, format_as_written);
	tcase_add_test(tc, format_never_exponent);
	tcase_add_test(tc, format_reads_back);
	tcase_add_test(tc, round_half_away_on_decimal);
	tcase_add_test(tc, round_other_places);
	tcase_add_test(tc, meeting_rule);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(number_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
