/*
 * main.c: okr's entry point. Global options, the command table and the
 * dispatcher that does the work every command shares (as git's
 * run_builtin() does): finding the repository, -h, the exit status and a
 * final check that stdout was really written.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "safetext.h"
#include "git.h"
#include "model.h"
#include "okr-config.h"
#include "tree.h"

/* Sorted by name; okr --help lists them in this order. */
const struct okr_cmd *const okr_commands[] = {
	&okr_cmd_complete,
	&okr_cmd_agenda,
	&okr_cmd_carry,
	&okr_cmd_check,
	&okr_cmd_close,
	&okr_cmd_completion,
	&okr_cmd_init,
	&okr_cmd_list,
	&okr_cmd_log,
	&okr_cmd_mv,
	&okr_cmd_new,
	&okr_cmd_report,
	&okr_cmd_status,
	&okr_cmd_sync,
	&okr_cmd_update,
	NULL,
};

static void vsay(FILE *f, const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Messages name files and quote what the user typed: through the one
 * filter, keeping the line breaks and tabs of okr's own hints. */
static void
vsay(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	struct okr_buf msg = OKR_BUF_INIT, out = OKR_BUF_INIT;

	okr_buf_puts(&msg, prefix);
	okr_buf_vprintf(&msg, fmt, ap);
	okr_safetext_put(&out, msg.ptr, msg.len, OKR_SAFETEXT_LINES);
	fputs(out.ptr, f);
	okr_buf_free(&msg);
	okr_buf_free(&out);
}

void
okr_say(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(f, "", fmt, ap);
	va_end(ap);
}

static void vreport(const char *what, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void
vreport(const char *what, const char *fmt, va_list ap)
{
	char *prefix = okr_xprintf("okr: %s: ", what);

	vsay(stderr, prefix, fmt, ap);
	fputc('\n', stderr);
	free(prefix);
}

int
okr_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	return OKR_EXIT_USAGE;
}

void
okr_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning", fmt, ap);
	va_end(ap);
}

int
okr_usage(const struct okr_cmd *cmd)
{
	struct okr_buf b = OKR_BUF_INIT;

	okr_cmd_synopsis(&b, cmd);
	fprintf(stderr, "usage: okr %s %s\n", cmd->name, b.ptr);
	okr_buf_free(&b);
	return OKR_EXIT_USAGE;
}

int
okr_parse_date_arg(okr_date *out, const char *s, const char *flag)
{
	if (!s) {
		*out = okr_date_today();
		return 0;
	}
	if (okr_date_parse(out, s) < 0) {
		okr_error("invalid date for %s: '%s' (expected YYYY-MM-DD)", flag, s);
		return -1;
	}
	return 0;
}

/* GIT_AUTHOR_DATE's calendar day in its own time zone: ISO 8601 carries it
 * as written ("2026-11-20T23:30:00-05:00" is the 20th); git's raw
 * "@<seconds> <+hhmm>" is counted out. -1 when it is neither. */
static int
author_day(okr_date *out, const char *s)
{
	char day[11];
	long long secs;
	int hh, mm, n = 0;
	char sign;

	if (s[0] == '@') {
		if (sscanf(s, "@%lld %c%2d%2d%n", &secs, &sign, &hh, &mm, &n) != 4 ||
		    s[n] || (sign != '+' && sign != '-'))
			return -1;
		secs += (sign == '-' ? -1 : 1) * (hh * 3600LL + mm * 60LL);
		*out = (okr_date)((secs - (secs < 0 ? 86399 : 0)) / 86400);
		return 0;
	}
	if (strlen(s) < 10 || (s[10] && !strchr("Tt ", s[10])))
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	return okr_date_parse(out, day);
}

okr_date
okr_change_date(const struct okr_ctx *ctx, const char *opt)
{
	const char *env = getenv("GIT_AUTHOR_DATE");
	okr_date d;

	if (okr_opt_isset(ctx, opt))
		return okr_opt_date(ctx, opt);
	if (env && *env && author_day(&d, env) == 0)
		return d;
	return okr_date_today();
}

static void
print_help(FILE *f)
{
	size_t i;

	fputs("usage: okr [-C <path>] <command> [<args>]\n"
	      "       okr --version | --help | help <command>\n\n"
	      "OKRs as YAML files in a git repository.\n\n"
	      "commands:\n", f);
	for (i = 0; okr_commands[i]; i++)
		if (!(okr_commands[i]->flags & OKR_CMD_HIDDEN))
			fprintf(f, "   %-11s %s\n", okr_commands[i]->name,
				okr_commands[i]->summary);
	fputs("\nSee 'okr help <command>' for the manual of a command.\n", f);
}

const struct okr_cmd *
okr_command_find(const char *name)
{
	size_t i;

	for (i = 0; okr_commands[i]; i++)
		if (strcmp(okr_commands[i]->name, name) == 0)
			return okr_commands[i];
	return NULL;
}

static int
unknown_command(const char *name)
{
	const char *names[64];
	const char *hint;
	size_t n;

	for (n = 0; okr_commands[n] && n < 64; n++)
		names[n] = okr_commands[n]->name;
	hint = okr_suggest(name, names, n);
	if (hint)
		return okr_error("'%s' is not an okr command; did you mean '%s'? "
				 "See 'okr --help'", name, hint);
	return okr_error("'%s' is not an okr command; see 'okr --help'", name);
}

/* okr help <command>: the man page, from the build tree when okr runs from
 * there, else from the installed manual, as git help does. */
static int
help_command(const char *name)
{
	char exe[PATH_MAX], page[PATH_MAX + 64], topic[128];
	ssize_t n;

	if (!okr_command_find(name) && strcmp(name, "yaml") != 0)
		return unknown_command(name);
	snprintf(topic, sizeof(topic), "okr-%s", name);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(page, sizeof(page), "%s/../man/%s.%s", dirname(exe), topic,
			 strcmp(name, "yaml") == 0 ? "5" : "1");
		if (access(page, R_OK) == 0) {
			execlp("man", "man", "-l", page, (char *)NULL);
			return okr_error("cannot run 'man': %s", strerror(errno));
		}
	}
	execlp("man", "man", topic, (char *)NULL);
	return okr_error("cannot run 'man': %s", strerror(errno));
}

static bool
color_ok(int fd)
{
	const char *term = getenv("TERM");
	const char *nc = getenv("NO_COLOR");

	return isatty(fd) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
}

/* The working folder's path below root, "" or ending in '/' ("2026-Q4/"). */
static char *
cwd_below_root(const char *cwd, const char *root)
{
	size_t rl = strlen(root);

	if (strcmp(root, "/") == 0)
		return okr_xprintf("%s/", cwd + 1);
	if (strncmp(cwd, root, rl) == 0 && cwd[rl] == '/')
		return okr_xprintf("%s/", cwd + rl + 1);
	return okr_xstrdup("");
}

/* -h: the synopsis and the options, to stdout, exit 0, with or without a
 * repository. */
static int
print_cmd_help(const struct okr_cmd *cmd)
{
	struct okr_buf b = OKR_BUF_INIT;

	okr_cmd_help(&b, cmd);
	fwrite(b.ptr, 1, b.len, stdout);
	okr_buf_free(&b);
	return OKR_EXIT_OK;
}

static int
run(const struct okr_cmd *cmd, int argc, char **argv)
{
	struct okr_ctx ctx;
	char *cwd = NULL, **ops = NULL;
	int nops = 0, rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cmd = cmd;
	if (cmd->flags & OKR_CMD_RAW_ARGS) {
		nops = argc - 1;
		ops = okr_xcalloc((size_t)argc, sizeof(*ops));
		memcpy(ops, argv + 1, (size_t)nops * sizeof(*ops));
	} else if ((rc = okr_opts_parse(&ctx, &nops, &ops, argc, argv)) != 0) {
		if (rc == 1)
			rc = print_cmd_help(cmd);
		goto done;
	}
	cwd = getcwd(NULL, 0);
	ctx.cwd = cwd;
	ctx.color_out = color_ok(STDOUT_FILENO);
	ctx.color_err = color_ok(STDERR_FILENO);
	if (!cwd) {
		rc = okr_error("cannot get the working directory: %s", strerror(errno));
		goto done;
	}
	if (cmd->flags & OKR_CMD_NEEDS_REPO) {
		if (okr_root_find(&ctx.root, cwd) < 0) {
			/* no okr.yaml: a bare repository, or an error */
			if ((rc = okr_ctx_find_bare(&ctx)) != OKR_EXIT_OK)
				goto done;
		} else {
			ctx.prefix = cwd_below_root(cwd, ctx.root);
		}
	}
	rc = cmd->exec(&ctx, nops, ops);
done:
	okr_opts_free(&ctx);
	free(ops);
	free(ctx.root);
	free(ctx.prefix);
	free(cwd);
	return rc;
}

/*
 * rc, unless stdout could not be written (a closed pipe, /dev/full): then
 * exit 2 with a message. A command that committed before its output failed
 * says so, naming the commit: a script that retries on failure must not
 * check in twice.
 */
static int
output_status(int rc)
{
	const char *id = okr_git_committed();

	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (id)
		okr_error("cannot write the output: %s; but the commit %s was made "
			  "(do not run the command again)", strerror(errno), id);
	else
		okr_error("cannot write the output: %s", strerror(errno));
	return OKR_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	const struct okr_cmd *cmd;
	int i = 1, rc;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-C") == 0) {
			if (i + 1 >= argc) {
				okr_error("-C needs a path");
				return OKR_EXIT_USAGE;
			}
			if (chdir(argv[i + 1]) < 0)
				return okr_error("cannot change to '%s': %s", argv[i + 1],
						 strerror(errno));
			i += 2;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("okr version %s\n", OKR_VERSION);
			return output_status(OKR_EXIT_OK);
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_help(stdout);
			return output_status(OKR_EXIT_OK);
		} else {
			okr_error("unknown option '%s'", argv[i]);
			print_help(stderr);
			return OKR_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		print_help(stderr);
		return OKR_EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			print_help(stdout);
			return output_status(OKR_EXIT_OK);
		}
		return help_command(argv[i + 1]);
	}
	cmd = okr_command_find(argv[i]);
	if (!cmd)
		return unknown_command(argv[i]);
	rc = run(cmd, argc - i, argv + i);
	return output_status(rc);
}
