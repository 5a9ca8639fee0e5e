#!/bin/bash
# run-check.sh: how `okr check` compares with the floor it cannot beat:
# libyaml alone parsing the same 10,000 files (yaml-parse.c), median of
# alternated runs of each.
#
# usage: run-check.sh [--okr PATH] [--runs 5] [--work DIR] [--seed 1]
# exit: 0 measured, 1 measured but okr check found errors, 2 could not measure.

set -euo pipefail
source "$(dirname "$0")/lib.sh"

okr_arg='' runs=5 work=/tmp/okr-bench seed=1 as_of=2026-12-20

bench_options "$@"

parser="$work/yaml-parse"
if [ ! -x "$parser" ] || [ "$bench_dir/yaml-parse.c" -nt "$parser" ]; then
	# shellcheck disable=SC2046 # pkg-config's output is meant to split
	cc -O2 -o "$parser" "$bench_dir/yaml-parse.c" \
		$(pkg-config --cflags --libs yaml-0.1) || die "cannot build yaml-parse.c (libyaml-dev installed?)"
fi
repo=$(gen_org 0 "$seed" "$work")
nfiles=$(find "$repo" -name .git -prune -o -name '*.yaml' -print | wc -l)

echo "okr check benchmark: $okr ($("$okr" --version 2>/dev/null || echo "version unknown")),"
echo "  $nfiles YAML files, $(nproc) CPUs, $runs alternated runs per command after one warm-up each, seed $seed"

okr_cmd=("$okr" -C "$repo" check --as-of "$as_of")
base_cmd=("$parser" "$repo")
status=0
rc=0
warm_up "okr check" "${okr_cmd[@]}" || rc=$?
case $rc in
0) ;;
1)	# check answered "errors found": still a full check, so time it,
	# but the generated organisation should be valid.
	echo "  (the timings below are of a check that found errors; gen-org.py or okr check has a bug)"
	status=1 ;;
*) exit 2 ;;
esac
warm_up "libyaml baseline" "${base_cmd[@]}" || exit 2

b=() o=()
for ((i = 0; i < runs; i++)); do
	b+=("$(time_us "${base_cmd[@]}")") || die "yaml-parse failed"
	o+=("$(ok_rc=1 time_us "${okr_cmd[@]}")") || die "okr check failed"
done
bm=$(median "${b[@]}") om=$(median "${o[@]}")
rss=$(peak_rss_kib "${okr_cmd[@]}")
echo "  libyaml runs (us) ${b[*]}; okr check runs (us) ${o[*]}"
echo
awk -v b="$bm" -v o="$om" -v r="$rss" 'BEGIN {
	printf "libyaml parse only (median): %8.3f s\n", b / 1e6
	printf "okr check (median):          %8.3f s\n", o / 1e6
	printf "ratio okr check / libyaml:   %8.2f\n", (b > 0 ? o / b : 0)
	printf "okr check peak RSS:          %8.1f MiB\n", r / 1024 }'
exit "$status"
