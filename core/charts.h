/*
 * charts.h: the report's Mermaid charts (charts.c), from the weekly series
 * of report.h.
 */
#ifndef OKR_CHARTS_H
#define OKR_CHARTS_H

#include "buf.h"
#include "report.h"

/* Score by week (score: r->nweeks values) beside the expected pace, as a
 * two-line chart on 0..1; nothing without weeks. */
void okr_chart_score(struct okr_buf *out, const struct okr_report *r, const char *title,
		     const double *score);
/* Check-ins per week, as bars. */
void okr_chart_checkins(struct okr_buf *out, const struct okr_report *r);

#endif
