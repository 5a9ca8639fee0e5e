/*
 * proc.h: running another program (a hook, gpg, ssh-keygen) as git's
 * run-command does: no shell, given arguments and extra environment, an
 * optional working folder, stdin from a buffer or /dev/null, stdout and
 * stderr captured or passed on.
 */
#ifndef OKR_PROC_H
#define OKR_PROC_H

#include <stddef.h>

#include "buf.h"

struct okr_proc {
	const char *const *argv;	/* argv[0]: a path, or a name looked up in PATH */
	const char *const *env;		/* "NAME=value" to add, NULL-terminated; may be NULL */
	const char *cwd;		/* NULL: ours */
	const char *in;			/* stdin; NULL: /dev/null */
	size_t inlen;
	struct okr_buf *out;		/* stdout captured; NULL: to our stderr */
	struct okr_buf *err;		/* stderr captured; NULL: to our stderr */
};

/*
 * Run p and wait for it: *status is its exit code, or 128 + the signal that
 * ended it. -1 (with okr_error_set) when it could not be started, e.g. the
 * program does not exist.
 */
int okr_proc_run(const struct okr_proc *p, int *status);

#endif
