/*
 * model.h: an OKR repository in memory: okr.yaml's settings and every
 * objective with its key results. Strings point into the YAML document the
 * object was loaded from (doc owns them); every field keeps its node so a
 * diagnostic or an edit can find its place.
 */
#ifndef OKR_MODEL_H
#define OKR_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "diag.h"
#include "yamltree.h"

/* A place in a file, 1-based; line 0 when the thing is absent. Kept in
 * the model so checks need no YAML tree once a file is loaded. */
struct okr_pos {
	uint32_t line, col;
};

enum okr_level { OKR_LEVEL_COMPANY, OKR_LEVEL_TEAM, OKR_LEVEL_INDIVIDUAL };

enum okr_review { OKR_WEEKLY, OKR_MONTHLY, OKR_QUARTERLY };

struct okr_team {
	const char *key;
	const char *name;
	const char *lead;
	const char **members;
	size_t nmembers;
};

/* One entry of okr.yaml's closed: (written by okr close). */
struct okr_closed {
	const char *period;		/* "2026-Q3" */
	okr_date date;			/* the day it closed */
};

struct okr_config {
	const char *organisation;
	const char **ambassadors;	/* "Name <email>" */
	size_t nambassadors;
	int fiscal_year_start;		/* 1-12 */
	int checkin_days;		/* cadence.checkin */
	int meeting_day;		/* 0 = Monday ... 6 = Sunday */
	int meeting_minute;		/* minutes after midnight */
	int meeting_length;		/* minutes */
	enum okr_review review, report;
	double on_track, at_risk;
	struct okr_team *teams;		/* NULL when teams is not declared */
	size_t nteams;
	bool has_teams;
	const char **team_keys;		/* the keys of teams, sorted */
	const char **emails;		/* every known person's email, sorted */
	size_t nemails;
	struct okr_closed *closed;	/* closed periods, in file order */
	size_t nclosed;
	struct okr_doc *doc;		/* NULL for the defaults */
};

enum okr_kr_kind {
	OKR_KR_NONE,			/* invalid: no kind could be told */
	OKR_KR_METRIC,
	OKR_KR_THRESHOLD,
	OKR_KR_BINARY,
	OKR_KR_MILESTONE,
};

struct okr_milestone {
	const char *title;
	okr_date due;
	bool has_due;
	bool done;
	struct okr_pos due_at;
	const struct okr_node *node;	/* NULL once compacted */
};

struct okr_kr {
	const char *id;
	const char *title;
	const char *owner;		/* the objective's owner when absent */
	const char *unit;		/* NULL when absent */
	enum okr_kr_kind kind;
	double start, target, current;	/* metric; current also threshold */
	bool has_current;
	double bound;			/* threshold */
	bool at_least;			/* threshold: at_least (else at_most) */
	bool done;			/* binary */
	double confidence;
	bool has_confidence;
	double weight;			/* default 1 */
	okr_date updated;
	bool has_updated;
	okr_date due;
	bool has_due;
	struct okr_milestone *milestones;
	size_t nmilestones;
	/* The quarter's end and plan changes (SPEC section 8). */
	double score;			/* final grade, written by okr close */
	bool has_score;
	okr_date dropped;		/* out of scoring from this day */
	bool has_dropped;
	const char *drop_reason;	/* with dropped; NULL when absent */
	const char *carried_from;	/* "2026-Q3/obj#kr"; NULL when absent */
	struct okr_pos at, updated_at, due_at;	/* the mapping, updated:, due: */
	struct okr_pos score_at;	/* score: (line 0 when absent) */
	const struct okr_node *node;	/* the key result's mapping; NULL once
					 * compacted */
};

struct okr_objective {
	char *path;			/* "2026-Q4/platform/x.yaml", below the root */
	char *period;			/* "2026-Q4" */
	char *id;			/* "platform/x" */
	const char *title;
	enum okr_level level;
	const char *owner;
	const char *parent;		/* NULL when absent */
	bool committed;
	const char *description;
	struct okr_kr *krs;
	size_t nkrs;
	struct okr_milestone *milestones;
	size_t nmilestones;
	struct okr_pos parent_at;
	okr_date dropped;		/* the whole objective dropped on this day */
	bool has_dropped;
	const char *drop_reason;
	struct okr_doc *doc;		/* path always; tree and bytes until
					 * okr_objective_compact */
};

/* Parse okr.yaml (path as shown in diagnostics). On a file that cannot be
 * used at all, returns -1; otherwise 0 with defaults for what is missing
 * or wrong (the errors are in diags). */
int okr_config_load(struct okr_config **out, const char *path,
		    const char *buf, size_t len, struct okr_diags *diags);
/* The defaults of SPEC section 2 (no organisation). */
struct okr_config *okr_config_default(void);
void okr_config_free(struct okr_config *cfg);

/*
 * Parse and validate one objective file on its own. relpath is the path
 * below the OKR root ("2026-Q4/platform/x.yaml"); diagnostics name
 * display_path. Returns 0 and an objective (possibly with errors in diags),
 * or -1 when nothing usable could be read.
 */
int okr_objective_load(struct okr_objective **out,
		       const struct okr_config *cfg, const char *relpath,
		       const char *display_path, const char *buf, size_t len,
		       struct okr_diags *diags);
void okr_objective_free(struct okr_objective *obj);
/*
 * Keep every field and string of obj (and its diagnostics' path) in a small
 * arena of its own and free the YAML tree and bytes, ten times the size:
 * for objectives that are read, checked and reported on, never edited.
 * Node pointers become NULL; the okr_pos fields stay.
 */
void okr_objective_compact(struct okr_objective *obj);

/* Whether period is closed (okr.yaml's closed:); *date (may be NULL)
 * gets the day it closed. */
bool okr_config_closed(const struct okr_config *cfg, const char *period,
		       okr_date *date);
/* Dropped by as_of: the key result itself or its whole objective. */
bool okr_kr_dropped(const struct okr_objective *obj, const struct okr_kr *kr,
		    okr_date as_of);
bool okr_objective_dropped(const struct okr_objective *obj, okr_date as_of);

const char *okr_level_name(enum okr_level level);
/* Whether owner is known: always when no teams are declared; else a team
 * key, or "Name <email>" with an email of a lead, member or ambassador. */
bool okr_config_owner_known(const struct okr_config *cfg, const char *owner);
/* The email inside "Name <email>", written to buf; NULL if owner has none. */
const char *okr_person_email(char *buf, size_t size, const char *owner);
/* The candidate closest to word by edit distance, or NULL if none is close:
 * the "did you mean" of every unknown-name error. */
const char *okr_suggest(const char *word, const char *const *cands, size_t n);
/* Edit distance between two short words (99 for long ones). */
size_t okr_distance(const char *a, const char *b);
const char *okr_kr_kind_name(enum okr_kr_kind kind);

#endif
