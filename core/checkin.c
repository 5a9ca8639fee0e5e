/*
 * checkin.c: turning "okr update <ref> <value>" into the new bytes of one
 * file and a commit message. The edit module changes only the values;
 * the result is loaded again and must validate before anyone writes it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "edit.h"
#include "validate.h"

int
okr_number_parse(double *out, const char *s)
{
	char *end;

	if (!*s || strchr(" \t\n", *s))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (errno || *end || !isfinite(*out) || strpbrk(s, "xXnNiI"))
		return -1;
	return 0;
}

/* The first error of d into err as "line:col: message"; -1 if there is one. */
static int
first_error(const struct okr_diags *d, struct okr_buf *err)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].sev != OKR_SEV_ERROR)
			continue;
		okr_buf_clear(err);
		okr_buf_printf(err, "%u:%u: %s", d->v[i].line, d->v[i].col, d->v[i].msg);
		return -1;
	}
	return 0;
}

int
okr_validate_new_bytes(const struct okr_config *cfg, const char *relpath,
		       const char *buf, size_t len, struct okr_buf *err)
{
	struct okr_diags d = { 0 };
	struct okr_objective *obj = NULL;
	int rc;

	okr_objective_load(&obj, cfg, relpath, relpath, buf, len, &d);
	rc = first_error(&d, err);
	okr_objective_free(obj);
	okr_diags_free(&d);
	return rc;
}

/*
 * Which of okr check's checks across files a check-in can fail. A
 * check-in (current, done, confidence, updated, a milestone's done) and a
 * plan change (target, dropped, drop_reason, score) rewrite values of one
 * file. What the checks of other files read of it, its id (the path),
 * level and parent, stays as it was: no other file can become invalid.
 * Of the file's own checks across files:
 * - missing-parent, misplaced-parent: checked here, on the new bytes,
 *   against the parent as the working tree has it;
 * - alignment-cycle: a cycle needs a parent at the same or a lower level
 *   somewhere on it, which is misplaced-parent there; the check-in changes
 *   no parent or level on the way, so it cannot close a cycle;
 * - owners against okr.yaml's teams: the file's own check, with okr.yaml
 *   (okr_validate_new_bytes);
 * - score against okr.yaml's closed: periods: a check-in in a closed
 *   period and a score in an open one are refused before (plan.c); the
 *   scores of a closed period are set one key result at a time, so a
 *   missing one elsewhere in the file does not stop the next.
 * The rest (stale, overdue, dates outside the period) are warnings.
 */
int
okr_checkin_validate_links(const struct okr_tree *tree,
			   const struct okr_objective *was, const char *buf,
			   size_t len, struct okr_buf *err)
{
	struct okr_diags d = { 0 };
	struct okr_objective *obj = NULL, *parent = NULL;
	struct okr_tree view = { 0 };
	int rc;

	okr_objective_load(&obj, tree->config, was->path, was->path, buf, len, &d);
	okr_diags_free(&d);
	if (!obj)	/* okr_validate_new_bytes said why */
		return 0;
	/* the parent alone: a missing one gets no "did you mean" from the
	 * few files a check-in reads */
	if (obj->parent)
		parent = okr_tree_find(tree, obj->period, obj->parent);
	view.config = tree->config;
	view.objs = &parent;
	view.nobjs = parent ? 1 : 0;
	okr_validate_parent(&view, obj, &d);
	rc = first_error(&d, err);
	okr_objective_free(obj);
	okr_diags_free(&d);
	return rc;
}

static int
parse_done(bool *out, const char *v)
{
	if (strcmp(v, "done") == 0 || strcmp(v, "true") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(v, "not-done") == 0 || strcmp(v, "false") == 0) {
		*out = false;
		return 0;
	}
	return -1;
}

/* The milestone named by number (from 1) or exact title. */
static const struct okr_milestone *
find_milestone(const struct okr_milestone *ms, size_t n, const char *which,
	       size_t *index)
{
	char *end;
	unsigned long k = strtoul(which, &end, 10);
	size_t i;

	if (*which && !*end) {
		if (k >= 1 && k <= n) {
			*index = k;
			return &ms[k - 1];
		}
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (strcmp(ms[i].title, which) == 0) {
			*index = i + 1;
			return &ms[i];
		}
	return NULL;
}

static void
old_text(struct okr_buf *b, const struct okr_kr *kr)
{
	const struct okr_node *n = okr_map_get(kr->node,
					       kr->kind == OKR_KR_BINARY ? "done" : "current");

	okr_buf_clear(b);
	if (kr->kind == OKR_KR_BINARY)
		okr_buf_puts(b, kr->done ? "done" : "not-done");
	else if (n && n->type == OKR_NODE_SCALAR && !okr_scalar_is_null(n))
		okr_buf_puts(b, n->value);
	else
		okr_buf_puts(b, "none");
}

int
okr_checkin_prepare(struct okr_checkin_out *out, const struct okr_config *cfg,
		    const struct okr_objective *obj, const struct okr_kr *kr,
		    const struct okr_checkin_req *req, struct okr_buf *err)
{
	struct okr_edit *e = NULL;
	struct okr_buf ref = OKR_BUF_INIT, old = OKR_BUF_INIT, msg = OKR_BUF_INIT;
	char *value = NULL, *conf = NULL, date[16];
	const struct okr_node *target = kr ? kr->node : obj->doc->root;
	size_t mindex = 0;
	bool done;
	double num;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	okr_buf_printf(&ref, "%s/%s", obj->period, obj->id);
	if (kr)
		okr_buf_printf(&ref, "#%s", kr->id);
	okr_edit_new(&e, obj->doc);

	if (req->milestone) {
		const struct okr_milestone *ms = kr
			? find_milestone(kr->milestones, kr->nmilestones, req->milestone, &mindex)
			: find_milestone(obj->milestones, obj->nmilestones, req->milestone, &mindex);

		if (kr && kr->kind != OKR_KR_MILESTONE) {
			okr_buf_printf(err, "'%s' is a %s key result; it has no milestones",
				       ref.ptr, okr_kr_kind_name(kr->kind));
			goto done;
		}
		if (!ms) {
			okr_buf_printf(err, "no milestone '%s' in '%s' (give its number from 1 "
				       "or its exact title)", req->milestone, ref.ptr);
			goto done;
		}
		if (parse_done(&done, req->value) < 0) {
			okr_buf_printf(err, "a milestone is 'done' or 'not-done', not '%s'",
				       req->value);
			goto done;
		}
		okr_buf_puts(&old, ms->done ? "done" : "not-done");
		value = okr_xstrdup(done ? "done" : "not-done");
		if (okr_edit_set(e, ms->node, "done", done ? "true" : "false",
				 OKR_EDIT_PLAIN) < 0)
			goto edit_failed;
		okr_buf_printf(&msg, "okr: %s milestone %zu %s -> %s", ref.ptr, mindex,
			       old.ptr, value);
	} else {
		if (!kr) {
			okr_buf_printf(err, "'%s' names an objective; check in on a key result "
				       "(<objective>#<key-result>) or use --milestone", ref.ptr);
			goto done;
		}
		old_text(&old, kr);
		switch (kr->kind) {
		case OKR_KR_METRIC:
		case OKR_KR_THRESHOLD:
			if (okr_number_parse(&num, req->value) < 0) {
				okr_buf_printf(err, "'%s' is a %s key result: the value must be "
					       "a number, not '%s'", ref.ptr,
					       okr_kr_kind_name(kr->kind), req->value);
				goto done;
			}
			value = okr_edit_format_number(num);
			if (okr_edit_set(e, kr->node, "current", value, OKR_EDIT_PLAIN) < 0)
				goto edit_failed;
			break;
		case OKR_KR_BINARY:
			if (parse_done(&done, req->value) < 0) {
				okr_buf_printf(err, "'%s' is a binary key result: the value is "
					       "'done' or 'not-done', not '%s'", ref.ptr,
					       req->value);
				goto done;
			}
			value = okr_xstrdup(done ? "done" : "not-done");
			if (okr_edit_set(e, kr->node, "done", done ? "true" : "false",
					 OKR_EDIT_PLAIN) < 0)
				goto edit_failed;
			break;
		case OKR_KR_MILESTONE:
			okr_buf_printf(err, "'%s' is a milestone key result; mark a milestone "
				       "with --milestone <n|title> done", ref.ptr);
			goto done;
		default:
			okr_buf_printf(err, "'%s' has no valid kind; run 'okr check'", ref.ptr);
			goto done;
		}
		okr_buf_printf(&msg, "okr: %s %s -> %s%s%s", ref.ptr, old.ptr, value,
			       kr->unit && kr->kind != OKR_KR_BINARY ? " " : "",
			       kr->unit && kr->kind != OKR_KR_BINARY ? kr->unit : "");
	}
	if (req->has_confidence) {
		if (!kr) {
			okr_buf_printf(err, "--confidence belongs to a key result, not an "
				       "objective milestone");
			goto done;
		}
		if (req->confidence < 0 || req->confidence > 1) {
			okr_buf_printf(err, "confidence must be between 0 and 1");
			goto done;
		}
		conf = okr_edit_format_number(req->confidence);
		if (okr_edit_set(e, kr->node, "confidence", conf, OKR_EDIT_PLAIN) < 0)
			goto edit_failed;
	} else if (kr && kr->has_confidence) {
		conf = okr_edit_format_number(kr->confidence);
	}
	if (kr && okr_edit_set(e, kr->node, "updated", okr_date_format(date, req->date),
			       OKR_EDIT_PLAIN) < 0)
		goto edit_failed;
	if (okr_edit_apply(&out->buf, &out->len, e) < 0)
		goto edit_failed;
	if (okr_validate_new_bytes(cfg, obj->path, out->buf, out->len, err) < 0) {
		char *why = okr_buf_detach(err);

		okr_buf_printf(err, "the update would leave '%s' invalid (%s); nothing "
			       "was changed", obj->path, why);
		free(why);
		goto done;
	}

	out->subject = okr_xstrdup(msg.ptr);
	okr_buf_puts(&msg, "\n\n");
	if (req->message && *req->message)
		okr_buf_printf(&msg, "%s\n\n", req->message);
	okr_buf_printf(&msg, "Okr-Ref: %s\n", ref.ptr);
	if (mindex)
		okr_buf_printf(&msg, "Okr-Milestone: %zu\n", mindex);
	okr_buf_printf(&msg, "Okr-Value: %s\n", value);
	if (conf)
		okr_buf_printf(&msg, "Okr-Confidence: %s\n", conf);
	out->message = okr_buf_detach(&msg);
	rc = 0;
	goto done;

edit_failed:
	okr_buf_clear(err);
	okr_buf_puts(err, okr_edit_error(e) ? okr_edit_error(e) : "cannot edit the file");
done:
	(void)target;
	if (rc < 0)
		okr_checkin_out_free(out);
	okr_edit_free(e);
	okr_buf_free(&ref);
	okr_buf_free(&old);
	okr_buf_free(&msg);
	free(value);
	free(conf);
	return rc;
}

void
okr_checkin_out_free(struct okr_checkin_out *out)
{
	free(out->buf);
	free(out->subject);
	free(out->message);
	memset(out, 0, sizeof(*out));
}
