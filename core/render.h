/*
 * render.h: what the human and the machine views (list, status, agenda)
 * say about key results, as plain text without colour: values as they are
 * shown, whose a key result is, and what needs following up at a date.
 */
#ifndef OKR_RENDER_H
#define OKR_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "model.h"
#include "number.h"
#include "tree.h"

/* A shown value: text ("" when it does not apply), and the number behind
 * it where there is one (for JSON, which wants numbers as numbers). */
struct okr_value {
	char text[OKR_NUM_SIZE];
	bool is_number;
	double number;
};

/*
 * A key result's current value and target as okr list shows them:
 * metric: current and target numbers; threshold: current and the
 * at_least/at_most bound; binary: "done"/"not-done" and "done";
 * milestone: "<done>/<total>" and the total.
 */
void okr_kr_current(struct okr_value *out, const struct okr_kr *kr);
void okr_kr_target(struct okr_value *out, const struct okr_kr *kr);

/*
 * Whether owner (an owner field: a team key or "Name <email>") is who.
 * who is an owner string (matched exactly), a team key, an email or a
 * "Name <email>" (emails compare case-insensitively). With via_team,
 * team membership counts too: a result owned by a team is who's when
 * who's email is its lead's or a member's, and a result owned by a person
 * is team who's when that person leads or is a member of it.
 */
bool okr_owner_matches(const struct okr_config *cfg, const char *owner,
		       const char *who, bool via_team);

/*
 * An owner as people recognise it (SPEC section 5): "Name" of "Name
 * <email>"; a team key as its name and its lead, "Platform (Ola
 * Nordmann)", someone to talk to (the name alone when it has no lead; the
 * key when teams does not declare it). "" for NULL. The caller frees it.
 */
char *okr_owner_display(const struct okr_config *cfg, const char *owner);

/* The team of an owner, for okr list: the owner itself when it is a team
 * key, else the first team in teams that has the person as lead or
 * member; "" when none. Points into cfg. */
const char *okr_owner_team(const struct okr_config *cfg, const char *owner);

enum okr_attention_kind {
	OKR_ATTENTION_STALE,	/* no check-in within cadence.checkin */
	OKR_ATTENTION_OVERDUE,	/* due date passed, not done */
};

/* One thing to follow up; pointers into the tree it was found in. */
struct okr_attention {
	enum okr_attention_kind kind;
	const struct okr_objective *obj;
	const struct okr_kr *kr;	/* NULL for an objective milestone */
	const struct okr_milestone *ms;	/* NULL when the key result itself */
	const char *owner;		/* who is chased */
	okr_date date;			/* stale: last check-in (the period
					 * start when never); overdue: due */
	bool never;			/* stale and never checked in */
};

struct okr_lastseen;

/*
 * What needs attention at as_of among the objectives of period: stale key
 * results and overdue milestones (and key results with a passed due), by
 * the rules okr check warns with; a key result's last check-in is the
 * later of `updated` and its last change in seen (NULL: `updated` alone).
 * *out is malloc'd (NULL when none), in tree order; free it with free().
 */
int okr_attention_collect(struct okr_attention **out, size_t *n,
			  const struct okr_tree *tree, const struct okr_period *period,
			  okr_date as_of, const struct okr_lastseen *seen);

#endif
