/*
 * options.c: the dispatcher's side of each command's option table: the
 * parser (long and short options, --name=value, unique prefixes of long
 * names, "--", options after operands, negative numbers as operands), the
 * checks every command shares (operand counts, dates, choices), and the
 * synopsis and -h text printed from the same table.
 */
#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "safetext.h"

static size_t
count(const struct okr_opt *t)
{
	size_t n = 0;

	while (t && t[n].long_name)
		n++;
	return n;
}

const struct okr_opt *
okr_cmd_find_opt(const struct okr_cmd *cmd, const char *name)
{
	size_t i;

	for (i = 0; cmd->opts && cmd->opts[i].long_name; i++)
		if (strcmp(cmd->opts[i].long_name, name) == 0)
			return &cmd->opts[i];
	return NULL;
}

static const struct okr_optval *
value_of(const struct okr_ctx *ctx, const char *name)
{
	const struct okr_opt *o = okr_cmd_find_opt(ctx->cmd, name);

	assert(o && "an option the command's table does not have");
	return &ctx->optv[o - ctx->cmd->opts];
}

const char *
okr_opt_str(const struct okr_ctx *ctx, const char *name)
{
	const struct okr_optval *v = value_of(ctx, name);

	return v->n ? v->v[v->n - 1] : NULL;
}

bool
okr_opt_isset(const struct okr_ctx *ctx, const char *name)
{
	return value_of(ctx, name)->n > 0;
}

size_t
okr_opt_list(const char *const **out, const struct okr_ctx *ctx, const char *name)
{
	const struct okr_optval *v = value_of(ctx, name);

	*out = v->v;
	return v->n;
}

okr_date
okr_opt_date(const struct okr_ctx *ctx, const char *name)
{
	const char *s = okr_opt_str(ctx, name);
	okr_date d = 0;
	int rc;

	assert(okr_cmd_find_opt(ctx->cmd, name)->kind == OKR_ARG_DATE);
	if (!s)
		return okr_date_today();
	rc = okr_date_parse(&d, s);
	assert(rc == 0 && "a date the dispatcher did not check");
	(void)rc;
	return d;
}

/* "-3", "-.5": a value, never an option (no okr option is a digit). */
static bool
is_negative_number(const char *a)
{
	return a[0] == '-' && (isdigit((unsigned char)a[1]) ||
			       (a[1] == '.' && isdigit((unsigned char)a[2])));
}

static void
add_value(struct okr_ctx *ctx, const struct okr_opt *o, const char *val)
{
	struct okr_optval *v = &ctx->optv[o - ctx->cmd->opts];

	v->v = okr_xrealloc(v->v, (v->n + 1) * sizeof(*v->v));
	v->v[v->n++] = val;
}

static int misuse(const struct okr_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An error, then the usage line: what getopt's complaints were. */
static int
misuse(const struct okr_cmd *cmd, const char *fmt, ...)
{
	struct okr_buf msg = OKR_BUF_INIT, out = OKR_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	okr_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	okr_safetext_put(&out, msg.ptr, msg.len, OKR_SAFETEXT_LINES);
	fprintf(stderr, "okr: error: %s\n", out.ptr);
	okr_buf_free(&msg);
	okr_buf_free(&out);
	return okr_usage(cmd);
}

/* The long option named by name[0..len): an exact name or alias, else the
 * one option it is a unique prefix of, as getopt_long allows. */
static int
find_long(const struct okr_opt **out, const struct okr_cmd *cmd, const char *name,
	  size_t len)
{
	const struct okr_opt *t = cmd->opts, *hit = NULL;
	struct okr_buf all = OKR_BUF_INIT;
	char *word = okr_xstrndup(name, len);
	size_t i, nhits = 0;
	int rc = 0;

	*out = NULL;
	for (i = 0; t && t[i].long_name; i++) {
		if (strcmp(t[i].long_name, word) == 0 ||
		    (t[i].alias && strcmp(t[i].alias, word) == 0)) {
			*out = &t[i];
			goto done;
		}
	}
	for (i = 0; t && t[i].long_name; i++) {
		if (strncmp(t[i].long_name, word, len) == 0 ||
		    (t[i].alias && strncmp(t[i].alias, word, len) == 0)) {
			okr_buf_printf(&all, "%s--%s", nhits ? ", " : "", t[i].long_name);
			nhits++;
			hit = &t[i];
		}
	}
	if (nhits == 1) {
		*out = hit;
	} else if (nhits > 1) {
		rc = misuse(cmd, "option '--%s' is ambiguous (%s)", word, all.ptr);
	} else {
		rc = misuse(cmd, "unknown option '--%s'", word);
	}
done:
	okr_buf_free(&all);
	free(word);
	return rc;
}

static int
parse_long(struct okr_ctx *ctx, const char *arg, int *i, int argc, char **argv)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct okr_opt *o;
	int rc;

	if (!eq && strcmp(name, "help") == 0)
		return 1;
	if ((rc = find_long(&o, ctx->cmd, name, len)) != 0)
		return rc;
	if (o->kind == OKR_ARG_NONE) {
		if (eq)
			return misuse(ctx->cmd, "option '--%s' takes no value", o->long_name);
		add_value(ctx, o, "");
	} else if (eq) {
		add_value(ctx, o, eq + 1);
	} else if (*i + 1 < argc) {
		add_value(ctx, o, argv[++*i]);
	} else {
		return misuse(ctx->cmd, "option '--%s' needs a value", o->long_name);
	}
	return 0;
}

/* -x, -xVALUE, -x VALUE, and switches bundled: -ab. */
static int
parse_short(struct okr_ctx *ctx, const char *arg, int *i, int argc, char **argv)
{
	const char *p;
	size_t k;

	for (p = arg + 1; *p; p++) {
		const struct okr_opt *t = ctx->cmd->opts, *o = NULL;
		char name[3] = { '-', *p, '\0' };

		if (*p == 'h')
			return 1;
		for (k = 0; t && t[k].long_name && !o; k++)
			if (t[k].short_name == *p)
				o = &t[k];
		if (!o)
			return misuse(ctx->cmd, "unknown option '%s'", name);
		if (o->kind == OKR_ARG_NONE) {
			add_value(ctx, o, "");
			continue;
		}
		if (p[1])
			add_value(ctx, o, p + 1);
		else if (*i + 1 < argc)
			add_value(ctx, o, argv[++*i]);
		else
			return misuse(ctx->cmd, "option '%s' needs a value", name);
		break;
	}
	return 0;
}

/* "a, b or c" */
static void
join_choices(struct okr_buf *b, const char *const *c, const char *sep, const char *last)
{
	size_t i, n = 0;

	while (c[n])
		n++;
	for (i = 0; i < n; i++) {
		if (i)
			okr_buf_puts(b, i + 1 == n ? last : sep);
		okr_buf_puts(b, c[i]);
	}
}

/* A value the table says something about: a real date, one of the
 * choices. Errors name the option (or the operand's noun). */
static int
check_value(const struct okr_cmd *cmd, const struct okr_opt *o, bool operand,
	    const char *val)
{
	struct okr_buf b = OKR_BUF_INIT;
	const char *bad;
	okr_date d;
	size_t i;

	/* Text reaches files, commits and terminals: refuse what is not UTF-8
	 * here, once for every command, rather than write it escaped. Paths
	 * are bytes and stay untouched. */
	if (o->kind != OKR_ARG_FILE && o->kind != OKR_ARG_WORDS &&
	    (bad = okr_utf8_invalid(val))) {
		okr_error("%s%s%s is not valid UTF-8 text (byte 0x%02X at position %zu); "
			  "nothing was changed", operand ? "<" : "--", o->long_name,
			  operand ? ">" : "", (unsigned char)*bad, (size_t)(bad - val) + 1);
		return OKR_EXIT_USAGE;
	}
	if (o->kind == OKR_ARG_DATE && okr_date_parse(&d, val) < 0) {
		okr_error("invalid date for %s%s: '%s' (expected YYYY-MM-DD)",
			  operand ? "" : "--", o->long_name, val);
		return OKR_EXIT_USAGE;
	}
	if (o->kind != OKR_ARG_CHOICE)
		return 0;
	for (i = 0; o->choices[i]; i++)
		if (strcmp(o->choices[i], val) == 0)
			return 0;
	join_choices(&b, o->choices, ", ", " or ");
	okr_error("unknown %s '%s' (%s)", o->long_name, val, b.ptr);
	okr_buf_free(&b);
	return okr_usage(cmd);
}

static int
check_operands(const struct okr_cmd *cmd, int n, char **v)
{
	const struct okr_opt *t = cmd->operands;
	size_t nt = count(t), i;
	int min = 0, rc;
	bool unlimited = nt && (t[nt - 1].flags & OKR_OPT_MULTI);

	for (i = 0; i < nt; i++)
		if (!(t[i].flags & OKR_OPT_OPTIONAL))
			min++;
	if (!unlimited && (size_t)n > nt)
		return misuse(cmd, "unexpected argument '%s'", v[nt]);
	if (n < min)
		return okr_usage(cmd);
	for (i = 0; i < (size_t)n; i++)
		if ((rc = check_value(cmd, &t[i < nt ? i : nt - 1], true, v[i])) != 0)
			return rc;
	return 0;
}

int
okr_opts_parse(struct okr_ctx *ctx, int *argcp, char ***argvp, int argc, char **argv)
{
	const struct okr_cmd *cmd = ctx->cmd;
	size_t nopts = count(cmd->opts), k, j;
	char **ops = okr_xcalloc((size_t)argc + 1, sizeof(*ops));
	int i, n = 0, rc = 0;
	bool dashdash = false;

	ctx->optv = okr_xcalloc(nopts + 1, sizeof(*ctx->optv));
	for (i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0' || is_negative_number(a))
			ops[n++] = argv[i];
		else if (strcmp(a, "--") == 0)
			dashdash = true;
		else if (a[1] == '-')
			rc = parse_long(ctx, a, &i, argc, argv);
		else
			rc = parse_short(ctx, a, &i, argc, argv);
	}
	if (rc == 0)
		rc = check_operands(cmd, n, ops);
	for (k = 0; k < nopts && rc == 0; k++)
		for (j = 0; j < ctx->optv[k].n && rc == 0; j++)
			rc = check_value(cmd, &cmd->opts[k], false, ctx->optv[k].v[j]);
	if (rc != 0) {
		free(ops);
		return rc;
	}
	*argcp = n;
	*argvp = ops;
	return 0;
}

void
okr_opts_free(struct okr_ctx *ctx)
{
	size_t k, n = ctx->cmd ? count(ctx->cmd->opts) : 0;

	if (!ctx->optv)
		return;
	for (k = 0; k < n; k++)
		free(ctx->optv[k].v);
	free(ctx->optv);
	ctx->optv = NULL;
}

/* The placeholder of a value: "<date>", or "markdown|json". */
static void
put_arg(struct okr_buf *b, const struct okr_opt *o, bool operand)
{
	if (o->arg)
		okr_buf_puts(b, o->arg);
	else if (o->kind == OKR_ARG_CHOICE)
		join_choices(b, o->choices, "|", "|");
	else if (operand || o->kind != OKR_ARG_NONE)
		okr_buf_printf(b, "<%s>", o->long_name);
}

static void
put_names(struct okr_buf *b, const struct okr_opt *o, const char *between)
{
	if (o->short_name)
		okr_buf_printf(b, "-%c%s", o->short_name, between);
	okr_buf_printf(b, "--%s", o->long_name);
	if (o->kind != OKR_ARG_NONE) {
		okr_buf_putc(b, ' ');
		put_arg(b, o, false);
	}
}

void
okr_cmd_synopsis(struct okr_buf *out, const struct okr_cmd *cmd)
{
	const struct okr_opt *t;
	bool sep = false;

	okr_buf_puts(out, "");
	for (t = cmd->operands; t && t->long_name; t++, sep = true) {
		bool opt = t->flags & OKR_OPT_OPTIONAL;

		okr_buf_puts(out, sep ? (opt ? " [" : " ") : (opt ? "[" : ""));
		put_arg(out, t, true);
		okr_buf_puts(out, t->flags & OKR_OPT_MULTI ? "..." : "");
		okr_buf_puts(out, opt ? "]" : "");
	}
	for (t = cmd->opts; t && t->long_name; t++, sep = true) {
		okr_buf_puts(out, sep ? " [" : "[");
		put_names(out, t, "|");
		okr_buf_puts(out, t->flags & OKR_OPT_MULTI ? "]..." : "]");
	}
}

void
okr_cmd_help(struct okr_buf *out, const struct okr_cmd *cmd)
{
	const struct okr_opt *t;
	struct okr_buf names = OKR_BUF_INIT;

	okr_buf_printf(out, "usage: okr %s ", cmd->name);
	okr_cmd_synopsis(out, cmd);
	okr_buf_putc(out, '\n');
	if (cmd->opts && cmd->opts->long_name)
		okr_buf_putc(out, '\n');
	for (t = cmd->opts; t && t->long_name; t++) {
		okr_buf_clear(&names);
		okr_buf_puts(&names, t->short_name ? "" : "    ");
		put_names(&names, t, ", ");
		if (names.len > 26)
			okr_buf_printf(out, "    %s\n%*s%s\n", names.ptr, 32, "", t->help);
		else
			okr_buf_printf(out, "    %-26s  %s\n", names.ptr, t->help);
	}
	okr_buf_free(&names);
}
