/*
 * test_date.c: dates as users type them in okr.yaml and objective files,
 * fiscal quarters (including ones that span New Year), durations.
 * Expected values are worked out by hand in the comments.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

static okr_date ymd(int y, int m, int d)
{
	return okr_date_from_ymd(y, m, d);
}

static const char *fmt(okr_date date)
{
	static char buf[4][11];
	static int which;

	which = (which + 1) % 4;
	return okr_date_format(buf[which], date);
}

START_TEST(known_day_numbers)
{
	ck_assert_int_eq(ymd(1970, 1, 1), 0);
	ck_assert_int_eq(ymd(1969, 12, 31), -1);
	/* 2000-01-01: 30 years, 7 leap days (1972..1996) -> 10957. */
	ck_assert_int_eq(ymd(2000, 1, 1), 10957);
	/* + 31 (January) + 29 (leap February) */
	ck_assert_int_eq(ymd(2000, 3, 1), 11017);
	/* 56 years with 14 leap days (1972..2024), then 304 days of January
	 * to October and 25 more: 20440 + 14 + 329. */
	ck_assert_int_eq(ymd(2026, 11, 26), 20783);
	/* 70 years back with 17 leap days (1904..1968). */
	ck_assert_int_eq(ymd(1900, 1, 1), -25567);
}
END_TEST

/* Walk every day from 1600 to 2400 with a naive calendar kept by the test
 * and check the conversions and the text round trip agree with it. The
 * loop aborts on the first mismatch instead of asserting each step: every
 * Check assertion writes a mark to a file, which is slow under valgrind. */
START_TEST(round_trip_wide_range)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 1600, m = 1, d = 1;
	okr_date date = ymd(1600, 1, 1);

	while (y <= 2400) {
		int yy, mm, dd, len;
		okr_date back = -99999999;
		char text[11], want[40];
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		okr_date_to_ymd(date, &yy, &mm, &dd);
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
		okr_date_format(text, date);
		if (yy != y || mm != m || dd != d || ymd(y, m, d) != date ||
		    strcmp(text, want) || okr_date_parse(&back, text) ||
		    back != date)
			ck_abort_msg("day %d: %04d-%02d-%02d, '%s', parsed %d; "
				     "expected %s", date, yy, mm, dd, text,
				     back, want);

		date++;
		len = mdays[m - 1] + (m == 2 && leap);
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	ck_assert_int_eq(date, ymd(2401, 1, 1));
}
END_TEST

START_TEST(leap_days)
{
	okr_date date;

	ck_assert_int_eq(okr_date_parse(&date, "2024-02-29"), 0);
	ck_assert_str_eq(fmt(date), "2024-02-29");
	ck_assert_int_eq(okr_date_parse(&date, "2000-02-29"), 0);
	ck_assert_int_eq(date, 11016);
	ck_assert_int_eq(okr_date_parse(&date, "2023-02-29"), -1);
	ck_assert_int_eq(okr_date_parse(&date, "1900-02-29"), -1);
	ck_assert_int_eq(okr_date_parse(&date, "2100-02-29"), -1);
	ck_assert_int_eq(okr_date_parse(&date, "2024-02-30"), -1);
	ck_assert_str_eq(fmt(ymd(2024, 2, 28) + 1), "2024-02-29");
	ck_assert_str_eq(fmt(ymd(2023, 2, 28) + 1), "2023-03-01");
}
END_TEST

START_TEST(malformed_dates)
{
	static const char *bad[] = {
		"2026-1-01", "2026-13-01", "2026-11-31", "2026-11-30x", "",
		"2026-00-10", "2026-01-00", "2026-01-32", "26-01-01",
		"2026/01/01", " 2026-01-01", "2026-01-01 ", "+026-01-01",
		"2026-01-1", "20260101", "abcd-01-01", "2026-1a-01",
		"2026-01-01T00:00", "12026-01-01",
	};
	okr_date date = 12345;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(okr_date_parse(&date, bad[i]) == -1,
			      "'%s' was accepted", bad[i]);
		ck_assert_int_eq(date, 12345);
	}
	ck_assert_int_eq(okr_date_parse(&date, "2026-12-31"), 0);
	ck_assert_int_eq(date, ymd(2026, 12, 31));
	ck_assert_int_eq(okr_date_parse(&date, "1969-12-31"), 0);
	ck_assert_int_eq(date, -1);
}
END_TEST

START_TEST(weekdays)
{
	ck_assert_int_eq(okr_date_weekday(ymd(2026, 11, 26)), 3);	/* Thursday */
	ck_assert_int_eq(okr_date_weekday(ymd(2026, 11, 30)), 0);	/* Monday */
	ck_assert_int_eq(okr_date_weekday(ymd(2026, 11, 29)), 6);	/* Sunday */
	ck_assert_int_eq(okr_date_weekday(ymd(1970, 1, 1)), 3);	/* Thursday */
	ck_assert_int_eq(okr_date_weekday(ymd(2000, 1, 1)), 5);	/* Saturday */
	ck_assert_int_eq(okr_date_weekday(ymd(2024, 2, 29)), 3);	/* Thursday */
	/* Before the epoch: 1969-12-28 was a Sunday, 1900-01-01 a Monday. */
	ck_assert_int_eq(okr_date_weekday(ymd(1969, 12, 28)), 6);
	ck_assert_int_eq(okr_date_weekday(ymd(1969, 12, 29)), 0);
	ck_assert_int_eq(okr_date_weekday(ymd(1900, 1, 1)), 0);
}
END_TEST

START_TEST(today_is_local_date)
{
	char before[16], after[16], buf[11];
	time_t now;
	struct tm tm;
	const char *got;

	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(before, sizeof(before), "%Y-%m-%d", &tm);
	got = okr_date_format(buf, okr_date_today());
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(after, sizeof(after), "%Y-%m-%d", &tm);
	/* Midnight may pass between the calls. */
	ck_assert_msg(!strcmp(got, before) || !strcmp(got, after),
		      "today is %s, not %s", got, before);
}
END_TEST

static void check_period(const char *name, int fys, const char *start,
			 const char *end)
{
	struct okr_period p;

	ck_assert_msg(okr_period_parse(&p, name, fys) == 0, "%s rejected", name);
	ck_assert_str_eq(p.name, name);
	ck_assert_str_eq(fmt(p.start), start);
	ck_assert_str_eq(fmt(p.end), end);
}

START_TEST(periods_calendar_year)
{
	struct okr_period p;

	check_period("2026-Q1", 1, "2026-01-01", "2026-03-31");
	check_period("2026-Q2", 1, "2026-04-01", "2026-06-30");
	check_period("2026-Q3", 1, "2026-07-01", "2026-09-30");
	check_period("2026-Q4", 1, "2026-10-01", "2026-12-31");
	check_period("2024-Q1", 1, "2024-01-01", "2024-03-31");
	ck_assert_int_eq(okr_period_parse(&p, "2026-Q4", 1), 0);
	ck_assert_int_eq(p.year, 2026);
	ck_assert_int_eq(p.quarter, 4);
}
END_TEST

START_TEST(periods_fiscal_july)
{
	struct okr_period p;

	check_period("2026-Q1", 7, "2026-07-01", "2026-09-30");
	check_period("2026-Q2", 7, "2026-10-01", "2026-12-31");
	check_period("2026-Q3", 7, "2027-01-01", "2027-03-31");
	check_period("2026-Q4", 7, "2027-04-01", "2027-06-30");
	ck_assert_int_eq(okr_period_parse(&p, "2026-Q3", 7), 0);
	ck_assert_int_eq(p.year, 2026);
	ck_assert_int_eq(p.quarter, 3);
}
END_TEST

START_TEST(periods_fiscal_december)
{
	/* Q1 spans New Year and picks up the leap day of the next year. */
	check_period("2026-Q1", 12, "2026-12-01", "2027-02-28");
	check_period("2027-Q1", 12, "2027-12-01", "2028-02-29");
	check_period("2026-Q2", 12, "2027-03-01", "2027-05-31");
	check_period("2026-Q4", 12, "2027-09-01", "2027-11-30");
	/* November: Q1 is November to January. */
	check_period("2026-Q1", 11, "2026-11-01", "2027-01-31");
	check_period("2026-Q4", 11, "2027-08-01", "2027-10-31");
}
END_TEST

START_TEST(malformed_periods)
{
	static const char *bad[] = {
		"2026-Q0", "2026-Q5", "2026-q1", "26-Q1", "2026-Q1x", "2026Q1",
		"", "2026-Q", "2026-Q12", "2026-H1", " 2026-Q1", "2026-Q-1",
		"abcd-Q1",
	};
	struct okr_period p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(okr_period_parse(&p, bad[i], 1) == -1,
			      "'%s' was accepted", bad[i]);
}
END_TEST

static void check_period_of(okr_date date, int fys, const char *name)
{
	struct okr_period p;

	okr_period_of(&p, date, fys);
	ck_assert_msg(!strcmp(p.name, name), "%s with fys %d is in %s, not %s",
		      fmt(date), fys, p.name, name);
	ck_assert(p.start <= date && date <= p.end);
}

START_TEST(period_of_boundaries)
{
	check_period_of(ymd(2026, 1, 1), 1, "2026-Q1");
	check_period_of(ymd(2025, 12, 31), 1, "2025-Q4");
	check_period_of(ymd(2026, 3, 31), 1, "2026-Q1");
	check_period_of(ymd(2026, 4, 1), 1, "2026-Q2");
	check_period_of(ymd(2026, 11, 26), 1, "2026-Q4");

	check_period_of(ymd(2027, 2, 10), 7, "2026-Q3");
	check_period_of(ymd(2026, 7, 1), 7, "2026-Q1");
	check_period_of(ymd(2026, 6, 30), 7, "2025-Q4");
	check_period_of(ymd(2026, 12, 31), 7, "2026-Q2");
	check_period_of(ymd(2027, 1, 1), 7, "2026-Q3");
	check_period_of(ymd(2027, 3, 31), 7, "2026-Q3");
	check_period_of(ymd(2027, 4, 1), 7, "2026-Q4");

	check_period_of(ymd(2026, 12, 1), 12, "2026-Q1");
	check_period_of(ymd(2026, 11, 30), 12, "2025-Q4");
	check_period_of(ymd(2027, 1, 15), 12, "2026-Q1");
	check_period_of(ymd(2027, 2, 28), 12, "2026-Q1");
	check_period_of(ymd(2027, 3, 1), 12, "2026-Q2");
}
END_TEST

/* okr_period_of and okr_period_parse agree on every day of a few years,
 * and consecutive days never skip or repeat a quarter. */
START_TEST(period_of_matches_parse)
{
	for (int fys = 1; fys <= 12; fys++) {
		struct okr_period prev;

		okr_period_of(&prev, ymd(2022, 12, 31), fys);
		for (okr_date d = ymd(2023, 1, 1); d <= ymd(2029, 1, 1); d++) {
			struct okr_period of, parsed;

			okr_period_of(&of, d, fys);
			if (okr_period_parse(&parsed, of.name, fys) ||
			    parsed.start != of.start || parsed.end != of.end ||
			    d < of.start || d > of.end ||
			    (of.start == d) != (prev.end == d - 1) ||
			    (of.start != d && strcmp(of.name, prev.name)))
				ck_abort_msg("%s with fys %d: %s %s..%s",
					     fmt(d), fys, of.name,
					     fmt(of.start), fmt(of.end));
			prev = of;
		}
	}
}
END_TEST

START_TEST(elapsed)
{
	struct okr_period p;

	/* 2026-Q2: April 1 to June 30, 91 days, 90 steps from first to last. */
	ck_assert_int_eq(okr_period_parse(&p, "2026-Q2", 1), 0);
	ck_assert_double_eq(okr_period_elapsed(&p, ymd(2026, 4, 1)), 0.0);
	ck_assert_double_eq(okr_period_elapsed(&p, ymd(2026, 6, 30)), 1.0);
	/* April 1 + 45 days = May 16, half way. */
	ck_assert_double_eq_tol(okr_period_elapsed(&p, ymd(2026, 5, 16)), 0.5, 1e-12);
	ck_assert_double_eq_tol(okr_period_elapsed(&p, ymd(2026, 4, 10)), 9.0 / 90.0, 1e-12);
	ck_assert_double_eq(okr_period_elapsed(&p, ymd(2026, 3, 31)), 0.0);
	ck_assert_double_eq(okr_period_elapsed(&p, ymd(2025, 1, 1)), 0.0);
	ck_assert_double_eq(okr_period_elapsed(&p, ymd(2026, 7, 1)), 1.0);
	ck_assert_double_eq(okr_period_elapsed(&p, ymd(2030, 1, 1)), 1.0);
}
END_TEST

START_TEST(months)
{
	okr_date first = 1, last = 2;

	ck_assert_int_eq(okr_month_parse(&first, &last, "2024-02"), 0);
	ck_assert_str_eq(fmt(first), "2024-02-01");
	ck_assert_str_eq(fmt(last), "2024-02-29");
	ck_assert_int_eq(okr_month_parse(&first, &last, "2023-02"), 0);
	ck_assert_str_eq(fmt(last), "2023-02-28");
	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-12"), 0);
	ck_assert_str_eq(fmt(first), "2026-12-01");
	ck_assert_str_eq(fmt(last), "2026-12-31");
	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-04"), 0);
	ck_assert_str_eq(fmt(last), "2026-04-30");

	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-13"), -1);
	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-00"), -1);
	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-1"), -1);
	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-01-01"), -1);
	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-01x"), -1);
	ck_assert_int_eq(okr_month_parse(&first, &last, "2026-Q1"), -1);
	ck_assert_int_eq(okr_month_parse(&first, &last, ""), -1);
}
END_TEST

START_TEST(durations_good)
{
	int n = 0;

	ck_assert_int_eq(okr_days_parse(&n, "7d"), 0);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(okr_days_parse(&n, "1d"), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(okr_days_parse(&n, "2w"), 0);
	ck_assert_int_eq(n, 14);
	ck_assert_int_eq(okr_days_parse(&n, "14d"), 0);
	ck_assert_int_eq(n, 14);
	ck_assert_int_eq(okr_days_parse(&n, "2147483647d"), 0);
	ck_assert_int_eq(n, 2147483647);

	ck_assert_int_eq(okr_minutes_parse(&n, "30m"), 0);
	ck_assert_int_eq(n, 30);
	ck_assert_int_eq(okr_minutes_parse(&n, "1h"), 0);
	ck_assert_int_eq(n, 60);
	ck_assert_int_eq(okr_minutes_parse(&n, "90m"), 0);
	ck_assert_int_eq(n, 90);
	ck_assert_int_eq(okr_minutes_parse(&n, "2h"), 0);
	ck_assert_int_eq(n, 120);
}
END_TEST

START_TEST(durations_bad)
{
	static const char *bad_days[] = {
		"0d", "-1d", "7", "7x", "99999999999999999999d", "", "d", "w",
		" 7d", "7d ", "+7d", "7D", "7 d", "1.5d", "7h", "7m", "0w",
		"2147483648d", "306783379w", "7dd", "0x7d",
	};
	static const char *bad_minutes[] = {
		"0m", "-30m", "30", "30x", "99999999999999999999m", "", "m",
		"30M", "1H", "1d", "30 m", "1.5h", "35791395h", "2147483648m",
	};
	int n = 42;

	for (size_t i = 0; i < sizeof(bad_days) / sizeof(bad_days[0]); i++) {
		ck_assert_msg(okr_days_parse(&n, bad_days[i]) == -1,
			      "'%s' was accepted as days", bad_days[i]);
		ck_assert_int_eq(n, 42);
	}
	for (size_t i = 0; i < sizeof(bad_minutes) / sizeof(bad_minutes[0]); i++) {
		ck_assert_msg(okr_minutes_parse(&n, bad_minutes[i]) == -1,
			      "'%s' was accepted as minutes", bad_minutes[i]);
		ck_assert_int_eq(n, 42);
	}
}
END_TEST

static Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("date");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, known_day_numbers);
	tcase_add_test(tc, round_trip_wide_range);
	tcase_add_test(tc, leap_days);
	tcase_add_test(tc, malformed_dates);
	tcase_add_test(tc, weekdays);
	tcase_add_test(tc, today_is_local_date);
	tcase_add_test(tc, periods_calendar_year);
	tcase_add_test(tc, periods_fiscal_july);
	tcase_add_test(tc, periods_fiscal_december);
	tcase_add_test(tc, malformed_periods);
	tcase_add_test(tc, period_of_boundaries);
	tcase_add_test(tc, period_of_matches_parse);
	tcase_add_test(tc, elapsed);
	tcase_add_test(tc, months);
	tcase_add_test(tc, durations_good);
	tcase_add_test(tc, durations_bad);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(date_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
