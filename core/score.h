/*
 * score.h: progress, scores and pace (SPEC section 4), shared by check,
 * status, list, agenda and the reports.
 */
#ifndef OKR_SCORE_H
#define OKR_SCORE_H

#include "model.h"

enum okr_status {
	OKR_STATUS_OFF_TRACK,
	OKR_STATUS_AT_RISK,
	OKR_STATUS_ON_TRACK,
	OKR_STATUS_DONE,
};

/* The value history records for a key result: current (metric,
 * threshold), 1 or 0 (binary), the share of milestones done (milestone);
 * false when it has none. */
bool okr_kr_value(const struct okr_kr *kr, double *out);

/* How many of a key result's milestones are done. */
size_t okr_kr_milestones_done(const struct okr_kr *kr);

/* Progress of a key result, 0..1. */
double okr_kr_progress(const struct okr_kr *kr);
/* Weighted mean of the key results' progress, 0..1 (0 with none);
 * dropped key results (any date) do not count. */
double okr_objective_score(const struct okr_objective *obj);
/* The same, leaving out only what was dropped by as_of (section 4). */
double okr_objective_score_at(const struct okr_objective *obj, okr_date as_of);

/* Grades of a closed period (SPEC section 4): they replace pace statuses. */
enum okr_grade {
	OKR_GRADE_MISSED,
	OKR_GRADE_PARTIAL,
	OKR_GRADE_ACHIEVED,
};

/* A closed period's objective score: the weighted mean of its key
 * results' final `score`, dropped ones left out (0 with none). */
double okr_objective_final_score(const struct okr_objective *obj);
/* Aspirational: achieved at >= on_track, partial at >= at_risk, else
 * missed; committed: achieved at 1.0, else missed. */
enum okr_grade okr_grade_of(double score, bool committed,
			    const struct okr_config *cfg);
/* "achieved", "partial", "missed" (also okr list's status words). */
const char *okr_grade_name(enum okr_grade g);
/* A progress rounded to the one decimal it prints with, half away from
 * zero on the decimal value: what okr close writes as score. */
double okr_round1(double x);
/* Pace status of a score against the expected share of the period. */
enum okr_status okr_status_of(double score, double expected, bool committed,
			      const struct okr_config *cfg);
/* "on track", "at risk", "off track", "done". */
const char *okr_status_name(enum okr_status s);
/* "on-track", ... as okr list prints them. */
const char *okr_status_slug(enum okr_status s);

/* Stale: more than cfg->checkin_days between last check-in and as_of. */
bool okr_is_stale(okr_date last, okr_date as_of, const struct okr_config *cfg);

#endif
