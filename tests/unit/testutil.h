/*
 * testutil.h: what the unit suites that drive the git command line share
 * (test_git, test_history, test_pack): shell commands, files written in a
 * line, and a throw-away folder with the machine's and the user's git
 * configuration shut out. One copy, so a fix reaches every suite.
 */
#ifndef OKR_TESTUTIL_H
#define OKR_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>

/* snprintf into an array, failing the test rather than truncating. */
#define FMT(buf, ...) \
	ck_assert_int_lt(snprintf(buf, sizeof(buf), __VA_ARGS__), (int)sizeof(buf))

/* Run a shell command (printf-style); its exit status, -1 if it died. A
 * command too long for the buffer fails the test instead of running cut. */
__attribute__((format(printf, 1, 2)))
int sh(const char *fmt, ...);

/* The stdout of a shell command without its final newline, in one of four
 * rotating buffers (so a few may appear in one assertion). */
__attribute__((format(printf, 1, 2)))
const char *run(const char *fmt, ...);

/* Write a file: content as is, or printf-style. Failing is failing the test. */
void put(const char *path, const char *content);
__attribute__((format(printf, 2, 3)))
void putf(const char *path, const char *fmt, ...);
__attribute__((format(printf, 2, 0)))
void vputf(const char *path, const char *fmt, va_list ap);

/* A new empty folder /tmp/okr-test-<name>-XXXXXX into out (size bytes),
 * and its removal with everything in it. */
void tmpdir_new(char *out, size_t size, const char *name);
void tmpdir_remove(const char *dir);

/* The git command line and libgit2 as a test needs them: HOME (and the XDG
 * folder) is home, no system configuration, UTC, no GIT_DIR, GIT_WORK_TREE,
 * GIT_INDEX_FILE or GIT_CEILING_DIRECTORIES from the caller. The identity
 * variables are left to each suite. */
void isolate_git(const char *home);

#endif
