/*
 * edit.h: change values in a parsed YAML document in place, byte for byte:
 * only the bytes of the changed values move, everything else (comments,
 * quoting, blank lines, line endings, a BOM) stays exactly as it was.
 */
#ifndef OKR_EDIT_H
#define OKR_EDIT_H

#include <stddef.h>

#include "yamltree.h"

/* How a new value is written. */
enum okr_edit_kind {
	OKR_EDIT_PLAIN,	/* a number, true/false or a date: always plain */
	OKR_EDIT_TEXT,	/* free text: the old value's quotes, else plain when
			 * that reads back as the same text, else "double" */
};

/* Changes collected on one document; the document must outlive it. */
struct okr_edit;

int okr_edit_new(struct okr_edit **out, const struct okr_doc *doc);
void okr_edit_free(struct okr_edit *e);

/*
 * Set key in the mapping node map (a node of the edit's document) to the
 * scalar text. An existing single-line scalar is replaced in place; a
 * missing key is added after the mapping's last pair (a new line indented
 * like its siblings, or ", key: value" in a flow mapping). Setting the same
 * key twice keeps the last text. Returns -1 with okr_edit_error() set when
 * the change cannot be made exactly (block scalars, multi-line values,
 * collections, a map that is not a mapping, text that is not UTF-8).
 */
int okr_edit_set(struct okr_edit *e, const struct okr_node *map,
		 const char *key, const char *text, enum okr_edit_kind kind);

/*
 * Structural edits, for okr close, carry and mv; the same verification
 * covers them (the re-parsed tree differs only as asked).
 *
 * okr_edit_remove: drop key and its value from map: in a block mapping
 * the whole lines they stand on (refused when the key shares its line),
 * in a flow mapping the pair and one comma.
 *
 * okr_edit_set_nested: key: { subkey: text } in map, written as a block
 * ("closed:\n  2026-Q3: 2026-10-02"); when key already holds a mapping,
 * only subkey is set in it.
 *
 * okr_edit_append_item: a new last item of the block list seq, given as
 * YAML text at column 0 ("id: x\ntitle: y\n"), indented like the list's
 * first item, in the file's line endings.
 */
int okr_edit_remove(struct okr_edit *e, const struct okr_node *map,
		    const char *key);
int okr_edit_set_nested(struct okr_edit *e, const struct okr_node *map,
			const char *key, const char *subkey, const char *text);
int okr_edit_append_item(struct okr_edit *e, const struct okr_node *seq,
			 const char *yaml);

/*
 * Splice every change into a copy of the document's bytes, re-parse the
 * result and check that it differs from the original tree only in the
 * values set. On success *out (NUL-terminated, *outlen bytes without the
 * NUL) belongs to the caller; on failure *out is NULL and -1 is returned
 * with okr_edit_error() set.
 */
int okr_edit_apply(char **out, size_t *outlen, struct okr_edit *e);

/* The last error, one line ("<file>:<line>:<col>: ..." where there is a
 * place, no "error:" prefix), or NULL. Valid until the next call on e. */
const char *okr_edit_error(const struct okr_edit *e);

/*
 * The shortest text that reads back (strtod) as v, in positional notation:
 * "420", "-3", "12.5", "0.1"; -0 is "0". NULL when v is not finite. The
 * caller frees the result. Assumes the C locale's decimal point.
 */
char *okr_edit_format_number(double v);

/*
 * Append text as a block-context YAML scalar for a file okr writes (init,
 * new): plain when that reads back as the same text, else double-quoted.
 */
void okr_yaml_put_text(struct okr_buf *b, const char *text);

#endif
