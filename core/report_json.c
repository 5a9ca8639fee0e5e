/*
 * report_json.c: the report as one JSON document, the same figures as the
 * Markdown for programs: numbers as numbers (rounded at the sixth decimal,
 * by the one rule, so no floating-point noise), dates as YYYY-MM-DD.
 */
#include <stdlib.h>

#include <jansson.h>

#include "number.h"
#include "report.h"
#include "safetext.h"

static json_t *
jdate(okr_date d)
{
	char tmp[16];

	return json_string(okr_date_format(tmp, d));
}

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Rounded so the document does not carry floating-point noise. */
static json_t *
jnum(double x)
{
	return json_real(okr_num_round(x, 6));
}

static json_t *
jvalue(const struct okr_kr *kr, bool known, double v)
{
	if (!known)
		return json_null();
	if (kr->kind == OKR_KR_BINARY)
		return json_boolean(v >= 0.5);
	return jnum(v);
}

static json_t *
json_kr(const struct okr_report_kr *k)
{
	const struct okr_kr *kr = k->kr;
	json_t *o = json_object(), *trend = json_array();
	double v = 0.0;
	bool known;
	size_t w;

	json_object_set_new(o, "ref", json_string(k->ref));
	json_object_set_new(o, "id", jstr(kr->id));
	json_object_set_new(o, "title", jstr(kr->title));
	json_object_set_new(o, "owner", jstr(kr->owner));
	json_object_set_new(o, "kind", json_string(okr_kr_kind_name(kr->kind)));
	json_object_set_new(o, "unit", jstr(kr->unit));
	if (kr->kind == OKR_KR_MILESTONE) {
		json_object_set_new(o, "start", k->start_kr && k->start_kr->kind == kr->kind
				    ? json_integer((json_int_t)okr_kr_milestones_done(k->start_kr))
				    : json_null());
		json_object_set_new(o, "current", json_integer((json_int_t)okr_kr_milestones_done(kr)));
		json_object_set_new(o, "target", json_integer((json_int_t)kr->nmilestones));
	} else {
		json_object_set_new(o, "start", jvalue(kr, k->has_start_value, k->start_value));
		known = okr_kr_value(kr, &v);
		json_object_set_new(o, "current", jvalue(kr, known, v));
		if (kr->kind == OKR_KR_METRIC)
			json_object_set_new(o, "target", jnum(kr->target));
		else if (kr->kind == OKR_KR_THRESHOLD)
			json_object_set_new(o, kr->at_least ? "at_least" : "at_most",
					    jnum(kr->bound));
		else
			json_object_set_new(o, "target", json_true());
	}
	json_object_set_new(o, "progress", jnum(k->progress));
	json_object_set_new(o, "start_progress", jnum(k->start_progress));
	json_object_set_new(o, "confidence", kr->has_confidence ? jnum(kr->confidence)
								 : json_null());
	for (w = 0; w < k->nweeks; w++)
		json_array_append_new(trend, k->trend[w] < 0.0 ? json_null() : jnum(k->trend[w]));
	json_object_set_new(o, "trend", trend);
	json_object_set_new(o, "updated", k->has_last ? jdate(k->last) : json_null());
	json_object_set_new(o, "stale", json_boolean(k->stale));
	if (k->target_changed) {	/* only where it did: same bytes elsewhere */
		json_t *t = json_object();

		json_object_set_new(t, "from", jnum(k->target_from));
		json_object_set_new(t, "date", jdate(k->target_date));
		json_object_set_new(o, "target_changed", t);
	}
	return o;
}

static json_t *
json_header(json_t *doc, const struct okr_report *r)
{
	json_t *a, *o;
	size_t i;

	json_object_set_new(doc, "organisation", jstr(r->cfg->organisation));
	o = json_object();
	json_object_set_new(o, "name", json_string(r->period.name));
	json_object_set_new(o, "start", jdate(r->period.start));
	json_object_set_new(o, "end", jdate(r->period.end));
	json_object_set_new(doc, "period", o);
	o = json_object();
	json_object_set_new(o, "name", json_string(r->window_name));
	json_object_set_new(o, "from", jdate(r->from));
	json_object_set_new(o, "to", jdate(r->as_of));
	json_object_set_new(doc, "window", o);
	json_object_set_new(doc, "as_of", jdate(r->as_of));
	o = json_object();
	json_object_set_new(o, "team", jstr(r->team));
	json_object_set_new(o, "owner", jstr(r->owner));
	json_object_set_new(doc, "filter", o);
	a = json_array();
	for (i = 0; i < r->cfg->nambassadors; i++)
		json_array_append_new(a, json_string(r->cfg->ambassadors[i]));
	json_object_set_new(doc, "ambassadors", a);
	o = json_object();
	json_object_set_new(o, "shallow", json_boolean(r->shallow));
	json_object_set_new(o, "from", r->shallow ? jdate(r->history_from) : json_null());
	json_object_set_new(doc, "history", o);
	return doc;
}

static json_t *
json_summary(const struct okr_report *r)
{
	json_t *a, *s = json_object();
	size_t i;

	json_object_set_new(s, "score", jnum(r->score));
	json_object_set_new(s, "objectives", json_integer((json_int_t)r->nobjs));
	for (i = OKR_STATUS_OFF_TRACK; i <= OKR_STATUS_DONE; i++)
		json_object_set_new(s, okr_status_slug((enum okr_status)(OKR_STATUS_DONE - i)),
				    json_integer((json_int_t)r->by_status[OKR_STATUS_DONE - i]));
	if (r->closed) {
		char d[16];

		json_object_set_new(s, "closed", json_string(okr_date_format(d, r->closed_on)));
		for (i = OKR_GRADE_MISSED; i <= OKR_GRADE_ACHIEVED; i++)
			json_object_set_new(s, okr_grade_name((enum okr_grade)i),
					    json_integer((json_int_t)r->by_grade[i]));
	}
	json_object_set_new(s, "key_results", json_integer((json_int_t)r->nkrs));
	json_object_set_new(s, "stale", json_integer((json_int_t)r->nstale));
	json_object_set_new(s, "checkin_discipline", jnum(r->discipline));
	json_object_set_new(s, "checkins", json_integer((json_int_t)r->ncheckins));
	a = json_array();
	for (i = 0; i < r->ncontributors; i++)
		json_array_append_new(a, json_string(r->contributors[i]));
	json_object_set_new(s, "contributors", a);
	return s;
}

static json_t *
json_series(const double *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jnum(v[i]));
	return a;
}

/* The charts' weekly series (week w: from its first day to week_end). */
static json_t *
json_weekly(const struct okr_report *r)
{
	json_t *o = json_object(), *weeks = json_array(), *ends = json_array(),
	       *checkins = json_array();
	size_t w;

	for (w = 0; w < r->nweeks; w++) {
		json_array_append_new(weeks, jdate(r->from + 7 * (okr_date)w));
		json_array_append_new(ends, jdate(r->week_end[w]));
		json_array_append_new(checkins, json_integer((json_int_t)r->week_checkins[w]));
	}
	json_object_set_new(o, "weeks", weeks);
	json_object_set_new(o, "ends", ends);
	json_object_set_new(o, "score", json_series(r->week_score, r->nweeks));
	json_object_set_new(o, "expected", json_series(r->week_expected, r->nweeks));
	json_object_set_new(o, "checkins", checkins);
	return o;
}

static json_t *
json_objectives(const struct okr_report *r)
{
	json_t *a = json_array(), *o;
	size_t i, j;
	char *text;

	for (i = 0; i < r->nobjs; i++) {
		const struct okr_report_obj *ro = &r->objs[i];
		json_t *krs = json_array();

		o = json_object();
		text = okr_xprintf("%s/%s", ro->obj->period, ro->obj->id);
		json_object_set_new(o, "ref", json_string(text));
		free(text);
		json_object_set_new(o, "id", json_string(ro->obj->id));
		json_object_set_new(o, "title", jstr(ro->obj->title));
		json_object_set_new(o, "owner", jstr(ro->obj->owner));
		json_object_set_new(o, "level", json_string(okr_level_name(ro->obj->level)));
		json_object_set_new(o, "type", json_string(okr_report_type_name(ro->obj)));
		json_object_set_new(o, "parent", jstr(ro->obj->parent));
		json_object_set_new(o, "score", jnum(ro->score));
		json_object_set_new(o, "status", json_string(
			okr_objective_dropped(ro->obj, r->as_of) ? "dropped"
			: r->closed ? okr_grade_name(ro->grade) : okr_status_slug(ro->status)));
		for (j = 0; j < ro->nkrs; j++)
			json_array_append_new(krs, json_kr(&r->krs[ro->first_kr + j]));
		json_object_set_new(o, "weekly_score",
				    json_series(r->obj_week_score + i * r->nweeks, r->nweeks));
		json_object_set_new(o, "key_results", krs);
		json_array_append_new(a, o);
	}
	return a;
}

/* The dropped items (when there are any) and, in the final report, what
 * was carried into the next period. */
static void
json_plan_lists(json_t *doc, const struct okr_report *r)
{
	json_t *a, *o;
	size_t i;

	if (r->ndrops) {
		a = json_array();
		for (i = 0; i < r->ndrops; i++) {
			const struct okr_report_drop *d = &r->drops[i];

			o = json_object();
			json_object_set_new(o, "ref", json_string(d->ref));
			json_object_set_new(o, "kind", json_string(d->kr ? "key_result"
									  : "objective"));
			json_object_set_new(o, "title", jstr(d->kr ? d->kr->title : d->obj->title));
			json_object_set_new(o, "owner", jstr(d->kr ? d->kr->owner : d->obj->owner));
			json_object_set_new(o, "date", jdate(d->date));
			json_object_set_new(o, "reason", jstr(d->reason));
			json_array_append_new(a, o);
		}
		json_object_set_new(doc, "dropped", a);
	}
	if (!r->has_next)
		return;
	o = json_object();
	json_object_set_new(o, "period", json_string(r->next.name));
	a = json_array();
	for (i = 0; i < r->ncarried; i++) {
		json_t *c = json_object();

		json_object_set_new(c, "ref", json_string(r->carried[i].ref));
		json_object_set_new(c, "from", json_string(r->carried[i].from));
		json_object_set_new(c, "title", jstr(r->carried[i].kr->title));
		json_object_set_new(c, "owner", jstr(r->carried[i].kr->owner));
		json_array_append_new(a, c);
	}
	json_object_set_new(o, "key_results", a);
	json_object_set_new(doc, "carried", o);
}

/* The movers, the stale key results and the overdue milestones. */
static void
json_lists(json_t *doc, const struct okr_report *r)
{
	json_t *a, *o;
	size_t i;

	a = json_array();
	for (i = 0; i < r->nmovers; i++) {
		const struct okr_report_kr *k = &r->krs[r->movers[i]];

		o = json_object();
		json_object_set_new(o, "ref", json_string(k->ref));
		json_object_set_new(o, "start_progress", jnum(k->start_progress));
		json_object_set_new(o, "progress", jnum(k->progress));
		json_object_set_new(o, "gained", jnum(k->progress - k->start_progress));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "movers", a);
	a = json_array();
	for (i = 0; i < r->ndone; i++) {
		const struct okr_report_kr *k = &r->krs[r->done[i]];

		o = json_object();
		json_object_set_new(o, "ref", json_string(k->ref));
		json_object_set_new(o, "owner", jstr(k->kr->owner));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "done_this_period", a);
	a = json_array();
	for (i = 0; i < r->nstale; i++) {
		const struct okr_report_kr *k = &r->krs[r->stale[i]];

		o = json_object();
		json_object_set_new(o, "owner", jstr(k->kr->owner));
		json_object_set_new(o, "ref", json_string(k->ref));
		json_object_set_new(o, "last_checkin", k->has_last ? jdate(k->last) : json_null());
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "stale", a);
	a = json_array();
	for (i = 0; i < r->noverdue; i++) {
		o = json_object();
		json_object_set_new(o, "due", jdate(r->overdue[i].due));
		json_object_set_new(o, "owner", jstr(r->overdue[i].owner));
		json_object_set_new(o, "ref", json_string(r->overdue[i].ref));
		json_object_set_new(o, "milestone", jstr(r->overdue[i].title));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "overdue", a);
}

void
okr_report_json(struct okr_buf *out, const struct okr_report *r)
{
	json_t *doc = json_header(json_object(), r);
	char *text;

	json_object_set_new(doc, "summary", json_summary(r));
	json_object_set_new(doc, "weekly", json_weekly(r));
	json_object_set_new(doc, "objectives", json_objectives(r));
	json_lists(doc, r);
	json_plan_lists(doc, r);

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	/* JSON is data: titles and ids stay exact for the program reading
	 * them, but C1 controls and bidi overrides are written as \u
	 * escapes, so the bytes are harmless on a terminal (safetext.h) */
	okr_safetext_puts(out, text ? text : "{}", OKR_SAFETEXT_JSON);
	okr_buf_putc(out, '\n');
	free(text);
	json_decref(doc);
}
