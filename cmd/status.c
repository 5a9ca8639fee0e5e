/*
 * status.c: okr status, the current period at a glance for a person at a
 * terminal: how each objective is doing against the pace, what is stale or
 * overdue (theirs first), when the next OKR meeting is and whom to ask.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "cadence.h"
#include "cmd.h"
#include "diag.h"
#include "error.h"
#include "git.h"
#include "model.h"
#include "number.h"
#include "ref.h"
#include "render.h"
#include "safetext.h"
#include "score.h"
#include "tree.h"
#include "snapshot.h"

#define RESET "\033[0m"
#define BOLD "\033[1m"

static const char *const weekdays[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

struct out {
	struct okr_buf b;
	bool color;
};

static void
colored(struct out *o, const char *color, const char *text)
{
	if (o->color)
		okr_buf_printf(&o->b, "%s%s%s", color, text, RESET);
	else
		okr_buf_puts(&o->b, text);
}

static void
pad(struct out *o, size_t used, size_t to)
{
	while (used++ < to)
		okr_buf_putc(&o->b, ' ');
}

static const char *
status_color(enum okr_status s)
{
	switch (s) {
	case OKR_STATUS_DONE:
		return "\033[1;36m";
	case OKR_STATUS_ON_TRACK:
		return "\033[32m";
	case OKR_STATUS_AT_RISK:
		return "\033[33m";
	case OKR_STATUS_OFF_TRACK:
		return "\033[31m";
	}
	return "";
}

/*
 * Your email, as git would sign your commits: the repository's identity
 * when the OKR root is in one, else $GIT_AUTHOR_EMAIL, the global
 * user.email or $EMAIL. NULL when none is known: status then does without
 * "yours".
 */
static char *
identity_email(const char *root)
{
	git_signature *author = NULL, *committer = NULL;
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	struct okr_git *g = NULL;
	const char *env;
	char *email = NULL;

	if (okr_git_open(&g, root) == 0) {
		if (okr_git_signatures(&author, &committer, g) == 0 && author->email[0])
			email = okr_xstrdup(author->email);
		git_signature_free(author);
		git_signature_free(committer);
		okr_git_free(g);
		return email;
	}
	if ((env = getenv("GIT_AUTHOR_EMAIL")) && *env)
		return okr_xstrdup(env);
	git_libgit2_init();
	if (git_config_open_default(&cfg) == 0 &&
	    git_config_get_string_buf(&buf, cfg, "user.email") == 0 && buf.size)
		email = okr_xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	git_config_free(cfg);
	git_libgit2_shutdown();
	if (!email && (env = getenv("EMAIL")) && *env)
		email = okr_xstrdup(env);
	return email;
}

static void
header(struct out *o, const struct okr_config *cfg, const struct okr_period *per,
       okr_date as_of)
{
	char a[16], b[16];
	okr_date closed;

	if (o->color)
		okr_buf_puts(&o->b, BOLD);
	okr_safetext_puts(&o->b, cfg->organisation ? cfg->organisation
						   : "(no organisation)", 0);
	okr_buf_printf(&o->b, ": %s (%s to %s)",
		       per->name, okr_date_format(a, per->start),
		       okr_date_format(b, per->end));
	if (o->color)
		okr_buf_puts(&o->b, RESET);
	okr_buf_printf(&o->b, ", day %d of %d, expected progress %d%%\n",
		       as_of - per->start + 1, per->end - per->start + 1,
		       okr_percent(okr_period_elapsed(per, as_of)));
	if (okr_config_closed(cfg, per->name, &closed))
		okr_buf_printf(&o->b, "Closed on %s: final scores and grades, nothing to "
			       "chase\n", okr_date_format(a, closed));
}

static int
level_cmp(const void *a, const void *b)
{
	const struct okr_objective *x = *(const struct okr_objective *const *)a;
	const struct okr_objective *y = *(const struct okr_objective *const *)b;

	if (x->level != y->level)
		return (int)x->level - (int)y->level;
	return strcmp(x->path, y->path);
}

static const char *
grade_color(enum okr_grade g)
{
	switch (g) {
	case OKR_GRADE_ACHIEVED:
		return "\033[32m";
	case OKR_GRADE_PARTIAL:
		return "\033[33m";
	case OKR_GRADE_MISSED:
		return "\033[31m";
	}
	return "";
}

/* An objective's score and standing at as_of: dropped (out of scoring,
 * SPEC section 4); in a closed period its final score and grade, never a
 * pace (section 8); else its score and pace status. */
static double
standing(const char **name, const char **color, const struct okr_objective *obj,
	 const struct okr_config *cfg, double expected, okr_date as_of)
{
	enum okr_status st;
	double score;

	if (okr_objective_dropped(obj, as_of)) {
		*name = "dropped";
		*color = "\033[2m";
		return okr_objective_score(obj);
	}
	if (okr_config_closed(cfg, obj->period, NULL)) {
		enum okr_grade g;

		score = okr_objective_final_score(obj);
		g = okr_grade_of(score, obj->committed, cfg);
		*name = okr_grade_name(g);
		*color = grade_color(g);
		return score;
	}
	score = okr_objective_score(obj);
	st = okr_status_of(score, expected, obj->committed, cfg);
	*name = okr_status_name(st);
	*color = status_color(st);
	return score;
}

static void
objectives(struct out *o, const struct okr_tree *tree, const struct okr_period *per,
	   double expected, okr_date as_of)
{
	const struct okr_objective **v = NULL;
	size_t i, n = 0, idw = 0;

	v = okr_xcalloc(tree->nobjs + 1, sizeof(*v));
	for (i = 0; i < tree->nobjs; i++)
		if (strcmp(tree->objs[i]->period, per->name) == 0)
			v[n++] = tree->objs[i];
	okr_buf_puts(&o->b, "\nObjectives:\n");
	if (!n)
		okr_buf_printf(&o->b, "  none in %s yet; see 'okr new'\n", per->name);
	qsort(v, n, sizeof(*v), level_cmp);
	for (i = 0; i < n; i++)
		if (okr_utf8_width(v[i]->id) > idw)
			idw = okr_utf8_width(v[i]->id);
	for (i = 0; i < n; i++) {
		const char *name, *color;
		double score = standing(&name, &color, v[i], tree->config, expected, as_of);

		okr_buf_puts(&o->b, "  ");
		okr_score_put(&o->b, score);
		okr_buf_puts(&o->b, "  ");
		colored(o, color, name);
		pad(o, okr_utf8_width(name), 11);
		okr_buf_printf(&o->b, "%-10s ", okr_level_name(v[i]->level));
		okr_safetext_puts(&o->b, v[i]->id, 0);	/* from a file name */
		pad(o, okr_utf8_width(v[i]->id), idw + 2);
		okr_safetext_puts(&o->b, v[i]->title, 0);
		okr_buf_putc(&o->b, '\n');
	}
	free(v);
}

static char *
attention_ref(const struct okr_attention *a)
{
	struct okr_buf b = OKR_BUF_INIT;

	/* the short form: the header names the period */
	okr_buf_puts(&b, a->obj->id);
	if (a->kr)
		okr_buf_printf(&b, "#%s", a->kr->id);
	return okr_buf_detach(&b);
}

static char *
attention_detail(const struct okr_attention *a, okr_date as_of)
{
	char d[16];

	okr_date_format(d, a->date);
	if (a->kind == OKR_ATTENTION_STALE && a->never)
		return okr_xprintf("no check-in since the period began %s, %d days ago",
				   d, as_of - a->date);
	if (a->kind == OKR_ATTENTION_STALE)
		return okr_xprintf("last check-in %s, %d days ago", d, as_of - a->date);
	if (a->ms)
		return okr_xprintf("milestone '%s' due %s, %d days ago", a->ms->title, d,
				   as_of - a->date);
	return okr_xprintf("due %s, %d days ago", d, as_of - a->date);
}

static void
attention_lines(struct out *o, const struct okr_config *cfg,
		const struct okr_attention *v, size_t n, const bool *mine, bool want,
		okr_date as_of)
{
	size_t i, refw = 0, ownw = 0;

	for (i = 0; i < n; i++) {
		char *ref, *own;

		if (mine[i] != want)
			continue;
		ref = attention_ref(&v[i]);
		own = okr_owner_display(cfg, v[i].owner);
		if (okr_utf8_width(ref) > refw)
			refw = okr_utf8_width(ref);
		if (okr_utf8_width(own) > ownw)
			ownw = okr_utf8_width(own);
		free(ref);
		free(own);
	}
	for (i = 0; i < n; i++) {
		bool stale = v[i].kind == OKR_ATTENTION_STALE;
		char *ref, *own, *detail;

		if (mine[i] != want)
			continue;
		ref = attention_ref(&v[i]);
		own = okr_owner_display(cfg, v[i].owner);
		detail = attention_detail(&v[i], as_of);
		okr_buf_puts(&o->b, "  ");
		colored(o, stale ? "\033[33m" : "\033[31m", stale ? "stale" : "overdue");
		pad(o, stale ? 5 : 7, 9);
		okr_safetext_puts(&o->b, ref, 0);
		pad(o, okr_utf8_width(ref), refw + 2);
		okr_safetext_puts(&o->b, own, 0);
		pad(o, okr_utf8_width(own), ownw + 2);
		okr_safetext_puts(&o->b, detail, 0);
		okr_buf_putc(&o->b, '\n');
		free(ref);
		free(own);
		free(detail);
	}
}

static void
attention(struct out *o, const struct okr_tree *tree, const struct okr_period *per,
	  okr_date as_of, const struct okr_lastseen *seen, const char *who)
{
	struct okr_attention *v = NULL;
	bool *mine;
	size_t i, nmine = 0, n = 0;

	okr_attention_collect(&v, &n, tree, per, as_of, seen);
	mine = okr_xcalloc(n + 1, sizeof(*mine));
	for (i = 0; i < n; i++) {
		mine[i] = who && okr_owner_matches(tree->config, v[i].owner, who, true);
		nmine += mine[i];
	}
	if (who) {
		okr_buf_puts(&o->b, "\nNeeds attention (yours: ");
		okr_safetext_puts(&o->b, who, 0);
		okr_buf_printf(&o->b, "):%s\n", nmine ? "" : " nothing");
		attention_lines(o, tree->config, v, n, mine, true, as_of);
		okr_buf_printf(&o->b, "\nNeeds attention (others):%s\n",
			       n - nmine ? "" : " nothing");
	} else {
		okr_buf_printf(&o->b, "\nNeeds attention:%s\n", n ? "" : " nothing");
	}
	attention_lines(o, tree->config, v, n, mine, false, as_of);
	free(mine);
	free(v);
}

static void
footer(struct out *o, const struct okr_config *cfg, okr_date from, int minute)
{
	okr_date day = okr_meeting_next(cfg, from, minute);
	char d[16];
	size_t i;

	okr_buf_printf(&o->b, "\nNext OKR meeting: %s %s %02d:%02d (%d min)\n",
		       weekdays[okr_date_weekday(day)], okr_date_format(d, day),
		       cfg->meeting_minute / 60, cfg->meeting_minute % 60,
		       cfg->meeting_length);
	okr_buf_puts(&o->b, "Ambassadors: ");
	if (!cfg->nambassadors)
		okr_buf_puts(&o->b, "none yet (add 'ambassadors' to okr.yaml)");
	for (i = 0; i < cfg->nambassadors; i++) {
		okr_buf_puts(&o->b, i ? ", " : "");
		okr_safetext_puts(&o->b, cfg->ambassadors[i], 0);
	}
	okr_buf_putc(&o->b, '\n');
}

static int
cmd_status(struct okr_ctx *ctx, int argc, char **argv)
{
	const char *owner = okr_opt_str(ctx, "owner");
	bool as_of_given = okr_opt_isset(ctx, "as-of");
	struct okr_view view;
	const struct okr_tree *tree;
	struct out o = { OKR_BUF_INIT, ctx->color_out };
	struct okr_period per;
	char *email = NULL;
	okr_date as_of = okr_opt_date(ctx, "as-of");
	int minute = -1, rc = OKR_EXIT_USAGE;

	if (!as_of_given)
		minute = okr_minute_now();

	/* with --as-of, committed history by the as-of rule (SPEC section 8) */
	if (okr_view_open(&view, ctx->root, ctx->prefix,
			  OKR_VIEW_STALENESS | (as_of_given ? OKR_VIEW_HISTORY : 0), as_of) < 0)
		goto failed;
	okr_period_of(&per, as_of, view.config->fiscal_year_start);
	if (okr_view_read(&view, &per) < 0)
		goto failed;
	tree = view.tree;
	if (view.nerrors)
		okr_warning("the repository has %zu error%s; see 'okr check'",
			    view.nerrors, view.nerrors == 1 ? "" : "s");
	if (!owner)
		owner = email = identity_email(ctx->root);

	header(&o, tree->config, &per, as_of);
	objectives(&o, tree, &per, okr_period_elapsed(&per, as_of), as_of);
	attention(&o, tree, &per, as_of, &view.seen, owner);
	footer(&o, tree->config, as_of, minute);
	fwrite(o.b.ptr, 1, o.b.len, stdout);
	rc = OKR_EXIT_OK;
done:
	free(email);
	okr_buf_free(&o.b);
	okr_view_close(&view);
	return rc;
failed:
	rc = okr_error("%s", okr_error_last());
	goto done;
}

static const struct okr_opt options[] = {
	OKR_OPT(0, "owner", OKR_ARG_OWNER, "<owner>",
	  "put this person's or team's items first (default: you)"),
	OKR_OPT(0, "as-of", OKR_ARG_DATE, "<date>", "the period as it stood that day"),
	{ 0 },
};

const struct okr_cmd okr_cmd_status = {
	.name = "status",
	.summary = "show the current period at a glance",
	.opts = options,
	.flags = OKR_CMD_NEEDS_REPO,
	.exec = cmd_status,
};
