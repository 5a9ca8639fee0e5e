/*
 * score.c: SPEC section 4 in one place, so check, status, list, agenda and
 * the reports can never disagree about a key result's progress or a pace.
 */
#include <assert.h>

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

double okr_objective_score(const struct okr_objective *obj)
{
	double sum = 0.0, weights = 0.0;

	for (size_t i = 0; i < obj->nkrs; i++) {
		double w = obj->krs[i].weight;

		/* A key result with no or a negative weight does not count;
		 * a negative one must not pull the others' score down. */
		if (!(w > 0.0))
			continue;
		sum += w * okr_kr_progress(&obj->krs[i]);
		weights += w;
	}
	if (!(weights > 0.0))
		return 0.0;
	return clamp01(sum / weights);
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
