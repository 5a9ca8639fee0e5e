/*
 * yamltree.c: libyaml's event stream turned into a tree with marks, plus the
 * checks libyaml leaves to its users (see yaml.h). The parser stops at the
 * first thing it refuses, so a hostile file costs at most one pass over a
 * size-limited buffer.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yamltree.h"

/* A collection being built: its node and its children so far. */
struct frame {
	struct okr_node *node;
	struct okr_node **kids;	/* map: key, value, key, value ... */
	size_t nkids, cap;
};

struct builder {
	struct okr_doc *doc;
	struct okr_diags *diags;
	struct frame stack[OKR_YAML_MAX_DEPTH + 1];
	size_t depth;
	struct okr_node *root;
	int ndocs;
	/* Set when the text holds U+0085, U+2028 or U+2029: YAML 1.1 (and so
	 * libyaml) breaks lines there, editors and CI parsers do not; marks
	 * are recounted from their index with LF, CR and CRLF alone. */
	uint32_t *line_starts;	/* character index where each line begins */
	size_t nlines;
};

/* U+2028, U+2029 (E2 80 A8/A9) or U+0085 (C2 85) anywhere in buf; memchr
 * for the lead bytes, as the text is almost always free of them. */
static bool
has_odd_breaks(const char *buf, size_t len)
{
	const char *end = buf + len, *p;

	for (p = buf; (p = memchr(p, '\xE2', (size_t)(end - p))); p++)
		if (end - p >= 3 && p[1] == '\x80' && (p[2] == '\xA8' || p[2] == '\xA9'))
			return true;
	for (p = buf; (p = memchr(p, '\xC2', (size_t)(end - p))); p++)
		if (end - p >= 2 && p[1] == '\x85')
			return true;
	return false;
}

static void
count_lines(struct builder *b, const char *buf, size_t len)
{
	size_t i = 0, cap = 64;
	uint32_t chars = 0;

	if (!has_odd_breaks(buf, len))
		return;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	b->line_starts = okr_xmalloc(cap * sizeof(*b->line_starts));
	b->line_starts[b->nlines++] = 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if ((c & 0xC0) == 0x80)
			continue;	/* not the first byte of a character */
		chars++;
		if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			if (b->nlines == cap) {
				cap *= 2;
				b->line_starts = okr_xrealloc(b->line_starts,
							      cap * sizeof(*b->line_starts));
			}
			b->line_starts[b->nlines++] = chars;
		}
	}
}

/* A libyaml mark with its line and column counted as editors count them. */
static void
fix_mark(const struct builder *b, yaml_mark_t *m)
{
	size_t lo = 0, hi = b->nlines;

	if (!b->line_starts)
		return;
	while (hi - lo > 1) {	/* the last line start <= index */
		size_t mid = lo + (hi - lo) / 2;

		if (b->line_starts[mid] <= m->index)
			lo = mid;
		else
			hi = mid;
	}
	m->line = lo;
	m->column = m->index - b->line_starts[lo];
}

static void
diag_at(struct builder *b, const yaml_mark_t *m, const char *rule,
	const char *msg)
{
	okr_diags_add(b->diags, b->doc->path, (unsigned)m->line + 1,
		      (unsigned)m->column + 1, OKR_SEV_ERROR, rule, "%s", msg);
}

static void
set_mark(struct okr_mark *out, const yaml_mark_t *m)
{
	out->index = m->index;
	out->line = m->line;
	out->col = m->column;
}

/* Line and column (1-based, in characters) of a byte offset, counting line
 * breaks as libyaml does (LF, CR, CRLF). Used for reader errors, which
 * libyaml reports as a byte offset only. */
static void
place_of_offset(const char *buf, size_t len, size_t off, unsigned *line,
		unsigned *col)
{
	size_t i = 0;
	unsigned l = 1, c = 1;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < off && i < len; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == '\n' || (ch == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (ch == '\r') {
			/* the LF that follows ends the line */
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static int
push_child(struct builder *b, struct okr_node *n)
{
	struct frame *f;

	if (b->depth == 0) {
		b->root = n;
		return 0;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->type == OKR_NODE_MAP && f->nkids % 2 == 0) {
		/* n is a key */
		if (n->type != OKR_NODE_SCALAR) {
			yaml_mark_t m = { n->start.index, n->start.line, n->start.col };

			diag_at(b, &m, "complex-key",
				"a mapping key must be plain text, not a collection");
			return -1;
		}
		if (n->style == OKR_STYLE_PLAIN && strcmp(n->value, "<<") == 0) {
			yaml_mark_t m = { n->start.index, n->start.line, n->start.col };

			diag_at(b, &m, "merge-key", "merge keys ('<<') are not allowed");
			return -1;
		}
	}
	if (f->nkids == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->kids = okr_xrealloc(f->kids, f->cap * sizeof(*f->kids));
	}
	f->kids[f->nkids++] = n;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct okr_pair *pa = *(const struct okr_pair *const *)a;
	const struct okr_pair *pb = *(const struct okr_pair *const *)b;
	size_t n = pa->key->len < pb->key->len ? pa->key->len : pb->key->len;
	int c = memcmp(pa->key->value, pb->key->value, n);

	if (c)
		return c;
	if (pa->key->len != pb->key->len)
		return pa->key->len < pb->key->len ? -1 : 1;
	return pa->key->start.index < pb->key->start.index ? -1 : 1;
}

static bool
same_key(const struct okr_node *a, const struct okr_node *b)
{
	return a->len == b->len && memcmp(a->value, b->value, a->len) == 0;
}

static void
dup_error(struct builder *b, const struct okr_node *first,
	  const struct okr_node *again)
{
	okr_diags_add(b->diags, b->doc->path, (unsigned)again->start.line + 1,
		      (unsigned)again->start.col + 1, OKR_SEV_ERROR,
		      "duplicate-key", "duplicate key '%s' (first at line %u)",
		      again->value, first->start.line + 1);
}

/* Duplicate keys: pairwise for small maps, by sorting for large ones, so a
 * hostile map of many keys stays O(n log n). */
static void
check_duplicates(struct builder *b, struct okr_node *map)
{
	struct okr_pair **sorted;
	size_t i, j;

	if (map->n <= 16) {
		for (i = 1; i < map->n; i++)
			for (j = 0; j < i; j++)
				if (same_key(map->pairs[j].key, map->pairs[i].key)) {
					dup_error(b, map->pairs[j].key, map->pairs[i].key);
					break;
				}
		return;
	}
	sorted = okr_xmalloc(map->n * sizeof(*sorted));
	for (i = 0; i < map->n; i++)
		sorted[i] = &map->pairs[i];
	qsort(sorted, map->n, sizeof(*sorted), key_cmp);
	for (i = 1, j = 0; i < map->n; i++) {
		if (same_key(sorted[j]->key, sorted[i]->key))
			dup_error(b, sorted[j]->key, sorted[i]->key);
		else
			j = i;
	}
	free(sorted);
}

static struct okr_node *
close_frame(struct builder *b, const yaml_mark_t *end)
{
	struct frame *f = &b->stack[--b->depth];
	struct okr_node *n = f->node;
	struct okr_arena *a = &b->doc->arena;
	size_t i;

	set_mark(&n->end, end);
	if (n->type == OKR_NODE_MAP) {
		n->n = f->nkids / 2;
		n->pairs = okr_arena_alloc(a, n->n * sizeof(*n->pairs));
		for (i = 0; i < n->n; i++) {
			n->pairs[i].key = f->kids[2 * i];
			n->pairs[i].value = f->kids[2 * i + 1];
		}
		check_duplicates(b, n);
	} else {
		n->n = f->nkids;
		n->items = okr_arena_alloc(a, n->n * sizeof(*n->items));
		if (n->n)
			memcpy(n->items, f->kids, n->n * sizeof(*n->items));
	}
	f->nkids = 0;
	return n;
}

static int
open_frame(struct builder *b, struct okr_node *n, const yaml_mark_t *m)
{
	struct frame *f;

	if (b->depth >= OKR_YAML_MAX_DEPTH) {
		okr_diags_add(b->diags, b->doc->path, (unsigned)m->line + 1,
			      (unsigned)m->column + 1, OKR_SEV_ERROR, "too-deep",
			      "nesting is deeper than %d levels", OKR_YAML_MAX_DEPTH);
		return -1;
	}
	f = &b->stack[b->depth++];
	f->node = n;
	f->nkids = 0;
	return 0;
}

/* Anchors and tags are refused wherever they appear. */
static int
refuse_props(struct builder *b, const yaml_event_t *ev, const yaml_char_t *anchor,
	     const yaml_char_t *tag)
{
	if (anchor) {
		okr_diags_add(b->diags, b->doc->path,
			      (unsigned)ev->start_mark.line + 1,
			      (unsigned)ev->start_mark.column + 1, OKR_SEV_ERROR,
			      "anchor", "anchors are not allowed ('&%s')",
			      (const char *)anchor);
		return -1;
	}
	if (tag) {
		okr_diags_add(b->diags, b->doc->path,
			      (unsigned)ev->start_mark.line + 1,
			      (unsigned)ev->start_mark.column + 1, OKR_SEV_ERROR,
			      "tag", "tags are not allowed ('%s')", (const char *)tag);
		return -1;
	}
	return 0;
}

static enum okr_scalar_style
style_of(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: return OKR_STYLE_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return OKR_STYLE_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE: return OKR_STYLE_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE: return OKR_STYLE_FOLDED;
	default: return OKR_STYLE_PLAIN;
	}
}

/* One event into the tree: 1 to go on, 0 at the end, -1 on an error. */
static int
handle(struct builder *b, yaml_event_t *ev)
{
	struct okr_arena *a = &b->doc->arena;
	struct okr_node *n;

	fix_mark(b, &ev->start_mark);
	fix_mark(b, &ev->end_mark);

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1) {
			diag_at(b, &ev->start_mark, "multiple-documents",
				"a file holds one document; found a second one");
			return -1;
		}
		return 1;
	case YAML_ALIAS_EVENT:
		okr_diags_add(b->diags, b->doc->path,
			      (unsigned)ev->start_mark.line + 1,
			      (unsigned)ev->start_mark.column + 1, OKR_SEV_ERROR,
			      "alias", "aliases are not allowed ('*%s')",
			      (const char *)ev->data.alias.anchor);
		return -1;
	case YAML_SCALAR_EVENT:
		if (refuse_props(b, ev, ev->data.scalar.anchor, ev->data.scalar.tag) < 0)
			return -1;
		n = okr_arena_alloc(a, sizeof(*n));
		n->type = OKR_NODE_SCALAR;
		set_mark(&n->start, &ev->start_mark);
		set_mark(&n->end, &ev->end_mark);
		n->value = okr_arena_strndup(a, (const char *)ev->data.scalar.value,
					     ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->style = style_of(ev->data.scalar.style);
		return push_child(b, n) < 0 ? -1 : 1;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool map = ev->type == YAML_MAPPING_START_EVENT;

		if (refuse_props(b, ev,
				 map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor,
				 map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag) < 0)
			return -1;
		n = okr_arena_alloc(a, sizeof(*n));
		n->type = map ? OKR_NODE_MAP : OKR_NODE_SEQ;
		n->flow = map ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
			      : ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
		set_mark(&n->start, &ev->start_mark);
		if (push_child(b, n) < 0)
			return -1;
		return open_frame(b, n, &ev->start_mark) < 0 ? -1 : 1;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_frame(b, &ev->end_mark);
		return 1;
	default:
		return 1;
	}
}

static void
parser_error(struct builder *b, yaml_parser_t *p, const char *buf, size_t len)
{
	unsigned line, col;

	if (p->error == YAML_MEMORY_ERROR) {
		okr_diags_add(b->diags, b->doc->path, 1, 1, OKR_SEV_ERROR, "yaml",
			      "out of memory while parsing");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		place_of_offset(buf, len, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			okr_diags_add(b->diags, b->doc->path, line, col,
				      OKR_SEV_ERROR, "encoding",
				      "not valid UTF-8 text: %s (byte 0x%02X)",
				      p->problem, (unsigned)p->problem_value & 0xFF);
		else
			okr_diags_add(b->diags, b->doc->path, line, col,
				      OKR_SEV_ERROR, "encoding",
				      "not valid UTF-8 text: %s", p->problem);
		return;
	}
	fix_mark(b, &p->problem_mark);
	fix_mark(b, &p->context_mark);
	if (p->context)
		okr_diags_add(b->diags, b->doc->path,
			      (unsigned)p->problem_mark.line + 1,
			      (unsigned)p->problem_mark.column + 1, OKR_SEV_ERROR,
			      "yaml", "yaml syntax: %s %s (line %zu)", p->context,
			      p->problem, p->context_mark.line + 1);
	else
		okr_diags_add(b->diags, b->doc->path,
			      (unsigned)p->problem_mark.line + 1,
			      (unsigned)p->problem_mark.column + 1, OKR_SEV_ERROR,
			      "yaml", "yaml syntax: %s", p->problem);
}

static bool
first_break_is_crlf(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);

	return nl && nl > buf && nl[-1] == '\r';
}

int
okr_doc_parse(struct okr_doc **out, const char *path, const char *buf,
	      size_t len, struct okr_diags *diags)
{
	struct builder b;
	struct okr_doc *doc;
	yaml_parser_t parser;
	yaml_event_t ev;
	size_t i;
	int r = 1;

	*out = NULL;
	doc = okr_xcalloc(1, sizeof(*doc));
	doc->path = okr_xstrdup(path);
	memset(&b, 0, sizeof(b));
	b.doc = doc;
	b.diags = diags;

	if (len > OKR_YAML_MAX_SIZE) {
		okr_diags_add(diags, path, 1, 1, OKR_SEV_ERROR, "too-large",
			      "file is too large (the limit is %u MiB)",
			      OKR_YAML_MAX_SIZE >> 20);
		okr_doc_free(doc);
		return -1;
	}
	if (len >= 2 && ((buf[0] == '\xFE' && buf[1] == '\xFF') ||
			 (buf[0] == '\xFF' && buf[1] == '\xFE'))) {
		okr_diags_add(diags, path, 1, 1, OKR_SEV_ERROR, "encoding",
			      "file is UTF-16; okr files must be UTF-8");
		okr_doc_free(doc);
		return -1;
	}
	/* About eight bytes of tree per byte of YAML: one block for most. */
	doc->arena.first = len * 8 < 4096 ? 4096 : len * 8 > (1u << 20) ? (1u << 20) : len * 8;
	doc->buf = okr_xstrndup(buf, len);
	doc->len = len;
	doc->bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
	doc->crlf = first_break_is_crlf(buf, len);

	if (!yaml_parser_initialize(&parser)) {
		okr_diags_add(diags, path, 1, 1, OKR_SEV_ERROR, "yaml",
			      "out of memory while parsing");
		okr_doc_free(doc);
		return -1;
	}
	count_lines(&b, doc->buf, len);
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc->buf, len);
	while (r > 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(&b, &parser, doc->buf, len);
			r = -1;
			break;
		}
		r = handle(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (i = 0; i < OKR_YAML_MAX_DEPTH + 1; i++)
		free(b.stack[i].kids);
	free(b.line_starts);
	if (r < 0) {
		okr_doc_free(doc);
		return -1;
	}
	doc->root = b.root;
	*out = doc;
	return 0;
}

void
okr_doc_free(struct okr_doc *doc)
{
	if (!doc)
		return;
	okr_arena_free(&doc->arena);
	free(doc->path);
	free(doc->buf);
	free(doc);
}

struct okr_pair *
okr_map_pair(const struct okr_node *map, const char *key)
{
	size_t i, len;

	if (!map || map->type != OKR_NODE_MAP)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->n; i++) {
		const struct okr_node *k = map->pairs[i].key;

		if (k->len == len && memcmp(k->value, key, len) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

struct okr_node *
okr_map_get(const struct okr_node *map, const char *key)
{
	struct okr_pair *p = okr_map_pair(map, key);

	return p ? p->value : NULL;
}

bool
okr_scalar_is_bool11(const struct okr_node *n)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
	};
	size_t i;

	if (!n || n->type != OKR_NODE_SCALAR || n->style != OKR_STYLE_PLAIN ||
	    n->len == 0 || n->len > 5 || !strchr("yYnNtTfFoO", n->value[0]))
		return false;	/* numbers and most text end here */
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(n->value, words[i]) == 0)
			return true;
	return false;
}

bool
okr_scalar_is_null(const struct okr_node *n)
{
	if (!n)
		return true;
	if (n->type != OKR_NODE_SCALAR || n->style != OKR_STYLE_PLAIN)
		return false;
	return n->len == 0 || strcmp(n->value, "~") == 0 ||
	       strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	       strcmp(n->value, "NULL") == 0;
}

size_t
okr_doc_byte_offset(const struct okr_doc *doc, const struct okr_mark *m)
{
	size_t i = doc->bom ? 3 : 0, chars = 0;

	while (i < doc->len && chars < m->index) {
		i++;
		while (i < doc->len && ((unsigned char)doc->buf[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return i;
}
