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

# ---- links out of the repository ----

test_expect_success 'okr new through a linked folder pointing outside: refused, nothing written' - <<\EOT
	setup &&
	mkdir ../outdir &&
	ln -s "$(cd ../outdir && pwd)" 2026-Q4/evil2 &&
	git rev-parse HEAD >../head.before &&
	test_expect_code 2 okr new 2026-Q4/evil2/y --objective X --owner "Test Team" --kr "K: 0 -> 1" 2>../err &&
	cat ../err &&
	test_grep "okr: error: '2026-Q4/evil2/y.yaml' leads through a link to '.*/outdir', outside the repository" ../err &&
	test_expect_code 2 okr new 2026-Q4/evil2/deeper/y --objective X --owner "Test Team" --kr "K: 0 -> 1" 2>../err &&
	ls -A ../outdir >../outdir.list &&
	test_must_be_empty ../outdir.list &&
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after
EOT

test_expect_success 'okr new makes the folders it needs' - <<\EOT
	setup &&
	okr new 2026-Q4/fresh/sub/y --objective X --owner "Test Team" --kr "K: 0 -> 1" &&
	git cat-file -e HEAD:2026-Q4/fresh/sub/y.yaml
EOT

test_expect_success 'an objective file that is a link: refused, the target untouched' - <<\EOT
	setup &&
	cp 2026-Q4/t/x.yaml ../target.yaml &&
	cp ../target.yaml ../target.before &&
	git rm -q 2026-Q4/t/x.yaml && git commit -q -m rm &&
	mkdir -p 2026-Q4/t &&
	ln -s "$(cd .. && pwd)/target.yaml" 2026-Q4/t/x.yaml &&
	git add 2026-Q4/t/x.yaml && git commit -q -m link &&
	test_must_fail okr update x#kr 7 --date 2026-11-20 2>../err &&
	cat ../err &&
	cmp ../target.before ../target.yaml
EOT

test_expect_success 'an okr.yaml linked outside is refused before it is read' - <<\EOT
	setup &&
	printf 'organisation: Outside\nsecret_key_name: 1\n' >../outside.yaml &&
	rm okr.yaml && ln -s "$(cd .. && pwd)/outside.yaml" okr.yaml &&
	test_expect_code 1 okr check >../out 2>&1 &&
	cat ../out &&
	test_grep 'okr.yaml:1:1: error: symbolic link points outside the repository' ../out &&
	! grep secret_key_name ../out &&
	okr list >../out 2>&1;
	okr status >>../out 2>&1;
	okr update x#kr 7 --date 2026-11-20 >>../out 2>&1;
	! grep -i 'secret_key_name\|outside.yaml' ../out
EOT

test_done
