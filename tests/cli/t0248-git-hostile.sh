#!/bin/bash
test_description='okr in a hostile environment: output that cannot be written, a repository of another user, links out of the repository'
. "$(dirname "$0")/lib.sh"

setup() {
	make_repo repo && cd repo &&
	make_objective 2026-Q4/t/x.yaml &&
	git add . && git commit -q -m setup
}

# ---- output that cannot be written ----

if ! test -w /dev/full; then
	test_skip 'output to /dev/full' 'no /dev/full here'
else
test_expect_success 'a check-in whose output fails: exit 2, and stderr says it was committed' - <<\EOT
	setup &&
	before=$(git rev-parse HEAD) &&
	test_expect_code 2 okr update x#kr 7 --date 2026-11-20 >/dev/full 2>../err &&
	cat ../err &&
	test "$(git rev-parse HEAD^)" = "$before" &&
	id=$(git rev-parse --short=7 HEAD) &&
	test_grep "^okr: error: cannot write the output: No space left on device; but the commit $id was made (do not run the command again)$" ../err &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

test_expect_success '--help, --version and -h to a full device: exit 2 with a message' - <<\EOT
	for args in --help --version "update -h" help; do
		test_expect_code 2 okr $args >/dev/full 2>../err &&
		test_grep '^okr: error: cannot write the output: No space left on device$' ../err ||
		return 1
	done
EOT
fi

# ---- a repository owned by someone else ----

if test "$(id -u)" != 0; then
	test_skip 'dubious ownership' 'chown to another user needs root'
else
test_expect_success 'a repository of another user: git'"'"'s words and hint, nothing changed' - <<\EOT
	setup &&
	cd .. &&
	chown -R 12345:12345 repo &&
	cd repo &&
	! git status 2>../git.err &&
	test_grep 'dubious ownership' ../git.err &&
	cp 2026-Q4/t/x.yaml ../file.before &&
	test_expect_code 2 okr update x#kr 7 --date 2026-11-20 2>../err &&
	cat ../err &&
	test_grep "^okr: error: detected dubious ownership in repository at '$PWD'$" ../err &&
	test_grep "^hint:	git config --global --add safe.directory $PWD$" ../err &&
	cmp ../file.before 2026-Q4/t/x.yaml &&
	test_expect_code 2 okr log x#kr 2>../err &&
	test_grep 'dubious ownership' ../err &&
	git config --global --add safe.directory "$PWD" &&
	okr update x#kr 7 --date 2026-11-20 &&
	git log -1 --format=%s >../subject &&
	test_grep '5 -> 7' ../subject
EOT
fi

test_done
