#!/bin/bash
test_description='the date of a change: okr update and okr new --date (SPEC section 8)'
. "$(dirname "$0")/lib.sh"

# A 2026-Q3 objective whose key result was checked in on 09-07 at 70.
setup() {
	make_repo . &&
	mkdir -p 2026-Q3/o &&
	cat >2026-Q3/o/alpha.yaml <<-\EOF &&
	objective: Alpha
	level: company
	owner: Test Team
	key_results:
	  - id: alpha
	    title: Alpha result
	    start: 0
	    target: 100
	    current: 70
	    unit: "%"
	    updated: 2026-09-07
	EOF
	git add . && git commit -q -m setup &&
	git rev-parse HEAD >../head.before &&
	cp 2026-Q3/o/alpha.yaml ../alpha.before
}

nothing_changed() {
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	test_cmp ../alpha.before 2026-Q3/o/alpha.yaml &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
}

test_expect_success 'a check-in never rewinds a newer one' - <<\EOT
	setup &&
	test_expect_code 2 okr update 2026-Q3/o/alpha#alpha 20 --date 2026-09-02 >../out 2>../err &&
	test_must_be_empty ../out &&
	test_grep "^okr: error: the date 2026-09-02 is before the last check-in of '2026-Q3/o/alpha#alpha' on 2026-09-07 (70 %)" ../err &&
	nothing_changed &&
	okr update 2026-Q3/o/alpha#alpha 72 --date 2026-09-07 >/dev/null &&
	grep -x "    updated: 2026-09-07" 2026-Q3/o/alpha.yaml &&
	grep -x "    current: 72" 2026-Q3/o/alpha.yaml
EOT

test_expect_success 'a date outside the key result'"'"'s period is refused' - <<\EOT
	setup &&
	test_expect_code 2 okr update 2026-Q3/o/alpha#alpha 80 --date 2026-10-01 2>../err &&
	test_grep "the date 2026-10-01 is outside 2026-Q3 (2026-07-01 to 2026-09-30), the period of '2026-Q3/o/alpha'" ../err &&
	nothing_changed &&
	okr update 2026-Q3/o/alpha#alpha 80 --date 2026-09-30 >/dev/null &&
	grep -x "    updated: 2026-09-30" 2026-Q3/o/alpha.yaml
EOT

test_expect_success 'a date after today is refused' - <<\EOT
	setup &&
	tomorrow=$(date -d tomorrow +%Y-%m-%d) &&
	test_expect_code 2 okr update 2026-Q3/o/alpha#alpha 80 --date "$tomorrow" 2>../err &&
	test_grep "the date $tomorrow is after today ($(date +%Y-%m-%d))" ../err &&
	nothing_changed &&
	test_expect_code 2 okr update 2026-Q3/o/alpha#alpha --milestone 1 done \
		--date "$tomorrow" 2>../err &&
	nothing_changed
EOT

test_expect_success 'without --date: the day of GIT_AUTHOR_DATE, in its own time zone' - <<\EOT
	setup &&
	GIT_AUTHOR_DATE="2026-09-10T23:30:00-05:00" okr update 2026-Q3/o/alpha#alpha 75 >/dev/null &&
	grep -x "    updated: 2026-09-10" 2026-Q3/o/alpha.yaml &&
	git log -1 --format=%ad --date=iso-strict >../when &&
	echo 2026-09-10T23:30:00-05:00 >../expect &&
	test_cmp ../expect ../when &&
	# git's raw form: 2026-09-12 00:30 at +0200 is still 09-11 in UTC
	GIT_AUTHOR_DATE="@1789165800 +0200" okr update 2026-Q3/o/alpha#alpha 76 >/dev/null &&
	grep -x "    updated: 2026-09-12" 2026-Q3/o/alpha.yaml &&
	# and the rules hold for it too
	GIT_AUTHOR_DATE="2026-09-11 10:00:00 +0000" \
		test_expect_code 2 okr update 2026-Q3/o/alpha#alpha 77 2>../err &&
	test_grep "before the last check-in .* on 2026-09-12 (76 %)" ../err
EOT

test_expect_success 'okr new --date: updated in the period, authored that day' - <<\EOT
	setup &&
	okr new 2026-Q3/o/beta --objective Beta --owner "Test Team" --level team \
		--parent o/alpha --kr "B: 0 -> 10" --date 2026-09-20 >/dev/null &&
	grep -x "    updated: 2026-09-20" 2026-Q3/o/beta.yaml &&
	git log -1 --format=%ad --date=short >../day &&
	echo 2026-09-20 >../expect &&
	test_cmp ../expect ../day &&
	GIT_AUTHOR_DATE="2026-09-21T08:00:00+02:00" okr new 2026-Q3/o/gamma --objective G \
		--owner "Test Team" --level team --parent o/alpha --kr "G" >/dev/null &&
	grep -x "    updated: 2026-09-21" 2026-Q3/o/gamma.yaml
EOT

test_expect_success 'okr new: no updated for a period that has not begun' - <<\EOT
	setup &&
	next=$(( $(date +%Y) + 1 ))-Q1 &&
	okr new "$next/o/later" --objective Later --owner "Test Team" --kr "L: 1 -> 2" >/dev/null &&
	test -f "$next/o/later.yaml" &&
	! grep "updated:" "$next/o/later.yaml" &&
	okr check "$next/o/later.yaml" >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'okr new: refused for a period that ended before the date, or a future date' - <<\EOT
	setup &&
	test_expect_code 2 okr new 2026-Q2/o/old --objective Old --owner "Test Team" \
		--kr K --date 2026-09-20 2>../err &&
	test_grep "^okr: error: 2026-Q2 ended on 2026-06-30, before the date 2026-09-20; nothing was written" ../err &&
	test_expect_code 2 okr new 2026-Q3/o/old --objective Old --owner "Test Team" \
		--kr K --date "$(date -d tomorrow +%Y-%m-%d)" 2>../err &&
	test_grep "is after today" ../err &&
	! test -e 2026-Q2 &&
	! test -e 2026-Q3/o/old.yaml &&
	nothing_changed
EOT

test_done
