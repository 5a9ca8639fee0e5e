/*
 * snapshot.c: a revision resolved once, okr.yaml read once at it, and the
 * steps from there to a report's figures (window, history, build).
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "snapshot.h"

/* okr.yaml in the tree of commit. */
static int
config_at(struct okr_config **out, git_repository *repo, const git_commit *commit,
	  const char *okr_prefix, const char *rev)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	struct okr_diags diags = { 0 };
	char *path = okr_xprintf("%sokr.yaml", okr_prefix);
	int error = -1;

	if (git_commit_tree(&tree, commit) < 0) {
		okr_error_set_git(-1, "cannot read revision '%s'", rev);
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, path) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, repo, git_tree_entry_id(entry)) < 0) {
		okr_error_set("'%s' is not committed at '%s'", path, rev);
		goto done;
	}
	if (okr_config_load(out, path, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob), &diags) < 0) {
		okr_error_set("cannot read '%s' at '%s'", path, rev);
		goto done;
	}
	error = 0;
done:
	okr_diags_free(&diags);
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	free(path);
	return error;
}

int
okr_snapshot_open(struct okr_snapshot **out, git_repository *repo,
		  const char *okr_prefix, const char *rev)
{
	struct okr_snapshot *s = okr_xcalloc(1, sizeof(*s));
	git_object *obj = NULL, *commit = NULL;
	const git_error *e;
	int error = -1;

	*out = NULL;
	s->repo = repo;
	s->prefix = okr_xstrdup(okr_prefix ? okr_prefix : "");
	s->rev = okr_xstrdup(rev ? rev : "HEAD");
	if (!rev && git_repository_head_unborn(repo) == 1) {
		okr_error_set("no commits yet: the report reads committed history");
		goto done;
	}
	if (git_revparse_single(&obj, repo, s->rev) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		e = git_error_last();
		okr_error_set("cannot read revision '%s': %s", s->rev,
			      e && e->message ? e->message : "not a commit");
		goto done;
	}
	git_oid_cpy(&s->commit, git_object_id(commit));
	if (config_at(&s->config, repo, (git_commit *)commit, s->prefix, s->rev) < 0)
		goto done;
	error = 0;
done:
	git_object_free(commit);
	git_object_free(obj);
	if (error < 0)
		okr_snapshot_free(s);
	else
		*out = s;
	return error;
}

void
okr_snapshot_free(struct okr_snapshot *s)
{
	if (!s)
		return;
	okr_history_free(s->history);
	okr_config_free(s->config);
	okr_diags_free(&s->diags);
	free(s->prefix);
	free(s->rev);
	free(s);
}

static bool
is_month(const char *s)
{
	okr_date a, b;

	return strlen(s) == 7 && okr_month_parse(&a, &b, s) == 0;
}

int
okr_window_of(struct okr_window *w, const struct okr_config *cfg,
	      const char *which, okr_date as_of)
{
	okr_date first = 0, last = 0;
	char day[16];

	memset(w, 0, sizeof(*w));
	if (which && is_month(which)) {
		w->monthly = true;
		okr_month_parse(&first, &last, which);
		okr_period_of(&w->period, first, cfg->fiscal_year_start);
		if (as_of < first)
			return okr_error_set("--as-of %s is before the month '%s'",
					     okr_date_format(day, as_of), which);
		if (as_of > last)
			as_of = last;
	} else if (which) {
		if (okr_period_parse(&w->period, which, cfg->fiscal_year_start) < 0)
			return okr_error_set("unknown period '%s' (expected YYYY-QN or YYYY-MM)",
					     which);
	} else {
		okr_period_of(&w->period, as_of, cfg->fiscal_year_start);
	}
	/* a past quarter is reported as it ended */
	if (as_of > w->period.end)
		as_of = w->period.end;
	w->as_of = as_of;
	w->from = w->monthly ? first : w->period.start;
	return 0;
}

int
okr_snapshot_read(struct okr_snapshot *s, const struct okr_period *period,
		  okr_date as_of)
{
	struct okr_buf err = OKR_BUF_INIT;
	char rev[GIT_OID_HEXSZ + 1], day[16];
	int error = -1;

	okr_history_free(s->history);
	s->history = NULL;
	/* the commit resolved once, by its id: no second lookup of a name */
	git_oid_tostr(rev, sizeof(rev), &s->commit);
	/* From the period's start even for a month: the month's first values
	 * and each key result's last check-in come from the weeks before. */
	if (okr_history_read(&s->history, s->repo, s->prefix, rev, period, period->start,
			     as_of, &s->diags, &err) < 0) {
		okr_error_set("%s", err.ptr ? err.ptr : "cannot read the history");
		goto done;
	}
	if (git_oid_is_zero(&s->history->end_commit)) {
		okr_error_set("no commit on or before %s", okr_date_format(day, as_of));
		goto done;
	}
	error = 0;
done:
	okr_buf_free(&err);
	return error;
}

const struct okr_config *
okr_snapshot_config(const struct okr_snapshot *s)
{
	if (s->history && s->history->end && s->history->end->config)
		return s->history->end->config;
	return s->config;
}

int
okr_snapshot_report(struct okr_report **out, const struct okr_snapshot *s,
		    const struct okr_window *w)
{
	return okr_report_build(out, s->history, &w->period, w->from, w->as_of);
}
