#!/bin/bash
test_description='okr close, carry, mv and new run the pre-commit and commit-msg hooks, and --no-verify skips them, as git commit does'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

# $1: hook name, stdin: its body (after #!/bin/sh)
hook() {
	mkdir -p .git/hooks &&
	{ echo '#!/bin/sh'; cat; } >".git/hooks/$1" &&
	chmod +x ".git/hooks/$1"
}

# Each command that commits, as "name args...", on make_quarter's
# repository (2026-Q3 ends on 2026-09-30).
commands() {
	cat <<-\C
	close 2026-Q3 --date 2026-10-02
	carry 2026-Q3/ship#users --to 2026-Q4
	mv 2026-Q3/ship#users ship#active-users
	mv 2026-Q3/ship company/launch
	new 2026-Q3/t/y --objective New --owner Test-Team --kr K:_0_->_1 --date 2026-09-21
	C
}

# The command line of commands(), "_" in --kr's value standing for a space.
run_okr() {
	local a args=()
	for a in "$@"
	do
		case "$a" in K:*) a=${a//_/ } ;; esac
		args+=("$a")
	done
	okr "${args[@]}"
}

test_expect_success 'a failing pre-commit hook stops each command: exit 2, the hook named, nothing changed' - <<\EOT
	make_quarter &&
	hook pre-commit <<-\H &&
	git diff --cached --name-only >>../pre-commit.saw; echo "pre-commit says no" >&2; exit 3
	H
	commands | while read -r cmd
	do
		snapshot &&
		test_expect_code 2 run_okr $cmd >../out 2>../err &&
		test_grep 'pre-commit says no' ../err &&
		test_grep "okr: error: the pre-commit hook '.*/.git/hooks/pre-commit' failed (exit 3)" ../err &&
		test_must_be_empty ../out &&
		unchanged || { echo "okr $cmd" >&2; return 1; }
	done &&
	test_line_count -ge 5 ../pre-commit.saw
EOT

test_expect_success 'a failing commit-msg hook stops each command, and sees the Okr- trailers' - <<\EOT
	make_quarter &&
	hook commit-msg <<-\H &&
	grep '^Okr-' "$1" >>../commit-msg.saw; exit 1
	H
	commands | while read -r cmd
	do
		snapshot &&
		test_expect_code 2 run_okr $cmd >../out 2>../err &&
		test_grep "commit-msg hook .* failed (exit 1)" ../err &&
		unchanged || { echo "okr $cmd" >&2; return 1; }
	done &&
	test_grep '^Okr-Close: 2026-Q3' ../commit-msg.saw &&
	test_grep '^Okr-Carried: 2026-Q3/ship#users -> 2026-Q4/ship#users' ../commit-msg.saw &&
	test_grep '^Okr-Renamed: 2026-Q3/ship#users -> 2026-Q3/ship#active-users' ../commit-msg.saw
EOT

test_expect_success '--no-verify: each command commits past failing pre-commit and commit-msg hooks; post-commit still runs' - <<\EOT
	make_quarter &&
	hook pre-commit <<-\H &&
	exit 1
	H
	hook commit-msg <<-\H &&
	exit 1
	H
	hook post-commit <<-\H &&
	git log -1 --format=%s >>../post-commit.ran
	H
	commands | while read -r cmd
	do
		git reset -q --hard &&
		git clean -qfd &&
		snapshot &&
		run_okr $cmd --no-verify >../out &&
		grep -q '^\[master [0-9a-f]*\] okr: \|^created ' ../out &&
		git rev-parse HEAD~1 >../parent &&
		test_cmp ../head.before ../parent &&
		git status --porcelain --untracked-files=all >../status.out &&
		test_must_be_empty ../status.out &&
		git_fsck_clean &&
		git log -1 --format=%s >../subject &&
		tail -n 1 ../post-commit.ran >../post &&
		test_cmp ../subject ../post &&
		git reset -q --hard HEAD~1 || { echo "okr $cmd --no-verify" >&2; return 1; }
	done &&
	test_line_count = 5 ../post-commit.ran
EOT

test_expect_success 'the option is in each command synopsis, man page and completion' - <<\EOT
	make_repo . &&
	for c in new close carry mv
	do
		okr $c -h >out &&
		grep -q -e '--no-verify' out &&
		grep -e '^\*--no-verify\*' "$OKR_SOURCE_ROOT/man/okr-$c.1.scd" &&
		okr __complete $c --no >out &&
		grep -q -e '^--no-verify	' out ||
		{ echo "okr $c" >&2; return 1; }
	done
EOT

test_done
