/*
 * number.c: the one number formatter and the one rounding rule (SPEC
 * section 4), on the decimal digits printf gives, never on x * 10 in
 * binary floating point (which turns 0.15 into 1.4999...).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* Significant digits that a double holds for any decimal text. */
#define SIG 15

/*
 * Split |x| into decimal digits and an exponent: |x| = 0.d1d2...dn * 10^e
 * (as %.*e writes d1.d2...dn e(e-1)). prec is the number of digits after
 * d1. Returns the number of digits n.
 */
static int
split(char *digits, int *e, double x, int prec)
{
	char sci[64];
	const char *p;
	int n = 0;

	snprintf(sci, sizeof(sci), "%.*e", prec, fabs(x));
	for (p = sci; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	*e = atoi(p + 1) + 1;
	return n;
}

/* Write 0.digits[0..n) * 10^e positionally, with at least `decimals`
 * decimals (padded with zeros) and none beyond the digits otherwise. */
static void
positional(char *buf, size_t size, bool neg, const char *digits, int n, int e,
	   int decimals)
{
	size_t len = 0;
	int i, last;

	/* the last decimal position written, counted from the point */
	last = n - e > decimals ? n - e : decimals;
#define PUT(c) do { if (len + 1 < size) buf[len] = (c); len++; } while (0)
	if (neg)
		PUT('-');
	if (e <= 0)
		PUT('0');
	for (i = 0; i < e; i++)
		PUT(i < n ? digits[i] : '0');
	if (last > 0) {
		PUT('.');
		for (i = e; i < e + last; i++)
			PUT(i >= 0 && i < n ? digits[i] : '0');
	}
#undef PUT
	buf[len < size ? len : size - 1] = '\0';
}

char *
okr_num_format(char *buf, size_t size, double x)
{
	char digits[32];
	int prec, n, e;

	if (!isfinite(x)) {
		snprintf(buf, size, "%s", isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
		return buf;
	}
	if (x == 0.0) {
		snprintf(buf, size, "0");
		return buf;
	}
	/* the first precision that reads back is the shortest text for x */
	for (prec = 0; prec < 16; prec++) {
		char sci[64];

		snprintf(sci, sizeof(sci), "%.*e", prec, x);
		if (strtod(sci, NULL) == x)
			break;
	}
	n = split(digits, &e, x, prec);
	while (n > 1 && digits[n - 1] == '0')
		n--;
	positional(buf, size, x < 0, digits, n, e, 0);
	return buf;
}

char *
okr_num_fixed(char *buf, size_t size, double x, int decimals)
{
	char digits[SIG + 2];
	int n, e, keep, i;
	bool neg = x < 0;

	if (!isfinite(x))
		return okr_num_format(buf, size, x);
	if (decimals < 0)
		decimals = 0;
	if (decimals > SIG)
		decimals = SIG;
	if (x == 0.0) {
		n = 0;
		e = 0;
	} else {
		n = split(digits + 1, &e, x, SIG - 1);
		digits[0] = '0';	/* room for a carry */
		e++;
		n++;
		/* digits kept: those before the point and `decimals` after */
		keep = e + decimals;
		if (keep < 0) {
			n = 0;
		} else if (keep < n) {
			bool up = digits[keep] >= '5';

			n = keep;
			for (i = keep - 1; up && i >= 0; i--) {
				if (digits[i] == '9') {
					digits[i] = '0';
				} else {
					digits[i]++;
					up = false;
				}
			}
		}
		/* drop the carry digit when it stayed 0 */
		if (n > 0 && digits[0] == '0') {
			memmove(digits, digits + 1, (size_t)n - 1);
			n--;
			e--;
		}
		for (i = 0; i < n && digits[i] == '0'; i++)
			;
		if (i == n)
			n = 0;	/* rounded to zero: no sign */
	}
	positional(buf, size, neg && n > 0, digits, n, n ? e : 0, decimals);
	return buf;
}

double
okr_num_round(double x, int decimals)
{
	char buf[OKR_NUM_SIZE];

	if (!isfinite(x))
		return x;
	return strtod(okr_num_fixed(buf, sizeof(buf), x, decimals), NULL);
}

void
okr_num_put(struct okr_buf *out, double x)
{
	char buf[OKR_NUM_SIZE];

	okr_buf_puts(out, okr_num_format(buf, sizeof(buf), x));
}

void
okr_score_put(struct okr_buf *out, double score)
{
	char buf[OKR_NUM_SIZE];

	okr_buf_puts(out, okr_num_fixed(buf, sizeof(buf), score, 1));
}

int
okr_percent(double share)
{
	return (int)okr_num_round(share * 100.0, 0);
}
