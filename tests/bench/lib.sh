# shellcheck shell=bash
# lib.sh: what run-report.sh and run-check.sh share: finding okr, making (or
# reusing) a generated organisation, and timing a command without hyperfine.
# Sourced, not run.

export LC_ALL=C			# EPOCHREALTIME and awk must use '.' for decimals
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
	echo "$(basename "$0"): error: $*" >&2
	exit 2
}

# bench_options ARGS...: the options the runners share, into variables of
# their names: --okr (okr_arg), --runs, --work, --seed, --pack, and --sizes,
# --commits, --copy for a runner that set a default for that variable
# (another runner refuses them); -h prints the usage lines of the
# runner's header comment. Then $okr is the binary and $work exists.
bench_options() {
	local name
	name=$(basename "$0")
	while [ $# -gt 0 ]; do
		case $1 in
		--okr) okr_arg=${2:?}; shift 2 ;;
		--runs) runs=${2:?}; shift 2 ;;
		--work) work=${2:?}; shift 2 ;;
		--seed) seed=${2:?}; shift 2 ;;
		--pack) pack=${2:?}; shift 2 ;;
		--sizes|--commits|--copy)
			if ! declare -p "${1#--}" >/dev/null 2>&1; then
				echo "$name: unknown option '$1'" >&2
				bench_usage
			fi
			printf -v "${1#--}" '%s' "${2:?}"
			shift 2 ;;
		-h|--help) bench_usage ;;
		*) echo "$name: unknown option '$1'" >&2; bench_usage ;;
		esac
	done
	[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"
	case ${pack:=gc} in
	gc|fast-import) ;;
	*) die "--pack wants gc or fast-import, not '$pack'" ;;
	esac
	local n
	for n in ${sizes:-} ${commits:-}; do
		[[ $n =~ ^[0-9]+$ ]] || die "--sizes and --commits want numbers, not '$n'"
	done
	okr=$(find_okr "$okr_arg")
	mkdir -p "$work"
}

# bench_usage: the runner's "# usage:" lines, up to "# exit:", on stderr; exit 2.
bench_usage() {
	sed -n '/^# usage: /,/^# exit:/{/^# exit:/d; s/^# //p}' "$0" >&2
	exit 2
}

# find_okr [PATH]: print the okr binary to use: PATH, else okr on $PATH,
# else the lead's meson build of this tree (build/cmd/okr).
find_okr() {
	local c
	if [ -n "${1:-}" ]; then
		[ -x "$1" ] || die "'$1' is not an executable"
		echo "$1"
		return
	fi
	for c in "$(command -v okr 2>/dev/null || true)" \
		 "$bench_dir/../../build/cmd/okr" "$bench_dir/../../build/okr"; do
		if [ -n "$c" ] && [ -x "$c" ]; then
			echo "$c"
			return
		fi
	done
	die "no okr binary found; build it (meson setup build && ninja -C build) and pass --okr build/cmd/okr"
}

# gen_org N SEED WORK: print the path of a generated repository with N
# check-in commits, packed as $pack says (gc or fast-import, see
# gen-org.py), generating it unless a complete one is already there.
gen_org() {
	local n=$1 seed=$2 work=$3
	local dir="$work/org-n$n-s$seed"
	[ "${pack:-gc}" = gc ] || dir="$dir-$pack"
	# The marker sits outside the repository (an untracked file inside
	# would be read by okr check) and names the pack layout: a repository
	# generated before gen-org.py repacked is made again.
	if [ -f "$dir.ok" ] && [ -d "$dir/.git" ] && [ "$(cat "$dir.ok")" = "pack=${pack:-gc}" ]; then
		echo "reusing $dir" >&2
	else
		rm -rf "$dir" "$dir.ok"
		python3 "$bench_dir/gen-org.py" --out "$dir" --commits "$n" \
			--seed "$seed" --pack "${pack:-gc}" >&2 || die "gen-org.py failed for N=$n"
		echo "pack=${pack:-gc}" >"$dir.ok"
	fi
	echo "$dir"
}

# time_us CMD...: run CMD with stdout and stderr discarded; print its wall
# time in microseconds. bash's EPOCHREALTIME costs no fork, so the clock
# adds nothing measurable even to a 5 ms git log. Fails when CMD fails
# with an exit status other than 0 or $ok_rc.
time_us() {
	local t0 t1 rc=0
	t0=${EPOCHREALTIME/./}
	"$@" >/dev/null 2>&1 || rc=$?
	t1=${EPOCHREALTIME/./}
	[ "$rc" -eq 0 ] || [ "$rc" -eq "${ok_rc:-0}" ] || return "$rc"
	echo $((t1 - t0))
}

# drop_commit_cache REPO: delete okr's commit cache (.git/okr-commit-cache),
# for a cold run: the first okr history command in a repository reads every
# commit from git and writes it. A cache: deleting it is always safe.
drop_commit_cache() {
	rm -f "$1/.git/okr-commit-cache"
}

# time_cpu_us CMD...: as time_us, but print "WALL CPU": the wall time and
# the user + system time of CMD and its children, in microseconds (bash's
# time keyword, to the millisecond; no subshell in the timed interval). On
# a loaded machine the CPU time moves less than the wall time. Uses
# $cpu_file (a temporary file made on first use; the caller removes it).
time_cpu_us() {
	local t0 t1 rc=0 cpu TIMEFORMAT='%3U %3S'
	: "${cpu_file:=$(mktemp)}"
	t0=${EPOCHREALTIME/./}
	{ time "$@" >/dev/null 2>&1 || rc=$?; } 2>"$cpu_file"
	t1=${EPOCHREALTIME/./}
	[ "$rc" -eq 0 ] || [ "$rc" -eq "${ok_rc:-0}" ] || return "$rc"
	read -r cpu <"$cpu_file"
	echo "$((t1 - t0)) $(awk -v u="${cpu% *}" -v s="${cpu#* }" 'BEGIN { printf "%d", (u + s) * 1e6 }')"
}

# median V...: the median of integers (mean of the middle two for an even count).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 }
		END { if (NR % 2) print a[(NR + 1) / 2];
		      else printf "%d\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# secs US: microseconds as seconds with 3 decimals.
secs() {
	awk -v u="$1" 'BEGIN { printf "%.3f", u / 1e6 }'
}

# peak_rss_kib CMD...: the peak resident set size of CMD in KiB.
peak_rss_kib() {
	local out
	if [ -x /usr/bin/time ]; then
		out=$(mktemp)
		/usr/bin/time -f %M -o "$out" "$@" >/dev/null 2>&1 || true
		tail -n 1 "$out"
		rm -f "$out"
	else
		python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
	fi
}

# warm_up WHAT CMD...: run CMD once (stdout discarded) to fill the caches.
# When it fails, say so with its stderr and return 2 when it is a
# subcommand okr does not have yet (exit 2, "unknown command" or, as okr's
# dispatcher says it like git, "'report' is not an okr command"), else 1.
warm_up() {
	local what=$1 err rc=0
	shift
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	[ "$rc" -eq 0 ] && return 0
	if [ "$rc" -eq 2 ] && printf '%s' "$err" | grep -qiE "unknown command|is not an okr command"; then
		echo "$what: not implemented in this okr yet ($*: exit 2: $err)"
		return 2
	fi
	echo "$what: failed with exit $rc: $*"
	printf '%s\n' "$err" | head -n 10 | sed 's/^/  /'
	return 1
}

# ---- what run-report.sh and run-log.sh print after their runs ----
# Both fill, per size N of $sizes, git_us, okr_us (warm), cold_us,
# rss_kib and cold_kib (associative arrays); fail collects misses.

# history_table WHAT: the table of medians, ratios and peak RSS per N.
history_table() {
	local what=$1 n
	echo
	echo "warm: okr's commit cache in place (every run after the first); cold: deleted before the run"
	printf '%9s  %14s  %12s  %7s  %12s  %7s  %13s  %13s\n' N "git log median" "$what warm" \
		"ratio" "cold" "ratio" "warm peak RSS" "cold peak RSS"
	for n in $sizes; do
		awk -v n="$n" -v g="${git_us[$n]}" -v o="${okr_us[$n]}" -v c="${cold_us[$n]}" \
		    -v r="${rss_kib[$n]}" -v rc="${cold_kib[$n]}" 'BEGIN {
			printf "%9d  %12.3f s  %10.3f s  %7.2f  %10.3f s  %7.2f  %9.1f MiB  %9.1f MiB\n",
				n, g / 1e6, o / 1e6, (g > 0 ? o / g : 0), c / 1e6, (g > 0 ? c / g : 0),
				r / 1024, rc / 1024 }'
	done
	echo
	# the targets are about the largest history measured (100,000 by default)
	# shellcheck disable=SC2086 # sizes is a list on purpose
	read -r -a all <<<"$(printf '%s\n' $sizes | sort -n | tr '\n' ' ')"
	small=${all[0]} big=${all[${#all[@]} - 1]}
	fail=0
	echo "targets at N=$big:"
}

verdict() {	# verdict OK|NO TEXT
	if [ "$1" = OK ]; then
		echo "  met:    $2"
	else
		echo "  MISSED: $2"
		fail=1
	fi
}

# ratio_verdict WHAT KIND TARGET [WHY]: okr's median (KIND warm or cold)
# over git's at the largest N, against TARGET.
ratio_verdict() {
	local what=$1 kind=$2 target=$3 why=${4:+, $4} o ratio ok
	if [ "$kind" = warm ]; then o=${okr_us[$big]}; else o=${cold_us[$big]}; fi
	ratio=$(awk -v g="${git_us[$big]}" -v o="$o" 'BEGIN { printf "%.2f", (g > 0 ? o / g : 0) }')
	ok=$(awk -v g="${git_us[$big]}" -v o="$o" -v t="$target" 'BEGIN { print (o <= t * g) ? "OK" : "NO" }')
	verdict "$ok" "$what / git log = $ratio, $kind (target <= $target$why)"
}

# rss_and_growth_verdicts WHAT: peak RSS at most 100 MiB, warm and cold;
# time no worse than linear from the smallest N to the largest.
rss_and_growth_verdicts() {
	local what=$1 kind r mib ok growth
	for kind in warm cold; do
		if [ $kind = warm ]; then r=${rss_kib[$big]}; else r=${cold_kib[$big]}; fi
		mib=$(awk -v r="$r" 'BEGIN { printf "%.1f", r / 1024 }')
		ok=$(awk -v r="$r" 'BEGIN { print (r <= 100 * 1024) ? "OK" : "NO" }')
		verdict "$ok" "$what peak RSS = $mib MiB, $kind (target <= 100 MiB)"
	done
	if [ "$small" != "$big" ] && [ "$small" -gt 0 ]; then
		# Time growth over history growth: <= 1 is linear or better.
		# Fixed costs (loading 10,000 files) flatter it at small N.
		growth=$(awk -v a="${okr_us[$small]}" -v b="${okr_us[$big]}" -v m="$small" -v n="$big" \
			'BEGIN { printf "%.3f", (b / a) / (n / m) }')
		ok=$(awk -v x="$growth" 'BEGIN { print (x <= 1) ? "OK" : "NO" }')
		verdict "$ok" "$what time grew $(awk -v a="${okr_us[$small]}" -v b="${okr_us[$big]}" \
			'BEGIN { printf "%.1f", b / a }')x for ${big}/${small} = $((big / small))x the commits: factor $growth (target <= 1, linear or better)"
	else
		echo "  (growth not measured: give --sizes at least two positive sizes)"
	fi
}
