/*
 * test_diag.c: diagnostics come out in the order and the exact shapes that
 * editors, GitHub, GitLab and scripts parse: sorting, counts, escaping.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"

static char *render(const struct okr_diags *d, enum okr_format fmt,
		    int color)
{
	struct okr_buf out = OKR_BUF_INIT;

	okr_diags_render(&out, d, fmt, color);
	return okr_buf_detach(&out);
}

static json_t *render_parsed(const struct okr_diags *d, enum okr_format fmt)
{
	char *s = render(d, fmt, 0);
	json_error_t err;
	json_t *j = json_loads(s, 0, &err);

	ck_assert_msg(j != NULL, "not JSON (%s): %s", err.text, s);
	ck_assert_msg(strlen(s) > 0 && s[strlen(s) - 1] == '\n',
		      "no trailing newline");
	free(s);
	return j;
}

static const char *obj_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_string(v), "'%s' is not a string", key);
	return json_string_value(v);
}

static json_int_t obj_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_integer(v), "'%s' is not an integer", key);
	return json_integer_value(v);
}

START_TEST(test_sort_by_file_line_col)
{
	struct okr_diags d = { 0 };

	okr_diags_add(&d, "b.yaml", 1, 1, OKR_SEV_ERROR, "r", "b1");
	okr_diags_add(&d, "a.yaml", 10, 1, OKR_SEV_ERROR, "r", "a10");
	okr_diags_add(&d, "a.yaml", 2, 7, OKR_SEV_WARNING, "r", "a2c7");
	okr_diags_add(&d, "a.yaml", 2, 3, OKR_SEV_ERROR, "r", "a2c3");
	okr_diags_add(&d, "a.yaml", 0, 0, OKR_SEV_ERROR, "r", "a0");
	okr_diags_add(&d, "a/x.yaml", 1, 1, OKR_SEV_ERROR, "r", "ax");
	okr_diags_sort(&d);

	ck_assert_uint_eq(d.n, 6);
	/* Numeric line order (2 before 10), bytewise file order ('.' < '/'),
	 * and the file-wide diagnostic (line 0) first in its file. */
	ck_assert_str_eq(d.v[0].msg, "a0");
	ck_assert_str_eq(d.v[1].msg, "a2c3");
	ck_assert_str_eq(d.v[2].msg, "a2c7");
	ck_assert_str_eq(d.v[3].msg, "a10");
	ck_assert_str_eq(d.v[4].msg, "ax");
	ck_assert_str_eq(d.v[5].msg, "b1");
	ck_assert_str_eq(d.v[5].file, "b.yaml");
	ck_assert_uint_eq(d.v[2].sev, OKR_SEV_WARNING);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_sort_stable)
{
	struct okr_diags d = { 0 };
	int i, seen_x = 0, seen_y = 0;

	/* Enough entries to go through several levels of merging, with two
	 * places interleaved in reverse place order. */
	for (i = 0; i < 98; i++) {
		if (i % 2)
			okr_diags_add(&d, "p.yaml", 4, 2, OKR_SEV_ERROR, "r",
				      "x%d", i / 2);
		else
			okr_diags_add(&d, "p.yaml", 9, 1, OKR_SEV_WARNING, "r",
				      "y%d", i / 2);
	}
	okr_diags_sort(&d);

	ck_assert_uint_eq(d.n, 98);
	for (i = 0; i < 98; i++) {
		char want[16];

		if (i < 49)
			snprintf(want, sizeof(want), "x%d", seen_x++);
		else
			snprintf(want, sizeof(want), "y%d", seen_y++);
		ck_assert_str_eq(d.v[i].msg, want);
	}
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_counts_and_free)
{
	struct okr_diags d = { 0 };
	char file[] = "q.yaml";

	okr_diags_add(&d, file, 1, 1, OKR_SEV_ERROR, "r", "%s '%s' (%d)",
		      "target equals", "start", 800);
	okr_diags_add(&d, file, 2, 1, OKR_SEV_WARNING, "r", "w");
	okr_diags_add(&d, file, 3, 1, OKR_SEV_ERROR, NULL, "e");
	/* The file name is copied, not borrowed. */
	file[0] = 'z';

	ck_assert_uint_eq(d.n, 3);
	ck_assert_uint_eq(d.nerrors, 2);
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_str_eq(d.v[0].file, "q.yaml");
	ck_assert_str_eq(d.v[0].msg, "target equals 'start' (800)");
	ck_assert_str_eq(d.v[2].rule, "");

	okr_diags_free(&d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(d.nerrors, 0);
	ck_assert_ptr_null(d.v);
	okr_diags_free(&d);
	okr_diags_free(NULL);
}
END_TEST

START_TEST(test_format_parse)
{
	enum okr_format f = OKR_FORMAT_TEXT;

	ck_assert_int_eq(okr_format_parse(&f, "json"), 0);
	ck_assert_int_eq(f, OKR_FORMAT_JSON);
	ck_assert_int_eq(okr_format_parse(&f, "github"), 0);
	ck_assert_int_eq(f, OKR_FORMAT_GITHUB);
	ck_assert_int_eq(okr_format_parse(&f, "gitlab"), 0);
	ck_assert_int_eq(f, OKR_FORMAT_GITLAB);
	ck_assert_int_eq(okr_format_parse(&f, "text"), 0);
	ck_assert_int_eq(f, OKR_FORMAT_TEXT);
	ck_assert_int_eq(okr_format_parse(&f, "xml"), -1);
	ck_assert_int_eq(okr_format_parse(&f, "JSON"), -1);
	ck_assert_int_eq(okr_format_parse(&f, ""), -1);
	ck_assert_int_eq(f, OKR_FORMAT_TEXT);
}
END_TEST

static void add_two(struct okr_diags *d)
{
	okr_diags_add(d, "2026-Q4/platform/latency.yaml", 12, 5, OKR_SEV_ERROR,
		      "start-equals-target", "'target' equals 'start' (%d)",
		      800);
	okr_diags_add(d, "okr.yaml", 3, 1, OKR_SEV_WARNING, "stale",
		      "key result 'p99' not updated for 3 weeks");
}

START_TEST(test_text)
{
	struct okr_diags d = { 0 };
	char *s;

	add_two(&d);
	okr_diags_add(&d, "2026-Q4/empty.yaml", 0, 0, OKR_SEV_ERROR, "empty",
		      "file is empty");
	okr_diags_add(&d, "x.yaml", 7, 0, OKR_SEV_WARNING, "w", "no column");
	s = render(&d, OKR_FORMAT_TEXT, 0);
	ck_assert_str_eq(s,
		"2026-Q4/platform/latency.yaml:12:5: error: 'target' equals 'start' (800)\n"
		"okr.yaml:3:1: warning: key result 'p99' not updated for 3 weeks\n"
		"2026-Q4/empty.yaml: error: file is empty\n"
		"x.yaml:7: warning: no column\n");
	free(s);
	okr_diags_free(&d);

	s = render(&d, OKR_FORMAT_TEXT, 0);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_text_color)
{
	struct okr_diags d = { 0 };
	char *s;

	add_two(&d);
	s = render(&d, OKR_FORMAT_TEXT, 1);
	/* gcc -fdiagnostics-color: locus bold (01), error bold red (01;31),
	 * warning bold magenta (01;35), each closed by ESC[m ESC[K. */
	ck_assert_str_eq(s,
		"\033[01m\033[K2026-Q4/platform/latency.yaml:12:5:\033[m\033[K "
		"\033[01;31m\033[Kerror: \033[m\033[K'target' equals 'start' (800)\n"
		"\033[01m\033[Kokr.yaml:3:1:\033[m\033[K "
		"\033[01;35m\033[Kwarning: \033[m\033[Kkey result 'p99' not updated for 3 weeks\n");
	free(s);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_github)
{
	struct okr_diags d = { 0 };
	char *s;

	add_two(&d);
	/* controls, C1 and bidi overrides shown as escapes (as in the text
	 * format), so none can fake a second command or reorder the line */
	okr_diags_add(&d, "odd: name, \033[2J\u202Ereally.yaml", 4, 2, OKR_SEV_ERROR,
		      "type", "100%% sure: a, b\r\nnext \xC2\x9Bline");
	okr_diags_add(&d, "whole.yaml", 0, 0, OKR_SEV_WARNING, "", "no place");
	s = render(&d, OKR_FORMAT_GITHUB, 1);
	ck_assert_str_eq(s,
		"::error file=2026-Q4/platform/latency.yaml,line=12,col=5,"
		"title=start-equals-target::'target' equals 'start' (800)\n"
		"::warning file=okr.yaml,line=3,col=1,title=stale::"
		"key result 'p99' not updated for 3 weeks\n"
		"::error file=odd%3A name%2C \\x1B[2J\\u202Ereally.yaml,line=4,col=2,title=type::"
		"100%25 sure: a, b\\r\\nnext \\u009Bline\n"
		"::warning file=whole.yaml::no place\n");
	free(s);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_gitlab)
{
	struct okr_diags d = { 0 };
	json_t *j, *e, *loc;
	const char *fp[4];
	size_t i, k;

	add_two(&d);
	okr_diags_add(&d, "okr.yaml", 0, 0, OKR_SEV_ERROR, "dup", "same");
	okr_diags_add(&d, "okr.yaml", 0, 0, OKR_SEV_ERROR, "dup", "same");
	j = render_parsed(&d, OKR_FORMAT_GITLAB);

	ck_assert(json_is_array(j));
	ck_assert_uint_eq(json_array_size(j), 4);
	e = json_array_get(j, 0);
	ck_assert_str_eq(obj_str(e, "description"),
			 "'target' equals 'start' (800)");
	ck_assert_str_eq(obj_str(e, "check_name"), "start-equals-target");
	ck_assert_str_eq(obj_str(e, "severity"), "major");
	loc = json_object_get(e, "location");
	ck_assert_str_eq(obj_str(loc, "path"), "2026-Q4/platform/latency.yaml");
	ck_assert_int_eq(obj_int(json_object_get(loc, "lines"), "begin"), 12);

	e = json_array_get(j, 1);
	ck_assert_str_eq(obj_str(e, "severity"), "minor");
	ck_assert_str_eq(obj_str(e, "check_name"), "stale");
	/* A whole-file diagnostic points at line 1: GitLab needs a line. */
	loc = json_object_get(json_array_get(j, 2), "location");
	ck_assert_int_eq(obj_int(json_object_get(loc, "lines"), "begin"), 1);

	for (i = 0; i < 4; i++) {
		fp[i] = obj_str(json_array_get(j, i), "fingerprint");
		ck_assert_uint_eq(strlen(fp[i]), 16);
		ck_assert_uint_eq(strspn(fp[i], "0123456789abcdef"), 16);
		for (k = 0; k < i; k++)
			ck_assert_str_ne(fp[i], fp[k]);
	}
	json_decref(j);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_gitlab_fingerprint_stable)
{
	struct okr_diags d = { 0 };
	json_t *j;

	okr_diags_add(&d, "a.yaml", 3, 5, OKR_SEV_ERROR, "unknown-key",
		      "unknown key '%s'", "foo");
	j = render_parsed(&d, OKR_FORMAT_GITLAB);
	/* FNV-1a 64 over "a.yaml\0" "3:5\0" "unknown-key\0" "unknown key
	 * 'foo'\0", computed separately in Python. It must never change
	 * between runs or versions, or GitLab would see every issue in the
	 * repository as fixed and reintroduced. */
	ck_assert_str_eq(obj_str(json_array_get(j, 0), "fingerprint"),
			 "2180830111a38a24");
	json_decref(j);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_json)
{
	struct okr_diags d = { 0 };
	json_t *j, *list, *e;
	char *s;

	add_two(&d);
	j = render_parsed(&d, OKR_FORMAT_JSON);
	ck_assert_int_eq(obj_int(j, "errors"), 1);
	ck_assert_int_eq(obj_int(j, "warnings"), 1);
	list = json_object_get(j, "diagnostics");
	ck_assert_uint_eq(json_array_size(list), 2);
	e = json_array_get(list, 0);
	ck_assert_str_eq(obj_str(e, "file"), "2026-Q4/platform/latency.yaml");
	ck_assert_int_eq(obj_int(e, "line"), 12);
	ck_assert_int_eq(obj_int(e, "column"), 5);
	ck_assert_str_eq(obj_str(e, "severity"), "error");
	ck_assert_str_eq(obj_str(e, "rule"), "start-equals-target");
	ck_assert_str_eq(obj_str(e, "message"), "'target' equals 'start' (800)");
	e = json_array_get(list, 1);
	ck_assert_str_eq(obj_str(e, "severity"), "warning");
	ck_assert_str_eq(obj_str(e, "file"), "okr.yaml");
	json_decref(j);

	/* Keys in the documented order, indented by two. */
	s = render(&d, OKR_FORMAT_JSON, 0);
	ck_assert_msg(!strncmp(s, "{\n  \"errors\": 1,\n  \"warnings\": 1,\n"
			       "  \"diagnostics\": [\n    {\n      \"file\": ",
			       strlen("{\n  \"errors\": 1,\n  \"warnings\": 1,\n"
				      "  \"diagnostics\": [\n    {\n      \"file\": ")),
		      "unexpected layout: %s", s);
	free(s);
	okr_diags_free(&d);

	s = render(&d, OKR_FORMAT_JSON, 0);
	ck_assert_str_eq(s, "{\n  \"errors\": 0,\n  \"warnings\": 0,\n"
			    "  \"diagnostics\": []\n}\n");
	free(s);
	s = render(&d, OKR_FORMAT_GITLAB, 0);
	ck_assert_str_eq(s, "[]\n");
	free(s);
}
END_TEST

/* U+FFFD, the replacement character, in UTF-8. */
#define R "\xef\xbf\xbd"

START_TEST(test_invalid_utf8)
{
	struct okr_diags d = { 0 };
	json_t *j, *e;

	/* A stray continuation byte, bytes that never occur (FE FF), a lead
	 * byte followed by ASCII, a truncated 3-byte sequence, an overlong
	 * '/', an encoded surrogate, a code point above U+10FFFF, and a lead
	 * byte at the very end; valid 2- and 4-byte characters survive. */
	okr_diags_add(&d, "caf\xe9.yaml", 1, 1, OKR_SEV_ERROR, "r",
		      "a\x80" "b\xfe\xff" "c\xc3(" "d\xe2\x82" "e\xc0\xaf"
		      "f\xed\xa0\x80" "g\xf4\x90\x80\x80" "h \xc3\xa9 "
		      "\xf0\x9f\x8e\xaf \xe2");

	j = render_parsed(&d, OKR_FORMAT_JSON);
	e = json_array_get(json_object_get(j, "diagnostics"), 0);
	ck_assert_str_eq(obj_str(e, "message"),
			 "a" R "b" R R "c" R "(d" R R "e" R R "f" R R R
			 "g" R R R R "h \xc3\xa9 \xf0\x9f\x8e\xaf " R);
	ck_assert_str_eq(obj_str(e, "file"), "caf" R ".yaml");
	json_decref(j);

	j = render_parsed(&d, OKR_FORMAT_GITLAB);
	e = json_array_get(j, 0);
	ck_assert_str_eq(obj_str(json_object_get(e, "location"), "path"),
			 "caf" R ".yaml");
	/* the message shown in the merge request: as the text format shows it */
	ck_assert_int_eq(strncmp(obj_str(e, "description"), "a\\x80b\\xFE", 10), 0);
	json_decref(j);
	okr_diags_free(&d);
}
END_TEST

START_TEST(test_cap_per_file)
{
	struct okr_diags d = { 0 };
	int i;

	/* a hostile file: a million problems would be a million lines */
	for (i = 0; i < 5000; i++)
		okr_diags_add(&d, "big.yaml", (unsigned)i + 1, 1, OKR_SEV_ERROR, "r",
			      "e%d", i);
	okr_diags_add(&d, "next.yaml", 1, 1, OKR_SEV_ERROR, "r", "other");
	ck_assert_uint_eq(d.n, OKR_DIAGS_PER_FILE + 1);
	ck_assert_uint_eq(d.nwarnings, 0);
	okr_diags_sort(&d);
	ck_assert_str_eq(d.v[0].file, "big.yaml");
	ck_assert_str_eq(d.v[0].msg, "e0");
	ck_assert_str_eq(d.v[98].msg, "e98");
	/* the note stands where the first problem left out would */
	ck_assert_uint_eq(d.v[99].line, 100);
	ck_assert_str_eq(d.v[99].msg,
			 "too many problems in this file; the rest (from here on) "
			 "are not shown");
	ck_assert_str_eq(d.v[100].file, "next.yaml");
	okr_diags_free(&d);

	/* a file of warnings only stays warnings: okr check exits 0 */
	for (i = 0; i < 300; i++)
		okr_diags_add(&d, "stale.yaml", (unsigned)i + 1, 1, OKR_SEV_WARNING,
			      "stale", "w%d", i);
	ck_assert_uint_eq(d.n, OKR_DIAGS_PER_FILE);
	ck_assert_uint_eq(d.nerrors, 0);
	ck_assert_uint_eq(d.nwarnings, OKR_DIAGS_PER_FILE);
	okr_diags_free(&d);
}
END_TEST

/* Entry i of a sequence whose files come in long runs: a seam anywhere
 * falls inside a run, before the limit, at it or past it. */
static void add_nth(struct okr_diags *d, int i)
{
	static const char *const files[] = { "a.yaml", "b.yaml", "a.yaml", "c.yaml" };
	static const int runs[] = { 60, 3, 150, 250 };
	int f = 0, at = i;
	char about[32];

	while (at >= runs[f]) {
		at -= runs[f];
		f++;
	}
	snprintf(about, sizeof(about), "o#kr-%d", i);
	if (i % 3)
		okr_diags_add_about(d, about, files[f], (unsigned)at + 1, 2,
				    i % 2 ? OKR_SEV_WARNING : OKR_SEV_ERROR, "r", "m%d", i);
	else
		okr_diags_add(d, files[f], (unsigned)at + 1, 2, OKR_SEV_ERROR, "q", "m%d", i);
}

START_TEST(test_append_as_adding)
{
	static const int seams[] = { 0, 30, 60, 61, 63, 100, 162, 163, 170, 213, 300, 463 };
	struct okr_diags one = { 0 };
	size_t s, i;
	int k;

	/* a list built on a second thread and appended gives what adding
	 * everything to one list gives, the limit per file included */
	for (k = 0; k < 463; k++)
		add_nth(&one, k);
	for (s = 0; s < sizeof(seams) / sizeof(seams[0]); s++) {
		struct okr_diags dst = { 0 }, src = { 0 };

		for (k = 0; k < seams[s]; k++)
			add_nth(&dst, k);
		for (; k < 463; k++)
			add_nth(&src, k);
		okr_diags_append(&dst, &src);
		ck_assert_uint_eq(src.n, 0);
		ck_assert_uint_eq(dst.n, one.n);
		ck_assert_uint_eq(dst.nerrors, one.nerrors);
		ck_assert_uint_eq(dst.nwarnings, one.nwarnings);
		for (i = 0; i < one.n; i++) {
			ck_assert_str_eq(dst.v[i].file, one.v[i].file);
			ck_assert_uint_eq(dst.v[i].line, one.v[i].line);
			ck_assert_int_eq(dst.v[i].sev, one.v[i].sev);
			ck_assert_str_eq(dst.v[i].rule, one.v[i].rule);
			ck_assert_str_eq(dst.v[i].msg, one.v[i].msg);
			ck_assert_int_eq(dst.v[i].has_about, one.v[i].has_about);
			ck_assert(dst.v[i].about == one.v[i].about);
		}
		okr_diags_free(&dst);
	}
	okr_diags_free(&one);
}
END_TEST

static Suite *diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sort_by_file_line_col);
	tcase_add_test(tc, test_sort_stable);
	tcase_add_test(tc, test_cap_per_file);
	tcase_add_test(tc, test_append_as_adding);
	tcase_add_test(tc, test_counts_and_free);
	tcase_add_test(tc, test_format_parse);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_text_color);
	tcase_add_test(tc, test_github);
	tcase_add_test(tc, test_gitlab);
	tcase_add_test(tc, test_gitlab_fingerprint_stable);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_invalid_utf8);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(diag_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
