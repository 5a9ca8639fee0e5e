/*
 * carry.c: okr carry as text: each carried key result written as a YAML
 * mapping (a metric starting at its current value, a binary not done, a
 * milestone key result with its undone milestones only), appended to the
 * target objective through edit.c or put in a new file with the source
 * objective's title, description, level, owner and type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carry.h"
#include "checkin.h"
#include "edit.h"
#include "error.h"
#include "score.h"

bool
okr_kr_finished(const struct okr_kr *kr)
{
	return kr->kind != OKR_KR_NONE && okr_kr_progress(kr) >= 1.0;
}

static void
put_number(struct okr_buf *b, const char *indent, const char *key, double v)
{
	char *s = okr_edit_format_number(v);

	okr_buf_printf(b, "%s%s: %s\n", indent, key, s);
	free(s);
}

static void
put_text(struct okr_buf *b, const char *indent, const char *key, const char *v)
{
	okr_buf_printf(b, "%s%s: ", indent, key);
	okr_yaml_put_text(b, v);
	okr_buf_putc(b, '\n');
}

/*
 * The carried copy of kr as a block mapping at column 0, lines after the
 * first indented by indent (for a new file's list) or not.
 */
static void
kr_yaml(struct okr_buf *b, const struct okr_objective *obj, const struct okr_kr *kr,
	const struct okr_period *to, const char *indent)
{
	const char *own = okr_map_get(kr->node, "owner") ? kr->owner : NULL;
	char d[16];
	size_t i;

	put_text(b, "", "id", kr->id);
	put_text(b, indent, "title", kr->title);
	if (own)
		put_text(b, indent, "owner", own);
	switch (kr->kind) {
	case OKR_KR_METRIC:
		put_number(b, indent, "start", kr->current);
		put_number(b, indent, "target", kr->target);
		put_number(b, indent, "current", kr->current);
		break;
	case OKR_KR_THRESHOLD:
		put_number(b, indent, kr->at_least ? "at_least" : "at_most", kr->bound);
		put_number(b, indent, "current", kr->current);
		break;
	case OKR_KR_BINARY:
		okr_buf_printf(b, "%sdone: false\n", indent);
		break;
	default:
		okr_buf_printf(b, "%smilestones:\n", indent);
		for (i = 0; i < kr->nmilestones; i++) {
			const struct okr_milestone *ms = &kr->milestones[i];

			if (ms->done)
				continue;
			okr_buf_printf(b, "%s  - title: ", indent);
			okr_yaml_put_text(b, ms->title);
			okr_buf_putc(b, '\n');
			/* a due date of the old period would only be overdue */
			if (ms->has_due && ms->due >= to->start && ms->due <= to->end)
				okr_buf_printf(b, "%s    due: %s\n", indent,
					       okr_date_format(d, ms->due));
			okr_buf_printf(b, "%s    done: false\n", indent);
		}
		break;
	}
	if (kr->unit)
		put_text(b, indent, "unit", kr->unit);
	if (okr_map_get(kr->node, "weight"))
		put_number(b, indent, "weight", kr->weight);
	okr_buf_printf(b, "%scarried_from: %s/%s#%s\n", indent, obj->period, obj->id,
		       kr->id);
}

static void
add_kr(const struct okr_kr ***out, size_t *nout, const struct okr_kr *kr)
{
	size_t i;

	for (i = 0; i < *nout; i++)
		if ((*out)[i] == kr)
			return;		/* named twice: carried once */
	*out = okr_xrealloc(*out, (*nout + 1) * sizeof(**out));
	(*out)[(*nout)++] = kr;
}

/* What item means: the key results to carry, checked. */
static int
pick(const struct okr_kr ***out, size_t *nout, const struct okr_carry_item *it)
{
	char ref[512];
	size_t i;

	if (it->kr) {
		snprintf(ref, sizeof(ref), "%s/%s#%s", it->obj->period, it->obj->id,
			 it->kr->id);
		if (it->kr->has_dropped || it->obj->has_dropped)
			return okr_error_set("'%s' was dropped; a dropped key result is "
					     "not carried", ref);
		if (okr_kr_finished(it->kr))
			return okr_error_set("'%s' is done; only unfinished key results "
					     "are carried", ref);
		add_kr(out, nout, it->kr);
		return 0;
	}
	if (it->obj->has_dropped)
		return okr_error_set("'%s/%s' was dropped; it is not carried",
				     it->obj->period, it->obj->id);
	for (i = 0; i < it->obj->nkrs; i++) {
		const struct okr_kr *kr = &it->obj->krs[i];

		if (!kr->id || kr->has_dropped || okr_kr_finished(kr))
			continue;
		add_kr(out, nout, kr);
	}
	return 0;
}

/* Whether the parent id will be an objective of the target period: one
 * there already, or one this carry creates. */
static bool
parent_there(const struct okr_tree *dest, const struct okr_period *to,
	     const char *parent, const struct okr_carry_item *items, size_t n)
{
	size_t i;

	if (okr_tree_find(dest, to->name, parent))
		return true;
	for (i = 0; i < n; i++)
		if (strcmp(items[i].obj->id, parent) == 0)
			return true;
	return false;
}

/* A new objective file holding krs, from the source objective src. */
static char *
new_file(struct okr_buf *warnings, const struct okr_tree *dest,
	 const struct okr_period *to, const struct okr_objective *src,
	 const struct okr_kr *const *krs, size_t n, size_t *len,
	 const struct okr_carry_item *items, size_t nitems)
{
	struct okr_buf b = OKR_BUF_INIT;
	size_t i;

	put_text(&b, "", "objective", src->title);
	okr_buf_printf(&b, "level: %s\n", okr_level_name(src->level));
	put_text(&b, "", "owner", src->owner);
	if (src->parent && parent_there(dest, to, src->parent, items, nitems))
		put_text(&b, "", "parent", src->parent);
	else if (src->parent)
		okr_buf_printf(warnings, "parent '%s' is not an objective in %s; "
			       "%s/%s.yaml has no parent\n", src->parent, to->name,
			       to->name, src->id);
	if (src->committed)
		okr_buf_puts(&b, "type: committed\n");
	if (src->description) {
		/* a folded or literal description's final line break is YAML's
		 * clipping, not text: without it the copy needs no escapes */
		size_t dl = strlen(src->description);
		char *desc = okr_xstrndup(src->description,
					  dl && src->description[dl - 1] == '\n' ? dl - 1 : dl);

		put_text(&b, "", "description", desc);
		free(desc);
	}
	okr_buf_puts(&b, "key_results:\n");
	for (i = 0; i < n; i++) {
		okr_buf_puts(&b, "  - ");
		kr_yaml(&b, src, krs[i], to, "    ");
	}
	*len = b.len;
	return okr_buf_detach(&b);
}

/* Append krs to the existing objective dst. */
static int
append(struct okr_changeset *out, const struct okr_config *cfg,
       const struct okr_objective *dst, const struct okr_objective *src,
       const struct okr_period *to, const struct okr_kr *const *krs, size_t n)
{
	const struct okr_node *seq = okr_map_get(dst->doc->root, "key_results");
	struct okr_buf b = OKR_BUF_INIT, err = OKR_BUF_INIT;
	struct okr_edit *e = NULL;
	char *buf = NULL;
	size_t i, j, len;
	int rc = -1;

	okr_edit_new(&e, dst->doc);
	for (i = 0; i < n; i++) {
		for (j = 0; j < dst->nkrs; j++)
			if (dst->krs[j].id && strcmp(dst->krs[j].id, krs[i]->id) == 0) {
				okr_error_set("'%s/%s' has a key result '%s' already; "
					      "rename one first (okr mv)", dst->period,
					      dst->id, krs[i]->id);
				goto done;
			}
		okr_buf_clear(&b);
		kr_yaml(&b, src, krs[i], to, "");
		if (!seq || okr_edit_append_item(e, seq, b.ptr) < 0) {
			okr_error_set("%s", seq ? okr_edit_error(e)
					       : "the target objective has no key_results list");
			goto done;
		}
	}
	if (okr_edit_apply(&buf, &len, e) < 0) {
		okr_error_set("%s", okr_edit_error(e));
		goto done;
	}
	if (okr_validate_new_bytes(cfg, dst->path, buf, len, &err) < 0) {
		okr_error_set("carrying would leave '%s' invalid (%s); nothing was "
			      "changed", dst->path, err.ptr);
		goto done;
	}
	okr_changeset_add(out, dst->path, buf, len);
	buf = NULL;
	rc = 0;
done:
	free(buf);
	okr_edit_free(e);
	okr_buf_free(&b);
	okr_buf_free(&err);
	return rc;
}

int
okr_carry_prepare(struct okr_changeset *out, struct okr_buf *warnings,
		  const struct okr_tree *dest, const char *to_name,
		  const struct okr_carry_item *items, size_t n, const char *message)
{
	const struct okr_config *cfg = dest->config;
	struct okr_buf msg = OKR_BUF_INIT, err = OKR_BUF_INIT;
	const struct okr_kr **krs = NULL;
	struct okr_period to;
	size_t i, j, nkrs = 0, total = 0;
	okr_date closed;
	char d[16];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (okr_period_parse(&to, to_name, cfg->fiscal_year_start) < 0)
		return okr_error_set("'%s' is not a period (expected YYYY-QN)", to_name);
	if (okr_config_closed(cfg, to.name, &closed))
		return okr_error_set("%s was closed on %s; carry into an open period",
				     to.name, okr_date_format(d, closed));
	for (i = 0; i < n; i++) {
		const struct okr_objective *src = items[i].obj;
		const struct okr_objective *dst;
		size_t first = nkrs;

		if (strcmp(src->period, to.name) == 0) {
			okr_error_set("'%s/%s' is in %s already", src->period, src->id, to.name);
			goto done;
		}
		/* every item of one objective goes into one edit of its file */
		for (j = 0; j < i; j++)
			if (items[j].obj == src)
				break;
		if (j < i)
			continue;
		for (j = i; j < n; j++)
			if (items[j].obj == src && pick(&krs, &nkrs, &items[j]) < 0)
				goto done;
		if (nkrs == first) {
			okr_error_set("'%s/%s' has no unfinished key result to carry",
				      src->period, src->id);
			goto done;
		}
		for (j = first; j < nkrs; j++)
			okr_buf_printf(&err, "Okr-Carried: %s/%s#%s -> %s/%s#%s\n",
				       src->period, src->id, krs[j]->id, to.name,
				       src->id, krs[j]->id);
		if ((dst = okr_tree_find(dest, to.name, src->id))) {
			if (append(out, cfg, dst, src, &to, krs + first, nkrs - first) < 0)
				goto done;
		} else {
			struct okr_buf bad = OKR_BUF_INIT;
			char *path = okr_xprintf("%s/%s.yaml", to.name, src->id);
			size_t len;
			char *buf = new_file(warnings, dest, &to, src, krs + first,
					     nkrs - first, &len, items, n);

			if (okr_validate_new_bytes(cfg, path, buf, len, &bad) < 0) {
				okr_error_set("carrying would make '%s' invalid (%s); nothing "
					      "was changed", path, bad.ptr);
				okr_buf_free(&bad);
				free(path);
				free(buf);
				goto done;
			}
			okr_changeset_add(out, path, buf, len);
			free(path);
		}
		total = nkrs;
	}
	okr_buf_printf(&msg, "okr: carry %zu key result%s from %s into %s",
		       total, total == 1 ? "" : "s", items[0].obj->period, to.name);
	out->subject = okr_xstrdup(msg.ptr);
	okr_buf_puts(&msg, "\n\n");
	if (message && *message)
		okr_buf_printf(&msg, "%s\n\n", message);
	okr_buf_puts(&msg, err.ptr);
	out->message = okr_buf_detach(&msg);
	rc = 0;
done:
	if (rc < 0)
		okr_changeset_free(out);
	free(krs);
	okr_buf_free(&msg);
	okr_buf_free(&err);
	return rc;
}
