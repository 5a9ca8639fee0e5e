#!/bin/bash
test_description='okr and git: the index, identities, unborn, detached, merge, rebase'
. "$(dirname "$0")/lib.sh"

# Every test works in ./repo; snapshots and expected files live next to it.
FIX=$TEST_FIXTURES/update/instant-platform.yaml
F=2026-Q4/platform/instant-platform.yaml
REF=2026-Q4/platform/instant-platform
O=2026-Q4/web/other.yaml

setup() {
	make_repo repo && cd repo &&
	mkdir -p 2026-Q4/platform &&
	cp "$FIX" "$F" &&
	make_objective $O &&
	printf 'line 1\nline 2\n' >notes.txt &&
	echo "readme" >README &&
	git add . && git commit -q -m setup
}

checkin() {
	okr update $REF#p95-latency 420 --date 2026-11-20 "$@"
}

snapshot() {
	git rev-parse HEAD >../head.before &&
	cp "$F" ../file.before &&
	git status --porcelain >../status.before &&
	git ls-files --stage >../index.before
}

# Nothing moved since snapshot: HEAD, the file, git status, the index.
unchanged() {
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	cmp "$F" ../file.before &&
	git status --porcelain >../status.after &&
	test_cmp ../status.before ../status.after &&
	git ls-files --stage >../index.after &&
	test_cmp ../index.before ../index.after
}

commit_holds() {
	git show --name-only --format= HEAD >../names.out &&
	echo "$1" >../names.expect &&
	test_cmp ../names.expect ../names.out
}

# ---- the index and the work tree ----

test_expect_success 'other staged changes stay staged and out of the commit' - <<\EOT
	setup &&
	echo "more" >>README &&
	echo "new" >new.txt &&
	sed -i 's/Test objective/Staged objective/' $O &&
	git add README new.txt $O &&
	git diff --cached --name-only >../cached.before &&
	git diff --cached >../cdiff.before &&
	checkin &&
	git diff --cached --name-only >../cached.after &&
	test_cmp ../cached.before ../cached.after &&
	git diff --cached >../cdiff.after &&
	test_cmp ../cdiff.before ../cdiff.after &&
	commit_holds $F &&
	git show HEAD:README >../readme.head &&
	echo readme >../readme.expect &&
	test_cmp ../readme.expect ../readme.head &&
	! git cat-file -e HEAD:new.txt 2>/dev/null &&
	git fsck --strict &&
	git status --porcelain -- $F >../status &&
	test_must_be_empty ../status
EOT

test_expect_success 'other unstaged and untracked changes stay untouched' - <<\EOT
	setup &&
	printf 'line 1\r\nchanged\n' >notes.txt &&
	sed -i 's/Test objective/Work in progress/' $O &&
	echo "untracked" >scratch.txt &&
	cp notes.txt ../notes.before && cp $O ../other.before &&
	git diff >../diff.before &&
	git status --porcelain >../status.before &&
	checkin &&
	cmp ../notes.before notes.txt &&
	cmp ../other.before $O &&
	echo untracked >../scratch.expect &&
	test_cmp ../scratch.expect scratch.txt &&
	git diff >../diff.after &&
	test_cmp ../diff.before ../diff.after &&
	git status --porcelain >../status.after &&
	test_cmp ../status.before ../status.after &&
	commit_holds $F &&
	git diff --cached --name-only >../cached &&
	test_must_be_empty ../cached &&
	git fsck --strict
EOT

test_expect_success 'a target with unstaged changes is refused' - <<\EOT
	setup &&
	echo "# my notes" >>$F &&
	snapshot &&
	test_expect_code 2 checkin 2>../err &&
	test_grep "^okr: error: .*$F" ../err &&
	unchanged &&
	test_expect_code 2 checkin --no-commit 2>/dev/null &&
	unchanged
EOT

test_expect_success 'an untracked target is refused, not committed on the side' - <<\EOT
	setup &&
	mkdir -p 2026-Q4/new &&
	cp "$FIX" 2026-Q4/new/fresh.yaml &&
	git rev-parse HEAD >../head.before &&
	cp 2026-Q4/new/fresh.yaml ../fresh.before &&
	test_expect_code 2 okr update 2026-Q4/new/fresh#p95-latency 420 \
		--date 2026-11-20 2>../err &&
	test_grep "is not committed yet" ../err &&
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	cmp 2026-Q4/new/fresh.yaml ../fresh.before &&
	git status --porcelain 2026-Q4/new >../st &&
	echo "?? 2026-Q4/new/" >../st.expect &&
	test_cmp ../st.expect ../st
EOT

test_expect_success 'a target with staged changes is refused' - <<\EOT
	setup &&
	sed -i 's/current: 450/current: 440/' $F &&
	git add $F &&
	snapshot &&
	test_expect_code 2 checkin 2>../err &&
	test_grep "^okr: error: .*$F" ../err &&
	unchanged
EOT

test_expect_success 'a target staged and then restored in the work tree is refused' - <<\EOT
	setup &&
	sed -i 's/current: 450/current: 440/' $F &&
	git add $F &&
	git show HEAD:$F >$F &&
	snapshot &&
	test_expect_code 2 checkin 2>/dev/null &&
	unchanged
EOT

test_expect_success 'a target with only a mode change staged is refused' - <<\EOT
	setup &&
	git update-index --chmod=+x $F &&
	snapshot &&
	test_expect_code 2 checkin 2>/dev/null &&
	unchanged
EOT

test_expect_success 'okr new keeps other staged changes out of its commit' - <<\EOT
	setup &&
	echo "more" >>README &&
	git add README &&
	echo "unstaged" >>notes.txt &&
	cp notes.txt ../notes.before &&
	okr new 2026-Q4/platform/second --objective "Second" --owner "Platform Team" \
		--kr "Ship it" &&
	commit_holds 2026-Q4/platform/second.yaml &&
	git diff --cached --name-only >../cached &&
	echo README >../cached.expect &&
	test_cmp ../cached.expect ../cached &&
	cmp ../notes.before notes.txt &&
	git status --porcelain -- 2026-Q4 >../status &&
	test_must_be_empty ../status &&
	git fsck --strict
EOT

# ---- identity ----

test_expect_success 'identity and dates from GIT_AUTHOR_* and GIT_COMMITTER_*' - <<\EOT
	setup &&
	GIT_AUTHOR_NAME="Ann Author" GIT_AUTHOR_EMAIL=ann@example.com \
	GIT_AUTHOR_DATE=2026-11-20T10:00:00+01:00 \
	GIT_COMMITTER_NAME="Con Committer" GIT_COMMITTER_EMAIL=con@example.com \
	GIT_COMMITTER_DATE="@1795172400 +0200" \
		checkin &&
	git log -1 --format="%an <%ae> %ad %cn <%ce> %cd" --date=raw >../who &&
	echo "Ann Author <ann@example.com> 1795165200 +0100 Con Committer <con@example.com> 1795172400 +0200" >../who.expect &&
	test_cmp ../who.expect ../who
EOT

test_expect_success 'GIT_*_DATE in other ISO 8601 forms' - <<\EOT
	setup &&
	GIT_AUTHOR_DATE="2026-11-20 12:30:00 +0000" \
	GIT_COMMITTER_DATE=2026-11-20T09:00:00Z \
		checkin &&
	git log -1 --format="%ad %cd" --date=raw >../when &&
	echo "1795177800 +0000 1795165200 +0000" >../when.expect &&
	test_cmp ../when.expect ../when
EOT

test_expect_success 'identity from user.name and user.email' - <<\EOT
	setup &&
	git config user.name "Conny Fig" &&
	git config user.email conny@example.com &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL EMAIL &&
		checkin
	) &&
	git log -1 --format="%an <%ae> %cn <%ce>" >../who &&
	echo "Conny Fig <conny@example.com> Conny Fig <conny@example.com>" >../who.expect &&
	test_cmp ../who.expect ../who
EOT

test_expect_success 'identity from the global git configuration' - <<\EOT
	setup &&
	mkdir ../home &&
	printf '[user]\n\tname = Glo Bal\n\temail = global@example.com\n' >../home/.gitconfig &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL EMAIL &&
		HOME=$PWD/../home XDG_CONFIG_HOME=$PWD/../home/.config checkin
	) &&
	git log -1 --format="%an <%ae> %cn <%ce>" >../who &&
	echo "Glo Bal <global@example.com> Glo Bal <global@example.com>" >../who.expect &&
	test_cmp ../who.expect ../who
EOT

# No identity anywhere: an empty HOME, no system config, no variables.
no_identity() {
	mkdir -p "$TRASH_DIRECTORY/empty" &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
			GIT_COMMITTER_EMAIL EMAIL &&
		export HOME="$TRASH_DIRECTORY/empty" \
			XDG_CONFIG_HOME="$TRASH_DIRECTORY/empty" GIT_CONFIG_NOSYSTEM=1 &&
		"$@"
	)
}

test_expect_success 'update without any identity: a clear error, nothing written' - <<\EOT
	setup &&
	snapshot &&
	test_expect_code 2 no_identity okr update $REF#p95-latency 420 \
		--date 2026-11-20 2>../err &&
	test_line_count = 1 ../err &&
	test_grep '^okr: error: ' ../err &&
	grep -i -e identity -e user.name -e user.email ../err &&
	unchanged
EOT

test_expect_success 'new without any identity: nothing written' - <<\EOT
	setup &&
	snapshot &&
	test_expect_code 2 no_identity okr new 2026-Q4/platform/second \
		--objective Second --owner "Platform Team" --kr "Ship it" 2>../err &&
	grep -i -e identity -e user.name -e user.email ../err &&
	! test -e 2026-Q4/platform/second.yaml &&
	unchanged
EOT

test_expect_success 'init without any identity in a git repository: nothing written' - <<\EOT
	git init -q repo && cd repo &&
	test_expect_code 2 no_identity okr init --organisation "Test AS" 2>../err &&
	grep -i -e identity -e user.name -e user.email ../err &&
	! test -e okr.yaml &&
	test_must_fail git rev-parse -q --verify HEAD
EOT

test_expect_success 'init without any identity in an empty folder: nothing created' - <<\EOT
	mkdir repo && cd repo &&
	test_expect_code 2 no_identity okr init --organisation "Test AS" 2>../err &&
	grep -i -e identity -e user.name -e user.email ../err &&
	ls -A >../ls &&
	test_must_be_empty ../ls
EOT

# ---- unborn, detached, merge, rebase ----

test_expect_success 'unborn branch with okr files added but not committed: refused' - <<\EOT
	make_repo repo && cd repo &&
	mkdir -p 2026-Q4/platform &&
	cp "$FIX" "$F" &&
	git add . &&
	branch=$(git symbolic-ref HEAD) &&
	git ls-files --stage >../index.before &&
	test_expect_code 2 okr update $REF#p95-latency 420 --date 2026-11-20 2>../err &&
	test_grep "^okr: error: .*$F" ../err &&
	cmp "$FIX" "$F" &&
	test_must_fail git rev-parse -q --verify HEAD &&
	test "$(git symbolic-ref HEAD)" = "$branch" &&
	git ls-files --stage >../index.after &&
	test_cmp ../index.before ../index.after
EOT

test_expect_success 'detached HEAD: the commit moves HEAD, no branch moves' - <<\EOT
	setup &&
	echo more >>README && git commit -q -a -m second &&
	git checkout -q --detach HEAD~1 &&
	git for-each-ref --format="%(refname) %(objectname)" refs/heads >../refs.before &&
	old=$(git rev-parse HEAD) &&
	checkin &&
	test "$(git rev-parse HEAD~1)" = "$old" &&
	test_must_fail git symbolic-ref -q HEAD &&
	git for-each-ref --format="%(refname) %(objectname)" refs/heads >../refs.after &&
	test_cmp ../refs.before ../refs.after &&
	commit_holds $F &&
	git reflog -1 --format=%H HEAD >../reflog &&
	git rev-parse HEAD >../head &&
	test_cmp ../head ../reflog &&
	git fsck --strict &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

test_expect_success 'on a branch the branch moves and the reflog says so' - <<\EOT
	setup &&
	branch=$(git symbolic-ref HEAD) &&
	checkin &&
	test "$(git symbolic-ref HEAD)" = "$branch" &&
	git rev-parse HEAD >../head &&
	git rev-parse $branch >../branch &&
	test_cmp ../head ../branch &&
	git reflog -1 --format=%H $branch >../reflog &&
	test_cmp ../head ../reflog
EOT

# notes.txt changed on two branches: a real conflict.
make_conflict_branches() {
	main=$(git symbolic-ref --short HEAD) &&
	git checkout -q -b side &&
	printf 'line 1\nside\n' >notes.txt && git commit -q -a -m side &&
	git checkout -q "$main" &&
	printf 'line 1\nmain\n' >notes.txt && git commit -q -a -m main
}

test_expect_success 'a merge in progress: update and new refuse, nothing changes' - <<\EOT
	setup &&
	make_conflict_branches &&
	test_must_fail git merge side >/dev/null &&
	test -f .git/MERGE_HEAD &&
	cp notes.txt ../notes.before &&
	snapshot &&
	test_expect_code 2 checkin 2>../err &&
	test_grep '^okr: error: ' ../err &&
	grep -i merge ../err &&
	unchanged &&
	test_expect_code 2 okr new 2026-Q4/platform/second --objective Second \
		--owner "Platform Team" --kr "Ship it" 2>/dev/null &&
	! test -e 2026-Q4/platform/second.yaml &&
	unchanged &&
	test -f .git/MERGE_HEAD &&
	cmp ../notes.before notes.txt &&
	git diff --name-only --diff-filter=U >../conflicts &&
	echo notes.txt >../conflicts.expect &&
	test_cmp ../conflicts.expect ../conflicts
EOT

test_expect_success 'a rebase in progress: update refuses, nothing changes' - <<\EOT
	setup &&
	make_conflict_branches &&
	git checkout -q side &&
	test_must_fail git rebase "$main" >/dev/null 2>&1 &&
	test -d .git/rebase-merge -o -d .git/rebase-apply &&
	snapshot &&
	test_expect_code 2 checkin 2>../err &&
	grep -i rebase ../err &&
	unchanged &&
	test -d .git/rebase-merge -o -d .git/rebase-apply
EOT

test_expect_success 'a cherry-pick in progress: update refuses' - <<\EOT
	setup &&
	make_conflict_branches &&
	test_must_fail git cherry-pick side >/dev/null 2>&1 &&
	test -f .git/CHERRY_PICK_HEAD &&
	snapshot &&
	test_expect_code 2 checkin 2>/dev/null &&
	unchanged
EOT

test_expect_success 'after the merge is finished, update works again' - <<\EOT
	setup &&
	make_conflict_branches &&
	test_must_fail git merge side >/dev/null &&
	printf 'line 1\nboth\n' >notes.txt && git add notes.txt &&
	git commit -q --no-edit &&
	merge=$(git rev-parse HEAD) &&
	checkin &&
	test "$(git rev-parse HEAD~1)" = "$merge" &&
	git fsck --strict
EOT

test_done
