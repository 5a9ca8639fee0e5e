/*
 * fuzz_yaml.c: libFuzzer target for the YAML tree alone, checking what the
 * edit module relies on: every mark turns into a byte offset inside the
 * buffer, in order, and every key can be found again with okr_map_get.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "yamltree.h"

/* libyaml folds YAML 1.1's breaks too: LF, CR, NEL, LS and PS. */
static bool has_break(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n' || p[i] == '\r' ||
		    (i + 1 < n && memcmp(p + i, "\xc2\x85", 2) == 0) ||
		    (i + 2 < n && (memcmp(p + i, "\xe2\x80\xa8", 3) == 0 ||
				   memcmp(p + i, "\xe2\x80\xa9", 3) == 0)))
			return true;
	return false;
}

static void walk(const struct okr_doc *doc, const struct okr_node *n, int depth)
{
	size_t s, e, i;

	CHECK(depth <= OKR_YAML_MAX_DEPTH);
	CHECK(n->start.index <= n->end.index);
	s = okr_doc_byte_offset(doc, &n->start);
	e = okr_doc_byte_offset(doc, &n->end);
	CHECK(s <= e && e <= doc->len);
	CHECK(!doc->bom || s >= 3);
	switch (n->type) {
	case OKR_NODE_SCALAR:
		CHECK(n->value && n->value[n->len] == '\0');
		CHECK(n->n == 0);
		/* a plain scalar with no line break in it is its bytes in
		 * the file: the promise an in-place edit is built on */
		if (n->style == OKR_STYLE_PLAIN && !has_break(doc->buf + s, e - s))
			CHECK(e - s == n->len && memcmp(doc->buf + s, n->value, n->len) == 0);
		break;
	case OKR_NODE_MAP:
		CHECK(depth < OKR_YAML_MAX_DEPTH);
		for (i = 0; i < n->n; i++) {
			const struct okr_node *k = n->pairs[i].key;

			CHECK(k->type == OKR_NODE_SCALAR);
			walk(doc, k, depth + 1);
			walk(doc, n->pairs[i].value, depth + 1);
			if (!memchr(k->value, '\0', k->len))
				CHECK(okr_map_get(n, k->value) != NULL);
		}
		break;
	case OKR_NODE_SEQ:
		CHECK(depth < OKR_YAML_MAX_DEPTH);
		for (i = 0; i < n->n; i++)
			walk(doc, n->items[i], depth + 1);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct okr_diags d = { 0 };
	struct okr_doc *doc = NULL;
	size_t i;

	if (okr_doc_parse(&doc, "f.yaml", (const char *)data, size, &d) < 0) {
		CHECK(doc == NULL && d.nerrors > 0);
	} else {
		CHECK(doc && doc->len == size);
		CHECK(memcmp(doc->buf, data, size) == 0);
		if (doc->root)
			walk(doc, doc->root, 0);
	}
	for (i = 0; i < d.n; i++)
		CHECK(d.v[i].line >= 1 && d.v[i].col >= 1);
	okr_doc_free(doc);
	okr_diags_free(&d);
	return 0;
}
