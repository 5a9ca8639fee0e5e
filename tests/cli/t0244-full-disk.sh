#!/bin/bash
test_description='a full disk: okr reports only commits that exist, and changes nothing otherwise'
. "$(dirname "$0")/lib.sh"

# Each test clones a small repository onto its own tmpfs (as root), fills
# it up to a given number of free bytes and runs okr there. Free space goes
# in steps of one page (tmpfs counts pages): every step from none to 48 KiB
# hits another write of the commit (the journal, the work-tree file, the blob, the
# index, the trees, the commit, the ref, the reflog) or none.

if test "$(id -u)" != 0; then
	test_skip_all "mounting a small tmpfs needs root"
fi
mkdir -p "$TEST_TMP/probe" &&
	mount -t tmpfs -o size=64k tmpfs "$TEST_TMP/probe" 2>/dev/null &&
	umount "$TEST_TMP/probe" ||
	test_skip_all "cannot mount a tmpfs here (no CAP_SYS_ADMIN?)"

setup_src() {
	make_repo src && (
		cd src &&
		make_objective 2026-Q4/t/x.yaml &&
		printf 'notes\n' >notes.txt &&
		git add . && git commit -q -m setup
	)
}

# $1: free bytes. Mounts ./mnt (300 KiB), clones src to mnt/r, fills the
# rest; the caller unmounts with `umount mnt`.
full_clone() {
	mkdir -p mnt && mount -t tmpfs -o size=300k tmpfs mnt &&
	git clone -q src mnt/r &&
	avail=$(df -B1 --output=avail mnt | tail -1) &&
	if test "$avail" -gt "$1"; then
		dd if=/dev/zero of=mnt/fill bs=4096 count=$(( (avail - $1) / 4096 )) 2>/dev/null
	fi
	test "$(df -B1 --output=avail mnt | tail -1)" -le $(( $1 + 4096 ))
}

# Before the command: HEAD, the index, the file and git status.
snapshot() {
	git -C mnt/r rev-parse HEAD >head.before &&
	git -C mnt/r ls-files --stage >index.before &&
	cp mnt/r/2026-Q4/t/x.yaml file.before &&
	ls -a mnt/r/.git mnt/r/2026-Q4/t | grep -v "^okr.lock$" >ls.before
}

# After a failure (exit 2): all as it was; after success: the commit is
# there, HEAD names it, the work tree and index agree with it. Space is
# freed first, so that git itself can run.
judge() {
	rc=$1
	rm -f mnt/fill &&
	git -C mnt/r fsck --strict 2>fsck.err >/dev/null &&
	! grep -v '^dangling' fsck.err &&
	git -C mnt/r status --porcelain >status &&
	test_must_be_empty status &&
	if test $rc = 2; then
		git -C mnt/r rev-parse HEAD >head.after &&
		test_cmp head.before head.after &&
		git -C mnt/r ls-files --stage >index.after &&
		test_cmp index.before index.after &&
		cmp file.before mnt/r/2026-Q4/t/x.yaml &&
		ls -a mnt/r/.git mnt/r/2026-Q4/t | grep -v "^okr.lock$" >ls.after &&
		test_cmp ls.before ls.after &&
		test_grep 'nothing was changed' err
	elif test $rc = 0; then
		id=$(sed -n 's/^\[master \([0-9a-f]*\)\] .*/\1/p' out) &&
		test -n "$id" &&
		test "$(git -C mnt/r cat-file -t "$id")" = commit &&
		test "$(git -C mnt/r rev-parse --short=7 HEAD)" = "$id" &&
		git -C mnt/r show HEAD:2026-Q4/t/x.yaml >committed &&
		cmp committed mnt/r/2026-Q4/t/x.yaml &&
		grep -q 'current: 7' committed
	else
		echo "exit $rc: neither done nor refused" >&2 && false
	fi
}

test_expect_success 'okr update with 0 to 48 KiB free: a commit that exists, or nothing changed' - <<\EOF2
	setup_src &&
	failed=0 succeeded=0 &&
	for free in 0 4096 8192 12288 16384 20480 24576 28672 32768 36864 40960 45056 49152; do
		echo "== $free bytes free" &&
		full_clone $free && snapshot &&
		{ (cd mnt/r && okr update x#kr 7 --date 2026-11-20 >../../out 2>../../err); rc=$?; } &&
		cat out err &&
		judge $rc
		ok=$?
		umount mnt
		test $ok = 0 || exit 1
		if test $rc = 0; then succeeded=$((succeeded + 1)); else failed=$((failed + 1)); fi
	done &&
	echo "$failed refused, $succeeded committed" &&
	test $failed -ge 3 && test $succeeded -ge 1
EOF2

test_expect_success 'about 4 KiB free: the old file comes back without new space' - <<\EOF2
	setup_src &&
	full_clone 4096 && snapshot &&
	{ (cd mnt/r && okr update x#kr 7 --date 2026-11-20 >../../out 2>../../err); rc=$?; } &&
	cat err &&
	judge $rc; ok=$?
	umount mnt
	test $ok = 0 && test $rc = 2 && ! grep 'could not' err
EOF2

test_expect_success 'about 20 KiB free: exit 2 and nothing changed, or a real commit' - <<\EOF2
	setup_src &&
	full_clone 20480 && snapshot &&
	{ (cd mnt/r && okr update x#kr 7 --date 2026-11-20 >../../out 2>../../err); rc=$?; } &&
	cat out err &&
	judge $rc; ok=$?
	umount mnt
	test $ok = 0
EOF2

test_expect_success 'okr new on a full disk: no file left behind' - <<\EOF2
	setup_src &&
	for free in 0 4096 8192 12288 16384 20480; do
		full_clone $free &&
		git -C mnt/r rev-parse HEAD >head.before &&
		{ (cd mnt/r && okr new 2026-Q4/t/y --objective "New" --owner "Test Team" --kr "K: 0 -> 1" >../../out 2>../../err); rc=$?; } &&
		rm -f mnt/fill &&
		if test $rc = 2; then
			test_grep 'nothing was changed' err &&
			! test -e mnt/r/2026-Q4/t/y.yaml &&
			git -C mnt/r rev-parse HEAD >head.after &&
			test_cmp head.before head.after
		else
			test $rc = 0 && git -C mnt/r cat-file -e HEAD:2026-Q4/t/y.yaml
		fi &&
		git -C mnt/r status --porcelain >status &&
		test_must_be_empty status
		ok=$?
		umount mnt
		test $ok = 0 || exit 1
	done
EOF2

test_done
