/*
 * cmd.h: what every subcommand shares: its descriptor (one exported constant
 * per command, as tmux does), the table of its options and operands (as
 * git's parse-options.h keeps them: at once the parser's input, the -h
 * text, the synopsis and what completion offers) and the context the
 * dispatcher hands it.
 */
#ifndef OKR_CMD_H
#define OKR_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/date.h"

struct okr_buf;
struct okr_ctx;

#define OKR_CMD_NEEDS_REPO 0x1	/* find okr.yaml before running */
#define OKR_CMD_HIDDEN     0x2	/* not in okr --help (okr __complete) */
#define OKR_CMD_RAW_ARGS   0x4	/* the command parses its own words */
#define OKR_CMD_BARE       0x8	/* runs in a bare repository (reads history) */
#define OKR_CMD_BARE_REV   0x10	/* ... there only with --rev (cmd/bare.c) */

/*
 * What an option's value (or an operand) is: the dispatcher checks dates,
 * choices and UTF-8 with it; completion offers candidates by it.
 */
enum okr_arg_kind {
	OKR_ARG_NONE,		/* a switch: the option takes no value */
	OKR_ARG_TEXT,		/* free text (must be UTF-8) */
	OKR_ARG_NUMBER,		/* a number; the command checks its range */
	OKR_ARG_DATE,		/* YYYY-MM-DD, checked by the dispatcher */
	OKR_ARG_PERIOD,		/* YYYY-QN */
	OKR_ARG_CHOICE,		/* one of .choices, checked by the dispatcher */
	OKR_ARG_KR_REF,		/* a key result (or objective) reference */
	OKR_ARG_REF,		/* an objective or key-result reference */
	OKR_ARG_NEW_ID,		/* <period>/<id> of an objective to create */
	OKR_ARG_OBJECTIVE_ID,	/* an objective id in the same period (parent) */
	OKR_ARG_OWNER,		/* a team key or "Name <email>" */
	OKR_ARG_PERSON,		/* "Name <email>" */
	OKR_ARG_FILE,		/* a path: any bytes, never checked as text */
	OKR_ARG_REV,		/* a git revision */
	OKR_ARG_REMOTE,		/* a git remote */
	OKR_ARG_MILESTONE,	/* a milestone's number or title */
	OKR_ARG_WORDS,		/* okr __complete's words: any bytes */
};

#define OKR_OPT_MULTI    0x1	/* may be given more than once: "..." */
#define OKR_OPT_OPTIONAL 0x2	/* an operand that may be left out */

/*
 * One option or operand. An option has a long name (and may have a short
 * one); an operand's long_name is its noun ("ref", "shell"), used in
 * messages and completion. Tables end with an entry whose long_name is NULL.
 */
struct okr_opt {
	char short_name;		/* 'm', or 0 */
	const char *long_name;		/* "message" */
	enum okr_arg_kind kind;
	const char *arg;		/* "<message>" in the synopsis; a choice
					 * list prints its choices when NULL */
	const char *help;		/* one line for -h and completion */
	const char *const *choices;	/* OKR_ARG_CHOICE: NULL-terminated */
	unsigned flags;			/* OKR_OPT_* */
	const char *alias;		/* a second long name, not shown */
};

/* OKR_OPT('m', "message", OKR_ARG_TEXT, "<message>", "help"[, .flags = ...]) */
#define OKR_OPT(s, l, k, a, h, ...) \
	{ .short_name = (s), .long_name = (l), .kind = (k), .arg = (a), .help = (h), \
	  __VA_ARGS__ }

struct okr_cmd {
	const char *name;
	const char *summary;		/* one line for okr --help */
	const struct okr_opt *operands;	/* in order; NULL for none */
	const struct okr_opt *opts;	/* NULL for none */
	int flags;
	/* argv holds the operands only (argc of them), options parsed */
	int (*exec)(struct okr_ctx *ctx, int argc, char **argv);
};

/* The values given for one option, in command-line order. */
struct okr_optval {
	const char **v;
	size_t n;
};

struct okr_ctx {
	const char *cwd;	/* the working directory (after -C) */
	char *root;		/* folder with okr.yaml; NULL without NEEDS_REPO */
	char *prefix;		/* cwd below root, "" or "2026-Q4/": okr_path_display */
	bool color_out;		/* stdout may be coloured */
	bool color_err;		/* stderr may be coloured */
	const struct okr_cmd *cmd;
	struct okr_optval *optv;	/* parallel to cmd->opts */
	bool bare;		/* root is a bare repository's git folder: the
				 * OKR root is the top of its trees (bare.c) */
};

/*
 * cmd/bare.c: for a NEEDS_REPO command run where no okr.yaml is found: in a
 * bare repository, sets root (its git folder), prefix "" and bare when the
 * command may run there; else prints why not. Returns an exit status.
 */
int okr_ctx_find_bare(struct okr_ctx *ctx);

/* Exit codes (SPEC section 5). */
#define OKR_EXIT_OK    0
#define OKR_EXIT_NO    1
#define OKR_EXIT_USAGE 2

/* "okr: error: ..." on stderr; returns OKR_EXIT_USAGE. */
int okr_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void okr_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printf to f for what okr prints around the data: the text it quotes
 * (file names, titles, commit subjects) goes through the one filter
 * (safetext.h), keeping the line breaks and tabs okr wrote itself. */
void okr_say(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "usage: okr <name> <synopsis>" to stderr; returns OKR_EXIT_USAGE. */
int okr_usage(const struct okr_cmd *cmd);
/* Parse --as-of/--date values; today when s is NULL. Prints the error. */
int okr_parse_date_arg(okr_date *out, const char *s, const char *flag);

/*
 * The parsed options, by long name (a name not in the command's table is a
 * programmer's mistake and asserts). okr_opt_str gives the last value
 * given, or NULL; okr_opt_list every value; okr_opt_date the date given
 * (checked by the dispatcher) or today.
 */
const char *okr_opt_str(const struct okr_ctx *ctx, const char *name);
bool okr_opt_isset(const struct okr_ctx *ctx, const char *name);
size_t okr_opt_list(const char *const **out, const struct okr_ctx *ctx,
		    const char *name);
okr_date okr_opt_date(const struct okr_ctx *ctx, const char *name);

/* The day a change is made on (SPEC section 8): the date option opt when
 * given, else GIT_AUTHOR_DATE's calendar day in its own time zone, else
 * today. */
okr_date okr_change_date(const struct okr_ctx *ctx, const char *opt);

/* cmd/options.c: the dispatcher's parser and the text made from a table. */

/* Parse argv (argv[0] is the command's name) by cmd's table into ctx->optv
 * and the operands (*argcp, *argvp, to free with free()). Returns 0, 1 when
 * -h or --help asked for the synopsis, or OKR_EXIT_USAGE after printing
 * the error and usage. */
int okr_opts_parse(struct okr_ctx *ctx, int *argcp, char ***argvp, int argc,
		   char **argv);
void okr_opts_free(struct okr_ctx *ctx);
/* The synopsis after "okr <name> ". */
void okr_cmd_synopsis(struct okr_buf *out, const struct okr_cmd *cmd);
/* The -h text: the usage line, then each option and its help. */
void okr_cmd_help(struct okr_buf *out, const struct okr_cmd *cmd);
/* The option of cmd with that long name; NULL if it has none. */
const struct okr_opt *okr_cmd_find_opt(const struct okr_cmd *cmd, const char *name);

extern const struct okr_cmd okr_cmd_agenda;
extern const struct okr_cmd okr_cmd_carry;
extern const struct okr_cmd okr_cmd_check;
extern const struct okr_cmd okr_cmd_close;
extern const struct okr_cmd okr_cmd_complete;
extern const struct okr_cmd okr_cmd_completion;
extern const struct okr_cmd okr_cmd_init;
extern const struct okr_cmd okr_cmd_list;
extern const struct okr_cmd okr_cmd_log;
extern const struct okr_cmd okr_cmd_mv;
extern const struct okr_cmd okr_cmd_new;
extern const struct okr_cmd okr_cmd_report;
extern const struct okr_cmd okr_cmd_status;
extern const struct okr_cmd okr_cmd_sync;
extern const struct okr_cmd okr_cmd_update;

/* The command table (NULL-terminated, sorted), for help and completion. */
extern const struct okr_cmd *const okr_commands[];
const struct okr_cmd *okr_command_find(const char *name);

#endif
