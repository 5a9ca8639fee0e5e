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

#endif
