/*
 * config.c: okr.yaml read into struct okr_config (cadence, scoring, teams,
 * closed periods), with every schema error reported where it was found.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "modelrd.h"

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
		rd_err(r, seq, "wrong-type", "'%s' must be a list of people", key);
		return NULL;
	}
	v = okr_arena_alloc(&r->doc->arena, seq->n * sizeof(*v));
	for (i = 0; i < seq->n; i++) {
		const char *p = rd_person(r, seq->items[i], key);

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
		rd_err(r, cad, "wrong-type", "'cadence' must be a mapping");
		return;
	}
	rd_check_keys(r, cad, keys, 4, "'cadence'");
	if ((s = rd_text(r, cad, "checkin", false, "'cadence'")) &&
	    okr_days_parse(&c->checkin_days, s) < 0)
		rd_err(r, okr_map_get(cad, "checkin"), "invalid-value",
		    "'checkin' must be a duration like 7d or 2w, not '%s'", s);
	if ((i = rd_choice(r, cad, "review", false, "'cadence'", review_names, 3)) >= 0)
		c->review = (enum okr_review)i;
	if ((i = rd_choice(r, cad, "report", false, "'cadence'", review_names, 3)) >= 0)
		c->report = (enum okr_review)i;
	m = okr_map_get(cad, "meeting");
	if (!m)
		return;
	if (m->type != OKR_NODE_MAP) {
		rd_err(r, m, "wrong-type", "'meeting' must be a mapping");
		return;
	}
	rd_check_keys(r, m, mkeys, 3, "'meeting'");
	if ((i = rd_choice(r, m, "day", false, "'meeting'", day_names, 7)) >= 0)
		c->meeting_day = i;
	if ((s = rd_text(r, m, "time", false, "'meeting'"))) {
		bool ok = strlen(s) == 5 && s[2] == ':' && isdigit((unsigned char)s[0]) &&
			  isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[3]) &&
			  isdigit((unsigned char)s[4]);
		int hh = ok ? (s[0] - '0') * 10 + (s[1] - '0') : 0;
		int mm = ok ? (s[3] - '0') * 10 + (s[4] - '0') : 0;

		if (ok && hh < 24 && mm < 60)
			c->meeting_minute = hh * 60 + mm;
		else
			rd_err(r, okr_map_get(m, "time"), "invalid-value",
			    "'time' must be HH:MM (24-hour), not '%s'", s);
	}
	if ((s = rd_text(r, m, "length", false, "'meeting'")) &&
	    okr_minutes_parse(&c->meeting_length, s) < 0)
		rd_err(r, okr_map_get(m, "length"), "invalid-value",
		    "'length' must be a duration like 30m or 1h, not '%s'", s);
}

static void
load_teams(struct rd *r, struct okr_config *c, const struct okr_node *teams)
{
	static const char *const keys[] = { "name", "lead", "members" };
	size_t i;

	c->has_teams = true;
	if (teams->type != OKR_NODE_MAP) {
		rd_err(r, teams, "wrong-type", "'teams' must be a mapping of team keys");
		return;
	}
	c->teams = okr_arena_alloc(&c->doc->arena, teams->n * sizeof(*c->teams));
	for (i = 0; i < teams->n; i++) {
		const struct okr_node *t = teams->pairs[i].value;
		struct okr_team *team = &c->teams[c->nteams];

		team->key = teams->pairs[i].key->value;
		if (t->type != OKR_NODE_MAP) {
			rd_err(r, t, "wrong-type", "team '%s' must be a mapping with name, lead and members",
			    team->key);
			continue;
		}
		rd_check_keys(r, t, keys, 3, "a team");
		team->name = rd_text(r, t, "name", false, "a team");
		team->lead = rd_person(r, okr_map_get(t, "lead"), "lead");
		team->members = people(r, okr_map_get(t, "members"), "members",
				       &team->nmembers);
		c->nteams++;
	}
}


/* closed: period -> the date okr close recorded (SPEC section 2). */
static void
load_closed(struct rd *r, struct okr_config *c, const struct okr_node *map)
{
	size_t i;

	if (okr_scalar_is_null(map))
		return;
	if (map->type != OKR_NODE_MAP) {
		rd_err(r, map, "wrong-type", "'closed' must be a mapping of period to date");
		return;
	}
	c->closed = okr_arena_alloc(&c->doc->arena,
				    (map->n ? map->n : 1) * sizeof(*c->closed));
	for (i = 0; i < map->n; i++) {
		const struct okr_node *k = map->pairs[i].key;
		struct okr_closed *e = &c->closed[c->nclosed];

		if (!rd_is_period_name(k->value, k->len)) {
			rd_err(r, k, "invalid-value", "'closed' maps periods (YYYY-QN) to "
			    "dates, not '%s'", k->value);
			continue;
		}
		if (!rd_date(r, &e->date, map, k->value, true, "'closed'"))
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

	rd_check_keys(&r, root, keys, sizeof(keys) / sizeof(keys[0]), "okr.yaml");
	c->organisation = rd_text(&r, root, "organisation", true, "okr.yaml");
	c->ambassadors = people(&r, okr_map_get(root, "ambassadors"), "ambassadors",
				&c->nambassadors);
	if (rd_number(&r, &d, root, "fiscal_year_start", false, "okr.yaml")) {
		if (d != floor(d) || d < 1 || d > 12)
			rd_err(&r, okr_map_get(root, "fiscal_year_start"), "invalid-value",
			    "'fiscal_year_start' must be a month from 1 to 12");
		else
			c->fiscal_year_start = (int)d;
	}
	if ((n = okr_map_get(root, "cadence")))
		load_cadence(&r, c, n);
	if ((n = okr_map_get(root, "scoring"))) {
		if (n->type != OKR_NODE_MAP) {
			rd_err(&r, n, "wrong-type", "'scoring' must be a mapping");
		} else {
			rd_check_keys(&r, n, skeys, 2, "'scoring'");
			for (i = 0; i < 2; i++) {
				double *dst = i ? &c->at_risk : &c->on_track;

				if (!rd_number(&r, &d, n, skeys[i], false, "'scoring'"))
					continue;
				if (d < 0 || d > 1)
					rd_err(&r, okr_map_get(n, skeys[i]), "invalid-value",
					    "'%s' must be between 0 and 1", skeys[i]);
				else
					*dst = d;
			}
			if (c->at_risk > c->on_track)
				rd_err(&r, okr_map_get(n, "at_risk"), "invalid-value",
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
