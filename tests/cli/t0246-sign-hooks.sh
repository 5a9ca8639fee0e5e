#!/bin/bash
test_description='okr commits as git commit does: signed with commit.gpgsign, through the hooks'
. "$(dirname "$0")/lib.sh"

setup() {
	make_repo repo && cd repo &&
	make_objective 2026-Q4/t/x.yaml &&
	git add . && git commit -q -m setup
}


unchanged() {
	state_same 2026-Q4/t/x.yaml &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
}

# $1: hook name, stdin: its body (after #!/bin/sh)
hook() {
	mkdir -p .git/hooks &&
	{ echo '#!/bin/sh'; cat; } >".git/hooks/$1" &&
	chmod +x ".git/hooks/$1"
}

# ---- hooks ----

test_expect_success 'pre-commit sees the change staged, from the top of the work tree' - <<\EOT
	setup &&
	hook pre-commit <<-\H &&
	{ pwd; echo "index=$GIT_INDEX_FILE"; git show :2026-Q4/t/x.yaml | grep current:; } >../pre-commit.out
	H
	mkdir -p 2026-Q4/t && cd 2026-Q4/t &&
	okr update x#kr 7 --date 2026-11-20 &&
	cd ../.. &&
	cat ../pre-commit.out &&
	test "$(sed -n 1p ../pre-commit.out)" = "$PWD" &&
	test_grep 'current: 7' ../pre-commit.out &&
	git log -1 --format=%s >../subject &&
	test_grep '5 -> 7' ../subject
EOT

test_expect_success 'a failing pre-commit hook: exit 2, nothing changed, the hook named' - <<\EOT
	setup &&
	state_save 2026-Q4/t/x.yaml &&
	hook pre-commit <<-\H &&
	echo "pre-commit says no" >&2; exit 3
	H
	test_expect_code 2 okr update x#kr 7 --date 2026-11-20 2>../err &&
	cat ../err &&
	test_grep 'pre-commit says no' ../err &&
	test_grep "okr: error: the pre-commit hook '.*/.git/hooks/pre-commit' failed (exit 3)" ../err &&
	test_grep 'nothing was changed' ../err &&
	unchanged
EOT

test_expect_success 'commit-msg gets the message file and may change the message' - <<\EOT
	setup &&
	hook commit-msg <<-\H &&
	test -f "$1" && grep -q '^Okr-Ref: 2026-Q4/t/x#kr$' "$1" &&
	printf '\nReviewed-by: Hook <hook@example.com>\n' >>"$1"
	H
	okr update x#kr 7 --date 2026-11-20 &&
	git log -1 --format=%B >../msg &&
	cat ../msg &&
	test_grep '^Reviewed-by: Hook <hook@example.com>$' ../msg &&
	test_grep '^Okr-Value: 7$' ../msg
EOT

test_expect_success 'a failing commit-msg hook: exit 2, nothing changed' - <<\EOT
	setup &&
	state_save 2026-Q4/t/x.yaml &&
	hook commit-msg <<-\H &&
	exit 1
	H
	test_expect_code 2 okr update x#kr 7 --date 2026-11-20 2>../err &&
	test_grep 'commit-msg hook .* failed (exit 1)' ../err &&
	unchanged
EOT

test_expect_success 'post-commit runs after the commit; its failure changes nothing' - <<\EOT
	setup &&
	hook post-commit <<-\H &&
	git rev-parse HEAD >../post-commit.head; exit 1
	H
	okr update x#kr 7 --date 2026-11-20 &&
	git rev-parse HEAD >../head &&
	test_cmp ../head ../post-commit.head
EOT

test_expect_success '--no-verify skips pre-commit and commit-msg, not post-commit' - <<\EOT
	setup &&
	hook pre-commit <<-\H &&
	exit 1
	H
	hook commit-msg <<-\H &&
	exit 1
	H
	hook post-commit <<-\H &&
	touch ../post-commit.ran
	H
	okr update x#kr 7 --date 2026-11-20 --no-verify &&
	test -e ../post-commit.ran &&
	okr new 2026-Q4/t/y --objective New --owner "Test Team" --kr "K: 0 -> 1" --no-verify &&
	git cat-file -e HEAD:2026-Q4/t/y.yaml
EOT

test_expect_success 'okr new: a failing pre-commit leaves no file' - <<\EOT
	setup &&
	hook pre-commit <<-\H &&
	exit 1
	H
	test_expect_code 2 okr new 2026-Q4/t/y --objective New --owner "Test Team" --kr "K: 0 -> 1" 2>../err &&
	test_grep 'pre-commit hook' ../err &&
	! test -e 2026-Q4/t/y.yaml &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

test_expect_success 'core.hooksPath (relative to the top) is where hooks are' - <<\EOT
	setup &&
	mkdir myhooks &&
	printf '#!/bin/sh\necho from-hooks-path >&2; exit 1\n' >myhooks/pre-commit &&
	chmod +x myhooks/pre-commit &&
	git add myhooks && git commit -q -m hooks &&
	git config core.hooksPath myhooks &&
	hook pre-commit <<-\H &&
	exit 0
	H
	state_save 2026-Q4/t/x.yaml &&
	test_expect_code 2 okr update x#kr 7 --date 2026-11-20 2>../err &&
	test_grep from-hooks-path ../err &&
	unchanged
EOT

test_expect_success 'a hook that is not executable is ignored, with git'"'"'s hint' - <<\EOT
	setup &&
	hook pre-commit <<-\H &&
	exit 1
	H
	chmod -x .git/hooks/pre-commit &&
	okr update x#kr 7 --date 2026-11-20 2>../err &&
	test_grep "hint: The '.*pre-commit' hook was ignored because it's not set as executable" ../err
EOT

test_expect_success 'okr close goes through the same hooks: a failing one changes no file' - <<\EOT
	. "$TEST_DIRECTORY/quarter-lib.sh" &&
	make_quarter &&
	git rev-parse HEAD >../head.before &&
	find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum >../tree.before &&
	hook pre-commit <<-\H &&
	exit 1
	H
	test_expect_code 2 okr close 2026-Q3 --date 2026-10-02 2>../err &&
	test_grep 'pre-commit hook' ../err &&
	find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum >../tree.after &&
	test_cmp ../tree.before ../tree.after &&
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	git status --porcelain >../status &&
	test_must_be_empty ../status &&
	rm .git/hooks/pre-commit &&
	hook post-commit <<-\H &&
	touch ../post-commit.ran
	H
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	test -e ../post-commit.ran &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

# ---- signing ----

if ! command -v ssh-keygen >/dev/null; then
	test_skip 'ssh signing' 'no ssh-keygen (openssh-client)'
else
test_expect_success 'commit.gpgsign with gpg.format ssh: a signature git verifies' - <<\EOT
	setup &&
	ssh-keygen -q -t ed25519 -N "" -C test -f ../key &&
	echo "committer@example.com namespaces=\"git\" $(cat ../key.pub)" >../allowed &&
	git config gpg.format ssh &&
	git config user.signingkey "$PWD/../key" &&
	git config gpg.ssh.allowedSignersFile "$PWD/../allowed" &&
	git config commit.gpgsign true &&
	okr update x#kr 7 --date 2026-11-20 &&
	git cat-file commit HEAD >../raw &&
	test_grep '^gpgsig -----BEGIN SSH SIGNATURE-----' ../raw &&
	git verify-commit HEAD 2>../verify &&
	cat ../verify &&
	test_grep 'Good "git" signature for committer@example.com' ../verify &&
	git fsck --strict
EOT

test_expect_success 'an ssh key that cannot sign: exit 2, nothing changed, never unsigned' - <<\EOT
	setup &&
	state_save 2026-Q4/t/x.yaml &&
	git config gpg.format ssh &&
	git config user.signingkey "$PWD/../no-such-key" &&
	git config commit.gpgsign true &&
	test_expect_code 2 okr update x#kr 7 --date 2026-11-20 2>../err &&
	cat ../err &&
	test_grep 'okr: error: cannot sign the commit' ../err &&
	unchanged
EOT
fi

if ! command -v gpg >/dev/null; then
	test_skip 'openpgp signing' 'no gpg (gnupg)'
else
test_expect_success 'commit.gpgsign with gpg (a throw-away GNUPGHOME): git verifies it' - <<\EOT
	setup &&
	export GNUPGHOME=$TEST_TMP/gnupg &&
	mkdir -p -m 700 "$GNUPGHOME" &&
	gpg --batch --quiet --passphrase "" --quick-generate-key \
		"C O Mitter <committer@example.com>" ed25519 sign never 2>/dev/null &&
	git config commit.gpgsign true &&
	okr update x#kr 7 --date 2026-11-20 &&
	git cat-file commit HEAD >../raw &&
	test_grep '^gpgsig -----BEGIN PGP SIGNATURE-----' ../raw &&
	git verify-commit HEAD 2>../verify &&
	test_grep 'Good signature from "C O Mitter <committer@example.com>"' ../verify &&
	git config gpg.program "$TEST_TMP/no-such-gpg" &&
	state_save 2026-Q4/t/x.yaml &&
	test_expect_code 2 okr update x#kr 8 --date 2026-11-20 2>../err &&
	cat ../err &&
	test_grep 'cannot sign the commit' ../err &&
	unchanged
EOT

test_expect_success 'a gpg that fails: its words shown, exit 2, nothing changed' - <<\EOT
	setup &&
	printf '#!/bin/sh\necho "gpg: signing failed: No secret key" >&2\nexit 2\n' >../fakegpg &&
	chmod +x ../fakegpg &&
	git config gpg.program "$PWD/../fakegpg" &&
	git config commit.gpgsign true &&
	state_save 2026-Q4/t/x.yaml &&
	test_expect_code 2 okr update x#kr 7 --date 2026-11-20 2>../err &&
	cat ../err &&
	test_grep 'gpg: signing failed: No secret key' ../err &&
	test_grep 'okr: error: cannot sign the commit: .*fakegpg failed to sign the data' ../err &&
	unchanged
EOT
fi

test_done
