#!/bin/bash
test_description='okr log shows plan changes (target, drop, score, rename, close, carry) as lines of their own'
# (following a rename back to the old name's check-ins: t0590)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

test_expect_success 'a target moved and a key result dropped show in okr log, check-ins unchanged' - <<\EOT
	make_quarter &&
	okr update ship#users 70 --date 2026-09-21 -m "week 38" >/dev/null &&
	okr update ship#users --target 120 --date 2026-09-22 -m "Marketing doubled" >/dev/null &&
	okr update ship#launch --drop --date 2026-09-23 -m "Moved to Q4" >/dev/null &&
	okr log 2026-Q3/ship#users >../out &&
	cat >../expect <<\EOF &&
2026-Q3/ship#users · Reach users · owner: Test Team
2026-09-22  A U Thor  target 100 -> 120  -  Marketing doubled
2026-09-21  A U Thor  70 users           -  week 38
EOF
	test_cmp ../expect ../out &&
	okr log 2026-Q3/ship >../out &&
	test_grep "^2026-09-23  #launch  A U Thor  dropped  .*Moved to Q4$" ../out &&
	test_line_count = 4 ../out
EOT

test_expect_success 'a final score adjusted, and a rename, show under the new name' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr update 2026-Q3/ship#users --score 0.7 -m "Late signups" >/dev/null &&
	okr log 2026-Q3/ship#users >../out &&
	test_grep "  A U Thor  score 0.6 -> 0.7  -  Late signups$" ../out &&
	okr mv 2026-Q3/ship#users ship#active >/dev/null &&
	okr log 2026-Q3/ship#active >../out &&
	test_grep "  renamed 2026-Q3/ship#users -> 2026-Q3/ship#active  -  okr: mv " ../out
EOT

test_expect_success 'okr close is a line of its own in the log of its period' - <<\EOT
	make_quarter &&
	okr update ship#users 70 --date 2026-09-21 -m "week 38" >/dev/null &&
	okr close 2026-Q3 --date 2026-10-02 -m "Q3 is done" >/dev/null &&
	okr log 2026-Q3/ship#users >../out &&
	test_grep "^2026-10-02  A U Thor  closed    -  Q3 is done$" ../out &&
	test_line_count = 3 ../out &&
	okr close --reopen 2026-Q3 >/dev/null &&
	okr close 2026-Q3 --date 2026-10-03 >/dev/null &&
	okr log 2026-Q3/team/build >../out &&
	test_grep "(objective)  A U Thor  closed  -  okr: close 2026-Q3$" ../out
EOT

test_expect_success 'a plan change is no check-in: the report counts only check-ins' - <<\EOT
	make_quarter &&
	okr update ship#users 70 --date 2026-09-21 >/dev/null &&
	okr update ship#users --target 120 --date 2026-09-22 -m why >/dev/null &&
	okr report 2026-Q3 --as-of 2026-09-25 --format json >../report.json &&
	grep -o "\"checkins\": *[0-9]*" ../report.json | head -1 >../count &&
	test_grep ": *1$" ../count
EOT

test_expect_success 'okr carry: a line in the log of each source and of each copy' - <<\EOT
	make_quarter &&
	okr update ship#users 70 --date 2026-09-21 -m "week 38" >/dev/null &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	GIT_AUTHOR_DATE=2026-10-03T10:00:00Z okr carry 2026-Q3/ship -m "Still worth it" >/dev/null &&
	okr log 2026-Q3/ship#users >../out &&
	cat >../expect <<\EOF &&
2026-Q3/ship#users · Reach users · owner: Test Team
2026-10-03  A U Thor  carried to 2026-Q4/ship#users  -  Still worth it
2026-10-02  A U Thor  closed                         -  okr: close 2026-Q3
2026-09-21  A U Thor  70 users                       -  week 38
EOF
	test_cmp ../expect ../out &&
	okr log 2026-Q4/ship >../out &&
	cat >../expect <<\EOF &&
2026-Q4/ship · Ship the thing · owner: Test Team
2026-10-03  #users   A U Thor  carried from 2026-Q3/ship#users   -  Still worth it
2026-10-03  #launch  A U Thor  carried from 2026-Q3/ship#launch  -  Still worth it
EOF
	test_cmp ../expect ../out &&
	okr log 2026-Q3/ship >../out &&
	cat >../expect <<\EOF &&
2026-Q3/ship · Ship the thing · owner: Test Team
2026-10-03  #users       A U Thor  carried to 2026-Q4/ship#users   -  Still worth it
2026-10-03  #launch      A U Thor  carried to 2026-Q4/ship#launch  -  Still worth it
2026-10-02  (objective)  A U Thor  closed                          -  okr: close 2026-Q3
2026-09-21  #users       A U Thor  70 users                        -  week 38
EOF
	test_cmp ../expect ../out
EOT

test_expect_success 'a carry without -m: its subject, not its trailers, is the message' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	GIT_AUTHOR_DATE=2026-10-03T10:00:00Z okr carry 2026-Q3/ship#launch >/dev/null &&
	okr log 2026-Q4/ship#launch >../out &&
	test_grep "^2026-10-03  A U Thor  carried from 2026-Q3/ship#launch  -  okr: carry 1 key result from 2026-Q3 into 2026-Q4$" ../out
EOT

test_done
