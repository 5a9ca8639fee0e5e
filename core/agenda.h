/*
 * agenda.h: the weekly OKR meeting's agenda, written from a report whose
 * window is the week before the meeting.
 */
#ifndef OKR_AGENDA_H
#define OKR_AGENDA_H

#include "buf.h"
#include "report.h"

/*
 * The agenda of the weekly meeting on day meeting (cfg's time and length),
 * from a report whose window is the week before the meeting: what changed
 * (the window's check-ins), objectives at risk or off track, stale key
 * results by owner, overdue milestones; each section time-boxed so the
 * minutes add up to the meeting's length.
 */
void okr_agenda_markdown(struct okr_buf *out, const struct okr_report *r,
			 okr_date meeting);

#endif
