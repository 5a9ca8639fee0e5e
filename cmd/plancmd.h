/*
 * plancmd.h: what okr close, carry and mv share on the command side: the
 * refusal of files with uncommitted work, the backdated author of --date
 * and git commit's one-line report.
 */
#ifndef OKR_PLANCMD_H
#define OKR_PLANCMD_H

#include <git2.h>

#include "date.h"
#include "git.h"
#include "model.h"
#include "tree.h"

/* Fails (okr_error_set) when okr.yaml or a file of period (every period
 * when NULL) in tree has changes not committed, or is not committed. */
int okr_refuse_uncommitted(struct okr_git *g, const struct okr_tree *tree,
			   const char *period);
/* GIT_AUTHOR_DATE for a change made "on" day, at the time of day it is. */
void okr_backdate_author(okr_date day);
/* "[branch abc1234] subject", as git commit prints it. */
void okr_report_commit(struct okr_git *g, const git_oid *oid, const char *subject);

#endif
