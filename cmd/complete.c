/*
 * complete.c: okr __complete, the hidden command every shell's completion
 * script calls (cobra's __complete): given the words of a command line, the
 * last one being completed, it prints one candidate a line ("value", a tab,
 * a description), then ":<directive>". Candidates come from the command
 * table and each command's options (what the parser reads) and from the
 * repository: periods, owners and teams from okr.yaml, references in the
 * short forms core/ref.c resolves, git's branches and remotes.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "cmd.h"
#include "safetext.h"
#include "fsutil.h"
#include "model.h"
#include "ref.h"
#include "tree.h"

/* cobra's directives, so the scripts read like every cobra program's */
#define DIR_NOSPACE    2	/* a candidate is a prefix: no space after it */
#define DIR_NOFILE     4	/* never fall back to file names */
#define DIR_DIRS       16	/* complete folder names */
#define DIR_KEEP_ORDER 32	/* the order is meant (short forms first) */

/* A screenful: more candidates than this are folded into their prefixes. */
#define SCREEN 64
/* Objectives few enough to read each file for its key results. */
#define FEW_OBJECTIVES 16

struct cand {
	char *value;
	char *desc;
	bool partial;		/* a prefix to type on from: no space after it */
};

struct comp {
	struct cand *v;
	size_t n, cap;
	int directive;
	const char *cur;	/* what is typed of the word being completed */
	const char *prefix;	/* put before each value ("--format="), or "" */
	okr_date date;		/* --as-of/--date on the line, else today */
	char *root;		/* the OKR repository, found when needed */
	struct okr_config *cfg;
	bool looked;
};

/* What the command line says so far. */
struct line {
	const struct okr_cmd *cmd;
	const char *ops[16];	/* the first operands */
	size_t nops;
	const char *milestone;	/* --milestone given */
	bool given[64];		/* by index into cmd->opts */
};

static void
add(struct comp *c, const char *value, const char *desc, bool partial)
{
	struct okr_buf d = OKR_BUF_INIT;

	if (strncmp(value, c->cur, strlen(c->cur)) != 0)
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = okr_xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	okr_safetext_puts(&d, desc, 0);
	c->v[c->n].value = okr_xstrdup(value);
	c->v[c->n].desc = okr_buf_detach(&d);
	c->v[c->n++].partial = partial;
}

static int
cand_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->value, ((const struct cand *)b)->value);
}

static size_t
common_prefix(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	return i;
}

/*
 * More than a screenful: fold the candidates into the fewest-characters-
 * longer prefixes that still fit on one (each the longest prefix its
 * members share), as a file name completion shows folders: one TAB on ten
 * thousand references shows where to go on, not everything.
 */
static void
fold(struct comp *c)
{
	size_t base = strlen(c->cur), k, i, j, groups = 0, best = 0, nout = 0;

	if (c->n <= SCREEN)
		return;
	qsort(c->v, c->n, sizeof(*c->v), cand_cmp);
	for (k = 1; k < 256; k++, best = k - 1) {
		for (groups = 1, i = 1; i < c->n; i++)
			groups += common_prefix(c->v[i - 1].value, c->v[i].value) < base + k;
		if (groups > SCREEN)
			break;
		if (groups == c->n)
			return;
	}
	if (!best)
		best = 1;	/* too many first characters: fold to them */
	for (i = 0; i < c->n; i = j) {
		size_t keep = strlen(c->v[i].value);

		for (j = i + 1; j < c->n &&
		     common_prefix(c->v[i].value, c->v[j].value) >= base + best; j++)
			if (common_prefix(c->v[i].value, c->v[j].value) < keep)
				keep = common_prefix(c->v[i].value, c->v[j].value);
		if (j - i > 1) {
			c->v[i].value[keep] = '\0';
			c->v[i].desc[0] = '\0';
			c->v[i].partial = true;
		}
		c->v[nout++] = c->v[i];
		for (k = i + 1; k < j; k++) {
			free(c->v[k].value);
			free(c->v[k].desc);
		}
	}
	c->n = nout;
	c->directive &= ~DIR_KEEP_ORDER;
}

static void
print_all(struct comp *c)
{
	size_t i;

	fold(c);
	for (i = 0; i < c->n; i++) {
		if (c->v[i].partial)
			c->directive |= DIR_NOSPACE;
		okr_say(stdout, "%s%s%s%s\n", c->prefix, c->v[i].value, *c->v[i].desc ? "\t" : "",
		       c->v[i].desc);
		free(c->v[i].value);
		free(c->v[i].desc);
	}
	printf(":%d\n", c->directive);
	free(c->v);
}

/* ---- the repository, read only as far as a candidate needs ---- */

static bool
repo(struct comp *c)
{
	char *cwd, *buf = NULL, *path;
	size_t len;
	struct okr_diags d = { 0 };

	if (c->looked)
		return c->root != NULL;
	c->looked = true;
	cwd = getcwd(NULL, 0);
	if (!cwd || okr_root_find(&c->root, cwd) < 0)
		c->root = NULL;
	free(cwd);
	if (!c->root)
		return false;
	path = okr_xprintf("%s/okr.yaml", c->root);
	if (okr_file_read(&buf, &len, path, 1u << 20) == 0)
		okr_config_load(&c->cfg, "okr.yaml", buf, len, &d);
	if (!c->cfg)
		c->cfg = okr_config_default();
	okr_diags_free(&d);
	free(buf);
	free(path);
	return true;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The period folders, and the current and next period. */
static void
periods(struct comp *c, const char *suffix, bool partial)
{
	struct okr_period now, next;
	struct dirent *e;
	DIR *dir;
	char name[16];

	if (!repo(c))
		return;
	okr_period_of(&now, c->date, c->cfg->fiscal_year_start);
	okr_period_of(&next, now.end + 1, c->cfg->fiscal_year_start);
	snprintf(name, sizeof(name), "%s%s", now.name, suffix);
	add(c, name, "the current period", partial);
	snprintf(name, sizeof(name), "%s%s", next.name, suffix);
	add(c, name, "the next period", partial);
	if (!(dir = opendir(c->root)))
		return;
	while ((e = readdir(dir))) {
		struct okr_period p;
		char *full;

		if (okr_period_parse(&p, e->d_name, c->cfg->fiscal_year_start) < 0 ||
		    strcmp(p.name, now.name) == 0 || strcmp(p.name, next.name) == 0)
			continue;
		full = okr_xprintf("%s/%s", c->root, e->d_name);
		snprintf(name, sizeof(name), "%s%s", p.name, suffix);
		if (is_dir(full))
			add(c, name, NULL, partial);
		free(full);
	}
	closedir(dir);
}

struct ids {
	char **v;
	size_t n, cap;
};

/* Objective ids below dir (rel: the id so far), by the names of their
 * files: no file is read, so ten thousand cost a directory walk. */
static void
walk_ids(struct ids *ids, const char *dir, const char *rel, int depth)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d || depth > 16) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char *full, *id;

		if (e->d_name[0] == '.')
			continue;
		full = okr_xprintf("%s/%s", dir, e->d_name);
		id = okr_xprintf("%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN && is_dir(full))) {
			walk_ids(ids, full, id, depth + 1);
		} else if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
			id[strlen(id) - 5] = '\0';
			if (ids->n == ids->cap) {
				ids->cap = ids->cap ? ids->cap * 2 : 256;
				ids->v = okr_xrealloc(ids->v, ids->cap * sizeof(*ids->v));
			}
			ids->v[ids->n++] = id;
			id = NULL;
		}
		free(id);
		free(full);
	}
	closedir(d);
}

static void
ids_free(struct ids *ids)
{
	size_t i;

	for (i = 0; i < ids->n; i++)
		free(ids->v[i]);
	free(ids->v);
}

static void
period_ids(struct ids *out, struct comp *c, const char *period)
{
	char *dir;

	memset(out, 0, sizeof(*out));
	if (!repo(c))
		return;
	dir = okr_xprintf("%s/%s", c->root, period);
	walk_ids(out, dir, "", 0);
	free(dir);
}

/* One objective file, read for its key results; NULL if it cannot be. */
static struct okr_objective *
load(struct comp *c, const char *period, const char *id)
{
	struct okr_objective *obj = NULL;
	struct okr_diags d = { 0 };
	char *rel = okr_xprintf("%s/%s.yaml", period, id);
	char *path = okr_xprintf("%s/%s", c->root, rel), *buf = NULL;
	size_t len;

	if (okr_file_read(&buf, &len, path, 1u << 20) == 0)
		okr_objective_load(&obj, c->cfg, rel, rel, buf, len, &d);
	okr_diags_free(&d);
	free(buf);
	free(rel);
	free(path);
	return obj;
}

/* The period a reference's word is in: its own "YYYY-QN/", or the one
 * holding the date. *rest is what follows the period. */
static void
word_period(char name[8], const char **rest, struct comp *c, const char *word)
{
	struct okr_period p;

	if (okr_ref_period(name, word)) {
		*rest = word + 8;
		return;
	}
	okr_period_of(&p, c->date, c->cfg->fiscal_year_start);
	memcpy(name, p.name, 7);
	name[7] = '\0';
	*rest = word;
}

/* "2", "2026-Q": the start of a period, to offer "2026-Q4/". */
static bool
period_start(const char *s)
{
	static const char shape[] = "9999-Q9";
	size_t i;

	for (i = 0; s[i]; i++)
		if (i >= 7 || (shape[i] == '9' ? !(s[i] >= '0' && s[i] <= '9')
					       : s[i] != shape[i]))
			return false;
	return i > 0;
}

static bool
has_krs(const struct okr_objective *obj)
{
	size_t k;

	for (k = 0; k < obj->nkrs; k++)
		if (obj->krs[k].id)
			return true;
	return false;
}

/* Key-result and objective references: short forms first. */
static void
refs(struct comp *c, bool kr_only)
{
	struct okr_ref_form *forms = NULL;
	struct ids ids;
	char per[8], *pre;
	const char *rest, *hash;
	size_t nforms, i, k, nobjs = 0, *objs;
	const char *const *cids;

	if (!repo(c))
		return;
	word_period(per, &rest, c, c->cur);
	pre = okr_xprintf("%.*s", (int)(rest - c->cur), c->cur);
	if (rest == c->cur && period_start(c->cur))
		periods(c, "/", true);
	period_ids(&ids, c, per);
	cids = (const char *const *)ids.v;
	nforms = okr_ref_forms(&forms, cids, ids.n);
	objs = okr_xcalloc(ids.n + 1, sizeof(*objs));
	hash = strchr(rest, '#');
	for (i = 0; i < nforms; i++) {
		size_t flen = strlen(forms[i].form);

		if (hash ? ((size_t)(hash - rest) == flen &&
			    strncmp(rest, forms[i].form, flen) == 0)
			 : strncmp(forms[i].form, rest, strlen(rest)) == 0) {
			for (k = 0; k < nobjs && objs[k] != forms[i].obj; k++)
				;
			if (k == nobjs)
				objs[nobjs++] = forms[i].obj;
		}
	}
	c->directive |= DIR_KEEP_ORDER;
	for (i = 0; i < nforms; i++) {
		struct okr_objective *obj = NULL;
		bool match = hash ? strlen(forms[i].form) == (size_t)(hash - rest) &&
				    strncmp(rest, forms[i].form, (size_t)(hash - rest)) == 0
				  : strncmp(forms[i].form, rest, strlen(rest)) == 0;
		char *ref;

		if (!match)
			continue;
		if (nobjs <= FEW_OBJECTIVES)
			obj = load(c, per, cids[forms[i].obj]);
		if (obj && !has_krs(obj)) {	/* nothing to offer after '#' */
			okr_objective_free(obj);
			obj = NULL;
		}
		if (!kr_only || !obj) {
			ref = okr_xprintf("%s%s%s", pre, forms[i].form, kr_only ? "#" : "");
			add(c, ref, obj ? obj->title : NULL, kr_only);
			free(ref);
		}
		for (k = 0; obj && k < obj->nkrs; k++) {
			if (!obj->krs[k].id)
				continue;
			ref = okr_xprintf("%s%s#%s", pre, forms[i].form, obj->krs[k].id);
			add(c, ref, obj->krs[k].title, false);
			free(ref);
		}
		okr_objective_free(obj);
	}
	free(objs);
	free(pre);
	okr_ref_forms_free(forms, nforms);
	ids_free(&ids);
}

/* The objective a reference on the line names (and its key result, NULL
 * for none), read from its file; NULL when it names none. */
static struct okr_objective *
load_ref(struct comp *c, const char *ref, const struct okr_kr **kr)
{
	struct okr_ref_form *forms = NULL;
	struct okr_objective *obj = NULL;
	struct ids ids;
	char per[8];
	const char *rest, *hash;
	size_t nforms, i, len;

	*kr = NULL;
	if (!repo(c))
		return NULL;
	word_period(per, &rest, c, ref);
	hash = strchr(rest, '#');
	len = hash ? (size_t)(hash - rest) : strlen(rest);
	period_ids(&ids, c, per);
	nforms = okr_ref_forms(&forms, (const char *const *)ids.v, ids.n);
	for (i = 0; i < nforms && !obj; i++)
		if (strlen(forms[i].form) == len && strncmp(forms[i].form, rest, len) == 0)
			obj = load(c, per, ids.v[forms[i].obj]);
	for (i = 0; obj && hash && i < obj->nkrs; i++)
		if (obj->krs[i].id && strcmp(obj->krs[i].id, hash + 1) == 0)
			*kr = &obj->krs[i];
	okr_ref_forms_free(forms, nforms);
	ids_free(&ids);
	return obj;
}

/* --milestone: the numbers and titles of the reference's milestones. */
static void
milestones(struct comp *c, const struct line *l)
{
	const struct okr_kr *kr;
	struct okr_objective *obj = l->nops ? load_ref(c, l->ops[0], &kr) : NULL;
	const struct okr_milestone *m;
	size_t i, n;
	char num[24];

	if (!obj)
		return;
	m = kr ? kr->milestones : obj->milestones;
	n = kr ? kr->nmilestones : obj->nmilestones;
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%zu", i + 1);
		add(c, num, m[i].title, false);
	}
	for (i = 0; i < n; i++)
		if (m[i].title)
			add(c, m[i].title, m[i].done ? "done" : "not done", false);
	okr_objective_free(obj);
}

/* okr update's <value>: done or not-done where that is what it takes. */
static void
update_value(struct comp *c, const struct line *l)
{
	const struct okr_kr *kr = NULL;
	struct okr_objective *obj = NULL;

	if (!l->milestone && l->nops)
		obj = load_ref(c, l->ops[0], &kr);
	if (l->milestone || (kr && kr->kind == OKR_KR_BINARY)) {
		add(c, "done", NULL, false);
		add(c, "not-done", NULL, false);
	}
	okr_objective_free(obj);
}

/* okr new's <period>/<id>: a period, then the folders in it. */
static void
new_ids(struct comp *c)
{
	const char *slash = strrchr(c->cur, '/');
	struct dirent *e;
	char *dir, *at;
	DIR *d;

	if (!slash) {
		periods(c, "/", true);
		return;
	}
	if (!repo(c))
		return;
	at = okr_xstrndup(c->cur, (size_t)(slash - c->cur));
	dir = okr_xprintf("%s/%s", c->root, at);
	if ((d = opendir(dir))) {
		while ((e = readdir(d))) {
			char *full = okr_xprintf("%s/%s", dir, e->d_name);
			char *val = okr_xprintf("%s/%s/", at, e->d_name);

			if (e->d_name[0] != '.' && is_dir(full))
				add(c, val, NULL, true);
			free(full);
			free(val);
		}
		closedir(d);
	}
	free(dir);
	free(at);
}

/* --parent: every objective id of the new objective's period. */
static void
objective_ids(struct comp *c, const struct line *l)
{
	struct ids ids;
	char per[8];
	const char *rest;
	size_t i;

	if (!repo(c))
		return;
	word_period(per, &rest, c, l->nops ? l->ops[0] : "");
	period_ids(&ids, c, per);
	for (i = 0; i < ids.n; i++)
		add(c, ids.v[i], NULL, false);
	ids_free(&ids);
}

static void
owners(struct comp *c, bool teams)
{
	const struct okr_config *cfg;
	size_t i, k;

	if (!repo(c))
		return;
	cfg = c->cfg;
	for (i = 0; teams && i < cfg->nteams; i++)
		add(c, cfg->teams[i].key, cfg->teams[i].name, false);
	for (i = 0; i < cfg->nteams; i++) {
		if (cfg->teams[i].lead)
			add(c, cfg->teams[i].lead, cfg->teams[i].name, false);
		for (k = 0; k < cfg->teams[i].nmembers; k++)
			add(c, cfg->teams[i].members[k], cfg->teams[i].name, false);
	}
	for (i = 0; i < cfg->nambassadors; i++)
		add(c, cfg->ambassadors[i], "OKR ambassador", false);
}

/* Branches and tags (for --rev), or remotes. */
static void
git_names(struct comp *c, bool remotes)
{
	git_repository *r = NULL;
	git_strarray names = { 0 };
	size_t i;

	git_libgit2_init();
	if (git_repository_open_ext(&r, ".", 0, NULL) < 0)
		goto done;
	if (remotes) {
		if (git_remote_list(&names, r) == 0)
			for (i = 0; i < names.count; i++)
				add(c, names.strings[i], "remote", false);
	} else {
		git_reference_iterator *it = NULL;
		git_reference *ref;

		add(c, "HEAD", "the current commit", false);
		if (git_reference_iterator_new(&it, r) == 0) {
			while (git_reference_next(&ref, it) == 0) {
				if (git_reference_is_branch(ref) || git_reference_is_tag(ref))
					add(c, git_reference_shorthand(ref),
					    git_reference_is_tag(ref) ? "tag" : "branch", false);
				git_reference_free(ref);
			}
			git_reference_iterator_free(it);
		}
	}
done:
	git_strarray_dispose(&names);
	git_repository_free(r);
	git_libgit2_shutdown();
}

static void
value_of(struct comp *c, const struct okr_opt *o, const struct line *l)
{
	size_t i;

	c->directive |= DIR_NOFILE;
	switch (o->kind) {
	case OKR_ARG_CHOICE:
		for (i = 0; o->choices[i]; i++)
			add(c, o->choices[i], NULL, false);
		break;
	case OKR_ARG_DATE: {
		char day[16];

		add(c, okr_date_format(day, okr_date_today()), "today", false);
		break;
	}
	case OKR_ARG_PERIOD:
		periods(c, "", false);
		break;
	case OKR_ARG_KR_REF:
		refs(c, true);
		break;
	case OKR_ARG_REF:
		refs(c, false);
		break;
	case OKR_ARG_NEW_ID:
		new_ids(c);
		break;
	case OKR_ARG_OBJECTIVE_ID:
		objective_ids(c, l);
		break;
	case OKR_ARG_OWNER:
	case OKR_ARG_PERSON:
		owners(c, o->kind == OKR_ARG_OWNER);
		break;
	case OKR_ARG_REV:
	case OKR_ARG_REMOTE:
		git_names(c, o->kind == OKR_ARG_REMOTE);
		break;
	case OKR_ARG_FILE:
		c->directive &= ~DIR_NOFILE;	/* the shell's own file names */
		break;
	case OKR_ARG_MILESTONE:
		milestones(c, l);
		break;
	case OKR_ARG_TEXT:
		if (strcmp(l->cmd->name, "update") == 0 && strcmp(o->long_name, "value") == 0)
			update_value(c, l);
		break;
	default:
		break;
	}
}

/* Every flag of the command not given yet (or given and repeatable). */
static void
flags(struct comp *c, const struct okr_cmd *cmd, const struct line *l)
{
	const struct okr_opt *o;

	c->directive |= DIR_NOFILE;
	for (o = cmd->opts; o && o->long_name; o++) {
		char name[64];

		if (l->given[o - cmd->opts] && !(o->flags & OKR_OPT_MULTI))
			continue;
		snprintf(name, sizeof(name), "--%s", o->long_name);
		add(c, name, o->help, false);
		if (o->short_name) {
			snprintf(name, sizeof(name), "-%c", o->short_name);
			add(c, name, o->help, false);
		}
	}
	add(c, "--help", "print the synopsis and the options", false);
}

/* The option a word names (exact, alias or unique prefix), or NULL. */
static const struct okr_opt *
option_named(const struct okr_cmd *cmd, const char *word, size_t len)
{
	const struct okr_opt *o, *hit = NULL;
	size_t n = 0;

	for (o = cmd->opts; o && o->long_name; o++) {
		if ((strlen(o->long_name) == len && strncmp(o->long_name, word, len) == 0) ||
		    (o->alias && strlen(o->alias) == len && strncmp(o->alias, word, len) == 0))
			return o;
		if (strncmp(o->long_name, word, len) == 0) {
			hit = o;
			n++;
		}
	}
	return n == 1 ? hit : NULL;
}

static const struct okr_opt *
short_named(const struct okr_cmd *cmd, char ch)
{
	const struct okr_opt *o;

	for (o = cmd->opts; o && o->long_name; o++)
		if (o->short_name == ch)
			return o;
	return NULL;
}

static bool
negative_number(const char *w)
{
	return w[0] == '-' && ((w[1] >= '0' && w[1] <= '9') || w[1] == '.');
}

static void
note_given(struct line *l, const struct okr_opt *o)
{
	size_t i = (size_t)(o - l->cmd->opts);

	if (i < sizeof(l->given) / sizeof(l->given[0]))
		l->given[i] = true;
}

static void
note_value(struct comp *c, struct line *l, const struct okr_opt *o, const char *v)
{
	okr_date d;

	if (o->kind == OKR_ARG_DATE && okr_date_parse(&d, v) == 0)
		c->date = d;
	if (strcmp(o->long_name, "milestone") == 0)
		l->milestone = v;
}

/* Complete words[n - 1] of a command whose words are words[0..n-1]. */
static void
command_words(struct comp *c, const struct okr_cmd *cmd, char **words, int n)
{
	const struct okr_opt *pending = NULL, *o;
	struct line l = { .cmd = cmd };
	const char *cur = words[n - 1], *eq;
	bool dashdash = false;
	size_t nt = 0;
	int i;

	for (i = 0; i < n - 1; i++) {
		const char *w = words[i];

		if (pending) {
			if (strcmp(w, "=") == 0)	/* bash splits --date=x at '=' */
				continue;
			note_value(c, &l, pending, w);
			pending = NULL;
		} else if (dashdash || w[0] != '-' || !w[1] || negative_number(w)) {
			if (l.nops < sizeof(l.ops) / sizeof(l.ops[0]))
				l.ops[l.nops++] = w;
		} else if (strcmp(w, "--") == 0) {
			dashdash = true;
		} else if (w[1] == '-') {
			eq = strchr(w, '=');
			o = option_named(cmd, w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
			if (o)
				note_given(&l, o);
			if (o && o->kind != OKR_ARG_NONE && eq)
				note_value(c, &l, o, eq + 1);
			else if (o && o->kind != OKR_ARG_NONE)
				pending = o;
		} else {
			const char *p;

			for (p = w + 1; *p && (o = short_named(cmd, *p)); p++) {
				note_given(&l, o);
				if (o->kind == OKR_ARG_NONE)
					continue;
				if (p[1])
					note_value(c, &l, o, p + 1);
				else
					pending = o;
				break;
			}
		}
	}
	if (pending && strcmp(cur, "=") == 0)
		cur = "";
	c->cur = cur;
	if (pending) {
		value_of(c, pending, &l);
		return;
	}
	if (!dashdash && strncmp(cur, "--", 2) == 0 && (eq = strchr(cur, '='))) {
		static char prefix[80];

		o = option_named(cmd, cur + 2, (size_t)(eq - cur - 2));
		if (!o || o->kind == OKR_ARG_NONE)
			return;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)(eq - cur + 1), cur);
		c->prefix = prefix;
		c->cur = eq + 1;
		value_of(c, o, &l);
		return;
	}
	if (!dashdash && cur[0] == '-' && !negative_number(cur)) {
		flags(c, cmd, &l);
		return;
	}
	while (cmd->operands && cmd->operands[nt].long_name)
		nt++;
	if (l.nops < nt)
		value_of(c, &cmd->operands[l.nops], &l);
	else if (nt && (cmd->operands[nt - 1].flags & OKR_OPT_MULTI))
		value_of(c, &cmd->operands[nt - 1], &l);
	else
		c->directive |= DIR_NOFILE;
}

static void
commands(struct comp *c, bool topics)
{
	size_t i;

	for (i = 0; okr_commands[i]; i++)
		if (!(okr_commands[i]->flags & OKR_CMD_HIDDEN))
			add(c, okr_commands[i]->name, okr_commands[i]->summary, false);
	if (topics)
		add(c, "yaml", "the file formats (okr-yaml(5))", false);
	else
		add(c, "help", "show the manual of a command", false);
	c->directive |= DIR_NOFILE;
}

static int
cmd_complete(struct okr_ctx *ctx, int argc, char **argv)
{
	struct comp c = { .prefix = "", .cur = "", .date = okr_date_today() };
	const struct okr_cmd *cmd;
	int i = 0;

	if (argc == 0) {
		commands(&c, false);
		goto done;
	}
	/* okr's own options before the command */
	while (i < argc - 1 && argv[i][0] == '-') {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc - 1) {
			if (chdir(argv[i + 1]) < 0)
				goto done;
			i += 2;
		} else if (strcmp(argv[i], "-C") == 0) {
			c.directive |= DIR_DIRS;
			goto done;
		} else {
			i++;
		}
	}
	c.cur = argv[argc - 1];
	if (i == argc - 1) {
		if (c.cur[0] == '-') {
			add(&c, "-C", "run as if okr was started in this folder", false);
			add(&c, "--help", "list the commands", false);
			add(&c, "--version", "print okr's version", false);
			c.directive |= DIR_NOFILE;
		} else {
			commands(&c, false);
		}
		goto done;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 2 == argc)
			commands(&c, true);
		c.directive |= DIR_NOFILE;
		goto done;
	}
	cmd = okr_command_find(argv[i]);
	if (!cmd || (cmd->flags & OKR_CMD_HIDDEN)) {
		c.directive |= DIR_NOFILE;
		goto done;
	}
	command_words(&c, cmd, argv + i + 1, argc - i - 1);
done:
	print_all(&c);
	okr_config_free(c.cfg);
	free(c.root);
	return OKR_EXIT_OK;
}

static const struct okr_opt operands[] = {
	{ .long_name = "word", .kind = OKR_ARG_WORDS,
	  .help = "the words of the command line after okr, the last one being completed",
	  .flags = OKR_OPT_OPTIONAL | OKR_OPT_MULTI },
	{ 0 },
};

const struct okr_cmd okr_cmd_complete = {
	.name = "__complete",
	.summary = "the candidates for a shell's completion",
	.operands = operands,
	.flags = OKR_CMD_HIDDEN | OKR_CMD_RAW_ARGS,
	.exec = cmd_complete,
};
