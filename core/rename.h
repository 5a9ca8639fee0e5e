/*
 * rename.h: okr mv (SPEC section 8): a key result's id within its
 * objective, or an objective within its period (the file moved, every
 * parent: naming it rewritten), as one set of byte-exact changes.
 */
#ifndef OKR_RENAME_H
#define OKR_RENAME_H

#include "gitmulti.h"
#include "tree.h"

/* obj#kr becomes obj#new_id: one file, its id: value. */
int okr_rename_kr(struct okr_changeset *out, const struct okr_config *cfg,
		  const struct okr_objective *obj, const struct okr_kr *kr,
		  const char *new_id);

/* obj (in tree, its period loaded with documents) becomes new_id in the
 * same period: the old file deleted, the same bytes at the new path, and
 * the parent: of each objective of the period that named it. */
int okr_rename_objective(struct okr_changeset *out, const struct okr_tree *tree,
			 const struct okr_objective *obj, const char *new_id);

#endif
