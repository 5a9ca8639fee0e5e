/*
 * testutil.c: the helpers testutil.h declares, shared by the unit suites
 * that build fixture repositories with the git command line.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "testutil.h"

int sh(const char *fmt, ...)
{
	char cmd[16384];
	va_list ap;
	int n, st;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ck_assert_int_lt(n, (int)sizeof(cmd));
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

const char *run(const char *fmt, ...)
{
	static char out[4][8192];
	static int which;
	char cmd[16384];
	char *buf = out[which = (which + 1) % 4];
	size_t n;
	va_list ap;
	FILE *p;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ck_assert_int_lt(len, (int)sizeof(cmd));
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(buf, 1, sizeof(out[0]) - 1, p);
	pclose(p);
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return buf;
}

void put(const char *path, const char *content)
{
	putf(path, "%s", content);
}

void putf(const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vputf(path, fmt, ap);
	va_end(ap);
}

void vputf(const char *path, const char *fmt, va_list ap)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "cannot write '%s'", path);
	ck_assert_int_ge(vfprintf(f, fmt, ap), 0);
	ck_assert_int_eq(fclose(f), 0);
}

void tmpdir_new(char *out, size_t size, const char *name)
{
	ck_assert_int_lt(snprintf(out, size, "/tmp/okr-test-%s-XXXXXX", name), (int)size);
	ck_assert_ptr_nonnull(mkdtemp(out));
}

void tmpdir_remove(const char *dir)
{
	if (dir[0])
		sh("rm -rf '%s'", dir);
}

void isolate_git(const char *home)
{
	char path[4096];

	setenv("HOME", home, 1);
	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/.config", home), (int)sizeof(path));
	setenv("XDG_CONFIG_HOME", path, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("TZ", "UTC0", 1);
	tzset();
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_CEILING_DIRECTORIES");
}
