/*
 * date.c: calendar arithmetic on day numbers, fiscal quarters and the
 * duration strings of okr.yaml. Pure integer arithmetic (Howard Hinnant's
 * civil-date algorithms), so no time zone or DST can shift a day.
 */
#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

/* Floor division: the C operator truncates towards zero, which would put
 * dates before the epoch (or year 0) into the wrong era or quarter. */
static int floordiv(int a, int b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

okr_date okr_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void okr_date_to_ymd(okr_date date, int *y, int *m, int *d)
{
	int z = date + 719468;
	int era = floordiv(z, 146097);
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int month = mp < 10 ? mp + 3 : mp - 9;

	*y = yoe + era * 400 + (month <= 2);
	*m = month;
	*d = doy - (153 * mp + 2) / 5 + 1;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* n ASCII digits (isdigit() would follow the locale); -1 otherwise. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM" at the start of s, with a real month. */
static int parse_year_month(int *y, int *m, const char *s)
{
	*y = digits(s, 4);
	if (*y < 0 || s[4] != '-')
		return -1;
	*m = digits(s + 5, 2);
	if (*m < 1 || *m > 12)
		return -1;
	return 0;
}

int okr_date_parse(okr_date *out, const char *s)
{
	int y, m, d;

	if (strlen(s) != 10 || parse_year_month(&y, &m, s) < 0 || s[7] != '-')
		return -1;
	d = digits(s + 8, 2);
	if (d < 1 || d > month_days(y, m))
		return -1;
	*out = okr_date_from_ymd(y, m, d);
	return 0;
}

char *okr_date_format(char *buf, okr_date date)
{
	char tmp[48];
	int y, m, d;

	okr_date_to_ymd(date, &y, &m, &d);
	if (y >= 0 && y <= 9999) {
		/* without snprintf: okr check writes tens of thousands */
		buf[0] = (char)('0' + y / 1000);
		buf[1] = (char)('0' + y / 100 % 10);
		buf[2] = (char)('0' + y / 10 % 10);
		buf[3] = (char)('0' + y % 10);
		buf[4] = '-';
		buf[5] = (char)('0' + m / 10);
		buf[6] = (char)('0' + m % 10);
		buf[7] = '-';
		buf[8] = (char)('0' + d / 10);
		buf[9] = (char)('0' + d % 10);
		buf[10] = '\0';
		return buf;
	}
	/* Years outside 0-9999 do not fit the callers' 11 bytes: truncate. */
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(buf, tmp, 10);
	buf[10] = '\0';
	return buf;
}

int okr_date_weekday(okr_date date)
{
	/* 1970-01-01 was a Thursday (3). */
	return ((date % 7) + 7 + 3) % 7;
}

okr_date okr_date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm))
		return (okr_date)(now / 86400);
	return okr_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Quarter q of fiscal year year, as the month index y * 12 + (m - 1)
 * of its first month; this is what makes a quarter span New Year. */
static void period_fill(struct okr_period *out, int year, int quarter, int fys)
{
	int first = year * 12 + (fys - 1) + (quarter - 1) * 3;
	int next = first + 3;

	out->year = year;
	out->quarter = quarter;
	out->start = okr_date_from_ymd(floordiv(first, 12),
				       first - floordiv(first, 12) * 12 + 1, 1);
	out->end = okr_date_from_ymd(floordiv(next, 12),
				     next - floordiv(next, 12) * 12 + 1, 1) - 1;
	snprintf(out->name, sizeof(out->name), "%04d-Q%c", year,
		 (char)('0' + quarter));
}

int okr_period_parse(struct okr_period *out, const char *name, int fys)
{
	int year;

	assert(fys >= 1 && fys <= 12);
	if (strlen(name) != 7)
		return -1;
	year = digits(name, 4);
	if (year < 0 || name[4] != '-' || name[5] != 'Q' ||
	    name[6] < '1' || name[6] > '4')
		return -1;
	period_fill(out, year, name[6] - '0', fys);
	return 0;
}

void okr_period_of(struct okr_period *out, okr_date date, int fys)
{
	int y, m, d, offset, year;

	assert(fys >= 1 && fys <= 12);
	okr_date_to_ymd(date, &y, &m, &d);
	offset = y * 12 + (m - 1) - (fys - 1);
	year = floordiv(offset, 12);
	period_fill(out, year, (offset - year * 12) / 3 + 1, fys);
}

double okr_period_elapsed(const struct okr_period *p, okr_date as_of)
{
	if (as_of >= p->end)
		return 1.0;
	if (as_of <= p->start)
		return 0.0;
	return (double)(as_of - p->start) / (double)(p->end - p->start);
}

int okr_month_parse(okr_date *first, okr_date *last, const char *s)
{
	int y, m;

	if (strlen(s) != 7 || parse_year_month(&y, &m, s) < 0)
		return -1;
	*first = okr_date_from_ymd(y, m, 1);
	*last = okr_date_from_ymd(y, m, month_days(y, m));
	return 0;
}

/*
 * "<n><unit>" where unit is one of two letters, each with its multiplier.
 * n is plain decimal digits (no sign, no space) and the result must be
 * positive and fit an int, so a typo cannot become a huge or zero cadence.
 */
static int parse_count(int *out, const char *s, char u1, int mul1,
		       char u2, int mul2)
{
	int n = 0, mul;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (INT_MAX - (*p - '0')) / 10)
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (p == s || n == 0 || *p == '\0' || p[1] != '\0')
		return -1;
	if (*p == u1)
		mul = mul1;
	else if (*p == u2)
		mul = mul2;
	else
		return -1;
	if (n > INT_MAX / mul)
		return -1;
	*out = n * mul;
	return 0;
}

int okr_days_parse(int *out, const char *s)
{
	return parse_count(out, s, 'd', 1, 'w', 7);
}

int okr_minutes_parse(int *out, const char *s)
{
	return parse_count(out, s, 'm', 1, 'h', 60);
}
