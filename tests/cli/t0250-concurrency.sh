#!/bin/bash
test_description='okr update: concurrent writers lose nothing and corrupt nothing'
. "$(dirname "$0")/lib.sh"

N=50

# An objective with two metric key results, a and b, both at 0.
two_krs() {
	mkdir -p "$(dirname "$1")" &&
	printf '%s\n' \
		'objective: Run in parallel' \
		'level: company' \
		'owner: Test Team' \
		'key_results:' \
		'  - id: a' \
		'    title: First' \
		'    start: 0' \
		'    target: 100' \
		'    current: 0' \
		'  - id: b' \
		'    title: Second' \
		'    start: 0' \
		'    target: 100' \
		'    current: 0' >"$1"
}

setup() {
	make_repo repo && cd repo &&
	two_krs 2026-Q4/t/one.yaml &&
	two_krs 2026-Q4/t/two.yaml &&
	git add . && git commit -q -m setup
}

# $1: reference, $2: log file; N check-ins 1..N, "<value> <exit>" per line.
writer() {
	local i rc
	for i in $(seq 1 $N); do
		"$OKR" update "$1" "$i" --date 2026-11-20 >/dev/null 2>>"$2.err"
		rc=$?
		echo "$i $rc" >>"$2"
	done
}

# Every check-in reported as committed is in the history, in order.
all_recorded() {
	# $1: full reference, $2: writer log
	awk '$2 == 0 { print $1 }' "$2" >"$2.ok" &&
	git log --reverse --format="%(trailers:key=Okr-Ref,valueonly,separator=)%x09%(trailers:key=Okr-Value,valueonly,separator=)" |
		awk -F '\t' -v ref="$1" '$1 == ref { print $2 }' >"$2.committed" &&
	test_cmp "$2.ok" "$2.committed"
}

# $1: file, $2: key result id: prints its current value.
current_of() {
	awk -v id="$2" '$0 ~ "- id: " id "$" { on = 1; next }
		/- id: / { on = 0 }
		on && $1 == "current:" { print $2 }' "$1"
}

check_end_state() {
	git fsck --strict &&
	git status --porcelain >../status &&
	test_must_be_empty ../status &&
	okr check --as-of 2026-11-20 >../check &&
	! grep error ../check
}

test_expect_success "two writers, $N check-ins each, two key results of one file" - <<\EOT
	setup &&
	start=$SECONDS &&
	{ writer 2026-Q4/t/one#a ../a.log & writer 2026-Q4/t/one#b ../b.log & wait; } &&
	echo "took $((SECONDS - start)) s" &&
	test_line_count = $N ../a.log &&
	test_line_count = $N ../b.log &&
	all_recorded 2026-Q4/t/one#a ../a.log &&
	all_recorded 2026-Q4/t/one#b ../b.log &&
	! grep -v ' 0$' ../a.log ../b.log &&
	test "$(current_of 2026-Q4/t/one.yaml a)" = $N &&
	test "$(current_of 2026-Q4/t/one.yaml b)" = $N &&
	git rev-list --count HEAD >../count &&
	echo $((2 * N + 1)) >../count.expect &&
	test_cmp ../count.expect ../count &&
	check_end_state
EOT

test_expect_success "two writers, $N check-ins each, two files" - <<\EOT
	setup &&
	{ writer one#a ../a.log & writer two#b ../b.log & wait; } &&
	all_recorded 2026-Q4/t/one#a ../a.log &&
	all_recorded 2026-Q4/t/two#b ../b.log &&
	! grep -v ' 0$' ../a.log ../b.log &&
	test "$(current_of 2026-Q4/t/one.yaml a)" = $N &&
	test "$(current_of 2026-Q4/t/two.yaml b)" = $N &&
	test "$(current_of 2026-Q4/t/one.yaml b)" = 0 &&
	test "$(current_of 2026-Q4/t/two.yaml a)" = 0 &&
	git rev-list --count HEAD >../count &&
	echo $((2 * N + 1)) >../count.expect &&
	test_cmp ../count.expect ../count &&
	check_end_state
EOT

test_expect_success 'okr check-ins while git commits other files' - <<\EOT
	setup &&
	gitwriter() {
		local i rc
		for i in $(seq 1 20); do
			echo "$i" >>notes.txt &&
			git add notes.txt 2>/dev/null &&
			git commit -q -m "notes $i" 2>/dev/null
			rc=$?
			echo "$i $rc" >>../g.log
		done
	} &&
	{ writer one#a ../a.log & gitwriter & wait; } &&
	all_recorded 2026-Q4/t/one#a ../a.log &&
	awk '$2 == 0 { print "notes " $1 }' ../g.log >../g.ok &&
	# (git add gives up at once on a locked index: all may have failed)
	git log --reverse --format=%s | { grep '^notes ' || true; } >../g.committed &&
	test_cmp ../g.ok ../g.committed &&
	! grep -v ' 0$' ../a.log &&
	test "$(current_of 2026-Q4/t/one.yaml a)" = $N &&
	git show HEAD:2026-Q4/t/one.yaml >../head.yaml &&
	test "$(current_of ../head.yaml a)" = $N &&
	git fsck --strict &&
	git status --porcelain -- 2026-Q4 >../status &&
	test_must_be_empty ../status
EOT

test_expect_success 'a git index.lock that goes away: okr waits and commits' - <<\EOT
	setup &&
	touch .git/index.lock &&
	{ (sleep 1 && rm -f .git/index.lock) & } &&
	okr update one#a 7 --date 2026-11-20 &&
	wait &&
	test "$(current_of 2026-Q4/t/one.yaml a)" = 7 &&
	git log -1 --format="%(trailers:key=Okr-Value,valueonly)" >../v &&
	printf '7\n\n' >../v.expect &&
	test_cmp ../v.expect ../v &&
	check_end_state
EOT

test_expect_success 'another okr holding the lock: okr waits and commits' - <<\EOT
	setup &&
	{ flock .git/okr.lock sleep 1 & } &&
	sleep 0.2 &&
	okr update one#a 8 --date 2026-11-20 &&
	wait &&
	test "$(current_of 2026-Q4/t/one.yaml a)" = 8 &&
	check_end_state
EOT

test_expect_success 'an index.lock that stays: exit 2 within ~10 s, nothing changed' - <<\EOT
	setup &&
	head=$(git rev-parse HEAD) &&
	cp 2026-Q4/t/one.yaml ../one.before &&
	touch .git/index.lock &&
	start=$SECONDS &&
	test_expect_code 2 okr update one#a 9 --date 2026-11-20 2>../err &&
	took=$((SECONDS - start)) &&
	echo "gave up after $took s" &&
	test $took -ge 5 && test $took -le 20 &&
	test_grep '^okr: error: ' ../err &&
	rm .git/index.lock &&
	cmp ../one.before 2026-Q4/t/one.yaml &&
	test "$(git rev-parse HEAD)" = "$head" &&
	check_end_state
EOT

test_done
