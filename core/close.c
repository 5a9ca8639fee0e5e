/*
 * close.c: okr close and okr close --reopen as edits: a score: added to
 * (or removed from) every key result of the period through edit.c, byte
 * for byte, and okr.yaml's closed: entry; the commit message with its
 * Okr-Close: trailer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "close.h"
#include "edit.h"
#include "error.h"
#include "score.h"

/* The progress of kr as of the close date: from the as-of tree when the
 * key result is there, else the working tree's. */
static double
final_progress(const struct okr_tree *as_of, const struct okr_objective *obj,
	       const struct okr_kr *kr)
{
	const struct okr_objective *o = as_of ? okr_tree_find(as_of, obj->period, obj->id)
					      : NULL;
	size_t i;

	for (i = 0; o && i < o->nkrs; i++)
		if (o->krs[i].id && strcmp(o->krs[i].id, kr->id) == 0)
			return okr_kr_progress(&o->krs[i]);
	return okr_kr_progress(kr);
}

static void
message(struct okr_changeset *out, const char *subject, const char *body,
	const char *trailers)
{
	out->subject = okr_xstrdup(subject);
	out->message = okr_xprintf("%s\n\n%s%s%s", subject, body ? body : "",
				   body && *body ? "\n\n" : "", trailers);
}

/* Apply e to doc into the changeset, validated when it is an objective. */
static int
add_edit(struct okr_changeset *out, struct okr_edit *e, const struct okr_config *cfg,
	 const char *relpath, bool objective)
{
	struct okr_buf err = OKR_BUF_INIT;
	char *buf;
	size_t len;

	if (okr_edit_apply(&buf, &len, e) < 0)
		return okr_error_set("%s", okr_edit_error(e));
	if (objective && okr_validate_new_bytes(cfg, relpath, buf, len, &err) < 0) {
		okr_error_set("the change would leave '%s' invalid (%s); nothing was "
			      "changed", relpath, err.ptr);
		okr_buf_free(&err);
		free(buf);
		return -1;
	}
	okr_changeset_add(out, relpath, buf, len);
	return 0;
}

int
okr_close_prepare(struct okr_changeset *out, size_t *nscored,
		  const struct okr_tree *tree, const struct okr_close_req *req)
{
	const struct okr_config *cfg = tree->config;
	struct okr_period per;
	struct okr_edit *e = NULL;
	struct okr_buf trailers = OKR_BUF_INIT;
	char d[16], d2[16], *subject = NULL;
	okr_date closed;
	size_t i, j;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	*nscored = 0;
	if (okr_period_parse(&per, req->period, cfg->fiscal_year_start) < 0)
		return okr_error_set("'%s' is not a period (expected YYYY-QN)", req->period);
	if (okr_config_closed(cfg, per.name, &closed))
		return okr_error_set("%s is already closed (on %s); 'okr close --reopen "
				     "%s' reopens it", per.name, okr_date_format(d, closed),
				     per.name);
	if (req->date > okr_date_today())
		return okr_error_set("the close date %s is in the future",
				     okr_date_format(d, req->date));
	if (req->date < per.end && !req->force)
		return okr_error_set("%s runs until %s; closing it on %s needs --force",
				     per.name, okr_date_format(d, per.end),
				     okr_date_format(d2, req->date));
	if (req->date < per.start)
		return okr_error_set("%s begins on %s, after the close date %s", per.name,
				     okr_date_format(d, per.start),
				     okr_date_format(d2, req->date));
	for (i = 0; i < tree->nobjs; i++) {
		const struct okr_objective *o = tree->objs[i];
		size_t before;

		if (strcmp(o->period, per.name) != 0)
			continue;
		before = *nscored;

		okr_edit_new(&e, o->doc);
		for (j = 0; j < o->nkrs; j++) {
			const struct okr_kr *kr = &o->krs[j];

			if (!kr->id || kr->has_dropped || o->has_dropped)
				continue;
			snprintf(d, sizeof(d), "%.1f",
				 okr_round1(final_progress(req->as_of, o, kr)));
			if (okr_edit_set(e, kr->node, "score", d, OKR_EDIT_PLAIN) < 0) {
				okr_error_set("%s", okr_edit_error(e));
				goto done;
			}
			(*nscored)++;
		}
		if (*nscored > before && add_edit(out, e, cfg, o->path, true) < 0)
			goto done;
		okr_edit_free(e);
		e = NULL;
	}
	okr_edit_new(&e, cfg->doc);
	if (okr_edit_set_nested(e, cfg->doc->root, "closed", per.name,
				okr_date_format(d, req->date)) < 0) {
		okr_error_set("%s", okr_edit_error(e));
		goto done;
	}
	if (add_edit(out, e, cfg, "okr.yaml", false) < 0)
		goto done;
	subject = okr_xprintf("okr: close %s", per.name);
	okr_buf_printf(&trailers, "Okr-Close: %s\nOkr-Date: %s\n", per.name, d);
	message(out, subject, req->message, trailers.ptr);
	rc = 0;
done:
	if (rc < 0)
		okr_changeset_free(out);
	okr_edit_free(e);
	okr_buf_free(&trailers);
	free(subject);
	return rc;
}

int
okr_reopen_prepare(struct okr_changeset *out, const struct okr_tree *tree,
		   const char *period, const char *msg)
{
	const struct okr_config *cfg = tree->config;
	const struct okr_node *closed = okr_map_get(cfg->doc->root, "closed");
	struct okr_edit *e = NULL;
	char *subject = NULL, *trailers = NULL;
	size_t i, j;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!okr_config_closed(cfg, period, NULL))
		return okr_error_set("%s is not closed", period);
	for (i = 0; i < tree->nobjs; i++) {
		const struct okr_objective *o = tree->objs[i];
		bool any = false;

		if (strcmp(o->period, period) != 0)
			continue;
		okr_edit_new(&e, o->doc);
		for (j = 0; j < o->nkrs; j++) {
			if (!okr_map_get(o->krs[j].node, "score"))
				continue;
			any = true;
			if (okr_edit_remove(e, o->krs[j].node, "score") < 0) {
				okr_error_set("%s", okr_edit_error(e));
				goto done;
			}
		}
		if (any && add_edit(out, e, cfg, o->path, true) < 0)
			goto done;
		okr_edit_free(e);
		e = NULL;
	}
	okr_edit_new(&e, cfg->doc);
	/* the last entry takes closed: with it: okr.yaml as before okr close */
	if ((closed->n == 1 ? okr_edit_remove(e, cfg->doc->root, "closed")
			    : okr_edit_remove(e, closed, period)) < 0) {
		okr_error_set("%s", okr_edit_error(e));
		goto done;
	}
	if (add_edit(out, e, cfg, "okr.yaml", false) < 0)
		goto done;
	subject = okr_xprintf("okr: reopen %s", period);
	trailers = okr_xprintf("Okr-Reopen: %s\n", period);
	message(out, subject, msg, trailers);
	rc = 0;
done:
	if (rc < 0)
		okr_changeset_free(out);
	okr_edit_free(e);
	free(subject);
	free(trailers);
	return rc;
}
