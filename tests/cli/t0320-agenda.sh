#!/bin/bash
test_description='okr agenda: the next weekly meeting, time-boxed'
. "$(dirname "$0")/lib.sh"

# The meeting is on Wednesdays at 13:15 for 45 minutes. History:
#
#   2026-09-28  initial commit: revenue 0 (of 100), latency 800 (to 400)
#   2026-11-10  Carl  grow#revenue  0 -> 5
#   2026-11-19  Pia   fast#latency  800 -> 500
#   2026-11-20  Hank  revenue 5 -> 10 by hand, no trailers
#
# As of Tuesday 2026-11-24 the next meeting is Wednesday 2026-11-25; what
# changed since the last one: the check-ins of 11-18 to 11-24 (2).
# Pace: 54 of 91 days = 0.593; grow (0.1) is below 0.4 * 0.593 = 0.24:
# off track; fast (0.75) is on track. revenue says updated 11-10, but
# Hank's hand edit of 11-20 changed it: its last check-in is the later of
# the two (SPEC section 4), so nobody is stale.
REPO=$TEST_TMP/repo

write_files() {	# revenue, latency, latency's updated (or "")
	mkdir -p 2026-Q4/company 2026-Q4/platform &&
	cat >2026-Q4/company/grow.yaml <<-EOF &&
	objective: Grow | fast <i>now</i>
	level: company
	owner: Carl CEO <carl@example.com>
	key_results:
	  - id: revenue
	    title: Revenue
	    start: 0
	    target: 100
	    current: $1
	    updated: 2026-11-10
	EOF
	{
		printf 'objective: Fast platform\nlevel: team\n'
		printf 'owner: Pia Plat <pia@example.com>\nparent: company/grow\n'
		printf 'key_results:\n  - id: latency\n    title: Latency\n'
		printf '    start: 800\n    target: 400\n    current: %s\n' "$2"
		test -z "$3" || printf '    updated: %s\n' "$3"
	} >2026-Q4/platform/fast.yaml
}

commit() {	# DAY NAME EMAIL SUBJECT [REF VALUE]
	local msg=$4
	test -z "$5" ||
	msg=$(printf '%s\n\nweekly check-in\n\nOkr-Ref: %s\nOkr-Value: %s\n' "$4" "$5" "$6")
	git add -A &&
	GIT_AUTHOR_NAME=$2 GIT_AUTHOR_EMAIL=$3 GIT_COMMITTER_NAME=$2 GIT_COMMITTER_EMAIL=$3 \
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" \
		git commit -q -m "$msg"
}

test_expect_success 'set up a repository with a Wednesday meeting' - <<\EOT
	make_repo "$REPO" &&
	cd "$REPO" &&
	cat >>okr.yaml <<-\EOF &&
	cadence:
	  meeting:
	    day: wednesday
	    time: "13:15"
	    length: 45m
	EOF
	write_files 0 800 "" &&
	commit 2026-09-28 "Carl CEO" carl@example.com "OKRs" &&
	write_files 5 800 "" &&
	commit 2026-11-10 "Carl CEO" carl@example.com "okr: 2026-Q4/company/grow#revenue 0 -> 5" \
		2026-Q4/company/grow#revenue 5 &&
	write_files 5 500 2026-11-19 &&
	commit 2026-11-19 "Pia Plat" pia@example.com "okr: 2026-Q4/platform/fast#latency 800 -> 500" \
		2026-Q4/platform/fast#latency 500 &&
	write_files 10 500 2026-11-19 &&
	commit 2026-11-20 "Hank Hand" hank@example.com "fix numbers" &&
	okr check --as-of 2026-11-24 >/dev/null
EOT

agenda() {
	okr -C "$REPO" agenda "$@"
}

test_expect_success 'the next meeting: date, time and length from the cadence' - <<\EOT
	agenda --as-of 2026-11-24 >out &&
	test "$(head -n 1 out)" = "# OKR meeting 2026-11-25 13:15 (45 min)" &&
	agenda --as-of 2026-11-25 >same-day &&
	test "$(head -n 1 same-day)" = "# OKR meeting 2026-11-25 13:15 (45 min)" &&
	agenda --as-of 2026-11-26 >next &&
	test "$(head -n 1 next)" = "# OKR meeting 2026-12-02 13:15 (45 min)"
EOT

# Two sections have something (changed, off track; stale and overdue
# none): 10 % each for welcome and wrap-up, 80 % as 3:3 -> exact shares
# 4.5, 18, 18, 0, 0, 4.5 = 45; floors 4, 18, 18, 0, 0, 4 = 44 and the
# minute left goes to the largest remainder (.5), earliest first.
test_expect_success 'sections are time-boxed and add up to the meeting' - <<\EOT
	agenda --as-of 2026-11-24 >out &&
	cat >expect <<-\EOF &&
	## 1. Welcome and round of owners (5 min, 13:15)
	## 2. What changed since the last meeting (18 min, 13:20)
	## 3. At risk and off track (18 min, 13:38)
	## 4. Who has not checked in (0 min, 13:56)
	## 5. Overdue milestones (0 min, 13:56)
	## 6. Decisions and next steps (4 min, 13:56)
	EOF
	grep "^## " out >actual &&
	test_cmp expect actual &&
	sum=$(sed -n "s/^## .*(\([0-9]*\) min, .*/\1/p" out | awk "{ s += \$1 } END { print s }") &&
	test "$sum" = 45
EOT

test_expect_success 'what changed, off track, stale: the right rows, escaped' - <<\EOT
	agenda --as-of 2026-11-24 >out &&
	test_grep "^| 2026-11-19 | Pia Plat | 2026-Q4/platform/fast#latency | 500 | — | weekly check-in |$" out &&
	test_grep "^| 2026-11-20 | Hank Hand | 2026-Q4/company/grow#revenue | " out &&
	test "$(grep -c "^| 2026-11-" out)" = 2 &&
	test_grep "^| Grow \\\\| fast &lt;i&gt;now&lt;/i&gt; (company/grow) | Carl CEO | 0.1 | off track |$" out &&
	test_grep "^Everyone checked in within 7 days.$" out &&
	! grep -q "Fast platform" out &&
	! grep -q "<i>" out
EOT

test_expect_success 'deterministic, and a 7-minute meeting still adds up' - <<\EOT
	agenda --as-of 2026-11-24 >one &&
	agenda --as-of 2026-11-24 >two &&
	cmp one two &&
	git clone -q "$REPO" short &&
	sed -i "s/length: 45m/length: 7m/" short/okr.yaml &&
	GIT_AUTHOR_DATE=2026-11-21T08:00:00Z GIT_COMMITTER_DATE=2026-11-21T08:00:00Z \
		git -C short commit -qam "shorter meetings" &&
	okr -C short agenda --as-of 2026-11-24 >out &&
	test "$(head -n 1 out)" = "# OKR meeting 2026-11-25 13:15 (7 min)" &&
	sum=$(sed -n "s/^## .*(\([0-9]*\) min, .*/\1/p" out | awk "{ s += \$1 } END { print s }") &&
	test "$sum" = 7
EOT

test_expect_success 'bad arguments: exit 2' - <<\EOT
	test_expect_code 2 agenda --as-of tomorrow &&
	test_expect_code 2 agenda extra &&
	test_expect_code 2 agenda --rev nope &&
	okr agenda -h | sed -n 1p >out &&
	echo "usage: okr agenda [--as-of <date>] [--rev <rev>]" >expect &&
	test_cmp expect out
EOT

test_done
