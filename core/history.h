/*
 * history.h: what the git history says about a period: every check-in
 * (who, when, which key result, value, confidence, message), the state of
 * the OKR files at the period's start and at the as-of date, and each key
 * result's value at any day in between. Read from first-parent history,
 * trusting okr's trailers (Okr-Ref, Okr-Value, Okr-Confidence) where a
 * commit has them and comparing trees only where it has not (hand edits,
 * merges).
 */
#ifndef OKR_HISTORY_H
#define OKR_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include <git2.h>

#include "date.h"
#include "gittree.h"
#include "model.h"
#include "tree.h"

struct okr_checkin {
	const char *ref;	/* "2026-Q4/platform/x#kr" */
	int64_t time;		/* author time, seconds since the epoch */
	int offset;		/* author time zone, minutes east of UTC */
	okr_date date;		/* the author date's day in its own zone */
	const char *author;	/* name */
	const char *email;
	const char *value;	/* as recorded: "420", "done", "not-done" */
	double number;		/* value as a number (done = 1, not-done = 0;
				 * with Okr-Milestone, the key result's share
				 * of milestones done after the check-in) */
	bool has_number;
	double confidence;
	bool has_confidence;
	const char *message;	/* the body the user wrote ("" when none) */
	bool hand_edit;		/* found by comparing trees: no trailers */
	bool plan;		/* okr log only: a plan change, value says
				 * which (okr_hist_plan_line) */
	git_oid commit;
};

/* A target or bound moved by okr update --target (trailer Okr-Target: <old>
 * -> <new>), dated by its author date: no check-in, but the report marks
 * the key result's row with it (SPEC section 8). */
struct okr_target_change {
	struct okr_target_change *next;	/* the one before it */
	const char *ref;	/* "2026-Q4/platform/x#kr" */
	const char *from, *to;	/* as recorded: "100", "120" */
	okr_date date;
};

struct okr_history {
	struct okr_checkin *v;	/* oldest first */
	size_t n;
	struct okr_tree *start;	/* the files when the period began (from
				 * the last commit before its first day; an
				 * empty tree when there is none) */
	struct okr_tree *end;	/* the files at the as-of date (the last
				 * commit on or before it) */
	git_oid end_commit;	/* zero when no commit is that old */
	bool shallow;		/* the walk stopped at a shallow boundary */
	okr_date history_from;	/* with shallow: the oldest commit's day */
	/* the contributors of the window: distinct emails, sorted */
	const char **contributors;
	size_t ncontributors;
	/* the period's target changes up to the as-of day, newest first (in
	 * arena); okr_history_read only */
	struct okr_target_change *targets;
	struct okr_arena arena;	/* strings of the check-ins */
};

/*
 * Read the history of one period's folder, from rev ("HEAD" when NULL)
 * back to the period's start. okr_prefix is the OKR root's path inside the
 * repository ("" or "sub/"). Check-ins are kept from the day `from` up to
 * the day as_of, inclusive (a month, for a monthly report; the period
 * start for the quarter). Errors go to diags when they concern a file, or
 * return -1 with git's message in err.
 */
int okr_history_read(struct okr_history **out, git_repository *repo,
		     const char *okr_prefix, const char *rev,
		     const struct okr_period *period, okr_date from,
		     okr_date as_of, struct okr_diags *diags, struct okr_buf *err);
void okr_history_free(struct okr_history *h);

/*
 * The value of a key result (ref as in okr_checkin) at the end of day, as
 * the check-ins and the start snapshot tell it; false when it did not
 * exist yet or has no number.
 */
bool okr_history_value_at(const struct okr_history *h, const char *ref,
			  okr_date day, double *out);

/*
 * okr_history_value_at for each of days[0..n), with one look-up of ref:
 * out[i] and known[i] as it would give them.
 */
void okr_history_values_at(const struct okr_history *h, const char *ref,
			   const okr_date *days, size_t n, double *out, bool *known);

/*
 * The check-ins' own copy of ref (okr_checkin.ref points at one copy per
 * key result), or NULL when no check-in names it.
 */
const char *okr_history_ref(const struct okr_history *h, const char *ref);

/*
 * Key result id of objective o (of h->end or HEAD) in the start snapshot,
 * under the name it had then (okr mv's renames followed back); NULL when
 * it was not there.
 */
const struct okr_kr *okr_history_start_kr(const struct okr_history *h,
					  const struct okr_objective *o, const char *id);

/*
 * What okr log shows: the check-ins of refs (the key results of the one
 * objective file relpath, "2026-Q4/platform/x.yaml" below the OKR root) in
 * the whole first-parent history of rev ("HEAD" when NULL), up to the day
 * as_of. Reads only trailers that name one of refs and, for commits without
 * trailers, that file's blob ids. Oldest first in v, like
 * okr_history_read; a check-in without a body has the commit's subject as
 * its message. start and end are empty trees; shallow and history_from as
 * above.
 */
int okr_history_log(struct okr_history **out, git_repository *repo,
		    const char *okr_prefix, const char *rev, const char *relpath,
		    const char *const *refs, size_t nrefs, okr_date as_of,
		    struct okr_buf *err);

/*
 * What okr mv made of ref ("P/obj#kr" or "P/obj") by rev ("HEAD" when
 * NULL): its name there in *out (malloc'd), or NULL when no Okr-Renamed
 * trailer renamed it. For okr log's hint when a name is gone; walks the
 * whole first-parent history. 0, or -1 (error.h).
 */
int okr_history_renamed(char **out, git_repository *repo, const char *rev, const char *ref);

#endif
