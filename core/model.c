/*
 * model.c: okr.yaml and objective files read from their YAML trees into the
 * model, with every schema error (unknown, missing and mistyped keys, bad
 * values) reported at the place it was found. Checks that need more than one
 * file live in validate.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

/* What a reader needs to report: the document and where diagnostics go. */
struct rd {
	struct okr_doc *doc;
	struct okr_diags *diags;
	const char *path;	/* display path */
};

static void
err(struct rd *r, const struct okr_node *at, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
err(struct rd *r, const struct okr_node *at, const char *rule, const char *fmt, ...)
{
	struct okr_buf b = OKR_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	okr_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	okr_diags_add(r->diags, r->path, at ? (unsigned)at->start.line + 1 : 1,
		      at ? (unsigned)at->start.col + 1 : 1, OKR_SEV_ERROR, rule,
		      "%s", b.ptr);
	okr_buf_free(&b);
}

/* Levenshtein distance, capped: we only care whether it is small. */
size_t
okr_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *
okr_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, bestd = 99, limit = strlen(word) < 5 ? 1 : 2;

	size_t wlen = strlen(word);

	for (i = 0; i < n; i++) {
		size_t clen = strlen(cands[i]), d;

		/* the length difference is a lower bound of the distance:
		 * skip the many candidates that cannot be close */
		if ((clen > wlen ? clen - wlen : wlen - clen) > limit)
			continue;
		d = okr_distance(word, cands[i]);

		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}

/* Unknown keys of a mapping, each with a "did you mean" where one is close. */
static void
check_keys(struct rd *r, const struct okr_node *map, const char *const *known,
	   size_t nknown, const char *what)
{
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		const struct okr_node *k = map->pairs[i].key;
		const char *hint;

		for (j = 0; j < nknown; j++)
			if (strcmp(k->value, known[j]) == 0)
				break;
		if (j < nknown)
			continue;
		hint = okr_suggest(k->value, known, nknown);
		if (hint)
			err(r, k, "unknown-key", "unknown key '%s' in %s (did you mean '%s'?)",
			    k->value, what, hint);
		else
			err(r, k, "unknown-key", "unknown key '%s' in %s", k->value, what);
	}
}

static const char *
type_name(const struct okr_node *n)
{
	switch (n->type) {
	case OKR_NODE_MAP: return "a mapping";
	case OKR_NODE_SEQ: return "a list";
	default: return "text";
	}
}

/* The value of key, or NULL; a missing required key is reported at the
 * mapping that lacks it. */
static struct okr_node *
field(struct rd *r, const struct okr_node *map, const char *key, bool required,
      const char *what)
{
	struct okr_node *v = okr_map_get(map, key);

	if (!v && required)
		err(r, map, "missing-key", "%s is missing '%s'", what, key);
	return v;
}

static const char *
text(struct rd *r, const struct okr_node *map, const char *key, bool required,
     const char *what)
{
	struct okr_node *v = field(r, map, key, required, what);

	if (!v)
		return NULL;
	if (v->type != OKR_NODE_SCALAR) {
		err(r, v, "wrong-type", "'%s' must be text, not %s", key, type_name(v));
		return NULL;
	}
	if (okr_scalar_is_null(v) || (required && v->len == 0)) {
		if (required)
			err(r, v, "missing-value", "'%s' is empty", key);
		return NULL;
	}
	if (memchr(v->value, '\0', v->len)) {
		err(r, v, "wrong-type", "'%s' holds a NUL character", key);
		return NULL;
	}
	return v->value;
}

/* YAML 1.2 core-schema decimals only: 12, -3, 12.5, .5, 1e3. */
static bool
parse_number(double *out, const char *s)
{
	const char *p = s;
	char *end;
	bool digits = false;

	if (*p == '-' || *p == '+')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits = true;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++, digits = true;
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && isfinite(*out);
}

static bool
number(struct rd *r, double *out, const struct okr_node *map, const char *key,
       bool required, const char *what)
{
	struct okr_node *v = field(r, map, key, required, what);

	if (!v)
		return false;
	if (v->type != OKR_NODE_SCALAR) {
		err(r, v, "wrong-type", "'%s' must be a number, not %s", key, type_name(v));
		return false;
	}
	if (okr_scalar_is_bool11(v)) {
		err(r, v, "wrong-type", "'%s' must be a number, not '%s' (a YAML boolean)",
		    key, v->value);
		return false;
	}
	if (v->style != OKR_STYLE_PLAIN) {
		err(r, v, "wrong-type", "'%s' must be a number, not a quoted string", key);
		return false;
	}
	if (okr_scalar_is_null(v)) {
		err(r, v, "missing-value", "'%s' is empty; it must be a number", key);
		return false;
	}
	if (!parse_number(out, v->value)) {
		err(r, v, "wrong-type", "'%s' must be a number, not '%s'", key, v->value);
		return false;
	}
	return true;
}

static bool
boolean(struct rd *r, bool *out, const struct okr_node *map, const char *key,
	bool required, const char *what)
{
	struct okr_node *v = field(r, map, key, required, what);

	if (!v)
		return false;
	if (v->type == OKR_NODE_SCALAR && v->style == OKR_STYLE_PLAIN) {
		if (strcmp(v->value, "true") == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v->value, "false") == 0) {
			*out = false;
			return true;
		}
		if (okr_scalar_is_bool11(v)) {
			err(r, v, "wrong-type", "'%s' must be true or false, not '%s' "
			    "(write %s)", key, v->value,
			    strchr("yYoO", v->value[0]) && strcasecmp(v->value, "off") != 0 ? "true" : "false");
			return false;
		}
	}
	if (v->type != OKR_NODE_SCALAR)
		err(r, v, "wrong-type", "'%s' must be true or false, not %s", key, type_name(v));
	else if (v->style != OKR_STYLE_PLAIN)
		err(r, v, "wrong-type", "'%s' must be true or false, not a quoted string", key);
	else
		err(r, v, "wrong-type", "'%s' must be true or false, not '%s'", key, v->value);
	return false;
}

static bool
date(struct rd *r, okr_date *out, const struct okr_node *map, const char *key,
     bool required, const char *what)
{
	struct okr_node *v = field(r, map, key, required, what);

	if (!v)
		return false;
	if (v->type != OKR_NODE_SCALAR) {
		err(r, v, "wrong-type", "'%s' must be a date (YYYY-MM-DD), not %s",
		    key, type_name(v));
		return false;
	}
	if (okr_date_parse(out, v->value) < 0) {
		err(r, v, "invalid-date", "'%s' is not a valid date (YYYY-MM-DD): '%s'",
		    key, v->value);
		return false;
	}
	return true;
}

/* One of a fixed set of words; reports the set and a suggestion. */
static int
choice(struct rd *r, const struct okr_node *map, const char *key, bool required,
       const char *what, const char *const *words, size_t n)
{
	const char *s = text(r, map, key, required, what);
	const char *hint;
	struct okr_buf all = OKR_BUF_INIT;
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return (int)i;
	for (i = 0; i < n; i++)
		okr_buf_printf(&all, "%s%s", i ? ", " : "", words[i]);
	hint = okr_suggest(s, words, n);
	if (hint)
		err(r, okr_map_get(map, key), "invalid-value",
		    "'%s' must be one of %s, not '%s' (did you mean '%s'?)", key,
		    all.ptr, s, hint);
	else
		err(r, okr_map_get(map, key), "invalid-value",
		    "'%s' must be one of %s, not '%s'", key, all.ptr, s);
	okr_buf_free(&all);
	return -1;
}

static bool
is_person(const char *s)
{
	const char *lt = strrchr(s, '<');
	size_t len = strlen(s);

	return lt && lt > s && len > 2 && s[len - 1] == '>' &&
	       memchr(lt, '@', (size_t)(s + len - lt)) != NULL;
}

const char *
okr_person_email(char *buf, size_t size, const char *owner)
{
	const char *lt = strrchr(owner, '<');
	size_t len = strlen(owner), n;

	if (!lt || len < 2 || owner[len - 1] != '>')
		return NULL;
	n = (size_t)(owner + len - 1 - (lt + 1));
	if (n + 1 > size)
		return NULL;
	memcpy(buf, lt + 1, n);
	buf[n] = '\0';
	return buf;
}

static const char *
person(struct rd *r, const struct okr_node *n, const char *key)
{
	if (!n || n->type != OKR_NODE_SCALAR || okr_scalar_is_null(n)) {
		if (n)
			err(r, n, "wrong-type", "'%s' must be a person \"Name <email>\"", key);
		return NULL;
	}
	if (!is_person(n->value)) {
		err(r, n, "invalid-person", "'%s' must be a person \"Name <email>\", not '%s'",
		    key, n->value);
		return NULL;
	}
	return n->value;
}

static struct okr_pos
pos_of(const struct okr_node *n)
{
	struct okr_pos p = { 0, 0 };

	if (n) {
		p.line = n->start.line + 1;
		p.col = n->start.col + 1;
	}
	return p;
}

/* ---- okr.yaml ---- */

static const char *const day_names[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};
static const char *const review_names[] = { "weekly", "monthly", "quarterly" };

static void
fill_defaults(struct okr_config *c)
{
	c->fiscal_year_start = 1;
	c->checkin_days = 7;
	c->meeting_day = 0;
	c->meeting_minute = 9 * 60;
	c->meeting_length = 30;
	c->review = OKR_MONTHLY;
	c->report = OKR_QUARTERLY;
	c->on_track = 0.7;
	c->at_risk = 0.4;
}

struct okr_config *
okr_config_default(void)
{
	struct okr_config *c = okr_xcalloc(1, sizeof(*c));

	fill_defaults(c);
	return c;
}

static int
email_cmp(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
add_email(struct okr_config *c, const char *who, size_t *cap)
{
	char buf[256];
	const char *e = who ? okr_person_email(buf, sizeof(buf), who) : NULL;

	if (!e)
		return;
	if (c->nemails == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		c->emails = okr_xrealloc(c->emails, *cap * sizeof(*c->emails));
	}
	c->emails[c->nemails++] = okr_arena_strndup(&c->doc->arena, e, strlen(e));
}

static const char **
people(struct rd *r, const struct okr_node *seq, const char *key, size_t *n)
{
	const char **v;
	size_t i;

	*n = 0;
	if (!seq)
		return NULL;
	if (seq->type != OKR_NODE_SEQ) {
		err(r, seq, "wrong-type", "'%s' must be a list of people", key);
		return NULL;
	}
	v = okr_arena_alloc(&r->doc->arena, seq->n * sizeof(*v));
	for (i = 0; i < seq->n; i++) {
		const char *p = person(r, seq->items[i], key);

		if (p)
			v[(*n)++] = p;
	}
	return v;
}

static void
load_cadence(struct rd *r, struct okr_config *c, const struct okr_node *cad)
{
	static const char *const keys[] = { "checkin", "meeting", "review", "report" };
	static const char *const mkeys[] = { "day", "time", "length" };
	const struct okr_node *m;
	const char *s;
	int i;

	if (cad->type != OKR_NODE_MAP) {
		err(r, cad, "wrong-type", "'cadence' must be a mapping");
		return;
	}
	check_keys(r, cad, keys, 4, "'cadence'");
	if ((s = text(r, cad, "checkin", false, "'cadence'")) &&
	    okr_days_parse(&c->checkin_days, s) < 0)
		err(r, okr_map_get(cad, "checkin"), "invalid-value",
		    "'checkin' must be a duration like 7d or 2w, not '%s'", s);
	if ((i = choice(r, cad, "review", false, "'cadence'", review_names, 3)) >= 0)
		c->review = (enum okr_review)i;
	if ((i = choice(r, cad, "report", false, "'cadence'", review_names, 3)) >= 0)
		c->report = (enum okr_review)i;
	m = okr_map_get(cad, "meeting");
	if (!m)
		return;
	if (m->type != OKR_NODE_MAP) {
		err(r, m, "wrong-type", "'meeting' must be a mapping");
		return;
	}
	check_keys(r, m, mkeys, 3, "'meeting'");
	if ((i = choice(r, m, "day", false, "'meeting'", day_names, 7)) >= 0)
		c->meeting_day = i;
	if ((s = text(r, m, "time", false, "'meeting'"))) {
		bool ok = strlen(s) == 5 && s[2] == ':' && isdigit((unsigned char)s[0]) &&
			  isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[3]) &&
			  isdigit((unsigned char)s[4]);
		int hh = ok ? (s[0] - '0') * 10 + (s[1] - '0') : 0;
		int mm = ok ? (s[3] - '0') * 10 + (s[4] - '0') : 0;

		if (ok && hh < 24 && mm < 60)
			c->meeting_minute = hh * 60 + mm;
		else
			err(r, okr_map_get(m, "time"), "invalid-value",
			    "'time' must be HH:MM (24-hour), not '%s'", s);
	}
	if ((s = text(r, m, "length", false, "'meeting'")) &&
	    okr_minutes_parse(&c->meeting_length, s) < 0)
		err(r, okr_map_get(m, "length"), "invalid-value",
		    "'length' must be a duration like 30m or 1h, not '%s'", s);
}

static void
load_teams(struct rd *r, struct okr_config *c, const struct okr_node *teams)
{
	static const char *const keys[] = { "name", "lead", "members" };
	size_t i;

	c->has_teams = true;
	if (teams->type != OKR_NODE_MAP) {
		err(r, teams, "wrong-type", "'teams' must be a mapping of team keys");
		return;
	}
	c->teams = okr_arena_alloc(&c->doc->arena, teams->n * sizeof(*c->teams));
	for (i = 0; i < teams->n; i++) {
		const struct okr_node *t = teams->pairs[i].value;
		struct okr_team *team = &c->teams[c->nteams];

		team->key = teams->pairs[i].key->value;
		if (t->type != OKR_NODE_MAP) {
			err(r, t, "wrong-type", "team '%s' must be a mapping with name, lead and members",
			    team->key);
			continue;
		}
		check_keys(r, t, keys, 3, "a team");
		team->name = text(r, t, "name", false, "a team");
		team->lead = person(r, okr_map_get(t, "lead"), "lead");
		team->members = people(r, okr_map_get(t, "members"), "members",
				       &team->nmembers);
		c->nteams++;
	}
}

static bool is_period_name(const char *s, size_t len);

/* closed: period -> the date okr close recorded (SPEC section 2). */
static void
load_closed(struct rd *r, struct okr_config *c, const struct okr_node *map)
{
	size_t i;

	if (okr_scalar_is_null(map))
		return;
	if (map->type != OKR_NODE_MAP) {
		err(r, map, "wrong-type", "'closed' must be a mapping of period to date");
		return;
	}
	c->closed = okr_arena_alloc(&c->doc->arena,
				    (map->n ? map->n : 1) * sizeof(*c->closed));
	for (i = 0; i < map->n; i++) {
		const struct okr_node *k = map->pairs[i].key;
		struct okr_closed *e = &c->closed[c->nclosed];

		if (!is_period_name(k->value, k->len)) {
			err(r, k, "invalid-value", "'closed' maps periods (YYYY-QN) to "
			    "dates, not '%s'", k->value);
			continue;
		}
		if (!date(r, &e->date, map, k->value, true, "'closed'"))
			continue;
		e->period = k->value;
		c->nclosed++;
	}
}

bool
okr_config_closed(const struct okr_config *c, const char *period, okr_date *date)
{
	size_t i;

	for (i = 0; c && i < c->nclosed; i++)
		if (strcmp(c->closed[i].period, period) == 0) {
			if (date)
				*date = c->closed[i].date;
			return true;
		}
	return false;
}

bool
okr_objective_dropped(const struct okr_objective *o, okr_date as_of)
{
	return o->has_dropped && o->dropped <= as_of;
}

bool
okr_kr_dropped(const struct okr_objective *o, const struct okr_kr *kr,
	       okr_date as_of)
{
	return (kr->has_dropped && kr->dropped <= as_of) ||
	       okr_objective_dropped(o, as_of);
}

int
okr_config_load(struct okr_config **out, const char *path, const char *buf,
		size_t len, struct okr_diags *diags)
{
	static const char *const keys[] = {
		"organisation", "ambassadors", "fiscal_year_start", "cadence",
		"scoring", "teams", "closed",
	};
	static const char *const skeys[] = { "on_track", "at_risk" };
	struct okr_config *c;
	struct okr_doc *doc;
	const struct okr_node *root, *n;
	struct rd r;
	size_t cap = 0, i, j;
	double d;

	*out = NULL;
	if (okr_doc_parse(&doc, path, buf, len, diags) < 0)
		return -1;
	root = doc->root;
	if (!root || root->type != OKR_NODE_MAP) {
		okr_diags_add(diags, path, root ? (unsigned)root->start.line + 1 : 1,
			      root ? (unsigned)root->start.col + 1 : 1, OKR_SEV_ERROR,
			      "wrong-type", "okr.yaml must be a mapping of settings");
		okr_doc_free(doc);
		return -1;
	}
	c = okr_config_default();
	c->doc = doc;
	r.doc = doc;
	r.diags = diags;
	r.path = path;

	check_keys(&r, root, keys, sizeof(keys) / sizeof(keys[0]), "okr.yaml");
	c->organisation = text(&r, root, "organisation", true, "okr.yaml");
	c->ambassadors = people(&r, okr_map_get(root, "ambassadors"), "ambassadors",
				&c->nambassadors);
	if (number(&r, &d, root, "fiscal_year_start", false, "okr.yaml")) {
		if (d != floor(d) || d < 1 || d > 12)
			err(&r, okr_map_get(root, "fiscal_year_start"), "invalid-value",
			    "'fiscal_year_start' must be a month from 1 to 12");
		else
			c->fiscal_year_start = (int)d;
	}
	if ((n = okr_map_get(root, "cadence")))
		load_cadence(&r, c, n);
	if ((n = okr_map_get(root, "scoring"))) {
		if (n->type != OKR_NODE_MAP) {
			err(&r, n, "wrong-type", "'scoring' must be a mapping");
		} else {
			check_keys(&r, n, skeys, 2, "'scoring'");
			for (i = 0; i < 2; i++) {
				double *dst = i ? &c->at_risk : &c->on_track;

				if (!number(&r, &d, n, skeys[i], false, "'scoring'"))
					continue;
				if (d < 0 || d > 1)
					err(&r, okr_map_get(n, skeys[i]), "invalid-value",
					    "'%s' must be between 0 and 1", skeys[i]);
				else
					*dst = d;
			}
			if (c->at_risk > c->on_track)
				err(&r, okr_map_get(n, "at_risk"), "invalid-value",
				    "'at_risk' (%g) must not exceed 'on_track' (%g)",
				    c->at_risk, c->on_track);
		}
	}
	if ((n = okr_map_get(root, "teams")))
		load_teams(&r, c, n);
	if ((n = okr_map_get(root, "closed")))
		load_closed(&r, c, n);

	for (i = 0; i < c->nambassadors; i++)
		add_email(c, c->ambassadors[i], &cap);
	for (i = 0; i < c->nteams; i++) {
		add_email(c, c->teams[i].lead, &cap);
		for (j = 0; j < c->teams[i].nmembers; j++)
			add_email(c, c->teams[i].members[j], &cap);
	}
	if (c->nemails)
		qsort(c->emails, c->nemails, sizeof(*c->emails), email_cmp);
	c->team_keys = okr_xmalloc((c->nteams + 1) * sizeof(*c->team_keys));
	for (i = 0; i < c->nteams; i++)
		c->team_keys[i] = c->teams[i].key;
	qsort(c->team_keys, c->nteams, sizeof(*c->team_keys), key_cmp);
	*out = c;
	return 0;
}

void
okr_config_free(struct okr_config *c)
{
	if (!c)
		return;
	free(c->emails);
	free(c->team_keys);
	okr_doc_free(c->doc);
	free(c);
}

bool
okr_config_owner_known(const struct okr_config *c, const char *owner)
{
	char buf[256];
	const char *e;

	if (!c->has_teams)
		return true;
	if (c->nteams && bsearch(&owner, c->team_keys, c->nteams,
				 sizeof(*c->team_keys), key_cmp))
		return true;
	e = okr_person_email(buf, sizeof(buf), owner);
	return e && c->nemails &&
	       bsearch(&e, c->emails, c->nemails, sizeof(*c->emails), email_cmp);
}

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
		err(r, at, "unknown-owner", "unknown owner '%s' (did you mean '%s'?)",
		    owner, hint);
	else if (strchr(owner, '<'))
		err(r, at, "unknown-owner", "unknown owner '%s': the email is not a lead, "
		    "member or ambassador in okr.yaml", owner);
	else
		err(r, at, "unknown-owner", "unknown owner '%s': not a team in okr.yaml",
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
		err(r, seq, "wrong-type", "'milestones' must be a list");
		return NULL;
	}
	v = okr_arena_alloc(&r->doc->arena, seq->n * sizeof(*v));
	for (i = 0; i < seq->n; i++) {
		const struct okr_node *m = seq->items[i];
		struct okr_milestone *ms = &v[*n];

		if (m->type != OKR_NODE_MAP) {
			err(r, m, "wrong-type", "a milestone must be a mapping with title, due and done");
			continue;
		}
		check_keys(r, m, keys, 3, "a milestone");
		ms->node = m;
		ms->title = text(r, m, "title", true, "milestone");
		ms->has_due = date(r, &ms->due, m, "due", false, "milestone");
		ms->due_at = pos_of(okr_map_get(m, "due"));
		boolean(r, &ms->done, m, "done", false, "milestone");
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

	*has_dropped = date(r, dropped, m, "dropped", false, what);
	*reason = text(r, m, "drop_reason", false, what);
	if (dn && !rn)
		err(r, dn, "missing-key", "%s has 'dropped' without 'drop_reason'; "
		    "give both or neither", what);
	else if (rn && !dn)
		err(r, rn, "missing-key", "%s has 'drop_reason' without 'dropped'; "
		    "give both or neither", what);
	else if (rn && !*reason)
		err(r, rn, "missing-value", "'drop_reason' of %s is empty", what);
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

	if ((kr->has_score = number(r, &kr->score, m, "score", false, what)) &&
	    (kr->score < 0 || kr->score > 1)) {
		err(r, n, "invalid-value", "'score' must be between 0 and 1, not %s",
		    n->value);
		kr->has_score = false;
	}
	kr->score_at = pos_of(n);
	kr->carried_from = text(r, m, "carried_from", false, what);
	if (kr->carried_from &&
	    (!(hash = strchr(kr->carried_from, '#')) || !hash[1] ||
	     !is_period_name(kr->carried_from, 7) || kr->carried_from[7] != '/' ||
	     hash - kr->carried_from < 9))
		err(r, okr_map_get(m, "carried_from"), "invalid-value",
		    "'carried_from' must be <period>/<objective>#<key-result>, not '%s'",
		    kr->carried_from);
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
	check_keys(r, m, keys, sizeof(keys) / sizeof(keys[0]), "a key result");
	kr->id = text(r, m, "id", true, "a key result");
	if (kr->id) {
		for (i = 0; kr->id[i]; i++)
			if (!(islower((unsigned char)kr->id[i]) ||
			      isdigit((unsigned char)kr->id[i]) || kr->id[i] == '-'))
				break;
		if (kr->id[i] || !i)
			err(r, idn, "invalid-id", "key result id '%s' may hold only "
			    "a-z, 0-9 and '-'", kr->id);
	}
	snprintf(what, sizeof(what), "key result '%s'", kr->id ? kr->id : "?");
	kr->title = text(r, m, "title", true, what);
	kr->owner = text(r, m, "owner", false, what);
	if (kr->owner)
		check_owner(r, cfg, okr_map_get(m, "owner"), kr->owner);
	else
		kr->owner = o->owner;
	kr->unit = text(r, m, "unit", false, what);
	if ((kr->has_confidence = number(r, &kr->confidence, m, "confidence", false, what)) &&
	    (kr->confidence < 0 || kr->confidence > 1))
		err(r, okr_map_get(m, "confidence"), "invalid-value",
		    "'confidence' must be between 0 and 1, not %s",
		    okr_map_get(m, "confidence")->value);
	if (number(r, &kr->weight, m, "weight", false, what) && kr->weight <= 0)
		err(r, okr_map_get(m, "weight"), "invalid-value",
		    "'weight' must be greater than 0");
	kr->has_updated = date(r, &kr->updated, m, "updated", false, what);
	kr->has_due = date(r, &kr->due, m, "due", false, what);
	load_plan_keys(r, m, &kr->has_dropped, &kr->dropped, &kr->drop_reason, what);
	load_kr_end_keys(r, kr, m, what);
	kr->at = pos_of(m);
	kr->updated_at = pos_of(okr_map_get(m, "updated"));
	kr->due_at = pos_of(okr_map_get(m, "due"));

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
		err(r, m, "no-kind", "%s has no kind: give start, target and current "
		    "(metric), at_least or at_most and current (threshold), done "
		    "(binary), or milestones", what);
		return;
	}
	if (nk > 1) {
		/* point at the later of the two fields */
		const struct okr_node *at = kind_at[0]->start.index > kind_at[1]->start.index
					    ? kind_at[0] : kind_at[1];

		err(r, at, "mixed-kind", "%s mixes %s and %s fields; a key result is "
		    "exactly one kind", what, kinds[0], kinds[1]);
		return;
	}
	if (strcmp(kinds[0], "metric") == 0) {
		bool s, t;

		kr->kind = OKR_KR_METRIC;
		s = number(r, &kr->start, m, "start", true, what);
		t = number(r, &kr->target, m, "target", true, what);
		kr->has_current = number(r, &kr->current, m, "current", true, what);
		if (s && t && kr->start == kr->target)
			err(r, okr_map_get(m, "target"), "start-equals-target",
			    "'target' equals 'start' (%s)", okr_map_get(m, "start")->value);
	} else if (strcmp(kinds[0], "threshold") == 0) {
		kr->kind = OKR_KR_THRESHOLD;
		if (okr_map_get(m, "at_least") && okr_map_get(m, "at_most")) {
			err(r, okr_map_get(m, "at_most"), "mixed-kind",
			    "%s has both 'at_least' and 'at_most'; give one", what);
			return;
		}
		kr->at_least = okr_map_get(m, "at_least") != NULL;
		number(r, &kr->bound, m, kr->at_least ? "at_least" : "at_most", true, what);
		kr->has_current = number(r, &kr->current, m, "current", true, what);
	} else if (strcmp(kinds[0], "binary") == 0) {
		kr->kind = OKR_KR_BINARY;
		boolean(r, &kr->done, m, "done", true, what);
		if ((n = okr_map_get(m, "current")))
			err(r, n, "mixed-kind", "'current' does not belong in a binary "
			    "key result; use done: true or false");
	} else {
		n = okr_map_get(m, "milestones");
		kr->kind = OKR_KR_MILESTONE;
		kr->milestones = load_milestones(r, n, &kr->nmilestones);
		if (n->type == OKR_NODE_SEQ && n->n == 0)
			err(r, n, "missing-value", "'milestones' of %s is empty", what);
		if ((n = okr_map_get(m, "current")))
			err(r, n, "mixed-kind", "'current' does not belong in a milestone "
			    "key result");
	}
}

static void check_kr_ids(struct rd *r, const struct okr_objective *o);

static bool
is_period_name(const char *s, size_t len)
{
	return len == 7 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	       s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4';
}

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
	if (!slash || !is_period_name(relpath, (size_t)(slash - relpath)) ||
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

	check_keys(&r, root, keys, sizeof(keys) / sizeof(keys[0]), "an objective");
	o->title = text(&r, root, "objective", true, "the objective");
	if ((k = choice(&r, root, "level", true, "the objective", level_names, 3)) >= 0)
		o->level = (enum okr_level)k;
	else
		o->level = OKR_LEVEL_TEAM;
	o->owner = text(&r, root, "owner", true, "the objective");
	if (o->owner)
		check_owner(&r, cfg, okr_map_get(root, "owner"), o->owner);
	o->parent = text(&r, root, "parent", false, "the objective");
	o->parent_at = pos_of(okr_map_get(root, "parent"));
	o->committed = choice(&r, root, "type", false, "the objective", type_names, 2) == 1;
	o->description = text(&r, root, "description", false, "the objective");
	if ((n = okr_map_get(root, "milestones")))
		o->milestones = load_milestones(&r, n, &o->nmilestones);
	load_plan_keys(&r, root, &o->has_dropped, &o->dropped, &o->drop_reason,
		       "the objective");

	n = field(&r, root, "key_results", true, "the objective");
	if (n && n->type != OKR_NODE_SEQ) {
		err(&r, n, "wrong-type", "'key_results' must be a list");
	} else if (n && n->n == 0) {
		err(&r, n, "missing-value", "'key_results' is empty; an objective "
		    "needs at least one key result");
	} else if (n) {
		o->krs = okr_xcalloc(n->n, sizeof(*o->krs));
		for (i = 0; i < n->n; i++) {
			const struct okr_node *m = n->items[i];

			if (m->type != OKR_NODE_MAP) {
				err(&r, m, "wrong-type", "a key result must be a mapping");
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
		err(r, okr_map_get(v[i]->node, "id"), "duplicate-id",
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
