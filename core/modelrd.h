/*
 * modelrd.h: what model.c (objective files) and config.c (okr.yaml) share
 * to read a YAML tree into the model: typed fields that report a
 * diagnostic at the offending node. Private to those two files.
 */
#ifndef OKR_MODELRD_H
#define OKR_MODELRD_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* What a reader needs to report: the document and where diagnostics go. */
struct rd {
	struct okr_doc *doc;
	struct okr_diags *diags;
	const char *path;	/* display path */
};

void rd_err(struct rd *r, const struct okr_node *at, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void rd_check_keys(struct rd *r, const struct okr_node *map, const char *const *known, size_t nknown, const char *what);
const char * rd_type_name(const struct okr_node *n);
struct okr_node * rd_field(struct rd *r, const struct okr_node *map, const char *key, bool required, const char *what);
const char * rd_text(struct rd *r, const struct okr_node *map, const char *key, bool required, const char *what);
bool rd_parse_number(double *out, const char *s);
bool rd_number(struct rd *r, double *out, const struct okr_node *map, const char *key, bool required, const char *what);
bool rd_boolean(struct rd *r, bool *out, const struct okr_node *map, const char *key, bool required, const char *what);
bool rd_date(struct rd *r, okr_date *out, const struct okr_node *map, const char *key, bool required, const char *what);
int rd_choice(struct rd *r, const struct okr_node *map, const char *key, bool required, const char *what, const char *const *words, size_t n);
bool rd_is_person(const char *s);
const char * rd_person(struct rd *r, const struct okr_node *n, const char *key);
struct okr_pos rd_pos_of(const struct okr_node *n);
bool rd_is_period_name(const char *s, size_t len);

#endif
