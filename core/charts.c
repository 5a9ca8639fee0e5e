/*
 * charts.c: the report's charts as Mermaid xychart-beta blocks, which
 * GitHub and GitLab draw where the Markdown is shown: score by week beside
 * the expected pace (the whole report, and per objective with --charts
 * all), and check-ins per week. Only what their Mermaid versions accept:
 * a quoted title, a category x-axis of quoted week labels, a numeric
 * y-axis range, and line or bar series of plain decimals.
 */
#include <stdio.h>
#include <stdlib.h>

#include "charts.h"
#include "number.h"

static void
x_axis(struct okr_buf *out, const struct okr_report *r)
{
	size_t w;

	okr_buf_puts(out, "    x-axis [");
	for (w = 0; w < r->nweeks; w++) {
		int y, m, d;

		okr_date_to_ymd(r->from + 7 * (okr_date)w, &y, &m, &d);
		okr_buf_printf(out, "%s\"%02d-%02d\"", w ? ", " : "", m, d);
	}
	okr_buf_puts(out, "]\n");
}

static void
series(struct okr_buf *out, const char *kind, const double *v, size_t n, int decimals)
{
	char num[OKR_NUM_SIZE];
	size_t i;

	okr_buf_printf(out, "    %s [", kind);
	for (i = 0; i < n; i++)
		okr_buf_printf(out, "%s%s", i ? ", " : "", okr_num_fixed(num, sizeof(num), v[i], decimals));
	okr_buf_puts(out, "]\n");
}

void
okr_chart_score(struct okr_buf *out, const struct okr_report *r, const char *title,
		const double *score)
{
	if (!r->nweeks)
		return;
	okr_buf_puts(out, "\n```mermaid\nxychart-beta\n");
	/* the title is ours, never text from a file: nothing to escape */
	okr_buf_printf(out, "    title \"%s\"\n", title);
	x_axis(out, r);
	okr_buf_puts(out, "    y-axis \"Score\" 0 --> 1\n");
	series(out, "line", score, r->nweeks, 2);
	series(out, "line", r->week_expected, r->nweeks, 2);
	okr_buf_puts(out, "```\n");
}

void
okr_chart_checkins(struct okr_buf *out, const struct okr_report *r)
{
	size_t w, max = 1;
	double *v;

	if (!r->nweeks)
		return;
	v = okr_xcalloc(r->nweeks, sizeof(*v));
	for (w = 0; w < r->nweeks; w++) {
		v[w] = (double)r->week_checkins[w];
		if (r->week_checkins[w] > max)
			max = r->week_checkins[w];
	}
	okr_buf_puts(out, "\n```mermaid\nxychart-beta\n    title \"Check-ins per week\"\n");
	x_axis(out, r);
	okr_buf_printf(out, "    y-axis \"Check-ins\" 0 --> %zu\n", max);
	series(out, "bar", v, r->nweeks, 0);
	okr_buf_puts(out, "```\n");
	free(v);
}
