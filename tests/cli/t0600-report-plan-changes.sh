#!/bin/bash
test_description='report: a changed target marked on its row with the old value and the date; dropped items listed apart with their dates and reasons'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

test_expect_success 'a changed target shows the old value and the date on its row' - <<\EOT
	make_quarter &&
	okr report 2026-Q3 >../before.md &&
	test_grep "^| Reach users | Test Team | 0 users | 64 users | 100 users | 0.6 |" ../before.md &&
	! grep "changed from" ../before.md &&
	okr update ship#users --target 120 -m "Marketing doubled" --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 >../after.md &&
	test_grep "^| Reach users | Test Team | 0 users | 64 users | 120 users (changed from 100 on 2026-09-22) | 0.5 |" ../after.md &&
	grep -c "changed from" ../after.md >../count &&
	echo 1 >../one &&
	test_cmp ../one ../count
EOT

test_expect_success 'a threshold bound moved is marked too; the newest change is the one shown' - <<\EOT
	make_quarter &&
	cat >>2026-Q3/team/build.yaml <<\EOF &&
  - id: uptime
    title: Uptime
    at_least: 99.5
    current: 99.9
    unit: "%"
EOF
	git commit -qam uptime &&
	okr update build#uptime --target 99.8 --date 2026-09-21 >/dev/null &&
	okr update build#uptime --target 99.9 --date 2026-09-24 >/dev/null &&
	okr report 2026-Q3 >../r.md &&
	test_grep "^| Uptime | Test Team | .* | ≥ 99.9 % (changed from 99.8 on 2026-09-24) | 1.0 |" ../r.md
EOT

test_expect_success 'a target edited by hand after okr update --target is not marked with the stale change' - <<\EOT
	make_quarter &&
	okr update ship#users --target 120 --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 >../marked.md &&
	test_grep "| 120 users (changed from 100 on 2026-09-22) |" ../marked.md &&
	sed -i "s/^    target: 120$/    target: 150/" 2026-Q3/ship.yaml &&
	git commit -qam "by hand" &&
	okr report 2026-Q3 >../r.md &&
	test_grep "^| Reach users |.* | 150 users | " ../r.md &&
	! grep "changed from" ../r.md
EOT

test_expect_success 'the mark follows a key result renamed by okr mv after its target moved' - <<\EOT
	make_quarter &&
	okr update ship#users --target 120 --date 2026-09-22 >/dev/null &&
	okr mv 2026-Q3/ship#users ship#active-users >/dev/null &&
	okr report 2026-Q3 >../r.md &&
	test_grep "^| Reach users | Test Team | 0 users | 64 users | 120 users (changed from 100 on 2026-09-22) |" ../r.md
EOT

test_expect_success 'JSON carries target_changed on that key result only' - <<\EOT
	make_quarter &&
	okr update ship#users --target 120 --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 --format json >../r.json &&
	python3 - ../r.json <<\PY
import json, sys
d = json.load(open(sys.argv[1]))
krs = {k["ref"]: k for o in d["objectives"] for k in o["key_results"]}
assert krs["2026-Q3/ship#users"]["target_changed"] == {"from": 100, "date": "2026-09-22"}, krs["2026-Q3/ship#users"]
assert krs["2026-Q3/ship#users"]["target"] == 120
assert all("target_changed" not in k for r, k in krs.items() if r != "2026-Q3/ship#users")
PY
EOT

test_expect_success 'dropped key results are listed apart, by date, with their reasons' - <<\EOT
	make_quarter &&
	okr update ship#launch --drop -m "Moved to Q4 | for now" --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 --as-of 2026-09-25 >../r.md &&
	sed -n "/^## Dropped$/,/^## /p" ../r.md >../dropped &&
	cat >../expect <<\EOF &&
## Dropped

Out of every score, count and follow-up list from the day they were dropped.

| Dropped | Key result or objective | Owner | Reason |
|---|---|---|---|
| 2026-08-03 | Gone (2026-Q3/ship#gone) | Test Team | Partner left |
| 2026-09-22 | Launch (2026-Q3/ship#launch) | Test Team | Moved to Q4 \| for now |

## Biggest movers
EOF
	test_cmp ../expect ../dropped &&
	okr report 2026-Q3 --as-of 2026-09-21 >../early.md &&
	sed -n "/^## Dropped$/,/^## /p" ../early.md >../dropped &&
	test_grep "Gone (2026-Q3/ship#gone)" ../dropped &&
	! grep "ship#launch" ../dropped
EOT

test_expect_success 'a dropped objective is listed apart and stands as dropped, not with a pace' - <<\EOT
	make_quarter &&
	okr update 2026-Q3/team/build --drop -m "Folded into ship" --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 --as-of 2026-09-25 >../r.md &&
	test_grep "^| 2026-09-22 | Objective: Build it (2026-Q3/team/build) | Test Team | Folded into ship |$" ../r.md &&
	test_grep "^  - [0-9.]* dropped: Build it (team/build, Test Team)$" ../r.md &&
	test_grep "^team/build · .* · status: dropped · aligned to: ship$" ../r.md &&
	okr report 2026-Q3 --as-of 2026-09-25 --format json >../r.json &&
	python3 - ../r.json <<\PY
import json, sys
d = json.load(open(sys.argv[1]))
st = {o["id"]: o["status"] for o in d["objectives"]}
assert st["team/build"] == "dropped", st
drops = [(x["ref"], x["kind"], x["date"], x["reason"]) for x in d["dropped"]]
assert drops == [("2026-Q3/ship#gone", "key_result", "2026-08-03", "Partner left"),
                 ("2026-Q3/team/build", "objective", "2026-09-22", "Folded into ship")], drops
PY
EOT

test_expect_success 'the section and the JSON list come with the first drop, and only then' - <<\EOT
	make_quarter &&
	sed -i "/id: gone/,\$d" 2026-Q3/ship.yaml &&
	git commit -qam "no drops" &&
	okr report 2026-Q3 >../r.md &&
	okr report 2026-Q3 --format json >../r.json &&
	! grep -e "## Dropped" -e "changed from" ../r.md &&
	! grep -e "\"dropped\"" -e "target_changed" ../r.json &&
	okr update ship#launch --drop -m "Later" --date 2026-09-22 >/dev/null &&
	okr report 2026-Q3 >../r.md &&
	okr report 2026-Q3 --format json >../r.json &&
	test_grep "^## Dropped$" ../r.md &&
	test_grep "^  \"dropped\": \[$" ../r.json
EOT

test_done
