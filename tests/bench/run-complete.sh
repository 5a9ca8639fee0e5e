#!/bin/bash
# run-complete.sh: how long one TAB takes on a large repository: the
# generated organisation of 10,000 objective files (2,500 in the period
# completed), through the bash completion function, as a shell runs it
# (okr __complete, started by _okr from `okr completion bash`). Median of
# runs after one warm-up; the target is 0.1 s.
#
# usage: run-complete.sh [--okr PATH] [--runs 11] [--work DIR] [--seed 1] [--pack gc|fast-import] [--commits 100000]
# exit: 0 measured and within 0.1 s, 1 measured but slower, 2 could not measure.

set -euo pipefail
source "$(dirname "$0")/lib.sh"

okr_arg='' runs=11 work=/tmp/okr-bench seed=1 commits=100000 date=2026-12-20

bench_options "$@"
repo=$(gen_org "$commits" "$seed" "$work")
nfiles=$(find "$repo" -name .git -prune -o -name '*.yaml' -print | wc -l)

# The script calls "okr" as the shell finds it: put this one first on PATH.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$(cd "$(dirname "$okr")" && pwd)/$(basename "$okr")" "$bin/okr"
"$okr" completion bash >"$bin/okr.bash" || die "okr completion bash failed"

echo "okr completion benchmark: $okr ($("$okr" --version 2>/dev/null || echo "version unknown")),"
echo "  $nfiles YAML files, $runs runs per line after one warm-up, seed $seed, $pack pack"

# tab WORD...: one TAB on "okr WORD..." (the last word being completed),
# timed inside one bash: the time of _okr alone, in microseconds, and
# the number of candidates.
tab() {
	(cd "$repo" && PATH=$bin:$PATH bash -c '
		source "$1/okr.bash"
		shift
		COMP_WORDS=(okr "$@")
		COMP_CWORD=$#
		t0=${EPOCHREALTIME/./}
		_okr
		t1=${EPOCHREALTIME/./}
		echo "$((t1 - t0)) ${#COMPREPLY[@]}"
	' tab "$bin" "$@")
}

status=0
for line in "update --date $date ''" "update --date $date team-01" \
	    "update --date $date team-012/obj-01#" "list --owner ''"; do
	eval "set -- $line"
	tab "$@" >/dev/null
	times=()
	for ((i = 0; i < runs; i++)); do
		read -r us n < <(tab "$@")
		times+=("$us")
	done
	m=$(median "${times[@]}")
	printf '  okr %-42s %s s  (%s candidates)\n' "$line<TAB>" "$(secs "$m")" "$n"
	[ "$m" -le 100000 ] || status=1
done
exit $status
