/*
 * histrename.c: history following okr mv (histindex.h, history.h). The
 * walk goes newest first, so a commit with Okr-Renamed: <old> -> <new> is
 * met before every check-in made under the old name: from then on the walk
 * records those under the name they have now (chains a -> b -> c too),
 * and every reader of the history (trend, Start, movers, check-in
 * discipline, as of, okr log) sees one key result. The start snapshot
 * keeps the names it had: okr_history_start_kr goes the other way. No
 * second walk: the renames are read by the one walk that reads the
 * check-ins. A rename made by hand, without the trailer, is not followed.
 */
#include <stdlib.h>
#include <string.h>

#include "histindex.h"

void
okr_hist_rename(struct okr_hist *hi, const char *renamed, size_t len, size_t jobs)
{
	const char *arrow = memmem(renamed, len, " -> ", 4);
	struct okr_rename *r;

	if (!arrow || arrow == renamed || arrow + 4 >= renamed + len)
		return;		/* not okr mv's: nothing to follow */
	if (hi->nrenames == hi->caprenames) {
		hi->caprenames = hi->caprenames ? hi->caprenames * 2 : 8;
		hi->renames = okr_xrealloc(hi->renames, hi->caprenames * sizeof(*hi->renames));
	}
	r = &hi->renames[hi->nrenames++];
	r->oldlen = (size_t)(arrow - renamed);
	r->old = okr_arena_strndup(&hi->pub.arena, renamed, r->oldlen);
	r->newlen = len - r->oldlen - 4;
	r->new = okr_arena_strndup(&hi->pub.arena, arrow + 4, r->newlen);
	r->jobs = jobs;
	hi->epoch = hi->nrenames;
}

/* Whether name (len bytes) is from or below it (an objective's key
 * result "from#kr"). */
static bool
renamed_by(const char *name, size_t len, const char *from, size_t fromlen)
{
	if (len < fromlen || memcmp(name, from, fromlen) != 0)
		return false;
	return len == fromlen || (name[fromlen] == '#' && !memchr(from, '#', fromlen));
}

/* name (len bytes, in hi->name or not) with its first fromlen bytes
 * replaced by to, into hi->name. */
static const char *
replace(struct okr_hist *hi, const char *name, size_t *len, size_t fromlen, const char *to,
	size_t tolen)
{
	size_t n = tolen + (*len - fromlen);
	char *buf;

	buf = okr_xmalloc(n + 1);
	memcpy(buf, to, tolen);
	memcpy(buf + tolen, name + fromlen, *len - fromlen);
	buf[n] = '\0';
	if (n + 1 > hi->namecap) {
		hi->namecap = n + 64;
		hi->name = okr_xrealloc(hi->name, hi->namecap);
	}
	memcpy(hi->name, buf, n + 1);
	free(buf);
	*len = n;
	return hi->name;
}

const char *
okr_hist_name(struct okr_hist *hi, const char *ref, size_t len, size_t *outlen)
{
	size_t i;

	/* oldest rename first: the name it gave is what the next one saw */
	for (i = hi->epoch; i-- > 0;) {
		const struct okr_rename *r = &hi->renames[i];

		if (renamed_by(ref, len, r->old, r->oldlen))
			ref = replace(hi, ref, &len, r->oldlen, r->new, r->newlen);
	}
	*outlen = len;
	return ref;
}

void
okr_hist_epoch_at_job(struct okr_hist *hi, size_t job)
{
	size_t e = 0;

	while (e < hi->nrenames && hi->renames[e].jobs <= job)
		e++;
	hi->epoch = e;
}

/* ref's key result in the start snapshot, under the name it had then:
 * the renames undone, newest first; none when its name was another's
 * until a rename freed it. */
const struct okr_kr *
okr_hist_start_kr(const struct okr_history *h, const char *ref)
{
	struct okr_hist *hi = (struct okr_hist *)h;
	const struct okr_objective *o;
	const char *name = ref;
	char buf[512], *slash, *hash;
	size_t i, len = strlen(ref);

	if (!h->start)
		return NULL;
	for (i = 0; i < hi->nrenames; i++) {
		const struct okr_rename *r = &hi->renames[i];

		if (renamed_by(name, len, r->new, r->newlen))
			name = replace(hi, name, &len, r->newlen, r->old, r->oldlen);
		else if (renamed_by(name, len, r->old, r->oldlen))
			return NULL;	/* a name used again after the rename:
					 * another key result's before it */
	}
	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, name, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	hash = strchr(buf, '#');
	if (!slash || !hash || hash < slash)
		return NULL;
	*slash = *hash = '\0';
	o = okr_tree_find(h->start, buf, slash + 1);
	for (i = 0; o && i < o->nkrs; i++)
		if (o->krs[i].id && strcmp(o->krs[i].id, hash + 1) == 0)
			return &o->krs[i];
	return NULL;
}

const struct okr_kr *
okr_history_start_kr(const struct okr_history *h, const struct okr_objective *o,
		     const char *id)
{
	char *ref = okr_xprintf("%s/%s#%s", o->period, o->id, id);
	const struct okr_kr *kr = okr_hist_start_kr(h, ref);

	free(ref);
	return kr;
}
