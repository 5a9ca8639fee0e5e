/*
 * plan.h: plan changes to one objective file during or after the period
 * (SPEC section 8): a moved target, a drop, a final score adjusted in a
 * closed period; and the rule that a closed period takes no check-ins.
 */
#ifndef OKR_PLAN_H
#define OKR_PLAN_H

#include "checkin.h"
#include "date.h"
#include "model.h"

enum okr_plan_kind {
	OKR_PLAN_TARGET,	/* --target N: a metric's target, a threshold's bound */
	OKR_PLAN_DROP,		/* --drop: dropped: and drop_reason: */
	OKR_PLAN_SCORE,		/* --score N: the final grade, closed periods only */
};

struct okr_plan_req {
	enum okr_plan_kind kind;
	const char *value;	/* the number of --target / --score */
	okr_date date;		/* --date: the day of a drop */
	const char *message;	/* -m: required for --drop and --score */
};

/*
 * Fails (okr_error_set) when period is closed: check-ins, milestones,
 * targets and drops are refused there with the day it closed.
 */
int okr_plan_check_open(const struct okr_config *cfg, const char *period);

/*
 * The new bytes of obj's file and the commit message for one plan change
 * on kr (NULL: the whole objective, --drop only). Byte-exact through
 * edit.c, validated like a check-in. Returns 0, or -1 with the reason in
 * okr_error_last(); nothing is written either way.
 */
int okr_plan_prepare(struct okr_checkin_out *out, const struct okr_config *cfg,
		     const struct okr_objective *obj, const struct okr_kr *kr,
		     const struct okr_plan_req *req);

#endif
