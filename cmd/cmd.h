/*
 * cmd.h: what every subcommand shares: its descriptor (one exported constant
 * per command, as tmux does) and the context the dispatcher hands it.
 */
#ifndef OKR_CMD_H
#define OKR_CMD_H

#include <getopt.h>
#include <stdbool.h>

#include "../core/date.h"

#define OKR_CMD_NEEDS_REPO 0x1	/* find okr.yaml before running */

struct okr_ctx {
	const char *cwd;	/* the working directory (after -C) */
	char *root;		/* folder with okr.yaml; NULL without NEEDS_REPO */
	char *prefix;		/* cwd below root, "" or "2026-Q4/": okr_path_display */
	bool color_out;		/* stdout may be coloured */
	bool color_err;		/* stderr may be coloured */
	const struct okr_cmd *cmd;
};

struct okr_cmd {
	const char *name;
	const char *usage;	/* synopsis after "okr <name> " */
	const char *summary;	/* one line for okr --help */
	int flags;
	int (*exec)(struct okr_ctx *ctx, int argc, char **argv);
};

/* Exit codes (SPEC section 5). */
#define OKR_EXIT_OK    0
#define OKR_EXIT_NO    1
#define OKR_EXIT_USAGE 2

/* "okr: error: ..." on stderr; returns OKR_EXIT_USAGE. */
int okr_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void okr_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "usage: okr <name> <usage>" to stderr; returns OKR_EXIT_USAGE. */
int okr_usage(const struct okr_cmd *cmd);
/* Parse --as-of/--date values; today when s is NULL. Prints the error. */
int okr_parse_date_arg(okr_date *out, const char *s, const char *flag);

extern const struct okr_cmd okr_cmd_agenda;
extern const struct okr_cmd okr_cmd_check;
extern const struct okr_cmd okr_cmd_completion;
extern const struct okr_cmd okr_cmd_init;
extern const struct okr_cmd okr_cmd_list;
extern const struct okr_cmd okr_cmd_log;
extern const struct okr_cmd okr_cmd_new;
extern const struct okr_cmd okr_cmd_report;
extern const struct okr_cmd okr_cmd_status;
extern const struct okr_cmd okr_cmd_sync;
extern const struct okr_cmd okr_cmd_update;

#endif
