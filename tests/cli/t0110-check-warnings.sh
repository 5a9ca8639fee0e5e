#!/bin/bash
test_description='okr check: warnings judged at --as-of (stale, overdue, due outside the period)'
. "$(dirname "$0")/lib.sh"

# 2026-Q4 runs from 2026-10-01 to 2026-12-31; the default cadence is 7 days.

write_updated() {
	# $1: the `updated` date of the one key result
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/kr.yaml <<-EOF
	objective: Stay fresh
	level: team
	owner: Test Team
	key_results:
	  - id: latency
	    title: Cut latency
	    start: 800
	    target: 200
	    current: 450
	    updated: $1
	EOF
}

test_expect_success 'stale: 8 days since the last check-in' - <<\EOT
	make_repo . &&
	write_updated 2026-11-10 &&
	cat >expect <<-\EOF &&
	2026-Q4/t/kr.yaml:10:14: warning: key result 'latency' is stale: last check-in 2026-11-10, 8 days ago (cadence 7 days)
	EOF
	okr check --as-of 2026-11-18 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'not stale: exactly 7 days since the last check-in' - <<\EOT
	make_repo . &&
	write_updated 2026-11-10 &&
	okr check --as-of 2026-11-17 >actual &&
	test_must_be_empty actual &&
	okr check --as-of 2026-11-10 >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'a key result without updated counts from the period start' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/new.yaml <<-\EOF &&
	objective: Never checked in
	level: team
	owner: Test Team
	key_results:
	  - id: ship
	    title: Ship it
	    done: false
	EOF
	okr check --as-of 2026-10-08 >actual &&
	test_must_be_empty actual &&
	cat >expect <<-\EOF &&
	2026-Q4/t/new.yaml:5:5: warning: key result 'ship' is stale: no check-in since the period began 2026-10-01, 8 days ago (cadence 7 days)
	EOF
	okr check --as-of 2026-10-09 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a custom cadence: checkin: 2w' - <<\EOT
	make_repo . &&
	cat >okr.yaml <<-\EOF &&
	organisation: Test AS
	cadence:
	  checkin: 2w
	EOF
	write_updated 2026-11-01 &&
	okr check --as-of 2026-11-15 >actual &&
	test_must_be_empty actual &&
	cat >expect <<-\EOF &&
	2026-Q4/t/kr.yaml:10:14: warning: key result 'latency' is stale: last check-in 2026-11-01, 15 days ago (cadence 14 days)
	EOF
	okr check --as-of 2026-11-16 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a custom cadence: checkin: 3d' - <<\EOT
	make_repo . &&
	printf "organisation: Test AS\ncadence: {checkin: 3d}\n" >okr.yaml &&
	write_updated 2026-11-01 &&
	okr check --as-of 2026-11-04 >actual &&
	test_must_be_empty actual &&
	okr check --as-of 2026-11-05 >actual &&
	grep "^2026-Q4/t/kr.yaml:10:14: warning: .*4 days ago (cadence 3 days)$" actual
EOT

test_expect_success 'overdue objective milestone (due passed, not done)' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/ms.yaml <<-\EOF &&
	objective: Milestones
	level: team
	owner: Test Team
	milestones:
	  - { title: Kick-off, due: 2026-10-03, done: true }
	  - { title: Design review, due: 2026-10-10, done: false }
	  - title: Pilot
	    due: 2026-10-20
	  - title: Launch
	    due: 2026-11-01
	    done: false
	key_results:
	  - id: ship
	    title: Ship it
	    done: false
	    updated: 2026-10-20
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/ms.yaml:6:34: warning: milestone 'Design review' is overdue: due 2026-10-10, 11 days ago, not done
	2026-Q4/t/ms.yaml:8:10: warning: milestone 'Pilot' is overdue: due 2026-10-20, 1 day ago, not done
	EOF
	okr check --as-of 2026-10-21 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a milestone due on the as-of date is not overdue yet' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/ms.yaml <<-\EOF &&
	objective: Milestones
	level: team
	owner: Test Team
	milestones:
	  - { title: Today, due: 2026-10-21, done: false }
	key_results:
	  - id: ship
	    title: Ship it
	    done: false
	    updated: 2026-10-20
	EOF
	okr check --as-of 2026-10-21 >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'overdue milestone inside a milestone key result' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/mkr.yaml <<-\EOF &&
	objective: Migrate
	level: team
	owner: Test Team
	key_results:
	  - id: migration
	    title: Migrate all services
	    updated: 2026-11-20
	    milestones:
	      - { title: Design approved, due: 2026-10-15, done: true }
	      - { title: Half migrated, due: 2026-11-15, done: false }
	      - { title: All migrated, due: 2026-12-15, done: false }
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/mkr.yaml:10:38: warning: milestone 'Half migrated' is overdue: due 2026-11-15, 6 days ago, not done
	EOF
	okr check --as-of 2026-11-21 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a due date outside the period' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/due.yaml <<-\EOF &&
	objective: Out of bounds
	level: team
	owner: Test Team
	milestones:
	  - { title: Prework, due: 2026-09-20, done: true }
	key_results:
	  - id: ship
	    title: Ship it
	    done: false
	    due: 2027-01-15
	    updated: 2026-10-02
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/due.yaml:5:28: warning: milestone 'Prework' is due 2026-09-20, outside 2026-Q4 (2026-10-01 to 2026-12-31)
	2026-Q4/t/due.yaml:10:10: warning: key result 'ship' is due 2027-01-15, outside 2026-Q4 (2026-10-01 to 2026-12-31)
	EOF
	okr check --as-of 2026-10-05 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'the period follows fiscal_year_start' - <<\EOT
	make_repo . &&
	printf "organisation: Test AS\nfiscal_year_start: 7\n" >okr.yaml &&
	mkdir -p 2026-Q1/t &&
	cat >2026-Q1/t/due.yaml <<-\EOF &&
	objective: Fiscal
	level: team
	owner: Test Team
	key_results:
	  - id: ship
	    title: Ship it
	    done: false
	    due: 2026-10-15
	    updated: 2026-07-02
	EOF
	cat >expect <<-\EOF &&
	2026-Q1/t/due.yaml:8:10: warning: key result 'ship' is due 2026-10-15, outside 2026-Q1 (2026-07-01 to 2026-09-30)
	EOF
	okr check --as-of 2026-07-03 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'an overdue binary key result' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/late.yaml <<-\EOF &&
	objective: Late
	level: team
	owner: Test Team
	key_results:
	  - id: ship
	    title: Ship it
	    done: false
	    due: 2026-11-01
	    updated: 2026-11-20
	  - id: shipped
	    title: Shipped it
	    done: true
	    due: 2026-11-01
	    updated: 2026-11-20
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/late.yaml:8:10: warning: key result 'ship' is overdue: due 2026-11-01, 20 days ago, not done
	EOF
	okr check --as-of 2026-11-21 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'warnings alone exit 0; --strict makes them exit 1' - <<\EOT
	make_repo . &&
	write_updated 2026-11-01 &&
	okr check --as-of 2026-11-20 >actual &&
	test_line_count = 1 actual &&
	grep ": warning: " actual &&
	test_expect_code 1 okr check --strict --as-of 2026-11-20 >strict &&
	test_cmp actual strict &&
	okr check --strict --as-of 2026-11-02 >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'errors and warnings together, sorted by line' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/both.yaml <<-\EOF &&
	objective: Both
	level: team
	owner: Test Team
	key_results:
	  - id: a
	    title: Stale
	    done: false
	    updated: 2026-11-01
	  - id: b
	    title: Overconfident
	    done: false
	    confidence: 2
	    updated: 2026-11-19
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/both.yaml:8:14: warning: key result 'a' is stale: last check-in 2026-11-01, 19 days ago (cadence 7 days)
	2026-Q4/t/both.yaml:12:17: error: 'confidence' must be between 0 and 1, not 2
	EOF
	test_expect_code 1 okr check --as-of 2026-11-20 >actual &&
	test_cmp expect actual
EOT

test_done
