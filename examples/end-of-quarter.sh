#!/bin/bash
# end-of-quarter.sh: the quarter's end, walked through on Nordlys Software
# AS. Copies examples/nordlys/ into a temporary git repository, then shows
# each command of the quarter's end and plan changes with its output:
# okr close (final scores, closed: in okr.yaml), a closed quarter passing
# okr check --strict years later, okr update --score in the closed quarter,
# okr carry into the next quarter, and in the running quarter a moved
# target, a dropped key result and a renamed one (okr mv); then the final
# report's grades and what was carried, and the moved target's mark.
#
# usage: examples/end-of-quarter.sh      (okr from $OKR, else ./build/cmd/okr)
#        KEEP=1 examples/end-of-quarter.sh   keeps the repository, says where

set -euo pipefail

source "$(dirname "$0")/demo-lib.sh"
demo_start end-of-quarter.sh nordlys-end
export GIT_AUTHOR_NAME='Kari Nordmann' GIT_AUTHOR_EMAIL='kari@nordlys.no'
export GIT_COMMITTER_NAME='Kari Nordmann' GIT_COMMITTER_EMAIL='kari@nordlys.no'

cp -R "$here/nordlys/." "$repo/"
cd "$repo"
git init -q
git add .
GIT_AUTHOR_DATE=2026-09-30T16:00:00+02:00 GIT_COMMITTER_DATE=2026-09-30T16:00:00+02:00 \
	git commit -q -m "Nordlys OKRs"

# Show a command, then run it.
run() {
	local a line=okr
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_./#:=-]*) line="$line \"$a\"" ;;
		*) line="$line $a" ;;
		esac
	done
	printf '\n$ %s\n' "$line"
	"$okr" "$@" 2>&1 || printf '(exit %d)\n' "$?"
}

echo "# The quarter's end at Nordlys Software AS"

# 1. Close 2026-Q3 on the Friday after it ended: every key result gets its
#    final score, okr.yaml records the day, one commit.
run close 2026-Q3 --date 2026-10-02 -m "Q3 retrospective held on 2 October"
printf '\n$ git show --stat HEAD | tail -n 4\n'
git show --stat --format= HEAD | tail -n 4
printf '\n$ sed -n "/closed:/,+1p" okr.yaml\n'
sed -n '/closed:/,+1p' okr.yaml

# 2. A closed quarter is final: nothing stale or overdue, at any date.
run check --strict --as-of 2029-01-01 2026-Q3/platform/faster-booking-api.yaml

# 3. Check-ins are refused there; a grade can still be adjusted, with a reason.
run update 2026-Q3/growth/trial-conversion#pricing-page done
run update 2026-Q3/growth/thea-seo#organic-visits --score 0.7 \
	-m "Late-attributed signups from the September campaign"

# 4. Carry what is unfinished: a done key result is refused; an objective's
#    unfinished ones are copied, starting where they stood (its parent did
#    not go on into Q4, so the copy has none, and okr says so).
run carry 2026-Q3/mobile/sigrid-accessibility#screen-reader-test
run carry 2026-Q3/mobile/sigrid-accessibility \
	-m "Accessibility work continues in Q4"

# 5. Plan changes in the running quarter, each one commit with its trailer.
run update 2026-Q4/platform/instant-platform#p95-latency --target 250 \
	-m "The new SLA from sales is 250 ms" --date 2026-11-20
run mv 2026-Q4/platform/instant-platform#p95-latency \
	2026-Q4/platform/instant-platform#p95
printf '\n$ git log -6 --format="%%s%%n%%(trailers:key=Okr-Target,key=Okr-Renamed,key=Okr-Carried,key=Okr-Close,key=Okr-Score)"\n'
git log --format='%s%n%(trailers:key=Okr-Target,key=Okr-Renamed,key=Okr-Carried,key=Okr-Close,key=Okr-Score)' -6 |
	sed '/^$/d'
printf '\n$ cat 2026-Q4/mobile/sigrid-accessibility.yaml\n'
cat 2026-Q4/mobile/sigrid-accessibility.yaml

# 6. The final report of 2026-Q3: grades instead of pace, and what was
#    carried into 2026-Q4; in 2026-Q4's report the moved target is marked
#    on its row with the old value and the day.
"$okr" report 2026-Q3 >"$repo/.git/q3-report.md"
printf '\n$ okr report 2026-Q3 | sed -n "/^## Alignment/,/^## Objectives/p" | sed "\\$d"\n'
sed -n '/^## Alignment/,/^## Objectives/p' "$repo/.git/q3-report.md" | sed '$d'
printf '$ okr report 2026-Q3 | sed -n "/^## Carried into/,/^## Follow-up/p" | sed "\\$d"\n'
sed -n '/^## Carried into/,/^## Follow-up/p' "$repo/.git/q3-report.md" | sed '$d'
rm -f "$repo/.git/q3-report.md"
printf '\n$ okr report 2026-Q4 --as-of 2026-11-26 | grep "changed from"\n'
"$okr" report 2026-Q4 --as-of 2026-11-26 | grep "changed from"

if test -n "${KEEP:-}"; then
	echo
	echo "end-of-quarter.sh: the repository is kept at $repo"
fi
