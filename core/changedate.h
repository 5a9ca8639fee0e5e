/*
 * changedate.h: the date of a change, as okr update and okr new accept it
 * (SPEC section 8): never after today, never outside the period it is
 * about, and a check-in never rewinds a newer one.
 */
#ifndef OKR_CHANGEDATE_H
#define OKR_CHANGEDATE_H

#include <stdbool.h>

#include "date.h"
#include "model.h"

/*
 * A check-in on day d of kr (NULL: one of obj's own milestones), today
 * being today. Fails (okr_error_set, a message naming the date in the way:
 * today, the period's bounds, or the later check-in with its value) when d
 * is after today, outside obj's period, or before kr's updated.
 */
int okr_checkin_date_check(const struct okr_config *cfg,
			   const struct okr_objective *obj, const struct okr_kr *kr,
			   okr_date d, okr_date today);

/*
 * A new objective of period p made on day d: *dated tells whether its key
 * results get updated: d (only when d is in the period; a period that has
 * not begun gets none). Fails (okr_error_set) when d is after today or the
 * period ended before d.
 */
int okr_new_date_check(bool *dated, const struct okr_period *p, okr_date d,
		       okr_date today);

#endif
