#!/bin/bash
test_description='okr and leftover lock files: its own are recovered, git'"'"'s are respected and named'
. "$(dirname "$0")/lib.sh"

setup() {
	make_repo repo && cd repo &&
	make_objective 2026-Q4/t/x.yaml &&
	git add . && git commit -q -m setup
}



test_expect_success 'an okr-index.lock left by a killed okr does not block updates' - <<\EOT
	setup &&
	: >.git/okr-index.lock &&
	okr update x#kr 6 --date 2026-11-20 &&
	okr update x#kr 7 --date 2026-11-20 &&
	git log --format=%s -2 >../log &&
	test_line_count = 2 ../log &&
	! test -e .git/okr-index.lock &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

test_expect_success 'while another okr runs, its okr-index.lock is left alone' - <<\EOT
	setup &&
	{ flock .git/okr.lock sleep 2 & } &&
	sleep 0.2 &&
	: >.git/okr-index.lock &&
	{ okr update x#kr 6 --date 2026-11-20 >../out 2>&1 & } &&
	sleep 1 &&
	test -e .git/okr-index.lock &&
	wait &&
	cat ../out &&
	git log -1 --format=%s >../log &&
	test_grep '5 -> 6' ../log &&
	! test -e .git/okr-index.lock
EOT

test_expect_success 'a leftover okr-index never leaks into the index' - <<\EOT
	setup &&
	echo stray >stray.txt &&
	git add stray.txt &&
	cp .git/index .git/okr-index &&
	git rm -q --cached stray.txt &&
	git status --porcelain >../status.before &&
	okr update x#kr 6 --date 2026-11-20 &&
	git status --porcelain >../status.after &&
	test_cmp ../status.before ../status.after &&
	git ls-files >../files &&
	! grep stray ../files
EOT

test_expect_success 'a stale HEAD.lock stops okr as it stops git, and is named' - <<\EOT
	setup &&
	state_save 2026-Q4/t/x.yaml &&
	: >.git/HEAD.lock &&
	! git commit -q --allow-empty -m x 2>/dev/null &&
	start=$SECONDS &&
	test_expect_code 2 okr update x#kr 6 --date 2026-11-20 2>../err &&
	cat ../err &&
	test $((SECONDS - start)) -le 20 &&
	test_grep "okr: error: '$PWD/.git/HEAD.lock' exists: another git process seems to be running in this repository; if not, remove the file and try again" ../err &&
	state_same 2026-Q4/t/x.yaml &&
	rm .git/HEAD.lock &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

test_expect_success 'a stale branch lock: a complete message naming it' - <<\EOT
	setup &&
	state_save 2026-Q4/t/x.yaml &&
	: >.git/refs/heads/master.lock &&
	test_expect_code 2 okr update x#kr 6 --date 2026-11-20 2>../err &&
	cat ../err &&
	test_grep "okr: error: '$PWD/.git/refs/heads/master.lock' exists: .*remove the file and try again" ../err &&
	state_same 2026-Q4/t/x.yaml &&
	rm .git/refs/heads/master.lock
EOT

test_expect_success 'on a detached HEAD a stale HEAD.lock is named too' - <<\EOT
	setup &&
	git checkout -q --detach &&
	state_save 2026-Q4/t/x.yaml &&
	: >.git/HEAD.lock &&
	test_expect_code 2 okr update x#kr 6 --date 2026-11-20 2>../err &&
	test_grep "'$PWD/.git/HEAD.lock' exists" ../err &&
	state_same 2026-Q4/t/x.yaml
EOT

test_done
