/*
 * draft.h: a new objective before it is a file (okr new): the "<period>/<id>"
 * it will live at, key results from "TITLE: START -> TARGET [UNIT]" specs
 * with ids made from their titles, the YAML okr writes for it, the round
 * trip through the user's editor, and its check against the objectives
 * already in its period.
 */
#ifndef OKR_DRAFT_H
#define OKR_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "model.h"
#include "tree.h"

/* One --kr: a metric key result (start, target, optional unit) or, with
 * start NULL, a binary one. id is filled by okr_draft_assign_ids. */
struct okr_kr_spec {
	char *title;
	char *start, *target, *unit;
	char *id;
	bool id_adjusted;	/* the id is not simply the title's: shortened
				 * to 32 characters, numbered (-2, -3), or
				 * "kr" for a title without letters or digits */
};

/* "TITLE: START -> TARGET [UNIT]"; the last ": " splits, and a tail that is
 * not a range leaves the whole text as the title of a binary key result.
 * A tail that looks like a range of words ("T: abc -> def") is an error
 * (okr_error_set), never quietly a binary key result. */
int okr_kr_spec_parse(struct okr_kr_spec *out, const char *s);
void okr_kr_spec_free(struct okr_kr_spec *spec);

/* Key-result ids from titles: lowercase ASCII letters and digits, other
 * runs of characters become '-', at most 32 characters, "kr" for a title
 * with none of them, -2, -3 for repeats. Fills each spec's id. */
void okr_draft_assign_ids(struct okr_kr_spec *specs, size_t n);

/* "2026-Q4/platform/latency": the period and the objective id, which may
 * hold only a-z, 0-9, '-', '_' and '/' (no empty part, no ".."). -1 with
 * okr_error_set when it is neither. *id points into target. */
int okr_draft_target_parse(struct okr_period *period, const char **id,
			   const char *target, int fiscal_year_start);

struct okr_draft {
	const char *objective, *level, *owner;
	const char *parent;		/* NULL: none */
	const struct okr_kr_spec *krs;	/* ids assigned */
	size_t nkrs;
	bool dated;			/* write updated: date on each key result */
	okr_date date;
};

/* The objective file okr writes: text quoted where YAML needs it; each key
 * result at its start value. */
void okr_draft_render(struct okr_buf *out, const struct okr_draft *d);

/* $GIT_EDITOR, $VISUAL or $EDITOR, as git picks one; NULL if none is set. */
const char *okr_editor(void);

/*
 * The user writes the file in editor: template goes into a new file made
 * from path (a mkstemps template ending in "XXXXXX.yaml", rewritten in
 * place), the editor runs on it through /bin/sh, and lines starting with '#'
 * are dropped from what it leaves (the others, blank ones too, are kept).
 * Returns 0 with the text in *out, 1 when the result is empty, -1 with
 * okr_error_set when the file cannot be made or read or the editor fails.
 * The file is left for the caller to remove (or keep for the user).
 */
int okr_draft_edit(struct okr_buf *out, char *path, const char *editor,
		   const char *template);

/* Put obj into tree->objs at its place in the (period, id) order; the tree
 * owns it from then on. */
void okr_tree_insert(struct okr_tree *tree, struct okr_objective *obj);

/*
 * Load buf as the objective file rel (display: its name for messages), put
 * it into tree (a loaded period) and validate the whole tree at as_of.
 * *errors receives the errors in that one file, the rest of the repository
 * being judged only as far as it bears on the new file. Returns 0 when
 * there are none, else -1.
 */
int okr_draft_check(struct okr_diags *errors, struct okr_tree *tree,
		    const char *rel, const char *display, const char *buf,
		    size_t len, okr_date as_of);

#endif
