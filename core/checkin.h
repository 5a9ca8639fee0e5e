/*
 * checkin.h: one check-in as okr update makes it: the new bytes of the
 * objective file (only the changed values rewritten), validated, and the
 * commit message with okr's trailers.
 */
#ifndef OKR_CHECKIN_H
#define OKR_CHECKIN_H

#include <stdbool.h>

#include "buf.h"
#include "date.h"
#include "model.h"
#include "tree.h"

struct okr_checkin_req {
	const char *value;	/* a number, or done / not-done */
	const char *milestone;	/* --milestone: a number from 1 or a title */
	bool has_confidence;
	double confidence;
	okr_date date;		/* the check-in date (updated:) */
	const char *message;	/* the user's words, or NULL */
};

struct okr_checkin_out {
	char *buf;		/* the new file */
	size_t len;
	char *subject;		/* "okr: 2026-Q4/x#kr 450 -> 420 ms" */
	char *message;		/* subject, body and trailers */
};

/*
 * Work out the check-in on obj (and kr, NULL for an objective milestone)
 * loaded from the working tree. Returns 0 and fills out, or -1 with a
 * one-line reason in err; nothing is written either way.
 */
int okr_checkin_prepare(struct okr_checkin_out *out, const struct okr_config *cfg,
			const struct okr_objective *obj, const struct okr_kr *kr,
			const struct okr_checkin_req *req, struct okr_buf *err);
void okr_checkin_out_free(struct okr_checkin_out *out);

/* A value given on the command line as a number: strict, finite. */
int okr_number_parse(double *out, const char *s);

/*
 * Validate a file okr is about to write (relpath below the root, its new
 * bytes) on its own; -1 with the first error, "<line>:<col>: <message>",
 * in err.
 */
int okr_validate_new_bytes(const struct okr_config *cfg, const char *relpath,
			   const char *buf, size_t len, struct okr_buf *err);

/*
 * What okr check asks of a file beyond itself, asked of the new bytes of
 * obj's file: its parent is an objective of its period, at a higher level.
 * tree holds that parent (okr_tree_load_ref loads it). -1 with the first
 * error, "<line>:<col>: <message>", in err.
 */
int okr_checkin_validate_links(const struct okr_tree *tree,
			       const struct okr_objective *obj, const char *buf,
			       size_t len, struct okr_buf *err);

#endif
