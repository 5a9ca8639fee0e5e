/*
 * histlog.c: what okr log shows (okr_history_log): the check-ins of one
 * objective file in the whole first-parent history, from the trailers that
 * name its key results and, for commits without trailers, that one file's
 * blobs compared; the plan changes as lines of their own. It follows okr
 * mv back (histrename.c): a key result's older check-ins under its old
 * id, an objective's older hand edits in its old file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "gittree.h"
#include "histindex.h"
#include "history.h"
#include "walk.h"

struct logging {
	struct okr_hist *hi;
	struct okr_differ d;
	struct okr_walk walk;
	char *relpath;		/* the file's path where the walk is */
	const char *const *refs;
	size_t nrefs;
};

static bool
wanted(const char *ref, size_t len, const char *const *refs, size_t nrefs)
{
	size_t i;

	for (i = 0; i < nrefs; i++)
		if (strlen(refs[i]) == len && memcmp(ref, refs[i], len) == 0)
			return true;
	return false;
}

/* Hand edit or merge c, whose first parent's tree is now known: only the
 * one file, found by comparing one tree entry per level. */
static int
hand_edit(struct logging *l, const struct okr_rawcommit *c, const git_oid *oldtree)
{
	git_oid oldb, newb;
	int error;

	if ((error = okr_differ_file_changed(&l->d, &oldb, &newb, oldtree, &c->tree,
					     l->relpath)) <= 0)
		return error;
	if ((error = okr_differ_blobs(&l->d, &oldb, &newb, l->relpath)) < 0)
		return error;
	okr_hist_hand_checkins(l->hi, c, l->d.changes, l->d.nchanges);
	l->d.nchanges = 0;
	return 0;
}

/* Whether ref (len bytes, as named at the walk's point) is one of the
 * refs, by its name today. */
static bool
wanted_now(struct logging *l, const char *ref, size_t len)
{
	const char *name = okr_hist_name(l->hi, ref, len, &len);

	return wanted(name, len, l->refs, l->nrefs);
}

/* okr mv commit m: older check-ins follow the old name; when the file
 * itself moved, its older hand edits are in the old file. */
static void
renamed(struct logging *l, const struct okr_message *m)
{
	const char *arrow = memmem(m->renamed.p, m->renamed.n, " -> ", 4);
	size_t oldlen, newlen, cur = strlen(l->relpath) - 5;	/* ".yaml" */

	if (!arrow)
		return;
	okr_hist_rename(l->hi, m->renamed.p, m->renamed.n, 0);
	oldlen = (size_t)(arrow - m->renamed.p);
	newlen = m->renamed.n - oldlen - 4;
	if (!memchr(m->renamed.p, '#', m->renamed.n) && newlen == cur &&
	    memcmp(arrow + 4, l->relpath, cur) == 0) {
		free(l->relpath);
		l->relpath = okr_xprintf("%.*s.yaml", (int)oldlen, m->renamed.p);
	}
}

/* okr carry commit m: a line in the log of each source and copy wanted. */
static void
carried(struct logging *l, const struct okr_rawcommit *c, const struct okr_message *m)
{
	struct okr_span t;
	size_t at = 0;

	while (okr_message_carried(m, &at, &t)) {
		const char *arrow = memmem(t.p, t.n, " -> ", 4);
		size_t fromlen;
		char *what;

		if (!arrow)
			continue;
		fromlen = (size_t)(arrow - t.p);
		if (wanted_now(l, t.p, fromlen)) {
			what = okr_xprintf("carried to %.*s", (int)(t.n - fromlen - 4), arrow + 4);
			okr_hist_carry_line(l->hi, c, m, t.p, fromlen, what);
			free(what);
		}
		if (wanted_now(l, arrow + 4, t.n - fromlen - 4)) {
			what = okr_xprintf("carried from %.*s", (int)fromlen, t.p);
			okr_hist_carry_line(l->hi, c, m, arrow + 4, t.n - fromlen - 4, what);
			free(what);
		}
	}
}

/*
 * Trailers say which commits are check-ins of this objective; a commit
 * without them waits (pend) until the walk reads its first parent, whose
 * tree it is compared with: no commit is read twice. One at the shallow
 * boundary has no parent to compare with, and is no check-in.
 */
static int
walk_log(struct logging *l, okr_date as_of)
{
	struct okr_history *h = &l->hi->pub;
	struct okr_rawcommit c = { 0 }, pend = { 0 };
	struct okr_message m;
	int error;

	while ((error = okr_walk_next(&c, &l->walk)) == 0) {
		if (pend.obj) {
			error = hand_edit(l, &pend, &c.tree);
			okr_rawcommit_release(&pend);
			if (error < 0)
				break;
		}
		h->history_from = l->walk.oldest;
		okr_message_parse(&m, c.msg, c.msglen);
		if (h->history_from > as_of) {
			if (m.okr && m.renamed.n)	/* HEAD's names, as of any day */
				renamed(l, &m);
			continue;
		}
		/* okr close changes no value: a line of its own, no tree to
		 * compare; the period is the first folder of relpath */
		if (!m.okr && m.close.n) {
			if (m.close.n == 7 && strncmp(m.close.p, l->relpath, 7) == 0 &&
			    l->relpath[7] == '/')
				okr_hist_close_line(l->hi, &c, &m, l->refs[0]);
			continue;
		}
		if (m.carried.n)
			carried(l, &c, &m);
		if (m.okr) {
			bool want = wanted_now(l, m.ref.p, m.ref.n);

			if (want && !m.value.n)
				okr_hist_plan_line(l->hi, &c, &m);
			else if (want && (error = okr_hist_trailer_checkin(l->hi, &l->d, &c, &m,
									    true)) < 0)
				break;
			if (m.renamed.n)
				renamed(l, &m);
		} else if (c.has_parent) {
			pend = c;
			c.obj = NULL;
		}
	}
	okr_rawcommit_release(&c);
	okr_rawcommit_release(&pend);
	return error == OKR_ITEROVER ? 0 : error;
}

int
okr_history_log(struct okr_history **out, git_repository *repo,
		const char *okr_prefix, const char *rev, const char *relpath,
		const char *const *refs, size_t nrefs, okr_date as_of,
		struct okr_buf *err)
{
	struct okr_config *defcfg = okr_config_default();
	struct okr_history *h;
	struct logging l;
	struct okr_odb *odb;
	size_t i, kept;
	int error;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.hi = okr_hist_new();
	l.relpath = okr_xstrdup(relpath);
	l.refs = refs;
	l.nrefs = nrefs;
	h = &l.hi->pub;
	if ((error = okr_odb_open(&odb, repo)) < 0) {
		okr_buf_printf(err, "cannot read the history: %s", okr_error_last());
		goto done;
	}
	okr_differ_init(&l.d, odb, okr_prefix, NULL, defcfg, &h->arena);
	if ((error = okr_walk_start(&l.walk, repo, odb, rev)) < 0) {
		okr_buf_puts(err, okr_error_last());
		goto done;
	}
	if ((error = walk_log(&l, as_of)) < 0) {
		okr_buf_printf(err, "cannot read the history: %s", okr_error_last());
		goto done;
	}
	h->shallow = l.walk.shallow;
	if (!h->shallow)
		h->history_from = 0;
	/* the hand edits named every changed key result of the file */
	for (i = kept = 0; i < l.hi->nall; i++) {
		if (!wanted(l.hi->all[i].ref, strlen(l.hi->all[i].ref), refs, nrefs))
			continue;
		l.hi->all[kept] = l.hi->all[i];
		l.hi->refno[kept++] = l.hi->refno[i];
	}
	l.hi->nall = kept;
	h->start = okr_gittree_empty(repo, okr_prefix);
	h->end = okr_gittree_empty(repo, okr_prefix);
	okr_hist_index(l.hi, INT32_MIN);
done:
	free(l.relpath);
	okr_differ_release(&l.d);
	okr_config_free(defcfg);
	if (error < 0) {
		okr_history_free(h);
		return -1;
	}
	*out = h;
	return 0;
}

int
okr_history_renamed(char **out, git_repository *repo, const char *rev, const char *ref)
{
	struct okr_hist *hi = okr_hist_new();
	struct okr_rawcommit c = { 0 };
	struct okr_message m;
	struct okr_walk walk;
	struct okr_odb *odb = NULL;
	const char *name;
	size_t len = strlen(ref);
	int error;

	*out = NULL;
	if ((error = okr_odb_open(&odb, repo)) < 0 ||
	    (error = okr_walk_start(&walk, repo, odb, rev)) < 0)
		goto done;
	while ((error = okr_walk_next(&c, &walk)) == 0) {
		okr_message_parse(&m, c.msg, c.msglen);
		if (m.okr && m.renamed.n)
			okr_hist_rename(hi, m.renamed.p, m.renamed.n, 0);
	}
	okr_rawcommit_release(&c);
	if (error != OKR_ITEROVER)
		goto done;
	error = 0;
	name = okr_hist_name(hi, ref, len, &len);
	if (len != strlen(ref) || memcmp(name, ref, len) != 0)
		*out = okr_xstrndup(name, len);
done:
	okr_odb_free(odb);
	okr_history_free(&hi->pub);
	return error < 0 ? -1 : 0;
}
