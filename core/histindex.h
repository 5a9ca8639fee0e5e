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
	/* last[i]: of order[first..i] of i's ref, the check-in with a number
	 * latest in first-parent order (its place in all), or NONE: the value
	 * as of a day is last[] at the day's end (SPEC section 8) */
	uint32_t *last;
	struct okr_refrange {
		size_t first, n;
	} *ranges;			/* by ref number */
	struct okr_arena arena2;	/* the second thread's summaries */
	/* okr mv's renames (Okr-Renamed) met so far, newest first. A check-in
	 * the walk meets after renames[0..epoch) is older than they are: it
	 * is recorded under the name they give it, its name at the walk's
	 * first commit (okr_hist_add). epoch is nrenames while walking. */
	struct okr_rename {
		const char *old, *new;	/* "P/obj#kr" or "P/obj" */
		size_t oldlen, newlen;
		size_t jobs;		/* hand edits queued before it */
	} *renames;
	size_t nrenames, caprenames, epoch;
	char *name;			/* okr_hist_name's scratch */
	size_t namecap;
};

struct okr_hist *okr_hist_new(void);
/* A check-in of commit c for ref, appended in walk order; the caller fills
 * in the value. */
struct okr_checkin *okr_hist_add(struct okr_hist *hi, const char *ref, size_t reflen,
				 const struct okr_rawcommit *c);
/*
 * Commit of the walk with trailer Okr-Renamed: "<old> -> <new>" (renamed):
 * the check-ins met from now on, older than it, named old or below old
 * (an objective's "old#kr") are new's. jobs: the hand edits queued so far
 * (history.c's second thread), which are newer than it.
 */
void okr_hist_rename(struct okr_hist *hi, const char *renamed, size_t len, size_t jobs);
/* ref (len bytes) as named at the walk's first commit, by the renames of
 * the epoch; *outlen its length. ref itself, or hi's scratch until the
 * next call. */
const char *okr_hist_name(struct okr_hist *hi, const char *ref, size_t len, size_t *outlen);
/* The epoch of the job-th hand edit queued (merging them, handjobs.c):
 * the renames met before it was queued. okr_hist_index restores it. */
void okr_hist_epoch_at_job(struct okr_hist *hi, size_t job);
/* ref's key result ("P/obj#kr") in h's start snapshot, under the name it
 * had then; NULL when it is not there. */
const struct okr_kr *okr_hist_start_kr(const struct okr_history *h, const char *ref);
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
/* okr log's line for one Okr-Carried trailer of okr carry commit m, in the
 * log of ref (reflen bytes: its source or its copy): what says which. */
void okr_hist_carry_line(struct okr_hist *hi, const struct okr_rawcommit *c,
			 const struct okr_message *m, const char *ref, size_t reflen,
			 const char *what);
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
