#!/bin/bash
test_description='okr carry: unfinished key results into the next period, one commit, refusals'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

# make_quarter's 2026-Q3 plus a done key result, closed on 2026-10-02.
carry_repo() {
	make_quarter &&
	cat >>2026-Q3/ship.yaml <<\EOT &&
  - id: site
    title: Website live
    done: true
EOT
	git commit -qam site &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null
}

test_expect_success 'an objective: its unfinished key results, starting where they stand' - <<\EOT
	carry_repo &&
	snapshot &&
	okr carry 2026-Q3/ship -m "Still worth it" >../out 2>../err &&
	test_must_be_empty ../err &&
	test_grep "^\[master [0-9a-f]*\] okr: carry 2 key results from 2026-Q3 into 2026-Q4$" ../out &&
	one_commit 2026-Q4/ship.yaml &&
	cat >../expect <<\EOF &&
objective: Ship the thing
level: company
owner: Test Team
key_results:
  - id: users
    title: Reach users
    start: 64
    target: 100
    current: 64
    unit: users
    carried_from: 2026-Q3/ship#users
  - id: launch
    title: Launch
    done: false
    carried_from: 2026-Q3/ship#launch
EOF
	test_cmp ../expect 2026-Q4/ship.yaml &&
	message >../msg &&
	printf "okr: carry 2 key results from 2026-Q3 into 2026-Q4\n\nStill worth it\n\nOkr-Carried: 2026-Q3/ship#users -> 2026-Q4/ship#users\nOkr-Carried: 2026-Q3/ship#launch -> 2026-Q4/ship#launch\n" >../expect &&
	test_cmp ../expect ../msg &&
	okr check --as-of 2026-10-03 >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'a milestone key result keeps its undone milestones; a parent carried along is kept' - <<\EOT
	carry_repo &&
	snapshot &&
	okr carry 2026-Q3/team/build 2026-Q3/ship#users >../out 2>../err &&
	test_must_be_empty ../err &&
	one_commit 2026-Q4/ship.yaml 2026-Q4/team/build.yaml &&
	cat >../expect <<\EOF &&
objective: Build it
level: team
owner: Test Team
parent: ship
key_results:
  - id: parts
    title: Parts
    milestones:
      - title: b
        done: false
      - title: c
        done: false
    carried_from: 2026-Q3/team/build#parts
EOF
	test_cmp ../expect 2026-Q4/team/build.yaml &&
	! grep launch 2026-Q4/ship.yaml
EOT

test_expect_success 'a parent missing in the target period is left out, with a warning' - <<\EOT
	carry_repo &&
	okr carry 2026-Q3/team/build >../out 2>../err &&
	echo "okr: warning: parent 'ship' is not an objective in 2026-Q4; 2026-Q4/team/build.yaml has no parent" >../expect &&
	test_cmp ../expect ../err &&
	! grep parent: 2026-Q4/team/build.yaml &&
	okr check --as-of 2026-10-03 >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'into an existing objective: appended, every other byte kept' - <<\EOT
	carry_repo &&
	mkdir -p 2026-Q4 &&
	printf "objective: Ship the thing   # again\nlevel: company\nowner: Test Team\nkey_results:\n    - id: new   # fresh\n      title: New\n      done: false\n# the end\n" >2026-Q4/ship.yaml &&
	cp 2026-Q4/ship.yaml ../before &&
	git add . && git commit -qm q4 &&
	snapshot &&
	okr carry 2026-Q3/ship#users >/dev/null &&
	one_commit 2026-Q4/ship.yaml &&
	{
		head -n 7 ../before &&
		printf "    - id: users\n      title: Reach users\n      start: 64\n      target: 100\n      current: 64\n      unit: users\n      carried_from: 2026-Q3/ship#users\n" &&
		tail -n 1 ../before
	} >../expect &&
	test_cmp ../expect 2026-Q4/ship.yaml
EOT

test_expect_success 'a reference without a period resolves in the period before today' - <<\EOT
	carry_repo &&
	okr carry ship#launch --to 2027-Q1 >../out &&
	test_grep "from 2026-Q3 into 2027-Q1" ../out &&
	test_grep "carried_from: 2026-Q3/ship#launch" 2027-Q1/ship.yaml
EOT

test_expect_success 'refused: done or dropped key results, nothing unfinished' - <<\EOT
	carry_repo &&
	refused carry 2026-Q3/ship#site &&
	test_grep "2026-Q3/ship#site. is done; only unfinished key results are carried" ../err &&
	refused carry 2026-Q3/ship#gone &&
	test_grep "2026-Q3/ship#gone. was dropped" ../err &&
	sed -i "s/current: 64   # counted by hand/current: 100/; s/done: false }/done: true }/" 2026-Q3/ship.yaml &&
	sed -i "s/^      - { title: \(.\), due: \(.*\), done: false }/      - { title: \1, due: \2, done: true }/" 2026-Q3/team/build.yaml &&
	git commit -qam "all done" &&
	refused carry 2026-Q3/team/build &&
	test_grep "has no unfinished key result to carry" ../err
EOT

test_expect_success 'refused: an id the target has already, a carry backwards, a closed target' - <<\EOT
	carry_repo &&
	okr carry 2026-Q3/ship#users >/dev/null &&
	refused carry 2026-Q3/ship#users &&
	test_grep "2026-Q4/ship. has a key result .users. already" ../err &&
	refused carry 2026-Q3/ship#launch --to 2026-Q2 &&
	test_grep "2026-Q2 is not after 2026-Q3" ../err &&
	printf "  2027-Q1: 2026-11-01\n" >>okr.yaml && git commit -qam odd &&
	refused carry 2026-Q3/ship#launch --to 2027-Q1 &&
	test_grep "2027-Q1 was closed on 2026-11-01" ../err
EOT

test_expect_success 'refused: uncommitted changes in the target period' - <<\EOT
	carry_repo &&
	make_objective 2026-Q4/other.yaml &&
	refused carry 2026-Q3/ship#launch &&
	test_grep "2026-Q4/other.yaml. is not committed yet" ../err
EOT

test_done
