# lib.sh: the helpers of okr's end-to-end tests, git's t/test-lib.sh in small.
# Each t*.sh script sources this file, runs the real binary in throw-away
# repositories and prints TAP, which `meson test --suite cli` reads.
#
# A test script:
#
#	#!/bin/bash
#	test_description='okr check reports errors'
#	. "$(dirname "$0")/lib.sh"
#
#	test_expect_success 'a clean repository passes' '
#		make_repo . &&
#		okr check >out &&
#		test_must_be_empty out
#	'
#	test_expect_success 'an unknown key is an error' - <<\EOT
#		make_repo . &&
#		echo "colour: red" >>okr.yaml &&
#		echo "okr.yaml:2:1: error: unknown key 'colour' in okr.yaml" >expect &&
#		test_expect_code 1 okr check >actual &&
#		test_cmp expect actual
#	EOT
#	test_done
#
# Every test body runs with `eval` in a subshell whose working folder is a
# fresh, empty trash folder ($TRASH_DIRECTORY, below the script's temporary
# folder $TEST_TMP), so nothing leaks from one test to the next. Chain every
# step with && (git's style): the test passes when the body's last status
# is 0. The body's stdout and stderr are kept and shown (as TAP comments)
# only when it fails. $TEST_TMP is removed at the end unless a test failed
# or -d was given.
#
# Run a script directly (`OKR=build/cmd/okr bash tests/cli/t0100-...sh`)
# or through meson, which sets OKR, OKR_SOURCE_ROOT and OKR_BUILD_ROOT.
# Options: -v (show every test's output), -d (keep the temporary folder),
# -i (stop at the first failure).
#
# Helpers:
#	test_expect_success DESC BODY	one TAP test; BODY "-" reads the body from
#					stdin, so a here-document body may hold '
#					(its EOT line starts at column 0)
#	test_skip DESC REASON		"ok N # skip DESC (REASON)", git's wording
#	test_skip_all REASON		"1..0 # skip REASON" and exit (before any test)
#	test_done			"1..N", clean up, exit 1 if a test failed
#	test_expect_code N CMD...	CMD must exit with exactly N (never a signal)
#	test_must_fail CMD...		CMD must exit with 1 or 2 (a refusal, not a crash)
#	test_cmp EXPECTED ACTUAL	diff -u; fails when the files differ
#	test_must_be_empty FILE		FILE exists and is empty
#	test_grep PATTERN FILE		grep -e PATTERN FILE, showing FILE when it does not match
#	test_line_count OP N FILE	e.g. test_line_count = 3 out
#	okr ARGS...			the okr under test ("$OKR")
#	run_limited CMD...		CMD under `timeout 20` and a 1 GiB address-space
#					limit (no limit when OKR_ASAN=1 or okr links libasan);
#					`run_limited okr ...` runs "$OKR"
#	make_repo DIR			DIR with a minimal valid okr.yaml, and `git init`
#	make_objective FILE [LEVEL [PARENT]]
#					a small valid objective file (owner "Test Team",
#					one metric key result updated 2026-11-20 when FILE
#					is in 2026-Q4: use an --as-of within 7 days of that
#					to get no warning)
#	$TEST_FIXTURES			tests/cli/fixtures, for files too big for a heredoc
#
# The environment is made deterministic: HOME=$TEST_TMP, TZ=UTC,
# LC_ALL=C.UTF-8, GIT_CONFIG_NOSYSTEM=1, fixed GIT_AUTHOR_*/GIT_COMMITTER_*,
# no NO_COLOR, no GITHUB_ACTIONS, TERM=dumb (set TERM yourself to test colour).

# ---- where things are ----

TEST_NAME=$(basename "$0" .sh)
TEST_DIRECTORY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TEST_FIXTURES=$TEST_DIRECTORY/fixtures
: "${OKR_SOURCE_ROOT:=$(cd "$TEST_DIRECTORY/../.." && pwd)}"
if test -z "$OKR" && test -n "$OKR_BUILD_ROOT"; then
	OKR=$OKR_BUILD_ROOT/cmd/okr
fi
if test -z "$OKR" || ! test -x "$OKR"; then
	echo "Bail out! OKR is not set to an okr executable (got '${OKR}')"
	exit 1
fi
case "$OKR" in
/*) ;;
*) OKR=$(pwd)/$OKR ;;
esac
export OKR OKR_SOURCE_ROOT OKR_BUILD_ROOT

# ASan reserves terabytes of address space: no ulimit -v there.
if test -z "$OKR_ASAN" && command -v ldd >/dev/null 2>&1 &&
   ldd "$OKR" 2>/dev/null | grep -q libasan; then
	OKR_ASAN=1
fi

verbose= debug= immediate=
for arg in "$@"; do
	case "$arg" in
	-v|--verbose) verbose=t ;;
	-d|--debug) debug=t ;;
	-i|--immediate) immediate=t ;;
	esac
done

# ---- a deterministic environment ----

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/okr-$TEST_NAME.XXXXXX") || {
	echo "Bail out! cannot create a temporary folder"
	exit 1
}
export HOME=$TEST_TMP
export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL='author@example.com'
export GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL='committer@example.com'
export TZ=UTC LC_ALL=C.UTF-8 TERM=dumb
unset NO_COLOR GITHUB_ACTIONS GITLAB_CI CI LANG LANGUAGE
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset VISUAL EDITOR GIT_EDITOR

test_count=0
test_failed=0

# ---- running tests ----

say_output() {
	# $1: file; shown as TAP comments so a TAP reader does not choke
	test -s "$1" && sed 's/^/# /' "$1"
}

test_expect_success() {
	if test $# -ne 2; then
		echo "Bail out! test_expect_success needs DESC and BODY"
		exit 1
	fi
	local body=$2
	if test "$body" = -; then
		body=$(cat)
	fi
	test_count=$((test_count + 1))
	TRASH_DIRECTORY=$TEST_TMP/trash.$test_count
	mkdir -p "$TRASH_DIRECTORY"
	local out=$TEST_TMP/out.$test_count err=$TEST_TMP/err.$test_count
	local t0=$SECONDS status
	(
		cd "$TRASH_DIRECTORY" || exit 1
		eval "$body"
	) >"$out" 2>"$err" </dev/null
	status=$?
	if test $status -eq 0; then
		echo "ok $test_count - $1"
		if test -n "$verbose"; then
			say_output "$out"
			say_output "$err"
		fi
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#	/' <<<"$body"
		echo "# exit status $status; stdout:"
		say_output "$out"
		echo "# stderr:"
		say_output "$err"
		if test -n "$immediate"; then
			test_done
		fi
	fi
	if test $((SECONDS - t0)) -gt 2; then
		echo "# slow: test $test_count took $((SECONDS - t0)) seconds"
	fi
	rm -f "$out" "$err"
	return 0
}

test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1 ($2)"
}

test_skip_all() {
	echo "1..0 # skip $1"
	rm -rf "$TEST_TMP"
	exit 0
}

test_done() {
	echo "1..$test_count"
	if test $test_failed -eq 0; then
		test -n "$debug" || rm -rf "$TEST_TMP"
		exit 0
	fi
	echo "# failed $test_failed of $test_count; kept $TEST_TMP"
	exit 1
}

# ---- assertions ----

test_expect_code() {
	local want=$1 got
	shift
	"$@"
	got=$?
	if test $got -ge 128; then
		echo "test_expect_code: killed by signal $((got - 128)): $*" >&2
		return 1
	fi
	if test $got -eq 124 && test "$want" -ne 124; then
		echo "test_expect_code: timed out (exit 124), wanted $want: $*" >&2
		return 1
	fi
	if test $got -ne "$want"; then
		echo "test_expect_code: exit $got, wanted $want: $*" >&2
		return 1
	fi
	return 0
}

test_must_fail() {
	local got
	"$@"
	got=$?
	case $got in
	1|2) return 0 ;;
	0) echo "test_must_fail: succeeded unexpectedly: $*" >&2 ;;
	124) echo "test_must_fail: timed out: $*" >&2 ;;
	*) if test $got -ge 128; then
		echo "test_must_fail: killed by signal $((got - 128)): $*" >&2
	   else
		echo "test_must_fail: exit $got, wanted 1 or 2: $*" >&2
	   fi ;;
	esac
	return 1
}

test_cmp() {
	diff -u "$1" "$2" >&2
}

test_must_be_empty() {
	if ! test -f "$1"; then
		echo "test_must_be_empty: '$1' does not exist" >&2
		return 1
	fi
	if test -s "$1"; then
		echo "test_must_be_empty: '$1' is not empty, it contains:" >&2
		cat "$1" >&2
		return 1
	fi
}

test_grep() {
	if ! grep -e "$1" "$2" >/dev/null; then
		echo "test_grep: no match for '$1' in '$2', which contains:" >&2
		cat "$2" >&2
		return 1
	fi
}

test_line_count() {
	local n
	n=$(wc -l <"$3")
	if ! test "$n" "$1" "$2"; then
		echo "test_line_count: $3 has $n lines, wanted $1 $2:" >&2
		cat "$3" >&2
		return 1
	fi
}

# ---- running okr ----

okr() {
	"$OKR" "$@"
}

run_limited() {
	if test "$1" = okr; then
		shift
		set -- "$OKR" "$@"
	fi
	(
		if test -z "$OKR_ASAN"; then
			ulimit -v 1048576 || exit 125
		fi
		exec timeout -k 5 20 "$@"
	)
}

# ---- fixtures ----

make_repo() {
	mkdir -p "$1" &&
	printf 'organisation: Test AS\n' >"$1/okr.yaml" &&
	git init -q "$1"
}

# state_save FILE / state_same FILE: HEAD, the index and FILE's bytes
# before a command, and that a refused command left all three as they were
# (run in the repository; the copies go to ..).
state_save() {
	git rev-parse HEAD >../head.before &&
	git ls-files --stage >../index.before &&
	cp "$1" ../file.before
}

state_same() {
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	git ls-files --stage >../index.after &&
	test_cmp ../index.before ../index.after &&
	cmp ../file.before "$1"
}

# A valid team-less objective in 2026-Q4 (or wherever FILE is), with one
# metric key result checked in on 2026-11-20.
make_objective() {
	mkdir -p "$(dirname "$1")" &&
	{
		printf 'objective: Test objective\n'
		printf 'level: %s\n' "${2:-company}"
		printf 'owner: Test Team\n'
		test -z "$3" || printf 'parent: %s\n' "$3"
		printf 'key_results:\n'
		printf '  - id: kr\n'
		printf '    title: A key result\n'
		printf '    start: 0\n'
		printf '    target: 10\n'
		printf '    current: 5\n'
		# updated: within its period only (okr check warns otherwise)
		case "$1" in
		*2026-Q4/*) printf '    updated: 2026-11-20\n' ;;
		esac
	} >"$1"
}
