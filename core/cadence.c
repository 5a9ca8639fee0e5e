/*
 * cadence.c: the next weekly meeting, for status and agenda alike.
 */
#include <time.h>

#include "cadence.h"

okr_date
okr_meeting_next(const struct okr_config *cfg, okr_date day, int now_minute)
{
	int delta = ((cfg->meeting_day - okr_date_weekday(day)) % 7 + 7) % 7;

	/* today's meeting is behind us once it has ended */
	if (delta == 0 && now_minute >= 0 &&
	    now_minute >= cfg->meeting_minute + cfg->meeting_length)
		delta = 7;
	return day + delta;
}

int
okr_minute_now(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm))
		return -1;
	return tm.tm_hour * 60 + tm.tm_min;
}
