#!/bin/bash
test_description='okr list: one tab-separated line per key result, filters, json'
. "$(dirname "$0")/lib.sh"

# The expected values below are computed by hand. 2026-Q4 runs from
# 2026-10-01 to 2026-12-31: at --as-of 2026-11-15 the share elapsed is
# 45/91 = 0.4945, so with the default thresholds a key result is on track
# from 0.7 * 0.4945 = 0.3462, at risk from 0.4 * 0.4945 = 0.1978 (and on
# track only from 0.4945 in a committed objective).

# --as-of reads committed history (SPEC section 5): the fixture is
# committed, in one commit on the period's first day.
commit_all() {
	git add -A &&
	GIT_AUTHOR_DATE=2026-10-01T12:00:00Z GIT_COMMITTER_DATE=2026-10-01T12:00:00Z \
		git commit -q -m "${1:-fixture}"
}

write_fixture() {
	make_repo . &&
	mkdir -p 2026-Q4/platform 2026-Q4/company 2026-Q3/platform &&
	cat >2026-Q4/platform/latency.yaml <<-\EOF &&
	objective: Make it fast
	level: team
	owner: platform
	key_results:
	  - id: p95
	    title: Cut p95 latency
	    owner: Alice Berg <alice@example.com>
	    start: 800
	    target: 200
	    current: 450
	    unit: ms
	    weight: 2
	    updated: 2026-11-10
	  - id: uptime
	    title: Keep uptime
	    at_least: 99.9
	    current: 99.5
	    unit: "%"
	    updated: 2026-11-14
	  - id: cache
	    title: Edge cache live
	    done: false
	    due: 2026-11-10
	  - id: migration
	    title: Migrate services
	    milestones:
	      - { title: Kick-off, due: 2026-10-10, done: true }
	      - { title: Design approved, due: 2026-11-05, done: false }
	      - { title: Half migrated, due: 2026-12-01, done: false }
	      - { title: All migrated, due: 2026-12-20, done: false }
	    updated: 2026-11-01
	EOF
	cat >2026-Q4/company/grow.yaml <<-\EOF &&
	objective: Grow the company
	level: company
	owner: Bob Ek <bob@example.com>
	type: committed
	key_results:
	  - id: revenue
	    title: Grow revenue
	    start: 100
	    target: 200
	    current: 140
	    updated: 2026-11-14
	  - id: churn
	    title: "Cut\tchurn\nfast"
	    start: 5
	    target: 2
	    current: 6.5
	    updated: 2026-11-14
	  - id: nps
	    title: Launch the NPS survey
	    done: true
	    updated: 2026-11-12
	milestones:
	  - { title: Board approval, due: 2026-11-12, done: false }
	EOF
	cat >2026-Q3/platform/old.yaml <<-\EOF &&
	objective: Last quarter
	level: team
	owner: platform
	key_results:
	  - id: services
	    title: Services on the new stack
	    start: 0
	    target: 10
	    current: 7
	    updated: 2026-09-28
	EOF
	commit_all
}

TAB=$(printf '\t')

test_expect_success 'every key result of the period, sorted by reference' - <<\EOT
	write_fixture &&
	okr check --as-of 2026-11-15 >check.out &&
	sed "s/|/$TAB/g" >expect <<-\EOF &&
	2026-Q4/company/grow#churn|Cut churn fast|Bob Ek <bob@example.com>|metric|0.00|off-track|6.5|2|2026-11-14|
	2026-Q4/company/grow#nps|Launch the NPS survey|Bob Ek <bob@example.com>|binary|1.00|done|done|done|2026-11-12|
	2026-Q4/company/grow#revenue|Grow revenue|Bob Ek <bob@example.com>|metric|0.40|at-risk|140|200|2026-11-14|
	2026-Q4/platform/latency#cache|Edge cache live|platform|binary|0.00|off-track|not-done|done||
	2026-Q4/platform/latency#migration|Migrate services|platform|milestone|0.25|at-risk|1/4|4|2026-11-01|
	2026-Q4/platform/latency#p95|Cut p95 latency|Alice Berg <alice@example.com>|metric|0.58|on-track|450|200|2026-11-10|
	2026-Q4/platform/latency#uptime|Keep uptime|platform|threshold|0.00|off-track|99.5|99.9|2026-11-14|
	EOF
	okr list --as-of 2026-11-15 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'every line has ten fields, even with a tab in the title' - <<\EOT
	write_fixture &&
	okr list --as-of 2026-11-15 >actual &&
	test_line_count = 7 actual &&
	awk -F "$TAB" "NF != 10 { bad = 1 } END { exit bad }" actual
EOT

test_expect_success 'a committed objective needs full pace to be on track' - <<\EOT
	write_fixture &&
	okr list --as-of 2026-11-15 | grep "#revenue" | cut -f5,6 >actual &&
	echo "0.40${TAB}at-risk" >expect &&
	test_cmp expect actual &&
	sed -i "/^type: committed/d" 2026-Q4/company/grow.yaml &&
	commit_all uncommitted &&
	okr list --as-of 2026-11-15 | grep "#revenue" | cut -f5,6 >actual &&
	echo "0.40${TAB}on-track" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'the pace moves with --as-of' - <<\EOT
	write_fixture &&
	# on the first day nothing is expected yet: 0.25 is on track
	okr list --as-of 2026-10-01 | grep "#migration" | cut -f6 >actual &&
	echo on-track >expect &&
	test_cmp expect actual &&
	# on the last day 0.25 < 0.4 * 1: off track
	okr list --as-of 2026-12-31 | grep "#migration" | cut -f6 >actual &&
	echo off-track >expect &&
	test_cmp expect actual
EOT

test_expect_success '--owner: a team key, an email (any case), a person' - <<\EOT
	write_fixture &&
	okr list --as-of 2026-11-15 --owner platform | cut -f1 >actual &&
	cat >expect <<-\EOF &&
	2026-Q4/platform/latency#cache
	2026-Q4/platform/latency#migration
	2026-Q4/platform/latency#uptime
	EOF
	test_cmp expect actual &&
	okr list --as-of 2026-11-15 --owner ALICE@Example.com | cut -f1 >actual &&
	echo "2026-Q4/platform/latency#p95" >expect &&
	test_cmp expect actual &&
	okr list --as-of 2026-11-15 --owner "Bob Ek <bob@example.com>" | cut -f1 >actual &&
	cat >expect <<-\EOF &&
	2026-Q4/company/grow#churn
	2026-Q4/company/grow#nps
	2026-Q4/company/grow#revenue
	EOF
	test_cmp expect actual &&
	okr list --as-of 2026-11-15 --owner nobody@example.com >actual &&
	test_must_be_empty actual
EOT

test_expect_success '--level and --status, alone and together' - <<\EOT
	write_fixture &&
	okr list --as-of 2026-11-15 --level company | cut -f1 >actual &&
	cat >expect <<-\EOF &&
	2026-Q4/company/grow#churn
	2026-Q4/company/grow#nps
	2026-Q4/company/grow#revenue
	EOF
	test_cmp expect actual &&
	okr list --as-of 2026-11-15 --status off-track | cut -f1 >actual &&
	cat >expect <<-\EOF &&
	2026-Q4/company/grow#churn
	2026-Q4/platform/latency#cache
	2026-Q4/platform/latency#uptime
	EOF
	test_cmp expect actual &&
	okr list --as-of 2026-11-15 --status at-risk --level team | cut -f1 >actual &&
	echo "2026-Q4/platform/latency#migration" >expect &&
	test_cmp expect actual &&
	okr list --as-of 2026-11-15 --status done | cut -f1 >actual &&
	echo "2026-Q4/company/grow#nps" >expect &&
	test_cmp expect actual
EOT

test_expect_success '--period lists another period, judged at its end' - <<\EOT
	write_fixture &&
	# 7/10 = 0.70 against 0.7 * 1 (the period is over): on track
	echo "2026-Q3/platform/old#services${TAB}Services on the new stack${TAB}platform${TAB}metric${TAB}0.70${TAB}on-track${TAB}7${TAB}10${TAB}2026-09-28${TAB}" >expect &&
	okr list --as-of 2026-11-15 --period 2026-Q3 >actual &&
	test_cmp expect actual &&
	# the default period is the one containing --as-of
	okr list --as-of 2026-08-01 >actual &&
	test_line_count = 1 actual &&
	okr list --as-of 2026-11-15 --period 2027-Q1 >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'json: an array of objects, numbers as numbers' - <<\EOT
	write_fixture &&
	okr list --as-of 2026-11-15 --format json >out.json &&
	python3 - out.json <<-\EOF
	import json, sys
	rows = json.load(open(sys.argv[1]))
	assert [r["ref"].split("#")[1] for r in rows] == \
	    ["churn", "nps", "revenue", "cache", "migration", "p95", "uptime"], rows
	by = {r["ref"].split("#")[1]: r for r in rows}
	p95 = by["p95"]
	assert p95 == {"ref": "2026-Q4/platform/latency#p95", "title": "Cut p95 latency",
	               "owner": "Alice Berg <alice@example.com>", "kind": "metric",
	               "progress": 0.58, "status": "on-track", "current": 450,
	               "target": 200, "updated": "2026-11-10", "team": None}, p95
	assert by["uptime"]["current"] == 99.5 and by["uptime"]["target"] == 99.9
	# JSON escapes a tab and a line break: the title stays as written
	assert by["churn"]["title"] == "Cut\tchurn\nfast", by["churn"]
	assert by["cache"]["current"] == "not-done" and by["cache"]["updated"] is None
	assert by["migration"]["current"] == "1/4" and by["migration"]["target"] == 4
	assert by["nps"]["progress"] == 1 and by["nps"]["status"] == "done"
	EOF
EOT

test_expect_success 'json with nothing to list is an empty array' - <<\EOT
	write_fixture &&
	okr list --as-of 2026-11-15 --period 2027-Q1 --format json >out.json &&
	python3 -c "import json, sys; assert json.load(open(sys.argv[1])) == []" out.json
EOT

test_expect_success 'never colour, even on a terminal' - <<\EOT
	write_fixture &&
	TERM=xterm script -qec "$OKR list --as-of 2026-11-15" /dev/null >tty.out &&
	test_grep "latency#p95" tty.out &&
	! grep -q "$(printf '\033')" tty.out &&
	TERM=xterm okr list --as-of 2026-11-15 >piped.out &&
	! grep -q "$(printf '\033')" piped.out
EOT

test_expect_success 'decimals and a metric beyond its target follow the formula' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/dec.yaml <<-\EOF &&
	objective: Decimals
	level: team
	owner: Test Team
	key_results:
	  - id: beyond
	    title: Beyond the target
	    start: 10
	    target: 20
	    current: 25
	  - id: fraction
	    title: A fraction
	    start: 0.5
	    target: 1.5
	    current: 0.75
	    updated: 2026-11-01
	EOF
	commit_all &&
	sed "s/|/$TAB/g" >expect <<-\EOF &&
	2026-Q4/t/dec#beyond|Beyond the target|Test Team|metric|1.00|done|25|20||
	2026-Q4/t/dec#fraction|A fraction|Test Team|metric|0.25|at-risk|0.75|1.5|2026-11-01|
	EOF
	okr list --as-of 2026-11-15 >actual &&
	test_cmp expect actual
EOT

# teams: platform (lead Ola, member Alice), board (lead Bob); the team
# column names the objective's team, by key or by its owner's membership.
write_teams() {
	cat >>okr.yaml <<-\EOF &&
	teams:
	  platform:
	    name: Platform
	    lead: Ola Nordmann <ola@example.com>
	    members: [Alice Berg <alice@example.com>]
	  board:
	    name: Board
	    lead: Bob Ek <bob@example.com>
	EOF
	commit_all teams
}

test_expect_success 'the team column, and --owner matching a team lead as status does' - <<\EOT
	write_fixture && write_teams &&
	okr list --as-of 2026-11-15 | cut -f1,10 >actual &&
	sed "s/|/$TAB/g" >expect <<-\EOF &&
	2026-Q4/company/grow#churn|board
	2026-Q4/company/grow#nps|board
	2026-Q4/company/grow#revenue|board
	2026-Q4/platform/latency#cache|platform
	2026-Q4/platform/latency#migration|platform
	2026-Q4/platform/latency#p95|platform
	2026-Q4/platform/latency#uptime|platform
	EOF
	test_cmp expect actual &&
	# Ola leads platform: its key results are his, as in okr status
	okr list --as-of 2026-11-15 --owner ola@example.com | cut -f1 >actual &&
	cat >expect <<-\EOF &&
	2026-Q4/platform/latency#cache
	2026-Q4/platform/latency#migration
	2026-Q4/platform/latency#uptime
	EOF
	test_cmp expect actual
EOT

test_expect_success '--format csv: RFC 4180 with a header row' - <<\EOT
	write_fixture && write_teams &&
	okr list --as-of 2026-11-15 --format csv >out.csv &&
	head -n 1 out.csv >actual &&
	printf "ref,title,owner,kind,progress,status,current,target,updated,team\r\n" >expect &&
	test_cmp expect actual &&
	python3 - out.csv <<-\PY
	import csv, sys
	raw = open(sys.argv[1], newline="").read()
	assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "").replace("churn\nfast", ""), raw
	rows = list(csv.reader(open(sys.argv[1], newline="")))
	assert len(rows) == 8 and all(len(r) == 10 for r in rows), rows
	by = {r[0]: r for r in rows[1:]}
	# a title with a tab and a line break stays one field, as written
	assert by["2026-Q4/company/grow#churn"][1] == "Cut\tchurn\nfast", by
	assert by["2026-Q4/company/grow#churn"][2] == "Bob Ek <bob@example.com>"
	assert by["2026-Q4/platform/latency#p95"][4:10] == ["0.58", "on-track", "450", "200", "2026-11-10", "platform"], by
	PY
EOT

test_expect_success 'status values: dropped, and the grades of a closed period' - <<\EOT
	write_fixture &&
	sed -i "s/^    updated: 2026-11-14$/    updated: 2026-11-14\n    dropped: 2026-11-14\n    drop_reason: no longer wanted/" 2026-Q4/company/grow.yaml &&
	commit_all drop &&
	okr list --as-of 2026-11-15 --status dropped | cut -f1,6 >actual &&
	sed "s/|/$TAB/g" >expect <<-\EOF &&
	2026-Q4/company/grow#churn|dropped
	2026-Q4/company/grow#revenue|dropped
	EOF
	test_cmp expect actual &&
	printf "closed:\n  2026-Q3: 2026-10-02\n" >>okr.yaml &&
	sed -i "s/^    updated: 2026-09-28$/    updated: 2026-09-28\n    score: 0.7/" 2026-Q3/platform/old.yaml &&
	commit_all close &&
	okr list --period 2026-Q3 --as-of 2026-11-15 | cut -f1,6 >actual &&
	echo "2026-Q3/platform/old#services${TAB}achieved" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'bad flags and values exit 2 with the usage' - <<\EOT
	write_fixture &&
	test_expect_code 2 okr list --bogus 2>err &&
	test_grep "^usage: okr list \[--period <period>\]" err &&
	test_expect_code 2 okr list --status late 2>err &&
	test_grep "unknown status 'late'" err &&
	test_expect_code 2 okr list --level department 2>err &&
	test_grep "unknown level 'department'" err &&
	test_expect_code 2 okr list --format xml 2>err &&
	test_grep "unknown format 'xml'" err &&
	test_expect_code 2 okr list --period 2026-Q5 2>err &&
	test_grep "invalid period '2026-Q5'" err &&
	test_expect_code 2 okr list --as-of 2026-02-30 2>err &&
	test_expect_code 2 okr list extra 2>err &&
	test_grep "unexpected argument 'extra'" err
EOT

test_expect_success 'outside an okr repository: exit 2' - <<\EOT
	test_expect_code 2 okr list 2>err &&
	test_grep "not an okr repository" err
EOT

test_expect_success 'works in a sub-folder, and lists untracked files' - <<\EOT
	write_fixture &&
	cd 2026-Q4/platform &&
	cp latency.yaml copy.yaml &&
	okr list --period 2026-Q4 --owner platform >actual &&
	test_line_count = 6 actual
EOT

test_expect_success 'titles with escapes and line breaks: one clean record, one clean row' - <<\EOT
	make_repo r && cd r && mkdir -p 2026-Q4/t &&
	printf 'objective: "two\\nlines \\e[2J"\nlevel: team\nowner: t\nkey_results:\n  - id: a\n    title: "x\\ty\\nz \\e[31mred"\n    done: false\n' >2026-Q4/t/o.yaml &&
	commit_all &&
	okr check --as-of 2026-10-01 >../check &&
	test_must_be_empty ../check &&
	okr list --period 2026-Q4 --as-of 2026-10-02 >../list &&
	test_line_count = 1 ../list &&
	! grep -q "$(printf '\033')" ../list &&
	test "$(cut -f2 ../list)" = "x y z �[31mred" &&
	NO_COLOR=1 okr status --as-of 2026-10-02 >../status &&
	! grep -q "$(printf '\033')" ../status &&
	grep -q "two lines �\[2J" ../status
EOT

test_done
