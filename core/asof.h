/*
 * asof.h: SPEC section 8's "as of D" rule applied to the files of HEAD:
 * the objectives and key results, their titles and targets are HEAD's;
 * each key result's values (current, done, milestones, confidence,
 * updated) are those of its last change dated on or before D, wherever
 * that change sits in commit order (a check-in okr sync replayed on top of
 * later ones, a hand edit committed late). One with no change by D shows
 * its start. Owns the rule; history.c owns reading the changes.
 */
#ifndef OKR_ASOF_H
#define OKR_ASOF_H

#include "date.h"
#include "history.h"

/*
 * Rewrite the values of the key results of period in h->end (HEAD's
 * files: h read up to a day no earlier than HEAD's commits) to what they
 * were as of as_of, from h's check-ins and start snapshot. One pass over
 * the check-ins already read: no second walk.
 */
void okr_asof_apply(struct okr_history *h, const struct okr_period *period,
		    okr_date as_of);

#endif
