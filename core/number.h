/*
 * number.h: how okr writes a number, and the one rounding rule (SPEC
 * section 4). Owns every decimal okr prints: values and targets from the
 * files (as they were written: shortest text that reads back, never an
 * exponent), scores and progress at a fixed number of decimals, percents.
 * Every view (text, Markdown, JSON, TSV, CSV) and the YAML writer go
 * through here, so 15/100 reads the same everywhere.
 */
#ifndef OKR_NUMBER_H
#define OKR_NUMBER_H

#include <stddef.h>

#include "buf.h"

/* Room for any finite double written out in full, without an exponent:
 * the largest has 309 digits, the smallest 341 characters ("0." and 322
 * zeros before its 17 significant digits). */
#define OKR_NUM_SIZE 400

/*
 * x as the shortest decimal that reads back as the same double, written
 * out positionally: "450", "99.95", "-3", "0.1", "1000000", "0.0000001",
 * never "4.5e+02" or "-0"; "nan", "inf", "-inf" for those. Writes to buf
 * (OKR_NUM_SIZE bytes hold any double) and returns it.
 */
char *okr_num_format(char *buf, size_t size, double x);

/*
 * x with exactly `decimals` decimals (0..15), rounded half away from zero
 * on its decimal value: the value to 15 significant digits, which is the
 * decimal any computation okr makes stands for (0.15 is stored as
 * 0.1499999..., 0.65 as a mean as 0.6499999...; both round up). 0.15 gives
 * "0.2", 0.25 "0.3", 0.05 "0.1", -0.15 "-0.2", -0.04 "0.0" (no "-0.0").
 */
char *okr_num_fixed(char *buf, size_t size, double x, int decimals);

/* The double that okr_num_fixed(x, decimals) prints, for JSON. */
double okr_num_round(double x, int decimals);

/* Append okr_num_format(x) / a score (one decimal) / a percent (x * 100,
 * no decimals, without the sign). */
void okr_num_put(struct okr_buf *out, double x);
void okr_score_put(struct okr_buf *out, double score);
int okr_percent(double share);

#endif
