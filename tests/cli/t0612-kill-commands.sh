#!/bin/bash
test_description='okr new, close, carry and mv killed (SIGKILL) anywhere in their commit: the whole commit or nothing, no torn file, fsck clean, the index consistent'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

# As t0252-kill.sh for okr update, with the same test-only pause
# (OKR_TEST_PAUSE_AT: a debug build sleeps 100 ms after the work-tree
# write, between okr-index and index.lock, and after the branch moved),
# for the commands that write several files, make folders and delete
# files. KILLS per command; CI runs the default.
KILLS=${OKR_TEST_KILLS:-32}

# okr once more, taking the lock (which finishes or undoes a killed
# commit) and then refusing an unknown reference: it changes nothing else.
recover() {
	test_expect_code 2 okr update 2026-Q3/no-such#kr 1 --no-commit >/dev/null 2>../recover.err ||
	{ cat ../recover.err >&2; return 1; }
}

# The repository after a kill and recover: HEAD is the setup commit, or one
# commit on it that is exactly the command's (its subject and files as an
# uninterrupted run made them); the work tree and the index are HEAD's
# (nothing torn, nothing left over), git fsck is clean, and a commit the
# killed okr reported is HEAD.
whole_or_nothing() {
	git rev-parse HEAD >../head &&
	if ! cmp -s ../h0 ../head
	then
		git rev-parse HEAD^ >../parent &&
		test_cmp ../h0 ../parent &&
		git log -1 --format=%s >../subject &&
		test_cmp ../subject.expect ../subject &&
		git diff --name-status HEAD^ HEAD >../files &&
		test_cmp ../files.expect ../files &&
		echo committed >>../outcomes
	else
		echo nothing >>../outcomes
	fi &&
	git status --porcelain --untracked-files=all --ignored >../status &&
	test_must_be_empty ../status &&
	git diff --cached --quiet HEAD &&
	git fsck --strict 2>../fsck.err >/dev/null &&
	! grep -v '^dangling' ../fsck.err &&
	# git's locks and okr's journal are gone; okr's own temporary files
	# (okr-index, okr-old-*, okr-journal.new) may stay until the next
	# commit clears them
	ls -a .git >../gitdir &&
	! grep -E '^(okr-journal|index\.lock|HEAD\.lock)$' ../gitdir &&
	id=$(sed -n 's/^\[master \([0-9a-f]*\)\] .*/\1/p' ../kill.out) &&
	{ test -z "$id" || test "$(git rev-parse --short=7 HEAD)" = "$id"; }
}

# kill_loop <okr arguments>: the command run once whole (the expected
# commit), then KILLS times killed at a paused point or at random.
kill_loop() {
	git rev-parse HEAD >../h0 &&
	# one run first, undone: the timed run below finds okr's commit cache
	# as the killed runs will (a first run also writes it, and a span
	# measured on that was long enough that most runs ended unkilled)
	okr "$@" >/dev/null &&
	git reset -q --hard "$(cat ../h0)" && git clean -qfd &&
	t0=$(date +%s%N) &&
	okr "$@" >/dev/null &&
	# kills spread over the time a whole run takes here (and the pause),
	# on a fast build as under a sanitizer
	span=$((($(date +%s%N) - t0) / 1000000 + 50)) &&
	git log -1 --format=%s >../subject.expect &&
	git diff --name-status HEAD^ HEAD >../files.expect &&
	cat ../files.expect &&
	git reset -q --hard "$(cat ../h0)" && git clean -qfd &&
	set -- written staged moved none "$@" &&
	i=0 &&
	while test $i -lt $KILLS
	do
		i=$((i + 1))
		point=${@:$((i % 4 + 1)):1}
		OKR_TEST_PAUSE_AT=$point "$OKR" "${@:5}" >../kill.out 2>../kill.err &
		pid=$!
		ms=$((RANDOM % span)) &&
		sleep $((ms / 1000)).$(printf %03d $((ms % 1000))) &&
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		echo "$point $?" >>../runs &&
		recover &&
		whole_or_nothing || { echo "kill $i at $point: $(cat ../kill.err)" >&2; return 1; }
		git reset -q --hard "$(cat ../h0)" && git clean -qfd || return 1
	done &&
	sort ../outcomes | uniq -c &&
	awk '$2 == 137 { k++ } END { print k+0, "killed of", NR }' ../runs &&
	# most runs were killed (on a loaded machine fewer: a quarter will
	# do), and both ends were reached: some kills landed before, some
	# after the branch moved
	awk -v n=$KILLS '$2 == 137 { k++ } END { exit !(k >= n / 4) }' ../runs &&
	grep -q nothing ../outcomes && grep -q committed ../outcomes &&
	# the next commit clears whatever okr's temporary files are left (its
	# commit is not the one the last loop run reported: no kill.out)
	: >../kill.out &&
	okr "${@:5}" >/dev/null &&
	whole_or_nothing &&
	ls -a .git >../gitdir &&
	! grep -E '^(okr-journal|okr-index|okr-old|index.lock|HEAD.lock|okr-.*\.(ino|new))' ../gitdir
}

test_expect_success "okr new: $KILLS kills" - <<\EOT
	make_quarter &&
	kill_loop new 2026-Q3/t/fresh --objective New --owner "Test Team" --kr "K: 0 -> 1" --date 2026-09-21
EOT

test_expect_success "okr close: $KILLS kills" - <<\EOT
	make_quarter &&
	kill_loop close 2026-Q3 --date 2026-10-02
EOT

test_expect_success "okr carry: $KILLS kills" - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	kill_loop carry 2026-Q3/ship --to 2026-Q4
EOT

test_expect_success "okr mv: $KILLS kills" - <<\EOT
	make_quarter &&
	kill_loop mv 2026-Q3/ship company/launch
EOT

test_done
