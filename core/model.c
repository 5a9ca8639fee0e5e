/*
 * model.c: objective files read from their YAML trees into the model, with
 * every schema error (unknown, missing and mistyped keys, bad values)
 * reported at the place it was found. okr.yaml is config.c's; the typed
 * field readers both use are modelrd.c's; checks that need more than one
 * file live in validate.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "modelrd.h"

/* ---- objective files ---- */

static const char *const level_names[] = { "company", "team", "individual" };
static const char *const type_names[] = { "aspirational", "committed" };

const char *
okr_level_name(enum okr_level level)
{
	return level_names[level];
}

const char *
okr_kr_kind_name(enum okr_kr_kind kind)
{
	static const char *const names[] = {
		"none", "metric", "threshold", "binary", "milestone",
	};

	return names[kind];
}

static void
check_owner(struct rd *r, const struct okr_config *cfg, const struct okr_node *at,
	    const char *owner)
{
	const char **keys;
	const char *hint;
	size_t i;

	if (okr_config_owner_known(cfg, owner))
		return;
	keys = okr_xmalloc((cfg->nteams + 1) * sizeof(*keys));
	for (i = 0; i < cfg->nteams; i++)
		keys[i] = cfg->teams[i].key;
	hint = okr_suggest(owner, keys, cfg->nteams);
	if (hint)
		rd_err(r, at, "unknown-owner", "unknown owner '%s' (did you mean '%s'?)",
		    owner, hint);
	else if (strchr(owner, '<'))
		rd_err(r, at, "unknown-owner", "unknown owner '%s': the email is not a lead, "
		    "member or ambassador in okr.yaml", owner);
	else
		rd_err(r, at, "unknown-owner", "unknown owner '%s': not a team in okr.yaml",
		    owner);
	free(keys);
}

static struct okr_milestone *
load_milestones(struct rd *r, const struct okr_node *seq, size_t *n)
{
	static const char *const keys[] = { "title", "due", "done" };
	struct okr_milestone *v;
	size_t i;

	*n = 0;
	if (seq->type != OKR_NODE_SEQ) {
		rd_err(r, seq, "wrong-type", "'milestones' must be a list");
		return NULL;
	}
	v = okr_arena_alloc(&r->doc->arena, seq->n * sizeof(*v));
	for (i = 0; i < seq->n; i++) {
		const struct okr_node *m = seq->items[i];
		struct okr_milestone *ms = &v[*n];

		if (m->type != OKR_NODE_MAP) {
			rd_err(r, m, "wrong-type", "a milestone must be a mapping with title, due and done");
			continue;
		}
		rd_check_keys(r, m, keys, 3, "a milestone");
		ms->node = m;
		ms->title = rd_text(r, m, "title", true, "milestone");
		ms->has_due = rd_date(r, &ms->due, m, "due", false, "milestone");
		ms->due_at = rd_pos_of(okr_map_get(m, "due"));
		rd_boolean(r, &ms->done, m, "done", false, "milestone");
		if (!ms->title)
			ms->title = "";
		(*n)++;
	}
	return v;
}

/* dropped: and drop_reason: (a key result's or a whole objective's):
 * both or neither, SPEC section 3. */
static void
load_plan_keys(struct rd *r, const struct okr_node *m, bool *has_dropped,
	       okr_date *dropped, const char **reason, const char *what)
{
	const struct okr_node *dn = okr_map_get(m, "dropped");
	const struct okr_node *rn = okr_map_get(m, "drop_reason");

	*has_dropped = rd_date(r, dropped, m, "dropped", false, what);
	*reason = rd_text(r, m, "drop_reason", false, what);
	if (dn && !rn)
		rd_err(r, dn, "missing-key", "%s has 'dropped' without 'drop_reason'; "
		    "give both or neither", what);
	else if (rn && !dn)
		rd_err(r, rn, "missing-key", "%s has 'drop_reason' without 'dropped'; "
		    "give both or neither", what);
	else if (rn && !*reason)
		rd_err(r, rn, "missing-value", "'drop_reason' of %s is empty", what);
}

/* score: (the final grade, 0..1) and carried_from: of a key result; whether
 * a score belongs here depends on okr.yaml's closed:, checked in
 * validate.c. */
static void
load_kr_end_keys(struct rd *r, struct okr_kr *kr, const struct okr_node *m,
		 const char *what)
{
	const struct okr_node *n = okr_map_get(m, "score");
	const char *hash;

	if ((kr->has_score = rd_number(r, &kr->score, m, "score", false, what)) &&
	    (kr->score < 0 || kr->score > 1)) {
		rd_err(r, n, "invalid-value", "'score' must be between 0 and 1, not %s",
		    n->value);
		kr->has_score = false;
	}
	kr->score_at = rd_pos_of(n);
	kr->carried_from = rd_text(r, m, "carried_from", false, what);
	if (kr->carried_from &&
	    (!(hash = strchr(kr->carried_from, '#')) || !hash[1] ||
	     !rd_is_period_name(kr->carried_from, 7) || kr->carried_from[7] != '/' ||
	     hash - kr->carried_from < 9))
		rd_err(r, okr_map_get(m, "carried_from"), "invalid-value",
		    "'carried_from' must be <period>/<objective>#<key-result>, not '%s'",
		    kr->carried_from);
}

/* "key result '<id>'" into what, cut where snprintf would cut it: most
 * key results never need the name, and snprintf for each costs. */
static void
kr_what(char *what, size_t size, const char *id)
{
	const char *const parts[] = { "key result '", id, "'" };
	size_t i, n = 0;

	for (i = 0; i < 3; i++)
		for (const char *p = parts[i]; *p && n + 1 < size; p++)
			what[n++] = *p;
	what[n] = '\0';
}

static void
load_kr(struct rd *r, const struct okr_config *cfg, struct okr_objective *o,
	struct okr_kr *kr, const struct okr_node *m)
{
	static const char *const keys[] = {
		"id", "title", "owner", "start", "target", "current", "unit",
		"confidence", "weight", "updated", "done", "due", "at_least",
		"at_most", "milestones", "score", "dropped", "drop_reason",
		"carried_from",
	};
	const struct okr_node *idn = okr_map_get(m, "id"), *n;
	const char *kinds[4];
	const struct okr_node *kind_at[4];
	char what[96];
	size_t nk = 0, i;

	kr->node = m;
	kr->weight = 1;
	rd_check_keys(r, m, keys, sizeof(keys) / sizeof(keys[0]), "a key result");
	kr->id = rd_text(r, m, "id", true, "a key result");
	if (kr->id) {
		for (i = 0; kr->id[i]; i++)
			if (!(islower((unsigned char)kr->id[i]) ||
			      isdigit((unsigned char)kr->id[i]) || kr->id[i] == '-'))
				break;
		if (kr->id[i] || !i)
			rd_err(r, idn, "invalid-id", "key result id '%s' may hold only "
			    "a-z, 0-9 and '-'", kr->id);
	}
	kr_what(what, sizeof(what), kr->id ? kr->id : "?");
	kr->title = rd_text(r, m, "title", true, what);
	kr->owner = rd_text(r, m, "owner", false, what);
	if (kr->owner)
		check_owner(r, cfg, okr_map_get(m, "owner"), kr->owner);
	else
		kr->owner = o->owner;
	kr->unit = rd_text(r, m, "unit", false, what);
	if ((kr->has_confidence = rd_number(r, &kr->confidence, m, "confidence", false, what)) &&
	    (kr->confidence < 0 || kr->confidence > 1))
		rd_err(r, okr_map_get(m, "confidence"), "invalid-value",
		    "'confidence' must be between 0 and 1, not %s",
		    okr_map_get(m, "confidence")->value);
	if (rd_number(r, &kr->weight, m, "weight", false, what) && kr->weight <= 0)
		rd_err(r, okr_map_get(m, "weight"), "invalid-value",
		    "'weight' must be greater than 0");
	kr->has_updated = rd_date(r, &kr->updated, m, "updated", false, what);
	kr->has_due = rd_date(r, &kr->due, m, "due", false, what);
	load_plan_keys(r, m, &kr->has_dropped, &kr->dropped, &kr->drop_reason, what);
	load_kr_end_keys(r, kr, m, what);
	kr->at = rd_pos_of(m);
	kr->updated_at = rd_pos_of(okr_map_get(m, "updated"));
	kr->due_at = rd_pos_of(okr_map_get(m, "due"));

	/* Which kind: exactly one group of fields may be present. */
	if ((n = okr_map_get(m, "start")) || (n = okr_map_get(m, "target")))
		kinds[nk] = "metric", kind_at[nk++] = n;
	if ((n = okr_map_get(m, "at_least")) || (n = okr_map_get(m, "at_most")))
		kinds[nk] = "threshold", kind_at[nk++] = n;
	if ((n = okr_map_get(m, "done")))
		kinds[nk] = "binary", kind_at[nk++] = n;
	if ((n = okr_map_get(m, "milestones")))
		kinds[nk] = "milestone", kind_at[nk++] = n;
	if (nk == 0) {
		rd_err(r, m, "no-kind", "%s has no kind: give start, target and current "
		    "(metric), at_least or at_most and current (threshold), done "
		    "(binary), or milestones", what);
		return;
	}
	if (nk > 1) {
		/* point at the later of the two fields */
		const struct okr_node *at = kind_at[0]->start.index > kind_at[1]->start.index
					    ? kind_at[0] : kind_at[1];

		rd_err(r, at, "mixed-kind", "%s mixes %s and %s fields; a key result is "
		    "exactly one kind", what, kinds[0], kinds[1]);
		return;
	}
	if (strcmp(kinds[0], "metric") == 0) {
		bool s, t;

		kr->kind = OKR_KR_METRIC;
		s = rd_number(r, &kr->start, m, "start", true, what);
		t = rd_number(r, &kr->target, m, "target", true, what);
		kr->has_current = rd_number(r, &kr->current, m, "current", true, what);
		if (s && t && kr->start == kr->target)
			rd_err(r, okr_map_get(m, "target"), "start-equals-target",
			    "'target' equals 'start' (%s)", okr_map_get(m, "start")->value);
	} else if (strcmp(kinds[0], "threshold") == 0) {
		kr->kind = OKR_KR_THRESHOLD;
		if (okr_map_get(m, "at_least") && okr_map_get(m, "at_most")) {
			rd_err(r, okr_map_get(m, "at_most"), "mixed-kind",
			    "%s has both 'at_least' and 'at_most'; give one", what);
			return;
		}
		kr->at_least = okr_map_get(m, "at_least") != NULL;
		rd_number(r, &kr->bound, m, kr->at_least ? "at_least" : "at_most", true, what);
		kr->has_current = rd_number(r, &kr->current, m, "current", true, what);
	} else if (strcmp(kinds[0], "binary") == 0) {
		kr->kind = OKR_KR_BINARY;
		rd_boolean(r, &kr->done, m, "done", true, what);
		if ((n = okr_map_get(m, "current")))
			rd_err(r, n, "mixed-kind", "'current' does not belong in a binary "
			    "key result; use done: true or false");
	} else {
		n = okr_map_get(m, "milestones");
		kr->kind = OKR_KR_MILESTONE;
		kr->milestones = load_milestones(r, n, &kr->nmilestones);
		if (n->type == OKR_NODE_SEQ && n->n == 0)
			rd_err(r, n, "missing-value", "'milestones' of %s is empty", what);
		if ((n = okr_map_get(m, "current")))
			rd_err(r, n, "mixed-kind", "'current' does not belong in a milestone "
			    "key result");
	}
}

static void check_kr_ids(struct rd *r, const struct okr_objective *o);


int
okr_objective_load(struct okr_objective **out, const struct okr_config *cfg,
		   const char *relpath, const char *display_path, const char *buf,
		   size_t len, struct okr_diags *diags)
{
	static const char *const keys[] = {
		"objective", "level", "owner", "parent", "type", "description",
		"key_results", "milestones", "dropped", "drop_reason",
	};
	const char *slash = strchr(relpath, '/');
	size_t plen = strlen(relpath);
	struct okr_objective *o;
	struct okr_doc *doc;
	const struct okr_node *root, *n;
	struct rd r;
	size_t i;
	int k;

	*out = NULL;
	if (!slash || !rd_is_period_name(relpath, (size_t)(slash - relpath)) ||
	    plen < 5 || strcmp(relpath + plen - 5, ".yaml") != 0 ||
	    (size_t)(plen - 5) <= (size_t)(slash + 1 - relpath)) {
		okr_diags_add(diags, display_path, 1, 1, OKR_SEV_ERROR, "outside-period",
			      "file is outside a period folder (YYYY-QN/...)");
		return -1;
	}
	if (okr_doc_parse(&doc, display_path, buf, len, diags) < 0)
		return -1;
	root = doc->root;
	if (!root || root->type != OKR_NODE_MAP) {
		okr_diags_add(diags, display_path,
			      root ? (unsigned)root->start.line + 1 : 1,
			      root ? (unsigned)root->start.col + 1 : 1, OKR_SEV_ERROR,
			      root ? "wrong-type" : "empty",
			      root ? "an objective file must be a mapping" :
				     "the file is empty; an objective needs objective, "
				     "level, owner and key_results");
		okr_doc_free(doc);
		return -1;
	}
	o = okr_xcalloc(1, sizeof(*o));
	o->doc = doc;
	o->path = okr_xstrdup(relpath);
	o->period = okr_xstrndup(relpath, (size_t)(slash - relpath));
	o->id = okr_xstrndup(slash + 1, plen - 5 - (size_t)(slash + 1 - relpath));
	r.doc = doc;
	r.diags = diags;
	r.path = display_path;

	rd_check_keys(&r, root, keys, sizeof(keys) / sizeof(keys[0]), "an objective");
	o->title = rd_text(&r, root, "objective", true, "the objective");
	if ((k = rd_choice(&r, root, "level", true, "the objective", level_names, 3)) >= 0)
		o->level = (enum okr_level)k;
	else
		o->level = OKR_LEVEL_TEAM;
	o->owner = rd_text(&r, root, "owner", true, "the objective");
	if (o->owner)
		check_owner(&r, cfg, okr_map_get(root, "owner"), o->owner);
	o->parent = rd_text(&r, root, "parent", false, "the objective");
	o->parent_at = rd_pos_of(okr_map_get(root, "parent"));
	o->committed = rd_choice(&r, root, "type", false, "the objective", type_names, 2) == 1;
	o->description = rd_text(&r, root, "description", false, "the objective");
	if ((n = okr_map_get(root, "milestones")))
		o->milestones = load_milestones(&r, n, &o->nmilestones);
	load_plan_keys(&r, root, &o->has_dropped, &o->dropped, &o->drop_reason,
		       "the objective");

	n = rd_field(&r, root, "key_results", true, "the objective");
	if (n && n->type != OKR_NODE_SEQ) {
		rd_err(&r, n, "wrong-type", "'key_results' must be a list");
	} else if (n && n->n == 0) {
		rd_err(&r, n, "missing-value", "'key_results' is empty; an objective "
		    "needs at least one key result");
	} else if (n) {
		o->krs = okr_xcalloc(n->n, sizeof(*o->krs));
		for (i = 0; i < n->n; i++) {
			const struct okr_node *m = n->items[i];

			if (m->type != OKR_NODE_MAP) {
				rd_err(&r, m, "wrong-type", "a key result must be a mapping");
				continue;
			}
			load_kr(&r, cfg, o, &o->krs[o->nkrs], m);
			o->nkrs++;
		}
	}
	check_kr_ids(&r, o);
	*out = o;
	return 0;
}

static int
kr_cmp(const void *a, const void *b)
{
	const struct okr_kr *x = *(const struct okr_kr *const *)a;
	const struct okr_kr *y = *(const struct okr_kr *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x < y ? -1 : 1);
}

/* Duplicate key result ids, reported at the later one; sorted, so a file
 * of a hundred thousand key results is not a quadratic affair. */
static void
check_kr_ids(struct rd *r, const struct okr_objective *o)
{
	const struct okr_kr **v = okr_xmalloc((o->nkrs + 1) * sizeof(*v));
	size_t i, n = 0, first;

	for (i = 0; i < o->nkrs; i++)
		if (o->krs[i].id)
			v[n++] = &o->krs[i];
	if (n)
		qsort(v, n, sizeof(*v), kr_cmp);
	for (i = 1, first = 0; i < n; i++) {
		if (strcmp(v[i]->id, v[first]->id) != 0) {
			first = i;
			continue;
		}
		rd_err(r, okr_map_get(v[i]->node, "id"), "duplicate-id",
		    "duplicate key result id '%s' (first at line %u)", v[i]->id,
		    okr_map_get(v[first]->node, "id")->start.line + 1);
	}
	free(v);
}

static const char *
keep(struct okr_arena *a, const char *s)
{
	return s ? okr_arena_strndup(a, s, strlen(s)) : NULL;
}

static struct okr_milestone *
keep_milestones(struct okr_arena *a, const struct okr_milestone *ms, size_t n)
{
	struct okr_milestone *v;
	size_t i;

	if (!ms)
		return NULL;
	v = okr_arena_alloc(a, (n ? n : 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i] = ms[i];
		v[i].title = keep(a, ms[i].title);
		v[i].node = NULL;
	}
	return v;
}

void
okr_objective_compact(struct okr_objective *o)
{
	struct okr_doc *old = o->doc, *doc = okr_xcalloc(1, sizeof(*doc));
	struct okr_arena *a = &doc->arena;
	const char *owner = o->owner;
	size_t i;

	/* about the size of the strings: the bytes of the file are a bound */
	a->first = old->len / 2 + 256;
	doc->path = okr_xstrdup(old->path);
	o->title = keep(a, o->title);
	o->owner = keep(a, o->owner);
	o->parent = keep(a, o->parent);
	o->description = keep(a, o->description);
	o->drop_reason = keep(a, o->drop_reason);
	o->milestones = keep_milestones(a, o->milestones, o->nmilestones);
	for (i = 0; i < o->nkrs; i++) {
		struct okr_kr *kr = &o->krs[i];

		kr->id = keep(a, kr->id);
		kr->title = keep(a, kr->title);
		/* an inherited owner is the objective's own string */
		kr->owner = kr->owner == owner ? o->owner : keep(a, kr->owner);
		kr->unit = keep(a, kr->unit);
		kr->drop_reason = keep(a, kr->drop_reason);
		kr->carried_from = keep(a, kr->carried_from);
		kr->milestones = keep_milestones(a, kr->milestones, kr->nmilestones);
		kr->node = NULL;
	}
	okr_doc_free(old);
	o->doc = doc;
}

void
okr_objective_free(struct okr_objective *o)
{
	if (!o)
		return;
	free(o->krs);
	free(o->path);
	free(o->period);
	free(o->id);
	okr_doc_free(o->doc);
	free(o);
}
