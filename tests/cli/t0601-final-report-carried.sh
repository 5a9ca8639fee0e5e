#!/bin/bash
test_description='the final report: what was carried into the next period, the dropped items with their reasons'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

test_expect_success 'a closed period says what was carried into the next one, and says so when nothing was' - <<\EOT
	make_quarter &&
	okr report 2026-Q3 >../open.md &&
	! grep "Carried into" ../open.md &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr report 2026-Q3 >../none.md &&
	sed -n "/^## Carried into 2026-Q4$/,/^## /p" ../none.md >../carried &&
	printf "## Carried into 2026-Q4\n\nNothing was carried into 2026-Q4.\n\n## Follow-up\n" >../expect &&
	test_cmp ../expect ../carried &&
	okr carry 2026-Q3/ship#launch 2026-Q3/team/build#parts -m "Still worth it" >/dev/null &&
	okr report 2026-Q3 >../final.md &&
	sed -n "/^## Carried into 2026-Q4$/,/^## /p" ../final.md >../carried &&
	cat >../expect <<\EOF &&
## Carried into 2026-Q4

| Key result | Carried from | Owner |
|---|---|---|
| Launch (2026-Q4/ship#launch) | 2026-Q3/ship#launch | Test Team |
| Parts (2026-Q4/team/build#parts) | 2026-Q3/team/build#parts | Test Team |

## Follow-up
EOF
	test_cmp ../expect ../carried
EOT

test_expect_success 'the final report follow-up says the period is closed, not that everyone checked in' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr report 2026-Q3 >../final.md &&
	sed -n "/^## Follow-up$/,\$p" ../final.md >../followup &&
	printf "## Follow-up\n\n### Stale key results\n\nNone: 2026-Q3 is closed.\n\n### Overdue milestones\n\nNone: 2026-Q3 is closed.\n" >../expect &&
	test_cmp ../expect ../followup
EOT

test_expect_success 'the next period files decide: a carried key result deleted there again is not listed' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr carry 2026-Q3/ship -m "Both" >/dev/null &&
	okr report 2026-Q3 >../both.md &&
	test_grep "^| Reach users (2026-Q4/ship#users) | 2026-Q3/ship#users | Test Team |$" ../both.md &&
	test_grep "^| Launch (2026-Q4/ship#launch) | 2026-Q3/ship#launch | Test Team |$" ../both.md &&
	sed -i "/id: launch/,/carried_from: 2026-Q3\/ship#launch/d" 2026-Q4/ship.yaml &&
	! grep launch 2026-Q4/ship.yaml &&
	git commit -qam "launch is not for Q4 after all" &&
	okr report 2026-Q3 >../one.md &&
	test_grep "^| Reach users (2026-Q4/ship#users) | 2026-Q3/ship#users | Test Team |$" ../one.md &&
	! grep "2026-Q4/ship#launch" ../one.md
EOT

test_expect_success 'the final report lists the dropped items with their reasons; JSON alike' - <<\EOT
	make_quarter &&
	okr update ship#launch --drop -m "Moved to Q4" --date 2026-09-22 >/dev/null &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr carry 2026-Q3/ship#users >/dev/null &&
	okr report 2026-Q3 >../final.md &&
	test_grep "^| 2026-08-03 | Gone (2026-Q3/ship#gone) | Test Team | Partner left |$" ../final.md &&
	test_grep "^| 2026-09-22 | Launch (2026-Q3/ship#launch) | Test Team | Moved to Q4 |$" ../final.md &&
	okr report 2026-Q3 --format json >../final.json &&
	python3 - ../final.json <<\PY
import json, sys
d = json.load(open(sys.argv[1]))
assert [(x["ref"], x["reason"]) for x in d["dropped"]] == [
    ("2026-Q3/ship#gone", "Partner left"), ("2026-Q3/ship#launch", "Moved to Q4")], d["dropped"]
c = d["carried"]
assert c["period"] == "2026-Q4", c
assert [(k["ref"], k["from"]) for k in c["key_results"]] == [
    ("2026-Q4/ship#users", "2026-Q3/ship#users")], c
PY
EOT

test_expect_success 'a narrowed final report lists only what its own objectives carried' - <<\EOT
	make_quarter &&
	cat >>okr.yaml <<\EOF &&
teams:
  core:
    name: Core
    lead: Kim Kjerne <kim@example.com>
  build:
    name: Builders
    lead: Bo Bygg <bo@example.com>
EOF
	sed -i "s/^owner: Test Team$/owner: core/" 2026-Q3/ship.yaml &&
	sed -i "s/^owner: Test Team$/owner: build/" 2026-Q3/team/build.yaml &&
	okr check >/dev/null &&
	git commit -qam teams &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr carry 2026-Q3/ship#launch 2026-Q3/team/build#parts >/dev/null &&
	okr report 2026-Q3 --team build >../team.md &&
	sed -n "/^## Carried into 2026-Q4$/,/^## /p" ../team.md >../carried &&
	test_grep "2026-Q4/team/build#parts" ../carried &&
	! grep "ship#launch" ../carried
EOT

test_done
