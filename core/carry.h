/*
 * carry.h: okr carry (SPEC section 8): unfinished key results copied into
 * the objective of the same id in another period, starting where they
 * stand, each with carried_from:.
 */
#ifndef OKR_CARRY_H
#define OKR_CARRY_H

#include "buf.h"
#include "gitmulti.h"
#include "tree.h"

/* One thing to carry: a key result, or (kr NULL) every unfinished key
 * result of an objective. */
struct okr_carry_item {
	const struct okr_objective *obj;
	const struct okr_kr *kr;
};

/*
 * The changes that carry items (all of one period, in from) into the
 * period to of dest (okr.yaml and that period's folder, with documents):
 * new key results appended to existing objective files, missing files
 * created. Refused (-1, okr_error_last()) for a done or dropped key
 * result, an id the target objective has already, an objective with
 * nothing unfinished, a closed target period. Notes for the user (a parent
 * left out) are appended to warnings, one line each.
 */
int okr_carry_prepare(struct okr_changeset *out, struct okr_buf *warnings,
		      const struct okr_tree *dest, const char *to,
		      const struct okr_carry_item *items, size_t n,
		      const char *message);

/* Whether a key result is finished (progress 1) and so is not carried. */
bool okr_kr_finished(const struct okr_kr *kr);

#endif
