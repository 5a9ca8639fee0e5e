/*
 * changedate.c: the date of a change, as okr update and okr new accept it
 * (SPEC section 8); see changedate.h.
 */
#include "changedate.h"
#include "error.h"
#include "render.h"

int
okr_checkin_date_check(const struct okr_config *cfg, const struct okr_objective *obj,
		       const struct okr_kr *kr, okr_date d, okr_date today)
{
	struct okr_period p;
	struct okr_value v;
	char day[16], a[16], b[16];

	okr_date_format(day, d);
	if (d > today)
		return okr_error_set("the date %s is after today (%s); nothing was changed",
				     day, okr_date_format(a, today));
	if (okr_period_parse(&p, obj->period, cfg->fiscal_year_start) == 0 &&
	    (d < p.start || d > p.end))
		return okr_error_set("the date %s is outside %s (%s to %s), the period of "
				     "'%s/%s'; nothing was changed", day, p.name,
				     okr_date_format(a, p.start), okr_date_format(b, p.end),
				     obj->period, obj->id);
	if (kr && kr->has_updated && d < kr->updated) {
		okr_kr_current(&v, kr);
		return okr_error_set("the date %s is before the last check-in of "
				     "'%s/%s#%s' on %s (%s%s%s): a check-in never rewinds a "
				     "newer one; nothing was changed", day, obj->period,
				     obj->id, kr->id, okr_date_format(a, kr->updated),
				     v.text, kr->unit ? " " : "", kr->unit ? kr->unit : "");
	}
	return 0;
}

int
okr_new_date_check(bool *dated, const struct okr_period *p, okr_date d, okr_date today)
{
	char day[16], a[16];

	okr_date_format(day, d);
	*dated = false;
	if (d > today)
		return okr_error_set("the date %s is after today (%s); nothing was written",
				     day, okr_date_format(a, today));
	if (d > p->end)
		return okr_error_set("%s ended on %s, before the date %s; nothing was written",
				     p->name, okr_date_format(a, p->end), day);
	*dated = d >= p->start;
	return 0;
}
