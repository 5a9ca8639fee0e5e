/*
 * report.h: the figures of the quarterly (or monthly) report and of the
 * weekly meeting's agenda, worked out once from a period's history
 * (report.c), and the report's two renderers (report_md.c, report_json.c;
 * the agenda's is agenda.h). Nothing here prints or reads files: the same
 * history and dates always give the same bytes.
 */
#ifndef OKR_REPORT_H
#define OKR_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "history.h"
#include "model.h"
#include "score.h"

/* One key result as the report shows it (the model is the as-of state). */
struct okr_report_kr {
	const struct okr_objective *obj;
	const struct okr_kr *kr;
	char *ref;			/* "2026-Q4/platform/x#kr" */
	const struct okr_kr *start_kr;	/* at the window's start, NULL if none */
	bool has_start_value;
	double start_value;		/* metric/threshold/binary at the start */
	double start_progress;		/* 0 when it did not exist yet */
	double progress;
	double *trend;			/* weekly progress, -1 where unknown */
	size_t nweeks;
	okr_date last;			/* updated, else last check-in, else
					 * the window's start */
	bool has_last;			/* last comes from updated or a check-in */
	bool stale;
	/* okr update --target: the last change that set the target shown
	 * (SPEC section 8), with the target before it */
	bool target_changed;
	double target_from;
	okr_date target_date;
};

/* A key result or objective dropped by the as-of date: out of every
 * figure, listed apart with its date and reason (SPEC section 4). */
struct okr_report_drop {
	const struct okr_objective *obj;
	const struct okr_kr *kr;	/* NULL: the whole objective */
	char *ref;
	okr_date date;
	const char *reason;		/* NULL when the file gives none */
};

/* A key result of the next period carried from this one. */
struct okr_report_carried {
	const struct okr_objective *obj;	/* the next period's objective */
	const struct okr_kr *kr;
	char *ref;			/* its reference in the next period */
	const char *from;		/* its carried_from: */
};

struct okr_report_obj {
	const struct okr_objective *obj;
	double score;
	enum okr_status status;
	enum okr_grade grade;		/* with closed: replaces status */
	size_t first_kr, nkrs;		/* its key results in krs[] */
};

/* A milestone (of an objective or a key result) or a key result's due date
 * that has passed without being done. */
struct okr_report_overdue {
	okr_date due;
	const char *owner;
	char *ref;			/* objective or key-result reference */
	const char *title;		/* the milestone's; NULL for a due date */
};

enum okr_charts {
	OKR_CHARTS_SUMMARY,	/* the default: overall score and check-ins */
	OKR_CHARTS_ALL,		/* and score-and-pace per objective */
	OKR_CHARTS_NONE,
};

struct okr_report {
	const struct okr_config *cfg;
	struct okr_period period;
	char window_name[16];		/* "2026-Q4" or "2026-11" */
	bool monthly;
	okr_date from, as_of;		/* the window, inclusive */
	bool shallow;
	okr_date history_from;
	struct okr_report_obj *objs;	/* sorted by id */
	size_t nobjs;
	struct okr_report_kr *krs;	/* by objective, then file order */
	size_t nkrs;
	/* dropped by the as-of date: out of every mean and count, SPEC 4 */
	size_t nobjs_dropped, nkrs_dropped;
	const struct okr_checkin **checkins;	/* in the window, oldest first */
	size_t ncheckins;
	char **contributors;		/* emails of the window, sorted */
	size_t ncontributors;
	double score;			/* mean of the objective scores */
	size_t by_status[4];		/* indexed by enum okr_status */
	/* a closed period (okr.yaml's closed:): the final report, scores from
	 * score:, grades instead of pace statuses (SPEC section 8) */
	bool closed;
	okr_date closed_on;
	size_t by_grade[3];		/* indexed by enum okr_grade */
	size_t nstale;
	double discipline;		/* share of key results not stale */
	size_t *movers;			/* indexes into krs, biggest gain first:
					 * metric, threshold, milestone */
	size_t nmovers;
	size_t *done;			/* binary key results done in the
					 * window, by ref */
	size_t ndone;
	size_t *stale;			/* indexes into krs, by owner then ref */
	struct okr_report_overdue *overdue;	/* by due, owner, ref, title */
	size_t noverdue;
	/* weekly series, the trend's weeks: week w runs from from + 7w to
	 * the end of day week_end[w] (as_of for the last, partial one) */
	size_t nweeks;
	okr_date *week_end;
	double *week_score;		/* mean of the objectives' scores */
	double *week_expected;		/* the share of the period elapsed */
	size_t *week_checkins;
	double *obj_week_score;		/* nobjs rows of nweeks */
	struct okr_report_drop *drops;	/* by date, then ref */
	size_t ndrops;
	/* the final report's "carried into" (okr_report_add_carried) */
	bool has_next;
	struct okr_period next;
	struct okr_report_carried *carried;	/* by ref */
	size_t ncarried;
	enum okr_charts charts;		/* for the Markdown; set by the caller */
	const char *team, *owner;	/* the narrowing, NULL for none */
};

/*
 * Work out a report on the objectives of period from history h (read with
 * okr_history_read from the period's first day up to as_of, or further
 * back): check-ins, contributors and the trend's first week count from the
 * day `from` (the period's start, or a month's first day). The report
 * points into h and h->end: free it before them. A period without
 * objectives is an empty report. Returns -1 (okr_error_last says why) when
 * h has no files at the as-of date.
 */
int okr_report_build(struct okr_report **out, const struct okr_history *h,
		     const struct okr_period *period, okr_date from,
		     okr_date as_of);

/*
 * The same narrowed (SPEC section 5): with team, to the objectives owned by
 * the team or by its lead or members, and everything aligned below them;
 * with owner, to what that person owns plus their teams' objectives. Every
 * figure is computed on the narrowed set. team and owner must outlive r.
 */
int okr_report_build_for(struct okr_report **out, const struct okr_history *h,
			 const struct okr_period *period, okr_date from, okr_date as_of,
			 const char *team, const char *owner);

/*
 * Whether team (a key of cfg's teams) and owner (a person: a lead, member
 * or ambassador, or an owner of one of tree's objectives) are known; -1
 * with okr_error_last naming the closest known one ("did you mean ...").
 */
int okr_report_check_filter(const struct okr_config *cfg, const struct okr_tree *tree,
			    const char *team, const char *owner);
void okr_report_free(struct okr_report *r);

/*
 * The plan changes of the report's key results (report_final.c): each
 * row's target change from h's Okr-Target trailers, and the items dropped
 * by the as-of date. Called by okr_report_build_for.
 */
void okr_report_plan_changes(struct okr_report *r, const struct okr_history *h);

/*
 * The final report's "carried into the next period": the key results of
 * next (the files of the period after r's, at the report's revision) whose
 * carried_from: names one of r's objectives. next must outlive r.
 */
void okr_report_add_carried(struct okr_report *r, const struct okr_tree *next);

/* "committed" or "aspirational". */
const char *okr_report_type_name(const struct okr_objective *o);

/* The report as GitHub-flavoured Markdown (report_md.c) or JSON
 * (report_json.c). */
void okr_report_markdown(struct okr_buf *out, const struct okr_report *r);
void okr_report_json(struct okr_buf *out, const struct okr_report *r);

#endif
