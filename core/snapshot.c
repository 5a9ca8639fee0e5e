/*
 * snapshot.c: a revision resolved once, okr.yaml read once at it, and the
 * steps from there to a report's figures (window, history, build).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "error.h"
#include "gittree.h"
#include "snapshot.h"

/* Later than any commit: 9999-12-31. */
#define OKR_DATE_FAR 2932896

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
	okr_tree_free(s->next);
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

int
okr_snapshot_read_as_of(struct okr_snapshot *s, const struct okr_period *period,
			okr_date as_of)
{
	/* every commit of rev, whatever its date: the rule picks by date */
	if (okr_snapshot_read(s, period, OKR_DATE_FAR) < 0)
		return -1;
	okr_asof_apply(s->history, period, as_of);
	return 0;
}

const struct okr_config *
okr_snapshot_config(const struct okr_snapshot *s)
{
	if (s->history && s->history->end && s->history->end->config)
		return s->history->end->config;
	return s->config;
}

/* The files of the period after r's at the snapshot's commit, for the
 * final report's "carried into". */
static int
add_carried(struct okr_snapshot *s, struct okr_report *r)
{
	struct okr_diags scratch = { 0 };
	struct okr_period next;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	int error;

	okr_period_of(&next, r->period.end + 1, r->cfg->fiscal_year_start);
	if (!s->next) {
		if ((error = git_commit_lookup(&commit, s->repo, &s->commit)) < 0 ||
		    (error = git_commit_tree(&tree, commit)) < 0) {
			okr_error_set_git(error, "cannot read revision '%s'", s->rev);
			goto done;
		}
		if ((error = okr_tree_load_git(&s->next, s->repo, tree, s->prefix, next.name,
					       &scratch)) < 0)
			goto done;
	}
	okr_report_add_carried(r, s->next);
	error = 0;
done:
	okr_diags_free(&scratch);
	git_tree_free(tree);
	git_commit_free(commit);
	return error;
}

int
okr_snapshot_report(struct okr_report **out, struct okr_snapshot *s,
		    const struct okr_window *w)
{
	if (okr_report_build_for(out, s->history, &w->period, w->from, w->as_of,
				 w->team, w->owner) < 0)
		return -1;
	if ((*out)->closed && add_carried(s, *out) < 0) {
		okr_report_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Whether a key result of period has no `updated`. */
static bool
needs_history(const struct okr_tree *tree, const struct okr_period *period)
{
	size_t i, j;

	if (okr_config_closed(tree->config, period->name, NULL))
		return false;
	for (i = 0; i < tree->nobjs; i++) {
		const struct okr_objective *o = tree->objs[i];

		if (strcmp(o->period, period->name) != 0)
			continue;
		for (j = 0; j < o->nkrs; j++)
			if (!o->krs[j].has_updated)
				return true;
	}
	return false;
}

void
okr_workdir_lastseen(struct okr_lastseen *seen, struct okr_snapshot **snap,
		     struct okr_git **g, const char *root,
		     const struct okr_tree *tree, okr_date as_of)
{
	struct okr_period period;

	memset(seen, 0, sizeof(*seen));
	*snap = NULL;
	*g = NULL;
	okr_period_of(&period, as_of, tree->config->fiscal_year_start);
	if (as_of < period.start || !needs_history(tree, &period) ||
	    okr_git_open(g, root) < 0 ||
	    git_repository_head_unborn(okr_git_repo(*g)) != 0 ||
	    okr_snapshot_open(snap, okr_git_repo(*g), okr_git_workdir_prefix(*g), NULL) < 0 ||
	    okr_snapshot_read(*snap, &period, as_of) < 0) {
		okr_error_clear();
		return;
	}
	okr_lastseen_build(seen, (*snap)->history, as_of);
}

int
okr_view_open(struct okr_view *v, const char *root, const char *prefix, unsigned flags,
	      okr_date as_of)
{
	bool history = flags & OKR_VIEW_HISTORY;

	memset(v, 0, sizeof(*v));
	/* no git repository, or no commit yet: there is no history, and the
	 * working tree is all there is */
	if (history && (okr_git_open(&v->g, root) < 0 ||
			git_repository_head_unborn(okr_git_repo(v->g)) != 0)) {
		okr_git_free(v->g);
		v->g = NULL;
		okr_error_clear();
		history = false;
	}
	v->history = history;
	v->staleness = flags & OKR_VIEW_STALENESS;
	v->as_of = as_of;
	v->root = root;
	if (!history) {
		if (okr_tree_load_workdir_compact(&v->own, root, prefix, &v->diags) < 0)
			return okr_error_set("cannot load '%s': %s", root, strerror(errno));
		v->config = v->own->config;
		v->nerrors = v->diags.nerrors;
		return 0;
	}
	if (okr_snapshot_open(&v->snap, okr_git_repo(v->g), okr_git_workdir_prefix(v->g),
			      NULL) < 0)
		return -1;
	v->config = v->snap->config;
	return 0;
}

int
okr_view_read(struct okr_view *v, const struct okr_period *period)
{
	if (!v->history) {
		v->tree = v->own;
		if (v->staleness)
			okr_workdir_lastseen(&v->seen, &v->snap, &v->g, v->root, v->own, v->as_of);
		return 0;
	}
	if (okr_snapshot_read_as_of(v->snap, period, v->as_of) < 0)
		return -1;
	v->tree = v->snap->history->end;
	v->config = v->tree->config ? v->tree->config : v->snap->config;
	v->nerrors = v->snap->diags.nerrors;
	if (v->staleness)
		okr_lastseen_build(&v->seen, v->snap->history, v->as_of);
	return 0;
}

void
okr_view_close(struct okr_view *v)
{
	okr_lastseen_free(&v->seen);
	okr_snapshot_free(v->snap);
	okr_git_free(v->g);
	okr_tree_free(v->own);
	okr_diags_free(&v->diags);
	memset(v, 0, sizeof(*v));
}
