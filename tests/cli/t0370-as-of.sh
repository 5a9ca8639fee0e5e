#!/bin/bash
test_description='dates mean the same everywhere: as-of by check-in date, staleness from history'
. "$(dirname "$0")/lib.sh"

# A repository where commit order and dates disagree (SPEC section 8):
#
#   commit order   author date  what
#   1              2026-09-28   the OKRs: sales#deals 0 (of 100), sales#calls
#                               0 (of 50, no `updated`), ops#uptime 90 (to 99)
#   2              2026-10-12   Bob checks in deals 40 (okr update)
#   3              2026-10-09   Alice's check-in deals 20, replayed by okr sync
#                               on top of Bob's
#   4              2026-11-20   a hand edit: calls 5 -> 30, no trailers
#   5              2026-11-10   a late hand edit, committed after 4 but
#                               authored earlier: uptime 90 -> 95
#
# As of 10-10 deals is Alice's 20 (Bob's 40 is dated after, wherever it
# sits); from 10-12 on it is still Alice's 20: her replay is the last change
# in first-parent order dated on or before the day, as HEAD has it.
REPO=$TEST_TMP/repo

write() {	# deals deals-updated calls uptime
	mkdir -p 2026-Q4 &&
	cat >2026-Q4/sales.yaml <<-EOF &&
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
	  - id: calls
	    title: Calls
	    start: 0
	    target: 50
	    current: $3
	EOF
	cat >2026-Q4/ops.yaml <<-EOF
	objective: Stay up
	level: company
	owner: ops
	key_results:
	  - id: uptime
	    title: Uptime
	    start: 90
	    target: 99
	    current: $4
	EOF
}

commit() {	# AUTHOR-DAY COMMIT-DAY SUBJECT [REF VALUE]
	local msg=$3
	test -z "$4" ||
	msg=$(printf '%s\n\nOkr-Ref: %s\nOkr-Value: %s\n' "$3" "$4" "$5")
	git add -A &&
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$2T12:00:00Z" \
		git commit -q -m "$msg"
}

test_expect_success 'set up: a replayed sync and a late hand edit' - <<\EOT
	make_repo "$REPO" &&
	cd "$REPO" &&
	cat >>okr.yaml <<-\EOF &&
	teams:
	  sales:
	    name: Sales
	    lead: Sara Lead <sara@example.com>
	    members: [Bob Seller <bob@example.com>]
	  ops:
	    name: Ops
	    lead: Olav Ops <olav@example.com>
	EOF
	write 0 2026-09-28 5 90 &&
	commit 2026-09-28 2026-09-28 "OKRs" &&
	write 40 2026-10-12 5 90 &&
	commit 2026-10-12 2026-10-12 "okr: 2026-Q4/sales#deals 0 -> 40" 2026-Q4/sales#deals 40 &&
	write 20 2026-10-09 5 90 &&
	commit 2026-10-09 2026-10-13 "okr: 2026-Q4/sales#deals 40 -> 20" 2026-Q4/sales#deals 20 &&
	write 20 2026-10-09 30 90 &&
	commit 2026-11-20 2026-11-20 "more calls" &&
	write 20 2026-10-09 30 95 &&
	commit 2026-11-10 2026-11-21 "uptime" &&
	okr log 2026-Q4/sales#deals >log &&
	test_grep "^2026-10-09 .* 20 " log &&
	test_grep "^2026-10-12 .* 40 " log
EOT

# value of deals in each view as of a day
views() {	# DAY
	okr -C "$REPO" report 2026-Q4 --as-of "$1" --format json >r.json &&
	python3 -c "import json,sys
for o in json.load(open(sys.argv[1]))['objectives']:
    for k in o['key_results']:
        v = k['current']
        print('report-json', k['ref'], int(v) if v == int(v) else v)" r.json &&
	okr -C "$REPO" report 2026-Q4 --as-of "$1" |
		sed -n 's/^| \(Deals\|Calls\|Uptime\) | [^|]* | [^|]* | \([^ |]*\) .*/report-md \1 \2/p' &&
	okr -C "$REPO" list --as-of "$1" | cut -f1,7 | tr "\t" " " | sed 's/^/list /' &&
	okr -C "$REPO" list --as-of "$1" --format json |
		python3 -c "import json,sys
for r in json.load(sys.stdin): print('list-json', r['ref'], r['current'])"
}

test_expect_success 'as of 10-10: Alice 20, not Bob 40 dated after, in every view' - <<\EOT
	views 2026-10-10 >actual &&
	cat >expect <<-\EOF &&
	report-json 2026-Q4/ops#uptime 90
	report-json 2026-Q4/sales#deals 20
	report-json 2026-Q4/sales#calls 5
	report-md Uptime 90
	report-md Deals 20
	report-md Calls 5
	list 2026-Q4/ops#uptime 90
	list 2026-Q4/sales#calls 5
	list 2026-Q4/sales#deals 20
	list-json 2026-Q4/ops#uptime 90
	list-json 2026-Q4/sales#calls 5
	list-json 2026-Q4/sales#deals 20
	EOF
	test_cmp expect actual
EOT

test_expect_success 'as of 10-12: the replay on top wins over Bob 40; as of 11-15: the late hand edit of 11-10 counts' - <<\EOT
	views 2026-10-12 >actual &&
	test "$(grep -ci "deals 20$" actual)" = 4 &&
	! grep -qi "deals 40$" actual &&
	views 2026-11-15 >actual &&
	test "$(grep -ci "uptime 95$" actual)" = 4 &&
	test "$(grep -ci "calls 5$" actual)" = 4 &&
	views 2026-11-25 >actual &&
	test "$(grep -ci "calls 30$" actual)" = 4 &&
	test "$(grep -ci "deals 20$" actual)" = 4 &&
	grep -q "current: 20" "$REPO/2026-Q4/sales.yaml"
EOT

test_expect_success 'status --as-of reads history by the same rule' - <<\EOT
	okr -C "$REPO" status --as-of 2026-10-10 --owner nobody@example.com >out &&
	# sales: deals 20/100 and calls 5/50 -> (0.2 + 0.1) / 2 = 0.15 -> 0.2
	test_grep "^  0\.2  .*sales  *Sell more" out &&
	okr -C "$REPO" status --as-of 2026-11-25 --owner nobody@example.com >out &&
	# deals 20 (the replay on top), calls 30 -> (0.2 + 0.6) / 2 = 0.4
	test_grep "^  0\.4  .*sales  *Sell more" out
EOT

test_expect_success 'a report is the same bytes across runs and clones' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-10-10 >one &&
	git clone -q "$REPO" clone &&
	okr -C clone report 2026-Q4 --as-of 2026-10-10 >two &&
	cmp one two
EOT

# calls has no `updated`; the hand edit of 11-20 is its last check-in.
test_expect_success 'staleness from history: report, agenda, status, check agree' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-22 >out &&
	test_grep "^| Calls | Sales (Sara Lead) | 5 | 30 | 50 | 0\.6 | — | .* | 2026-11-20 |$" out &&
	! grep -q "Calls (2026-Q4/sales#calls) | none since" out &&
	okr -C "$REPO" agenda --as-of 2026-11-22 >agenda &&
	! grep -q "sales#calls) | none since" agenda &&
	okr -C "$REPO" status --as-of 2026-11-22 --owner nobody@example.com >status &&
	! grep -q "sales#calls" status &&
	okr -C "$REPO" check --as-of 2026-11-22 >check &&
	! grep -q "'calls' is stale" check &&
	# and it goes stale a week after the hand edit
	okr -C "$REPO" check --as-of 2026-11-28 >check &&
	test_grep "key result 'calls' is stale: last check-in 2026-11-20, 8 days ago" check &&
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-28 >out &&
	test_grep "^| Sales (Sara Lead) | Calls (2026-Q4/sales#calls) | 2026-11-20 | 8 |$" out &&
	# the team's name and its lead in agenda and status too
	okr -C "$REPO" agenda --as-of 2026-11-28 >agenda &&
	test_grep "^| Sales (Sara Lead) | Calls (2026-Q4/sales#calls) | 2026-11-20 | 8 |$" agenda &&
	okr -C "$REPO" status --as-of 2026-11-28 --owner nobody@example.com >status &&
	test_grep "^  stale    sales#calls  *Sales (Sara Lead)  *last check-in 2026-11-20, 8 days ago$" status
EOT

test_expect_success 'check-in discipline counts the same way' - <<\EOT
	# as of 11-16: deals stale (10-12), uptime fresh by history (11-10),
	# calls stale (no check-in yet); as of 11-22 calls fresh (11-20) and
	# uptime stale (12 days)
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-16 >out &&
	test_grep "^- Check-in discipline: 33 % (1 of 3 key results checked in within 7 days)$" out &&
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-22 >out &&
	test_grep "^- Check-in discipline: 33 % (1 of 3 key results checked in within 7 days)$" out &&
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-22 --format json >out.json &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
s=sorted(x['ref'] for x in d['stale'])
assert s == ['2026-Q4/ops#uptime', '2026-Q4/sales#deals'], s" out.json
EOT

test_expect_success 'check: updated later than today or outside its period' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4 2026-Q3 &&
	make_objective 2026-Q4/a.yaml &&
	sed -i "s/updated: 2026-11-20/updated: 2099-01-05/" 2026-Q4/a.yaml &&
	make_objective 2026-Q3/b.yaml &&
	printf '    updated: 2026-11-02\n' >>2026-Q3/b.yaml &&
	okr check >out &&
	test_grep "^2026-Q4/a.yaml:10:14: warning: key result 'kr' was updated 2099-01-05, later than today" out &&
	test_grep "^2026-Q3/b.yaml:10:14: warning: key result 'kr' was updated 2026-11-02, outside 2026-Q3 (2026-07-01 to 2026-09-30)$" out &&
	test_expect_code 1 okr check --strict >/dev/null
EOT

test_expect_success 'GitLab fingerprints: the same stale result is the same finding every day' - <<\EOT
	okr -C "$REPO" check --as-of 2026-10-20 --format gitlab >d1.json &&
	okr -C "$REPO" check --as-of 2026-10-21 --format gitlab >d2.json &&
	python3 - d1.json d2.json <<-\PY
	import json, sys
	a, b = (json.load(open(p)) for p in sys.argv[1:])
	fa = {i["description"].split(":")[0]: i["fingerprint"] for i in a}
	fb = {i["description"].split(":")[0]: i["fingerprint"] for i in b}
	stale = [k for k in fa if "stale" in k]
	assert stale, a
	for k in stale:
	    assert fa[k] == fb[k], (k, fa[k], fb[k])
	# the messages differ (the day count), the fingerprints do not
	assert [i["description"] for i in a] != [i["description"] for i in b]
	assert len(set(fa.values())) == len(fa)
	PY
EOT

test_expect_success 'report --team and --owner: narrowed, every figure recomputed' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-30 >all.md &&
	test_grep "^- Check-ins: 4 by 1 contributor" all.md &&
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-30 --team sales >out.md &&
	test_grep "^Team: Sales (Sara Lead) and what is aligned below it\\\\$" out.md &&
	test_grep "^- Overall score: \*\*0.4\*\* (mean of 1 objective)$" out.md &&
	test_grep "^- Check-ins: 3 by 1 contributor" out.md &&
	! grep -q "Stay up\|Uptime" out.md &&
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-30 --team sales --format json >out.json &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
assert d['filter'] == {'team': 'sales', 'owner': None}, d['filter']
assert [o['id'] for o in d['objectives']] == ['sales'], d['objectives']
assert d['summary']['checkins'] == 3 and d['summary']['key_results'] == 2, d['summary']
assert sum(d['weekly']['checkins']) == 3, d['weekly']" out.json &&
	# Bob is a member of sales: its objectives are his
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-30 --owner bob@example.com >bob.md &&
	test_grep "^Owner: bob@example.com and their teams\\\\$" bob.md &&
	test_grep "^- Overall score: \*\*0.4\*\* (mean of 1 objective)$" bob.md &&
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-30 --owner olav@example.com >olav.md &&
	test_grep "^### Stay up$" olav.md && ! grep -q "Sell more" olav.md
EOT

test_expect_success 'an unknown team or owner is an error with a did-you-mean' - <<\EOT
	test_expect_code 2 okr -C "$REPO" report --team sale 2>err &&
	test_grep "unknown team 'sale'; did you mean 'sales'?" err &&
	test_expect_code 2 okr -C "$REPO" report --owner bob@exmaple.com 2>err &&
	test_grep "unknown owner 'bob@exmaple.com'; did you mean 'Bob Seller <bob@example.com>'?" err
EOT

test_expect_success 'agenda on a period without objectives: nothing yet, exit 0' - <<\EOT
	okr -C "$REPO" agenda --as-of 2027-01-04 >out &&
	test_grep "^No objectives in 2027-Q1 yet, so nothing to review" out &&
	! grep -qi "on track\|everyone checked in" out
EOT

test_expect_success 'a report as of a day before its period has no check-ins yet' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-09-15 >out.md &&
	test_grep "^As of: 2026-09-15\\\\$" out.md &&
	test_grep "^- Check-ins: none yet (the window begins on 2026-10-01)$" out.md &&
	! grep -q "to 2026-09-15" out.md
EOT

test_done
