/*
 * fuzz_edit.c: libFuzzer target for the in-place edits of `okr update`. The
 * input is a YAML file followed by CTRL_LEN steering bytes that pick the
 * mappings, keys and new values; a successful edit must parse, read back as
 * the values set and leave every other byte of the file as it was.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "fuzz.h"
#include "yamltree.h"

/*
 * The steering bytes, at the end so the YAML before them stays a file a
 * person can read: [0] the number of edits (1-4, as `okr update` sets up to
 * four keys at once), then three bytes per edit (mapping, key, value), then
 * where in the input a value taken from its own bytes starts and how long.
 */
#define CTRL_LEN 16
#define MAX_EDITS 4
#define MAX_MAPS 512
#define MAX_PATH (OKR_YAML_MAX_DEPTH + 2)

/* What `okr update` writes with OKR_EDIT_PLAIN. */
static const char *const plain_texts[] = {
	"0", "42", "-3", "12.5", "0.1", "true", "false", "2026-11-24",
	"2026-12-31", "420", "1000000", "99.95", "-0.5", "0.6", "1e3", "7",
};

/* Free text a user may type after `okr update -m` or as a title. */
static const char *const free_texts[] = {
	"", "plain words", "a: b", "x #y", "it's", "say \"hi\"", "\xc3\xa6\xc3\xb8\xc3\xa5 \xf0\x9f\x9a\x80",
	"back\\slash", "two\nlines", "tab\there", " lead", "trail ", "yes",
	"null", "~", "-", "- x", "[a]", "{b}", "a, b", "#c", "&a", "*a", "!t",
	"%p", "@x", "`x", "'", "\xe2\x80\xa8", "\xc2\x85", "\xef\xbb\xbf",
	"cr\rx", "\x01", "123", "true", "0x1F", "key:", ":x", "?", "? x",
	"---", "...", "\"", "\\", "a\r\nb", "\xc3\x28", "\xc3\xa9", "a:b",
	"a #", "a\tb", "\x7f", "\xf0\x9f\x98\x80", "--- x", "'quoted'",
	"\"dq\"", "\\n", "\\\"", "\n", "\xe2\x80\x94 dash", "# hash", "a\\",
};

/* Keys okr sets that a file may lack, plus some it could never write. */
static const char *const new_keys[] = {
	"current", "confidence", "updated", "done", "note", "z",
	"a b", "a: b",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct map_ref {
	const struct okr_node *node;
	uint16_t path[MAX_PATH];	/* child indices from the root */
	int depth;
};

struct maps {
	struct map_ref v[MAX_MAPS];
	size_t n;
};

/* One key set; a later set of the same key replaces an earlier one. */
struct want {
	size_t map;
	char *key;
	char *text;
	enum okr_edit_kind kind;
	bool existed;		/* the key was in the mapping before */
};

/* A stretch of the output that the edit wrote, and what it replaced. */
struct span {
	size_t ns, ne;		/* in the output */
	bool insert;
	bool line;		/* an added block line, its break not yet in */
	size_t os, oe;		/* in the original (replacements only) */
};

static void collect(struct maps *m, const struct okr_node *n, uint16_t *path,
		    int depth)
{
	size_t i;

	if (depth >= MAX_PATH)
		return;
	if (n->type == OKR_NODE_MAP && m->n < MAX_MAPS) {
		m->v[m->n].node = n;
		memcpy(m->v[m->n].path, path, sizeof(*path) * (size_t)depth);
		m->v[m->n].depth = depth;
		m->n++;
	}
	for (i = 0; i < n->n && i < UINT16_MAX; i++) {
		path[depth] = (uint16_t)i;
		collect(m, n->type == OKR_NODE_MAP ? n->pairs[i].value : n->items[i],
			path, depth + 1);
	}
}

/* The node at the same place in the edited tree: keys are only ever added
 * at the end of a mapping, so the indices still lead to it. */
static const struct okr_node *follow(const struct okr_node *n,
				     const struct map_ref *r)
{
	int i;

	for (i = 0; i < r->depth; i++) {
		CHECK(n && n->type != OKR_NODE_SCALAR && r->path[i] < n->n);
		n = n->type == OKR_NODE_MAP ? n->pairs[r->path[i]].value
					    : n->items[r->path[i]];
	}
	CHECK(n && n->type == OKR_NODE_MAP);
	return n;
}

static bool has_nul(const struct okr_node *n)
{
	return memchr(n->value, '\0', n->len) != NULL;
}

/* The key edit j sets: an existing key (mostly one holding a single value,
 * which `okr update` works on) or one of new_keys. NULL: none fits. */
static const char *pick_key(const struct okr_node *map, uint8_t sel)
{
	size_t i, k;

	if ((sel & 0xC0) == 0xC0 || map->n == 0)
		return new_keys[sel % N(new_keys)];
	for (k = 0; k < map->n; k++) {
		const struct okr_pair *p = &map->pairs[(sel + k) % map->n];

		if (has_nul(p->key))
			continue;
		if ((sel & 0x40) || p->value->type == OKR_NODE_SCALAR)
			return p->key->value;
	}
	for (i = 0; i < map->n; i++)
		if (!has_nul(map->pairs[i].key))
			return map->pairs[i].key->value;
	return NULL;
}

/* The new value: from a table, or cut out of the input itself so the
 * fuzzer can put any bytes there. */
static char *pick_text(const char *yaml, size_t len, uint8_t sel, uint8_t off,
		       uint8_t n, int j, enum okr_edit_kind *kind)
{
	unsigned idx = sel & 0x7F;

	*kind = (sel & 0x80) ? OKR_EDIT_TEXT : OKR_EDIT_PLAIN;
	if (*kind == OKR_EDIT_PLAIN && idx < N(plain_texts))
		return okr_xstrdup(plain_texts[idx]);
	if (*kind == OKR_EDIT_PLAIN)
		idx -= N(plain_texts);
	if (idx < N(free_texts))
		return okr_xstrdup(free_texts[idx]);
	if (len == 0)
		return okr_xstrdup("");
	{
		size_t at = ((size_t)off * 131 + (size_t)j * 37 + idx) % len;
		size_t take = (size_t)(n % 40);

		if (take > len - at)
			take = len - at;
		/* a NUL in there ends the text, as in any C string */
		return okr_xstrndup(yaml + at, take);
	}
}

static bool is_break(char c)
{
	return c == '\n' || c == '\r';
}

static size_t break_len_at(const char *p, size_t at, size_t len)
{
	if (at >= len || !is_break(p[at]))
		return 0;
	return p[at] == '\r' && at + 1 < len && p[at + 1] == '\n' ? 2 : 1;
}

static size_t break_len_before(const char *p, size_t at)
{
	if (at == 0 || !is_break(p[at - 1]))
		return 0;
	return p[at - 1] == '\n' && at >= 2 && p[at - 2] == '\r' ? 2 : 1;
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->ns < y->ns ? -1 : x->ns > y->ns;
}

/*
 * The bytes an edit wrote for w in the output: a replaced value's new
 * scalar (with the space a bare "key:" gains), or a whole added pair: its
 * line and line break in a block mapping, ", key: value" in a flow one.
 */
static void span_of(struct span *s, const struct okr_doc *before,
		    const struct okr_doc *after, const struct okr_node *omap,
		    const struct okr_node *nmap, const struct want *w)
{
	const struct okr_pair *np = okr_map_pair(nmap, w->key);

	CHECK(np);
	s->ns = okr_doc_byte_offset(after, &np->value->start);
	s->ne = okr_doc_byte_offset(after, &np->value->end);
	CHECK(s->ns <= s->ne && s->ne <= after->len);
	s->insert = !w->existed;
	s->line = false;
	if (w->existed) {
		const struct okr_pair *op = okr_map_pair(omap, w->key);

		CHECK(op);
		s->os = okr_doc_byte_offset(before, &op->value->start);
		s->oe = okr_doc_byte_offset(before, &op->value->end);
		if (s->os == s->oe && s->os > 0 && before->buf[s->os - 1] == ':' &&
		    s->ns > 0 && after->buf[s->ns - 1] == ' ')
			s->ns--;
		return;
	}
	s->ns = okr_doc_byte_offset(after, &np->key->start);
	if (omap->flow) {
		if (omap->n > 0) {
			CHECK(s->ns >= 2 && memcmp(after->buf + s->ns - 2, ", ", 2) == 0);
			s->ns -= 2;
		}
		return;
	}
	/* a new line indented with spaces up to the key */
	CHECK(np->key->start.col <= s->ns);
	s->ns -= np->key->start.col;
	{
		size_t i;

		for (i = s->ns; i < s->ns + np->key->start.col; i++)
			CHECK(after->buf[i] == ' ');
	}
	/* its line break: check_bytes works out on which side */
	s->line = true;
}

/* Everything between the written spans is the original, byte for byte:
 * out = orig[0,os1) out[ns1,ne1) orig[oe1,os2) ... orig[oeN,len). */
static void check_bytes(const struct okr_doc *before, const struct okr_doc *after,
			struct span *s, size_t n)
{
	size_t i, o = 0, a = 0;

	qsort(s, n, sizeof(*s), span_cmp);
	/* A line added where the file ends without a break starts with one;
	 * every other added line ends with one, a copy of the line's above. */
	for (i = n, a = after->len; i-- > 0;) {
		if (!s[i].line)
			break;
		if (s[i].ne != a || before->len == 0 ||
		    is_break(before->buf[before->len - 1]))
			break;
		CHECK(break_len_before(after->buf, s[i].ns) > 0);
		s[i].ns -= break_len_before(after->buf, s[i].ns);
		s[i].line = false;
		a = s[i].ns;
	}
	for (i = 0; i < n; i++) {
		if (s[i].line) {
			CHECK(break_len_at(after->buf, s[i].ne, after->len) > 0);
			s[i].ne += break_len_at(after->buf, s[i].ne, after->len);
		}
	}
	a = 0;
	for (i = 0; i < n; i++) {
		size_t keep;

		CHECK(s[i].ns >= a);
		keep = s[i].ns - a;
		if (s[i].insert) {
			s[i].os = s[i].oe = o + keep;
		}
		CHECK(s[i].os >= o && s[i].os - o == keep);
		CHECK(s[i].os <= before->len);
		CHECK(memcmp(after->buf + a, before->buf + o, keep) == 0);
		a = s[i].ne;
		o = s[i].oe;
	}
	CHECK(before->len - o == after->len - a);
	CHECK(memcmp(after->buf + a, before->buf + o, before->len - o) == 0);
}

static void check_result(const struct okr_doc *before, size_t nerrors_before,
			 const struct maps *m, const struct want *w, size_t nw,
			 const char *out, size_t outlen)
{
	struct okr_diags d = { 0 };
	struct okr_doc *after = NULL;
	struct span spans[MAX_EDITS];
	size_t i;

	CHECK(out && out[outlen] == '\0');
	/* (a) it parses, with no new errors */
	CHECK(okr_doc_parse(&after, "f.yaml", out, outlen, &d) == 0);
	CHECK(after && after->root);
	if (nerrors_before == 0)
		CHECK(d.nerrors == 0);
	/* (d) a BOM stays */
	CHECK(after->bom == before->bom);
	if (before->bom)
		CHECK(outlen >= 3 && memcmp(out, "\xef\xbb\xbf", 3) == 0);
	for (i = 0; i < nw; i++) {
		const struct okr_node *omap = m->v[w[i].map].node;
		const struct okr_node *nmap = follow(after->root, &m->v[w[i].map]);
		const struct okr_node *v = okr_map_get(nmap, w[i].key);

		/* (b) the value reads back as set */
		CHECK(v && v->type == OKR_NODE_SCALAR);
		CHECK(v->len == strlen(w[i].text));
		CHECK(memcmp(v->value, w[i].text, v->len) == 0);
		if (w[i].kind == OKR_EDIT_PLAIN)
			CHECK(v->style == OKR_STYLE_PLAIN);
		span_of(&spans[i], before, after, omap, nmap, &w[i]);
	}
	/* a mapping grows by exactly the keys added to it */
	for (i = 0; i < m->n; i++) {
		const struct okr_node *nmap = follow(after->root, &m->v[i]);
		size_t j, added = 0;

		for (j = 0; j < nw; j++)
			if (w[j].map == i && !w[j].existed)
				added++;
		CHECK(nmap->n == m->v[i].node->n + added);
	}
	/* (c) nothing else moved */
	check_bytes(before, after, spans, nw);
	okr_doc_free(after);
	okr_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct okr_diags d = { 0 };
	struct okr_doc *doc = NULL;
	struct okr_edit *e = NULL;
	struct maps *m = NULL;
	struct want w[MAX_EDITS];
	uint16_t path[MAX_PATH];
	const uint8_t *c;
	const char *yaml = (const char *)data;
	size_t len, nw = 0, i, nedits;
	char *out = NULL;
	size_t outlen = 0;
	int rc;

	memset(w, 0, sizeof(w));
	if (size < CTRL_LEN)
		return 0;
	len = size - CTRL_LEN;
	c = data + len;
	if (okr_doc_parse(&doc, "f.yaml", yaml, len, &d) < 0 || !doc->root)
		goto done;
	m = okr_xcalloc(1, sizeof(*m));
	collect(m, doc->root, path, 0);
	if (m->n == 0)
		goto done;
	okr_edit_new(&e, doc);
	nedits = 1 + (c[0] & 3);
	for (i = 0; i < nedits; i++) {
		const uint8_t *ec = c + 1 + 3 * i;
		size_t mi = ec[0] % m->n, k;
		const struct okr_node *map = m->v[mi].node;
		const char *key = pick_key(map, ec[1]);
		enum okr_edit_kind kind;
		char *text;

		if (!key)
			continue;
		text = pick_text(yaml, len, ec[2], c[13], c[14], (int)i, &kind);
		rc = okr_edit_set(e, map, key, text, kind);
		CHECK(rc == 0 || rc == -1);
		if (rc < 0) {
			CHECK(okr_edit_error(e) != NULL);
			free(text);
			continue;
		}
		for (k = 0; k < nw; k++)
			if (w[k].map == mi && strcmp(w[k].key, key) == 0)
				break;
		if (k == nw) {
			w[nw].map = mi;
			w[nw].key = okr_xstrdup(key);
			w[nw].existed = okr_map_pair(map, key) != NULL;
			nw++;
		} else {
			free(w[k].text);
		}
		w[k].text = text;
		w[k].kind = kind;
	}
	rc = okr_edit_apply(&out, &outlen, e);
	CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		CHECK(out == NULL && outlen == 0);
		CHECK(okr_edit_error(e) != NULL);
		if (getenv("FUZZ_EDIT_VERBOSE"))
			fprintf(stderr, "apply: %s\n", okr_edit_error(e));
		goto done;
	}
	if (getenv("FUZZ_EDIT_VERBOSE"))
		fprintf(stderr, "applied %zu edits:\n%s\n", nw, out);
	check_result(doc, d.nerrors, m, w, nw, out, outlen);
done:
	for (i = 0; i < nw; i++) {
		free(w[i].key);
		free(w[i].text);
	}
	free(out);
	okr_edit_free(e);
	free(m);
	okr_doc_free(doc);
	okr_diags_free(&d);
	return 0;
}
