#!/bin/bash
test_description='examples/end-of-quarter.sh runs and shows what the quarter commands promise'
. "$(dirname "$0")/lib.sh"

test_expect_success 'the walk-through runs to the end' - <<\EOT
	KEEP=1 run_limited bash "$OKR_SOURCE_ROOT/examples/end-of-quarter.sh" >out 2>err &&
	repo=$(sed -n "s/^end-of-quarter.sh: the repository is kept at //p" out) &&
	test -d "$repo" &&
	test_grep "^\[master [0-9a-f]*\] okr: close 2026-Q3$" out &&
	test_grep "^okr: error: 2026-Q3 was closed on 2026-10-02" out &&
	test_grep "okr: 2026-Q3/growth/thea-seo#organic-visits score .* -> 0.7$" out &&
	test_grep "is done; only unfinished key results are carried" out &&
	test_grep "^Okr-Carried: 2026-Q3/mobile/sigrid-accessibility#wcag-issues -> " out &&
	test_grep "^Okr-Renamed: 2026-Q4/platform/instant-platform#p95-latency -> " out &&
	test_grep "^- 0.8 achieved: Kundene skal elske" out &&
	test_grep "^| Åpne WCAG .* (2026-Q4/mobile/sigrid-accessibility#wcag-issues) | 2026-Q3/mobile/sigrid-accessibility#wcag-issues | Sigrid Næss |$" out &&
	test_grep "^| Kutt p95-svartid .* | 250 ms (changed from 200 on 2026-11-20) |" out &&
	(cd "$repo" && git fsck --strict && test -z "$(git status --porcelain)" &&
	 okr check --strict --as-of 2031-01-01 2026-Q3/*/*.yaml >"$TRASH_DIRECTORY/check.out" &&
	 test_must_be_empty "$TRASH_DIRECTORY/check.out")
	rc=$?; rm -rf "$repo"; test $rc = 0
EOT

test_done
