/*
 * test_yaml.c: the YAML tree that every okr file goes through: marks that
 * point where an editor jumps, and the hostile-input checks libyaml leaves
 * to us (duplicates, anchors, tags, depth, size, encoding).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "yamltree.h"

static struct okr_doc *parse_len(const char *s, size_t len,
				 struct okr_diags *d)
{
	struct okr_doc *doc = NULL;

	ck_assert_int_eq(okr_doc_parse(&doc, "t.yaml", s, len, d), 0);
	ck_assert_ptr_nonnull(doc);
	return doc;
}

static struct okr_doc *parse(const char *s, struct okr_diags *d)
{
	return parse_len(s, strlen(s), d);
}

/* The input must be refused: -1, no tree. */
static void refuse_len(const char *s, size_t len, struct okr_diags *d)
{
	struct okr_doc *doc = (struct okr_doc *)1;

	ck_assert_int_eq(okr_doc_parse(&doc, "t.yaml", s, len, d), -1);
	ck_assert_ptr_null(doc);
}

static void refuse(const char *s, struct okr_diags *d)
{
	refuse_len(s, strlen(s), d);
}

/* Exactly one diagnostic with this rule, at line:col (1-based), whose
 * message holds substr. */
static void expect_diag(const struct okr_diags *d, const char *rule,
			unsigned line, unsigned col, const char *substr)
{
	const struct okr_diag *hit = NULL;
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, rule) == 0) {
			hit = &d->v[i];
			n++;
		}
	ck_assert_msg(n == 1, "%zu diagnostics with rule '%s' (of %zu)", n,
		      rule, d->n);
	ck_assert_str_eq(hit->file, "t.yaml");
	ck_assert_msg(hit->line == line && hit->col == col,
		      "'%s' at %u:%u, expected %u:%u (%s)", rule, hit->line,
		      hit->col, line, col, hit->msg);
	ck_assert_msg(strstr(hit->msg, substr), "'%s' lacks '%s'", hit->msg,
		      substr);
	ck_assert_int_eq(hit->sev, OKR_SEV_ERROR);
}

static void expect_mark(const struct okr_mark *m, size_t index, size_t line,
			size_t col)
{
	ck_assert_msg(m->index == index && m->line == line && m->col == col,
		      "mark %zu (%zu:%zu), expected %zu (%zu:%zu)", (size_t)m->index,
		      (size_t)m->line, (size_t)m->col, index, line, col);
}

START_TEST(test_marks)
{
	/* line 0 "objective: Ship it\n" is 19 characters, line 1
	 * "level: team\n" 12, line 2 "key_results:\n" 13. */
	const char *s =
		"objective: Ship it\n"
		"level: team\n"
		"key_results:\n"
		"  - id: a\n"
		"    title: T\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *root = doc->root, *krs, *kr;

	ck_assert_uint_eq(d.n, 0);
	ck_assert_int_eq(root->type, OKR_NODE_MAP);
	ck_assert_uint_eq(root->n, 3);
	expect_mark(&root->start, 0, 0, 0);
	expect_mark(&root->pairs[0].key->start, 0, 0, 0);
	expect_mark(&root->pairs[0].key->end, 9, 0, 9);
	expect_mark(&root->pairs[0].value->start, 11, 0, 11);
	expect_mark(&root->pairs[0].value->end, 18, 0, 18);
	ck_assert_str_eq(root->pairs[0].value->value, "Ship it");
	ck_assert_uint_eq(root->pairs[0].value->len, 7);
	expect_mark(&root->pairs[1].key->start, 19, 1, 0);
	expect_mark(&root->pairs[1].value->start, 26, 1, 7);
	krs = root->pairs[2].value;
	ck_assert_int_eq(krs->type, OKR_NODE_SEQ);
	ck_assert_uint_eq(krs->n, 1);
	/* a block sequence starts at its first "-" */
	expect_mark(&krs->start, 46, 3, 2);
	kr = krs->items[0];
	ck_assert_int_eq(kr->type, OKR_NODE_MAP);
	expect_mark(&kr->start, 48, 3, 4);
	expect_mark(&kr->pairs[0].key->start, 48, 3, 4);
	expect_mark(&kr->pairs[0].value->start, 52, 3, 8);
	expect_mark(&kr->pairs[1].key->start, 58, 4, 4);
	expect_mark(&kr->pairs[1].value->start, 65, 4, 11);
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_scalar_styles)
{
	const char *s =
		"a: plain text\n"
		"b: 'single ''q'''\n"
		"c: \"double\\tq\"\n"
		"d: |\n"
		"  line1\n"
		"  line2\n"
		"e: >\n"
		"  folded\n"
		"  text\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *n;

	ck_assert_uint_eq(d.n, 0);
	n = okr_map_get(doc->root, "a");
	ck_assert_int_eq(n->style, OKR_STYLE_PLAIN);
	ck_assert_str_eq(n->value, "plain text");
	n = okr_map_get(doc->root, "b");
	ck_assert_int_eq(n->style, OKR_STYLE_SINGLE);
	ck_assert_str_eq(n->value, "single 'q'");
	n = okr_map_get(doc->root, "c");
	ck_assert_int_eq(n->style, OKR_STYLE_DOUBLE);
	ck_assert_str_eq(n->value, "double\tq");
	n = okr_map_get(doc->root, "d");
	ck_assert_int_eq(n->style, OKR_STYLE_LITERAL);
	ck_assert_str_eq(n->value, "line1\nline2\n");
	n = okr_map_get(doc->root, "e");
	ck_assert_int_eq(n->style, OKR_STYLE_FOLDED);
	ck_assert_str_eq(n->value, "folded text\n");
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_nul_in_double_quoted)
{
	/* "\0" is a legal escape: len must count past it */
	const char *s = "a: \"x\\0y\"\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *n = okr_map_get(doc->root, "a");

	ck_assert_uint_eq(n->len, 3);
	ck_assert_int_eq(memcmp(n->value, "x\0y", 3), 0);
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_flow_flags)
{
	const char *s =
		"m: {a: 1, b: 2}\n"
		"s: [1, 2, 3]\n"
		"bm:\n"
		"  x: 1\n"
		"bs:\n"
		"  - 1\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *n;

	ck_assert_uint_eq(d.n, 0);
	ck_assert(!doc->root->flow);
	n = okr_map_get(doc->root, "m");
	ck_assert_int_eq(n->type, OKR_NODE_MAP);
	ck_assert(n->flow);
	ck_assert_uint_eq(n->n, 2);
	n = okr_map_get(doc->root, "s");
	ck_assert_int_eq(n->type, OKR_NODE_SEQ);
	ck_assert(n->flow);
	ck_assert_uint_eq(n->n, 3);
	ck_assert_str_eq(n->items[2]->value, "3");
	n = okr_map_get(doc->root, "bm");
	ck_assert_int_eq(n->type, OKR_NODE_MAP);
	ck_assert(!n->flow);
	n = okr_map_get(doc->root, "bs");
	ck_assert_int_eq(n->type, OKR_NODE_SEQ);
	ck_assert(!n->flow);
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_map_get)
{
	const char *s = "title: T\ntitles: U\nlist: [a]\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *list;
	struct okr_pair *p;

	ck_assert_str_eq(okr_map_get(doc->root, "title")->value, "T");
	ck_assert_str_eq(okr_map_get(doc->root, "titles")->value, "U");
	ck_assert_ptr_null(okr_map_get(doc->root, "titl"));
	ck_assert_ptr_null(okr_map_get(doc->root, "missing"));
	list = okr_map_get(doc->root, "list");
	ck_assert_ptr_null(okr_map_get(list, "a"));		/* not a map */
	ck_assert_ptr_null(okr_map_get(list->items[0], "a"));	/* a scalar */
	ck_assert_ptr_null(okr_map_get(NULL, "a"));
	p = okr_map_pair(doc->root, "titles");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->key->value, "titles");
	ck_assert_uint_eq(p->key->start.line, 1);
	ck_assert_ptr_null(okr_map_pair(doc->root, "nope"));
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_empty_document)
{
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse("", &d);

	ck_assert_ptr_null(doc->root);
	ck_assert_uint_eq(d.n, 0);
	okr_doc_free(doc);
	doc = parse("# only a comment\n", &d);
	ck_assert_ptr_null(doc->root);
	ck_assert_uint_eq(d.n, 0);
	okr_doc_free(doc);
	/* explicit markers around one document are fine */
	doc = parse("---\na: 1\n...\n", &d);
	ck_assert_str_eq(okr_map_get(doc->root, "a")->value, "1");
	ck_assert_uint_eq(d.n, 0);
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_duplicate_small)
{
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse("a: 1\nb: 2\na: 3\n", &d);

	/* the tree is still built: the caller reports the rest too */
	ck_assert_uint_eq(doc->root->n, 3);
	expect_diag(&d, "duplicate-key", 3, 1, "duplicate key 'a' (first at line 1)");
	ck_assert_uint_eq(d.nerrors, 1);
	okr_doc_free(doc);
	okr_diags_free(&d);

	/* nested, and a quoted key is the same key */
	doc = parse("m:\n  x: 1\n  'x': 2\n", &d);
	expect_diag(&d, "duplicate-key", 3, 3, "first at line 2");
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_duplicate_large)
{
	struct okr_buf b = OKR_BUF_INIT;
	struct okr_diags d = { 0 };
	struct okr_doc *doc;
	int i;

	/* 20 keys k00..k19 on lines 1-20, then k05 again on line 21 */
	for (i = 0; i < 20; i++)
		okr_buf_printf(&b, "k%02d: %d\n", i, i);
	okr_buf_puts(&b, "k05: again\n");
	doc = parse_len(b.ptr, b.len, &d);
	ck_assert_uint_eq(doc->root->n, 21);
	expect_diag(&d, "duplicate-key", 21, 1, "duplicate key 'k05' (first at line 6)");
	okr_doc_free(doc);
	okr_diags_free(&d);

	/* a third k05 names the first line again, at its own place */
	okr_buf_puts(&b, "x: 1\nk05: third\n");
	doc = parse_len(b.ptr, b.len, &d);
	ck_assert_uint_eq(d.nerrors, 2);
	for (i = 0; i < 2; i++) {
		ck_assert_str_eq(d.v[i].rule, "duplicate-key");
		ck_assert_msg(strstr(d.v[i].msg, "first at line 6"), "%s", d.v[i].msg);
	}
	okr_diags_sort(&d);
	ck_assert_uint_eq(d.v[0].line, 21);
	okr_doc_free(doc);
	okr_diags_free(&d);
	okr_buf_free(&b);

	/* keys that share a prefix are not duplicates */
	for (i = 0; i < 20; i++)
		okr_buf_printf(&b, "%.*s: 1\n", i + 1, "aaaaaaaaaaaaaaaaaaaaaaaaa");
	doc = parse_len(b.ptr, b.len, &d);
	ck_assert_uint_eq(d.n, 0);
	okr_doc_free(doc);
	okr_diags_free(&d);
	okr_buf_free(&b);
}
END_TEST

START_TEST(test_duplicate_large_nested)
{
	struct okr_buf b = OKR_BUF_INIT;
	struct okr_diags d = { 0 };
	struct okr_doc *doc;
	int i;

	/* a map of 17 keys inside a list: lines 2-18, dup of k00 on line 19 */
	okr_buf_puts(&b, "list:\n");
	for (i = 0; i < 17; i++)
		okr_buf_printf(&b, "  %sk%02d: 1\n", i ? "  " : "- ", i);
	okr_buf_puts(&b, "    k00: 2\n");
	doc = parse_len(b.ptr, b.len, &d);
	expect_diag(&d, "duplicate-key", 19, 5, "'k00' (first at line 2)");
	okr_doc_free(doc);
	okr_diags_free(&d);
	okr_buf_free(&b);
}
END_TEST

START_TEST(test_anchor_refused)
{
	struct okr_diags d = { 0 };

	refuse("a: 1\nb: &x 2\n", &d);
	expect_diag(&d, "anchor", 2, 4, "'&x'");
	okr_diags_free(&d);

	refuse("a:\n  b: &m {c: 1}\n", &d);
	expect_diag(&d, "anchor", 2, 6, "anchors are not allowed");
	okr_diags_free(&d);

	refuse("a: &s\n  - 1\n", &d);
	expect_diag(&d, "anchor", 1, 4, "'&s'");
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_alias_refused)
{
	struct okr_diags d = { 0 };

	/* an alias to an anchor nobody defined is still an alias */
	refuse("a: 1\nb: *x\n", &d);
	expect_diag(&d, "alias", 2, 4, "aliases are not allowed ('*x')");
	okr_diags_free(&d);

	/* the billion laughs stop at the first anchor */
	refuse("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", &d);
	expect_diag(&d, "anchor", 1, 4, "'&a'");
	ck_assert_uint_eq(d.n, 1);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_tag_refused)
{
	struct okr_diags d = { 0 };

	refuse("a: !!str 1\n", &d);
	expect_diag(&d, "tag", 1, 4, "tags are not allowed");
	okr_diags_free(&d);

	refuse("a: 1\nb: !custom\n  x: 1\n", &d);
	expect_diag(&d, "tag", 2, 4, "'!custom'");
	okr_diags_free(&d);

	refuse("- !!seq [1]\n", &d);
	expect_diag(&d, "tag", 1, 3, "tags are not allowed");
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_merge_key_refused)
{
	struct okr_diags d = { 0 };
	struct okr_doc *doc;

	refuse("base: 1\nm:\n  x: 1\n  <<: {y: 2}\n", &d);
	expect_diag(&d, "merge-key", 4, 3, "merge keys ('<<') are not allowed");
	okr_diags_free(&d);

	/* quoted, '<<' is an ordinary key in YAML */
	doc = parse("'<<': 1\n", &d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_str_eq(okr_map_get(doc->root, "<<")->value, "1");
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_complex_key_refused)
{
	struct okr_diags d = { 0 };

	refuse("a: 1\n? [x, y]\n: 2\n", &d);
	expect_diag(&d, "complex-key", 2, 3, "must be plain text");
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_multiple_documents_refused)
{
	struct okr_diags d = { 0 };

	refuse("a: 1\n---\nb: 2\n", &d);
	expect_diag(&d, "multiple-documents", 2, 1, "one document");
	okr_diags_free(&d);

	refuse("---\na: 1\n...\n---\nb: 2\n", &d);
	expect_diag(&d, "multiple-documents", 4, 1, "found a second one");
	okr_diags_free(&d);
}
END_TEST

static char *nested_flow(int depth)
{
	char *s = okr_xmalloc(2 * (size_t)depth + 1);

	memset(s, '[', (size_t)depth);
	memset(s + depth, ']', (size_t)depth);
	s[2 * depth] = '\0';
	return s;
}

START_TEST(test_depth_limit)
{
	struct okr_diags d = { 0 };
	struct okr_buf b = OKR_BUF_INIT;
	struct okr_doc *doc;
	const struct okr_node *n;
	char *s;
	int i;

	s = nested_flow(OKR_YAML_MAX_DEPTH);
	doc = parse(s, &d);
	ck_assert_uint_eq(d.n, 0);
	for (n = doc->root, i = 1; n->n; n = n->items[0], i++)
		ck_assert_int_eq(n->type, OKR_NODE_SEQ);
	ck_assert_int_eq(i, 32);
	okr_doc_free(doc);
	free(s);

	/* the 33rd "[" is at column 33 */
	s = nested_flow(OKR_YAML_MAX_DEPTH + 1);
	refuse(s, &d);
	expect_diag(&d, "too-deep", 1, 33, "deeper than 32 levels");
	okr_diags_free(&d);
	free(s);

	/* block maps: key i on line i+1, indented i spaces */
	for (i = 0; i < 33; i++)
		okr_buf_printf(&b, "%*sk%d:\n", i, "", i);
	okr_buf_printf(&b, "%*sleaf: 1\n", 33, "");
	refuse(b.ptr, &d);
	/* a block map starts at its first key: map 33 at "k32" */
	expect_diag(&d, "too-deep", 33, 33, "deeper");
	okr_diags_free(&d);
	okr_buf_free(&b);

	/* a hostile depth fails fast instead of recursing */
	s = nested_flow(100000);
	refuse(s, &d);
	expect_diag(&d, "too-deep", 1, 33, "deeper");
	okr_diags_free(&d);
	free(s);
}
END_TEST

START_TEST(test_size_limit)
{
	struct okr_diags d = { 0 };
	struct okr_doc *doc;
	size_t len = OKR_YAML_MAX_SIZE;
	char *s = okr_xmalloc(len + 2);

	/* exactly the limit: a long comment, then one key */
	memset(s, 'x', len);
	s[0] = '#';
	memcpy(s + len - 6, "\na: 1\n", 6);
	doc = parse_len(s, len, &d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_str_eq(okr_map_get(doc->root, "a")->value, "1");
	okr_doc_free(doc);

	/* one byte more */
	memcpy(s + len - 6, "\na: 1\n\n", 7);
	refuse_len(s, len + 1, &d);
	expect_diag(&d, "too-large", 1, 1, "too large");
	okr_diags_free(&d);
	free(s);
}
END_TEST

START_TEST(test_invalid_utf8)
{
	struct okr_diags d = { 0 };

	refuse("a: b\nc: \xff\n", &d);
	expect_diag(&d, "encoding", 2, 4, "not valid UTF-8");
	okr_diags_free(&d);

	/* columns count characters: æ and ø are one each; the bad byte is
	 * the 0x28 that should continue the 0xC3 at column 6 */
	refuse("a: b\n\xc3\xa6\xc3\xb8: x\xc3\x28\n", &d);
	expect_diag(&d, "encoding", 2, 7, "(byte 0x28)");
	okr_diags_free(&d);

	/* a sequence cut off by the end of the file */
	refuse("a: \xe2\x82", &d);
	expect_diag(&d, "encoding", 1, 4, "not valid UTF-8");
	okr_diags_free(&d);

	/* the BOM is not a column; CRLF is one line break */
	refuse("\xEF\xBB\xBF" "a: 1\r\nb: \xc0\xaf\r\n", &d);
	expect_diag(&d, "encoding", 2, 4, "not valid UTF-8");
	okr_diags_free(&d);

	/* a NUL byte is not text either */
	refuse_len("a: 1\nb: x\0y\n", 12, &d);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_uint_eq(d.v[0].line, 2);
	ck_assert_uint_eq(d.v[0].col, 5);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_utf16_refused)
{
	struct okr_diags d = { 0 };

	refuse_len("\xFF\xFE" "a\0:\0 \0" "1\0\n\0", 12, &d);
	expect_diag(&d, "encoding", 1, 1, "UTF-16");
	okr_diags_free(&d);

	refuse_len("\xFE\xFF" "\0a\0:\0 \0" "1\0\n", 12, &d);
	expect_diag(&d, "encoding", 1, 1, "UTF-16");
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_utf8_bom)
{
	const char *s = "\xEF\xBB\xBF" "a: 1\nb: two\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_pair *p;

	ck_assert_uint_eq(d.n, 0);
	ck_assert(doc->bom);
	ck_assert(!doc->crlf);
	ck_assert_uint_eq(doc->len, strlen(s));
	p = &doc->root->pairs[0];
	ck_assert_str_eq(p->key->value, "a");
	expect_mark(&p->key->start, 0, 0, 0);
	expect_mark(&p->value->start, 3, 0, 3);
	p = &doc->root->pairs[1];
	ck_assert_str_eq(p->key->value, "b");
	expect_mark(&p->key->start, 5, 1, 0);
	expect_mark(&p->value->start, 8, 1, 3);
	ck_assert_uint_eq(okr_doc_byte_offset(doc, &p->value->start), 11);
	ck_assert_int_eq(memcmp(doc->buf + 11, "two", 3), 0);
	okr_doc_free(doc);

	/* a BOM and nothing else is an empty document */
	doc = parse("\xEF\xBB\xBF", &d);
	ck_assert_ptr_null(doc->root);
	ck_assert_uint_eq(d.n, 0);
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_crlf)
{
	const char *s = "a: 1\r\nb: two\r\nc:\r\n  - x\r\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *b, *c;

	ck_assert_uint_eq(d.n, 0);
	ck_assert(doc->crlf);
	ck_assert(!doc->bom);
	b = okr_map_get(doc->root, "b");
	ck_assert_str_eq(b->value, "two");		/* no CR kept */
	expect_mark(&b->start, 9, 1, 3);
	ck_assert_uint_eq(okr_doc_byte_offset(doc, &b->start), 9);
	c = okr_map_get(doc->root, "c");
	ck_assert_str_eq(c->items[0]->value, "x");
	expect_mark(&c->items[0]->start, 22, 3, 4);
	okr_doc_free(doc);

	/* only the first line break decides */
	doc = parse("a: 1\nb: 2\r\n", &d);
	ck_assert(!doc->crlf);
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

static const struct okr_node *scalar_of(const struct okr_doc *doc, const char *k)
{
	const struct okr_node *n = okr_map_get(doc->root, k);

	ck_assert_msg(n != NULL, "no key '%s'", k);
	return n;
}

START_TEST(test_bool11)
{
	static const char *const yes[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true",
		"True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
		"Off", "OFF",
	};
	static const char *const no[] = {
		"yEs", "nope", "0", "1", "t", "f", "yess", "",
	};
	struct okr_diags d = { 0 };
	struct okr_doc *doc;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		char *s = okr_xprintf("v: %s\n", yes[i]);

		doc = parse(s, &d);
		ck_assert_msg(okr_scalar_is_bool11(scalar_of(doc, "v")), "%s", yes[i]);
		okr_doc_free(doc);
		free(s);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		char *s = okr_xprintf("v: %s\n", no[i]);

		doc = parse(s, &d);
		ck_assert_msg(!okr_scalar_is_bool11(scalar_of(doc, "v")), "'%s'", no[i]);
		okr_doc_free(doc);
		free(s);
	}
	/* quoted, it is text; a collection is neither */
	doc = parse("a: 'yes'\nb: \"no\"\nc: [yes]\n", &d);
	ck_assert(!okr_scalar_is_bool11(scalar_of(doc, "a")));
	ck_assert(!okr_scalar_is_bool11(scalar_of(doc, "b")));
	ck_assert(!okr_scalar_is_bool11(scalar_of(doc, "c")));
	ck_assert(okr_scalar_is_bool11(scalar_of(doc, "c")->items[0]));
	ck_assert(!okr_scalar_is_bool11(NULL));
	okr_doc_free(doc);
	ck_assert_uint_eq(d.n, 0);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_is_null)
{
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(
		"a:\n"
		"b: ~\n"
		"c: null\n"
		"d: Null\n"
		"e: NULL\n"
		"f: ''\n"
		"g: \"null\"\n"
		"h: nul\n"
		"i: {}\n"
		"j: []\n"
		"k: nULL\n", &d);

	ck_assert(okr_scalar_is_null(scalar_of(doc, "a")));
	ck_assert(okr_scalar_is_null(scalar_of(doc, "b")));
	ck_assert(okr_scalar_is_null(scalar_of(doc, "c")));
	ck_assert(okr_scalar_is_null(scalar_of(doc, "d")));
	ck_assert(okr_scalar_is_null(scalar_of(doc, "e")));
	ck_assert(!okr_scalar_is_null(scalar_of(doc, "f")));
	ck_assert(!okr_scalar_is_null(scalar_of(doc, "g")));
	ck_assert(!okr_scalar_is_null(scalar_of(doc, "h")));
	ck_assert(!okr_scalar_is_null(scalar_of(doc, "i")));
	ck_assert(!okr_scalar_is_null(scalar_of(doc, "j")));
	ck_assert(!okr_scalar_is_null(scalar_of(doc, "k")));
	ck_assert(okr_scalar_is_null(NULL));
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

/* Every plain scalar's start mark, turned into a byte offset, must point at
 * the scalar's bytes in the original buffer. */
static void expect_at(const struct okr_doc *doc, const struct okr_node *n,
		      size_t off)
{
	size_t got = okr_doc_byte_offset(doc, &n->start);

	ck_assert_msg(got == off, "'%s' at byte %zu, expected %zu", n->value,
		      got, off);
	ck_assert_int_eq(memcmp(doc->buf + off, n->value, n->len), 0);
}

START_TEST(test_byte_offset_multibyte)
{
	/* "æ: 1\n" is 5 characters, 6 bytes; "ø: 🎉\n" 5 characters,
	 * 9 bytes (ø 2, 🎉 4) */
	const char *s = "\xc3\xa6: 1\n\xc3\xb8: \xf0\x9f\x8e\x89\nk: v\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *party = doc->root->pairs[1].value;
	const struct okr_node *k = doc->root->pairs[2].key;

	ck_assert_uint_eq(d.n, 0);
	expect_mark(&party->start, 8, 1, 3);
	expect_mark(&party->end, 9, 1, 4);
	expect_mark(&k->start, 10, 2, 0);
	expect_at(doc, doc->root->pairs[0].key, 0);
	expect_at(doc, doc->root->pairs[0].value, 4);
	expect_at(doc, doc->root->pairs[1].key, 6);
	expect_at(doc, party, 10);
	ck_assert_uint_eq(okr_doc_byte_offset(doc, &party->end), 14);
	expect_at(doc, k, 15);
	expect_at(doc, doc->root->pairs[2].value, 18);
	/* the end of the document is the end of the buffer */
	ck_assert_uint_eq(okr_doc_byte_offset(doc, &doc->root->end), strlen(s));
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_byte_offset_bom_crlf)
{
	/* characters: BOM not counted, "æ: 1\r\n" 6 (CR and LF one each),
	 * "ø: 🎉\r\n" 6; bytes: BOM 3, 7, 10 */
	const char *s = "\xEF\xBB\xBF\xc3\xa6: 1\r\n\xc3\xb8: \xf0\x9f\x8e\x89\r\nk: v\r\n";
	struct okr_diags d = { 0 };
	struct okr_doc *doc = parse(s, &d);
	const struct okr_node *party = doc->root->pairs[1].value;
	const struct okr_node *k = doc->root->pairs[2].key;

	ck_assert_uint_eq(d.n, 0);
	ck_assert(doc->bom);
	ck_assert(doc->crlf);
	expect_mark(&party->start, 9, 1, 3);
	expect_mark(&k->start, 12, 2, 0);
	expect_at(doc, doc->root->pairs[0].key, 3);
	expect_at(doc, doc->root->pairs[0].value, 7);
	expect_at(doc, doc->root->pairs[1].key, 10);
	expect_at(doc, party, 14);
	expect_at(doc, k, 20);
	expect_at(doc, doc->root->pairs[2].value, 23);
	okr_doc_free(doc);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_syntax_error_place)
{
	struct okr_diags d = { 0 };

	/* a tab cannot indent */
	refuse("a:\n\tb: 1\n", &d);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_str_eq(d.v[0].rule, "yaml");
	ck_assert_uint_eq(d.v[0].line, 2);
	ck_assert_uint_eq(d.v[0].col, 1);
	ck_assert_msg(strstr(d.v[0].msg, "yaml syntax"), "%s", d.v[0].msg);
	okr_diags_free(&d);

	/* an unclosed flow sequence */
	refuse("a: [1, 2\nb: 3\n", &d);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_str_eq(d.v[0].rule, "yaml");
	ck_assert_msg(strstr(d.v[0].msg, "(line 1)"), "%s", d.v[0].msg);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_unicode_line_separators)
{
	/* U+2028, U+2029 and U+0085 are text in a title: editors, gcc-style
	 * parsers and GitHub count lines by LF only, so the duplicate below
	 * is on line 2 wherever the user looks */
	static const char *const seps[] = { "\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\x85" };
	struct okr_diags d = { 0 };
	struct okr_doc *doc;
	size_t i;

	for (i = 0; i < 3; i++) {
		char *s = okr_xprintf("a: \"x%sy\"\na: 1\n", seps[i]);

		doc = parse(s, &d);
		expect_diag(&d, "duplicate-key", 2, 1, "(first at line 1)");
		okr_doc_free(doc);
		okr_diags_free(&d);
		free(s);
	}
}
END_TEST

static Suite *yaml_suite(void)
{
	Suite *s = suite_create("yaml");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_marks);
	tcase_add_test(tc, test_scalar_styles);
	tcase_add_test(tc, test_nul_in_double_quoted);
	tcase_add_test(tc, test_flow_flags);
	tcase_add_test(tc, test_map_get);
	tcase_add_test(tc, test_empty_document);
	tcase_add_test(tc, test_duplicate_small);
	tcase_add_test(tc, test_duplicate_large);
	tcase_add_test(tc, test_duplicate_large_nested);
	tcase_add_test(tc, test_anchor_refused);
	tcase_add_test(tc, test_alias_refused);
	tcase_add_test(tc, test_tag_refused);
	tcase_add_test(tc, test_merge_key_refused);
	tcase_add_test(tc, test_complex_key_refused);
	tcase_add_test(tc, test_multiple_documents_refused);
	tcase_add_test(tc, test_depth_limit);
	tcase_add_test(tc, test_size_limit);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_utf16_refused);
	tcase_add_test(tc, test_utf8_bom);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_bool11);
	tcase_add_test(tc, test_is_null);
	tcase_add_test(tc, test_byte_offset_multibyte);
	tcase_add_test(tc, test_byte_offset_bom_crlf);
	tcase_add_test(tc, test_syntax_error_place);
	tcase_add_test(tc, test_unicode_line_separators);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(yaml_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
