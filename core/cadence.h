/*
 * cadence.h: when the weekly OKR meeting is (SPEC section 8). One rule for
 * status and agenda: the first meeting (cadence.meeting's day, time and
 * length, local time) whose end is after now; for an as-of date, the first
 * on or after that day.
 */
#ifndef OKR_CADENCE_H
#define OKR_CADENCE_H

#include "date.h"
#include "model.h"

/*
 * The day of the next meeting from day. now_minute is the minute of day
 * (local time) when "now" is meant: that day's meeting counts only while
 * it has not ended. now_minute < 0 (an as-of date): that day's meeting
 * counts whatever the time.
 */
okr_date okr_meeting_next(const struct okr_config *cfg, okr_date day, int now_minute);

/* The minute of the day now, local time (0..1439); -1 when unknown. */
int okr_minute_now(void);

#endif
