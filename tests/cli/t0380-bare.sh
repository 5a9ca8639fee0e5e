#!/bin/bash
test_description='a bare repository: report, log and agenda read it, check --rev checks a commit, a pre-receive hook refuses a broken push'
. "$(dirname "$0")/lib.sh"

# A work tree with two commits (the second a check-in with okr's
# trailers), and a bare clone of it in bare.git.
make_history() {
	make_repo work &&
	make_objective work/2026-Q4/team/alpha.yaml &&
	git -C work add -A &&
	GIT_AUTHOR_DATE=2026-11-01T10:00:00Z GIT_COMMITTER_DATE=2026-11-01T10:00:00Z \
		git -C work commit -q -m init &&
	sed -i "s/current: 5/current: 7/" work/2026-Q4/team/alpha.yaml &&
	git -C work add -A &&
	GIT_AUTHOR_DATE=2026-11-10T10:00:00Z GIT_COMMITTER_DATE=2026-11-10T10:00:00Z \
		git -C work commit -q -F - <<-\EOF &&
	okr: 2026-Q4/team/alpha#kr 5 -> 7

	Okr-Ref: 2026-Q4/team/alpha#kr
	Okr-Value: 7
	EOF
	git clone -q --bare work bare.git
}

test_expect_success 'report, log and agenda give in a bare repository what they give in its work tree' '
	make_history &&
	for cmd in "report 2026-Q4 --as-of 2026-11-20" "report 2026-Q4 --as-of 2026-11-20 --format json" \
		   "agenda --as-of 2026-11-20" "log alpha#kr" "log alpha"; do
		okr -C work $cmd >expect &&
		okr -C bare.git $cmd >actual &&
		test_cmp expect actual &&
		test -s actual || return 1
	done &&
	okr -C bare.git log alpha#kr >log &&
	test_grep "^2026-11-10  A U Thor  7  -  okr: 2026-Q4/team/alpha#kr 5 -> 7" log
'

test_expect_success 'in a bare repository report reads HEAD and takes --rev' '
	make_history &&
	okr -C bare.git report 2026-Q4 --as-of 2026-11-20 --rev HEAD~1 >old &&
	okr -C work report 2026-Q4 --as-of 2026-11-20 --rev HEAD~1 >expect &&
	test_cmp expect old &&
	okr -C bare.git report 2026-Q4 --as-of 2026-11-20 >new &&
	! cmp -s old new
'

test_expect_success 'the commands that need a work tree say so in a bare repository' '
	make_history &&
	for cmd in "status" "list" "update alpha#kr 8" "check"; do
		test_expect_code 2 okr -C bare.git $cmd >out 2>err &&
		test_must_be_empty out &&
		test_grep "is a bare git repository: .okr ${cmd%% *}. needs" err || return 1
	done &&
	test_grep "needs --rev <rev>" err &&
	git -C bare.git rev-parse HEAD >after &&
	git -C work rev-parse HEAD >before &&
	test_cmp before after
'

test_expect_success 'outside any repository the message is still okr.yaml not found' '
	mkdir nothing &&
	test_expect_code 2 env GIT_CEILING_DIRECTORIES=$PWD "$OKR" -C nothing report 2>err &&
	test_grep "okr.yaml not found" err
'

test_expect_success 'check --rev in a bare repository: a commit with an error fails, naming the file' '
	make_history &&
	okr -C bare.git check --rev HEAD --as-of 2026-11-12 >out &&
	test_must_be_empty out &&
	printf "colour: red\n" >>work/2026-Q4/team/alpha.yaml &&
	git -C work commit -q -am broken &&
	git -C work push -q ../bare.git HEAD:refs/heads/broken &&
	test_expect_code 1 okr -C bare.git check --rev broken --as-of 2026-11-12 >out &&
	test_grep "^2026-Q4/team/alpha.yaml:11:1: error: unknown key .colour." out &&
	test_expect_code 1 okr -C bare.git check --rev broken --format github --as-of 2026-11-12 >gh &&
	test_grep "^::error file=2026-Q4/team/alpha.yaml,line=11,col=1,.*::unknown key .colour." gh
'

test_expect_success 'check --rev in a work tree checks the commit, not the files on disk' '
	make_history &&
	printf "colour: red\n" >>work/2026-Q4/team/alpha.yaml &&
	test_expect_code 1 okr -C work check --as-of 2026-11-12 >out &&
	test_grep "unknown key" out &&
	okr -C work check --rev HEAD --as-of 2026-11-12 >out &&
	test_must_be_empty out &&
	git -C work commit -q -am broken &&
	rm work/2026-Q4/team/alpha.yaml &&
	test_expect_code 1 okr -C work check --rev HEAD --as-of 2026-11-12 >out &&
	test_grep "^2026-Q4/team/alpha.yaml:11:1: error: unknown key" out &&
	(cd work/2026-Q4 && test_expect_code 1 okr check --rev HEAD --as-of 2026-11-12 team/alpha.yaml >../../sub) &&
	test_grep "^team/alpha.yaml:11:1: error: unknown key" sub &&
	okr -C work check --rev HEAD~1 --as-of 2026-11-12 >out &&
	test_must_be_empty out
'

test_expect_success 'check --rev: an unknown revision or pathspec is exit 2' '
	make_history &&
	test_expect_code 2 okr -C bare.git check --rev no-such-branch 2>err &&
	test_grep "cannot read revision .no-such-branch." err &&
	test_expect_code 2 okr -C bare.git check --rev HEAD 2026-Q9 2>err &&
	test_grep "pathspec .2026-Q9. did not match any file in .HEAD." err
'

# A server: bare.git carries examples/ci/pre-receive; work pushes to it.
test_expect_success 'the pre-receive hook lets a good push through and refuses a broken one' '
	make_history &&
	cp "$OKR_SOURCE_ROOT/examples/ci/pre-receive" bare.git/hooks/pre-receive &&
	chmod +x bare.git/hooks/pre-receive &&
	git -C work remote add server ../bare.git &&
	sed -i "s/current: 7/current: 8/" work/2026-Q4/team/alpha.yaml &&
	git -C work commit -q -am "good check-in" &&
	OKR=$OKR git -C work push server HEAD:master 2>push.err &&
	git -C work rev-parse HEAD >expect &&
	git -C bare.git rev-parse master >actual &&
	test_cmp expect actual &&
	sed -i "s/target: 10/target: 5/; s/start: 0/start: 5/" work/2026-Q4/team/alpha.yaml &&
	git -C work commit -q -am "broken: start equals target" &&
	test_must_fail env OKR=$OKR git -C work push server HEAD:master 2>push.err &&
	test_grep "remote: 2026-Q4/team/alpha.yaml:.*error: .target. equals .start." push.err &&
	test_grep "remote: okr: push to .master. refused" push.err &&
	test_grep "pre-receive hook declined" push.err &&
	git -C bare.git rev-parse master >actual &&
	test_cmp expect actual &&
	test_must_fail git -C bare.git cat-file -e $(git -C work rev-parse HEAD)
'

test_expect_success 'the hook checks every branch of a push and lets deletions through' '
	make_history &&
	cp "$OKR_SOURCE_ROOT/examples/ci/pre-receive" bare.git/hooks/pre-receive &&
	git -C work remote add server ../bare.git &&
	OKR=$OKR git -C work push -q server HEAD:refs/heads/side 2>err &&
	git -C work checkout -q -b bad &&
	printf "colour: red\n" >>work/2026-Q4/team/alpha.yaml &&
	git -C work commit -q -am broken &&
	test_must_fail env OKR=$OKR git -C work push server master:refs/heads/ok bad:refs/heads/bad 2>err &&
	test_grep "push to .bad. refused" err &&
	test_must_fail git -C bare.git rev-parse -q --verify refs/heads/ok &&
	OKR=$OKR git -C work push -q server :refs/heads/side &&
	test_must_fail git -C bare.git rev-parse -q --verify refs/heads/side
'

test_done
