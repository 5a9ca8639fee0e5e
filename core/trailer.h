/*
 * trailer.h: okr's commit messages read back: the subject, the body the
 * user wrote, and the trailers okr writes (Okr-Ref, Okr-Value,
 * Okr-Confidence, Okr-Milestone; the plan changes' Okr-Target, Okr-Dropped,
 * Okr-Score, Okr-Renamed, Okr-Close, Okr-Carried) from the message's last
 * paragraph.
 */
#ifndef OKR_TRAILER_H
#define OKR_TRAILER_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of a message, not NUL-terminated. */
struct okr_span {
	const char *p;
	size_t n;
};

struct okr_message {
	struct okr_span subject, body;
	struct okr_span ref, value, confidence, milestone;
	/* plan changes (okr update --target/--drop/--score, okr mv) */
	struct okr_span target, dropped, score, renamed;
	struct okr_span close;	/* Okr-Close: <period> (okr close) */
	/* okr carry: the first Okr-Carried: <from> -> <to>, one a key
	 * result; okr_message_carried gives each */
	struct okr_span carried;
	struct okr_span trailers;	/* the last paragraph, with Okr- ones */
	bool okr;		/* has an Okr-Ref trailer */
};

/* Parse msg (len bytes): m's spans point into it. */
void okr_message_parse(struct okr_message *m, const char *msg, size_t len);

/* The Okr-Carried trailers of m one by one: *at 0 first, then as left;
 * false after the last. */
bool okr_message_carried(const struct okr_message *m, size_t *at, struct okr_span *out);

/* A trailer's value as a number: done/true 1, not-done/false 0, else a
 * decimal; false when it is none of these. */
bool okr_span_number(double *out, struct okr_span s);

#endif
