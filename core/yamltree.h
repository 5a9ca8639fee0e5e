/*
 * yamltree.h: a YAML document as a tree that remembers where every node came
 * from. Built on libyaml's event parser, with the checks libyaml leaves to
 * us: one document only, no anchors, aliases, tags or merge keys, duplicate
 * keys, a depth limit, a size limit and strict UTF-8.
 */
#ifndef OKR_YAMLTREE_H
#define OKR_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

#define OKR_YAML_MAX_SIZE  (4u << 20)	/* bytes in one file */
#define OKR_YAML_MAX_DEPTH 32		/* nested collections */

/* libyaml's marks: 0-based, counted in characters after a stripped BOM. */
struct okr_mark {
	uint32_t index;		/* 32 bits: files are at most OKR_YAML_MAX_SIZE */
	uint32_t line;
	uint32_t col;
};

enum okr_node_type { OKR_NODE_SCALAR, OKR_NODE_MAP, OKR_NODE_SEQ };

enum okr_scalar_style {
	OKR_STYLE_PLAIN,
	OKR_STYLE_SINGLE,
	OKR_STYLE_DOUBLE,
	OKR_STYLE_LITERAL,
	OKR_STYLE_FOLDED,
};

struct okr_pair;

/* Kept small: a check of ten thousand files holds millions of these. */
struct okr_node {
	struct okr_mark start, end;
	enum okr_node_type type;
	enum okr_scalar_style style;	/* scalar */
	const char *value;	/* scalar: NUL-terminated; may hold NULs (use len) */
	uint32_t len;
	uint32_t n;		/* number of pairs or items */
	struct okr_pair *pairs;	/* map */
	struct okr_node **items;	/* seq */
	bool flow;		/* flow collection ({} or []) */
};

struct okr_pair {
	struct okr_node *key;	/* always a scalar */
	struct okr_node *value;
};

struct okr_doc {
	char *path;		/* as shown in diagnostics */
	char *buf;		/* the original bytes, NUL-terminated */
	size_t len;
	bool bom;		/* the buffer starts with a UTF-8 BOM */
	bool crlf;		/* the first line break is CRLF */
	struct okr_node *root;	/* NULL for an empty document */
	struct okr_arena arena;
};

/*
 * Parse buf (len bytes, copied) into *out. Problems go to diags with the
 * path and place. Returns 0 when a tree was built (diags may still hold
 * errors such as duplicate keys), -1 when the file could not be read as
 * YAML at all (*out is then NULL).
 */
int okr_doc_parse(struct okr_doc **out, const char *path, const char *buf,
		  size_t len, struct okr_diags *diags);
void okr_doc_free(struct okr_doc *doc);

/* The value for key in a map node, or NULL (also when map is not a map). */
struct okr_node *okr_map_get(const struct okr_node *map, const char *key);
/* The pair for key, or NULL. */
struct okr_pair *okr_map_pair(const struct okr_node *map, const char *key);

/* True when a plain scalar reads as YAML 1.1's booleans: yes, no, on, off, y, n,
 * true, false in any of their spellings. */
bool okr_scalar_is_bool11(const struct okr_node *n);
/* True when the scalar is plain and null-like: "", ~, null. */
bool okr_scalar_is_null(const struct okr_node *n);

/* Byte offset in doc->buf of a mark (which counts characters). */
size_t okr_doc_byte_offset(const struct okr_doc *doc, const struct okr_mark *m);

#endif
