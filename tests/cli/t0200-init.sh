#!/bin/bash
test_description='okr init: okr.yaml, the git repository and the first commit'
. "$(dirname "$0")/lib.sh"

git_clean() {
	git fsck --strict &&
	git status --porcelain >"$TRASH_DIRECTORY/status" &&
	test_must_be_empty "$TRASH_DIRECTORY/status"
}

test_expect_success 'in an empty folder: a git repository and one commit' - <<\EOT
	mkdir org && cd org &&
	okr init --organisation "Nordlys Software AS" \
		--ambassador "Kari Nordmann <kari@example.com>" &&
	test -d .git &&
	git rev-list --count HEAD >../count &&
	echo 1 >../count.expect &&
	test_cmp ../count.expect ../count &&
	git show --name-only --format= HEAD >../names &&
	echo okr.yaml >../names.expect &&
	test_cmp ../names.expect ../names &&
	git show HEAD:okr.yaml >../committed &&
	cmp ../committed okr.yaml &&
	git log -1 --format=%s >../subject &&
	test_grep '^okr: ' ../subject &&
	git_clean &&
	okr check >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'okr.yaml holds the organisation and the ambassadors' - <<\EOT
	mkdir org && cd org &&
	okr init --organisation "Nordlys Software AS" \
		--ambassador "Kari Nordmann <kari@example.com>" \
		--ambassador "Ingrid Sæther <ingrid@example.com>" &&
	grep -x 'organisation: Nordlys Software AS' okr.yaml &&
	grep -x '  - Kari Nordmann <kari@example.com>' okr.yaml &&
	grep -x '  - Ingrid Sæther <ingrid@example.com>' okr.yaml &&
	okr check >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'an organisation name that needs quoting reads back' - <<\EOT
	mkdir org && cd org &&
	okr init --organisation "ACME: \"Rockets\" # & more" &&
	okr check >../out &&
	test_must_be_empty ../out &&
	grep -F 'Rockets' okr.yaml
EOT

test_expect_success 'without --organisation the folder name is used' - <<\EOT
	mkdir nordlys && cd nordlys &&
	okr init &&
	grep -x 'organisation: nordlys' okr.yaml &&
	okr check >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'in a git-initialised empty repository: the first commit' - <<\EOT
	git init -q org && cd org &&
	branch=$(git symbolic-ref HEAD) &&
	okr init --organisation "Test AS" &&
	test "$(git symbolic-ref HEAD)" = "$branch" &&
	git rev-parse --verify -q "$branch" &&
	git rev-list --count HEAD >../count &&
	echo 1 >../count.expect &&
	test_cmp ../count.expect ../count &&
	git_clean
EOT

test_expect_success 'the first commit leaves no dangling object for git fsck' - <<\EOT
	mkdir org && cd org &&
	okr init --organisation "Test AS" &&
	git fsck --strict >../fsck 2>&1 &&
	test_must_be_empty ../fsck
EOT

test_expect_success 'okr init where okr.yaml exists: exit 2, nothing changed' - <<\EOT
	make_repo org && cd org &&
	git add okr.yaml && git commit -q -m first &&
	cp okr.yaml ../okr.before &&
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 okr init --organisation Other 2>../err &&
	test_grep '^okr: error: .*okr.yaml' ../err &&
	cmp ../okr.before okr.yaml &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git_clean
EOT

test_expect_success 'okr init where an uncommitted okr.yaml exists: nothing changed' - <<\EOT
	mkdir org && cd org &&
	printf '# mine\norganisation: Mine\n' >okr.yaml &&
	cp okr.yaml ../okr.before &&
	test_expect_code 2 okr init --organisation Other 2>/dev/null &&
	cmp ../okr.before okr.yaml &&
	! test -e .git
EOT

test_expect_success 'an ambassador not written "Name <email>" is refused' - <<\EOT
	mkdir org && cd org &&
	test_expect_code 2 okr init --ambassador "just a name" 2>../err &&
	test_grep '^okr: error: ' ../err &&
	! test -e okr.yaml &&
	! test -e .git
EOT

test_expect_success 'usage errors change nothing' - <<\EOT
	mkdir org && cd org &&
	test_expect_code 2 okr init --bogus 2>/dev/null &&
	test_expect_code 2 okr init extra-argument 2>/dev/null &&
	ls -A >../ls &&
	test_must_be_empty ../ls
EOT

test_expect_success 'in a sub-folder of a bigger repository: commits sub/okr.yaml only' - <<\EOT
	git init -q big && cd big &&
	echo one >README && echo keep >notes.txt &&
	git add . && git commit -q -m project &&
	echo two >>README && git add README &&
	echo unstaged >>notes.txt && cp notes.txt ../notes.before &&
	mkdir okr && cd okr &&
	okr init --organisation "Test AS" &&
	cd .. &&
	test ! -e okr/.git &&
	git show --name-only --format= HEAD >../names &&
	echo okr/okr.yaml >../names.expect &&
	test_cmp ../names.expect ../names &&
	git diff --cached --name-only >../cached &&
	echo README >../cached.expect &&
	test_cmp ../cached.expect ../cached &&
	cmp ../notes.before notes.txt &&
	git rev-list --count HEAD >../count &&
	echo 2 >../count.expect &&
	test_cmp ../count.expect ../count &&
	git fsck --strict
EOT

test_expect_success 'okr -C names the folder to initialise' - <<\EOT
	mkdir org &&
	okr -C org init --organisation "Test AS" &&
	test -f org/okr.yaml &&
	! test -e okr.yaml &&
	git -C org show --name-only --format= HEAD >names &&
	echo okr.yaml >names.expect &&
	test_cmp names.expect names
EOT

test_expect_success 'author and committer come from the environment' - <<\EOT
	mkdir org && cd org &&
	GIT_AUTHOR_NAME="Ann Author" GIT_AUTHOR_EMAIL=ann@example.com \
	GIT_AUTHOR_DATE="@1795165200 +0100" \
	GIT_COMMITTER_NAME="Con Committer" GIT_COMMITTER_EMAIL=con@example.com \
	GIT_COMMITTER_DATE="@1795172400 -0500" \
		okr init --organisation "Test AS" &&
	git log -1 --format="%an <%ae> %ad %cn <%ce> %cd" --date=raw >../who &&
	echo "Ann Author <ann@example.com> 1795165200 +0100 Con Committer <con@example.com> 1795172400 -0500" >../who.expect &&
	test_cmp ../who.expect ../who
EOT

test_done
