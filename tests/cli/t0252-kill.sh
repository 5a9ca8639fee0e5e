#!/bin/bash
test_description='okr update killed (SIGKILL) anywhere in a commit: nothing reported is lost, the next okr recovers'
. "$(dirname "$0")/lib.sh"

# OKR_TEST_PAUSE_AT makes a debug build of okr sleep 100 ms at one point of
# a commit, so that a kill lands in windows too short to hit by chance:
# after the work-tree write, between writing okr-index and renaming it to
# index.lock, and after the branch moved but before the index is in place.
KILLS=${OKR_TEST_KILLS:-300}

setup() {
	make_repo repo && cd repo &&
	make_objective 2026-Q4/t/x.yaml &&
	git add . && git commit -q -m setup
}

# One okr update of value $1, paused at $2, killed after $3 seconds; its
# output goes to out.$1 (a killed okr prints nothing: output is buffered).
kill_one() {
	OKR_TEST_PAUSE_AT=$2 "$OKR" update x#kr "$1" --date 2026-11-20 >"../out.$1" 2>"../err.$1" &
	pid=$!
	sleep "$3"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	echo "$1 $?" >>../runs
}

test_expect_success "$KILLS kills at random and paused points: no lost check-in, fsck clean" - <<\EOT
	setup &&
	points="written staged moved none" &&
	i=0 && killed=0 &&
	while test $i -lt $KILLS; do
		i=$((i + 1)) &&
		set -- $points && shift $((i % 4)) &&
		point=$1 &&
		delay=0.0$((RANDOM % 10))$((RANDOM % 10)) &&
		kill_one $((i + 5)) "$point" "$delay" || exit 1
	done &&
	awk '$2 == 137 { k++ } END { print k+0, "killed of", NR }' ../runs &&
	awk -v n=$KILLS '$2 == 137 { k++ } END { exit !(k >= (n < 300 ? n / 2 : 200)) }' ../runs &&
	awk '$2 == 0 { ok++ } END { exit !(ok >= 1) }' ../runs &&
	# every run that printed its commit is in the history
	for f in ../out.*; do
		test -s "$f" || continue
		id=$(sed -n 's/^\[master \([0-9a-f]*\)\] .*/\1/p' "$f") &&
		test -n "$id" &&
		git merge-base --is-ancestor "$id" HEAD || { echo "lost: $f" >&2; exit 1; }
	done &&
	# one more okr recovers whatever the last kill left, and commits
	okr update x#kr 3 --date 2026-11-20 &&
	git fsck --strict 2>../fsck.err >/dev/null &&
	! grep -v '^dangling' ../fsck.err &&
	git status --porcelain >../status &&
	test_must_be_empty ../status &&
	ls -a .git >../gitdir &&
	! grep -E '^(okr-journal|okr-index|okr-old|index.lock|HEAD.lock|okr-.*\.ino)' ../gitdir &&
	ls -a 2026-Q4/t >../dir &&
	! grep -v -E '^(\.|\.\.|x\.yaml)$' ../dir &&
	grep -q 'current: 3' 2026-Q4/t/x.yaml &&
	test "$(git log -1 --format=%s)" = "okr: 2026-Q4/t/x#kr $(git show HEAD^:2026-Q4/t/x.yaml | sed -n 's/^ *current: //p') -> 3"
EOT

test_done
