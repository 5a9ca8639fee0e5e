/*
 * ref.h: key-result and objective references, "[<period>/]<objective-id>
 * [#<kr-id>]", resolved like git's short names: a unique suffix of the
 * objective id is enough.
 */
#ifndef OKR_REF_H
#define OKR_REF_H

#include "buf.h"
#include "tree.h"

struct okr_ref_match {
	struct okr_objective *obj;
	struct okr_kr *kr;	/* NULL for an objective reference */
};

/*
 * Resolve ref in tree. period is the default period ("2026-Q4") used when
 * ref names none. want_kr: the reference must name a key result (else it
 * must not). On failure returns -1 and puts a one-line reason in err (the
 * candidates of an ambiguous reference, or the closest known ones).
 */
int okr_ref_resolve(struct okr_ref_match *out, const struct okr_tree *tree,
		    const char *period, const char *ref, int want_kr,
		    struct okr_buf *err);

/* The objective part of a reference ("platform/x" of "2026-Q4/platform/x#kr"),
 * malloc'd; NULL when it is empty or holds "..": not a valid reference. */
char *okr_ref_objective(const char *ref);

/* Which of the n objective ids the objective part want names, as
 * okr_ref_resolve picks among loaded objectives: the id equal to want, else
 * the one id ending in "/" + want. Its index, or -1 when no id or several
 * match. */
long okr_ref_pick(const char *const *ids, size_t n, const char *want);

/* The period a reference names ("2026-Q4/x#kr"), copied into buf (at
 * least 8 bytes), or NULL when it names none. */
const char *okr_ref_period(char *buf, const char *ref);

/* "2026-Q4/platform/x#kr" (or without "#kr") into buf; returns buf->ptr. */
const char *okr_ref_format(struct okr_buf *buf, const struct okr_objective *obj,
			   const struct okr_kr *kr);

/* One way to write a reference to an objective of a period. */
struct okr_ref_form {
	char *form;		/* "latency", "platform/latency" */
	size_t obj;		/* index into the ids it was made from */
};

/*
 * Every form that names one of the n objective ids of a period, as
 * okr_ref_resolve reads them: each id whole, and each suffix at a '/' that
 * ends no other id and is no other's whole id. Sorted short forms first
 * (fewer '/'), then by name. Returns the count; free with
 * okr_ref_forms_free. Linear-logarithmic, for completion on ten thousand
 * files.
 */
size_t okr_ref_forms(struct okr_ref_form **out, const char *const *ids, size_t n);
void okr_ref_forms_free(struct okr_ref_form *forms, size_t n);

#endif
