/*
 * snapshot.h: the one path from a git revision to a report's figures. A
 * snapshot is a revision resolved once with okr.yaml read once at it; on
 * it, the report's window is chosen, the period's history read up to the
 * as-of date, and the figures built. okr report and okr agenda are a few
 * lines each on top of this.
 */
#ifndef OKR_SNAPSHOT_H
#define OKR_SNAPSHOT_H

#include <git2.h>

#include "date.h"
#include "diag.h"
#include "history.h"
#include "model.h"
#include "report.h"

struct okr_snapshot {
	git_repository *repo;		/* borrowed */
	char *prefix;			/* the OKR root inside the repository */
	char *rev;			/* as named ("HEAD" by default), for
					 * messages */
	git_oid commit;			/* rev, resolved once */
	struct okr_config *config;	/* okr.yaml at commit */
	struct okr_history *history;	/* after okr_snapshot_read */
	struct okr_diags diags;		/* file errors the history met */
};

/*
 * Resolve rev ("HEAD" when NULL) in repo and read okr.yaml there. okr_prefix
 * as in okr_history_read. -1 (okr_error_last says why) when rev is not a
 * commit (an unborn branch: "no commits yet") or has no readable okr.yaml.
 */
int okr_snapshot_open(struct okr_snapshot **out, git_repository *repo,
		      const char *okr_prefix, const char *rev);
void okr_snapshot_free(struct okr_snapshot *s);

/* A report's window: the objectives of period, check-ins from `from` to
 * as_of inclusive. */
struct okr_window {
	struct okr_period period;
	okr_date from, as_of;
	bool monthly;
};

/*
 * The window named by which: NULL for the period holding as_of, a period
 * ("2026-Q4") or a month ("2026-11", of the quarter that holds it). A past
 * window is reported as it ended (as_of moves back to its end). -1 with
 * okr_error_last for a name that is neither, or an as-of date before the
 * month.
 */
int okr_window_of(struct okr_window *w, const struct okr_config *cfg,
		  const char *which, okr_date as_of);

/*
 * Read the history of period from its start up to as_of (into
 * s->history). -1 when it cannot be read, or when no commit is as old as
 * as_of ("no commit on or before ...").
 */
int okr_snapshot_read(struct okr_snapshot *s, const struct okr_period *period,
		      okr_date as_of);

/* okr.yaml as committed at the as-of date (after okr_snapshot_read), else
 * at the revision: the cadence a meeting is judged by. */
const struct okr_config *okr_snapshot_config(const struct okr_snapshot *s);

/*
 * The figures of window w from s->history (okr_snapshot_read first, for
 * w->period and an as-of date on or after w->as_of). The report points into
 * s: free it first.
 */
int okr_snapshot_report(struct okr_report **out, const struct okr_snapshot *s,
			const struct okr_window *w);

#endif
