/*
 * test_ref.c: the reference forms completion offers are exactly those
 * okr_ref_resolve reads: every whole id, and each suffix at a '/' that no
 * other id ends in and that is no other's whole id; short forms first.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

START_TEST(forms)
{
	const char *ids[] = {
		"platform/instant-platform", "mobile/instant-platform", "mobile/offline",
		"offline", "a/b/deep",
	};
	const char *want[] = {
		"deep", "offline", "b/deep", "mobile/instant-platform", "mobile/offline",
		"platform/instant-platform", "a/b/deep",
	};
	const size_t owner[] = { 4, 3, 4, 1, 2, 0, 4 };
	struct okr_ref_form *f = NULL;
	size_t n = okr_ref_forms(&f, ids, 5), i;

	ck_assert_uint_eq(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(f[i].form, want[i]);
		ck_assert_uint_eq(f[i].obj, owner[i]);
	}
	okr_ref_forms_free(f, n);
	ck_assert_uint_eq(okr_ref_forms(&f, ids, 0), 0);
	okr_ref_forms_free(f, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ref");
	TCase *tc = tcase_create("ref");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, forms);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
