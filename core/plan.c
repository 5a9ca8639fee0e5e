/*
 * plan.c: plan changes as okr update --target, --drop and --score make
 * them: which key changes, the refusals of SPEC section 8, and the commit
 * message with its trailers (Okr-Target:, Okr-Dropped:, Okr-Score:).
 */
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "error.h"
#include "plan.h"

int
okr_plan_check_open(const struct okr_config *cfg, const char *period)
{
	okr_date closed;
	char d[16];

	if (!okr_config_closed(cfg, period, &closed))
		return 0;
	return okr_error_set("%s was closed on %s: its values are final (adjust a "
			     "grade with 'okr update <ref> --score N -m WHY', or "
			     "reopen it with 'okr close --reopen %s')", period,
			     okr_date_format(d, closed), period);
}

/* The text of key in map as written, or "none". */
static const char *
old_value(const struct okr_node *map, const char *key)
{
	const struct okr_node *n = okr_map_get(map, key);

	return n && n->type == OKR_NODE_SCALAR && !okr_scalar_is_null(n) ? n->value
									  : "none";
}

/* What to set for --target and --score: the key, and the checks first. */
static int
plan_number(const char **key, char **value, const struct okr_config *cfg,
	    const struct okr_objective *obj, const struct okr_kr *kr,
	    const struct okr_plan_req *req, const char *ref)
{
	okr_date closed;
	double v;

	if (okr_number_parse(&v, req->value) < 0)
		return okr_error_set("--%s takes a number, not '%s'",
				     req->kind == OKR_PLAN_TARGET ? "target" : "score",
				     req->value);
	if (req->kind == OKR_PLAN_SCORE) {
		if (!okr_config_closed(cfg, obj->period, &closed))
			return okr_error_set("%s is not closed: a final score is written "
					     "by 'okr close %s' and adjusted only after it",
					     obj->period, obj->period);
		if (kr->has_dropped || obj->has_dropped)
			return okr_error_set("'%s' was dropped: it has no final score", ref);
		if (v < 0 || v > 1)
			return okr_error_set("a score is from 0 to 1, not '%s'", req->value);
		*key = "score";
	} else if (kr->kind == OKR_KR_METRIC) {
		*key = "target";
	} else if (kr->kind == OKR_KR_THRESHOLD) {
		*key = kr->at_least ? "at_least" : "at_most";
	} else {
		return okr_error_set("'%s' is a %s key result: only a metric's target or "
				     "a threshold's bound can move", ref,
				     okr_kr_kind_name(kr->kind));
	}
	*value = okr_edit_format_number(v);
	return 0;
}

static int
check_request(const struct okr_config *cfg, const struct okr_objective *obj,
	      const struct okr_kr *kr, const struct okr_plan_req *req,
	      const char *ref)
{
	if (req->kind != OKR_PLAN_SCORE && okr_plan_check_open(cfg, obj->period) < 0)
		return -1;
	if ((req->kind != OKR_PLAN_TARGET) && !(req->message && *req->message))
		return okr_error_set("--%s needs a reason: -m WHY",
				     req->kind == OKR_PLAN_DROP ? "drop" : "score");
	if (!kr && req->kind != OKR_PLAN_DROP)
		return okr_error_set("'%s' names an objective; --%s belongs to a key "
				     "result (<objective>#<key-result>)", ref,
				     req->kind == OKR_PLAN_TARGET ? "target" : "score");
	if (req->kind == OKR_PLAN_DROP) {
		char d[16];

		if (obj->has_dropped)
			return okr_error_set("'%s' was dropped on %s already", ref,
					     okr_date_format(d, obj->dropped));
		if (kr && kr->has_dropped)
			return okr_error_set("'%s' was dropped on %s already", ref,
					     okr_date_format(d, kr->dropped));
		if (req->date > okr_date_today())
			return okr_error_set("the drop date %s is in the future",
					     okr_date_format(d, req->date));
	}
	return 0;
}

int
okr_plan_prepare(struct okr_checkin_out *out, const struct okr_config *cfg,
		 const struct okr_objective *obj, const struct okr_kr *kr,
		 const struct okr_plan_req *req)
{
	const struct okr_node *map = kr ? kr->node : obj->doc->root;
	struct okr_buf ref = OKR_BUF_INIT, msg = OKR_BUF_INIT, err = OKR_BUF_INIT;
	struct okr_edit *e = NULL;
	const char *key = NULL;
	char *value = NULL, *old = NULL, d[16];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	okr_buf_printf(&ref, "%s/%s", obj->period, obj->id);
	if (kr)
		okr_buf_printf(&ref, "#%s", kr->id);
	if (check_request(cfg, obj, kr, req, ref.ptr) < 0)
		goto done;
	okr_edit_new(&e, obj->doc);
	if (req->kind == OKR_PLAN_DROP) {
		okr_date_format(d, req->date);
		if (okr_edit_set(e, map, "dropped", d, OKR_EDIT_PLAIN) < 0 ||
		    okr_edit_set(e, map, "drop_reason", req->message, OKR_EDIT_TEXT) < 0)
			goto edit_failed;
		okr_buf_printf(&msg, "okr: %s dropped\n\n%s\n\nOkr-Ref: %s\n"
			       "Okr-Dropped: %s\n", ref.ptr, req->message, ref.ptr, d);
	} else {
		if (plan_number(&key, &value, cfg, obj, kr, req, ref.ptr) < 0)
			goto done;
		old = okr_xstrdup(old_value(map, key));
		if (okr_edit_set(e, map, key, value, OKR_EDIT_PLAIN) < 0)
			goto edit_failed;
		okr_buf_printf(&msg, "okr: %s %s %s -> %s%s%s\n\n", ref.ptr,
			       req->kind == OKR_PLAN_SCORE ? "score" : "target", old,
			       value, kr->unit && req->kind == OKR_PLAN_TARGET ? " " : "",
			       kr->unit && req->kind == OKR_PLAN_TARGET ? kr->unit : "");
		if (req->message && *req->message)
			okr_buf_printf(&msg, "%s\n\n", req->message);
		okr_buf_printf(&msg, "Okr-Ref: %s\nOkr-%s: %s -> %s\n", ref.ptr,
			       req->kind == OKR_PLAN_SCORE ? "Score" : "Target", old, value);
	}
	if (okr_edit_apply(&out->buf, &out->len, e) < 0)
		goto edit_failed;
	if (okr_validate_new_bytes(cfg, obj->path, out->buf, out->len, &err) < 0) {
		okr_error_set("the change would leave '%s' invalid (%s); nothing was "
			      "changed", obj->path, err.ptr);
		goto done;
	}
	out->subject = okr_xstrndup(msg.ptr, strcspn(msg.ptr, "\n"));
	out->message = okr_buf_detach(&msg);
	rc = 0;
	goto done;

edit_failed:
	okr_error_set("%s", okr_edit_error(e) ? okr_edit_error(e) : "cannot edit the file");
done:
	if (rc < 0)
		okr_checkin_out_free(out);
	okr_edit_free(e);
	okr_buf_free(&ref);
	okr_buf_free(&msg);
	okr_buf_free(&err);
	free(value);
	free(old);
	return rc;
}
