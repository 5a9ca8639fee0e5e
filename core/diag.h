/*
 * diag.h: diagnostics (file, line, column, severity, message) and the one
 * place that formats them: text like gcc, GitHub workflow commands, GitLab
 * Code Quality JSON and a plain JSON list.
 */
#ifndef OKR_DIAG_H
#define OKR_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum okr_severity { OKR_SEV_ERROR, OKR_SEV_WARNING };

struct okr_diag {
	char *file;		/* path as shown to the user */
	unsigned line;		/* 1-based; 0 when the file has no place */
	unsigned col;		/* 1-based */
	enum okr_severity sev;
	const char *rule;	/* short stable id, e.g. "duplicate-key" */
	char *msg;
	bool has_about;		/* about a key result or milestone: */
	uint64_t about;		/* its hash, the GitLab fingerprint's key */
};

/* At most this many diagnostics in a row for one file: a hostile file of
 * a million duplicate keys gets a note, not a million lines. */
#define OKR_DIAGS_PER_FILE 100

struct okr_diags {
	struct okr_diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
	size_t run;		/* diagnostics in a row for v[n - 1].file */
};

enum okr_format {
	OKR_FORMAT_TEXT,
	OKR_FORMAT_JSON,
	OKR_FORMAT_GITHUB,
	OKR_FORMAT_GITLAB,
};

void okr_diags_add(struct okr_diags *d, const char *file, unsigned line,
		   unsigned col, enum okr_severity sev, const char *rule,
		   const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The same, about one thing (a key result "obj#kr", a milestone
 * "obj#kr/milestone"): GitLab's fingerprint then depends on the rule, the
 * file and that thing only, never on the message or the line. */
void okr_diags_add_about(struct okr_diags *d, const char *about, const char *file,
			 unsigned line, unsigned col, enum okr_severity sev,
			 const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* Sort by file, line, column; stable for equal places. */
void okr_diags_sort(struct okr_diags *d);
void okr_diags_free(struct okr_diags *d);
/* Append src's diagnostics to dst, in their order, as if each had been
 * added to dst: the limit per file counts across the seam (a list built on
 * another thread joins its caller's). src is left empty. */
void okr_diags_append(struct okr_diags *dst, struct okr_diags *src);
/* Parse "text", "json", ... into *out; -1 if unknown. */
int okr_format_parse(enum okr_format *out, const char *name);
/* Render every diagnostic in the format into out. */
void okr_diags_render(struct okr_buf *out, const struct okr_diags *d,
		      enum okr_format fmt, int color);

#endif
