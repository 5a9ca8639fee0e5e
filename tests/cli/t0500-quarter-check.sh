#!/bin/bash
test_description='okr check on closed periods, final scores, drops and carried key results'
. "$(dirname "$0")/lib.sh"

# 2026-Q3 ended 2026-09-30 with an overdue milestone and a key result last
# checked in on 2026-08-01: an open quarter warns, a closed one must not.
quarter() {
	make_repo . &&
	mkdir -p 2026-Q3 &&
	cat >2026-Q3/ship.yaml <<\EOT
objective: Ship the thing
level: company
owner: Test Team
milestones:
  - { title: Kick-off, due: 2026-07-10, done: false }
key_results:
  - id: users
    title: Reach users
    start: 0
    target: 100
    current: 64
    updated: 2026-08-01
  - id: launch
    title: Launch
    done: false
    due: 2026-09-01
EOT
	true
}

close_q3() {
	printf 'closed:\n  2026-Q3: 2026-10-02\n' >>okr.yaml &&
	sed -i 's/^    updated: 2026-08-01$/&\n    score: 0.6/; s/^    due: 2026-09-01$/&\n    score: 0/' 2026-Q3/ship.yaml
}

test_expect_success 'an open quarter that has ended warns about stale and overdue items' '
	quarter &&
	test_expect_code 1 okr check --strict --as-of 2026-09-30 >out &&
	test_grep "warning: .*overdue" out &&
	test_grep "warning: .*stale" out
'

test_expect_success 'a closed quarter passes --strict at any later date' '
	quarter && close_q3 &&
	okr check --strict --as-of 2026-09-30 >out &&
	test_must_be_empty out &&
	okr check --strict --as-of 2031-06-01 >out &&
	test_must_be_empty out &&
	okr check --strict >out &&
	test_must_be_empty out
'

test_expect_success 'a closed quarter needs a score on every key result' '
	quarter && close_q3 &&
	sed -i "/^    score: 0$/d" 2026-Q3/ship.yaml &&
	test_expect_code 1 okr check --as-of 2026-10-05 >out &&
	echo "2026-Q3/ship.yaml:14:5: error: key result '\''launch'\'' has no final '\''score'\''; 2026-Q3 is closed (okr update --score sets one)" >expect &&
	test_cmp expect out
'

test_expect_success 'a score in an open period is an error' '
	quarter &&
	sed -i "s/^    updated: 2026-08-01$/&\n    score: 0.6/" 2026-Q3/ship.yaml &&
	test_expect_code 1 okr check --as-of 2026-09-30 >out &&
	test_grep "^2026-Q3/ship.yaml:13:12: error: key result '\''users'\'' has a final '\''score'\'' but 2026-Q3 is not closed" out
'

test_expect_success 'a score outside 0..1 is an error' '
	quarter && close_q3 &&
	sed -i "s/score: 0.6/score: 1.5/" 2026-Q3/ship.yaml &&
	test_expect_code 1 okr check >out &&
	test_grep "^2026-Q3/ship.yaml:13:12: error: .score. must be between 0 and 1, not 1.5$" out &&
	test_line_count = 1 out
'

test_expect_success 'closed: must map periods to dates' '
	quarter &&
	printf "closed:\n  Q3: 2026-10-02\n  2026-Q2: soon\n" >>okr.yaml &&
	test_expect_code 1 okr check --as-of 2026-09-30 >out &&
	test_grep "^okr.yaml:3:3: error: .closed. maps periods (YYYY-QN) to dates, not .Q3.$" out &&
	test_grep "^okr.yaml:4:12: error: .2026-Q2. is not a valid date" out
'

test_expect_success 'dropped and drop_reason come together' '
	quarter &&
	sed -i "s/^    updated: 2026-08-01$/&\n    dropped: 2026-08-02/" 2026-Q3/ship.yaml &&
	printf "drop_reason: only a reason\n" >>2026-Q3/ship.yaml &&
	test_expect_code 1 okr check --as-of 2026-08-03 >out &&
	test_grep "^2026-Q3/ship.yaml:13:14: error: key result .users. has .dropped. without .drop_reason.; give both or neither$" out &&
	test_grep "^2026-Q3/ship.yaml:18:14: error: the objective has .drop_reason. without .dropped.; give both or neither$" out
'

test_expect_success 'a dropped key result is neither stale nor overdue, nor needs a score' '
	quarter &&
	sed -i "s/^    due: 2026-09-01$/&\n    dropped: 2026-08-15\n    drop_reason: Partner left/" 2026-Q3/ship.yaml &&
	okr check --as-of 2026-09-20 >out &&
	test_grep "users.* is stale" out &&
	! grep "launch" out &&
	printf "closed:\n  2026-Q3: 2026-10-02\n" >>okr.yaml &&
	sed -i "s/^    updated: 2026-08-01$/&\n    score: 0.6/" 2026-Q3/ship.yaml &&
	okr check --strict --as-of 2026-12-01 >out &&
	test_must_be_empty out
'

test_expect_success 'a drop counts from its date: before it the item is still chased' '
	quarter &&
	sed -i "s/^    due: 2026-09-01$/&\n    dropped: 2026-09-15\n    drop_reason: Partner left/" 2026-Q3/ship.yaml &&
	okr check --as-of 2026-09-10 >out &&
	test_grep "launch.* is overdue" out &&
	okr check --as-of 2026-09-16 >out &&
	! grep "launch" out
'

test_expect_success 'a dropped objective takes its milestones and key results along' '
	quarter &&
	printf "dropped: 2026-08-20\ndrop_reason: \"Strategy changed\"\n" >>2026-Q3/ship.yaml &&
	okr check --strict --as-of 2026-09-30 >out &&
	test_must_be_empty out
'

test_expect_success 'carried_from names a key result of another period' '
	quarter &&
	sed -i "s|^    title: Reach users$|&\n    carried_from: 2026-Q2/ship#users|" 2026-Q3/ship.yaml &&
	okr check --as-of 2026-07-05 >out &&
	test_must_be_empty out &&
	sed -i "s|carried_from: .*|carried_from: ship#users|" 2026-Q3/ship.yaml &&
	test_expect_code 1 okr check --as-of 2026-08-03 >out &&
	test_grep "error: .carried_from. must be <period>/<objective>#<key-result>, not .ship#users.$" out
'

test_done
