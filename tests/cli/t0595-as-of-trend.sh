#!/bin/bash
test_description='the report trend and weekly series take each week as of its end (SPEC section 8)'
. "$(dirname "$0")/lib.sh"

# Commit order and dates disagree, as after okr sync replays a check-in:
#
#   commit order   author date  what
#   1              2026-09-28   the OKRs: sales#deals 0 (of 100)
#   2              2026-10-12   Bob checks in deals 40
#   3              2026-10-09   Alice's check-in deals 20, replayed by okr sync
#                               on top of Bob's
#   4              2026-11-03   Bob checks in deals 60
#
# Week 2 of the quarter (10-08 .. 10-14) as of its end is Alice's 20: the
# last change in first-parent order dated on or before 10-14. Going by date
# alone it would be Bob's 40. A monthly report of November starts where
# October ended: 20, not 40.
REPO=$TEST_TMP/repo

write() {	# deals updated
	mkdir -p 2026-Q4 &&
	cat >2026-Q4/sales.yaml <<-EOF
	objective: Sell more
	level: company
	owner: sales
	key_results:
	  - id: deals
	    title: Deals
	    owner: Bob Seller <bob@example.com>
	    start: 0
	    target: 100
	    current: $1
	    updated: $2
	EOF
}

commit() {	# AUTHOR-DAY COMMIT-DAY SUBJECT [VALUE]
	local msg=$3
	test -z "$4" ||
	msg=$(printf '%s\n\nOkr-Ref: 2026-Q4/sales#deals\nOkr-Value: %s\n' "$3" "$4")
	git add -A &&
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$2T12:00:00Z" \
		git commit -q -m "$msg"
}

test_expect_success 'set up: a check-in replayed on top of a later one' - <<\EOT
	make_repo "$REPO" &&
	cd "$REPO" &&
	cat >>okr.yaml <<-\EOF &&
	teams:
	  sales:
	    name: Sales
	    lead: Sara Lead <sara@example.com>
	    members: [Bob Seller <bob@example.com>]
	EOF
	write 0 2026-09-28 &&
	commit 2026-09-28 2026-09-28 "OKRs" &&
	write 40 2026-10-12 &&
	commit 2026-10-12 2026-10-12 "okr: 2026-Q4/sales#deals 0 -> 40" 40 &&
	write 20 2026-10-09 &&
	commit 2026-10-09 2026-10-13 "okr: 2026-Q4/sales#deals 40 -> 20" 20 &&
	write 60 2026-11-03 &&
	commit 2026-11-03 2026-11-03 "okr: 2026-Q4/sales#deals 20 -> 60" 60
EOT

test_expect_success 'JSON trend and weekly score: week 2 and 3 are the replay, 20' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-10-20 --format json >r.json &&
	python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
k = d['objectives'][0]['key_results'][0]
g = lambda v: ' '.join('%g' % x for x in v)
print('current', g([k['current']]))
print('trend', g(k['trend']))
print('score', g(d['weekly']['score']))
print('objective', g(d['objectives'][0]['weekly_score']))" r.json >actual &&
	cat >expect <<-\EOF &&
	current 20
	trend 0 0.2 0.2
	score 0 0.2 0.2
	objective 0 0.2 0.2
	EOF
	test_cmp expect actual
EOT

test_expect_success 'the trend cell and the score chart agree: the last week is the value as of' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-10-20 >r.md &&
	test_grep "^| Deals | .* | 0 | 20 | 100 | 0\.2 | — | ▁▂▂ |" r.md &&
	test_grep "^    line \[0\.00, 0\.20, 0\.20\]$" r.md &&
	# later check-ins are then seen week by week, by the same rule
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-05 >r.md &&
	test_grep "^| Deals | .* | 0 | 60 | 100 | 0\.6 | — | ▁▂▂▂▅▅ |" r.md
EOT

test_expect_success 'a month starts as of the day before it: 20, not 40' - <<\EOT
	okr -C "$REPO" report 2026-11 --as-of 2026-11-05 >r.md &&
	test_grep "^| Deals | .* | 20 | 60 | 100 | 0\.6 | " r.md
EOT

test_done
