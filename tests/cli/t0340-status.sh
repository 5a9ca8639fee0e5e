#!/bin/bash
test_description='okr status: the period at a glance, yours first, the next meeting'
. "$(dirname "$0")/lib.sh"

# Computed by hand. 2026-Q4 runs from 2026-10-01 to 2026-12-31 (92 days);
# 2026-11-15 is a Sunday, day 46, with 45/91 = 49.45 % of the period gone.
# The meeting is on Wednesdays at 14:00 for 45 minutes.
#
# company/grow (committed): (0 + 1 + 0.4) / 3 = 0.47 < 1.0 * 0.4945 and
# >= 0.4 * 0.4945: at risk. platform/latency: p95 (800 -> 200 at 450, weight
# 2) is 0.583, uptime 0, cache 0, migration 1/4: (2 * 0.583 + 0.25) / 5 =
# 0.28 < 0.7 * 0.4945 = 0.346, >= 0.198: at risk.
#
# Needs attention at 2026-11-15, cadence 7 days: cache never checked in
# (45 days since 2026-10-01) and due 2026-11-10; migration last checked in
# 2026-11-01 (14 days) with 'Design approved' due 2026-11-05; grow's own
# milestone 'Board approval' due 2026-11-12. p95 (5 days) is fresh.

# --as-of reads committed history (SPEC section 5): the fixture is
# committed, in one commit on the period's first day.
commit_all() {
	git add -A &&
	GIT_AUTHOR_DATE=2026-10-01T12:00:00Z GIT_COMMITTER_DATE=2026-10-01T12:00:00Z \
		git commit -q -m "${1:-fixture}"
}

write_fixture() {
	make_repo . &&
	cat >okr.yaml <<-\EOF &&
	organisation: Test AS
	ambassadors:
	  - Kari Nordmann <kari@example.com>
	cadence:
	  checkin: 7d
	  meeting:
	    day: wednesday
	    time: "14:00"
	    length: 45m
	teams:
	  platform:
	    name: Platform
	    lead: Ola Nordmann <ola@example.com>
	    members: [Alice Berg <alice@example.com>]
	  board:
	    name: Board
	    lead: Bob Ek <bob@example.com>
	EOF
	mkdir -p 2026-Q4/platform 2026-Q4/company &&
	cat >2026-Q4/platform/latency.yaml <<-\EOF &&
	objective: Make it fast
	level: team
	owner: platform
	parent: company/grow
	key_results:
	  - id: p95
	    title: Cut p95 latency
	    owner: Alice Berg <alice@example.com>
	    start: 800
	    target: 200
	    current: 450
	    weight: 2
	    updated: 2026-11-10
	  - id: uptime
	    title: Keep uptime
	    at_least: 99.9
	    current: 99.5
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
	    title: Cut churn
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
	commit_all
}

ESC=$(printf '\033')

test_expect_success 'the whole view, yours first by your git identity' - <<\EOT
	write_fixture &&
	okr check --as-of 2026-11-15 >/dev/null &&
	cat >expect <<-\EOF &&
	Test AS: 2026-Q4 (2026-10-01 to 2026-12-31), day 46 of 92, expected progress 49%

	Objectives:
	  0.5  at risk    company    company/grow      Grow the company
	  0.3  at risk    team       platform/latency  Make it fast

	Needs attention (yours: alice@example.com):
	  stale    platform/latency#cache      Platform (Ola Nordmann)  no check-in since the period began 2026-10-01, 45 days ago
	  overdue  platform/latency#cache      Platform (Ola Nordmann)  due 2026-11-10, 5 days ago
	  stale    platform/latency#migration  Platform (Ola Nordmann)  last check-in 2026-11-01, 14 days ago
	  overdue  platform/latency#migration  Platform (Ola Nordmann)  milestone 'Design approved' due 2026-11-05, 10 days ago

	Needs attention (others):
	  overdue  company/grow  Bob Ek  milestone 'Board approval' due 2026-11-12, 3 days ago

	Next OKR meeting: Wednesday 2026-11-18 14:00 (45 min)
	Ambassadors: Kari Nordmann <kari@example.com>
	EOF
	GIT_AUTHOR_EMAIL=alice@example.com okr status --as-of 2026-11-15 >actual &&
	test_cmp expect actual
EOT

test_expect_success '--owner puts that owner first, by email in any case' - <<\EOT
	write_fixture &&
	cat >expect <<-\EOF &&
	Needs attention (yours: BOB@example.com):
	  overdue  company/grow  Bob Ek  milestone 'Board approval' due 2026-11-12, 3 days ago

	Needs attention (others):
	  stale    platform/latency#cache      Platform (Ola Nordmann)  no check-in since the period began 2026-10-01, 45 days ago
	  overdue  platform/latency#cache      Platform (Ola Nordmann)  due 2026-11-10, 5 days ago
	  stale    platform/latency#migration  Platform (Ola Nordmann)  last check-in 2026-11-01, 14 days ago
	  overdue  platform/latency#migration  Platform (Ola Nordmann)  milestone 'Design approved' due 2026-11-05, 10 days ago

	EOF
	GIT_AUTHOR_EMAIL=alice@example.com okr status --as-of 2026-11-15 --owner BOB@example.com >out &&
	sed -n "/^Needs attention/,/^Next/p" out | sed "/^Next/d" >actual &&
	test_cmp expect actual
EOT

test_expect_success 'yours: nothing, when nothing of yours is late' - <<\EOT
	write_fixture &&
	okr status --as-of 2026-11-15 --owner kari@example.com >out &&
	test_grep "^Needs attention (yours: kari@example.com): nothing$" out &&
	test_grep "^Needs attention (others):$" out &&
	test $(grep -c "^  stale\|^  overdue" out) = 5
EOT

test_expect_success 'the next meeting, computed from the cadence and --as-of' - <<\EOT
	write_fixture &&
	# Sunday -> the coming Wednesday; on a Wednesday, that same day;
	# Thursday -> the next week; across the new year
	for pair in 2026-11-15:2026-11-18 2026-11-18:2026-11-18 \
		    2026-11-19:2026-11-25 2026-12-31:2027-01-06; do
		okr status --as-of ${pair%:*} >out &&
		echo "Next OKR meeting: Wednesday ${pair#*:} 14:00 (45 min)" >expect &&
		grep "^Next OKR meeting" out >actual &&
		test_cmp expect actual || return 1
	done
EOT

test_expect_success 'the meeting defaults (Monday 09:00, 30 min) and no ambassadors' - <<\EOT
	make_repo . &&
	okr status --as-of 2026-11-19 >out &&
	test_grep "^Next OKR meeting: Monday 2026-11-23 09:00 (30 min)$" out &&
	test_grep "^Ambassadors: none yet" out &&
	test_grep "^  none in 2026-Q4 yet" out &&
	test_grep "^Needs attention (yours: author@example.com): nothing$" out
EOT

test_expect_success 'piped: no escape codes, even with a colour terminal' - <<\EOT
	write_fixture &&
	TERM=xterm okr status --as-of 2026-11-15 >out &&
	test_grep "at risk" out &&
	! grep -q "$ESC" out
EOT

test_expect_success 'on a terminal: statuses in colour' - <<\EOT
	write_fixture &&
	TERM=xterm script -qec "$OKR status --as-of 2026-11-15" /dev/null >out &&
	# at risk in yellow
	test_grep "${ESC}\[33mat risk${ESC}\[0m" out
EOT

test_expect_success 'done is bold cyan, off track red, on track green' - <<\EOT
	write_fixture &&
	sed -i "s/current: 450/current: 200/; s/current: 99.5/current: 99.95/; s/done: false$/done: true/" \
		2026-Q4/platform/latency.yaml &&
	sed -i "s/- { title: \(.*\), done: false }/- { title: \1, done: true }/" \
		2026-Q4/platform/latency.yaml &&
	sed -i "s/current: 140/current: 100/; s/done: true/done: false/" 2026-Q4/company/grow.yaml &&
	commit_all edits &&
	TERM=xterm script -qec "$OKR status --as-of 2026-11-15" /dev/null >out &&
	test_grep "${ESC}\[1;36mdone${ESC}\[0m" out &&
	test_grep "${ESC}\[31moff track${ESC}\[0m" out &&
	sed -i "s/current: 100/current: 200/" 2026-Q4/company/grow.yaml &&
	sed -i "s/current: 6.5/current: 3/" 2026-Q4/company/grow.yaml &&
	commit_all more &&
	TERM=xterm script -qec "$OKR status --as-of 2026-11-15" /dev/null >out &&
	test_grep "${ESC}\[32mon track${ESC}\[0m" out
EOT

test_expect_success 'NO_COLOR on a terminal: no escape codes' - <<\EOT
	write_fixture &&
	TERM=xterm NO_COLOR=1 script -qec "$OKR status --as-of 2026-11-15" /dev/null >out &&
	test_grep "at risk" out &&
	! grep -q "$ESC" out
EOT

test_expect_success 'outside a git repository, with and without an identity' - <<\EOT
	write_fixture &&
	rm -rf .git &&
	okr status --as-of 2026-11-15 >out &&
	test_grep "^Needs attention (yours: author@example.com): nothing$" out &&
	(
		unset GIT_AUTHOR_EMAIL EMAIL &&
		okr status --as-of 2026-11-15 >out
	) &&
	test_grep "^Needs attention:$" out &&
	test $(grep -c "^  stale\|^  overdue" out) = 5 &&
	! grep -q "yours" out
EOT

test_expect_success 'a team member sees the team-owned things as theirs' - <<\EOT
	write_fixture &&
	rm -rf .git &&
	GIT_AUTHOR_EMAIL=ola@example.com okr status --as-of 2026-11-15 >out &&
	sed -n "/yours/,/others/p" out >mine &&
	test $(grep -c "platform/latency" mine) = 4
EOT

test_expect_success 'a team key as --owner: the team and its members' - <<\EOT
	write_fixture &&
	okr status --as-of 2026-11-15 --owner board >out &&
	sed -n "/yours/,/others/p" out >mine &&
	test_grep "company/grow  Bob Ek" mine &&
	! grep -q platform mine
EOT

test_expect_success 'bad flags exit 2 with the usage' - <<\EOT
	write_fixture &&
	test_expect_code 2 okr status --bogus 2>err &&
	test_grep "^usage: okr status \[--owner <owner>\] \[--as-of <date>\]$" err &&
	test_expect_code 2 okr status --as-of tomorrow 2>err &&
	test_grep "invalid date for --as-of" err &&
	test_expect_code 2 okr status extra 2>err
EOT

test_done
