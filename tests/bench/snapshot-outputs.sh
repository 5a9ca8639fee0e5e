#!/bin/bash
# snapshot-outputs.sh: what okr's history readers print (report, agenda,
# log, list, status, check) on one repository, one file per command line,
# so a refactor can be shown to keep every byte: run it with the old and
# the new binary and diff the two folders.
#
# usage: snapshot-outputs.sh OKR REPO OUTDIR
#        (REPO: e.g. KEEP=1 examples/play-quarter.sh's repository, or
#         gen-org.py's; OUTDIR is created)

set -uo pipefail
[ $# -eq 3 ] || { sed -n 's/^# usage: /usage: /p' "$0" >&2; exit 2; }
okr=$1 repo=$2 out=$3
mkdir -p "$out"
export TZ=Europe/Oslo LC_ALL=C.UTF-8 NO_COLOR=1

n=0
# snap NAME ARGS...: okr's stdout, stderr and exit status in OUTDIR/NAME
snap() {
	local name=$1
	shift
	"$okr" -C "$repo" "$@" >"$out/$name.out" 2>"$out/$name.err"
	echo "exit $?" >>"$out/$name.err"
	n=$((n + 1))
}

periods=$(cd "$repo" && ls -d 20??-Q? 2>/dev/null)
last=$(echo "$periods" | tail -n 1)
for d in 2026-10-15 2026-11-26 2026-12-20; do
	snap "report-$last-$d.md" report "$last" --as-of "$d"
	snap "report-$last-$d.json" report "$last" --as-of "$d" --format json
	snap "agenda-$d.md" agenda --as-of "$d"
	snap "list-$d.tsv" list --as-of "$d"
	snap "status-$d.txt" status --as-of "$d"
done
snap "report-2026-10.md" report 2026-10 --as-of 2026-11-26
snap "report-2026-11.json" report 2026-11 --as-of 2026-11-26 --format json
snap "check.json" check --as-of 2026-11-26 --format json

# okr log: every objective of the last period (at most 40) and one key
# result of each
i=0
for f in $(cd "$repo/$last" && find . -name '*.yaml' | sort | head -n 40); do
	id=${f#./}
	id=${id%.yaml}
	snap "log-${id//\//_}" log "$last/$id"
	kr=$(sed -n 's/^  - id: *//p' "$repo/$last/$id.yaml" | head -n 1)
	[ -n "$kr" ] && snap "log-${id//\//_}#$kr" log "$last/$id#$kr"
	i=$((i + 1))
done
echo "snapshot-outputs.sh: $n outputs in $out"
