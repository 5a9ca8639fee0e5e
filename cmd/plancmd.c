/*
 * plancmd.c: the command-side steps okr update, new, close, carry and mv
 * share (see plancmd.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "error.h"
#include "plancmd.h"

static int
refuse_file(struct okr_git *g, const char *relpath)
{
	int state;

	if (okr_git_file_status(g, relpath, &state) < 0)
		return -1;
	if (state == OKR_GIT_MODIFIED)
		return okr_error_set("'%s' has uncommitted changes; commit or stash them "
				     "first (nothing was changed)", relpath);
	if (state == OKR_GIT_UNTRACKED)
		return okr_error_set("'%s' is not committed yet; commit it first "
				     "(nothing was changed)", relpath);
	return 0;
}

int
okr_refuse_uncommitted(struct okr_git *g, const struct okr_tree *tree,
		       const char *period)
{
	size_t i;

	if (refuse_file(g, "okr.yaml") < 0)
		return -1;
	for (i = 0; i < tree->nobjs; i++)
		if ((!period || strcmp(tree->objs[i]->period, period) == 0) &&
		    refuse_file(g, tree->objs[i]->path) < 0)
			return -1;
	return 0;
}

void
okr_backdate_author(okr_date day)
{
	time_t now = time(NULL);
	struct tm tm;
	char ymd[16], when[64];
	long off;

	if (!localtime_r(&now, &tm))
		return;
	off = tm.tm_gmtoff / 60;
	snprintf(when, sizeof(when), "%s %02d:%02d:%02d %c%02ld%02ld",
		 okr_date_format(ymd, day), tm.tm_hour, tm.tm_min, tm.tm_sec,
		 off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	setenv("GIT_AUTHOR_DATE", when, 1);
}

void
okr_report_commit(struct okr_git *g, const git_oid *oid, const char *subject)
{
	git_reference *head = NULL;
	const char *where = "detached HEAD";
	char hex[8];

	git_oid_tostr(hex, sizeof(hex), oid);
	if (git_repository_head(&head, okr_git_repo(g)) == 0 &&
	    git_reference_is_branch(head))
		where = git_reference_shorthand(head);
	else
		git_error_clear();
	okr_say(stdout, "[%s %s] %s\n", where, hex, subject);
	git_reference_free(head);
}
