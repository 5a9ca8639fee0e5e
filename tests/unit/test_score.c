/*
 * test_score.c: SPEC section 4, with the cases users of other OKR tools
 * report as bugs (decreasing targets, decimals, values past either end,
 * weights, committed objectives, pace on the first and last day).
 */
#include <check.h>

#include "score.h"

static const struct okr_config cfg = {
	.fiscal_year_start = 1,
	.checkin_days = 7,
	.on_track = 0.7,
	.at_risk = 0.4,
};

static struct okr_kr metric(double start, double target, double current)
{
	return (struct okr_kr){
		.kind = OKR_KR_METRIC, .start = start, .target = target,
		.current = current, .has_current = true, .weight = 1,
	};
}

static double metric_progress(double start, double target, double current)
{
	struct okr_kr kr = metric(start, target, current);

	return okr_kr_progress(&kr);
}

static double threshold(bool at_least, double bound, double current)
{
	struct okr_kr kr = {
		.kind = OKR_KR_THRESHOLD, .at_least = at_least, .bound = bound,
		.current = current, .has_current = true, .weight = 1,
	};

	return okr_kr_progress(&kr);
}

START_TEST(metric_increasing)
{
	ck_assert_double_eq_tol(metric_progress(0, 100, 40), 0.4, 1e-12);
	ck_assert_double_eq_tol(metric_progress(10, 20, 15), 0.5, 1e-12);
	ck_assert_double_eq(metric_progress(10, 20, 20), 1.0);
	/* -3 to 3: 0 is half way. */
	ck_assert_double_eq_tol(metric_progress(-3, 3, 0), 0.5, 1e-12);
}
END_TEST

START_TEST(metric_clamped)
{
	/* Below the start: 0, never negative. */
	ck_assert_double_eq(metric_progress(10, 20, 5), 0.0);
	ck_assert_double_eq(metric_progress(10, 20, -1000), 0.0);
	/* Beyond the target: 1, never more. */
	ck_assert_double_eq(metric_progress(10, 20, 25), 1.0);
	ck_assert_double_eq(metric_progress(0, 100, 1e9), 1.0);
	/* Decreasing target, past either end. */
	ck_assert_double_eq(metric_progress(800, 200, 150), 1.0);
	ck_assert_double_eq(metric_progress(800, 200, 900), 0.0);
}
END_TEST

START_TEST(metric_decreasing)
{
	/* 800 ms down to 200 ms, now 450: 350 of 600 done. */
	ck_assert_double_eq_tol(metric_progress(800, 200, 450), 350.0 / 600.0, 1e-12);
	ck_assert_double_eq_tol(metric_progress(800, 200, 450), 0.5833333333, 1e-9);
	ck_assert_double_eq_tol(metric_progress(800, 200, 500), 0.5, 1e-12);
	ck_assert_double_eq(metric_progress(800, 200, 200), 1.0);
}
END_TEST

START_TEST(metric_decimals)
{
	/* 0.5 to 2.5, now 1.0: 0.5 of 2.0. */
	ck_assert_double_eq_tol(metric_progress(0.5, 2.5, 1.0), 0.25, 1e-12);
	/* 99.5 % to 99.9 %, now 99.7 %. */
	ck_assert_double_eq_tol(metric_progress(99.5, 99.9, 99.7), 0.5, 1e-9);
}
END_TEST

START_TEST(metric_no_progress)
{
	struct okr_kr kr = metric(10, 20, 15);

	ck_assert_double_eq(metric_progress(10, 20, 10), 0.0);
	ck_assert_double_eq(metric_progress(800, 200, 800), 0.0);
	/* No current yet: nothing done. */
	kr.has_current = false;
	ck_assert_double_eq(okr_kr_progress(&kr), 0.0);
	/* Rejected by validation, but must not divide by zero. */
	ck_assert_double_eq(metric_progress(5, 5, 5), 0.0);
	ck_assert_double_eq(metric_progress(5, 5, 7), 0.0);
}
END_TEST

START_TEST(threshold_kr)
{
	struct okr_kr kr = {
		.kind = OKR_KR_THRESHOLD, .at_least = true, .bound = 99.9,
		.weight = 1,
	};

	/* at_least 99.9 (uptime). */
	ck_assert_double_eq(threshold(true, 99.9, 99.95), 1.0);
	ck_assert_double_eq(threshold(true, 99.9, 99.9), 1.0);
	ck_assert_double_eq(threshold(true, 99.9, 99.89), 0.0);
	/* at_most 200 (latency). */
	ck_assert_double_eq(threshold(false, 200, 150), 1.0);
	ck_assert_double_eq(threshold(false, 200, 200), 1.0);
	ck_assert_double_eq(threshold(false, 200, 200.5), 0.0);
	/* No current: the bound is not known to hold. */
	ck_assert_double_eq(okr_kr_progress(&kr), 0.0);
}
END_TEST

START_TEST(binary_kr)
{
	struct okr_kr kr = { .kind = OKR_KR_BINARY, .done = false, .weight = 1 };

	ck_assert_double_eq(okr_kr_progress(&kr), 0.0);
	kr.done = true;
	ck_assert_double_eq(okr_kr_progress(&kr), 1.0);
}
END_TEST

START_TEST(milestone_kr)
{
	struct okr_milestone ms[3] = {
		{ .title = "Design approved", .done = true },
		{ .title = "Half migrated", .done = false },
		{ .title = "All migrated", .done = true },
	};
	struct okr_kr kr = {
		.kind = OKR_KR_MILESTONE, .milestones = ms, .nmilestones = 2,
		.weight = 1,
	};

	ck_assert_double_eq_tol(okr_kr_progress(&kr), 0.5, 1e-12);
	kr.nmilestones = 3;
	ck_assert_double_eq_tol(okr_kr_progress(&kr), 2.0 / 3.0, 1e-12);
	ms[1].done = true;
	ck_assert_double_eq(okr_kr_progress(&kr), 1.0);
	ms[0].done = ms[1].done = ms[2].done = false;
	ck_assert_double_eq(okr_kr_progress(&kr), 0.0);
	kr.nmilestones = 0;
	ck_assert_double_eq(okr_kr_progress(&kr), 0.0);
}
END_TEST

START_TEST(invalid_kr)
{
	struct okr_kr kr = { .kind = OKR_KR_NONE, .current = 5,
			     .has_current = true, .done = true, .weight = 1 };

	ck_assert_double_eq(okr_kr_progress(&kr), 0.0);
}
END_TEST

static double score_of(struct okr_kr *krs, size_t n)
{
	struct okr_objective obj = { .title = "t", .krs = krs, .nkrs = n };

	return okr_objective_score(&obj);
}

START_TEST(objective_weights)
{
	struct okr_kr krs[3];

	/* 1.0 with weight 3 and 0.0 with weight 1: 3 / 4. */
	krs[0] = metric(0, 10, 10);
	krs[0].weight = 3;
	krs[1] = metric(0, 10, 0);
	ck_assert_double_eq_tol(score_of(krs, 2), 0.75, 1e-12);

	/* Equal weights: the plain mean, 0.5 and 1.0 -> 0.75. */
	krs[0] = metric(800, 200, 500);
	krs[1] = (struct okr_kr){ .kind = OKR_KR_BINARY, .done = true, .weight = 1 };
	ck_assert_double_eq_tol(score_of(krs, 2), 0.75, 1e-12);

	/* Weight 2 on 0.25, weight 1 on 1.0, weight 1 on 0: 1.5 / 4. */
	krs[0] = metric(0.5, 2.5, 1.0);
	krs[0].weight = 2;
	krs[2] = metric(0, 1, 0);
	ck_assert_double_eq_tol(score_of(krs, 3), 0.375, 1e-12);

	/* Decimal weights: 0.5 on 1.0, 1.5 on 0.0 -> 0.25. */
	krs[0] = metric(0, 1, 1);
	krs[0].weight = 0.5;
	krs[1] = metric(0, 1, 0);
	krs[1].weight = 1.5;
	ck_assert_double_eq_tol(score_of(krs, 2), 0.25, 1e-12);
}
END_TEST

START_TEST(objective_degenerate)
{
	struct okr_kr krs[2];

	ck_assert_double_eq(score_of(NULL, 0), 0.0);

	/* Weight 0 does not count; all weights 0 score 0. */
	krs[0] = metric(0, 10, 10);
	krs[1] = metric(0, 10, 0);
	krs[1].weight = 0;
	ck_assert_double_eq(score_of(krs, 2), 1.0);
	krs[0].weight = 0;
	ck_assert_double_eq(score_of(krs, 2), 0.0);

	/* A negative weight counts as 0, it cannot push the score past 1. */
	krs[0].weight = 1;
	krs[1].weight = -1;
	ck_assert_double_eq(score_of(krs, 2), 1.0);
}
END_TEST

START_TEST(status_first_day)
{
	/* Nothing is expected yet: everything not done is on track. */
	ck_assert_int_eq(okr_status_of(0.0, 0.0, false, &cfg), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(0.3, 0.0, false, &cfg), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(0.0, 0.0, true, &cfg), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(1.0, 0.0, false, &cfg), OKR_STATUS_DONE);
}
END_TEST

START_TEST(status_last_day)
{
	ck_assert_int_eq(okr_status_of(1.0, 1.0, false, &cfg), OKR_STATUS_DONE);
	ck_assert_int_eq(okr_status_of(0.7, 1.0, false, &cfg), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(0.69, 1.0, false, &cfg), OKR_STATUS_AT_RISK);
	ck_assert_int_eq(okr_status_of(0.4, 1.0, false, &cfg), OKR_STATUS_AT_RISK);
	ck_assert_int_eq(okr_status_of(0.39, 1.0, false, &cfg), OKR_STATUS_OFF_TRACK);
	ck_assert_int_eq(okr_status_of(0.0, 1.0, false, &cfg), OKR_STATUS_OFF_TRACK);
}
END_TEST

/* A 0.7 that comes out of binary arithmetic a hair low is still on track
 * at 0.7: the mean of 0.6, 0.7 and 0.8 is 0.6999999999999998 in doubles,
 * and so is 99.5 % -> 99.9 % at 99.78 % (0.69999999999999929). */
START_TEST(status_computed_score_on_bound)
{
	struct okr_kr krs[3] = { metric(0, 10, 6), metric(0, 10, 7),
				 metric(0, 10, 8) };
	struct okr_kr uptime = metric(99.5, 99.9, 99.78);

	ck_assert_double_eq_tol(score_of(krs, 3), 0.7, 1e-12);
	ck_assert_int_eq(okr_status_of(score_of(krs, 3), 1.0, false, &cfg),
			 OKR_STATUS_ON_TRACK);
	ck_assert_double_eq_tol(okr_kr_progress(&uptime), 0.7, 1e-12);
	ck_assert_int_eq(okr_status_of(okr_kr_progress(&uptime), 1.0, false, &cfg),
			 OKR_STATUS_ON_TRACK);
	/* The slack is tiny: a real 0.699 is at risk. */
	ck_assert_int_eq(okr_status_of(0.699, 1.0, false, &cfg),
			 OKR_STATUS_AT_RISK);
}
END_TEST

START_TEST(status_committed)
{
	/* Committed objectives are held to 1.0 of the elapsed share. */
	ck_assert_int_eq(okr_status_of(0.7, 1.0, true, &cfg), OKR_STATUS_AT_RISK);
	ck_assert_int_eq(okr_status_of(0.99, 1.0, true, &cfg), OKR_STATUS_AT_RISK);
	ck_assert_int_eq(okr_status_of(1.0, 1.0, true, &cfg), OKR_STATUS_DONE);
	ck_assert_int_eq(okr_status_of(0.39, 1.0, true, &cfg), OKR_STATUS_OFF_TRACK);
	ck_assert_int_eq(okr_status_of(0.5, 0.5, true, &cfg), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(0.49, 0.5, true, &cfg), OKR_STATUS_AT_RISK);
	/* The same 0.49 half way is on track for an aspirational one. */
	ck_assert_int_eq(okr_status_of(0.49, 0.5, false, &cfg), OKR_STATUS_ON_TRACK);
}
END_TEST

START_TEST(status_custom_thresholds)
{
	struct okr_config strict = cfg;

	strict.on_track = 0.9;
	strict.at_risk = 0.6;
	ck_assert_int_eq(okr_status_of(0.9, 1.0, false, &strict), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(0.8, 1.0, false, &strict), OKR_STATUS_AT_RISK);
	ck_assert_int_eq(okr_status_of(0.5, 1.0, false, &strict), OKR_STATUS_OFF_TRACK);
}
END_TEST

/* Pace through a quarter of a fiscal year that starts in July. */
START_TEST(pace_fiscal_july)
{
	struct okr_period p;
	double expected;

	okr_period_of(&p, okr_date_from_ymd(2027, 5, 16), 7);
	ck_assert_str_eq(p.name, "2026-Q4");	/* April to June 2027 */

	/* First day, 2027-04-01: expected 0. */
	expected = okr_period_elapsed(&p, okr_date_from_ymd(2027, 4, 1));
	ck_assert_double_eq(expected, 0.0);
	ck_assert_int_eq(okr_status_of(0.0, expected, false, &cfg), OKR_STATUS_ON_TRACK);

	/* 2027-05-16 is 45 of 90 days in: expected 0.5, on track from
	 * 0.7 * 0.5 = 0.35, at risk from 0.4 * 0.5 = 0.2. */
	expected = okr_period_elapsed(&p, okr_date_from_ymd(2027, 5, 16));
	ck_assert_double_eq_tol(expected, 0.5, 1e-12);
	ck_assert_int_eq(okr_status_of(0.35, expected, false, &cfg), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(0.34, expected, false, &cfg), OKR_STATUS_AT_RISK);
	ck_assert_int_eq(okr_status_of(0.2, expected, false, &cfg), OKR_STATUS_AT_RISK);
	ck_assert_int_eq(okr_status_of(0.19, expected, false, &cfg), OKR_STATUS_OFF_TRACK);

	/* Last day, 2027-06-30: expected 1. */
	expected = okr_period_elapsed(&p, okr_date_from_ymd(2027, 6, 30));
	ck_assert_double_eq(expected, 1.0);
	ck_assert_int_eq(okr_status_of(0.7, expected, false, &cfg), OKR_STATUS_ON_TRACK);
	ck_assert_int_eq(okr_status_of(0.69, expected, false, &cfg), OKR_STATUS_AT_RISK);

	/* 2027-07-01 is already the next fiscal year. */
	okr_period_of(&p, okr_date_from_ymd(2027, 7, 1), 7);
	ck_assert_str_eq(p.name, "2027-Q1");
}
END_TEST

START_TEST(status_names)
{
	ck_assert_str_eq(okr_status_name(OKR_STATUS_DONE), "done");
	ck_assert_str_eq(okr_status_name(OKR_STATUS_ON_TRACK), "on track");
	ck_assert_str_eq(okr_status_name(OKR_STATUS_AT_RISK), "at risk");
	ck_assert_str_eq(okr_status_name(OKR_STATUS_OFF_TRACK), "off track");
	ck_assert_str_eq(okr_status_slug(OKR_STATUS_DONE), "done");
	ck_assert_str_eq(okr_status_slug(OKR_STATUS_ON_TRACK), "on-track");
	ck_assert_str_eq(okr_status_slug(OKR_STATUS_AT_RISK), "at-risk");
	ck_assert_str_eq(okr_status_slug(OKR_STATUS_OFF_TRACK), "off-track");
}
END_TEST

START_TEST(stale)
{
	okr_date last = okr_date_from_ymd(2026, 11, 20);
	struct okr_config biweekly = cfg;

	/* checkin 7d: seven days later is still in time, eight is stale. */
	ck_assert(!okr_is_stale(last, last, &cfg));
	ck_assert(!okr_is_stale(last, okr_date_from_ymd(2026, 11, 27), &cfg));
	ck_assert(okr_is_stale(last, okr_date_from_ymd(2026, 11, 28), &cfg));
	/* A check-in dated after as-of is not stale. */
	ck_assert(!okr_is_stale(last, okr_date_from_ymd(2026, 11, 1), &cfg));
	/* Across a month end with 2w. */
	biweekly.checkin_days = 14;
	ck_assert(!okr_is_stale(okr_date_from_ymd(2026, 1, 25),
				okr_date_from_ymd(2026, 2, 8), &biweekly));
	ck_assert(okr_is_stale(okr_date_from_ymd(2026, 1, 25),
			       okr_date_from_ymd(2026, 2, 9), &biweekly));
}
END_TEST

/* Section 4: a dropped key result leaves the score from its drop date. */
START_TEST(dropped_out_of_score)
{
	struct okr_kr krs[2] = { metric(0, 10, 10), metric(0, 10, 0) };
	struct okr_objective obj = { .title = "t", .krs = krs, .nkrs = 2 };

	krs[1].has_dropped = true;
	krs[1].dropped = okr_date_from_ymd(2026, 11, 2);
	ck_assert_double_eq(okr_objective_score(&obj), 1.0);
	ck_assert_double_eq(okr_objective_score_at(&obj, okr_date_from_ymd(2026, 11, 2)), 1.0);
	ck_assert_double_eq_tol(okr_objective_score_at(&obj, okr_date_from_ymd(2026, 11, 1)),
				0.5, 1e-12);
	/* the whole objective dropped: nothing counts */
	krs[1].has_dropped = false;
	obj.has_dropped = true;
	obj.dropped = okr_date_from_ymd(2026, 11, 2);
	ck_assert_double_eq(okr_objective_score(&obj), 0.0);
}
END_TEST

/* Section 4: grades of a closed period, and final scores from score:. */
START_TEST(grades)
{
	struct okr_kr krs[2] = { metric(0, 10, 0), metric(0, 10, 0) };
	struct okr_objective obj = { .title = "t", .krs = krs, .nkrs = 2 };

	ck_assert_int_eq(okr_grade_of(0.7, false, &cfg), OKR_GRADE_ACHIEVED);
	ck_assert_int_eq(okr_grade_of(0.69, false, &cfg), OKR_GRADE_PARTIAL);
	ck_assert_int_eq(okr_grade_of(0.4, false, &cfg), OKR_GRADE_PARTIAL);
	ck_assert_int_eq(okr_grade_of(0.39, false, &cfg), OKR_GRADE_MISSED);
	ck_assert_int_eq(okr_grade_of(1.0, true, &cfg), OKR_GRADE_ACHIEVED);
	ck_assert_int_eq(okr_grade_of(0.9, true, &cfg), OKR_GRADE_MISSED);
	ck_assert_str_eq(okr_grade_name(OKR_GRADE_PARTIAL), "partial");
	krs[0].has_score = true;
	krs[0].score = 0.8;
	krs[0].weight = 3;
	krs[1].has_score = true;
	krs[1].score = 0.4;
	ck_assert_double_eq_tol(okr_objective_final_score(&obj), 0.7, 1e-12);
	ck_assert_int_eq(okr_grade_of(okr_objective_final_score(&obj), false, &cfg),
			 OKR_GRADE_ACHIEVED);
	/* a computed 0.7 that is 0.69999... in binary is still 0.7 */
	ck_assert_int_eq(okr_grade_of(0.1 * 7, false, &cfg), OKR_GRADE_ACHIEVED);
}
END_TEST

START_TEST(round_one_decimal)
{
	ck_assert_double_eq(okr_round1(0.15), 0.2);
	ck_assert_double_eq(okr_round1(0.25), 0.3);
	ck_assert_double_eq(okr_round1(0.05), 0.1);
	ck_assert_double_eq(okr_round1(0.64), 0.6);
	ck_assert_double_eq(okr_round1(2.0 / 3.0), 0.7);
	ck_assert_double_eq(okr_round1(1.0), 1.0);
	ck_assert_double_eq(okr_round1(0.0), 0.0);
}
END_TEST

static Suite *score_suite(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("score");

	tcase_add_test(tc, metric_increasing);
	tcase_add_test(tc, metric_clamped);
	tcase_add_test(tc, metric_decreasing);
	tcase_add_test(tc, metric_decimals);
	tcase_add_test(tc, metric_no_progress);
	tcase_add_test(tc, threshold_kr);
	tcase_add_test(tc, binary_kr);
	tcase_add_test(tc, milestone_kr);
	tcase_add_test(tc, invalid_kr);
	tcase_add_test(tc, objective_weights);
	tcase_add_test(tc, objective_degenerate);
	tcase_add_test(tc, status_first_day);
	tcase_add_test(tc, status_last_day);
	tcase_add_test(tc, status_computed_score_on_bound);
	tcase_add_test(tc, status_committed);
	tcase_add_test(tc, status_custom_thresholds);
	tcase_add_test(tc, pace_fiscal_july);
	tcase_add_test(tc, status_names);
	tcase_add_test(tc, stale);
	tcase_add_test(tc, dropped_out_of_score);
	tcase_add_test(tc, grades);
	tcase_add_test(tc, round_one_decimal);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(score_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
