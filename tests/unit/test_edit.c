/*
 * test_edit.c: `okr update`'s in-place edits. Every expected file below is
 * written out by hand: the input with only the changed value's bytes (or
 * the added lines) different, which is what a user diffing the commit sees.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"

struct fixture {
	struct okr_doc *doc;
	struct okr_edit *edit;
	struct okr_diags diags;
};

static void
open_text(struct fixture *f, const char *text)
{
	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(okr_doc_parse(&f->doc, "t.yaml", text, strlen(text),
				       &f->diags), 0);
	ck_assert_uint_eq(f->diags.nerrors, 0);
	ck_assert_int_eq(okr_edit_new(&f->edit, f->doc), 0);
}

static void
close_fixture(struct fixture *f)
{
	okr_edit_free(f->edit);
	okr_doc_free(f->doc);
	okr_diags_free(&f->diags);
}

/* Apply and compare the whole output byte for byte. */
static void
expect_output(struct fixture *f, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	int r = okr_edit_apply(&out, &len, f->edit);

	ck_assert_msg(r == 0, "apply failed: %s", okr_edit_error(f->edit));
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_msg(memcmp(out, want, len) == 0, "got:\n%s\nwant:\n%s", out, want);
	free(out);
}

static void
expect_apply_refused(struct fixture *f, const char *msg_part)
{
	char *out = (char *)1;
	size_t len = 1;

	ck_assert_int_eq(okr_edit_apply(&out, &len, f->edit), -1);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(okr_edit_error(f->edit));
	ck_assert_msg(strstr(okr_edit_error(f->edit), msg_part),
		      "error '%s' lacks '%s'", okr_edit_error(f->edit), msg_part);
}

static const struct okr_node *
root(struct fixture *f)
{
	ck_assert_ptr_nonnull(f->doc->root);
	return f->doc->root;
}

/* The i-th key result mapping. */
static const struct okr_node *
kr(struct fixture *f, size_t i)
{
	const struct okr_node *krs = okr_map_get(root(f), "key_results");

	ck_assert_ptr_nonnull(krs);
	ck_assert_uint_gt(krs->n, i);
	return krs->items[i];
}

static void
set_ok(struct fixture *f, const struct okr_node *map, const char *key,
       const char *text, enum okr_edit_kind kind)
{
	int r = okr_edit_set(f->edit, map, key, text, kind);

	ck_assert_msg(r == 0, "set %s failed: %s", key, okr_edit_error(f->edit));
}

static void
set_refused(struct fixture *f, const struct okr_node *map, const char *key,
	    const char *text, enum okr_edit_kind kind, const char *msg_part)
{
	ck_assert_int_eq(okr_edit_set(f->edit, map, key, text, kind), -1);
	ck_assert_ptr_nonnull(okr_edit_error(f->edit));
	ck_assert_msg(strstr(okr_edit_error(f->edit), msg_part),
		      "error '%s' lacks '%s'", okr_edit_error(f->edit), msg_part);
}

START_TEST(replace_plain_number)
{
	struct fixture f;

	open_text(&f,
		  "objective: Fast\n"
		  "key_results:\n"
		  "  - id: p95\n"
		  "    start: 800\n"
		  "    current: 450\n"
		  "    unit: ms\n");
	set_ok(&f, kr(&f, 0), "current", "420", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "objective: Fast\n"
		      "key_results:\n"
		      "  - id: p95\n"
		      "    start: 800\n"
		      "    current: 420\n"
		      "    unit: ms\n");
	close_fixture(&f);
}
END_TEST

/* Found by fuzz_edit: libyaml marks the empty value of "? x" at the next
 * token, past blank lines and comments; the new key belongs after x. */
START_TEST(add_after_explicit_key_without_value)
{
	struct fixture f;

	open_text(&f, "a: 1\n? x\n# c\n");
	set_ok(&f, root(&f), "updated", "2026-11-24", OKR_EDIT_PLAIN);
	expect_output(&f, "a: 1\n? x\nupdated: 2026-11-24\n# c\n");
	close_fixture(&f);
}
END_TEST

START_TEST(flow_mapping_value_and_new_key)
{
	struct fixture f;
	const struct okr_node *ms;

	open_text(&f,
		  "key_results:\n"
		  "  - id: migration\n"
		  "    milestones:\n"
		  "      - { title: Design approved, due: 2026-10-15, done: true }\n"
		  "      - { title: Half migrated, due: 2026-11-15, done: false }\n"
		  "      - {title: All, due: 2026-12-15}\n");
	ms = okr_map_get(kr(&f, 0), "milestones");
	set_ok(&f, ms->items[1], "done", "true", OKR_EDIT_PLAIN);
	/* a new key goes right after the last value, before the brace */
	set_ok(&f, ms->items[2], "done", "false", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "key_results:\n"
		      "  - id: migration\n"
		      "    milestones:\n"
		      "      - { title: Design approved, due: 2026-10-15, done: true }\n"
		      "      - { title: Half migrated, due: 2026-11-15, done: true }\n"
		      "      - {title: All, due: 2026-12-15, done: false}\n");
	close_fixture(&f);
}
END_TEST

START_TEST(quoting_style_is_kept)
{
	struct fixture f;

	open_text(&f,
		  "key_results:\n"
		  "  - id: a\n"
		  "    title: \"Cut latency\"\n"
		  "    owner: 'Alice Berg <alice@example.com>'\n"
		  "    unit: ms\n"
		  "    note: plain words\n"
		  "    other: plain\n"
		  "    quoted: \"x\"\n");
	set_ok(&f, kr(&f, 0), "title", "Cut p99 latency", OKR_EDIT_TEXT);
	/* an apostrophe is doubled inside single quotes */
	set_ok(&f, kr(&f, 0), "owner", "Kari's team", OKR_EDIT_TEXT);
	/* plain text that stays plain */
	set_ok(&f, kr(&f, 0), "unit", "requests/s", OKR_EDIT_TEXT);
	/* plain text that would not read back: double quotes */
	set_ok(&f, kr(&f, 0), "note", "ratio: 3 #1", OKR_EDIT_TEXT);
	set_ok(&f, kr(&f, 0), "other", "no", OKR_EDIT_TEXT);
	/* a double-quoted value gets its escapes */
	set_ok(&f, kr(&f, 0), "quoted", "say \"hi\"\\", OKR_EDIT_TEXT);
	expect_output(&f,
		      "key_results:\n"
		      "  - id: a\n"
		      "    title: \"Cut p99 latency\"\n"
		      "    owner: 'Kari''s team'\n"
		      "    unit: requests/s\n"
		      "    note: \"ratio: 3 #1\"\n"
		      "    other: \"no\"\n"
		      "    quoted: \"say \\\"hi\\\"\\\\\"\n");
	close_fixture(&f);
}
END_TEST

START_TEST(comment_after_value_is_kept)
{
	struct fixture f;

	open_text(&f,
		  "key_results:\n"
		  "  - id: a\n"
		  "    current: 450   # measured weekly\n"
		  "    confidence: 0.5# not a comment\n"
		  "    target: 200\n");
	set_ok(&f, kr(&f, 0), "current", "1200.5", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 0), "target", "7", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "key_results:\n"
		      "  - id: a\n"
		      "    current: 1200.5   # measured weekly\n"
		      "    confidence: 0.5# not a comment\n"
		      "    target: 7\n");
	close_fixture(&f);
}
END_TEST

static const char *const two_krs =
	"objective: Fast\n"
	"key_results:\n"
	"  - id: first\n"
	"    title: First one\n"
	"    current: 1   # weekly\n"
	"    # a comment about the next key result\n"
	"\n"
	"  - id: second\n"
	"    title: Second\n"
	"    current: 2\n";

START_TEST(add_keys_to_middle_item)
{
	struct fixture f;

	open_text(&f, two_krs);
	set_ok(&f, kr(&f, 0), "confidence", "0.6", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 0), "updated", "2026-11-20", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "objective: Fast\n"
		      "key_results:\n"
		      "  - id: first\n"
		      "    title: First one\n"
		      "    current: 1   # weekly\n"
		      "    confidence: 0.6\n"
		      "    updated: 2026-11-20\n"
		      "    # a comment about the next key result\n"
		      "\n"
		      "  - id: second\n"
		      "    title: Second\n"
		      "    current: 2\n");
	close_fixture(&f);
}
END_TEST

START_TEST(add_keys_to_last_item)
{
	struct fixture f;

	open_text(&f, two_krs);
	set_ok(&f, kr(&f, 1), "current", "3", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 1), "confidence", "0.6", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 1), "updated", "2026-11-20", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "objective: Fast\n"
		      "key_results:\n"
		      "  - id: first\n"
		      "    title: First one\n"
		      "    current: 1   # weekly\n"
		      "    # a comment about the next key result\n"
		      "\n"
		      "  - id: second\n"
		      "    title: Second\n"
		      "    current: 3\n"
		      "    confidence: 0.6\n"
		      "    updated: 2026-11-20\n");
	close_fixture(&f);
}
END_TEST

START_TEST(add_keys_without_trailing_newline)
{
	struct fixture f;

	open_text(&f,
		  "key_results:\n"
		  "  -   id: wide\n"
		  "      current: 2 # last line, no newline");
	set_ok(&f, kr(&f, 0), "updated", "2026-11-20", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 0), "confidence", "1", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "key_results:\n"
		      "  -   id: wide\n"
		      "      current: 2 # last line, no newline\n"
		      "      updated: 2026-11-20\n"
		      "      confidence: 1");
	close_fixture(&f);
}
END_TEST

/* The last pair holds a list: the new key goes after the list's last line,
 * at the indentation of the mapping's own keys. */
START_TEST(add_key_after_nested_list)
{
	struct fixture f;

	open_text(&f,
		  "key_results:\n"
		  "  - id: migration\n"
		  "    milestones:\n"
		  "      - title: Design\n"
		  "        done: true\n"
		  "  - id: other\n"
		  "    done: false\n");
	set_ok(&f, kr(&f, 0), "updated", "2026-11-20", OKR_EDIT_PLAIN);
	set_ok(&f, root(&f), "type", "committed", OKR_EDIT_TEXT);
	expect_output(&f,
		      "key_results:\n"
		      "  - id: migration\n"
		      "    milestones:\n"
		      "      - title: Design\n"
		      "        done: true\n"
		      "    updated: 2026-11-20\n"
		      "  - id: other\n"
		      "    done: false\n"
		      "type: committed\n");
	close_fixture(&f);
}
END_TEST

START_TEST(crlf_stays_crlf)
{
	struct fixture f;

	open_text(&f,
		  "objective: Fast\r\n"
		  "key_results:\r\n"
		  "  - id: a\r\n"
		  "    current: 450\r\n"
		  "\r\n"
		  "  - id: b\r\n"
		  "    done: false # binary\r\n");
	set_ok(&f, kr(&f, 0), "current", "420", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 0), "updated", "2026-11-20", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 1), "done", "true", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 1), "confidence", "0.9", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "objective: Fast\r\n"
		      "key_results:\r\n"
		      "  - id: a\r\n"
		      "    current: 420\r\n"
		      "    updated: 2026-11-20\r\n"
		      "\r\n"
		      "  - id: b\r\n"
		      "    done: true # binary\r\n"
		      "    confidence: 0.9\r\n");
	close_fixture(&f);
}
END_TEST

START_TEST(crlf_without_trailing_newline)
{
	struct fixture f;

	open_text(&f,
		  "key_results:\r\n"
		  "  - id: a\r\n"
		  "    current: 450");
	set_ok(&f, kr(&f, 0), "updated", "2026-11-20", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "key_results:\r\n"
		      "  - id: a\r\n"
		      "    current: 450\r\n"
		      "    updated: 2026-11-20");
	close_fixture(&f);
}
END_TEST

/* Marks count characters: with a BOM, æøå (2 bytes each) and emoji
 * (4 bytes) before the values, a character index used as a byte offset
 * would land in the middle of the title. */
START_TEST(bom_and_multibyte_text)
{
	struct fixture f;
	const struct okr_node *ms;

	open_text(&f,
		  "\xEF\xBB\xBF"
		  "objective: Gjør plattformen rask 🚀\n"
		  "key_results:\n"
		  "  - id: blåbær\n"
		  "    title: Færre klager på søknader 😀😀\n"
		  "    current: 450\n"
		  "    milestones:\n"
		  "      - { title: Første fase 🎉, done: false }\n");
	set_ok(&f, kr(&f, 0), "current", "99.95", OKR_EDIT_PLAIN);
	ms = okr_map_get(kr(&f, 0), "milestones");
	set_ok(&f, ms->items[0], "done", "true", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 0), "title", "Ingen klager på søknader ✅", OKR_EDIT_TEXT);
	expect_output(&f,
		      "\xEF\xBB\xBF"
		      "objective: Gjør plattformen rask 🚀\n"
		      "key_results:\n"
		      "  - id: blåbær\n"
		      "    title: Ingen klager på søknader ✅\n"
		      "    current: 99.95\n"
		      "    milestones:\n"
		      "      - { title: Første fase 🎉, done: true }\n");
	close_fixture(&f);
}
END_TEST

START_TEST(busy_file_two_values)
{
	struct fixture f;
	const struct okr_node *ms;

	open_text(&f,
		  "# Platform objective, owned by the platform team.\n"
		  "\n"
		  "objective:   'Make the platform feel instant'   # quoted on purpose\n"
		  "level: team\n"
		  "owner: \"platform\"\n"
		  "\n"
		  "description: >\n"
		  "  Free text that folds\n"
		  "  over two lines.\n"
		  "\n"
		  "key_results:\n"
		  "\n"
		  "  # latency first\n"
		  "  - id: p95-latency\n"
		  "    title: \"Cut p95 API latency: the \\\"slow\\\" path\"\n"
		  "    start: 800      # ms, measured in prod\n"
		  "    target: 200\n"
		  "    current:    450     # last week\n"
		  "    unit: ms\n"
		  "\n"
		  "  - id: migration\n"
		  "    title: 'Migrate all services'\n"
		  "    milestones: [\n"
		  "      { title: Design,  due: 2026-10-15, done: true },\n"
		  "      {title: \"Half\", due: 2026-11-15 ,done: false}, # mid\n"
		  "    ]\n"
		  "# end of key results\n"
		  "milestones:\n"
		  "  - { title: Kick-off, due: 2026-10-03, done: true }\n");
	set_ok(&f, kr(&f, 0), "current", "380", OKR_EDIT_PLAIN);
	ms = okr_map_get(kr(&f, 1), "milestones");
	set_ok(&f, ms->items[1], "done", "true", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "# Platform objective, owned by the platform team.\n"
		      "\n"
		      "objective:   'Make the platform feel instant'   # quoted on purpose\n"
		      "level: team\n"
		      "owner: \"platform\"\n"
		      "\n"
		      "description: >\n"
		      "  Free text that folds\n"
		      "  over two lines.\n"
		      "\n"
		      "key_results:\n"
		      "\n"
		      "  # latency first\n"
		      "  - id: p95-latency\n"
		      "    title: \"Cut p95 API latency: the \\\"slow\\\" path\"\n"
		      "    start: 800      # ms, measured in prod\n"
		      "    target: 200\n"
		      "    current:    380     # last week\n"
		      "    unit: ms\n"
		      "\n"
		      "  - id: migration\n"
		      "    title: 'Migrate all services'\n"
		      "    milestones: [\n"
		      "      { title: Design,  due: 2026-10-15, done: true },\n"
		      "      {title: \"Half\", due: 2026-11-15 ,done: true}, # mid\n"
		      "    ]\n"
		      "# end of key results\n"
		      "milestones:\n"
		      "  - { title: Kick-off, due: 2026-10-03, done: true }\n");
	close_fixture(&f);
}
END_TEST

START_TEST(empty_value_is_filled)
{
	struct fixture f;

	open_text(&f,
		  "key_results:\n"
		  "  - id: a\n"
		  "    confidence:\n"
		  "    updated:    # not yet\n"
		  "    m: {done: }\n");
	set_ok(&f, kr(&f, 0), "confidence", "0.6", OKR_EDIT_PLAIN);
	set_ok(&f, kr(&f, 0), "updated", "2026-11-20", OKR_EDIT_PLAIN);
	set_ok(&f, okr_map_get(kr(&f, 0), "m"), "done", "true", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "key_results:\n"
		      "  - id: a\n"
		      "    confidence: 0.6\n"
		      "    updated: 2026-11-20    # not yet\n"
		      "    m: {done: true}\n");
	close_fixture(&f);
}
END_TEST

START_TEST(same_key_twice_last_wins)
{
	struct fixture f;

	open_text(&f, "a: 1\nb: 2\n");
	set_ok(&f, root(&f), "a", "5", OKR_EDIT_PLAIN);
	set_ok(&f, root(&f), "c", "x", OKR_EDIT_TEXT);
	set_ok(&f, root(&f), "a", "6", OKR_EDIT_PLAIN);
	set_ok(&f, root(&f), "c", "y z", OKR_EDIT_TEXT);
	expect_output(&f, "a: 6\nb: 2\nc: y z\n");
	close_fixture(&f);
}
END_TEST

START_TEST(refuse_block_and_multiline)
{
	struct fixture f;

	open_text(&f,
		  "description: >\n"
		  "  folded\n"
		  "notes: |\n"
		  "  literal\n"
		  "title: a plain value\n"
		  "  that goes on\n"
		  "quoted: \"two\n"
		  "  lines\"\n"
		  "ok: 1\n");
	set_refused(&f, root(&f), "description", "x", OKR_EDIT_TEXT,
		    "t.yaml:1:14: cannot update 'description': it is a block scalar");
	set_refused(&f, root(&f), "notes", "x", OKR_EDIT_TEXT, "block scalar");
	set_refused(&f, root(&f), "title", "x", OKR_EDIT_TEXT,
		    "t.yaml:5:8: cannot update 'title': its value spans several lines");
	set_refused(&f, root(&f), "quoted", "x", OKR_EDIT_TEXT, "spans several lines");
	/* the refusals left nothing behind: a later edit still applies */
	set_ok(&f, root(&f), "ok", "2", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "description: >\n"
		      "  folded\n"
		      "notes: |\n"
		      "  literal\n"
		      "title: a plain value\n"
		      "  that goes on\n"
		      "quoted: \"two\n"
		      "  lines\"\n"
		      "ok: 2\n");
	close_fixture(&f);
}
END_TEST

START_TEST(refuse_non_scalars_and_bad_text)
{
	struct fixture f;
	const struct okr_node *krs;

	open_text(&f,
		  "key_results:\n"
		  "  - id: a\n"
		  "    milestones: [x]\n"
		  "    owner: {name: x}\n");
	krs = okr_map_get(root(&f), "key_results");
	set_refused(&f, root(&f), "key_results", "3", OKR_EDIT_PLAIN,
		    "it holds a list, not a single value");
	set_refused(&f, kr(&f, 0), "milestones", "3", OKR_EDIT_PLAIN, "list");
	set_refused(&f, kr(&f, 0), "owner", "x", OKR_EDIT_TEXT, "mapping");
	/* a list where a mapping is needed */
	set_refused(&f, krs, "current", "3", OKR_EDIT_PLAIN,
		    "t.yaml:2:3: cannot set 'current': this is a list, not a mapping");
	set_refused(&f, okr_map_get(kr(&f, 0), "id"), "x", "3", OKR_EDIT_PLAIN,
		    "not a mapping");
	set_refused(&f, kr(&f, 0), "title", "bad \xC3 utf-8", OKR_EDIT_TEXT,
		    "not valid UTF-8");
	set_refused(&f, kr(&f, 0), "current", "1: 2", OKR_EDIT_PLAIN,
		    "not a plain value");
	expect_output(&f,
		      "key_results:\n"
		      "  - id: a\n"
		      "    milestones: [x]\n"
		      "    owner: {name: x}\n");
	close_fixture(&f);
}
END_TEST

/* A keep-chomped block scalar owns the blank lines after it: a key added
 * after it would take them away, which the re-parse notices. */
START_TEST(verification_refuses_collateral_change)
{
	struct fixture f;

	open_text(&f,
		  "- id: a\n"
		  "  notes: |+\n"
		  "    text\n"
		  "\n"
		  "- id: b\n");
	set_ok(&f, f.doc->root->items[0], "updated", "2026-11-20", OKR_EDIT_PLAIN);
	expect_apply_refused(&f, "the edit would change more than the value; edit the file by hand");
	close_fixture(&f);
}
END_TEST

/* A clipped block scalar as the last value: the new key goes after its
 * text, and the blank line and comment stay below. */
START_TEST(add_key_after_block_scalar)
{
	struct fixture f;

	open_text(&f,
		  "- id: a\n"
		  "  notes: |\n"
		  "    text\n"
		  "\n"
		  "# next\n"
		  "- id: b\n");
	set_ok(&f, f.doc->root->items[0], "updated", "2026-11-20", OKR_EDIT_PLAIN);
	expect_output(&f,
		      "- id: a\n"
		      "  notes: |\n"
		      "    text\n"
		      "  updated: 2026-11-20\n"
		      "\n"
		      "# next\n"
		      "- id: b\n");
	close_fixture(&f);
}
END_TEST

START_TEST(text_in_flow_mapping_is_quoted_when_needed)
{
	struct fixture f;

	open_text(&f, "- { title: Design, done: false }\n");
	set_ok(&f, f.doc->root->items[0], "title", "Design, then build", OKR_EDIT_TEXT);
	set_ok(&f, f.doc->root->items[0], "note", "a [b]", OKR_EDIT_TEXT);
	expect_output(&f,
		      "- { title: \"Design, then build\", done: false, note: \"a [b]\" }\n");
	close_fixture(&f);
}
END_TEST

START_TEST(no_changes_gives_same_bytes)
{
	struct fixture f;

	open_text(&f, "\xEF\xBB\xBF" "a: 1 # x\r\n");
	expect_output(&f, "\xEF\xBB\xBF" "a: 1 # x\r\n");
	close_fixture(&f);
}
END_TEST

static void
expect_number(double v, const char *want)
{
	char *s = okr_edit_format_number(v);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, want);
	free(s);
}

START_TEST(number_formatting)
{
	expect_number(420, "420");
	expect_number(420.5, "420.5");
	expect_number(0.1, "0.1");
	expect_number(-3, "-3");
	expect_number(99.95, "99.95");
	expect_number(12.5, "12.5");
	expect_number(0.7, "0.7");
	expect_number(0, "0");
	expect_number(-0.0, "0");
	expect_number(-0.25, "-0.25");
	expect_number(1e21, "1000000000000000000000");
	expect_number(1e-7, "0.0000001");
	expect_number(800, "800");
	expect_number(123456789012.0, "123456789012");
	/* 0.1 + 0.2 is not 0.3 in binary; its shortest text shows it */
	expect_number(0.1 + 0.2, "0.30000000000000004");
	/* 1/3 needs all 16 digits to read back */
	expect_number(1.0 / 3.0, "0.3333333333333333");
	ck_assert_ptr_null(okr_edit_format_number(NAN));
	ck_assert_ptr_null(okr_edit_format_number(INFINITY));
}
END_TEST

START_TEST(utf8_decoding)
{
	size_t adv = 99;

	ck_assert_int_eq(okr_utf8_next("a", 1, &adv), 'a');
	ck_assert_uint_eq(adv, 1);
	ck_assert_int_eq(okr_utf8_next("\xC3\xB8", 2, &adv), 0xF8);	/* ø */
	ck_assert_uint_eq(adv, 2);
	ck_assert_int_eq(okr_utf8_next("\xF0\x9F\x9A\x80", 4, &adv), 0x1F680);
	ck_assert_uint_eq(adv, 4);
	/* a bad byte, a cut sequence, an overlong form, a surrogate: -1, and
	 * the caller can always step on by *adv */
	adv = 99;
	ck_assert_int_eq(okr_utf8_next("\xFF", 1, &adv), -1);
	ck_assert_uint_eq(adv, 1);
	adv = 99;
	ck_assert_int_eq(okr_utf8_next("\xC3", 1, &adv), -1);
	ck_assert_uint_eq(adv, 1);
	ck_assert_int_eq(okr_utf8_next("\xC0\xAF", 2, &adv), -1);
	ck_assert_int_eq(okr_utf8_next("\xED\xA0\x80", 3, &adv), -1);
	ck_assert_ptr_null(okr_utf8_invalid("Løvås 🚀"));
	ck_assert_str_eq(okr_utf8_invalid("bad \xFF\xFE text"), "\xFF\xFE text");
}
END_TEST

/* Invalid bytes never become \xFFFFFFFF (or \xFF, which YAML reads as
 * U+00FF): put_text writes the replacement character. */
START_TEST(put_text_with_bad_bytes)
{
	struct okr_buf b = OKR_BUF_INIT;

	okr_yaml_put_text(&b, "bad \xFF\xFE text");
	ck_assert_str_eq(b.ptr, "\"bad \\uFFFD\\uFFFD text\"");
	okr_buf_clear(&b);
	okr_yaml_put_text(&b, "tab\there \xC3\xA6");
	ck_assert_str_eq(b.ptr, "\"tab\\there \xC3\xA6\"");
	okr_buf_free(&b);
}
END_TEST

static Suite *
edit_suite(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("edit");

	tcase_add_test(tc, replace_plain_number);
	tcase_add_test(tc, add_after_explicit_key_without_value);
	tcase_add_test(tc, flow_mapping_value_and_new_key);
	tcase_add_test(tc, quoting_style_is_kept);
	tcase_add_test(tc, comment_after_value_is_kept);
	tcase_add_test(tc, add_keys_to_middle_item);
	tcase_add_test(tc, add_keys_to_last_item);
	tcase_add_test(tc, add_keys_without_trailing_newline);
	tcase_add_test(tc, add_key_after_nested_list);
	tcase_add_test(tc, crlf_stays_crlf);
	tcase_add_test(tc, crlf_without_trailing_newline);
	tcase_add_test(tc, bom_and_multibyte_text);
	tcase_add_test(tc, busy_file_two_values);
	tcase_add_test(tc, empty_value_is_filled);
	tcase_add_test(tc, same_key_twice_last_wins);
	tcase_add_test(tc, refuse_block_and_multiline);
	tcase_add_test(tc, refuse_non_scalars_and_bad_text);
	tcase_add_test(tc, verification_refuses_collateral_change);
	tcase_add_test(tc, add_key_after_block_scalar);
	tcase_add_test(tc, text_in_flow_mapping_is_quoted_when_needed);
	tcase_add_test(tc, no_changes_gives_same_bytes);
	tcase_add_test(tc, number_formatting);
	tcase_add_test(tc, utf8_decoding);
	tcase_add_test(tc, put_text_with_bad_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(edit_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
