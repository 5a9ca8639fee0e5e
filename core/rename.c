/*
 * rename.c: okr mv's changes and its commit message (Okr-Renamed:). okr log
 * shows that trailer as a line of its own, and history follows it back
 * (histrename.c): the check-ins made under the old name are the new
 * name's in okr log, trends, Start, movers, discipline and as-of values.
 * Only the trailer is followed; a rename by hand starts a new history.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "edit.h"
#include "error.h"
#include "rename.h"

static void
message(struct okr_changeset *out, const char *old, const char *new)
{
	out->subject = okr_xprintf("okr: mv %s -> %s", old, new);
	out->message = okr_xprintf("%s\n\nOkr-Ref: %s\nOkr-Renamed: %s -> %s\n",
				   out->subject, new, old, new);
}

int
okr_rename_kr(struct okr_changeset *out, const struct okr_config *cfg,
	      const struct okr_objective *obj, const struct okr_kr *kr,
	      const char *new_id)
{
	struct okr_buf err = OKR_BUF_INIT;
	struct okr_edit *e = NULL;
	char *buf = NULL, *old = NULL, *new = NULL;
	size_t i, len;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	for (i = 0; new_id[i]; i++)
		if (!(islower((unsigned char)new_id[i]) || isdigit((unsigned char)new_id[i]) ||
		      new_id[i] == '-'))
			break;
	if (new_id[i] || !i)
		return okr_error_set("a key result id holds only a-z, 0-9 and '-', "
				     "not '%s'", new_id);
	for (i = 0; i < obj->nkrs; i++)
		if (obj->krs[i].id && strcmp(obj->krs[i].id, new_id) == 0)
			return okr_error_set("'%s/%s' has a key result '%s' already",
					     obj->period, obj->id, new_id);
	okr_edit_new(&e, obj->doc);
	if (okr_edit_set(e, kr->node, "id", new_id, OKR_EDIT_TEXT) < 0 ||
	    okr_edit_apply(&buf, &len, e) < 0) {
		okr_error_set("%s", okr_edit_error(e));
		goto done;
	}
	if (okr_validate_new_bytes(cfg, obj->path, buf, len, &err) < 0) {
		okr_error_set("the rename would leave '%s' invalid (%s); nothing was "
			      "changed", obj->path, err.ptr);
		goto done;
	}
	okr_changeset_add(out, obj->path, buf, len);
	buf = NULL;
	old = okr_xprintf("%s/%s#%s", obj->period, obj->id, kr->id);
	new = okr_xprintf("%s/%s#%s", obj->period, obj->id, new_id);
	message(out, old, new);
	rc = 0;
done:
	if (rc < 0)
		okr_changeset_free(out);
	okr_edit_free(e);
	okr_buf_free(&err);
	free(buf);
	free(old);
	free(new);
	return rc;
}

int
okr_rename_objective(struct okr_changeset *out, const struct okr_tree *tree,
		     const struct okr_objective *obj, const char *new_id)
{
	const struct okr_config *cfg = tree->config;
	struct okr_buf err = OKR_BUF_INIT;
	char *path = NULL, *old = NULL, *new = NULL;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (okr_tree_find(tree, obj->period, new_id))
		return okr_error_set("'%s/%s' exists already", obj->period, new_id);
	path = okr_xprintf("%s/%s.yaml", obj->period, new_id);
	if (okr_validate_new_bytes(cfg, path, obj->doc->buf, obj->doc->len, &err) < 0) {
		okr_error_set("'%s' would not be valid (%s); nothing was changed",
			      path, err.ptr);
		goto done;
	}
	okr_changeset_add(out, obj->path, NULL, 0);
	okr_changeset_add(out, path, okr_xstrndup(obj->doc->buf, obj->doc->len),
			  obj->doc->len);
	/* the children: parent: names an id of the same period */
	for (i = 0; i < tree->nobjs; i++) {
		const struct okr_objective *c = tree->objs[i];
		struct okr_edit *e = NULL;
		char *buf;
		size_t len;

		if (c == obj || strcmp(c->period, obj->period) != 0 || !c->parent ||
		    strcmp(c->parent, obj->id) != 0)
			continue;
		okr_edit_new(&e, c->doc);
		if (okr_edit_set(e, c->doc->root, "parent", new_id, OKR_EDIT_TEXT) < 0 ||
		    okr_edit_apply(&buf, &len, e) < 0) {
			okr_error_set("%s", okr_edit_error(e));
			okr_edit_free(e);
			goto done;
		}
		okr_edit_free(e);
		okr_changeset_add(out, c->path, buf, len);
	}
	old = okr_xprintf("%s/%s", obj->period, obj->id);
	new = okr_xprintf("%s/%s", obj->period, new_id);
	message(out, old, new);
	rc = 0;
done:
	if (rc < 0)
		okr_changeset_free(out);
	okr_buf_free(&err);
	free(path);
	free(old);
	free(new);
	return rc;
}
