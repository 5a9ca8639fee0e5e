#!/bin/bash
test_description='okr check survives every case of the YAML test suite'
. "$(dirname "$0")/lib.sh"

# Each case's in.yaml becomes an objective file of a fresh repository. The
# YAML may be anything (valid or not, anchors, tags, odd encodings): okr may
# accept or refuse it, but must exit 0, 1 or 2 in bounded time and memory,
# and a refusal names a place. The repositories skip `git init`, which
# `okr check` does not need and which would cost most of the minute.

SUITE=$OKR_SOURCE_ROOT/../shared/yaml-test-suite
if ! test -d "$SUITE"; then
	test_skip_all 'no ../shared/yaml-test-suite'
fi
SUITE=$(cd "$SUITE" && pwd)
export SUITE

(cd "$SUITE" && find . -name in.yaml | sed 's|^\./||' | sort) >"$TEST_TMP/cases"
ncases=$(wc -l <"$TEST_TMP/cases")
if test "$ncases" -eq 0; then
	test_skip_all 'no in.yaml in ../shared/yaml-test-suite'
fi
export CASES=$TEST_TMP/cases

# $1, $2: the first and last line of $CASES to run. Prints one line per
# case that goes wrong; fails when there is one.
run_cases() {
	local c n=0 rc bad=0

	sed -n "$1,$2p" "$CASES" >list &&
	while read -r c; do
		n=$((n + 1))
		mkdir -p r$n/2026-Q4/t &&
		printf 'organisation: Test AS\n' >r$n/okr.yaml &&
		cp "$SUITE/$c" r$n/2026-Q4/t/case.yaml || return 1
		run_limited okr -C r$n check --as-of 2026-10-05 >out 2>err
		rc=$?
		case $rc in
		0) ;;
		1)
			if ! grep -Eq '^2026-Q4/t/case\.yaml:[0-9]+:[0-9]+: (error|warning): ' out; then
				echo "$c: exit 1 without a placed diagnostic:"
				head -n 3 out err
				bad=1
			fi ;;
		2) ;;
		124) echo "$c: timed out"; bad=1 ;;
		*) echo "$c: exit $rc"; head -n 3 err; bad=1 ;;
		esac
		rm -rf r$n
	done <list
	test $bad = 0
}

i=1
while test $i -le "$ncases"; do
	last=$((i + 49))
	test $last -gt "$ncases" && last=$ncases
	test_expect_success "cases $i-$last of $ncases: exit 0, 1 or 2, never a crash or a hang" "
		run_cases $i $last
	"
	i=$((last + 1))
done

test_done
