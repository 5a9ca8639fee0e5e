/*
 * lastseen.h: each key result's last check-in as git history tells it
 * (SPEC section 4: the later of `updated` and the date of the last change
 * to its values), for every command that judges staleness: report and
 * agenda, and check, status and list for key results without `updated`.
 * Owns the rule; history.c owns reading the changes.
 */
#ifndef OKR_LASTSEEN_H
#define OKR_LASTSEEN_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "history.h"
#include "model.h"

struct okr_lastseen_entry {
	const char *ref;	/* "2026-Q4/platform/x#kr", into the history */
	okr_date date;		/* its last change on or before the as-of date */
};

/* One entry per key result, sorted by the address of history's copy of
 * its ref. */
struct okr_lastseen {
	const struct okr_history *h;
	struct okr_lastseen_entry *v;
	size_t n;
};

/* The last change of each key result in h dated on or before as_of (by
 * date, not by commit order). Points into h: free it first. */
void okr_lastseen_build(struct okr_lastseen *out, const struct okr_history *h,
			okr_date as_of);
void okr_lastseen_free(struct okr_lastseen *s);

/* The date of ref's last change; false when history has none (or s is
 * NULL). */
bool okr_lastseen_find(const struct okr_lastseen *s, const char *ref, okr_date *out);

/*
 * A key result's last check-in: the later of `updated` and its last change
 * in s (ref is its "period/objective#kr"). false, and *out the period's
 * start, when there is neither.
 */
bool okr_last_checkin(okr_date *out, const struct okr_kr *kr, const char *ref,
		      const struct okr_lastseen *s, okr_date period_start);

/*
 * okr_tree_validate, with staleness judged by okr_last_checkin against s
 * (NULL: `updated` alone, as with no history).
 */
void okr_tree_validate_seen(const struct okr_tree *tree, okr_date as_of,
			    const struct okr_lastseen *s, struct okr_diags *d);

#endif
