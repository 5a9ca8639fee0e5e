/*
 * ref.c: resolving references to objectives and key results, with git's
 * manners: a unique suffix is enough, an ambiguous one lists the
 * candidates, an unknown one suggests the closest.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

static bool
looks_like_period(const char *s, size_t n)
{
	return n == 7 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[5] == 'Q';
}

/* id equals want, or ends with "/" + want. */
static bool
suffix_match(const char *id, const char *want, size_t wlen)
{
	size_t ilen = strlen(id);

	if (ilen == wlen)
		return memcmp(id, want, wlen) == 0;
	return ilen > wlen && id[ilen - wlen - 1] == '/' &&
	       memcmp(id + ilen - wlen, want, wlen) == 0;
}

struct near {
	size_t d;
	const char *id;
};

static int
near_cmp(const void *a, const void *b)
{
	const struct near *x = a, *y = b;

	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* An unknown objective: name the closest ids of the period (by the whole
 * id or its last part), as git lists what it could have meant. */
static void
list_closest(struct okr_buf *err, const struct okr_tree *t, const char *per,
	     const char *want)
{
	struct near *v = okr_xmalloc((t->nobjs + 1) * sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < t->nobjs; i++) {
		const char *id = t->objs[i]->id, *last = strrchr(id, '/');
		size_t d = okr_distance(want, id);

		if (strcmp(t->objs[i]->period, per))
			continue;
		if (last && okr_distance(want, last + 1) < d)
			d = okr_distance(want, last + 1);
		v[n].d = d;
		v[n++].id = id;
	}
	okr_buf_printf(err, "no objective '%s' in %s", want, per);
	if (!n) {
		okr_buf_puts(err, " (the period has no objectives)");
	} else {
		qsort(v, n, sizeof(*v), near_cmp);
		okr_buf_puts(err, v[0].d <= 2 ? "; did you mean " : "; candidates: ");
		for (i = 0; i < n && i < 5 && (i == 0 || v[0].d > 2 || v[i].d <= 2); i++)
			okr_buf_printf(err, "%s'%s/%s'", i ? ", " : "", per, v[i].id);
		if (v[0].d <= 2)
			okr_buf_putc(err, '?');
	}
	free(v);
}

const char *
okr_ref_period(char *buf, const char *ref)
{
	const char *slash = strchr(ref, '/'), *hash = strchr(ref, '#');

	if (!slash || (hash && hash < slash) || !looks_like_period(ref, (size_t)(slash - ref)))
		return NULL;
	memcpy(buf, ref, 7);
	buf[7] = '\0';
	return buf;
}

char *
okr_ref_objective(const char *ref)
{
	const char *hash = strchr(ref, '#'), *slash = strchr(ref, '/');
	const char *objpart = ref;
	size_t wlen;
	char *want;

	if (slash && (!hash || slash < hash) && looks_like_period(ref, (size_t)(slash - ref)))
		objpart = slash + 1;
	wlen = hash ? (size_t)(hash - objpart) : strlen(objpart);
	want = okr_xstrndup(objpart, wlen);
	if (!wlen || strstr(want, "..")) {
		free(want);
		return NULL;
	}
	return want;
}

long
okr_ref_pick(const char *const *ids, size_t n, const char *want)
{
	size_t i, wlen = strlen(want), nfound = 0;
	long found = -1;

	for (i = 0; i < n; i++) {
		if (!suffix_match(ids[i], want, wlen))
			continue;
		if (strcmp(ids[i], want) == 0)	/* an exact id wins */
			return (long)i;
		found = (long)i;
		nfound++;
	}
	return nfound == 1 ? found : -1;
}

const char *
okr_ref_format(struct okr_buf *buf, const struct okr_objective *obj,
	       const struct okr_kr *kr)
{
	okr_buf_clear(buf);
	okr_buf_printf(buf, "%s/%s", obj->period, obj->id);
	if (kr)
		okr_buf_printf(buf, "#%s", kr->id);
	return buf->ptr;
}

int
okr_ref_resolve(struct okr_ref_match *out, const struct okr_tree *t,
		const char *period, const char *ref, int want_kr,
		struct okr_buf *err)
{
	const char *hash = strchr(ref, '#'), *slash = strchr(ref, '/');
	const char *objpart = ref, *krid = NULL;
	char *per = NULL, *want = NULL;
	struct okr_objective *found = NULL;
	size_t i, nfound = 0, wlen;
	struct okr_buf cands = OKR_BUF_INIT;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	okr_buf_clear(err);
	if (hash)
		krid = hash + 1;
	if (want_kr && !krid) {
		okr_buf_printf(err, "'%s' names no key result; write <objective>#<key-result>", ref);
		return -1;
	}
	if (!want_kr && krid) {
		okr_buf_printf(err, "'%s' names a key result; give the objective alone", ref);
		return -1;
	}
	if (slash && (!hash || slash < hash) && looks_like_period(ref, (size_t)(slash - ref))) {
		per = okr_xstrndup(ref, (size_t)(slash - ref));
		objpart = slash + 1;
	} else {
		per = okr_xstrdup(period);
	}
	wlen = hash ? (size_t)(hash - objpart) : strlen(objpart);
	want = okr_xstrndup(objpart, wlen);
	if (!wlen || (krid && !*krid) || strstr(want, "..")) {
		okr_buf_printf(err, "'%s' is not a valid reference", ref);
		goto done;
	}
	for (i = 0; i < t->nobjs; i++) {
		struct okr_objective *o = t->objs[i];

		if (strcmp(o->period, per) || !suffix_match(o->id, want, wlen))
			continue;
		if (strcmp(o->id, want) == 0) {	/* an exact id wins */
			found = o;
			nfound = 1;
			break;
		}
		okr_buf_printf(&cands, "%s%s/%s", nfound ? ", " : "", o->period, o->id);
		found = o;
		nfound++;
	}
	if (nfound > 1) {
		okr_buf_printf(err, "'%s' is ambiguous in %s; candidates: %s", ref, per,
			       cands.ptr);
		goto done;
	}
	if (!found) {
		list_closest(err, t, per, want);
		goto done;
	}
	out->obj = found;
	if (krid) {
		const char **ids = okr_xmalloc((found->nkrs + 1) * sizeof(*ids));
		size_t n = 0;

		for (i = 0; i < found->nkrs; i++) {
			if (found->krs[i].id && strcmp(found->krs[i].id, krid) == 0) {
				out->kr = &found->krs[i];
				break;
			}
			if (found->krs[i].id)
				ids[n++] = found->krs[i].id;
		}
		if (!out->kr) {
			okr_buf_printf(err, "no key result '%s' in %s/%s; it has: ", krid,
				       found->period, found->id);
			for (i = 0; i < n; i++)
				okr_buf_printf(err, "%s%s", i ? ", " : "", ids[i]);
			free(ids);
			goto done;
		}
		free(ids);
	}
	rc = 0;
done:
	okr_buf_free(&cands);
	free(per);
	free(want);
	return rc;
}

static size_t
depth(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

static int
form_cmp_name(const void *a, const void *b)
{
	const struct okr_ref_form *x = a, *y = b;
	int c = strcmp(x->form, y->form);

	return c ? c : (x->obj < y->obj ? -1 : x->obj > y->obj);
}

static int
form_cmp_short(const void *a, const void *b)
{
	const struct okr_ref_form *x = a, *y = b;
	size_t dx = depth(x->form), dy = depth(y->form);

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->form, y->form);
}

size_t
okr_ref_forms(struct okr_ref_form **out, const char *const *ids, size_t n)
{
	struct okr_ref_form *all = NULL, *keep;
	size_t i, j, nall = 0, cap = 0, nkeep = 0;

	/* every suffix at a '/' of every id, the whole id included */
	for (i = 0; i < n; i++) {
		const char *p = ids[i];

		for (;;) {
			if (nall == cap) {
				cap = cap ? cap * 2 : 64;
				all = okr_xrealloc(all, cap * sizeof(*all));
			}
			all[nall].form = (char *)p;
			all[nall++].obj = i;
			if (!(p = strchr(p, '/')))
				break;
			p++;
		}
	}
	if (nall)
		qsort(all, nall, sizeof(*all), form_cmp_name);
	keep = okr_xcalloc(nall + 1, sizeof(*keep));
	/* a form shared by two ids names neither, unless it is one's whole id
	 * (an exact id wins) */
	for (i = 0; i < nall; i = j) {
		for (j = i + 1; j < nall && strcmp(all[j].form, all[i].form) == 0; j++)
			;
		if (j - i == 1) {
			keep[nkeep].form = okr_xstrdup(all[i].form);
			keep[nkeep++].obj = all[i].obj;
			continue;
		}
		for (; i < j; i++) {
			if (all[i].form == ids[all[i].obj]) {
				keep[nkeep].form = okr_xstrdup(all[i].form);
				keep[nkeep++].obj = all[i].obj;
			}
		}
	}
	free(all);
	if (nkeep)
		qsort(keep, nkeep, sizeof(*keep), form_cmp_short);
	*out = keep;
	return nkeep;
}

void
okr_ref_forms_free(struct okr_ref_form *forms, size_t n)
{
	size_t i;

	for (i = 0; forms && i < n; i++)
		free(forms[i].form);
	free(forms);
}
