/*
 * error.c: the thread-local last error (error.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <git2.h>

#include "error.h"

static _Thread_local char last[1024];

/* Messages read as "okr: error: <msg>": drop a trailing full stop and
 * lowercase a capitalised first word, but leave "HEAD" or "SSL" alone. */
static void tidy(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	if (isupper((unsigned char)s[0]) && islower((unsigned char)s[1]))
		s[0] = (char)tolower((unsigned char)s[0]);
}

int okr_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	tidy(last);
	return -1;
}

int okr_error_set_git(int code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char why[512];
	size_t n;
	va_list ap;

	snprintf(why, sizeof(why), "%s",
		 e && e->message ? e->message : "unknown libgit2 error");
	tidy(why);
	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	n = strlen(last);
	snprintf(last + n, sizeof(last) - n, ": %s", why);
	tidy(last);
	return code < 0 ? code : -1;
}

const char *okr_error_last(void)
{
	return last;
}

void okr_error_clear(void)
{
	last[0] = '\0';
}
