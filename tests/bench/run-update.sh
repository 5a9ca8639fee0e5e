#!/bin/bash
# run-update.sh: what one check-in costs on a large repository: `okr update`
# of one key result on a copy of the generated organisation, against
# `git add` + `git commit` of the same kind of edit to the same file, and
# against the libgit2 floor (update-floor.c: open, read the index, write a
# blob, update one tree path, commit, move the branch, write the index).
# The runs alternate okr, git and the floor, after one warm-up each; every
# run makes a commit on the copy. Medians of wall time (the target: okr
# <= 0.3 x git) and of CPU time (user + system, steadier under load).
#
# usage: run-update.sh [--okr PATH] [--runs 11] [--work DIR] [--seed 1] [--pack gc|fast-import]
#                      [--commits 100000] [--copy DIR]
# exit: 0 the target met, 1 missed, 2 could not measure.

set -euo pipefail
source "$(dirname "$0")/lib.sh"

okr_arg='' runs=11 work=/tmp/okr-bench seed=1 commits=100000 copy=''
quarter=2026-Q4 quarter_end=2026-12-31

bench_options "$@"
src=$(gen_org "$commits" "$seed" "$work")

# The copy every run commits on; the generated repository stays as it is.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/okr-update.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
repo=${copy:-$scratch/repo}
[ ! -e "$repo" ] || die "'$repo' exists; --copy wants a new folder"
cp -a "$src" "$repo"
cc -O2 -o "$scratch/update-floor" "$bench_dir/update-floor.c" -lgit2 ||
	die "cannot build update-floor.c (a C compiler and libgit2's headers are needed)"

# The check-in day: today, or the quarter's last day once it is over (a
# check-in is never dated after today, nor outside its period).
day=$(date +%F)
[[ $day > $quarter_end ]] && day=$quarter_end
[[ $day < ${quarter%-Q4}-10-01 ]] && die "today ($day) is before $quarter: no check-in day to measure with"

# The first metric key result of an aligned objective of the quarter (one
# with a parent, which a check-in reads too) last checked in on or before
# that day (a check-in never rewinds a newer one).
read -r file kr < <(cd "$repo" && find "$quarter" -name '*.yaml' | sort |
	xargs awk -v day="$day" '
		FNR == 1 { id = ""; cur = 0; parent = 0 }
		/^parent: / { parent = 1 }
		/^  - id: / { id = $3; cur = 0 }
		/^    current: / { cur = 1 }
		/^    updated: / && parent && cur && $2 <= day { print FILENAME, id; exit }') ||
	die "no metric key result in $quarter updated on or before $day"
[ -n "${kr:-}" ] || die "no metric key result in $quarter updated on or before $day"
ref="${file%.yaml}#$kr"

# edit V: the file as a check-in of V on that day leaves it.
edit() {
	awk -v kr="$kr" -v v="$1" -v day="$day" '
		/^  - id: / { in_kr = ($3 == kr) }
		in_kr && /^    current: / { $0 = "    current: " v }
		in_kr && /^    updated: / { $0 = "    updated: " day }
		{ print }' "$repo/$file"
}

okr_cmd() { "$okr" -C "$repo" update "$ref" "$1" --date "$day"; }
# git_cmd V: the edit outside the clock, as a user's editor makes it, then
# git add and git commit timed ("WALL CPU", both summed).
git_cmd() {
	local a b
	edit "$1" >"$scratch/new" && cp "$scratch/new" "$repo/$file" &&
	a=$(time_cpu_us git -C "$repo" add "$file") &&
	b=$(time_cpu_us git -C "$repo" commit -q -m "okr: $ref -> $1" -m "Okr-Ref: $ref
Okr-Value: $1") &&
	echo "$((${a% *} + ${b% *})) $((${a#* } + ${b#* }))"
}
floor_cmd() {
	edit "$1" >"$scratch/new" &&
	time_cpu_us "$scratch/update-floor" "$repo" "$file" <"$scratch/new"
}

nfiles=$(git -C "$repo" ls-files | wc -l)
echo "okr update benchmark: $okr ($("$okr" --version 2>/dev/null || echo "version unknown")),"
echo "  $(git --version), $(nproc) CPUs, $nfiles files in the index, $commits commits, seed $seed, $pack pack"
echo "  check-in: okr update $ref <value> --date $day, $runs alternated runs after one warm-up each"

warm_up "okr update" okr_cmd 1 || exit 2
git_cmd 2 >/dev/null || die "git add + git commit failed"
floor_cmd 3 >/dev/null || die "update-floor failed"

cpu_file=$scratch/cpu
ow=() oc=() gw=() gc=() fw=() fc=()
v=100
for ((i = 0; i < runs; i++, v += 3)); do	# a new value each run
	read -r w c < <(time_cpu_us okr_cmd $v) || die "okr update failed (run $i)"
	ow+=("$w") oc+=("$c")
	read -r w c < <(git_cmd $((v + 1))) || die "git add + git commit failed (run $i)"
	gw+=("$w") gc+=("$c")
	read -r w c < <(floor_cmd $((v + 2))) || die "update-floor failed (run $i)"
	fw+=("$w") fc+=("$c")
done
[ -z "$(git -C "$repo" status --porcelain)" ] || die "the copy is not clean after the runs"
rss=$(peak_rss_kib "$okr" -C "$repo" update "$ref" $v --date "$day")
opened=''
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=openat,open -o "$scratch/trace" \
		"$okr" -C "$repo" update "$ref" $((v + 1)) --date "$day" >/dev/null 2>&1
	opened=$(grep -c -v ENOENT "$scratch/trace" || true)
fi

echo "  okr update wall (us):           ${ow[*]}"
echo "  git add + git commit wall (us): ${gw[*]}"
echo "  libgit2 floor wall (us):        ${fw[*]}"
echo
git_med=$(median "${gw[@]}") okr_med=$(median "${ow[@]}") floor_med=$(median "${fw[@]}")
awk -v g="$git_med" -v o="$okr_med" -v f="$floor_med" \
    -v gc="$(median "${gc[@]}")" -v oc="$(median "${oc[@]}")" -v fc="$(median "${fc[@]}")" \
    -v r="$rss" -v n="$opened" 'BEGIN {
	printf "%-22s %11s %7s %11s %7s\n", "", "wall median", "/ git", "CPU median", "/ git"
	printf "%-22s %8.1f ms %7.2f %8.1f ms %7.2f\n", "git add + git commit", g / 1e3, 1, gc / 1e3, 1
	printf "%-22s %8.1f ms %7.2f %8.1f ms %7.2f\n", "okr update", o / 1e3, o / g, oc / 1e3, oc / gc
	printf "%-22s %8.1f ms %7.2f %8.1f ms %7.2f\n", "libgit2 floor", f / 1e3, f / g, fc / 1e3, fc / gc
	printf "okr update peak RSS: %.1f MiB", r / 1024
	if (n != "") printf "; files it opens: %d", n
	printf "\n\n" }'

ratio=$(awk -v g="$git_med" -v o="$okr_med" 'BEGIN { printf "%.2f", (g > 0 ? o / g : 0) }')
if awk -v g="$git_med" -v o="$okr_med" 'BEGIN { exit !(o <= 0.3 * g) }'; then
	echo "  met:    okr update / (git add + git commit) = $ratio (target <= 0.3)"
	exit 0
fi
echo "  MISSED: okr update / (git add + git commit) = $ratio (target <= 0.3;" \
     "the libgit2 floor alone is $(awk -v g="$git_med" -v f="$floor_med" 'BEGIN { printf "%.2f", f / g }'))"
exit 1
