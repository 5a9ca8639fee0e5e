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
#include "git.h"
#include "history.h"
#include "lastseen.h"
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
	struct okr_tree *next;		/* a closed period's next one, at
					 * commit (okr_snapshot_report) */
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
	const char *team, *owner;	/* report --team / --owner, or NULL */
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

/*
 * The files of period as of as_of by SPEC section 8's rule (asof.h):
 * HEAD's (rev's) objectives with each key result's values from its last
 * change dated on or before as_of; s->history->end holds them, and
 * s->history the period's check-ins up to rev. One walk of history.
 */
int okr_snapshot_read_as_of(struct okr_snapshot *s, const struct okr_period *period,
			    okr_date as_of);

/*
 * For commands that read the working tree (check, status, list): when a
 * key result of the period running at as_of has no `updated`, its last
 * check-in comes from history (SPEC section 4). Opens the repository at
 * root and reads that period's history from HEAD into *snap and *g (free
 * them after *seen), and fills *seen. Without a repository, a commit or
 * such a key result, *seen stays empty: `updated` alone counts.
 */
void okr_workdir_lastseen(struct okr_lastseen *seen, struct okr_snapshot **snap,
			  struct okr_git **g, const char *root,
			  const struct okr_tree *tree, okr_date as_of);

/*
 * What status and list read (SPEC section 5, "Details the commands
 * share"): without --as-of the working tree, untracked files included,
 * with history only for key results that lack `updated`; with --as-of
 * committed history from HEAD by the as-of rule, like report (without a
 * git repository or a commit there is no history: the working tree).
 */
struct okr_view {
	const struct okr_config *config;	/* after okr_view_open */
	const struct okr_tree *tree;		/* after okr_view_read */
	struct okr_lastseen seen;		/* last check-ins from history */
	size_t nerrors;				/* errors in the files read */
	bool history;				/* read from history */
	bool staleness;
	okr_date as_of;
	const char *root;
	struct okr_tree *own;
	struct okr_snapshot *snap;
	struct okr_git *g;
	struct okr_diags diags;
};

enum {
	OKR_VIEW_HISTORY = 1,	/* --as-of: read committed history */
	OKR_VIEW_STALENESS = 2,	/* the view judges staleness: fill seen */
};

/* -1 (okr_error_last says why) when the files cannot be read. */
int okr_view_open(struct okr_view *v, const char *root, const char *prefix,
		  unsigned flags, okr_date as_of);
/* The files of period (history: as of the as-of date). */
int okr_view_read(struct okr_view *v, const struct okr_period *period);
void okr_view_close(struct okr_view *v);

/* okr.yaml as committed at the as-of date (after okr_snapshot_read), else
 * at the revision: the cadence a meeting is judged by. */
const struct okr_config *okr_snapshot_config(const struct okr_snapshot *s);

/*
 * The figures of window w from s->history (okr_snapshot_read first, for
 * w->period and an as-of date on or after w->as_of); for a closed period,
 * with what was carried into the next one (its files at the revision). The
 * report points into s: free it first.
 */
int okr_snapshot_report(struct okr_report **out, struct okr_snapshot *s,
			const struct okr_window *w);

#endif
