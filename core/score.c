/*
 * score.c: SPEC section 4 in one place, so check, status, list, agenda and
 * the reports can never disagree about a key result's progress or a pace.
 */
#include <assert.h>
#include <limits.h>

#include "number.h"
#include "score.h"

/* Scores and thresholds are decimals in binary floating point (a mean that
 * should be 0.7 can come out as 0.69999...), so comparisons get some slack. */
#define EPS 1e-9

/* Written so that NaN (a ".nan" in a file, inf/inf) becomes 0, not NaN. */
static double clamp01(double x)
{
	if (!(x > 0.0))
		return 0.0;
	if (x > 1.0)
		return 1.0;
	return x;
}

static double milestone_share(const struct okr_milestone *ms, size_t n)
{
	size_t done = 0;

	if (n == 0)
		return 0.0;
	for (size_t i = 0; i < n; i++)
		done += ms[i].done;
	return (double)done / (double)n;
}

double okr_kr_progress(const struct okr_kr *kr)
{
	switch (kr->kind) {
	case OKR_KR_METRIC:
		if (!kr->has_current || kr->target == kr->start)
			return 0.0;
		return clamp01((kr->current - kr->start) /
			       (kr->target - kr->start));
	case OKR_KR_THRESHOLD:
		if (!kr->has_current)
			return 0.0;
		if (kr->at_least)
			return kr->current >= kr->bound ? 1.0 : 0.0;
		return kr->current <= kr->bound ? 1.0 : 0.0;
	case OKR_KR_BINARY:
		return kr->done ? 1.0 : 0.0;
	case OKR_KR_MILESTONE:
		return milestone_share(kr->milestones, kr->nmilestones);
	case OKR_KR_NONE:
		break;
	}
	return 0.0;
}

/* as_of INT_MAX: anything ever dropped is out. */
static double weighted_mean(const struct okr_objective *obj, okr_date as_of,
			    bool final)
{
	double sum = 0.0, weights = 0.0;

	for (size_t i = 0; i < obj->nkrs; i++) {
		const struct okr_kr *kr = &obj->krs[i];
		double w = kr->weight;

		if (okr_kr_dropped(obj, kr, as_of))
			continue;
		/* A key result with no or a negative weight does not count;
		 * a negative one must not pull the others' score down. */
		if (!(w > 0.0))
			continue;
		sum += w * (final ? (kr->has_score ? kr->score : 0.0)
				  : okr_kr_progress(kr));
		weights += w;
	}
	if (!(weights > 0.0))
		return 0.0;
	return clamp01(sum / weights);
}

double okr_objective_score(const struct okr_objective *obj)
{
	return weighted_mean(obj, INT_MAX, false);
}

double okr_objective_score_at(const struct okr_objective *obj, okr_date as_of)
{
	return weighted_mean(obj, as_of, false);
}

double okr_objective_final_score(const struct okr_objective *obj)
{
	return weighted_mean(obj, INT_MAX, true);
}

enum okr_grade okr_grade_of(double score, bool committed,
			    const struct okr_config *cfg)
{
	assert(cfg);
	if (committed)
		return score + EPS >= 1.0 ? OKR_GRADE_ACHIEVED : OKR_GRADE_MISSED;
	if (score + EPS >= cfg->on_track)
		return OKR_GRADE_ACHIEVED;
	if (score + EPS >= cfg->at_risk)
		return OKR_GRADE_PARTIAL;
	return OKR_GRADE_MISSED;
}

const char *okr_grade_name(enum okr_grade g)
{
	switch (g) {
	case OKR_GRADE_ACHIEVED:
		return "achieved";
	case OKR_GRADE_PARTIAL:
		return "partial";
	case OKR_GRADE_MISSED:
		return "missed";
	}
	return "?";
}

double okr_round1(double x)
{
	/* the one rounding rule, so a closed score is what the report showed */
	return okr_num_round(x, 1);
}

enum okr_status okr_status_of(double score, double expected, bool committed,
			      const struct okr_config *cfg)
{
	double on_track;

	assert(cfg);
	if (score + EPS >= 1.0)
		return OKR_STATUS_DONE;
	on_track = committed ? 1.0 : cfg->on_track;
	if (score + EPS >= on_track * expected)
		return OKR_STATUS_ON_TRACK;
	if (score + EPS >= cfg->at_risk * expected)
		return OKR_STATUS_AT_RISK;
	return OKR_STATUS_OFF_TRACK;
}

const char *okr_status_name(enum okr_status s)
{
	switch (s) {
	case OKR_STATUS_DONE:
		return "done";
	case OKR_STATUS_ON_TRACK:
		return "on track";
	case OKR_STATUS_AT_RISK:
		return "at risk";
	case OKR_STATUS_OFF_TRACK:
		return "off track";
	}
	return "?";
}

const char *okr_status_slug(enum okr_status s)
{
	switch (s) {
	case OKR_STATUS_DONE:
		return "done";
	case OKR_STATUS_ON_TRACK:
		return "on-track";
	case OKR_STATUS_AT_RISK:
		return "at-risk";
	case OKR_STATUS_OFF_TRACK:
		return "off-track";
	}
	return "?";
}

bool okr_is_stale(okr_date last, okr_date as_of, const struct okr_config *cfg)
{
	assert(cfg);
	/* long long: a corrupt date far in the past must not overflow. */
	return (long long)as_of - last > cfg->checkin_days;
}

bool
okr_kr_value(const struct okr_kr *kr, double *out)
{
	size_t i, done = 0;

	switch (kr->kind) {
	case OKR_KR_METRIC:
	case OKR_KR_THRESHOLD:
		*out = kr->current;
		return kr->has_current;
	case OKR_KR_BINARY:
		*out = kr->done ? 1.0 : 0.0;
		return true;
	case OKR_KR_MILESTONE:
		if (!kr->nmilestones)
			return false;
		for (i = 0; i < kr->nmilestones; i++)
			done += kr->milestones[i].done;
		*out = (double)done / (double)kr->nmilestones;
		return true;
	default:
		return false;
	}
}

size_t
okr_kr_milestones_done(const struct okr_kr *kr)
{
	size_t i, n = 0;

	for (i = 0; i < kr->nmilestones; i++)
		n += kr->milestones[i].done;
	return n;
}
