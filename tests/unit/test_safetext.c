/*
 * test_safetext.c: the one rule for text leaving okr (SPEC section 7): C0,
 * DEL, C1 controls, bidi overrides and isolates and bad bytes are
 * replaced, everything else (Norwegian, emoji, other scripts) passes
 * byte for byte.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safetext.h"

static char *
safe(const char *s, unsigned flags)
{
	static char *last;

	free(last);
	last = okr_safetext_dup(s, flags);
	return last;
}

#define FFFD OKR_SAFETEXT_REPLACEMENT

START_TEST(ordinary_text_unchanged)
{
	const char *v[] = {
		"Øke kundetilfredshet på Løvås", "🚀 launch ✅ done", "日本語のテキスト",
		"Ελληνικά", "עברית" /* right-to-left text itself is fine */,
		"a\u2028b", "", "plain ascii ~!@#$%^&*()",
		"U+2029\u2029 and U+202F\u202F and U+2065\u2065 and U+206A\u206A",
		"\u00A0nbsp and \u00A9 and \u00FF",
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(*v); i++) {
		ck_assert_str_eq(safe(v[i], 0), v[i]);
		ck_assert_str_eq(safe(v[i], OKR_SAFETEXT_SHOW), v[i]);
		ck_assert_str_eq(safe(v[i], OKR_SAFETEXT_JSON), v[i]);
		ck_assert_uint_eq(okr_safetext_span(v[i], strlen(v[i]), 0), strlen(v[i]));
	}
}
END_TEST

START_TEST(controls_replaced)
{
	ck_assert_str_eq(safe("esc\033[2Jx", 0), "esc" FFFD "[2Jx");
	ck_assert_str_eq(safe("bell\007 del\177", 0), "bell" FFFD " del" FFFD);
	ck_assert_str_eq(safe("a\tb\nc\rd", 0), "a b c d");
	/* C1: U+0080, U+009B (CSI), U+009F; U+00A0 is not one */
	ck_assert_str_eq(safe("\xC2\x80|\xC2\x9B" "31m|\xC2\x9F|\xC2\xA0", 0),
			 FFFD "|" FFFD "31m|" FFFD "|\xC2\xA0");
	ck_assert_uint_eq(okr_safetext_span("ab\xC2\x9B", 4, 0), 2);
}
END_TEST

START_TEST(bidi_replaced)
{
	static const char *const bidi[] = {
		"\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
		"\u2066", "\u2067", "\u2068", "\u2069",
	};
	size_t i;

	for (i = 0; i < sizeof(bidi) / sizeof(*bidi); i++) {
		char in[32];

		snprintf(in, sizeof(in), "x%sy", bidi[i]);
		ck_assert_str_eq(safe(in, 0), "x" FFFD "y");
	}
	ck_assert_str_eq(safe("evil\u202Etxt.yaml", OKR_SAFETEXT_SHOW),
			 "evil\\u202Etxt.yaml");
	/* the neighbours pass */
	ck_assert_str_eq(safe("\u2029\u202F\u2065\u206A", 0), "\u2029\u202F\u2065\u206A");
}
END_TEST

START_TEST(bad_bytes_replaced)
{
	ck_assert_str_eq(safe("a\x9B" "b", 0), "a" FFFD "b");	/* a lone C1 byte */
	ck_assert_str_eq(safe("a\xC2", 0), "a" FFFD);		/* cut short */
	ck_assert_str_eq(safe("\xC0\xAF", 0), FFFD FFFD);	/* overlong */
	ck_assert_str_eq(safe("\xED\xA0\x80", 0), FFFD FFFD FFFD); /* surrogate */
	ck_assert_str_eq(safe("a\x9B" "b", OKR_SAFETEXT_SHOW), "a\\x9Bb");
}
END_TEST

START_TEST(show_escapes)
{
	ck_assert_str_eq(safe("k\033[2J\ne\rx\ty\177\xC2\x9B", OKR_SAFETEXT_SHOW),
			 "k\\x1B[2J\\ne\\rx\ty\\x7F\\u009B");
}
END_TEST

START_TEST(lines_keep_lf_tab)
{
	ck_assert_str_eq(safe("error '\033x'\nhint:\tdo\r", OKR_SAFETEXT_LINES),
			 "error '" FFFD "x'\nhint:\tdo ");
}
END_TEST

START_TEST(json_escapes_keep_layout)
{
	ck_assert_str_eq(safe("{\n  \"t\": \"a\\u001b\xC2\x9B\u202E\177\"\n}",
			      OKR_SAFETEXT_JSON),
			 "{\n  \"t\": \"a\\u001b\\u009b\\u202e\\u007f\"\n}");
}
END_TEST

START_TEST(length_not_nul)
{
	struct okr_buf b = OKR_BUF_INIT;

	okr_safetext_put(&b, "a\0b", 3, 0);
	ck_assert_uint_eq(b.len, 2 + strlen(FFFD));
	ck_assert_mem_eq(b.ptr, "a" FFFD "b", b.len);
	okr_buf_free(&b);
	okr_safetext_put(&b, "", 0, 0);
	ck_assert_ptr_nonnull(b.ptr);
	ck_assert_str_eq(b.ptr, "");
	okr_buf_free(&b);
	ck_assert_str_eq(safe(NULL, 0), "");
}
END_TEST

static Suite *
safetext_suite(void)
{
	Suite *s = suite_create("safetext");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ordinary_text_unchanged);
	tcase_add_test(tc, controls_replaced);
	tcase_add_test(tc, bidi_replaced);
	tcase_add_test(tc, bad_bytes_replaced);
	tcase_add_test(tc, show_escapes);
	tcase_add_test(tc, lines_keep_lf_tab);
	tcase_add_test(tc, json_escapes_keep_layout);
	tcase_add_test(tc, length_not_nul);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(safetext_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(safe("", 0));
	return failed ? 1 : 0;
}
