/*
 * layout.c: the layout rules and the iterator that applies them (layout.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "layout.h"

/* 64 levels is deeper than any real OKR tree and stops a link loop. */
#define MAX_DEPTH 64

struct level {
	void *dir;
	size_t rellen;		/* rel's length up to this folder */
	bool in_period;		/* below YYYY-QN/ */
};

struct okr_layout_iter {
	struct okr_layout_source src;
	const char *only;
	struct level stack[MAX_DEPTH + 1];
	int depth;		/* the open folders: stack[0..depth) */
	struct okr_buf rel;	/* the current path */
	bool started;
};

static bool
is_period_name(const char *name)
{
	struct okr_period p;

	return okr_period_parse(&p, name, 1) == 0;
}

static bool
is_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

static bool
is_yml(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".yml") == 0;
}

int
okr_layout_iter_new(struct okr_layout_iter **out, const struct okr_layout_source *src,
		    const char *only)
{
	struct okr_layout_iter *it = okr_xcalloc(1, sizeof(*it));

	it->src = *src;
	it->only = only;
	okr_buf_puts(&it->rel, "");
	*out = it;
	return 0;
}

void
okr_layout_iter_free(struct okr_layout_iter *it)
{
	if (!it)
		return;
	while (it->depth > 0)
		it->src.close(it->src.ctx, it->stack[--it->depth].dir);
	okr_buf_free(&it->rel);
	free(it);
}

static void
set_rel(struct okr_layout_iter *it, size_t len, const char *name, const char *tail)
{
	it->rel.len = len;
	it->rel.ptr[len] = '\0';
	okr_buf_puts(&it->rel, name);
	okr_buf_puts(&it->rel, tail);
}

/* Open folder rel (it->rel) below the top of the stack: 0, 1 with a problem
 * in item, negative to stop. */
static int
push(struct okr_layout_iter *it, const void *id, bool in_period,
     struct okr_layout_item *item)
{
	struct level *l = &it->stack[it->depth];
	int error;

	item->rule = item->msg = NULL;
	error = it->src.open(it->src.ctx, &l->dir, it->rel.ptr, id, &item->rule, &item->msg);
	if (error != 0)
		return error;
	l->rellen = it->rel.len;
	l->in_period = in_period;
	it->depth++;
	return 0;
}

/* What the rules make of entry e of the top folder: 1 with an item, 0 for
 * nothing, negative to stop. */
static int
judge(struct okr_layout_iter *it, struct okr_layout_entry *e, struct okr_layout_item *item)
{
	struct level *l = &it->stack[it->depth - 1];
	int depth = it->depth - 1, error;
	bool top = depth == 0;

	if (e->name[0] == '.')
		return 0;	/* ., .., .git, .github and other hidden */
	if (top && it->only && strcmp(e->name, it->only) != 0)
		return 0;
	set_rel(it, l->rellen, e->name, "");
	if ((error = it->src.resolve(it->src.ctx, l->dir, it->rel.ptr, e)) < 0)
		return error;
	item->rel = it->rel.ptr;
	item->id = e->id;
	item->rule = e->rule;
	item->msg = e->msg;
	switch (e->type) {
	case OKR_LAYOUT_BAD:
		item->kind = OKR_LAYOUT_PROBLEM;
		return 1;
	case OKR_LAYOUT_DIR:
		if (depth >= MAX_DEPTH)
			return 0;
		okr_buf_putc(&it->rel, '/');
		error = push(it, e->id, l->in_period || (top && is_period_name(e->name)), item);
		if (error == 1) {
			item->rel = it->rel.ptr;
			item->kind = OKR_LAYOUT_PROBLEM;
		}
		return error;
	case OKR_LAYOUT_FILE:
		if (l->in_period && is_yml(e->name)) {
			/* skipped, and so is its objective: say so */
			item->kind = OKR_LAYOUT_NOTICE;
			item->rule = "yml-file";
			item->msg = "file is not read: okr reads '.yaml' files (rename it)";
			return 1;
		}
		if (!is_yaml(e->name) || (top && strcmp(e->name, "okr.yaml") == 0))
			return 0;
		if (l->in_period) {
			item->kind = OKR_LAYOUT_OBJECTIVE;
		} else {
			item->kind = OKR_LAYOUT_PROBLEM;
			item->rule = "outside-period";
			item->msg = "file is outside a period folder (YYYY-QN/...)";
		}
		return 1;
	default:
		return 0;
	}
}

int
okr_layout_iter_next(struct okr_layout_item *item, struct okr_layout_iter *it)
{
	struct okr_layout_entry e;
	int error;

	memset(item, 0, sizeof(*item));
	if (!it->started) {
		it->started = true;
		if ((error = push(it, NULL, false, item)) < 0)
			return error;
		if (error == 1) {
			item->kind = OKR_LAYOUT_PROBLEM;
			item->rel = it->rel.ptr;
			return 0;
		}
	}
	while (it->depth > 0) {
		struct level *l = &it->stack[it->depth - 1];

		memset(&e, 0, sizeof(e));
		if ((error = it->src.next(it->src.ctx, l->dir, &e)) < 0)
			return error;
		if (error == 0) {
			it->src.close(it->src.ctx, l->dir);
			it->depth--;
			continue;
		}
		if ((error = judge(it, &e, item)) < 0)
			return error;
		if (error == 1)
			return 0;
	}
	return OKR_ITEROVER;
}
