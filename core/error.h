/*
 * error.h: okr's one error channel, after libgit2's git_error_last(): the
 * function that fails records a message in a thread-local slot
 * (okr_error_set) and returns a negative number; whoever reports the failure
 * reads it once (okr_error_last). A thread that fails on behalf of another
 * (history's workers) copies its message out before it ends.
 */
#ifndef OKR_ERROR_H
#define OKR_ERROR_H

/* Record a message ("cannot read 'x': ..."): lowercase, no full stop, ready
 * for "okr: error: %s". Returns -1, so a failure reads
 * `return okr_error_set("cannot ...");`. */
int okr_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like okr_error_set, then ": " and libgit2's last message (tidied the same
 * way). Returns code when it is negative (libgit2's own code), else -1. */
int okr_error_set_git(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The calling thread's last message; "" when none was set. Never NULL. */
const char *okr_error_last(void);

void okr_error_clear(void);

#endif
