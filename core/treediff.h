/*
 * treediff.h: what a commit without okr's trailers changed (a hand edit, a
 * merge): the period folders of its tree and its first parent's compared,
 * descending only where the subtrees differ, and each changed objective
 * file's old and new blob parsed down to its key results' values
 * (summaries, cached by blob id). One differ per thread.
 */
#ifndef OKR_TREEDIFF_H
#define OKR_TREEDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

#include "buf.h"
#include "model.h"
#include "odb.h"

/* A key result as one version of its file holds it. */
struct okr_krsum {
	const char *id;
	const char *text;	/* the value as written ("420", "done", "2/4") */
	double value, conf;
	bool has_value, has_conf;
};

/* A blob reduced to what a comparison needs. */
struct okr_blobsum {
	git_oid blob;
	struct okr_krsum *krs;	/* the key results with an id and a value */
	size_t nkrs;
};

/* A key result whose value or confidence changed. */
struct okr_change {
	const char *ref;		/* "2026-Q4/team/x#kr" */
	const struct okr_krsum *k;	/* its new version */
};

struct okr_differ {
	struct okr_odb *odb;		/* owned */
	const char *prefix;		/* the OKR root in the repository */
	const char *period;		/* the folder compared, "2026-Q4" */
	const struct okr_config *cfg;	/* how blobs are parsed */
	struct okr_arena *arena;	/* the summaries and changes */
	/* the changed key results found so far, in the order of the trees */
	struct okr_change *changes;
	size_t nchanges, capchanges;
	/* private */
	struct okr_blobsum **sums;	/* open addressing by blob id */
	size_t nsums, capsums;
	struct okr_buf buf;
};

/* Set up d over odb (taken over) with the fields above; the rest zero. */
void okr_differ_init(struct okr_differ *d, struct okr_odb *odb, const char *prefix,
		     const char *period, const struct okr_config *cfg,
		     struct okr_arena *arena);
void okr_differ_release(struct okr_differ *d);

/* The blob of relpath (below the OKR root) in tree: 1 and *out; 0 when
 * there is no such file; negative when a tree cannot be read. */
int okr_differ_blob_at(struct okr_differ *d, git_oid *out, const git_oid *tree,
		       const char *relpath);
/*
 * Whether file relpath (below the OKR root) differs between two root trees,
 * found by comparing one entry per level and stopping at the first level
 * where both sides hold the same id (the same folder: nothing below it
 * changed). 1 with both blob ids when the file is in both trees and
 * differs; 0 when it is unchanged or absent on either side; negative when
 * a tree cannot be read.
 */
int okr_differ_file_changed(struct okr_differ *d, git_oid *oldb, git_oid *newb,
			    const git_oid *oldtree, const git_oid *newtree,
			    const char *relpath);
/* The summary of blob id, file relpath ("2026-Q4/team/x.yaml"): 0, or
 * negative when it cannot be read (the error names it). A blob that does
 * not parse has a summary without key results. */
int okr_differ_summary(const struct okr_blobsum **out, struct okr_differ *d,
		       const git_oid *id, const char *relpath);
/* The key results whose value or confidence differ between two versions of
 * relpath, appended to d->changes (a key result new in newb is none). */
int okr_differ_blobs(struct okr_differ *d, const git_oid *oldb, const git_oid *newb,
		     const char *relpath);
/* What changed in d->period's folder between two root trees, appended to
 * d->changes. 0, or negative when an object cannot be read. */
int okr_differ_trees(struct okr_differ *d, const git_oid *oldtree, const git_oid *newtree);

#endif
