/*
 * agenda.c: the weekly OKR meeting's agenda in Markdown, from a report
 * whose window is the week before the meeting: what changed, objectives at
 * risk or off track, who has not checked in, overdue milestones; each
 * section time-boxed so the minutes add up to the meeting's length.
 */
#include <stdlib.h>

#include "agenda.h"
#include "markdown.h"
#include "number.h"

enum { SEC_WELCOME, SEC_CHANGED, SEC_RISK, SEC_STALE, SEC_OVERDUE, SEC_WRAP, NSEC };

/*
 * Minutes per section by the largest-remainder method, so they add up to
 * the meeting's length exactly: 10 % each for the welcome round and the
 * wrap-up, the rest shared by the sections that have something to discuss
 * (ties go to the earlier section).
 */
static void
allot(int minutes[NSEC], int length, const size_t items[NSEC])
{
	static const long base[NSEC] = { 0, 3, 3, 2, 2, 0 };
	long w[NSEC] = { 0 }, total = 0, s = 0, rem[NSEC];
	int i, left = length;

	for (i = SEC_CHANGED; i <= SEC_OVERDUE; i++)
		s += items[i] ? base[i] : 0;
	if (s) {
		w[SEC_WELCOME] = w[SEC_WRAP] = 10 * s;
		for (i = SEC_CHANGED; i <= SEC_OVERDUE; i++)
			w[i] = items[i] ? 80 * base[i] : 0;
	} else {
		w[SEC_WELCOME] = w[SEC_WRAP] = 1;
	}
	for (i = 0; i < NSEC; i++)
		total += w[i];
	for (i = 0; i < NSEC; i++) {
		minutes[i] = (int)((long)length * w[i] / total);
		rem[i] = (long)length * w[i] % total;
		left -= minutes[i];
	}
	while (left > 0) {
		int best = 0;

		for (i = 1; i < NSEC; i++)
			if (rem[i] > rem[best])
				best = i;
		minutes[best]++;
		rem[best] = -1;
		left--;
	}
}

static void
agenda_section(struct okr_buf *out, int n, const char *title, int minutes, int *clock)
{
	okr_buf_printf(out, "\n## %d. %s (%d min, %02d:%02d)\n\n", n, title, minutes,
		       (*clock / 60) % 24, *clock % 60);
	*clock += minutes;
}

/* What changed since the last meeting: the window's check-ins. */
static void
agenda_changes(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	if (!r->ncheckins) {
		okr_buf_puts(out, "No check-ins since ");
		okr_md_date(out, r->from);
		okr_buf_puts(out, ".\n");
	} else {
		okr_buf_puts(out, "| Date | Who | Key result | Value | Confidence | Message |\n"
				  "|---|---|---|---:|---:|---|\n");
		for (i = 0; i < r->ncheckins; i++) {
			const struct okr_checkin *c = r->checkins[i];

			okr_buf_puts(out, "| ");
			okr_md_date(out, c->date);
			okr_buf_puts(out, " | ");
			okr_md_escape(out, c->author);
			okr_buf_puts(out, " | ");
			okr_md_escape(out, c->ref);
			okr_buf_puts(out, " | ");
			if (c->value && *c->value)
				okr_md_escape(out, c->value);
			else
				okr_buf_puts(out, "—");
			okr_buf_puts(out, " | ");
			if (c->has_confidence)
				okr_num_put(out, c->confidence);
			else
				okr_buf_puts(out, "—");
			okr_buf_puts(out, " | ");
			if (c->hand_edit)
				okr_buf_puts(out, "(edited by hand) ");
			okr_md_escape(out, c->message);
			okr_buf_puts(out, " |\n");
		}
	}
}

/* Whether an objective's pace is discussed: not dropped (SPEC section 4),
 * and not in a closed period, which has grades instead (section 8). */
static bool
at_stake(const struct okr_report *r, const struct okr_report_obj *ro)
{
	return !r->closed && !okr_objective_dropped(ro->obj, r->as_of);
}

/* One objective's row: title (id), owner, score, and what it is judged. */
static void
obj_row(struct okr_buf *out, const struct okr_report *r,
	const struct okr_report_obj *ro, const char *judged)
{
	okr_buf_puts(out, "| ");
	okr_md_escape(out, ro->obj->title);
	okr_buf_puts(out, " (");
	okr_md_escape(out, ro->obj->id);
	okr_buf_puts(out, ") | ");
	okr_md_person(out, r->cfg, ro->obj->owner);
	okr_buf_puts(out, " | ");
	okr_score_put(out, ro->score);
	okr_buf_printf(out, " | %s |\n", judged);
}

/* A closed period's final grades, in place of the pace: nothing is at
 * risk any more, and nobody is chased. */
static void
agenda_grades(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_printf(out, "%s closed on ", r->period.name);
	okr_md_date(out, r->closed_on);
	okr_buf_puts(out, ": the scores are final, nothing is chased.\n\n"
			  "| Objective | Owner | Final score | Grade |\n|---|---|---:|---|\n");
	for (i = 0; i < r->nobjs; i++) {
		const struct okr_report_obj *ro = &r->objs[i];
		bool dropped = okr_objective_dropped(ro->obj, r->as_of);

		obj_row(out, r, ro, dropped ? "dropped" : okr_grade_name(ro->grade));
	}
}

/* The objectives at risk and off track (n of them), off track first. */
static void
agenda_risks(struct okr_buf *out, const struct okr_report *r, size_t n)
{
	size_t i;
	int st;

	if (!n) {
		okr_buf_puts(out, "Every objective is on track or done.\n");
	} else {
		okr_buf_puts(out, "| Objective | Owner | Score | Status |\n|---|---|---:|---|\n");
		/* off track first: they need the most time */
		for (st = OKR_STATUS_OFF_TRACK; st <= OKR_STATUS_AT_RISK; st++) {
			for (i = 0; i < r->nobjs; i++) {
				const struct okr_report_obj *ro = &r->objs[i];

				if ((int)ro->status != st || !at_stake(r, ro))
					continue;
				obj_row(out, r, ro, okr_status_name(ro->status));
			}
		}
	}
}

void
okr_agenda_markdown(struct okr_buf *out, const struct okr_report *r, okr_date meeting)
{
	const struct okr_config *cfg = r->cfg;
	size_t items[NSEC] = { 1, 0, 0, 0, 0, 1 }, i;
	int minutes[NSEC], clock = cfg->meeting_minute;

	items[SEC_CHANGED] = r->ncheckins;
	for (i = 0; i < r->nobjs; i++)
		items[SEC_RISK] += r->closed || (at_stake(r, &r->objs[i]) &&
			(r->objs[i].status == OKR_STATUS_AT_RISK ||
			 r->objs[i].status == OKR_STATUS_OFF_TRACK));
	items[SEC_STALE] = r->nstale;
	items[SEC_OVERDUE] = r->noverdue;
	allot(minutes, cfg->meeting_length, items);

	okr_buf_puts(out, "# OKR meeting ");
	okr_md_date(out, meeting);
	okr_buf_printf(out, " %02d:%02d (%d min)\n\n", cfg->meeting_minute / 60,
		       cfg->meeting_minute % 60, cfg->meeting_length);
	okr_md_escape(out, cfg->organisation ? cfg->organisation : "OKR");
	okr_buf_printf(out, ", %s, as of ", r->period.name);
	okr_md_date(out, r->as_of);
	okr_buf_puts(out, "\\\n");
	okr_md_header_lines(out, r);

	if (!r->nobjs) {
		/* nothing to judge: never "all on track" */
		okr_buf_printf(out, "\nNo objectives in %s yet, so nothing to review: use the "
			       "meeting to agree on them (see okr-new(1)).\n", r->period.name);
		return;
	}

	agenda_section(out, 1, "Welcome and round of owners", minutes[SEC_WELCOME], &clock);
	okr_buf_puts(out, "Each owner: where the objective stands, and what is in the way.\n");

	agenda_section(out, 2, "What changed since the last meeting", minutes[SEC_CHANGED], &clock);
	agenda_changes(out, r);

	if (r->closed) {
		agenda_section(out, 3, "Final grades", minutes[SEC_RISK], &clock);
		agenda_grades(out, r);
	} else {
		agenda_section(out, 3, "At risk and off track", minutes[SEC_RISK], &clock);
		agenda_risks(out, r, items[SEC_RISK]);
	}

	agenda_section(out, 4, "Who has not checked in", minutes[SEC_STALE], &clock);
	if (r->nstale)
		okr_md_stale_table(out, r);
	else if (r->closed)
		okr_buf_printf(out, "Nobody is chased: %s is closed.\n", r->period.name);
	else
		okr_buf_printf(out, "Everyone checked in within %d days.\n", cfg->checkin_days);

	agenda_section(out, 5, "Overdue milestones", minutes[SEC_OVERDUE], &clock);
	if (r->noverdue)
		okr_md_overdue_table(out, r);
	else if (r->closed)
		okr_buf_printf(out, "None: %s is closed.\n", r->period.name);
	else
		okr_buf_puts(out, "None.\n");

	agenda_section(out, 6, "Decisions and next steps", minutes[SEC_WRAP], &clock);
	okr_buf_puts(out, "Who does what before the next meeting.\n");
}
