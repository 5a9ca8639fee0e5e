/*
 * gittree.h: the OKR files of a git tree (a commit's snapshot): okr.yaml
 * and the objective files, by the layout rules of layout.h, read through
 * history's object store (odb.h).
 */
#ifndef OKR_GITTREE_H
#define OKR_GITTREE_H

#include <git2.h>

#include "diag.h"
#include "odb.h"
#include "tree.h"

/*
 * Load the OKR files of a git tree (the tree of a commit), limited to one
 * period folder when period is not NULL. okr_prefix is the OKR root's path
 * inside the repository ("" or "sub/"). Problems of a file go to diags; an
 * object that cannot be read is an error (-1, error.h names it).
 */
int okr_tree_load_git(struct okr_tree **out, git_repository *repo,
		      const git_tree *root, const char *okr_prefix,
		      const char *period, struct okr_diags *diags);

/* The same from the tree with id root, read through odb. */
int okr_gittree_load(struct okr_tree **out, struct okr_odb *odb, git_repository *repo,
		     const git_oid *root, const char *okr_prefix, const char *period,
		     struct okr_diags *diags);

/*
 * okr_gittree_load in two halves, for a caller with other work meanwhile:
 * start reads okr.yaml (*cfg: the tree's settings, final from now on) and
 * leaves the objective files to a thread of its own, with a store shared
 * from odb (freed before odb); finish waits for it and hands over the tree,
 * its problems appended to diags. A finish is due for every start that
 * returned 0; start on failure leaves nothing to finish.
 */
struct okr_gittree_job;
int okr_gittree_load_start(struct okr_gittree_job **out, const struct okr_config **cfg,
			   struct okr_odb *odb, git_repository *repo, const git_oid *root,
			   const char *okr_prefix, const char *period,
			   struct okr_diags *diags);
int okr_gittree_load_finish(struct okr_tree **out, struct okr_gittree_job *j,
			    struct okr_diags *diags);

/*
 * The tree of the commit rev names ("HEAD" when NULL) into *out, to free
 * with git_tree_free. -1 (error.h says why) when rev names nothing that
 * has a tree, or the branch has no commits yet.
 */
int okr_rev_tree(git_tree **out, git_repository *repo, const char *rev);

/* A tree without objectives and with the default settings, rooted where
 * repo's working tree has its OKR root. */
struct okr_tree *okr_gittree_empty(git_repository *repo, const char *okr_prefix);

#endif
