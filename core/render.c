/*
 * render.c: key results as the list, status and agenda views show them,
 * kept in the core so every view writes a value, matches an owner and
 * judges what is stale or overdue the same way (and the way okr check does).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "number.h"
#include "lastseen.h"
#include "render.h"
#include "score.h"

static void
set_number(struct okr_value *out, double x)
{
	okr_num_format(out->text, sizeof(out->text), x);
	out->is_number = true;
	out->number = x;
}

static void
set_text(struct okr_value *out, const char *s)
{
	snprintf(out->text, sizeof(out->text), "%s", s);
	out->is_number = false;
	out->number = 0.0;
}

void
okr_kr_current(struct okr_value *out, const struct okr_kr *kr)
{
	size_t i, done = 0;

	set_text(out, "");
	switch (kr->kind) {
	case OKR_KR_METRIC:
	case OKR_KR_THRESHOLD:
		if (kr->has_current)
			set_number(out, kr->current);
		break;
	case OKR_KR_BINARY:
		set_text(out, kr->done ? "done" : "not-done");
		break;
	case OKR_KR_MILESTONE:
		for (i = 0; i < kr->nmilestones; i++)
			done += kr->milestones[i].done;
		snprintf(out->text, sizeof(out->text), "%zu/%zu", done, kr->nmilestones);
		break;
	case OKR_KR_NONE:
		break;
	}
}

void
okr_kr_target(struct okr_value *out, const struct okr_kr *kr)
{
	set_text(out, "");
	switch (kr->kind) {
	case OKR_KR_METRIC:
		set_number(out, kr->target);
		break;
	case OKR_KR_THRESHOLD:
		set_number(out, kr->bound);
		break;
	case OKR_KR_BINARY:
		set_text(out, "done");
		break;
	case OKR_KR_MILESTONE:
		set_number(out, (double)kr->nmilestones);
		break;
	case OKR_KR_NONE:
		break;
	}
}

/* The email of who: inside "Name <email>", or who itself when it looks
 * like one. */
static const char *
email_of(char *buf, size_t size, const char *who)
{
	const char *e = okr_person_email(buf, size, who);

	if (e)
		return e;
	if (strchr(who, '@') && !strchr(who, ' ') && !strchr(who, '<'))
		return who;
	return NULL;
}

static bool
same_email(const char *person, const char *email)
{
	char buf[256];
	const char *e;

	if (!person || !email)
		return false;
	e = okr_person_email(buf, sizeof(buf), person);
	return e && strcasecmp(e, email) == 0;
}

/* Whether person ("Name <email>") leads or is a member of team key. */
static bool
team_has(const struct okr_config *cfg, const char *key, const char *person)
{
	char buf[256];
	const char *e = okr_person_email(buf, sizeof(buf), person);
	size_t i, j;

	for (i = 0; e && i < cfg->nteams; i++) {
		const struct okr_team *t = &cfg->teams[i];

		if (!t->key || strcmp(t->key, key) != 0)
			continue;
		if (same_email(t->lead, e))
			return true;
		for (j = 0; j < t->nmembers; j++)
			if (same_email(t->members[j], e))
				return true;
	}
	return false;
}

bool
okr_owner_matches(const struct okr_config *cfg, const char *owner,
		  const char *who, bool via_team)
{
	char wbuf[256], obuf[256], pbuf[260];
	const char *we, *oe;

	if (!owner || !who || !*who)
		return false;
	if (strcmp(owner, who) == 0)
		return true;
	if (via_team && cfg && team_has(cfg, who, owner))
		return true;
	we = email_of(wbuf, sizeof(wbuf), who);
	if (!we)
		return false;
	oe = okr_person_email(obuf, sizeof(obuf), owner);
	if (oe)
		return strcasecmp(oe, we) == 0;
	if (!via_team || !cfg)
		return false;
	/* who's email, as a person, in the team that owns the result */
	snprintf(pbuf, sizeof(pbuf), "<%s>", we);
	return team_has(cfg, owner, pbuf);
}

/* "Name" of "Name <email>"; the text itself otherwise. */
static char *
person_name(const char *who)
{
	const char *lt = strrchr(who, '<');

	if (lt && lt > who) {
		while (lt > who && lt[-1] == ' ')
			lt--;
		return okr_xstrndup(who, (size_t)(lt - who));
	}
	return okr_xstrdup(who);
}

char *
okr_owner_display(const struct okr_config *cfg, const char *owner)
{
	const struct okr_team *t = NULL;
	char *lead, *out;
	size_t i;

	if (!owner)
		return okr_xstrdup("");
	for (i = 0; cfg && i < cfg->nteams; i++)
		if (cfg->teams[i].key && strcmp(cfg->teams[i].key, owner) == 0)
			t = &cfg->teams[i];
	if (!t)
		return person_name(owner);
	if (!t->lead || !*t->lead)
		return okr_xstrdup(t->name && *t->name ? t->name : owner);
	lead = person_name(t->lead);
	out = okr_xprintf("%s (%s)", t->name && *t->name ? t->name : owner, lead);
	free(lead);
	return out;
}

const char *
okr_owner_team(const struct okr_config *cfg, const char *owner)
{
	size_t i;

	if (!owner || !cfg)
		return "";
	for (i = 0; i < cfg->nteams; i++)
		if (cfg->teams[i].key && strcmp(cfg->teams[i].key, owner) == 0)
			return cfg->teams[i].key;
	for (i = 0; i < cfg->nteams; i++)
		if (cfg->teams[i].key && team_has(cfg, cfg->teams[i].key, owner))
			return cfg->teams[i].key;
	return "";
}

struct list {
	struct okr_attention *v;
	size_t n, cap;
};

static struct okr_attention *
push(struct list *l, enum okr_attention_kind kind, const struct okr_objective *obj,
     const struct okr_kr *kr, const struct okr_milestone *ms, okr_date date)
{
	struct okr_attention *a;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = okr_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->obj = obj;
	a->kr = kr;
	a->ms = ms;
	a->owner = kr ? kr->owner : obj->owner;
	a->date = date;
	return a;
}

static void
overdue_milestones(struct list *l, const struct okr_objective *obj,
		   const struct okr_kr *kr, const struct okr_milestone *ms,
		   size_t n, okr_date as_of)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ms[i].has_due && !ms[i].done && ms[i].due < as_of)
			push(l, OKR_ATTENTION_OVERDUE, obj, kr, &ms[i], ms[i].due);
}

int
okr_attention_collect(struct okr_attention **out, size_t *n,
		      const struct okr_tree *tree, const struct okr_period *period,
		      okr_date as_of, const struct okr_lastseen *seen)
{
	struct list l = { NULL, 0, 0 };
	size_t i, k;

	/* As okr check: overdue once the period has begun, stale only while
	 * it runs; a finished key result is never chased. */
	for (i = 0; i < tree->nobjs && as_of >= period->start; i++) {
		const struct okr_objective *obj = tree->objs[i];

		if (strcmp(obj->period, period->name) != 0)
			continue;
		/* a closed period, a dropped objective: nothing to chase */
		if (okr_config_closed(tree->config, obj->period, NULL) ||
		    okr_objective_dropped(obj, as_of))
			continue;
		overdue_milestones(&l, obj, NULL, obj->milestones, obj->nmilestones, as_of);
		for (k = 0; k < obj->nkrs; k++) {
			const struct okr_kr *kr = &obj->krs[k];
			bool finished;

			if (!kr->id || okr_kr_dropped(obj, kr, as_of))
				continue;
			finished = (kr->kind == OKR_KR_BINARY && kr->done) ||
				   (kr->kind == OKR_KR_MILESTONE &&
				    okr_kr_progress(kr) >= 1.0);
			if (!finished && as_of <= period->end) {
				char *ref = okr_xprintf("%s/%s#%s", obj->period, obj->id,
							kr->id);
				okr_date last;
				bool known = okr_last_checkin(&last, kr, ref, seen,
							      period->start);

				free(ref);
				if (okr_is_stale(last, as_of, tree->config))
					push(&l, OKR_ATTENTION_STALE, obj, kr, NULL,
					     last)->never = !known;
			}
			if (kr->has_due && !finished && kr->due < as_of)
				push(&l, OKR_ATTENTION_OVERDUE, obj, kr, NULL, kr->due);
			overdue_milestones(&l, obj, kr, kr->milestones, kr->nmilestones,
					   as_of);
		}
	}
	*out = l.v;
	*n = l.n;
	return 0;
}
