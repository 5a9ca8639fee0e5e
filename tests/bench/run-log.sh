#!/bin/bash
# run-log.sh: how `okr log <objective>` scales with history: times it
# against the plain `git log` of the same objective's file, at several
# history sizes, and checks the issue's targets (ratio, memory, linear
# growth). The objective is the first of the quarter's first team.
#
# usage: run-log.sh [--okr PATH] [--sizes "1000 10000 100000"] [--runs 5]
#                   [--work DIR] [--seed 1] [--pack gc|fast-import]
# exit: 0 all targets met, 1 a target missed, 2 could not measure.

set -euo pipefail
source "$(dirname "$0")/lib.sh"

okr_arg='' sizes="1000 10000 100000" runs=5 work=/tmp/okr-bench seed=1
quarter=2026-Q4 as_of=2026-12-20

bench_options "$@"

echo "okr log benchmark: $okr ($("$okr" --version 2>/dev/null || echo "version unknown")),"
echo "  $(git --version), $(nproc) CPUs, $runs alternated runs per command after one warm-up each, seed $seed, $pack pack"

declare -A git_us okr_us cold_us rss_kib cold_kib walk_us
for n in $sizes; do
	repo=$(gen_org "$n" "$seed" "$work")
	file=$(cd "$repo" && find "$quarter" -name '*.yaml' | sort | sed -n 1p)
	[ -n "$file" ] || die "no objective file in $repo/$quarter"
	okr_cmd=("$okr" -C "$repo" log "${file%.yaml}" --as-of "$as_of")
	git_cmd=(git -C "$repo" log -- "$file")
	# the floor of a first run: reading every commit of the history once,
	# which any reader of a file's history must do and okr log's first
	# run does (the commit cache spares the next runs)
	walk_cmd=(git -C "$repo" rev-list --first-parent HEAD)

	warm_up "okr log" "${okr_cmd[@]}" || exit 2
	warm_up "git log" "${git_cmd[@]}" || exit 2

	# warm: the commit cache the previous run left; cold: deleted first
	g=() o=() c=() v=()
	for ((i = 0; i < runs; i++)); do
		g+=("$(time_us "${git_cmd[@]}")") || die "git log failed at N=$n"
		v+=("$(time_us "${walk_cmd[@]}")") || die "git rev-list failed at N=$n"
		o+=("$(time_us "${okr_cmd[@]}")") || die "okr log failed at N=$n"
		drop_commit_cache "$repo"
		c+=("$(time_us "${okr_cmd[@]}")") || die "okr log failed at N=$n"
	done
	git_us[$n]=$(median "${g[@]}")
	okr_us[$n]=$(median "${o[@]}")
	cold_us[$n]=$(median "${c[@]}")
	walk_us[$n]=$(median "${v[@]}")
	rss_kib[$n]=$(peak_rss_kib "${okr_cmd[@]}")
	drop_commit_cache "$repo"
	cold_kib[$n]=$(peak_rss_kib "${okr_cmd[@]}")
	echo "  N=$n ($file): git log runs (us) ${g[*]}; okr log runs (us) ${o[*]}; cold ${c[*]};" \
	     "git rev-list --first-parent ${v[*]}"
done

history_table "okr log"
ratio_verdict "okr log" warm 0.3
ratio_verdict "okr log" cold 0.3
awk -v g="${git_us[$big]}" -v w="${walk_us[$big]}" -v c="${cold_us[$big]}" 'BEGIN {
	printf "  floor:  git rev-list --first-parent HEAD (every commit read once) = %.2f x git log;" \
	       " okr log cold = %.2f x that floor\n", (g > 0 ? w / g : 0), (w > 0 ? c / w : 0) }'
rss_and_growth_verdicts "okr log"
exit "$fail"
