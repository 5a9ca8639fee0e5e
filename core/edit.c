/*
 * edit.c: in-place edits of a YAML document for `okr update`. Changes are
 * byte ranges of the original buffer worked out from libyaml's marks; the
 * result is re-parsed and compared with the original tree, so an edit that
 * would touch anything but its own values is refused instead of written.
 */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "number.h"

/* What a change does; SET is okr_edit_set, the others the structural
 * edits of close, carry and mv (edit.h). */
enum change_op { OP_SET, OP_REMOVE, OP_NEST, OP_APPEND };

struct change {
	enum change_op op;
	const struct okr_node *map;	/* the mapping (or, OP_APPEND, the list) */
	const struct okr_node *old;	/* the value replaced or removed; NULL: a
					 * new key or item */
	char *subkey;			/* OP_NEST: the one key of the new mapping */
	struct okr_doc *frag;		/* OP_APPEND: the new item, parsed */
	char *key;
	char *text;			/* the value as it must read back */
	enum okr_scalar_style style;	/* ... and the style it must have */
	char *bytes;			/* what goes into the file */
	size_t start, end;		/* bytes replaced; start == end inserts */
	size_t seq;			/* call order: keeps new keys in order */
};

struct okr_edit {
	const struct okr_doc *doc;
	struct change *v;
	size_t n, cap, seq;
	char *error;
};

static void set_error(struct okr_edit *e, const struct okr_mark *at,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
set_error(struct okr_edit *e, const struct okr_mark *at, const char *fmt, ...)
{
	struct okr_buf b = OKR_BUF_INIT;
	va_list ap;

	if (at)
		okr_buf_printf(&b, "%s:%u:%u: ", e->doc->path, at->line + 1,
			       at->col + 1);
	else
		okr_buf_printf(&b, "%s: ", e->doc->path);
	va_start(ap, fmt);
	okr_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(e->error);
	e->error = okr_buf_detach(&b);
}

int
okr_edit_new(struct okr_edit **out, const struct okr_doc *doc)
{
	struct okr_edit *e;

	assert(out && doc);
	e = okr_xcalloc(1, sizeof(*e));
	e->doc = doc;
	*out = e;
	return 0;
}

static void
change_clear(struct change *c)
{
	free(c->subkey);
	okr_doc_free(c->frag);
	free(c->key);
	free(c->text);
	free(c->bytes);
}

void
okr_edit_free(struct okr_edit *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++)
		change_clear(&e->v[i]);
	free(e->v);
	free(e->error);
	free(e);
}

const char *
okr_edit_error(const struct okr_edit *e)
{
	return e ? e->error : NULL;
}

/* A character that may stand as itself inside a quoted or plain scalar on
 * one line. libyaml refuses C0/C1 controls and reads NEL, LS and PS as line
 * breaks; a BOM inside text would be read as a stray BOM. */
static bool
printable_inline(long cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return false;
	return cp != 0x2028 && cp != 0x2029 && cp != 0xFEFF &&
	       cp != 0xFFFE && cp != 0xFFFF;
}

static bool
all_printable(const char *s)
{
	size_t len = strlen(s), i = 0, adv = 1;

	while (i < len) {
		if (!printable_inline(okr_utf8_next(s + i, len - i, &adv)))
			return false;
		i += adv;
	}
	return true;
}

/* Words a YAML reader would not take as text when plain. */
static bool
special_word(const char *s)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
		"~", "null", "Null", "NULL",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/*
 * True when s written plain reads back as exactly s. Deliberately stricter
 * than YAML: anything doubtful gets quotes. words: also refuse the words
 * that read as booleans or null (wanted for text, not for true/false).
 */
static bool
plain_safe(const char *s, bool flow, bool words)
{
	size_t len = strlen(s), i;

	if (len == 0 || !all_printable(s) || strchr(s, '\t'))
		return false;
	if (s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
		return false;
	if (strchr(",[]{}#&*!|>'\"%@`", s[0]))
		return false;
	if (strchr("-?:", s[0]) && (len == 1 || s[1] == ' '))
		return false;
	if (strstr(s, ": ") || strstr(s, " #"))
		return false;
	if (flow)
		for (i = 0; i < len; i++)
			if (strchr(",[]{}:", s[i]))
				return false;
	return !(words && special_word(s));
}

static bool
single_safe(const char *s)
{
	return all_printable(s) && !strchr(s, '\t');
}

static void
put_single(struct okr_buf *b, const char *s)
{
	okr_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			okr_buf_putc(b, '\'');
		okr_buf_putc(b, *s);
	}
	okr_buf_putc(b, '\'');
}

/* s is UTF-8 (okr_edit_set checks, the commands refuse other arguments);
 * a stray byte would still be written as U+FFFD, never as \xFF, which YAML
 * reads as the different character U+00FF. */
static void
put_double(struct okr_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0, adv;

	okr_buf_putc(b, '"');
	while (i < len) {
		long cp = okr_utf8_next(s + i, len - i, &adv);

		switch (cp) {
		case -1: okr_buf_puts(b, "\\uFFFD"); break;
		case '"': okr_buf_puts(b, "\\\""); break;
		case '\\': okr_buf_puts(b, "\\\\"); break;
		case '\n': okr_buf_puts(b, "\\n"); break;
		case '\t': okr_buf_puts(b, "\\t"); break;
		case '\r': okr_buf_puts(b, "\\r"); break;
		case 0x85: okr_buf_puts(b, "\\N"); break;
		case 0x2028: okr_buf_puts(b, "\\L"); break;
		case 0x2029: okr_buf_puts(b, "\\P"); break;
		default:
			if (printable_inline(cp))
				okr_buf_put(b, s + i, adv);
			else if (cp <= 0xFF)
				okr_buf_printf(b, "\\x%02X", (unsigned)cp);
			else
				okr_buf_printf(b, "\\u%04lX", cp);
		}
		i += adv;
	}
	okr_buf_putc(b, '"');
}

/* Write text as a scalar in the style chosen for it; *style is the style
 * the old value had (PLAIN for a new key) and becomes the one written. */
static void
put_scalar(struct okr_buf *b, const char *text, enum okr_edit_kind kind,
	   bool flow, enum okr_scalar_style *style)
{
	if (kind == OKR_EDIT_TEXT && *style == OKR_STYLE_SINGLE && single_safe(text)) {
		put_single(b, text);
	} else if (kind == OKR_EDIT_PLAIN ||
		   (*style == OKR_STYLE_PLAIN && plain_safe(text, flow, true))) {
		okr_buf_puts(b, text);
		*style = OKR_STYLE_PLAIN;
	} else {
		put_double(b, text);
		*style = OKR_STYLE_DOUBLE;
	}
}

static const char *
node_kind(const struct okr_node *n)
{
	if (n->type == OKR_NODE_MAP)
		return "mapping";
	if (n->type == OKR_NODE_SEQ)
		return "list";
	return "single value";
}

/* The node whose end mark is the last thing a block collection holds:
 * libyaml ends a block collection at the next token, which may lie lines
 * further down, past comments and blank lines. */
static const struct okr_node *
last_leaf(const struct okr_node *n)
{
	const struct okr_node *key = NULL;

	while (n->type != OKR_NODE_SCALAR && !n->flow && n->n > 0) {
		key = n->type == OKR_NODE_MAP ? n->pairs[n->n - 1].key : NULL;
		n = n->type == OKR_NODE_MAP ? n->pairs[n->n - 1].value
					    : n->items[n->n - 1];
	}
	/* An empty value ("? x" with no ':') has its mark at the next token,
	 * which may be past blank lines and comments: its key's line is
	 * where the entry ends. */
	if (key && n->type == OKR_NODE_SCALAR && n->len == 0 &&
	    n->style == OKR_STYLE_PLAIN && n->start.line != key->end.line)
		return key;
	return n;
}

/* Where a new key goes in a block mapping: after the line holding the end
 * of its last value (comment included). *eol gets that line's break, or
 * NULL when the file ends on that line without one. */
static size_t
block_insert_point(const struct okr_doc *doc, const struct okr_node *map,
		   const char **eol, size_t *eollen)
{
	const struct okr_node *leaf = last_leaf(map);
	size_t off = okr_doc_byte_offset(doc, &leaf->end);
	size_t floor = okr_doc_byte_offset(doc, &leaf->start);

	/* A block scalar ends where the next token starts; its text ends at
	 * the last non-blank character before that. */
	if (leaf->type == OKR_NODE_SCALAR &&
	    (leaf->style == OKR_STYLE_LITERAL || leaf->style == OKR_STYLE_FOLDED))
		while (off > floor && strchr(" \t\r\n", doc->buf[off - 1]))
			off--;
	while (off < doc->len && doc->buf[off] != '\n' && doc->buf[off] != '\r')
		off++;
	if (off == doc->len) {
		*eol = NULL;
		*eollen = 0;
		return off;
	}
	*eol = doc->buf + off;
	*eollen = doc->buf[off] == '\r' && off + 1 < doc->len &&
		  doc->buf[off + 1] == '\n' ? 2 : 1;
	return off + *eollen;
}

static int
plan_insert(struct okr_edit *e, struct change *c, const struct okr_node *map,
	    const char *key, enum okr_edit_kind kind)
{
	const struct okr_doc *doc = e->doc;
	struct okr_buf b = OKR_BUF_INIT;

	if (!plain_safe(key, map->flow, true)) {
		set_error(e, &map->start, "cannot add the key '%s'", key);
		return -1;
	}
	c->style = OKR_STYLE_PLAIN;
	if (map->flow) {
		if (map->n > 0) {
			c->start = okr_doc_byte_offset(doc,
						       &map->pairs[map->n - 1].value->end);
			okr_buf_puts(&b, ", ");
		} else {
			/* {} ends after its brace: insert just before it */
			c->start = okr_doc_byte_offset(doc, &map->end) - 1;
		}
		okr_buf_printf(&b, "%s: ", key);
		put_scalar(&b, c->text, kind, true, &c->style);
	} else {
		const char *eol;
		size_t eollen, i;

		assert(map->n > 0);
		c->start = block_insert_point(doc, map, &eol, &eollen);
		if (!eol)
			okr_buf_puts(&b, doc->crlf ? "\r\n" : "\n");
		for (i = 0; i < map->pairs[0].key->start.col; i++)
			okr_buf_putc(&b, ' ');
		if (c->op == OP_NEST) {
			/* "key:", then "  subkey: text" indented two more */
			okr_buf_printf(&b, "%s:%s", key, doc->crlf ? "\r\n" : "\n");
			for (i = 0; i < map->pairs[0].key->start.col + 2; i++)
				okr_buf_putc(&b, ' ');
			okr_buf_printf(&b, "%s: ", c->subkey);
		} else {
			okr_buf_printf(&b, "%s: ", key);
		}
		put_scalar(&b, c->text, kind, false, &c->style);
		if (eol)
			okr_buf_put(&b, eol, eollen);
	}
	c->end = c->start;
	c->bytes = okr_buf_detach(&b);
	return 0;
}

static int
plan_replace(struct okr_edit *e, struct change *c, const struct okr_node *map,
	     const struct okr_pair *pair, enum okr_edit_kind kind)
{
	const struct okr_doc *doc = e->doc;
	const struct okr_node *v = pair->value;
	struct okr_buf b = OKR_BUF_INIT;

	if (v->type != OKR_NODE_SCALAR) {
		set_error(e, &v->start, "cannot set '%s': it holds a %s, not a single value",
			  c->key, node_kind(v));
		return -1;
	}
	if (v->style == OKR_STYLE_LITERAL || v->style == OKR_STYLE_FOLDED) {
		set_error(e, &v->start,
			  "cannot update '%s': it is a block scalar (| or >); edit the file by hand",
			  c->key);
		return -1;
	}
	if (v->start.line != v->end.line) {
		set_error(e, &v->start,
			  "cannot update '%s': its value spans several lines; edit the file by hand",
			  c->key);
		return -1;
	}
	c->old = v;
	c->start = okr_doc_byte_offset(doc, &v->start);
	c->end = okr_doc_byte_offset(doc, &v->end);
	/* An empty value ("key:") sits right after the colon. */
	if (c->start == c->end && c->start > 0 && doc->buf[c->start - 1] == ':')
		okr_buf_putc(&b, ' ');
	c->style = v->style;
	put_scalar(&b, c->text, kind, map->flow, &c->style);
	c->bytes = okr_buf_detach(&b);
	return 0;
}

int
okr_edit_set(struct okr_edit *e, const struct okr_node *map, const char *key,
	     const char *text, enum okr_edit_kind kind)
{
	struct change c;
	const struct okr_pair *pair;
	size_t i;
	int error;

	assert(e && map && key && text);
	if (map->type != OKR_NODE_MAP) {
		set_error(e, &map->start, "cannot set '%s': this is a %s, not a mapping",
			  key, node_kind(map));
		return -1;
	}
	if (okr_utf8_invalid(text)) {
		set_error(e, &map->start, "cannot set '%s': the new value is not valid UTF-8",
			  key);
		return -1;
	}
	if (kind == OKR_EDIT_PLAIN && !plain_safe(text, map->flow, false)) {
		set_error(e, &map->start, "cannot set '%s' to '%s': not a plain value",
			  key, text);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.map = map;
	c.key = okr_xstrdup(key);
	c.text = okr_xstrdup(text);
	pair = okr_map_pair(map, key);
	error = pair ? plan_replace(e, &c, map, pair, kind)
		     : plan_insert(e, &c, map, key, kind);
	if (error < 0) {
		change_clear(&c);
		return -1;
	}
	for (i = 0; i < e->n; i++)
		if (e->v[i].map == map && strcmp(e->v[i].key, key) == 0) {
			c.seq = e->v[i].seq;
			change_clear(&e->v[i]);
			e->v[i] = c;
			return 0;
		}
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 8;
		e->v = okr_xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	c.seq = e->seq++;
	e->v[e->n++] = c;
	return 0;
}

static void
push_change(struct okr_edit *e, struct change *c)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 8;
		e->v = okr_xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	c->seq = e->seq++;
	e->v[e->n++] = *c;
}

/* Offset of the start of the line holding off, when only blanks stand
 * before off on it; else (size_t)-1. */
static size_t
line_start_if_first(const struct okr_doc *doc, size_t off)
{
	while (off > 0 && doc->buf[off - 1] != '\n') {
		if (doc->buf[off - 1] != ' ')
			return (size_t)-1;
		off--;
	}
	return off;
}

int
okr_edit_remove(struct okr_edit *e, const struct okr_node *map, const char *key)
{
	const struct okr_doc *doc = e->doc;
	const struct okr_pair *pair;
	struct change c;
	size_t i, idx = 0;

	assert(e && map && key);
	if (map->type != OKR_NODE_MAP || !(pair = okr_map_pair(map, key))) {
		set_error(e, &map->start, "cannot remove '%s': it is not there", key);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.op = OP_REMOVE;
	c.map = map;
	c.old = pair->value;
	c.key = okr_xstrdup(key);
	c.text = okr_xstrdup("");
	c.bytes = okr_xstrdup("");
	for (i = 0; i < map->n; i++)
		if (&map->pairs[i] == pair)
			idx = i;
	if (map->flow) {
		/* ", key: value", or "key: value, " when it comes first */
		if (idx > 0) {
			c.start = okr_doc_byte_offset(doc, &map->pairs[idx - 1].value->end);
			c.end = okr_doc_byte_offset(doc, &pair->value->end);
		} else {
			c.start = okr_doc_byte_offset(doc, &pair->key->start);
			c.end = map->n > 1 ? okr_doc_byte_offset(doc, &map->pairs[1].key->start)
					   : okr_doc_byte_offset(doc, &pair->value->end);
		}
	} else {
		const char *eol;
		size_t eollen;
		struct okr_node one = *map;

		/* whole lines: from the key's line to the end of its value's */
		c.start = line_start_if_first(doc, okr_doc_byte_offset(doc, &pair->key->start));
		one.pairs = (struct okr_pair *)pair;
		one.n = 1;
		c.end = block_insert_point(doc, &one, &eol, &eollen);
		if (c.start == (size_t)-1) {
			set_error(e, &pair->key->start, "cannot remove '%s': it does not "
				  "stand on a line of its own; edit the file by hand", key);
			change_clear(&c);
			return -1;
		}
	}
	push_change(e, &c);
	return 0;
}

int
okr_edit_set_nested(struct okr_edit *e, const struct okr_node *map,
		    const char *key, const char *subkey, const char *text)
{
	const struct okr_node *v = okr_map_get(map, key);
	struct change c;

	assert(e && map && key && subkey && text);
	if (v && v->type == OKR_NODE_MAP)
		return okr_edit_set(e, v, subkey, text, OKR_EDIT_PLAIN);
	if (v || map->type != OKR_NODE_MAP || map->flow || map->n == 0 ||
	    !plain_safe(subkey, false, true) || !plain_safe(text, false, false)) {
		set_error(e, &map->start, "cannot add '%s: {%s: %s}'; edit the file "
			  "by hand", key, subkey, text);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.op = OP_NEST;
	c.map = map;
	c.key = okr_xstrdup(key);
	c.subkey = okr_xstrdup(subkey);
	c.text = okr_xstrdup(text);
	if (plan_insert(e, &c, map, key, OKR_EDIT_PLAIN) < 0) {
		change_clear(&c);
		return -1;
	}
	push_change(e, &c);
	return 0;
}

int
okr_edit_append_item(struct okr_edit *e, const struct okr_node *seq,
		     const char *yaml)
{
	const struct okr_doc *doc = e->doc;
	struct okr_diags diags = { 0 };
	struct okr_buf b = OKR_BUF_INIT;
	const char *eol, *nl = doc->crlf ? "\r\n" : "\n", *p;
	size_t eollen, dash, i;
	struct change c;

	assert(e && seq && yaml);
	memset(&c, 0, sizeof(c));
	if (seq->type != OKR_NODE_SEQ || seq->flow || seq->n == 0) {
		set_error(e, &seq->start, "cannot add an item to this list; edit the "
			  "file by hand");
		return -1;
	}
	if (okr_doc_parse(&c.frag, doc->path, yaml, strlen(yaml), &diags) < 0 ||
	    diags.n || !c.frag->root) {
		okr_diags_free(&diags);
		okr_doc_free(c.frag);
		set_error(e, &seq->start, "cannot add an item: it is not valid YAML");
		return -1;
	}
	/* the dash of the first item: the new one is indented like it */
	dash = okr_doc_byte_offset(doc, &seq->items[0]->start);
	while (dash > 0 && doc->buf[dash] != '-')
		dash--;
	c.op = OP_APPEND;
	c.map = seq;
	c.key = okr_xstrdup("-");
	c.text = okr_xstrdup("");
	c.start = c.end = block_insert_point(doc, seq, &eol, &eollen);
	if (!eol)
		okr_buf_puts(&b, nl);
	for (p = yaml; *p; ) {
		size_t n = strcspn(p, "\n");

		for (i = 0; i < (size_t)(dash - line_start_if_first(doc, dash)); i++)
			okr_buf_putc(&b, ' ');
		okr_buf_puts(&b, p == yaml ? "- " : "  ");
		okr_buf_put(&b, p, n);
		okr_buf_puts(&b, nl);
		p += n + (p[n] == '\n');
	}
	c.bytes = okr_buf_detach(&b);
	push_change(e, &c);
	return 0;
}

static int
change_cmp(const void *a, const void *b)
{
	const struct change *x = *(const struct change *const *)a;
	const struct change *y = *(const struct change *const *)b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* an empty value and a new key after it: the value comes first */
	if (!x->old != !y->old)
		return x->old ? -1 : 1;
	/* a removal ends where the next insertion begins */
	if ((x->op == OP_REMOVE) != (y->op == OP_REMOVE))
		return x->op == OP_REMOVE ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool
same_scalar(const struct okr_node *a, const struct okr_node *b)
{
	return a->len == b->len && a->style == b->style &&
	       memcmp(a->value, b->value, a->len) == 0;
}

static bool
reads_as(const struct okr_node *n, const struct change *c)
{
	return n->type == OKR_NODE_SCALAR && n->style == c->style &&
	       n->len == strlen(c->text) && memcmp(n->value, c->text, n->len) == 0;
}

static const struct change *
change_of_value(const struct okr_edit *e, const struct okr_node *old)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->v[i].old == old)
			return &e->v[i];
	return NULL;
}

/* The change that removes or replaces this value, or that appends to or
 * adds keys to this collection: counted per collection. */
static size_t
count_ops(const struct okr_edit *e, const struct okr_node *coll, bool removals)
{
	size_t i, n = 0;

	for (i = 0; i < e->n; i++) {
		const struct change *c = &e->v[i];

		if (removals ? c->op == OP_REMOVE && c->map == coll
			     : !c->old && c->op != OP_REMOVE && c->map == coll)
			n++;
	}
	return n;
}

static bool same_tree(const struct okr_edit *e, const struct okr_node *a,
		      const struct okr_node *b, const struct change **added);

/* A key added by OP_SET or OP_NEST reads as the change says. */
static bool
added_reads_as(const struct okr_node *v, const struct change *c)
{
	if (c->op != OP_NEST)
		return reads_as(v, c);
	return v->type == OKR_NODE_MAP && !v->flow && v->n == 1 &&
	       v->pairs[0].key->style == OKR_STYLE_PLAIN &&
	       strcmp(v->pairs[0].key->value, c->subkey) == 0 &&
	       reads_as(v->pairs[0].value, c);
}

static bool
same_seq(const struct okr_edit *e, const struct okr_node *a,
	 const struct okr_node *b, const struct change **added)
{
	size_t i, j;

	if (b->n != a->n + count_ops(e, a, false))
		return false;
	for (i = 0; i < a->n; i++)
		if (!same_tree(e, a->items[i], b->items[i], added))
			return false;
	/* appended items, in call order, each as its fragment parsed */
	for (j = 0; j < e->n && i < b->n; j++)
		if (added[j]->op == OP_APPEND && added[j]->map == a &&
		    !same_tree(e, added[j]->frag->root, b->items[i++], added))
			return false;
	return true;
}

/* The tree after the edit must be the tree before it, except the values
 * set, the keys removed and the keys and items added (at the end of their
 * collection, in call order). */
static bool
same_tree(const struct okr_edit *e, const struct okr_node *a,
	  const struct okr_node *b, const struct change **added)
{
	size_t i, j, k;

	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->flow != b->flow)
		return false;
	if (a->type == OKR_NODE_SCALAR)
		return same_scalar(a, b);
	if (a->type == OKR_NODE_SEQ)
		return same_seq(e, a, b, added);
	if (b->n + count_ops(e, a, true) != a->n + count_ops(e, a, false))
		return false;
	for (i = 0, k = 0; i < a->n; i++) {
		const struct change *c = change_of_value(e, a->pairs[i].value);

		if (c && c->op == OP_REMOVE)
			continue;
		if (!same_scalar(a->pairs[i].key, b->pairs[k].key))
			return false;
		if (c ? !reads_as(b->pairs[k].value, c)
		      : !same_tree(e, a->pairs[i].value, b->pairs[k].value, added))
			return false;
		k++;
	}
	/* added is sorted by seq, so a mapping's new keys come in call order */
	for (j = 0; j < e->n && k < b->n; j++) {
		const struct change *c = added[j];

		if (c->old || c->map != a || c->op == OP_REMOVE)
			continue;
		if (b->pairs[k].key->style != OKR_STYLE_PLAIN ||
		    strcmp(b->pairs[k].key->value, c->key) != 0 ||
		    !added_reads_as(b->pairs[k].value, c))
			return false;
		k++;
	}
	return true;
}

static int
seq_cmp(const void *a, const void *b)
{
	const struct change *x = *(const struct change *const *)a;
	const struct change *y = *(const struct change *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
verify(struct okr_edit *e, const char *buf, size_t len)
{
	struct okr_diags diags = { 0 };
	struct okr_doc *after = NULL;
	const struct change **by_seq = NULL;
	size_t i;
	int error = -1;

	if (okr_doc_parse(&after, e->doc->path, buf, len, &diags) < 0) {
		set_error(e, NULL, "the edit would break the file's YAML (%s); edit the file by hand",
			  diags.n ? diags.v[0].msg : "unknown error");
		goto done;
	}
	by_seq = okr_xcalloc(e->n + 1, sizeof(*by_seq));
	for (i = 0; i < e->n; i++)
		by_seq[i] = &e->v[i];
	qsort(by_seq, e->n, sizeof(*by_seq), seq_cmp);
	if (!same_tree(e, e->doc->root, after->root, by_seq)) {
		set_error(e, NULL, "the edit would change more than the value; edit the file by hand");
		goto done;
	}
	error = 0;
done:
	free(by_seq);
	okr_doc_free(after);
	okr_diags_free(&diags);
	return error;
}

int
okr_edit_apply(char **out, size_t *outlen, struct okr_edit *e)
{
	const struct okr_doc *doc = e->doc;
	struct okr_buf b = OKR_BUF_INIT;
	struct change **sorted;
	size_t i, at = 0;
	int error = -1;

	assert(out && outlen && e);
	*out = NULL;
	*outlen = 0;
	sorted = okr_xcalloc(e->n + 1, sizeof(*sorted));
	for (i = 0; i < e->n; i++)
		sorted[i] = &e->v[i];
	qsort(sorted, e->n, sizeof(*sorted), change_cmp);
	for (i = 0; i < e->n; i++) {
		const struct change *c = sorted[i];

		if (c->start < at) {
			set_error(e, NULL, "cannot change '%s' and '%s' at once: they overlap",
				  sorted[i - 1]->key, c->key);
			goto done;
		}
		okr_buf_put(&b, doc->buf + at, c->start - at);
		okr_buf_puts(&b, c->bytes);
		at = c->end;
	}
	okr_buf_put(&b, doc->buf + at, doc->len - at);
	if (verify(e, b.ptr ? b.ptr : "", b.len) < 0)
		goto done;
	*outlen = b.len;
	*out = okr_buf_detach(&b);
	error = 0;
done:
	okr_buf_free(&b);
	free(sorted);
	return error;
}

char *
okr_edit_format_number(double v)
{
	char buf[OKR_NUM_SIZE];

	if (!isfinite(v))
		return NULL;
	return okr_xstrdup(okr_num_format(buf, sizeof(buf), v));
}

void
okr_yaml_put_text(struct okr_buf *b, const char *text)
{
	if (plain_safe(text, false, true))
		okr_buf_puts(b, text);
	else
		put_double(b, text);
}
