#!/bin/bash
test_description='report, status: a dropped key result or objective leaves every mean, count and follow-up list from its drop date'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

test_expect_success 'the report leaves a dropped key result out of scores, counts and the stale list' - <<\EOT
	make_quarter &&
	okr update ship#users 80 --date 2026-09-21 >/dev/null &&
	okr report 2026-Q3 --as-of 2026-09-25 >../before.md &&
	test_grep "^| Launch |.* (stale) |$" ../before.md &&
	test_grep "^- Check-in discipline: 33 % (1 of 3 key results" ../before.md &&
	okr update ship#launch --drop -m "Moved to Q4" --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 --as-of 2026-09-25 >../after.md &&
	test_grep "^| Launch |.* (dropped) |$" ../after.md &&
	test_grep "^- Check-in discipline: 50 % (1 of 2 key results" ../after.md &&
	! sed -n "/## Follow-up/,\$p" ../after.md | grep -q "ship#launch" &&
	okr report 2026-Q3 --as-of 2026-09-21 >../early.md &&
	test_grep "^| Launch |.* (stale) |$" ../early.md
EOT

test_expect_success 'a dropped objective leaves the overall mean and the status counts' - <<\EOT
	make_quarter &&
	okr report 2026-Q3 --as-of 2026-09-25 >../before.md &&
	test_grep "(mean of 2 objectives)" ../before.md &&
	okr update 2026-Q3/team/build --drop -m "Folded into ship" --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 --as-of 2026-09-25 >../after.md &&
	test_grep "(mean of 1 objective)" ../after.md
EOT

test_expect_success 'status chases nothing dropped' - <<\EOT
	make_quarter &&
	okr status --as-of 2026-09-25 >../before 2>&1 &&
	test_grep "launch" ../before &&
	okr update ship#launch --drop -m "Moved" --date 2026-09-22 >/dev/null &&
	okr status --as-of 2026-09-25 >../after 2>&1 &&
	! grep "launch" ../after
EOT

test_done
