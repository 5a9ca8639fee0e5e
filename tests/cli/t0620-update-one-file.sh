#!/bin/bash
test_description='okr update reads the file it checks in on and its parent, and still refuses what okr check would'
. "$(dirname "$0")/lib.sh"

# A period of a company objective, a team objective aligned to it and
# other files a check-in on the team objective has no business reading.
setup() {
	make_repo repo && cd repo &&
	make_objective 2026-Q4/company/top.yaml company &&
	make_objective 2026-Q4/web/a.yaml team company/top &&
	for i in 1 2 3 4 5 6; do
		make_objective 2026-Q4/other/o-$i.yaml team company/top || return 1
	done &&
	git add . && git commit -q -m setup
}

# okr must refuse with exit 2, one "okr: error:" line, and change nothing.
refused() {
	state_save 2026-Q4/web/a.yaml &&
	test_expect_code 2 okr "$@" >../out 2>../err &&
	test_must_be_empty ../out &&
	test_line_count = 1 ../err &&
	test_grep '^okr: error: ' ../err &&
	state_same 2026-Q4/web/a.yaml &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
}

if command -v strace >/dev/null 2>&1; then
test_expect_success 'a check-in opens okr.yaml, its file and its parent, no other objective' - <<\EOT
	setup &&
	# LeakSanitizer cannot run under ptrace; the other tests check leaks
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -f -e trace=openat,open -o ../trace \
		"$OKR" update 2026-Q4/web/a#kr 6 --date 2026-11-20 >../out &&
	test_grep 'web/a#kr 5 -> 6' ../out &&
	grep -o '[^"/]*\.yaml"' ../trace | sort -u >../opened &&
	printf '%s\n' 'a.yaml"' 'okr.yaml"' 'top.yaml"' >../opened.expect &&
	test_cmp ../opened.expect ../opened &&
	test_grep '^    current: 6$' 2026-Q4/web/a.yaml
EOT
else
	test_skip 'a check-in opens okr.yaml, its file and its parent, no other objective' \
		'strace is missing'
fi

test_expect_success 'a unique suffix and a reference without period still resolve' - <<\EOT
	setup &&
	okr update a#kr 7 --date 2026-11-20 >../out &&
	test_grep '^\[.*\] okr: 2026-Q4/web/a#kr 5 -> 7$' ../out &&
	okr update web/a#kr 8 --date 2026-11-20 &&
	test_grep '^    current: 8$' 2026-Q4/web/a.yaml
EOT

test_expect_success 'a file that does not load is no candidate for a suffix, as before' - <<\EOT
	setup &&
	mkdir -p 2026-Q4/x &&
	printf 'objective: [broken\n' >2026-Q4/x/a.yaml &&
	git add . && git commit -q -m broken &&
	okr update a#kr 9 --date 2026-11-20 &&
	test_grep '^    current: 9$' 2026-Q4/web/a.yaml
EOT

test_expect_success 'an ambiguous suffix lists every candidate of the period' - <<\EOT
	setup &&
	make_objective 2026-Q4/x/a.yaml team company/top &&
	git add . && git commit -q -m second-a &&
	refused update a#kr 9 --date 2026-11-20 &&
	test_grep "'a#kr' is ambiguous in 2026-Q4; candidates: 2026-Q4/web/a, 2026-Q4/x/a" ../err
EOT

test_expect_success 'a check-in whose file names a missing parent is refused' - <<\EOT
	setup &&
	sed -i 's|^parent: company/top$|parent: company/gone|' 2026-Q4/web/a.yaml &&
	git commit -q -a -m "parent renamed away" &&
	refused update web/a#kr 6 --date 2026-11-20 &&
	test_grep "would leave '2026-Q4/web/a.yaml' invalid (4:9: parent 'company/gone' is not an objective in 2026-Q4); nothing was changed" ../err &&
	refused update web/a#kr --target 12 --date 2026-11-20
EOT

test_expect_success 'a check-in whose parent is not at a higher level is refused' - <<\EOT
	setup &&
	make_objective 2026-Q4/web/me.yaml individual web/a &&
	sed -i 's|^parent: company/top$|parent: web/me|' 2026-Q4/web/a.yaml &&
	git add . && git commit -q -m "aligned downwards" &&
	refused update web/a#kr 6 --date 2026-11-20 &&
	test_grep "parent 'web/me' is an individual objective; a team objective aligns to a higher level" ../err
EOT

test_expect_success 'a parent whose file does not load is missing' - <<\EOT
	setup &&
	printf 'objective: [broken\n' >2026-Q4/company/top.yaml &&
	git commit -q -a -m "parent broken" &&
	refused update web/a#kr 6 --date 2026-11-20 &&
	test_grep "parent 'company/top' is not an objective in 2026-Q4" ../err
EOT

test_expect_success 'a parent in a linked folder is read as the walk reads it' - <<\EOT
	setup &&
	mkdir -p shared &&
	git mv 2026-Q4/company shared/company &&
	ln -s ../shared/company 2026-Q4/company &&
	git add . && git commit -q -m "company objectives shared" &&
	okr update web/a#kr 6 --date 2026-11-20 &&
	test_grep '^    current: 6$' 2026-Q4/web/a.yaml
EOT

test_expect_success 'a git add while okr checks in is kept: the index is read again' - <<\EOT
	setup &&
	echo note >notes.txt || exit 1
	# okr read the index before writing the file; git writes a new one
	# while okr pauses there, before okr takes index.lock
	OKR_TEST_PAUSE_AT=written "$OKR" update web/a#kr 6 --date 2026-11-20 >../out &
	pid=$!
	sleep 0.02 &&
	tries=0 &&
	until git add notes.txt 2>../add.err; do
		tries=$((tries + 1)) && test $tries -lt 300 || { cat ../add.err >&2; exit 1; }
		sleep 0.01
	done &&
	wait $pid &&
	test_grep 'web/a#kr 5 -> 6' ../out &&
	git show --name-only --format= HEAD >../committed &&
	echo 2026-Q4/web/a.yaml >../committed.expect &&
	test_cmp ../committed.expect ../committed &&
	git diff --cached --name-only >../staged &&
	echo notes.txt >../staged.expect &&
	test_cmp ../staged.expect ../staged &&
	git status --porcelain >../status &&
	echo "A  notes.txt" >../status.expect &&
	test_cmp ../status.expect ../status &&
	! test -e .git/okr-index
EOT

test_expect_success 'a refused check-in leaves no okr-index behind' - <<\EOT
	setup &&
	echo "# mine" >>2026-Q4/web/a.yaml &&
	test_expect_code 2 okr update web/a#kr 6 --date 2026-11-20 2>../err &&
	test_grep 'uncommitted changes' ../err &&
	! test -e .git/okr-index
EOT

test_done
