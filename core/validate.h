/*
 * validate.h: the checks that need more than one file (parents, alignment,
 * owners) and the warnings judged at a date (stale key results, overdue
 * milestones, due dates).
 */
#ifndef OKR_VALIDATE_H
#define OKR_VALIDATE_H

#include "date.h"
#include "diag.h"
#include "tree.h"

/* Checks across files (parents, alignment, owners) and the warnings judged
 * at as_of (stale key results, overdue milestones, due dates). */
void okr_tree_validate(const struct okr_tree *tree, okr_date as_of,
		       struct okr_diags *diags);

/* The alignment errors of objective o alone (missing-parent,
 * misplaced-parent): its parent is looked up in tree, which need hold
 * nothing else. */
void okr_validate_parent(const struct okr_tree *tree, const struct okr_objective *o,
			 struct okr_diags *diags);

#endif
