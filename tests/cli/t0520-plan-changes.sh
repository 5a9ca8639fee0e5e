#!/bin/bash
test_description='okr update --target, --drop, --score: plan changes and closed periods'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

# make_quarter's 2026-Q3, with a threshold key result added; run "today"
# inside the quarter so check-ins are allowed.
plan_repo() {
	make_quarter &&
	cat >>2026-Q3/team/build.yaml <<\EOT &&
  - id: uptime
    title: Uptime
    at_least: 99.5
    current: 99.9
EOT
	git commit -qam uptime
}

test_expect_success '--target moves a metric target, byte-exact, one commit, trailer' - <<\EOT
	plan_repo &&
	snapshot &&
	okr update ship#users --target 120 -m "Marketing doubled" --date 2026-09-22 >../out &&
	test_grep "^\[master [0-9a-f]*\] okr: 2026-Q3/ship#users target 100 -> 120 users$" ../out &&
	one_commit 2026-Q3/ship.yaml &&
	git diff HEAD~1 HEAD | grep "^[-+] " >../diff &&
	printf -- "-    target: 100\n+    target: 120\n" >../expect &&
	test_cmp ../expect ../diff &&
	message >../msg &&
	printf "okr: 2026-Q3/ship#users target 100 -> 120 users\n\nMarketing doubled\n\nOkr-Ref: 2026-Q3/ship#users\nOkr-Target: 100 -> 120\n" >../expect &&
	test_cmp ../expect ../msg
EOT

test_expect_success '--target moves a threshold bound; -m is optional' - <<\EOT
	plan_repo &&
	snapshot &&
	okr update build#uptime --target 99.9 --date 2026-09-22 >/dev/null &&
	one_commit 2026-Q3/team/build.yaml &&
	test_grep "^    at_least: 99.9$" 2026-Q3/team/build.yaml &&
	message | grep "^Okr-Target: 99.5 -> 99.9$"
EOT

test_expect_success '--drop drops a key result with the date and the reason' - <<\EOT
	plan_repo &&
	snapshot &&
	okr update ship#launch --drop -m "Launch moved to Q4" --date 2026-09-25 >../out &&
	test_grep "okr: 2026-Q3/ship#launch dropped$" ../out &&
	one_commit 2026-Q3/ship.yaml &&
	test_grep "^  - { id: launch, title: Launch, done: false, dropped: 2026-09-25, drop_reason: Launch moved to Q4 }$" 2026-Q3/ship.yaml &&
	message >../msg &&
	printf "okr: 2026-Q3/ship#launch dropped\n\nLaunch moved to Q4\n\nOkr-Ref: 2026-Q3/ship#launch\nOkr-Dropped: 2026-09-25\n" >../expect &&
	test_cmp ../expect ../msg &&
	okr check --as-of 2026-09-26 >../out &&
	! grep launch ../out
EOT

test_expect_success '--drop on an objective reference drops the whole objective' - <<\EOT
	plan_repo &&
	snapshot &&
	okr update 2026-Q3/team/build --drop -m "Folded into ship" --date 2026-09-25 >/dev/null &&
	one_commit 2026-Q3/team/build.yaml &&
	tail -n2 2026-Q3/team/build.yaml >../tail &&
	printf "dropped: 2026-09-25\ndrop_reason: Folded into ship\n" >../expect &&
	test_cmp ../expect ../tail &&
	okr check --as-of 2026-09-26 >../out &&
	! grep build ../out
EOT

test_expect_success 'refused: --drop without -m, twice, --target on a binary, bad numbers' - <<\EOT
	plan_repo &&
	refused update ship#launch --drop --date 2026-09-25 &&
	test_grep "drop needs a reason: -m WHY" ../err &&
	refused update ship#gone --drop -m again --date 2026-09-25 &&
	test_grep "was dropped on 2026-08-03 already" ../err &&
	refused update ship#launch --target 3 --date 2026-09-25 &&
	test_grep "is a binary key result: only a metric" ../err &&
	refused update ship#users --target many --date 2026-09-25 &&
	refused update ship#users --target 0 --date 2026-09-25 &&
	test_grep "invalid" ../err &&
	refused update ship#users 70 --target 120 --date 2026-09-25 &&
	refused update ship#users --target 1 --drop -m x --date 2026-09-25
EOT

test_expect_success 'refused: --score in an open period' - <<\EOT
	plan_repo &&
	refused update ship#users --score 0.5 -m why --date 2026-09-25 &&
	test_grep "2026-Q3 is not closed" ../err
EOT

test_expect_success '--score adjusts a final grade in a closed period, and only that' - <<\EOT
	plan_repo &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	snapshot &&
	okr update 2026-Q3/ship#users --score 0.7 -m "Counted late signups" >../out &&
	test_grep "okr: 2026-Q3/ship#users score 0.6 -> 0.7$" ../out &&
	one_commit 2026-Q3/ship.yaml &&
	message | grep "^Okr-Score: 0.6 -> 0.7$" &&
	okr check --strict >../out &&
	test_must_be_empty ../out &&
	refused update 2026-Q3/ship#users --score 0.7 &&
	test_grep "score needs a reason" ../err &&
	refused update 2026-Q3/ship#users --score 1.2 -m x &&
	refused update 2026-Q3/ship#gone --score 0.5 -m x &&
	test_grep "was dropped: it has no final score" ../err
EOT

test_expect_success 'refused in a closed period: check-ins, milestones, targets, drops' - <<\EOT
	plan_repo &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	refused update 2026-Q3/ship#users 70 --date 2026-09-30 &&
	test_grep "2026-Q3 was closed on 2026-10-02: its values are final" ../err &&
	refused update 2026-Q3/build#parts --milestone 2 done --date 2026-09-30 &&
	test_grep "2026-Q3 was closed on 2026-10-02" ../err &&
	refused update 2026-Q3/ship#users --target 90 &&
	test_grep "2026-Q3 was closed on 2026-10-02" ../err &&
	refused update 2026-Q3/ship#launch --drop -m late &&
	test_grep "2026-Q3 was closed on 2026-10-02" ../err
EOT

test_done
