/*
 * test_model.c: okr.yaml and objective files as `okr check` reads them:
 * every setting and key-result field, every schema error at the place an
 * editor should jump to, and the checks across files (alignment, time).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "modelrd.h"
#include "tree.h"
#include "validate.h"

#define D(y, m, d) okr_date_from_ymd(y, m, d)

/* Exactly one diagnostic with this rule, at line:col, holding substr. */
static const struct okr_diag *expect_diag(const struct okr_diags *d,
					  const char *rule, unsigned line,
					  unsigned col, const char *substr)
{
	const struct okr_diag *hit = NULL;
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0) {
			hit = &d->v[i];
			n++;
		}
	ck_assert_msg(n == 1, "%zu diagnostics with rule '%s' (of %zu; first: %s)",
		      n, rule, d->n, d->n ? d->v[0].msg : "-");
	ck_assert_msg(hit->line == line && hit->col == col,
		      "'%s' at %u:%u, expected %u:%u (%s)", rule, hit->line,
		      hit->col, line, col, hit->msg);
	ck_assert_msg(strstr(hit->msg, substr), "'%s' lacks '%s'", hit->msg,
		      substr);
	return hit;
}

static size_t count_rule(const struct okr_diags *d, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += strcmp(d->v[i].rule, rule) == 0;
	return n;
}

static struct okr_config *config(const char *s, struct okr_diags *d)
{
	struct okr_config *c = NULL;

	ck_assert_int_eq(okr_config_load(&c, "okr.yaml", s, strlen(s), d), 0);
	ck_assert_ptr_nonnull(c);
	return c;
}

static const char teams_yaml[] =
	"organisation: Example AS\n"
	"ambassadors:\n"
	"  - Kari Nordmann <kari@example.com>\n"
	"teams:\n"
	"  platform:\n"
	"    name: Platform\n"
	"    lead: Ola Nordmann <ola@example.com>\n"
	"    members: [Alice Berg <alice@example.com>]\n"
	"  sales: {name: Sales}\n";

static struct okr_objective *load_as(const struct okr_config *cfg,
				     const char *rel, const char *s,
				     struct okr_diags *d)
{
	struct okr_objective *o = NULL;

	ck_assert_int_eq(okr_objective_load(&o, cfg, rel, rel, s, strlen(s), d), 0);
	ck_assert_ptr_nonnull(o);
	return o;
}

static struct okr_objective *load(const struct okr_config *cfg, const char *s,
				  struct okr_diags *d)
{
	return load_as(cfg, "2026-Q4/team/x.yaml", s, d);
}

/* ---- okr.yaml ---- */

START_TEST(test_config_defaults)
{
	struct okr_diags d = { 0 };
	struct okr_config *c = config("organisation: Example AS\n", &d);

	ck_assert_uint_eq(d.n, 0);
	ck_assert_str_eq(c->organisation, "Example AS");
	ck_assert_uint_eq(c->nambassadors, 0);
	ck_assert_int_eq(c->fiscal_year_start, 1);
	ck_assert_int_eq(c->checkin_days, 7);
	ck_assert_int_eq(c->meeting_day, 0);
	ck_assert_int_eq(c->meeting_minute, 9 * 60);
	ck_assert_int_eq(c->meeting_length, 30);
	ck_assert_int_eq(c->review, OKR_MONTHLY);
	ck_assert_int_eq(c->report, OKR_QUARTERLY);
	ck_assert_double_eq(c->on_track, 0.7);
	ck_assert_double_eq(c->at_risk, 0.4);
	ck_assert(!c->has_teams);
	ck_assert_uint_eq(c->nteams, 0);
	okr_config_free(c);

	c = okr_config_default();
	ck_assert_ptr_null(c->organisation);
	ck_assert_int_eq(c->checkin_days, 7);
	ck_assert_double_eq(c->on_track, 0.7);
	okr_config_free(c);
	okr_config_free(NULL);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_config_every_setting)
{
	const char *s =
		"organisation: Example AS\n"
		"ambassadors:\n"
		"  - Kari Nordmann <kari@example.com>\n"
		"  - P\xc3\xa5l \xc3\x98stby <pal@example.com>\n"
		"fiscal_year_start: 7\n"
		"cadence:\n"
		"  checkin: 2w\n"
		"  meeting:\n"
		"    day: thursday\n"
		"    time: \"14:30\"\n"
		"    length: 1h\n"
		"  review: weekly\n"
		"  report: monthly\n"
		"scoring:\n"
		"  on_track: 0.8\n"
		"  at_risk: 0.5\n"
		"teams:\n"
		"  platform:\n"
		"    name: Platform\n"
		"    lead: Ola Nordmann <ola@example.com>\n"
		"    members: [Alice Berg <alice@example.com>, Bob <bob@example.com>]\n"
		"  sales:\n"
		"    name: Sales\n";
	struct okr_diags d = { 0 };
	struct okr_config *c = config(s, &d);

	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(c->nambassadors, 2);
	ck_assert_str_eq(c->ambassadors[1], "P\xc3\xa5l \xc3\x98stby <pal@example.com>");
	ck_assert_int_eq(c->fiscal_year_start, 7);
	ck_assert_int_eq(c->checkin_days, 14);
	ck_assert_int_eq(c->meeting_day, 3);
	ck_assert_int_eq(c->meeting_minute, 14 * 60 + 30);
	ck_assert_int_eq(c->meeting_length, 60);
	ck_assert_int_eq(c->review, OKR_WEEKLY);
	ck_assert_int_eq(c->report, OKR_MONTHLY);
	ck_assert_double_eq(c->on_track, 0.8);
	ck_assert_double_eq(c->at_risk, 0.5);
	ck_assert(c->has_teams);
	ck_assert_uint_eq(c->nteams, 2);
	ck_assert_str_eq(c->teams[0].key, "platform");
	ck_assert_str_eq(c->teams[0].name, "Platform");
	ck_assert_str_eq(c->teams[0].lead, "Ola Nordmann <ola@example.com>");
	ck_assert_uint_eq(c->teams[0].nmembers, 2);
	ck_assert_str_eq(c->teams[0].members[1], "Bob <bob@example.com>");
	ck_assert_str_eq(c->teams[1].key, "sales");
	ck_assert_ptr_null(c->teams[1].lead);
	ck_assert_uint_eq(c->teams[1].nmembers, 0);
	/* kari, pal, ola, alice, bob */
	ck_assert_uint_eq(c->nemails, 5);
	okr_config_free(c);
	okr_diags_free(&d);
}
END_TEST

struct bad_case {
	const char *yaml;
	const char *rule;
	unsigned line, col;
	const char *msg;
};

static const struct bad_case bad_configs[] = {
	{ "organisation: X\nfiscal_year_start: 13\n", "invalid-value", 2, 20,
	  "'fiscal_year_start' must be a month from 1 to 12" },
	{ "organisation: X\nfiscal_year_start: 0\n", "invalid-value", 2, 20,
	  "from 1 to 12" },
	{ "organisation: X\nfiscal_year_start: 1.5\n", "invalid-value", 2, 20,
	  "from 1 to 12" },
	{ "organisation: X\nfiscal_year_start: \"7\"\n", "wrong-type", 2, 20,
	  "quoted string" },
	{ "organisation: X\nfiscal_year_start: yes\n", "wrong-type", 2, 20,
	  "'yes' (a YAML boolean)" },
	{ "organisation: X\ncadence:\n  checkin: \"7\"\n", "invalid-value", 3, 12,
	  "'checkin' must be a duration like 7d or 2w, not '7'" },
	{ "organisation: X\ncadence:\n  checkin: 7\n", "invalid-value", 3, 12,
	  "not '7'" },
	{ "organisation: X\ncadence:\n  checkin: 0d\n", "invalid-value", 3, 12,
	  "not '0d'" },
	{ "organisation: X\ncadence:\n  meeting:\n    time: \"9:00\"\n",
	  "invalid-value", 4, 11, "'time' must be HH:MM (24-hour), not '9:00'" },
	{ "organisation: X\ncadence:\n  meeting:\n    time: \"24:00\"\n",
	  "invalid-value", 4, 11, "not '24:00'" },
	{ "organisation: X\ncadence:\n  meeting:\n    time: \"09:60\"\n",
	  "invalid-value", 4, 11, "not '09:60'" },
	{ "organisation: X\ncadence:\n  meeting:\n    time: \"09:+5\"\n",
	  "invalid-value", 4, 11, "not '09:+5'" },
	{ "organisation: X\ncadence:\n  meeting:\n    time: \"09: 5\"\n",
	  "invalid-value", 4, 11, "not '09: 5'" },
	{ "organisation: X\ncadence:\n  meeting:\n    day: mondy\n",
	  "invalid-value", 4, 10, "not 'mondy' (did you mean 'monday'?)" },
	{ "organisation: X\ncadence:\n  meeting:\n    length: 30\n",
	  "invalid-value", 4, 13, "'length' must be a duration like 30m or 1h" },
	{ "organisation: X\ncadence:\n  review: daily\n", "invalid-value", 3, 11,
	  "'review' must be one of weekly, monthly, quarterly, not 'daily'" },
	{ "organisation: X\nscoring:\n  on_track: 0.3\n  at_risk: 0.5\n",
	  "invalid-value", 4, 12, "'at_risk' (0.5) must not exceed 'on_track' (0.3)" },
	{ "organisation: X\nscoring:\n  on_track: 1.5\n", "invalid-value", 3, 13,
	  "'on_track' must be between 0 and 1" },
	{ "organisation: X\norganization: Y\n", "unknown-key", 2, 1,
	  "unknown key 'organization' in okr.yaml (did you mean 'organisation'?)" },
	{ "organisation: X\ncolour: red\n", "unknown-key", 2, 1,
	  "unknown key 'colour' in okr.yaml" },
	{ "organisation: X\ncadence:\n  chekin: 7d\n", "unknown-key", 3, 3,
	  "unknown key 'chekin' in 'cadence' (did you mean 'checkin'?)" },
	{ "organisation: X\nteams:\n  p:\n    lead: Ola\n", "invalid-person", 4, 11,
	  "'lead' must be a person \"Name <email>\", not 'Ola'" },
	{ "organisation: X\nteams:\n  p:\n    nam: P\n", "unknown-key", 4, 5,
	  "did you mean 'name'?" },
	{ "organisation: X\nambassadors: [Kari]\n", "invalid-person", 2, 15,
	  "not 'Kari'" },
	{ "organisation: X\nambassadors: Kari <k@x.no>\n", "wrong-type", 2, 14,
	  "'ambassadors' must be a list of people" },
	{ "fiscal_year_start: 1\n", "missing-key", 1, 1,
	  "okr.yaml is missing 'organisation'" },
	{ "organisation: [X]\n", "wrong-type", 1, 15,
	  "'organisation' must be text, not a list" },
};

START_TEST(test_config_bad_values)
{
	const struct bad_case *t = &bad_configs[_i];
	struct okr_diags d = { 0 };
	struct okr_config *c = config(t->yaml, &d);

	expect_diag(&d, t->rule, t->line, t->col, t->msg);
	ck_assert_msg(d.nerrors == 1, "%zu errors for %s", d.nerrors, t->yaml);
	/* a bad value leaves the default */
	ck_assert_int_eq(c->fiscal_year_start, 1);
	ck_assert_int_eq(c->checkin_days, 7);
	ck_assert_int_eq(c->meeting_minute, 9 * 60);
	ck_assert_int_eq(c->meeting_day, 0);
	ck_assert_int_eq(c->meeting_length, 30);
	ck_assert_int_eq(c->review, OKR_MONTHLY);
	okr_config_free(c);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_config_unusable)
{
	struct okr_diags d = { 0 };
	struct okr_config *c = (struct okr_config *)1;

	ck_assert_int_eq(okr_config_load(&c, "okr.yaml", "- a\n", 4, &d), -1);
	ck_assert_ptr_null(c);
	expect_diag(&d, "wrong-type", 1, 1, "okr.yaml must be a mapping");
	okr_diags_free(&d);
	ck_assert_int_eq(okr_config_load(&c, "okr.yaml", "", 0, &d), -1);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(d.nerrors, 1);
	okr_diags_free(&d);
	ck_assert_int_eq(okr_config_load(&c, "okr.yaml", "a: [", 4, &d), -1);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(d.nerrors, 1);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_owner_known)
{
	struct okr_diags d = { 0 };
	struct okr_config *c = config(teams_yaml, &d);
	struct okr_config *open = okr_config_default();

	ck_assert_uint_eq(d.n, 0);
	ck_assert(okr_config_owner_known(c, "platform"));
	ck_assert(okr_config_owner_known(c, "sales"));
	ck_assert(okr_config_owner_known(c, "Ola Nordmann <ola@example.com>"));
	ck_assert(okr_config_owner_known(c, "Alice Berg <alice@example.com>"));
	/* emails compare without case; the name is free */
	ck_assert(okr_config_owner_known(c, "A. Berg <ALICE@Example.COM>"));
	ck_assert(okr_config_owner_known(c, "Kari <kari@example.com>"));
	ck_assert(!okr_config_owner_known(c, "Eve <eve@example.com>"));
	ck_assert(!okr_config_owner_known(c, "marketing"));
	ck_assert(!okr_config_owner_known(c, "alice@example.com"));
	ck_assert(!okr_config_owner_known(c, ""));
	/* without teams anyone may own an objective */
	ck_assert(okr_config_owner_known(open, "marketing"));
	ck_assert(okr_config_owner_known(open, "Eve <eve@example.com>"));
	okr_config_free(c);
	okr_config_free(open);

	/* teams declared but empty: nobody is known */
	c = config("organisation: X\nteams: {}\n", &d);
	ck_assert(c->has_teams);
	ck_assert(!okr_config_owner_known(c, "platform"));
	okr_config_free(c);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_person_email)
{
	char buf[64];

	ck_assert_str_eq(okr_person_email(buf, sizeof(buf), "Alice Berg <alice@example.com>"),
			 "alice@example.com");
	ck_assert_ptr_null(okr_person_email(buf, sizeof(buf), "platform"));
	ck_assert_ptr_null(okr_person_email(buf, sizeof(buf), "Alice <alice@x"));
	/* too long for the buffer is no email, never an overflow */
	ck_assert_ptr_null(okr_person_email(buf, 8, "A <alice@example.com>"));
}
END_TEST

START_TEST(test_suggest)
{
	static const char *const words[] = { "checkin", "meeting", "review", "report" };

	ck_assert_str_eq(okr_suggest("chekin", words, 4), "checkin");
	ck_assert_str_eq(okr_suggest("reveiw", words, 4), "review");
	ck_assert_str_eq(okr_suggest("reportt", words, 4), "report");
	ck_assert_ptr_null(okr_suggest("colour", words, 4));
	ck_assert_ptr_null(okr_suggest("x", words, 4));
	ck_assert_ptr_null(okr_suggest("checkin", words, 0));
	/* short words get only one edit */
	{
		static const char *const lv[] = { "team" };

		ck_assert_str_eq(okr_suggest("teem", lv, 1), "team");
		ck_assert_ptr_null(okr_suggest("tm", lv, 1));
	}
}
END_TEST

/* ---- objective files ---- */

static const char full_objective[] =
	"objective: Make the platform feel instant\n"
	"level: team\n"
	"owner: platform\n"
	"parent: company/delight-customers\n"
	"type: committed\n"
	"description: >\n"
	"  Free text with \xc3\xa6\xc3\xb8\xc3\xa5 and \xf0\x9f\x9a\x80.\n"
	"key_results:\n"
	"  - id: p95-latency\n"
	"    title: Cut p95 API latency\n"
	"    owner: Alice Berg <alice@example.com>\n"
	"    start: 800\n"
	"    target: 200\n"
	"    current: 450.5\n"
	"    unit: ms\n"
	"    confidence: 0.6\n"
	"    weight: 2\n"
	"    updated: 2026-11-20\n"
	"    due: '2026-12-01'\n"
	"  - id: temp\n"
	"    title: Colder\n"
	"    start: -3\n"
	"    target: -10.25\n"
	"    current: -4\n"
	"  - id: uptime\n"
	"    title: Keep API uptime at or above 99.9 %\n"
	"    at_least: 99.9\n"
	"    current: 99.95\n"
	"    unit: \"%\"\n"
	"  - id: errors\n"
	"    title: Few errors\n"
	"    at_most: 0.5\n"
	"    current: 1\n"
	"  - id: edge-cache\n"
	"    title: Edge cache live\n"
	"    done: false\n"
	"    due: 2026-11-30\n"
	"  - id: shipped\n"
	"    title: Shipped\n"
	"    done: true\n"
	"  - id: migration\n"
	"    title: Migrate all services\n"
	"    milestones:\n"
	"      - { title: Design approved, due: 2026-10-15, done: true }\n"
	"      - { title: Half migrated,   due: 2026-11-15, done: false }\n"
	"      - { title: No date }\n"
	"milestones:\n"
	"  - { title: Kick-off, due: 2026-10-03, done: true }\n";

START_TEST(test_objective_full)
{
	struct okr_diags d = { 0 };
	struct okr_config *c = config(teams_yaml, &d);
	struct okr_objective *o = load(c, full_objective, &d);
	const struct okr_kr *kr;

	ck_assert_msg(d.n == 0, "%s", d.n ? d.v[0].msg : "");
	ck_assert_str_eq(o->path, "2026-Q4/team/x.yaml");
	ck_assert_str_eq(o->period, "2026-Q4");
	ck_assert_str_eq(o->id, "team/x");
	ck_assert_str_eq(o->title, "Make the platform feel instant");
	ck_assert_int_eq(o->level, OKR_LEVEL_TEAM);
	ck_assert_str_eq(o->owner, "platform");
	ck_assert_str_eq(o->parent, "company/delight-customers");
	ck_assert(o->committed);
	ck_assert_str_eq(o->description,
			 "Free text with \xc3\xa6\xc3\xb8\xc3\xa5 and \xf0\x9f\x9a\x80.\n");
	ck_assert_uint_eq(o->nkrs, 7);

	kr = &o->krs[0];
	ck_assert_str_eq(kr->id, "p95-latency");
	ck_assert_str_eq(kr->title, "Cut p95 API latency");
	ck_assert_str_eq(kr->owner, "Alice Berg <alice@example.com>");
	ck_assert_int_eq(kr->kind, OKR_KR_METRIC);
	ck_assert_double_eq(kr->start, 800);
	ck_assert_double_eq(kr->target, 200);
	ck_assert_double_eq(kr->current, 450.5);
	ck_assert(kr->has_current);
	ck_assert_str_eq(kr->unit, "ms");
	ck_assert(kr->has_confidence);
	ck_assert_double_eq(kr->confidence, 0.6);
	ck_assert_double_eq(kr->weight, 2);
	ck_assert(kr->has_updated);
	ck_assert_int_eq(kr->updated, D(2026, 11, 20));
	ck_assert(kr->has_due);
	ck_assert_int_eq(kr->due, D(2026, 12, 1));
	ck_assert_uint_eq(kr->node->start.line, 8);

	kr = &o->krs[1];
	ck_assert_int_eq(kr->kind, OKR_KR_METRIC);
	ck_assert_double_eq(kr->start, -3);
	ck_assert_double_eq(kr->target, -10.25);
	ck_assert_double_eq(kr->current, -4);
	ck_assert_double_eq(kr->weight, 1);		/* default */
	ck_assert_str_eq(kr->owner, "platform");	/* inherited */
	ck_assert_ptr_null(kr->unit);
	ck_assert(!kr->has_confidence);
	ck_assert(!kr->has_updated);
	ck_assert(!kr->has_due);

	kr = &o->krs[2];
	ck_assert_int_eq(kr->kind, OKR_KR_THRESHOLD);
	ck_assert(kr->at_least);
	ck_assert_double_eq(kr->bound, 99.9);
	ck_assert_double_eq(kr->current, 99.95);
	ck_assert_str_eq(kr->unit, "%");
	ck_assert_str_eq(kr->title, "Keep API uptime at or above 99.9 %");

	kr = &o->krs[3];
	ck_assert_int_eq(kr->kind, OKR_KR_THRESHOLD);
	ck_assert(!kr->at_least);
	ck_assert_double_eq(kr->bound, 0.5);
	ck_assert_double_eq(kr->current, 1);

	kr = &o->krs[4];
	ck_assert_int_eq(kr->kind, OKR_KR_BINARY);
	ck_assert(!kr->done);
	ck_assert_int_eq(kr->due, D(2026, 11, 30));
	ck_assert(o->krs[5].done);

	kr = &o->krs[6];
	ck_assert_int_eq(kr->kind, OKR_KR_MILESTONE);
	ck_assert_uint_eq(kr->nmilestones, 3);
	ck_assert_str_eq(kr->milestones[0].title, "Design approved");
	ck_assert(kr->milestones[0].has_due);
	ck_assert_int_eq(kr->milestones[0].due, D(2026, 10, 15));
	ck_assert(kr->milestones[0].done);
	ck_assert_str_eq(kr->milestones[1].title, "Half migrated");
	ck_assert(!kr->milestones[1].done);
	ck_assert(!kr->milestones[2].has_due);
	ck_assert(!kr->milestones[2].done);

	ck_assert_uint_eq(o->nmilestones, 1);
	ck_assert_str_eq(o->milestones[0].title, "Kick-off");
	ck_assert_int_eq(o->milestones[0].due, D(2026, 10, 3));
	ck_assert(o->milestones[0].done);
	okr_objective_free(o);
	okr_objective_free(NULL);
	okr_config_free(c);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_objective_defaults)
{
	struct okr_diags d = { 0 };
	struct okr_config *c = okr_config_default();
	struct okr_objective *o = load_as(c, "2027-Q1/a/b/c.yaml",
		"objective: O\nlevel: individual\nowner: NO\n"
		"key_results:\n  - {id: k1, title: T, start: 0, target: 1e3, current: .5}\n",
		&d);

	ck_assert_uint_eq(d.n, 0);
	ck_assert_str_eq(o->period, "2027-Q1");
	ck_assert_str_eq(o->id, "a/b/c");
	ck_assert_int_eq(o->level, OKR_LEVEL_INDIVIDUAL);
	/* in a text field NO is just text */
	ck_assert_str_eq(o->owner, "NO");
	ck_assert_str_eq(o->krs[0].owner, "NO");
	ck_assert(!o->committed);
	ck_assert_ptr_null(o->parent);
	ck_assert_ptr_null(o->description);
	ck_assert_uint_eq(o->nmilestones, 0);
	ck_assert_double_eq(o->krs[0].target, 1000);
	ck_assert_double_eq(o->krs[0].current, 0.5);
	ck_assert_double_eq(o->krs[0].weight, 1);
	okr_objective_free(o);
	okr_config_free(c);
	okr_diags_free(&d);
}
END_TEST

#define HEAD "objective: O\nlevel: team\nowner: p\nkey_results:\n"
#define KR   "  - id: a\n    title: A\n"		/* lines 5-6 */

static const struct bad_case bad_objectives[] = {
	{ "level: team\nowner: p\nkey_results:\n  - {id: a, title: A, done: false}\n",
	  "missing-key", 1, 1, "the objective is missing 'objective'" },
	{ "objective: O\nlevel: team\nowner: p\n", "missing-key", 1, 1,
	  "missing 'key_results'" },
	{ "objective:\nlevel: team\nowner: p\nkey_results:\n  - {id: a, title: A, done: true}\n",
	  "missing-value", 1, 11, "'objective' is empty" },
	{ "objective: [a, b]\nlevel: team\nowner: p\nkey_results:\n  - {id: a, title: A, done: true}\n",
	  "wrong-type", 1, 12, "'objective' must be text, not a list" },
	{ "objective: O\nlevel: teem\nowner: p\nkey_results:\n  - {id: a, title: A, done: true}\n",
	  "invalid-value", 2, 8, "not 'teem' (did you mean 'team'?)" },
	{ "objective: O\nlevel: team\nowner: p\ntype: commited\nkey_results:\n  - {id: a, title: A, done: true}\n",
	  "invalid-value", 4, 7, "(did you mean 'committed'?)" },
	{ "objective: O\nlevel: team\nowner: p\nkey_result: []\nkey_results:\n  - {id: a, title: A, done: true}\n",
	  "unknown-key", 4, 1,
	  "unknown key 'key_result' in an objective (did you mean 'key_results'?)" },
	{ HEAD "  - id: a\n    done: true\n", "missing-key", 5, 5,
	  "key result 'a' is missing 'title'" },
	{ HEAD "  - title: A\n    done: true\n", "missing-key", 5, 5,
	  "a key result is missing 'id'" },
	{ HEAD KR "    done: true\n    colour: red\n", "unknown-key", 8, 5,
	  "unknown key 'colour' in a key result" },
	{ HEAD "  - id: P95\n    title: A\n    done: true\n", "invalid-id", 5, 9,
	  "key result id 'P95' may hold only a-z, 0-9 and '-'" },
	{ HEAD "  - id: ''\n    title: A\n    done: true\n", "missing-value", 5, 9,
	  "'id' is empty" },
	{ HEAD KR "    done: true\n  - id: a\n    title: B\n    done: false\n",
	  "duplicate-id", 8, 9, "duplicate key result id 'a' (first at line 5)" },
	{ HEAD KR "    start: 5\n    target: 5.0\n    current: 5\n",
	  "start-equals-target", 8, 13, "'target' equals 'start' (5)" },
	{ HEAD KR "    start: 0\n    target: 10\n    current: \"12\"\n",
	  "wrong-type", 9, 14, "'current' must be a number, not a quoted string" },
	{ HEAD KR "    start: 0\n    target: 10\n    current: yes\n",
	  "wrong-type", 9, 14, "not 'yes' (a YAML boolean)" },
	{ HEAD KR "    start: 0\n    target: NO\n    current: 1\n",
	  "wrong-type", 8, 13, "not 'NO' (a YAML boolean)" },
	{ HEAD KR "    start: 0\n    target: 0x10\n    current: 1\n",
	  "wrong-type", 8, 13, "'target' must be a number, not '0x10'" },
	{ HEAD KR "    start: 0\n    target: .inf\n    current: 1\n",
	  "wrong-type", 8, 13, "not '.inf'" },
	{ HEAD KR "    start: 0\n    target: 1_000\n    current: 1\n",
	  "wrong-type", 8, 13, "not '1_000'" },
	{ HEAD KR "    start: 0\n    target: 1e999\n    current: 1\n",
	  "wrong-type", 8, 13, "not '1e999'" },
	{ HEAD KR "    start: 0\n    target: [1]\n    current: 1\n",
	  "wrong-type", 8, 13, "'target' must be a number, not a list" },
	{ HEAD KR "    start: 0\n    target: 10\n    current:\n",
	  "missing-value", 9, 13, "'current' is empty" },
	{ HEAD KR "    start: 0\n    target: 10\n", "missing-key", 5, 5,
	  "key result 'a' is missing 'current'" },
	{ HEAD KR "    target: 10\n    current: 1\n", "missing-key", 5, 5,
	  "missing 'start'" },
	{ HEAD KR "    done: yes\n", "wrong-type", 7, 11,
	  "'done' must be true or false, not 'yes' (write true)" },
	{ HEAD KR "    done: no\n", "wrong-type", 7, 11, "not 'no' (write false)" },
	{ HEAD KR "    done: off\n", "wrong-type", 7, 11, "not 'off' (write false)" },
	{ HEAD KR "    done: On\n", "wrong-type", 7, 11, "not 'On' (write true)" },
	{ HEAD KR "    done: N\n", "wrong-type", 7, 11, "not 'N' (write false)" },
	{ HEAD KR "    done: 1\n", "wrong-type", 7, 11, "must be true or false, not '1'" },
	{ HEAD KR "    done: \"true\"\n", "wrong-type", 7, 11,
	  "'done' must be true or false, not a quoted string" },
	{ HEAD KR "    done: true\n    confidence: 1.5\n", "invalid-value", 8, 17,
	  "'confidence' must be between 0 and 1, not 1.5" },
	{ HEAD KR "    done: true\n    confidence: -0.1\n", "invalid-value", 8, 17,
	  "between 0 and 1" },
	{ HEAD KR "    done: true\n    weight: 0\n", "invalid-value", 8, 13,
	  "'weight' must be greater than 0" },
	{ HEAD KR "    done: true\n    weight: -2\n", "invalid-value", 8, 13,
	  "greater than 0" },
	{ HEAD KR "    done: true\n    updated: 2026-02-30\n", "invalid-date", 8, 14,
	  "'updated' is not a valid date (YYYY-MM-DD): '2026-02-30'" },
	{ HEAD KR "    done: true\n    due: 30.11.2026\n", "invalid-date", 8, 10,
	  "'due' is not a valid date" },
	{ HEAD KR "    start: 0\n    target: 10\n    current: 5\n    done: true\n",
	  "mixed-kind", 10, 11, "key result 'a' mixes metric and binary fields" },
	{ HEAD KR "    done: true\n    at_most: 3\n    current: 1\n",
	  "mixed-kind", 8, 14, "mixes threshold and binary" },
	{ HEAD KR, "no-kind", 5, 5, "key result 'a' has no kind" },
	{ HEAD KR "    current: 3\n", "no-kind", 5, 5, "has no kind" },
	{ HEAD KR "    at_least: 1\n    at_most: 2\n    current: 1\n",
	  "mixed-kind", 8, 14, "has both 'at_least' and 'at_most'" },
	{ HEAD KR "    at_least: 1\n", "missing-key", 5, 5, "missing 'current'" },
	{ HEAD KR "    done: true\n    current: 3\n", "mixed-kind", 8, 14,
	  "'current' does not belong in a binary key result" },
	{ HEAD KR "    milestones: []\n", "missing-value", 7, 17,
	  "'milestones' of key result 'a' is empty" },
	{ HEAD KR "    milestones: soon\n", "wrong-type", 7, 17,
	  "'milestones' must be a list" },
	{ HEAD KR "    milestones:\n      - {title: M, done: yes}\n", "wrong-type", 8, 26,
	  "not 'yes' (write true)" },
	{ HEAD KR "    milestones:\n      - {due: 2026-10-01}\n", "missing-key", 8, 9,
	  "milestone is missing 'title'" },
	{ HEAD KR "    milestones:\n      - M1\n", "wrong-type", 8, 9,
	  "a milestone must be a mapping" },
	{ HEAD KR "    milestones:\n      - {title: M, date: 2026-10-01}\n",
	  "unknown-key", 8, 20, "unknown key 'date' in a milestone" },
	{ HEAD "  - just text\n", "wrong-type", 5, 5, "a key result must be a mapping" },
	{ "objective: O\nlevel: team\nowner: p\nkey_results: []\n", "missing-value",
	  4, 14, "'key_results' is empty" },
	{ "objective: O\nlevel: team\nowner: p\nkey_results: some\n", "wrong-type",
	  4, 14, "'key_results' must be a list" },
	{ "objective: O\nlevel: team\nowner: p\nmilestones: {a: 1}\n"
	  "key_results:\n  - {id: a, title: A, done: true}\n", "wrong-type", 4, 13,
	  "'milestones' must be a list" },
	{ "objective: O\nlevel: team\nowner: p\nobjective: P\n"
	  "key_results:\n  - {id: a, title: A, done: true}\n", "duplicate-key", 4, 1,
	  "duplicate key 'objective' (first at line 1)" },
};

START_TEST(test_objective_errors)
{
	const struct bad_case *t = &bad_objectives[_i];
	struct okr_diags d = { 0 };
	struct okr_config *c = okr_config_default();
	struct okr_objective *o = load(c, t->yaml, &d);

	expect_diag(&d, t->rule, t->line, t->col, t->msg);
	ck_assert_msg(d.nerrors == 1, "%zu errors (%s; %s) for\n%s", d.nerrors,
		      d.v[0].msg, d.n > 1 ? d.v[1].msg : "", t->yaml);
	ck_assert_str_eq(d.v[0].file, "2026-Q4/team/x.yaml");
	okr_objective_free(o);
	okr_config_free(c);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_objective_unknown_owner)
{
	struct okr_diags d = { 0 };
	struct okr_config *c = config(teams_yaml, &d);
	struct okr_objective *o;

	o = load(c, "objective: O\nlevel: team\nowner: platfrom\nkey_results:\n"
		 "  - id: a\n    title: A\n    owner: Eve <eve@example.com>\n"
		 "    done: true\n"
		 "  - id: b\n    title: B\n    owner: Ola N. <OLA@example.com>\n"
		 "    done: true\n", &d);
	ck_assert_uint_eq(d.nerrors, 2);
	okr_diags_sort(&d);
	ck_assert_str_eq(d.v[0].rule, "unknown-owner");
	ck_assert_uint_eq(d.v[0].line, 3);
	ck_assert_uint_eq(d.v[0].col, 8);
	ck_assert_msg(strstr(d.v[0].msg, "unknown owner 'platfrom' (did you mean 'platform'?)"),
		      "%s", d.v[0].msg);
	ck_assert_str_eq(d.v[1].rule, "unknown-owner");
	ck_assert_uint_eq(d.v[1].line, 7);
	ck_assert_uint_eq(d.v[1].col, 12);
	ck_assert_msg(strstr(d.v[1].msg, "'Eve <eve@example.com>': the email is not a lead, "
			     "member or ambassador"), "%s", d.v[1].msg);
	okr_objective_free(o);
	okr_diags_free(&d);

	o = load(c, "objective: O\nlevel: team\nowner: marketing\nkey_results:\n"
		 "  - {id: a, title: A, done: true}\n", &d);
	expect_diag(&d, "unknown-owner", 3, 8, "'marketing': not a team in okr.yaml");
	okr_objective_free(o);
	okr_config_free(c);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_objective_unusable)
{
	static const char *const outside[] = {
		"team/x.yaml", "x.yaml", "2026-Q5/x.yaml", "2026-q4/x.yaml",
		"26-Q4/x.yaml", "2026-Q4/x.yml", "2026-Q4/.yaml", "2026-Q4/",
		"2026-Q4",
	};
	const char *ok = "objective: O\nlevel: team\nowner: p\nkey_results:\n"
			 "  - {id: a, title: A, done: true}\n";
	struct okr_diags d = { 0 };
	struct okr_config *c = okr_config_default();
	struct okr_objective *o;
	size_t i;

	for (i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		o = (struct okr_objective *)1;
		ck_assert_msg(okr_objective_load(&o, c, outside[i], outside[i], ok,
						 strlen(ok), &d) == -1, "%s", outside[i]);
		ck_assert_ptr_null(o);
		expect_diag(&d, "outside-period", 1, 1, "outside a period folder");
		okr_diags_free(&d);
	}

	ck_assert_int_eq(okr_objective_load(&o, c, "2026-Q4/x.yaml", "x.yaml",
					    "- a\n", 4, &d), -1);
	ck_assert_ptr_null(o);
	expect_diag(&d, "wrong-type", 1, 1, "an objective file must be a mapping");
	ck_assert_str_eq(d.v[0].file, "x.yaml");
	okr_diags_free(&d);

	ck_assert_int_eq(okr_objective_load(&o, c, "2026-Q4/x.yaml", "x.yaml",
					    "", 0, &d), -1);
	expect_diag(&d, "empty", 1, 1, "the file is empty");
	okr_diags_free(&d);

	ck_assert_int_eq(okr_objective_load(&o, c, "2026-Q4/x.yaml", "x.yaml",
					    "a: &x 1\n", 8, &d), -1);
	expect_diag(&d, "anchor", 1, 4, "anchors are not allowed");
	okr_diags_free(&d);
	okr_config_free(c);
}
END_TEST

/* ---- across files: okr_tree_validate ---- */

static int obj_cmp(const void *a, const void *b)
{
	const struct okr_objective *x = *(struct okr_objective *const *)a;
	const struct okr_objective *y = *(struct okr_objective *const *)b;
	int c = strcmp(x->period, y->period);

	return c ? c : strcmp(x->id, y->id);
}

static struct okr_tree *tree_new(struct okr_config *cfg)
{
	struct okr_tree *t = okr_xcalloc(1, sizeof(*t));

	t->config = cfg ? cfg : okr_config_default();
	return t;
}

/* Load an objective that must have no errors of its own into the tree,
 * keeping objs sorted as okr_tree_find expects. */
static void tree_add(struct okr_tree *t, const char *rel, const char *s)
{
	struct okr_diags d = { 0 };

	t->objs = okr_xrealloc(t->objs, (t->nobjs + 1) * sizeof(*t->objs));
	t->objs[t->nobjs++] = load_as(t->config, rel, s, &d);
	ck_assert_msg(d.n == 0, "%s: %s", rel, d.n ? d.v[0].msg : "");
	qsort(t->objs, t->nobjs, sizeof(*t->objs), obj_cmp);
	okr_diags_free(&d);
}

static char *with_parent(const char *level, const char *parent)
{
	/* parent value on line 4, column 9 */
	return okr_xprintf("objective: O\nlevel: %s\nowner: p\nparent: %s\n"
			   "key_results:\n  - {id: a, title: A, done: true}\n",
			   level, parent);
}

static void add_with_parent(struct okr_tree *t, const char *rel,
			    const char *level, const char *parent)
{
	char *s = parent ? with_parent(level, parent)
			 : okr_xprintf("objective: O\nlevel: %s\nowner: p\n"
				       "key_results:\n  - {id: a, title: A, done: true}\n",
				       level);

	tree_add(t, rel, s);
	free(s);
}

/* The one diagnostic with rule in file. */
static const struct okr_diag *diag_in(const struct okr_diags *d,
				      const char *file, const char *rule)
{
	const struct okr_diag *hit = NULL;
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].file, file) == 0 && strcmp(d->v[i].rule, rule) == 0) {
			hit = &d->v[i];
			n++;
		}
	ck_assert_msg(n == 1, "%zu '%s' in %s", n, rule, file);
	return hit;
}

START_TEST(test_validate_parents)
{
	struct okr_tree *t = tree_new(NULL);
	struct okr_diags d = { 0 };
	const struct okr_diag *g;

	add_with_parent(t, "2026-Q4/company/delight-customers.yaml", "company", NULL);
	add_with_parent(t, "2026-Q4/platform/fast.yaml", "team", "company/delight-customers");
	add_with_parent(t, "2026-Q4/platform/alice.yaml", "individual", "platform/fast");
	add_with_parent(t, "2026-Q4/platform/bob.yaml", "individual", "company/delight-customers");
	/* the errors */
	add_with_parent(t, "2026-Q4/platform/typo.yaml", "team", "company/delight-customer");
	add_with_parent(t, "2026-Q4/platform/peer.yaml", "team", "platform/fast");
	add_with_parent(t, "2026-Q4/company/sub.yaml", "company", "company/delight-customers");
	add_with_parent(t, "2026-Q4/platform/up.yaml", "team", "platform/alice");
	add_with_parent(t, "2027-Q1/platform/next.yaml", "team", "company/delight-customers");

	okr_tree_validate(t, D(2026, 10, 1), &d);
	ck_assert_uint_eq(d.nwarnings, 0);
	ck_assert_uint_eq(d.nerrors, 5);

	g = diag_in(&d, "2026-Q4/platform/typo.yaml", "missing-parent");
	ck_assert_uint_eq(g->line, 4);
	ck_assert_uint_eq(g->col, 9);
	ck_assert_str_eq(g->msg, "parent 'company/delight-customer' is not an objective "
			 "in 2026-Q4 (did you mean 'company/delight-customers'?)");
	g = diag_in(&d, "2027-Q1/platform/next.yaml", "missing-parent");
	ck_assert_msg(strstr(g->msg, "is not an objective in 2027-Q1"), "%s", g->msg);
	ck_assert_msg(!strstr(g->msg, "did you mean"), "%s", g->msg);
	g = diag_in(&d, "2026-Q4/platform/peer.yaml", "misplaced-parent");
	ck_assert_uint_eq(g->line, 4);
	ck_assert_uint_eq(g->col, 9);
	ck_assert_msg(strstr(g->msg, "parent 'platform/fast' is a team objective; a team "
			     "objective aligns to a higher level"), "%s", g->msg);
	g = diag_in(&d, "2026-Q4/company/sub.yaml", "misplaced-parent");
	ck_assert_uint_eq(g->line, 4);
	ck_assert_str_eq(g->msg, "a company objective has no parent");
	g = diag_in(&d, "2026-Q4/platform/up.yaml", "misplaced-parent");
	ck_assert_msg(strstr(g->msg, "parent 'platform/alice' is an individual "
			     "objective"), "%s", g->msg);
	ck_assert_ptr_eq(okr_tree_find(t, "2026-Q4", "platform/alice"), t->objs[2]);
	ck_assert_ptr_null(okr_tree_find(t, "2026-Q3", "platform/alice"));
	okr_tree_free(t);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_validate_cycles)
{
	struct okr_tree *t = tree_new(NULL);
	struct okr_diags d = { 0 };
	const struct okr_diag *g;

	/* a -> b -> c -> a, x -> a leads into the cycle but is not on it */
	add_with_parent(t, "2026-Q4/t/a.yaml", "team", "t/b");
	add_with_parent(t, "2026-Q4/t/b.yaml", "team", "t/c");
	add_with_parent(t, "2026-Q4/t/c.yaml", "team", "t/a");
	add_with_parent(t, "2026-Q4/t/x.yaml", "individual", "t/a");
	add_with_parent(t, "2026-Q4/t/self.yaml", "team", "t/self");
	okr_tree_validate(t, D(2026, 10, 1), &d);

	ck_assert_uint_eq(count_rule(&d, "alignment-cycle"), 4);
	g = diag_in(&d, "2026-Q4/t/a.yaml", "alignment-cycle");
	ck_assert_uint_eq(g->line, 4);
	ck_assert_uint_eq(g->col, 9);
	ck_assert_str_eq(g->msg, "alignment cycle: t/a -> t/b -> t/c -> t/a");
	g = diag_in(&d, "2026-Q4/t/c.yaml", "alignment-cycle");
	ck_assert_str_eq(g->msg, "alignment cycle: t/a -> t/b -> t/c -> t/a");
	g = diag_in(&d, "2026-Q4/t/self.yaml", "alignment-cycle");
	ck_assert_str_eq(g->msg, "alignment cycle: t/self -> t/self");
	/* team -> team is misplaced as well, every one of them */
	ck_assert_uint_eq(count_rule(&d, "misplaced-parent"), 4);
	okr_tree_free(t);
	okr_diags_free(&d);
}
END_TEST

static const char stale_obj[] =
	"objective: O\nlevel: team\nowner: p\nkey_results:\n"
	"  - id: upd\n"			/* 5 */
	"    title: Updated\n"
	"    start: 0\n"
	"    target: 10\n"
	"    current: 5\n"
	"    updated: 2026-11-02\n"	/* 10 */
	"  - id: never\n"		/* 11 */
	"    title: Never\n"
	"    done: false\n"
	"  - id: fin\n"
	"    title: Finished, long ago\n"
	"    done: true\n";

static size_t validate_count(struct okr_tree *t, okr_date as_of,
			     const char *rule, struct okr_diags *d)
{
	okr_diags_free(d);
	okr_tree_validate(t, as_of, d);
	ck_assert_uint_eq(d->nerrors, 0);
	return count_rule(d, rule);
}

START_TEST(test_validate_stale)
{
	struct okr_tree *t = tree_new(NULL);
	struct okr_diags d = { 0 };
	const struct okr_diag *g;

	tree_add(t, "2026-Q4/team/s.yaml", stale_obj);

	/* 7 days after the last check-in: still fine (cadence 7d) */
	ck_assert_uint_eq(validate_count(t, D(2026, 11, 9), "stale", &d), 1);
	g = expect_diag(&d, "stale", 11, 5, "key result 'never' is stale: no check-in "
			"since the period began 2026-10-01, 39 days ago (cadence 7 days)");
	ck_assert_int_eq(g->sev, OKR_SEV_WARNING);

	/* 8 days: stale, reported at 'updated' */
	ck_assert_uint_eq(validate_count(t, D(2026, 11, 10), "stale", &d), 2);
	{
		size_t i;
		int seen = 0;

		for (i = 0; i < d.n; i++)
			if (d.v[i].line == 10) {
				ck_assert_uint_eq(d.v[i].col, 14);
				ck_assert_str_eq(d.v[i].msg, "key result 'upd' is stale: last "
						 "check-in 2026-11-02, 8 days ago (cadence 7 days)");
				seen = 1;
			}
		ck_assert(seen);
	}

	/* a key result without 'updated' counts from the period's first day */
	ck_assert_uint_eq(validate_count(t, D(2026, 10, 8), "stale", &d), 0);
	ck_assert_uint_eq(validate_count(t, D(2026, 10, 9), "stale", &d), 1);
	/* outside the period nobody is chased */
	ck_assert_uint_eq(validate_count(t, D(2027, 1, 10), "stale", &d), 0);
	ck_assert_uint_eq(validate_count(t, D(2026, 9, 20), "stale", &d), 0);
	okr_tree_free(t);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_validate_stale_cadence)
{
	struct okr_diags d = { 0 };
	struct okr_tree *t = tree_new(config("organisation: X\ncadence:\n  checkin: 2w\n", &d));

	ck_assert_uint_eq(d.n, 0);
	tree_add(t, "2026-Q4/team/s.yaml", stale_obj);
	ck_assert_uint_eq(validate_count(t, D(2026, 10, 15), "stale", &d), 0);
	ck_assert_uint_eq(validate_count(t, D(2026, 10, 16), "stale", &d), 1);
	okr_tree_free(t);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_validate_overdue)
{
	struct okr_tree *t = tree_new(NULL);
	struct okr_diags d = { 0 };
	const struct okr_diag *g;
	size_t i;

	tree_add(t, "2026-Q4/team/o.yaml",
		 "objective: O\nlevel: team\nowner: p\nkey_results:\n"
		 "  - id: ms\n"
		 "    title: Milestones\n"
		 "    updated: 2026-10-16\n"
		 "    milestones:\n"
		 "      - {title: First, due: 2026-10-15, done: true}\n"
		 "      - {title: Second, due: 2026-10-15, done: false}\n"	/* 10 */
		 "  - id: ship\n"
		 "    title: Ship\n"
		 "    updated: 2026-10-16\n"
		 "    done: false\n"
		 "    due: 2026-10-14\n"					/* 15 */
		 "  - id: shipped\n"
		 "    title: Shipped\n"
		 "    done: true\n"
		 "    due: 2026-10-01\n"
		 "milestones:\n"
		 "  - {title: Kick-off, due: 2026-10-14, done: false}\n"	/* 21 */
		 "  - {title: Plan, due: 2026-10-02, done: true}\n");

	/* on the due date nothing is overdue yet */
	ck_assert_uint_eq(validate_count(t, D(2026, 10, 14), "overdue", &d), 0);

	ck_assert_uint_eq(validate_count(t, D(2026, 10, 15), "overdue", &d), 2);
	for (i = 0; i < d.n; i++) {
		g = &d.v[i];
		if (strcmp(g->rule, "overdue") != 0)
			continue;
		ck_assert_int_eq(g->sev, OKR_SEV_WARNING);
		if (g->line == 21) {
			ck_assert_uint_eq(g->col, 28);
			ck_assert_str_eq(g->msg, "milestone 'Kick-off' is overdue: due "
					 "2026-10-14, 1 day ago, not done");
		} else {
			ck_assert_uint_eq(g->line, 15);
			ck_assert_uint_eq(g->col, 10);
			ck_assert_msg(strstr(g->msg, "key result 'ship' is overdue"), "%s", g->msg);
		}
	}

	/* a day later the milestone inside the key result is overdue too */
	ck_assert_uint_eq(validate_count(t, D(2026, 10, 16), "overdue", &d), 3);
	for (i = 0; i < d.n; i++)
		if (d.v[i].line == 10) {
			ck_assert_uint_eq(d.v[i].col, 30);
			ck_assert_msg(strstr(d.v[i].msg, "milestone 'Second' is overdue"),
				      "%s", d.v[i].msg);
		}
	okr_tree_free(t);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_validate_due_outside_period)
{
	struct okr_tree *t = tree_new(NULL);
	struct okr_diags d = { 0 };
	const struct okr_diag *g;

	tree_add(t, "2026-Q4/team/o.yaml",
		 "objective: O\nlevel: team\nowner: p\nkey_results:\n"
		 "  - id: late\n"
		 "    title: Late\n"
		 "    done: true\n"
		 "    due: 2027-01-05\n"					/* 8 */
		 "  - id: edge\n"
		 "    title: On the last day\n"
		 "    done: true\n"
		 "    due: 2026-12-31\n"
		 "milestones:\n"
		 "  - {title: Early, due: 2026-09-30, done: true}\n"		/* 14 */
		 "  - {title: First day, due: 2026-10-01, done: true}\n");
	ck_assert_uint_eq(validate_count(t, D(2026, 10, 1), "due-outside-period", &d), 2);
	ck_assert_uint_eq(d.nwarnings, 2);
	okr_diags_sort(&d);
	g = &d.v[0];
	ck_assert_uint_eq(g->line, 8);
	ck_assert_uint_eq(g->col, 10);
	ck_assert_str_eq(g->msg, "key result 'late' is due 2027-01-05, outside 2026-Q4 "
			 "(2026-10-01 to 2026-12-31)");
	g = &d.v[1];
	ck_assert_uint_eq(g->line, 14);
	ck_assert_str_eq(g->msg, "milestone 'Early' is due 2026-09-30, outside 2026-Q4 "
			 "(2026-10-01 to 2026-12-31)");
	okr_tree_free(t);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_validate_fiscal_year)
{
	struct okr_diags d = { 0 };
	/* with fiscal_year_start 7, 2026-Q1 is July to September 2026 */
	struct okr_tree *t = tree_new(config("organisation: X\nfiscal_year_start: 7\n", &d));

	tree_add(t, "2026-Q1/team/o.yaml",
		 "objective: O\nlevel: team\nowner: p\nkey_results:\n"
		 "  - {id: a, title: A, done: true, due: 2026-09-30}\n"
		 "  - {id: b, title: B, done: true, due: 2026-03-31}\n");
	ck_assert_uint_eq(validate_count(t, D(2026, 7, 1), "due-outside-period", &d), 1);
	ck_assert_msg(strstr(d.v[0].msg, "'b' is due 2026-03-31, outside 2026-Q1 "
			     "(2026-07-01 to 2026-09-30)"), "%s", d.v[0].msg);
	okr_tree_free(t);
	okr_diags_free(&d);
}
END_TEST

/* A number read without strtod (the short decimals of most files) must be
 * the very double strtod reads, sign of zero included. */
START_TEST(test_number_as_strtod)
{
	static const char *const fixed[] = {
		"0", "-0", "+0", "0.0", "-0.0", ".5", "5.", "1.6", "0.1", "0.7",
		"-3.14159", "123456789012345", "999999999999999", "0.000000000000001",
		"9007199254740993", "1234567890123456789", "12.5e3", "1e-400",
	};
	char buf[64];
	unsigned seed = 12345;
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]) + 200000; i++) {
		const char *s = buf;
		double got, want;
		bool ok;

		if (i < sizeof(fixed) / sizeof(fixed[0])) {
			s = fixed[i];
		} else {
			int n = 0, a, b, k;

			seed = seed * 1103515245 + 12345;
			a = (int)(seed >> 8) % 17;
			seed = seed * 1103515245 + 12345;
			b = (int)(seed >> 8) % 17;
			if (seed & 1)
				buf[n++] = seed & 2 ? '-' : '+';
			for (k = 0; k < a; k++, seed = seed * 1103515245 + 12345)
				buf[n++] = (char)('0' + (seed >> 16) % 10);
			if (b || !a)
				buf[n++] = '.';
			for (k = 0; k < b || (!a && !k); k++, seed = seed * 1103515245 + 12345)
				buf[n++] = (char)('0' + (seed >> 16) % 10);
			buf[n] = '\0';
		}
		ok = rd_parse_number(&got, s);
		want = strtod(s, NULL);
		ck_assert_msg(ok || strcmp(s, "1e-400") == 0, "'%s' not read", s);
		if (ok)
			ck_assert_msg(memcmp(&got, &want, sizeof(got)) == 0,
				      "'%s': %.17g, strtod %.17g", s, got, want);
	}
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, test_config_defaults);
	tcase_add_test(tc, test_config_every_setting);
	tcase_add_loop_test(tc, test_config_bad_values, 0,
			    sizeof(bad_configs) / sizeof(bad_configs[0]));
	tcase_add_test(tc, test_config_unusable);
	tcase_add_test(tc, test_owner_known);
	tcase_add_test(tc, test_person_email);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_number_as_strtod);
	suite_add_tcase(s, tc);

	tc = tcase_create("objective");
	tcase_add_test(tc, test_objective_full);
	tcase_add_test(tc, test_objective_defaults);
	tcase_add_loop_test(tc, test_objective_errors, 0,
			    sizeof(bad_objectives) / sizeof(bad_objectives[0]));
	tcase_add_test(tc, test_objective_unknown_owner);
	tcase_add_test(tc, test_objective_unusable);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate");
	tcase_add_test(tc, test_validate_parents);
	tcase_add_test(tc, test_validate_cycles);
	tcase_add_test(tc, test_validate_stale);
	tcase_add_test(tc, test_validate_stale_cadence);
	tcase_add_test(tc, test_validate_overdue);
	tcase_add_test(tc, test_validate_due_outside_period);
	tcase_add_test(tc, test_validate_fiscal_year);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(model_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
