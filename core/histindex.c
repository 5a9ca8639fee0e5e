/*
 * histindex.c: history's check-ins, their index and the value of a key
 * result at a date (histindex.h, history.h).
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "histindex.h"
#include "score.h"

/* ---- interned strings ---- */

static uint64_t
str_hash(const char *s, size_t len)
{
	return okr_fnv1a(OKR_FNV1A_INIT, s, len);
}

static struct okr_strslot *
strset_find(const struct okr_strset *set, const char *s, size_t len, uint64_t h)
{
	size_t i;

	if (!set->cap)
		return NULL;
	for (i = h & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		struct okr_strslot *e = &set->slots[i];

		if (!e->s || (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0))
			return e;
	}
}

static void
strset_grow(struct okr_strset *set)
{
	struct okr_strset bigger = { NULL, set->cap ? set->cap * 2 : 256, set->n };
	size_t i;

	bigger.slots = okr_xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (i = 0; i < set->cap; i++)
		if (set->slots[i].s)
			*strset_find(&bigger, set->slots[i].s, set->slots[i].len,
				     set->slots[i].hash) = set->slots[i];
	free(set->slots);
	*set = bigger;
}

/* The one copy of s (in arena); *ord numbers the distinct strings from 0. */
static const char *
intern(struct okr_strset *set, struct okr_arena *arena, const char *s, size_t len,
       uint32_t *ord)
{
	uint64_t h = str_hash(s, len);
	struct okr_strslot *e;

	if ((set->n + 1) * 2 > set->cap)
		strset_grow(set);
	e = strset_find(set, s, len, h);
	if (!e->s) {
		e->s = okr_arena_strndup(arena, s, len);
		e->len = len;
		e->hash = h;
		e->ord = (uint32_t)set->n++;
	}
	if (ord)
		*ord = e->ord;
	return e->s;
}

/* ---- the check-ins ---- */

struct okr_hist *
okr_hist_new(void)
{
	return okr_xcalloc(1, sizeof(struct okr_hist));
}

struct okr_checkin *
okr_hist_add(struct okr_hist *hi, const char *ref, size_t reflen,
	     const struct okr_rawcommit *c)
{
	struct okr_arena *a = &hi->pub.arena;
	struct okr_checkin *ci;

	if (hi->nall == hi->capall) {
		hi->capall = hi->capall ? hi->capall * 2 : 1024;
		hi->all = okr_xrealloc(hi->all, hi->capall * sizeof(*hi->all));
		hi->refno = okr_xrealloc(hi->refno, hi->capall * sizeof(*hi->refno));
	}
	if (hi->epoch)	/* none on a history without okr mv */
		ref = okr_hist_name(hi, ref, reflen, &reflen);
	ci = &hi->all[hi->nall];
	memset(ci, 0, sizeof(*ci));
	ci->ref = intern(&hi->refs, a, ref, reflen, &hi->refno[hi->nall]);
	hi->nall++;
	ci->time = c->author.time;
	ci->offset = c->author.offset;
	ci->date = okr_sig_day(&c->author);
	ci->author = intern(&hi->people, a, c->author.name, c->author.nlen, NULL);
	ci->email = intern(&hi->people, a, c->author.email, c->author.elen, NULL);
	ci->commit = c->id;
	return ci;
}

/* The share of milestones done in key result krid (krlen bytes) of file
 * ref (idlen bytes, without ".yaml") at tree: 1 and *out, 0 when the file
 * or key result is not there, negative when it cannot be read. */
static int
milestone_share(double *out, struct okr_differ *d, const git_oid *tree, const char *ref,
		size_t idlen, const char *krid, size_t krlen)
{
	const struct okr_blobsum *s;
	char *rel = okr_xprintf("%.*s.yaml", (int)idlen, ref);
	git_oid blob;
	size_t i;
	int error, found = 0;

	if ((error = okr_differ_blob_at(d, &blob, tree, rel)) > 0 &&
	    (error = okr_differ_summary(&s, d, &blob, rel)) == 0) {
		for (i = 0; i < s->nkrs; i++) {
			if (strlen(s->krs[i].id) == krlen &&
			    memcmp(s->krs[i].id, krid, krlen) == 0) {
				*out = s->krs[i].value;
				found = 1;
			}
		}
	}
	free(rel);
	return error < 0 ? error : found;
}

int
okr_hist_trailer_checkin(struct okr_hist *hi, struct okr_differ *d,
			 const struct okr_rawcommit *c, const struct okr_message *m,
			 bool subject_default)
{
	struct okr_arena *a = &hi->pub.arena;
	struct okr_checkin *ci;
	const char *hash;
	int found;

	if (!m->value.n)
		return 0;	/* okr init, okr new: not check-ins */
	ci = okr_hist_add(hi, m->ref.p, m->ref.n, c);
	ci->value = okr_arena_strndup(a, m->value.p, m->value.n);
	ci->has_number = okr_span_number(&ci->number, m->value);
	ci->has_confidence = okr_span_number(&ci->confidence, m->confidence);
	if (m->body.n)
		ci->message = okr_arena_strndup(a, m->body.p, m->body.n);
	else if (subject_default)
		ci->message = okr_arena_strndup(a, m->subject.p, m->subject.n);
	else
		ci->message = "";
	hash = memchr(m->ref.p, '#', m->ref.n);
	ci->has_number = ci->has_number && hash;
	if (m->milestone.n && hash) {
		size_t idlen = (size_t)(hash - m->ref.p);

		if ((found = milestone_share(&ci->number, d, &c->tree, m->ref.p, idlen,
					     hash + 1, m->ref.n - idlen - 1)) < 0)
			return found;
		ci->has_number = found;
	}
	return 0;
}

void
okr_hist_plan_line(struct okr_hist *hi, const struct okr_rawcommit *c,
		   const struct okr_message *m)
{
	struct okr_arena *a = &hi->pub.arena;
	struct okr_checkin *ci;
	char *what;

	if (m->value.n)
		return;
	if (m->target.n)
		what = okr_xprintf("target %.*s", (int)m->target.n, m->target.p);
	else if (m->score.n)
		what = okr_xprintf("score %.*s", (int)m->score.n, m->score.p);
	else if (m->dropped.n)
		what = okr_xstrdup("dropped");
	else if (m->renamed.n)
		what = okr_xprintf("renamed %.*s", (int)m->renamed.n, m->renamed.p);
	else
		return;
	ci = okr_hist_add(hi, m->ref.p, m->ref.n, c);
	ci->value = okr_arena_strndup(a, what, strlen(what));
	ci->plan = true;
	ci->message = m->body.n ? okr_arena_strndup(a, m->body.p, m->body.n)
				: okr_arena_strndup(a, m->subject.p, m->subject.n);
	free(what);
}

void
okr_hist_carry_line(struct okr_hist *hi, const struct okr_rawcommit *c,
		    const struct okr_message *m, const char *ref, size_t reflen,
		    const char *what)
{
	struct okr_arena *a = &hi->pub.arena;
	struct okr_checkin *ci = okr_hist_add(hi, ref, reflen, c);

	ci->value = okr_arena_strndup(a, what, strlen(what));
	ci->plan = true;
	ci->message = m->body.n ? okr_arena_strndup(a, m->body.p, m->body.n)
				: okr_arena_strndup(a, m->subject.p, m->subject.n);
}

void
okr_hist_close_line(struct okr_hist *hi, const struct okr_rawcommit *c,
		    const struct okr_message *m, const char *ref)
{
	struct okr_arena *a = &hi->pub.arena;
	struct okr_checkin *ci = okr_hist_add(hi, ref, strlen(ref), c);

	ci->value = "closed";
	ci->plan = true;
	/* without -m the body is the trailers: the subject says it better */
	ci->message = m->body.n && strncmp(m->body.p, "Okr-", 4) != 0
		      ? okr_arena_strndup(a, m->body.p, m->body.n)
		      : okr_arena_strndup(a, m->subject.p, m->subject.n);
}

void
okr_hist_hand_checkins(struct okr_hist *hi, const struct okr_rawcommit *c,
		       const struct okr_change *v, size_t n)
{
	struct okr_message m;
	size_t i;

	if (!n)
		return;
	okr_message_parse(&m, c->msg, c->msglen);
	for (i = 0; i < n; i++) {
		const struct okr_krsum *k = v[i].k;
		struct okr_checkin *ci = okr_hist_add(hi, v[i].ref, strlen(v[i].ref), c);

		ci->value = k->text;
		ci->number = k->value;
		ci->has_number = true;
		ci->confidence = k->conf;
		ci->has_confidence = k->has_conf;
		ci->message = okr_arena_strndup(&hi->pub.arena, m.subject.p, m.subject.n);
		ci->hand_edit = true;
	}
}

/* ---- the index ---- */

#define LAST_NONE UINT32_MAX	/* okr_hist's last[]: no check-in with a number */

/* A check-in's place in the index: everything the order compares, so the
 * sort needs no context. */
struct sortkey {
	uint32_t refno;
	okr_date date;
	int64_t time;
	uint32_t at;		/* in all, oldest first */
};

static int
key_cmp(const void *pa, const void *pb)
{
	const struct sortkey *x = pa, *y = pb;

	if (x->refno != y->refno)
		return x->refno < y->refno ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int
ptr_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return x < y ? -1 : x > y;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
reverse(struct okr_hist *hi)
{
	size_t i, j;

	for (i = 0, j = hi->nall; i + 1 < j; i++, j--) {
		struct okr_checkin t = hi->all[i];
		uint32_t r = hi->refno[i];

		hi->all[i] = hi->all[j - 1];
		hi->all[j - 1] = t;
		hi->refno[i] = hi->refno[j - 1];
		hi->refno[j - 1] = r;
	}
}

/* pub.v: the check-ins from `from` on; pub.contributors their emails. */
static void
window(struct okr_hist *hi, okr_date from)
{
	struct okr_history *h = &hi->pub;
	size_t i, j, nv = 0;
	const char **emails;

	for (i = 0; i < hi->nall; i++)
		nv += hi->all[i].date >= from;
	if (nv == hi->nall) {
		h->v = hi->all;
	} else {
		h->v = okr_xmalloc((nv + 1) * sizeof(*h->v));
		for (i = 0; i < hi->nall; i++)
			if (hi->all[i].date >= from)
				h->v[h->n++] = hi->all[i];
	}
	h->n = nv;

	emails = okr_xmalloc((nv + 1) * sizeof(*emails));
	for (i = 0; i < nv; i++)
		emails[i] = h->v[i].email;
	qsort(emails, nv, sizeof(*emails), ptr_cmp);	/* interned: equal = same */
	for (i = j = 0; i < nv; i++)
		if (!j || emails[j - 1] != emails[i])
			emails[j++] = emails[i];
	qsort(emails, j, sizeof(*emails), str_cmp);
	h->contributors = emails;
	h->ncontributors = j;
}

void
okr_hist_index(struct okr_hist *hi, okr_date from)
{
	struct sortkey *keys;
	size_t i;

	hi->epoch = hi->nrenames;
	reverse(hi);	/* the walk went newest first */
	keys = okr_xmalloc((hi->nall + 1) * sizeof(*keys));
	for (i = 0; i < hi->nall; i++) {
		keys[i].refno = hi->refno[i];
		keys[i].date = hi->all[i].date;
		keys[i].time = hi->all[i].time;
		keys[i].at = (uint32_t)i;
	}
	qsort(keys, hi->nall, sizeof(*keys), key_cmp);
	hi->order = okr_xmalloc((hi->nall + 1) * sizeof(*hi->order));
	hi->ranges = okr_xcalloc(hi->refs.n + 1, sizeof(*hi->ranges));
	hi->last = okr_xmalloc((hi->nall + 1) * sizeof(*hi->last));
	for (i = 0; i < hi->nall; i++) {
		struct okr_refrange *r = &hi->ranges[keys[i].refno];
		uint32_t at = keys[i].at, best = r->n ? hi->last[i - 1] : LAST_NONE;

		hi->order[i] = at;
		if (hi->all[at].has_number && (best == LAST_NONE || at > best))
			best = at;
		hi->last[i] = best;
		if (!r->n)
			r->first = i;
		r->n++;
	}
	free(keys);
	window(hi, from);
}

void
okr_history_free(struct okr_history *h)
{
	struct okr_hist *hi = (struct okr_hist *)h;

	if (!h)
		return;
	if (h->v != hi->all)
		free(h->v);
	free(hi->all);
	free(hi->refno);
	free(hi->order);
	free(hi->last);
	free(hi->ranges);
	free(hi->refs.slots);
	free(hi->people.slots);
	free(hi->renames);
	free(hi->name);
	free(h->contributors);
	okr_tree_free(h->start);
	okr_tree_free(h->end);
	okr_arena_free(&h->arena);
	okr_arena_free(&hi->arena2);
	free(hi);
}

/* ---- the value at a date ---- */

static bool
start_value(const struct okr_history *h, const char *ref, double *out)
{
	const struct okr_kr *kr = okr_hist_start_kr(h, ref);

	return kr && okr_kr_value(kr, out);
}

/* The first check-in of range r dated after day, in hi->order. */
static size_t
first_after(const struct okr_hist *hi, const struct okr_refrange *r, okr_date day)
{
	size_t lo = r->first, hi_ = r->first + r->n;

	while (lo < hi_) {
		size_t mid = lo + (hi_ - lo) / 2;

		if (hi->all[hi->order[mid]].date <= day)
			lo = mid + 1;
		else
			hi_ = mid;
	}
	return lo;
}

void
okr_history_values_at(const struct okr_history *h, const char *ref, const okr_date *days,
		      size_t n, double *out, bool *known)
{
	const struct okr_hist *hi = (const struct okr_hist *)h;
	size_t len = strlen(ref), i;
	struct okr_strslot *e = strset_find(&hi->refs, ref, len, str_hash(ref, len));
	const struct okr_refrange *r = e && e->s ? &hi->ranges[e->ord] : NULL;
	double start = 0.0;
	int has_start = -1;	/* not looked up yet */

	for (i = 0; i < n; i++) {
		size_t lo = r ? first_after(hi, r, days[i]) : 0;

		/* of those dated on or before the day, the last in first-parent
		 * order, whatever its date against the others (SPEC section 8:
		 * the as-of rule, for the trend's weeks as for --as-of) */
		if (r && lo > r->first && hi->last[lo - 1] != LAST_NONE) {
			out[i] = hi->all[hi->last[lo - 1]].number;
			known[i] = true;
			continue;
		}
		if (has_start < 0) {
			start = out[i];	/* what start_value leaves alone */
			has_start = start_value(h, ref, &start);
		}
		out[i] = start;
		known[i] = has_start;
	}
}

bool
okr_history_value_at(const struct okr_history *h, const char *ref, okr_date day,
		     double *out)
{
	bool known;

	okr_history_values_at(h, ref, &day, 1, out, &known);
	return known;
}

const char *
okr_history_ref(const struct okr_history *h, const char *ref)
{
	const struct okr_hist *hi = (const struct okr_hist *)h;
	size_t len = strlen(ref);
	struct okr_strslot *e = strset_find(&hi->refs, ref, len, str_hash(ref, len));

	return e ? e->s : NULL;
}
