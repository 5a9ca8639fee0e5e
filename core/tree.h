/*
 * tree.h: an OKR repository loaded whole (a working tree or a git tree):
 * okr.yaml's settings and every objective file of the period folders.
 * Loading the working tree is tree.c's; a git tree's is gittree.c's; both
 * follow the layout rules of layout.h.
 */
#ifndef OKR_TREE_H
#define OKR_TREE_H

#include "date.h"
#include "diag.h"
#include "model.h"

/* The loaded repository (a working tree or a git tree). */
struct okr_tree {
	char *root;			/* absolute path of the folder with okr.yaml */
	struct okr_config *config;
	struct okr_objective **objs;	/* sorted by (period, id) */
	size_t nobjs;
};

/* Find the folder holding okr.yaml from start upwards; *out is malloc'd. */
int okr_root_find(char **out, const char *start);

/*
 * Load okr.yaml and every objective below root from the file system.
 * cwd_rel is the working folder's path below root ("" or ending in '/'):
 * diagnostics name files relative to it, as git does.
 */
int okr_tree_load_workdir(struct okr_tree **out, const char *root,
			  const char *cwd_rel, struct okr_diags *diags);
/* The same, with each objective compacted as it is loaded (for commands
 * that do not edit): a ten-thousand-file repository in a fraction of the
 * memory. */
int okr_tree_load_workdir_compact(struct okr_tree **out, const char *root,
				  const char *cwd_rel, struct okr_diags *diags);
/* Only okr.yaml and one period folder: period, or when NULL the period
 * holding date. For commands that write one objective (update, new):
 * references and alignment never leave a period. */
int okr_tree_load_period(struct okr_tree **out, const char *root,
			 const char *cwd_rel, const char *period, okr_date date,
			 struct okr_diags *diags);
/*
 * What a check-in reads: okr.yaml, the objective ref names in period (or,
 * when NULL, the period holding date) and that objective's parent, the
 * objective files picked as okr_ref_resolve would pick them from a load of
 * the whole period. A reference that names no file, several, or one that
 * does not load loads the whole period (okr_tree_load_period), so that
 * resolving it gives the same errors and the diagnostics to hint with.
 */
int okr_tree_load_ref(struct okr_tree **out, const char *root,
		      const char *cwd_rel, const char *period, const char *ref,
		      okr_date date, struct okr_diags *diags);
/* The same, each objective compacted: for commands that read one period
 * and edit nothing (log). */
int okr_tree_load_period_compact(struct okr_tree **out, const char *root,
				 const char *cwd_rel, const char *period, okr_date date,
				 struct okr_diags *diags);
/* rel (below the root) as seen from cwd_rel: "t/a.yaml", "../okr.yaml". */
char *okr_path_display(const char *cwd_rel, const char *rel);
void okr_tree_free(struct okr_tree *tree);

/* qsort order of tree->objs: (period, id), on struct okr_objective *. */
int okr_objective_cmp(const void *a, const void *b);

/* The objective with this period and id, or NULL. */
struct okr_objective *okr_tree_find(const struct okr_tree *tree,
				    const char *period, const char *id);
/* Its index in tree->objs into *out: 0, or -1 when there is none. */
int okr_tree_index(size_t *out, const struct okr_tree *tree, const char *period,
		   const char *id);

#endif
