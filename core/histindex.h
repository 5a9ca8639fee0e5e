/*
 * histindex.h: history's own store and index, shared by the readers of
 * history (history.c, histlog.c) and nobody else: the check-ins as a walk
 * finds them (one copy of each ref, name and email), then sorted per key
 * result so that "what was this key result's value on that day" is a
 * binary search (okr_history_value_at).
 */
#ifndef OKR_HISTINDEX_H
#define OKR_HISTINDEX_H

#include <stdint.h>

#include "history.h"
#include "rawobj.h"

/* Interned strings: the one copy of each, numbered from 0. */
struct okr_strset {
	struct okr_strslot {
		const char *s;
		size_t len;
		uint64_t hash;
		uint32_t ord;
	} *slots;
	size_t cap, n;
};

struct okr_hist {
	struct okr_history pub;		/* first: okr_history_free casts back */
	/* every check-in read, in walk order (newest first) until
	 * okr_hist_index, oldest first after; refno[i] numbers all[i]'s ref */
	struct okr_checkin *all;
	uint32_t *refno;
	size_t nall, capall;
	struct okr_strset refs, people;
	/* the index */
	uint32_t *order;		/* all, sorted by (ref, date, time, walk) */
	struct okr_refrange {
		size_t first, n;
	} *ranges;			/* by ref number */
	struct okr_arena arena2;	/* the second thread's summaries */
};

struct okr_hist *okr_hist_new(void);
/* A check-in of commit c for ref, appended in walk order; the caller fills
 * in the value. */
struct okr_checkin *okr_hist_add(struct okr_hist *hi, const char *ref, size_t reflen,
				 const struct okr_rawcommit *c);
/* The walk is over: order the check-ins oldest first, index them, and keep
 * in pub.v those dated from `from` on, with their contributors. */
void okr_hist_index(struct okr_hist *hi, okr_date from);

#include "trailer.h"
#include "treediff.h"

/*
 * The check-in of a commit with okr's trailers (m): none for okr init or
 * okr new (no Okr-Value). A milestone's share needs the file at c's tree,
 * read through d. An empty body gives the subject as message when
 * subject_default, else "". 0, or negative when the file cannot be read.
 */
/*
 * okr log's line for a plan change of m's Okr-Ref (a commit with
 * Okr-Target, Okr-Dropped, Okr-Score or Okr-Renamed and no Okr-Value):
 * value holds what changed ("target 100 -> 120", "dropped", "score 0.6 ->
 * 0.7", "renamed from <old>"), has_number is false, plan is true. Never
 * called by the report's readers: a plan change is no check-in.
 */
void okr_hist_plan_line(struct okr_hist *hi, const struct okr_rawcommit *c,
			const struct okr_message *m);
/* okr log's "closed" line for ref, from an okr close commit m. */
void okr_hist_close_line(struct okr_hist *hi, const struct okr_rawcommit *c,
			 const struct okr_message *m, const char *ref);
int okr_hist_trailer_checkin(struct okr_hist *hi, struct okr_differ *d,
			     const struct okr_rawcommit *c, const struct okr_message *m,
			     bool subject_default);
/* The check-ins of hand edit c: the n changes its trees' comparison found. */
void okr_hist_hand_checkins(struct okr_hist *hi, const struct okr_rawcommit *c,
			    const struct okr_change *v, size_t n);

#endif
