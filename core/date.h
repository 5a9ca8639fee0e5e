/*
 * date.h: calendar dates as days since 1970-01-01, fiscal periods (YYYY-QN)
 * and months, durations from okr.yaml.
 */
#ifndef OKR_DATE_H
#define OKR_DATE_H

#include <stdbool.h>

typedef int okr_date;	/* days since 1970-01-01 (negative before) */

struct okr_period {
	int year;		/* fiscal year named in YYYY-QN */
	int quarter;		/* 1-4 */
	okr_date start;		/* first day */
	okr_date end;		/* last day (inclusive) */
	char name[16];		/* "2026-Q4" */
};

okr_date okr_date_from_ymd(int y, int m, int d);
void okr_date_to_ymd(okr_date date, int *y, int *m, int *d);
/* Strict YYYY-MM-DD with a real calendar day; -1 otherwise. */
int okr_date_parse(okr_date *out, const char *s);
/* Writes "YYYY-MM-DD" (buf of at least 11 bytes); returns buf. */
char *okr_date_format(char *buf, okr_date date);
/* 0 = Monday ... 6 = Sunday. */
int okr_date_weekday(okr_date date);
/* Today in local time. */
okr_date okr_date_today(void);

/* "2026-Q4" with fiscal_year_start fys (1-12); -1 if malformed. */
int okr_period_parse(struct okr_period *out, const char *name, int fys);
/* The period containing date. */
void okr_period_of(struct okr_period *out, okr_date date, int fys);
/* Share of the period elapsed at as_of: 0 on the first day (and before),
 * 1 on the last day (and after), linear between. */
double okr_period_elapsed(const struct okr_period *p, okr_date as_of);

/* "YYYY-MM" into first and last day; -1 if malformed. */
int okr_month_parse(okr_date *first, okr_date *last, const char *s);

/* "7d", "2w" into days; -1 if malformed or not positive. */
int okr_days_parse(int *out, const char *s);
/* "30m", "1h" into minutes; -1 if malformed or not positive. */
int okr_minutes_parse(int *out, const char *s);

#endif
