#!/bin/bash
test_description='the report of a closed period is the final report: final scores and grades, nothing to chase'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

test_expect_success 'grades replace pace statuses; scores are the final ones; no follow-up' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr update 2026-Q3/ship#users --score 1 -m "Counted late" >/dev/null &&
	okr update 2026-Q3/ship#launch --score 0.6 -m "Soft launch" >/dev/null &&
	okr report 2026-Q3 >../final.md &&
	test_grep "^- Closed on 2026-10-02: the final report; objectives 1 achieved, 0 partial, 1 missed$" ../final.md &&
	test_grep "^- 0.8 achieved: Ship the thing (ship, Test Team)$" ../final.md &&
	test_grep "^  - 0.3 missed: Build it (team/build, Test Team)$" ../final.md &&
	test_grep "score: \*\*0.8\*\* · grade: achieved" ../final.md &&
	test_grep "^| Reach users |.* | 1.0 |" ../final.md &&
	! grep "(stale)" ../final.md &&
	sed -n "/### Stale key results/,/### Overdue/p" ../final.md | grep "^None" &&
	sed -n "/### Overdue milestones/,\$p" ../final.md | grep "^None"
EOT

test_expect_success 'a committed objective is achieved only at 1.0; JSON alike' - <<\EOT
	make_quarter &&
	sed -i "s/^level: company$/&\ntype: committed/" 2026-Q3/ship.yaml &&
	git commit -qam committed &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr update 2026-Q3/ship#users --score 0.9 -m x >/dev/null &&
	okr update 2026-Q3/ship#launch --score 1 -m x >/dev/null &&
	okr report 2026-Q3 --format json >../final.json &&
	test_grep "\"closed\": *\"2026-10-02\"" ../final.json &&
	test_grep "\"achieved\": *0\b" ../final.json &&
	test_grep "\"missed\": *2\b" ../final.json &&
	grep -o "\"status\": *\"[a-z-]*\"" ../final.json >../out &&
	printf "\"status\": \"missed\"\n\"status\": \"missed\"\n" >../expect &&
	test_cmp ../expect ../out
EOT

test_expect_success 'reopened, the report paces again' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr close --reopen 2026-Q3 >/dev/null &&
	okr report 2026-Q3 >../again.md &&
	test_grep "^- Objectives: " ../again.md &&
	! grep "grade:" ../again.md
EOT

test_done
