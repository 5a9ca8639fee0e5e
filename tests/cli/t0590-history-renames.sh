#!/bin/bash
test_description='history follows okr mv: report Start, trend, movers, as of, okr log and --rev'
. "$(dirname "$0")/lib.sh"

# at DATE CMD...: CMD authored and committed on DATE (noon UTC).
at() {
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" "${@:2}"
}

# A 2026-Q3 whose key result ship#users and objective team/build are
# renamed on 2026-08-01 (to ship#active and team/make) by okr mv, with
# check-ins under the old names before (one of them a hand edit of
# team/build#docs, which okr update never touched: it has no updated:)
# and under the new names after.
renamed_quarter() {
	make_repo repo && cd repo &&
	mkdir -p 2026-Q3/team &&
	cat >2026-Q3/ship.yaml <<\EOT &&
objective: Ship the thing
level: company
owner: Test Team
key_results:
  - id: users
    title: Reach users
    start: 0
    target: 100
    current: 10
    unit: users
    updated: 2026-06-25
EOT
	cat >2026-Q3/team/build.yaml <<\EOT &&
objective: Build it
level: team
owner: Test Team
parent: ship
key_results:
  - id: parts
    title: Parts
    start: 0
    target: 10
    current: 1
    updated: 2026-06-25
  - id: docs
    title: Docs
    start: 0
    target: 4
    current: 0
EOT
	git add . && at 2026-06-25 git commit -q -m setup &&
	okr update ship#users 20 --date 2026-07-10 -m "w28" >/dev/null &&
	okr update team/build#parts 3 --date 2026-07-10 -m "p28" >/dev/null &&
	sed -i "s/current: 0$/current: 2/" 2026-Q3/team/build.yaml &&
	at 2026-07-20 git commit -qam "docs by hand" &&
	okr update ship#users 30 --date 2026-07-24 -m "w30" >/dev/null &&
	okr update team/build#parts 4 --date 2026-07-24 -m "p30" >/dev/null &&
	git rev-parse HEAD >../before &&
	at 2026-08-01 okr mv 2026-Q3/ship#users ship#active >/dev/null &&
	at 2026-08-01 okr mv 2026-Q3/team/build team/make >/dev/null &&
	okr update ship#active 50 --date 2026-08-14 -m "w33" >/dev/null &&
	okr update team/make#parts 6 --date 2026-08-14 -m "p33" >/dev/null
}

test_expect_success 'a renamed key result: its row keeps the Start from before, its trend has no gap' - <<\EOT
	renamed_quarter &&
	okr report 2026-Q3 --as-of 2026-08-20 >../report &&
	test_grep "^| Reach users | Test Team | 10 users | 50 users | 100 users | 0.5 | — | ▁▂▂▃▃▃▅▅ | 2026-08-14 |$" ../report &&
	test_grep "^| Reach users (2026-Q3/ship#active) | Test Team | 0.1 | 0.5 | +0.4 |$" ../report
EOT

test_expect_success 'a renamed objective (its file moved): Start, trend and movers alike' - <<\EOT
	renamed_quarter &&
	okr report 2026-Q3 --as-of 2026-08-20 >../report &&
	test_grep "^| Parts | Test Team | 1 | 6 | 10 | 0.6 | — | ▁▃▃▄▄▄▅▅ | 2026-08-14 |$" ../report &&
	test_grep "^| Docs | Test Team | 0 | 2 | 4 | 0.5 | — | ▁▁▅▅▅▅▅▅ | " ../report &&
	test_grep "^| Parts (2026-Q3/team/make#parts) | Test Team | 0.1 | 0.6 | +0.5 |$" ../report
EOT

test_expect_success 'okr log under the new name shows the check-ins made under the old one' - <<\EOT
	renamed_quarter &&
	okr log 2026-Q3/ship#active >../out &&
	cat >../expect <<\EOF &&
2026-Q3/ship#active · Reach users · owner: Test Team
2026-08-14  A U Thor  50 users                                           -  w33
2026-08-01  A U Thor  renamed 2026-Q3/ship#users -> 2026-Q3/ship#active  -  okr: mv 2026-Q3/ship#users -> 2026-Q3/ship#active
2026-07-24  A U Thor  30 users                                           -  w30
2026-07-10  A U Thor  20 users                                           -  w28
EOF
	test_cmp ../expect ../out &&
	okr log 2026-Q3/team/make >../out &&
	cat >../expect <<\EOF &&
2026-Q3/team/make · Build it · owner: Test Team
2026-08-14  #parts       A U Thor  6                                                -  p33
2026-08-01  (objective)  A U Thor  renamed 2026-Q3/team/build -> 2026-Q3/team/make  -  okr: mv 2026-Q3/team/build -> 2026-Q3/team/make
2026-07-24  #parts       A U Thor  4                                                -  p30
2026-07-20  #docs        A U Thor  2                                                -  docs by hand (hand edit)
2026-07-10  #parts       A U Thor  3                                                -  p28
EOF
	test_cmp ../expect ../out
EOT

test_expect_success 'as of a day before the rename: the old names'\'' values under the new names' - <<\EOT
	renamed_quarter &&
	okr report 2026-Q3 --as-of 2026-07-28 >../report &&
	test_grep "^| Reach users | Test Team | 10 users | 30 users | 100 users | 0.3 | — | ▁▂▂▃ | 2026-07-24 |$" ../report &&
	test_grep "^| Parts | Test Team | 1 | 4 | 10 | 0.4 | — | ▁▃▃▄ | 2026-07-24 |$" ../report &&
	test_grep "^- Check-in discipline: 67 % (2 of 3 key results checked in within 7 days)$" ../report &&
	test_grep "^| Docs | Test Team | 0 | 2 | 4 | 0.5 | — | ▁▁▅▅ | 2026-07-20 (stale) |$" ../report &&
	okr list --as-of 2026-07-28 >../list &&
	test_grep "^2026-Q3/ship#active	Reach users	Test Team	metric	0.30	on-track	30	100	2026-07-24	" ../list &&
	test_grep "^2026-Q3/team/make#parts	Parts	Test Team	metric	0.40	on-track	4	10	2026-07-24	" ../list &&
	test_grep "^2026-Q3/team/make#docs	Docs	Test Team	metric	0.50	on-track	2	4	" ../list
EOT

test_expect_success 'a key result without updated: its last check-in under the old name is not stale' - <<\EOT
	renamed_quarter &&
	okr check --as-of 2026-07-25 >../out 2>&1 &&
	test_must_be_empty ../out
EOT

test_expect_success 'okr log <old>: a hint where its history is; with --rev <before the rename>, the old name and its check-ins' - <<\EOT
	renamed_quarter &&
	test_must_fail okr log 2026-Q3/ship#users 2>../err &&
	test_grep "^hint: okr mv renamed '2026-Q3/ship#users' to '2026-Q3/ship#active'$" ../err &&
	test_grep "^hint: its history: okr log 2026-Q3/ship#active " ../err &&
	okr log 2026-Q3/ship#users --rev $(cat ../before) >../out &&
	cat >../expect <<\EOF &&
2026-Q3/ship#users · Reach users · owner: Test Team
2026-07-24  A U Thor  30 users  -  w30
2026-07-10  A U Thor  20 users  -  w28
EOF
	test_cmp ../expect ../out &&
	test_must_fail okr log 2026-Q3/team/build 2>../err &&
	test_grep "^hint: okr mv renamed '2026-Q3/team/build' to '2026-Q3/team/make'$" ../err &&
	test_must_fail okr log 2026-Q3/team/build#parts 2>../err &&
	test_grep "^hint: okr mv renamed '2026-Q3/team/build#parts' to '2026-Q3/team/make#parts'$" ../err &&
	test_must_fail okr log 2026-Q3/team/build#parts --rev HEAD~1 2>../err &&
	test_grep "^hint: okr mv renamed '2026-Q3/team/build#parts' to '2026-Q3/team/make#parts'$" ../err &&
	test_must_fail okr log 2026-Q3/nothing#parts 2>../err &&
	! grep "^hint:" ../err &&
	okr log 2026-Q3/team/build --rev $(cat ../before) >../out &&
	test_grep "^2026-07-20  #docs   A U Thor  2  -  docs by hand (hand edit)$" ../out &&
	test_line_count = 4 ../out
EOT

test_expect_success 'renames chain, a key result inside a renamed objective, and an old name used again' - <<\EOT
	renamed_quarter &&
	at 2026-08-15 okr mv 2026-Q3/ship#active ship#people >/dev/null &&
	at 2026-08-16 okr mv 2026-Q3/team/make#parts team/make#pieces >/dev/null &&
	cat >>2026-Q3/ship.yaml <<\EOF &&
  - id: users
    title: Users again
    start: 0
    target: 10
    current: 0
EOF
	at 2026-08-17 git commit -qam "a new users" &&
	okr update ship#users 5 --date 2026-08-18 -m "new one" >/dev/null &&
	okr update ship#people 60 --date 2026-08-19 -m "w34" >/dev/null &&
	okr log 2026-Q3/ship#people >../out &&
	test_grep "^2026-08-19  A U Thor  60 users  " ../out &&
	test_grep "^2026-07-10  A U Thor  20 users  " ../out &&
	! grep "new one" ../out &&
	test_line_count = 7 ../out &&
	okr log 2026-Q3/ship#users >../out &&
	cat >../expect <<\EOF &&
2026-Q3/ship#users · Users again · owner: Test Team
2026-08-18  A U Thor  5  -  new one
EOF
	test_cmp ../expect ../out &&
	okr log 2026-Q3/team/make#pieces >../out &&
	test_grep "^2026-07-10  A U Thor  3  " ../out &&
	test_line_count = 5 ../out &&
	okr report 2026-Q3 --as-of 2026-08-20 >../report &&
	test_grep "^| Reach users | Test Team | 10 users | 60 users | 100 users | 0.6 | — | ▁▂▂▃▃▃▅▅ | 2026-08-19 |$" ../report &&
	test_grep "^| Users again | Test Team | 0 | 5 | 10 | 0.5 | — | ······▅▅ | 2026-08-18 |$" ../report &&
	test_grep "^| Parts | Test Team | 1 | 6 | 10 | 0.6 | — | ▁▃▃▄▄▄▅▅ | 2026-08-14 |$" ../report
EOT

test_done
